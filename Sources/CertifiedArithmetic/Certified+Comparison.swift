import CArb
import ExactArithmetic

extension Certified: Comparable {
    /// Equal only when certainly equal: two exact values that are equal, or two balls that are
    /// the same exact point. Equality never counts as undecided: the engine asks `!= 0` only to
    /// skip work, and dividing by a ball that contains 0 shows up as digits it cannot certify.
    public static func == (a: Certified, b: Certified) -> Bool {
        switch (a.storage, b.storage) {
        case (.exact(let x), .exact(let y)): return x == y
        case (.ball(let x), .exact(let v)), (.exact(let v), .ball(let x)):
            // A ball with a radius is never equal to a point; the common question is `!= 0`.
            guard arb_is_exact(x.pointer) != 0 else { return false }
            if v.isZero { return arb_is_zero(x.pointer) != 0 }
            let point = Ball.make(containing: v, precision: Swift.max(x.precision, v.bitLength + 64))
            return withExtendedLifetime(point) { exn_arb_equal_points(x.pointer, point.pointer) != 0 }
        case (.ball(let x), .ball(let y)): return exn_arb_equal_points(x.pointer, y.pointer) != 0
        }
    }

    /// -1 / 1 when a − b is certainly negative / positive, 0 when certainly zero, nil when the
    /// balls cannot tell (counted in ``CertifiedContext/current``).
    static func order(_ a: Certified, _ b: Certified) -> Int? {
        switch (a.storage, b.storage) {
        case (.exact(let x), .exact(let y)): return x < y ? -1 : (x == y ? 0 : 1)
        case (.ball(let x), .exact(let v)) where v.isZero: return sign(x)
        case (.exact(let v), .ball(let y)) where v.isZero: return sign(y).map { -$0 }
        default:
            let p = precision(a, b)
            return a.withArb(precision: p) { x in
                b.withArb(precision: p) { y in
                    if exn_arb_lt(x, y) != 0 { return -1 }
                    if exn_arb_gt(x, y) != 0 { return 1 }
                    if exn_arb_equal_points(x, y) != 0 { return 0 }
                    return nil
                }
            }
        }
    }

    static func sign(_ x: Ball) -> Int? {
        if arb_is_positive(x.pointer) != 0 { return 1 }
        if arb_is_negative(x.pointer) != 0 { return -1 }
        if arb_is_zero(x.pointer) != 0 { return 0 }
        return nil
    }

    @inline(__always)
    static func decided(_ order: Int?, _ test: (Int) -> Bool) -> Bool {
        guard let order else {
            CertifiedContext.current.recordUndecided()
            return false
        }
        return test(order)
    }

    /// a < b when certain; when the balls overlap the comparison is undecided: it is counted in
    /// ``CertifiedContext/current`` and answered `false`, and the run must be repeated.
    public static func < (a: Certified, b: Certified) -> Bool { decided(order(a, b)) { $0 < 0 } }
    /// a > b when certain; undecided as for `<`.
    public static func > (a: Certified, b: Certified) -> Bool { decided(order(a, b)) { $0 > 0 } }
    /// a ≤ b when certain; undecided as for `<`.
    public static func <= (a: Certified, b: Certified) -> Bool { decided(order(a, b)) { $0 <= 0 } }
    /// a ≥ b when certain; undecided as for `<`.
    public static func >= (a: Certified, b: Certified) -> Bool { decided(order(a, b)) { $0 >= 0 } }
}
