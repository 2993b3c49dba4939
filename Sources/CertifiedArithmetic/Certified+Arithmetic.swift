import CArb
import ExactArithmetic
import RealModule

extension Certified {
    /// A ball operation at the current precision.
    @inline(__always)
    static func ballResult(_ body: (arb_ptr, Int) -> Void) -> Certified {
        let result = Ball()
        body(result.pointer, CertifiedContext.current.precision)
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
        case .ball(let b): return Certified.ballResult { r, _ in arb_abs(r, b.pointer) }
        }
    }

    /// a + b: exact for exact operands.
    public static func + (a: Certified, b: Certified) -> Certified {
        switch (a.storage, b.storage) {
        case (.exact(let x), .exact(let y)): return Certified(x + y)
        case (.exact(let x), _) where x.isZero: return b
        case (_, .exact(let y)) where y.isZero: return a
        default:
            let (x, y) = (a.ball, b.ball)
            return ballResult { r, p in arb_add(r, x.pointer, y.pointer, p) }
        }
    }

    /// a − b: exact for exact operands.
    public static func - (a: Certified, b: Certified) -> Certified {
        switch (a.storage, b.storage) {
        case (.exact(let x), .exact(let y)): return Certified(x - y)
        case (_, .exact(let y)) where y.isZero: return a
        default:
            let (x, y) = (a.ball, b.ball)
            return ballResult { r, p in arb_sub(r, x.pointer, y.pointer, p) }
        }
    }

    /// a · b: exact for exact operands, and exactly 0 when either is exactly 0.
    public static func * (a: Certified, b: Certified) -> Certified {
        switch (a.storage, b.storage) {
        case (.exact(let x), .exact(let y)): return Certified(x * y)
        case (.exact(let x), _) where x.isZero: return a
        case (_, .exact(let y)) where y.isZero: return b
        case (.exact(let x), _) where x == 1: return b
        case (_, .exact(let y)) where y == 1: return a
        default:
            let (x, y) = (a.ball, b.ball)
            return ballResult { r, p in arb_mul(r, x.pointer, y.pointer, p) }
        }
    }

    /// a / b: exact for exact operands (b ≠ 0; the engine checks first). A ball divisor that
    /// contains 0 gives a ball that is not finite, which no digit can be certified from.
    public static func / (a: Certified, b: Certified) -> Certified {
        switch (a.storage, b.storage) {
        case (.exact(let x), .exact(let y)): return Certified(x / y)
        case (.exact(let x), _) where x.isZero: return a
        case (_, .exact(let y)) where y == 1: return a
        default:
            let (x, y) = (a.ball, b.ball)
            return ballResult { r, p in arb_div(r, x.pointer, y.pointer, p) }
        }
    }

    /// a = a + b.
    public static func += (a: inout Certified, b: Certified) { a = a + b }
    /// a = a − b.
    public static func -= (a: inout Certified, b: Certified) { a = a - b }
    /// a = a · b.
    public static func *= (a: inout Certified, b: Certified) { a = a * b }
    /// a = a / b.
    public static func /= (a: inout Certified, b: Certified) { a = a / b }

    /// −x.
    public static prefix func - (x: Certified) -> Certified {
        switch x.storage {
        case .exact(let v): return Certified(-v)
        case .ball(let b): return ballResult { r, _ in arb_neg(r, b.pointer) }
        }
    }

    /// 1/x, `nil` for exact 0 (a ball is always given one; it may not be finite).
    public var reciprocal: Certified? {
        if let x = exactValue { return x.isZero ? nil : Certified(1 / x) }
        return 1 / self
    }
}
