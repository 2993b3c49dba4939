import CertifiedArithmetic
import ExactArithmetic

extension Certified: NetworkScalar {
    /// Bits of an exact value; for a ball, its working precision (its size is fixed by it).
    public var storageBits: Int { exactValue?.bitLength ?? ballPrecisionBits }
    /// Whole limbs for exact values; as ``storageBits`` for balls.
    public var storageBitsBound: Int { exactValue?.bitLengthBound ?? ballPrecisionBits }
    /// Exact values grow.
    public static var hasFixedSize: Bool { false }
    /// The caller's `CertifiedContext` (precision, digits, the count of undecided comparisons).
    public static func callersContext() -> ScalarContext {
        let context = CertifiedContext.current
        return ScalarContext { body in context.run(body) }
    }

    /// The primitive's value, with softplus written as log(1 + e^x) (no branch: a ball around 0
    /// would otherwise leave the choice of formula undecided for nothing).
    public static func elementaryValue(_ function: Primitive, at x: Certified) -> Certified? {
        function == .softplus ? .log(onePlus: .exp(x)) : function.elementaryValue(at: x)
    }
}

extension Certified: RationalConvertible {
    /// The value itself, exactly.
    public init(nearest value: Rational) { self.init(value) }
    /// The name reports and the command line use.
    public static var scalarName: String { "certified" }
}

extension Certified {
    /// The float nearest to the enclosed number, when every point of the ball rounds to it.
    ///
    /// ```swift
    /// Certified.exp(Certified(1)).correctlyRounded(Double.self)   // 2.718281828459045
    /// ```
    public func correctlyRounded<F: RationalConvertible>(_: F.Type) -> F? {
        guard let (lower, upper) = bounds else { return nil }
        let (a, b) = (F(nearest: lower), F(nearest: upper))
        return a == b ? a : nil
    }

    /// A rational inside the ball (the midpoint of its bounds; the value itself when exact).
    var referenceValue: Rational {
        if let v = exactValue { return v }
        guard let (lower, upper) = bounds else { return 0 }
        return (lower + upper) / 2
    }
}
