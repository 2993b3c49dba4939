import CArb
import ExactArithmetic

extension Certified: Comparable {
    /// Equal only when certainly equal: two exact values that are equal, or two balls that are
    /// the same exact point. Equality never counts as undecided: the engine asks `!= 0` only to
    /// skip work, and dividing by a ball that contains 0 shows up as digits it cannot certify.
    public static func == (a: Certified, b: Certified) -> Bool {
        switch (a.storage, b.storage) {
        case (.exact(let x), .exact(let y)): return x == y
        default: return exn_arb_equal_points(a.ball.pointer, b.ball.pointer) != 0
        }
    }

    /// a < b when certain; when the balls overlap the comparison is undecided: it is counted in
    /// ``CertifiedContext/current`` and answered `false`, and the run must be repeated.
    public static func < (a: Certified, b: Certified) -> Bool {
        if case .exact(let x) = a.storage, case .exact(let y) = b.storage { return x < y }
        let (x, y) = (a.ball, b.ball)
        if exn_arb_lt(x.pointer, y.pointer) != 0 { return true }
        if arb_ge(x.pointer, y.pointer) != 0 { return false }
        CertifiedContext.current.recordUndecided()
        return false
    }

    /// a > b when certain; undecided as for `<`.
    public static func > (a: Certified, b: Certified) -> Bool { b < a }
    /// a ≤ b when certain; undecided as for `<`.
    public static func <= (a: Certified, b: Certified) -> Bool {
        if case .exact(let x) = a.storage, case .exact(let y) = b.storage { return x <= y }
        let (x, y) = (a.ball, b.ball)
        if arb_le(x.pointer, y.pointer) != 0 { return true }
        if exn_arb_gt(x.pointer, y.pointer) != 0 { return false }
        CertifiedContext.current.recordUndecided()
        return false
    }
    /// a ≥ b when certain; undecided as for `<`.
    public static func >= (a: Certified, b: Certified) -> Bool { b <= a }
}
