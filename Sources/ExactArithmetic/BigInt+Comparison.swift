import CGMP

extension BigInt: Equatable, Hashable, Comparable {
    /// Whether both are the same number, whatever their representation.
    @inlinable
    public static func == (lhs: BigInt, rhs: BigInt) -> Bool {
        if case .small(let a) = lhs.representation, case .small(let b) = rhs.representation { return a == b }
        return compare(lhs, rhs) == 0
    }

    /// Whether `lhs` is smaller, decided exactly.
    @inlinable
    public static func < (lhs: BigInt, rhs: BigInt) -> Bool {
        if case .small(let a) = lhs.representation, case .small(let b) = rhs.representation { return a < b }
        return compare(lhs, rhs) < 0
    }

    @usableFromInline
    static func compare(_ lhs: BigInt, _ rhs: BigInt) -> Int32 {
        lhs.withMPZ { a in rhs.withMPZ { b in __gmpz_cmp(a, b) } }
    }

    /// Hashes the canonical form, so equal values hash equally in every representation.
    public func hash(into hasher: inout Hasher) {
        // Representation is canonical (small exactly when it fits), so hashing it is value-based.
        switch representation {
        case .small(let value): hasher.combine(value)
        case .large(let storage): hashLimbs(of: storage.pointer, into: &hasher)
        }
    }
}
