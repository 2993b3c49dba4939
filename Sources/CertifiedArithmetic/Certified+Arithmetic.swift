import CArb
import ExactArithmetic
import RealModule

extension Certified {
    /// A ball operation at `precision` bits.
    @inline(__always)
    static func ballResult(precision: Int, _ body: (arb_ptr, Int) -> Void) -> Certified {
        let result = Ball.make(precision: precision)
        body(result.pointer, precision)
        return Certified(ball: result)
    }
}

extension Certified: AlgebraicField {
    /// |x| is a certified number too.
    public typealias Magnitude = Certified
    /// Integer literals are exact.
    public typealias IntegerLiteralType = Int

    /// Zero, exactly.
    public static var zero: Certified { Certified(Rational.zero) }

    /// An exact integer.
    public init(integerLiteral value: Int) { self.init(Rational(value)) }

    /// An exact integer, from any binary integer.
    public init?<T: BinaryInteger>(exactly source: T) {
        guard let value = Rational(exactly: source) else { return nil }
        self.init(value)
    }

    /// |x|.
    public var magnitude: Certified {
        switch storage {
        case .exact(let x): return Certified(x.magnitude)
        case .ball(let b): return Certified.ballResult(precision: b.precision) { r, _ in arb_abs(r, b.pointer) }
        }
    }

    /// a + b: exact for exact operands.
    public static func + (a: Certified, b: Certified) -> Certified { combine(a, b, .add) }
    /// a − b: exact for exact operands.
    public static func - (a: Certified, b: Certified) -> Certified { combine(a, b, .subtract) }
    /// a · b: exact for exact operands, and exactly 0 when either is exactly 0.
    public static func * (a: Certified, b: Certified) -> Certified { combine(a, b, .multiply) }
    /// a / b: exact for exact operands (b ≠ 0; the engine checks first). A ball divisor that
    /// contains 0 gives a ball that is not finite, which no digit can be certified from.
    public static func / (a: Certified, b: Certified) -> Certified { combine(a, b, .divide) }

    /// a = a + b, in a's ball when nothing else holds it.
    public static func += (a: inout Certified, b: Certified) { a.form(.add, b) }
    /// a = a − b, in a's ball when nothing else holds it.
    public static func -= (a: inout Certified, b: Certified) { a.form(.subtract, b) }
    /// a = a · b, in a's ball when nothing else holds it.
    public static func *= (a: inout Certified, b: Certified) { a.form(.multiply, b) }
    /// a = a / b, in a's ball when nothing else holds it.
    public static func /= (a: inout Certified, b: Certified) { a.form(.divide, b) }

    /// −x.
    public static prefix func - (x: Certified) -> Certified {
        switch x.storage {
        case .exact(let v): return Certified(-v)
        case .ball(let b): return ballResult(precision: b.precision) { r, _ in arb_neg(r, b.pointer) }
        }
    }

    /// 1/x, `nil` for exact 0 (a ball is always given one; it may not be finite).
    public var reciprocal: Certified? {
        if let x = exactValue { return x.isZero ? nil : Certified(1 / x) }
        return 1 / self
    }
}
