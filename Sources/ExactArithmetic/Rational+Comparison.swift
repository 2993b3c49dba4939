import CGMP

extension Rational: Equatable, Hashable, Comparable {
    @inlinable
    public static func == (lhs: Rational, rhs: Rational) -> Bool {
        switch (lhs.representation, rhs.representation) {
        case let (.small(a, b), .small(c, d)): return a == c && b == d
        // Canonical forms: a small value never equals a large one.
        case (.small, .large), (.large, .small): return false
        case let (.large(x), .large(y)): return x === y || __gmpq_equal(x.pointer, y.pointer) != 0
        }
    }

    @inlinable
    public static func < (lhs: Rational, rhs: Rational) -> Bool {
        if case .small(let a, let b) = lhs.representation, case .small(let c, let d) = rhs.representation {
            // a/b < c/d  ⇔  a·d < c·b, compared at double width so nothing overflows.
            let left = a.multipliedFullWidth(by: d), right = c.multipliedFullWidth(by: b)
            return left.high < right.high || (left.high == right.high && left.low < right.low)
        }
        if case .large(let x) = lhs.representation, case .large(let y) = rhs.representation {
            return __gmpq_cmp(x.pointer, y.pointer) < 0
        }
        return lhs.withMPQ { x in rhs.withMPQ { y in __gmpq_cmp(x, y) } } < 0
    }

    public func hash(into hasher: inout Hasher) {
        switch representation {
        case .small(let n, let d):
            hasher.combine(n)
            hasher.combine(d)
        case .large(let storage):
            hashLimbs(of: storage.numerator, into: &hasher)
            hashLimbs(of: storage.denominator, into: &hasher)
        }
    }
}
