import CGMP

extension Rational: Equatable, Hashable, Comparable {
    /// Whether both are the same number, whatever their representation.
    @inlinable
    public static func == (lhs: Rational, rhs: Rational) -> Bool {
        // Canonical forms: an inline value never equals a large one, and equal words are
        // either the same fraction or the same storage.
        if lhs._word == rhs._word && lhs._denominatorWord == rhs._denominatorWord { return true }
        if lhs._isInline || rhs._isInline { return false }
        return __gmpq_equal(lhs._mpq, rhs._mpq) != 0
    }

    /// Whether `lhs` is smaller, decided exactly.
    @inlinable
    public static func < (lhs: Rational, rhs: Rational) -> Bool {
        if lhs._isInline && rhs._isInline {
            // a/b < c/d  ⇔  a·d < c·b, compared at double width so nothing overflows.
            let left = lhs._word.multipliedFullWidth(by: rhs._denominatorWord)
            let right = rhs._word.multipliedFullWidth(by: lhs._denominatorWord)
            return left.high < right.high || (left.high == right.high && left.low < right.low)
        }
        if !lhs._isInline && !rhs._isInline { return compareLarge(lhs._mpq, rhs._mpq) < 0 }
        // One inline, one large: different signs decide (comparisons with zero are the common case).
        let (l, r) = (lhs.signum, rhs.signum)
        if l != r { return l < r }
        return lhs.withMPQ { x in rhs.withMPQ { y in __gmpq_cmp(x, y) } } < 0
    }

    /// Orders two GMP values. Signs, then magnitude estimates from bit lengths, settle most
    /// pairs without GMP: |n/d| lies in (2^(E−1), 2^(E+1)) for E = bits(n) − bits(d), so
    /// estimates two or more apart decide. Only close calls cross-multiply in `mpq_cmp`.
    @inlinable
    static func compareLarge(_ x: UnsafeMutablePointer<__mpq_struct>, _ y: UnsafeMutablePointer<__mpq_struct>) -> Int32
    {
        let xSize = x.pointee._mp_num._mp_size
        let ySize = y.pointee._mp_num._mp_size
        if (xSize ^ ySize) < 0 || xSize == 0 || ySize == 0 {
            return xSize < ySize ? -1 : (xSize > ySize ? 1 : 0)  // signs differ, or a zero
        }
        let xEstimate = bitLength(x.pointee._mp_num) - bitLength(x.pointee._mp_den)
        let yEstimate = bitLength(y.pointee._mp_num) - bitLength(y.pointee._mp_den)
        if xEstimate >= yEstimate + 2 { return xSize > 0 ? 1 : -1 }
        if yEstimate >= xEstimate + 2 { return xSize > 0 ? -1 : 1 }
        return __gmpq_cmp(x, y)
    }

    /// Bits of |z| (z ≠ 0), read from its top limb.
    @inlinable
    static func bitLength(_ z: __mpz_struct) -> Int {
        let limbs = Int(z._mp_size.magnitude)
        let top = z._mp_d[limbs - 1]
        return limbs * mp_limb_t.bitWidth - top.leadingZeroBitCount
    }

    /// Hashes the canonical form, so equal values hash equally in every representation.
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
