import CArb
import ExactArithmetic
import RealModule

extension Certified: ElementaryFunctions {
    /// f(x) for a ball function; `points` lists the arguments where f is rational (exp(0) = 1),
    /// so those stay exact.
    @inline(__always)
    static func apply(
        _ x: Certified, exactAt points: [(Rational, Rational)] = [], _ f: (arb_ptr, arb_srcptr, Int) -> Void
    ) -> Certified {
        if let v = x.exactValue, let point = points.first(where: { $0.0 == v }) { return Certified(point.1) }
        // A transcendental function of an exact value starts a ball at the context's precision.
        let b = x.ball()
        // The argument's ball must outlive the call that reads it (it may be a temporary).
        return withExtendedLifetime(b) { ballResult(precision: b.precision) { r, p in f(r, b.pointer, p) } }
    }

    static func atZero(_ value: Rational) -> [(Rational, Rational)] { [(0, value)] }

    /// e^x (exactly 1 at 0).
    public static func exp(_ x: Certified) -> Certified { apply(x, exactAt: atZero(1)) { arb_exp($0, $1, $2) } }
    /// e^x − 1 (exactly 0 at 0).
    public static func expMinusOne(_ x: Certified) -> Certified {
        apply(x, exactAt: atZero(0)) { arb_expm1($0, $1, $2) }
    }
    /// cosh x (exactly 1 at 0).
    public static func cosh(_ x: Certified) -> Certified { apply(x, exactAt: atZero(1)) { arb_cosh($0, $1, $2) } }
    /// sinh x (exactly 0 at 0).
    public static func sinh(_ x: Certified) -> Certified { apply(x, exactAt: atZero(0)) { arb_sinh($0, $1, $2) } }
    /// tanh x (exactly 0 at 0).
    public static func tanh(_ x: Certified) -> Certified { apply(x, exactAt: atZero(0)) { arb_tanh($0, $1, $2) } }
    /// cos x (exactly 1 at 0).
    public static func cos(_ x: Certified) -> Certified { apply(x, exactAt: atZero(1)) { arb_cos($0, $1, $2) } }
    /// sin x (exactly 0 at 0).
    public static func sin(_ x: Certified) -> Certified { apply(x, exactAt: atZero(0)) { arb_sin($0, $1, $2) } }
    /// tan x (exactly 0 at 0).
    public static func tan(_ x: Certified) -> Certified { apply(x, exactAt: atZero(0)) { arb_tan($0, $1, $2) } }
    /// log x (exactly 0 at 1); a ball that reaches 0 or below gives a ball that is not finite.
    public static func log(_ x: Certified) -> Certified {
        apply(x, exactAt: [(1, 0)]) { arb_log($0, $1, $2) }
    }
    /// log(1 + x) (exactly 0 at 0).
    public static func log(onePlus x: Certified) -> Certified {
        apply(x, exactAt: atZero(0)) { arb_log1p($0, $1, $2) }
    }
    /// acosh x (exactly 0 at 1).
    public static func acosh(_ x: Certified) -> Certified {
        apply(x, exactAt: [(1, 0)]) { arb_acosh($0, $1, $2) }
    }
    /// asinh x (exactly 0 at 0).
    public static func asinh(_ x: Certified) -> Certified { apply(x, exactAt: atZero(0)) { arb_asinh($0, $1, $2) } }
    /// atanh x (exactly 0 at 0).
    public static func atanh(_ x: Certified) -> Certified { apply(x, exactAt: atZero(0)) { arb_atanh($0, $1, $2) } }
    /// acos x (exactly 0 at 1).
    public static func acos(_ x: Certified) -> Certified {
        apply(x, exactAt: [(1, 0)]) { arb_acos($0, $1, $2) }
    }
    /// asin x (exactly 0 at 0).
    public static func asin(_ x: Certified) -> Certified { apply(x, exactAt: atZero(0)) { arb_asin($0, $1, $2) } }
    /// atan x (exactly 0 at 0).
    public static func atan(_ x: Certified) -> Certified { apply(x, exactAt: atZero(0)) { arb_atan($0, $1, $2) } }
    /// x^y = e^(y log x) for x > 0.
    public static func pow(_ x: Certified, _ y: Certified) -> Certified {
        if let n = y.exactValue, n.isInteger, let k = n.numerator.exactInt, Swift.abs(k) <= 4096 { return pow(x, k) }
        let p = Swift.max(x.ballPrecision ?? 0, y.ballPrecision ?? 0)
        let (a, b) = p == 0 ? (x.ball(), y.ball()) : (x.ball(precision: p), y.ball(precision: p))
        return withExtendedLifetime((a, b)) {
            ballResult(precision: a.precision) { r, p in arb_pow(r, a.pointer, b.pointer, p) }
        }
    }
    /// x^n: exact for exact x (x ≠ 0 when n < 0).
    public static func pow(_ x: Certified, _ n: Int) -> Certified {
        if let v = x.exactValue, !(v.isZero && n < 0) { return Certified(v.power(n)) }
        let b = x.ball()
        let power = withExtendedLifetime(b) {
            ballResult(precision: b.precision) { r, p in arb_pow_ui(r, b.pointer, UInt(n.magnitude), p) }
        }
        return n < 0 ? 1 / power : power
    }
    /// √x (exactly 0 and 1 at 0 and 1).
    public static func sqrt(_ x: Certified) -> Certified {
        apply(x, exactAt: [(0, 0), (1, 1)]) { arb_sqrt($0, $1, $2) }
    }
    /// The n-th root of x, n ≥ 1.
    public static func root(_ x: Certified, _ n: Int) -> Certified {
        apply(x, exactAt: [(0, 0), (1, 1)]) { arb_root_ui($0, $1, UInt(Swift.max(1, n)), $2) }
    }
}
