import CGMP

extension BigInt: AdditiveArithmetic, Numeric, SignedNumeric {
    /// The absolute value has the same type.
    public typealias Magnitude = BigInt

    /// Zero.
    public static var zero: BigInt { BigInt(representation: .small(0)) }

    /// Creates a value from any binary integer.
    ///
    /// ```swift
    /// let n = BigInt(exactly: UInt64.max)!
    /// ```
    public init?<T: BinaryInteger>(exactly source: T) {
        self.init(source)
    }

    /// Creates a value from any binary integer; every integer fits.
    public init<T: BinaryInteger>(_ source: T) {
        if let value = Int(exactly: source) {
            self.init(value)
        } else {
            // Wider than a word: assemble from the two's-complement words.
            let negative = source < 0
            let magnitude = source.magnitude
            var result = BigInt(0)
            var shift = 0
            for word in magnitude.words {
                let part = BigInt(takingOwnershipOf: { __gmpz_set_ui($0, UInt(word)) })
                result += part.shiftedLeft(by: shift)
                shift += UInt.bitWidth
            }
            self = negative ? -result : result
        }
    }

    /// The absolute value.
    public var magnitude: BigInt { signum < 0 ? -self : self }

    /// The exact sum.
    @inlinable
    public static func + (lhs: BigInt, rhs: BigInt) -> BigInt {
        if case .small(let a) = lhs.representation, case .small(let b) = rhs.representation {
            let (sum, overflow) = a.addingReportingOverflow(b)
            if !overflow && sum != .min { return BigInt(representation: .small(sum)) }
        }
        return binary(lhs, rhs, __gmpz_add)
    }

    /// The exact difference.
    @inlinable
    public static func - (lhs: BigInt, rhs: BigInt) -> BigInt {
        if case .small(let a) = lhs.representation, case .small(let b) = rhs.representation {
            let (difference, overflow) = a.subtractingReportingOverflow(b)
            if !overflow && difference != .min { return BigInt(representation: .small(difference)) }
        }
        return binary(lhs, rhs, __gmpz_sub)
    }

    /// The exact product.
    @inlinable
    public static func * (lhs: BigInt, rhs: BigInt) -> BigInt {
        if case .small(let a) = lhs.representation, case .small(let b) = rhs.representation {
            let (product, overflow) = a.multipliedReportingOverflow(by: b)
            if !overflow && product != .min { return BigInt(representation: .small(product)) }
        }
        return binary(lhs, rhs, __gmpz_mul)
    }

    /// The exact difference.
    @inlinable
    public static prefix func - (operand: BigInt) -> BigInt {
        switch operand.representation {
        case .small(let value): return BigInt(representation: .small(-value))
        case .large(let storage):
            return BigInt(takingOwnershipOf: { cgmp_mpz_neg($0, storage.pointer) })
        }
    }

    /// Adds `rhs` to `lhs` in place, exactly.
    @inlinable public static func += (lhs: inout BigInt, rhs: BigInt) { lhs = lhs + rhs }
    /// Subtracts `rhs` from `lhs` in place, exactly.
    @inlinable public static func -= (lhs: inout BigInt, rhs: BigInt) { lhs = lhs - rhs }
    /// Multiplies `lhs` by `rhs` in place, exactly.
    @inlinable public static func *= (lhs: inout BigInt, rhs: BigInt) { lhs = lhs * rhs }

    @usableFromInline
    static func binary(
        _ lhs: BigInt, _ rhs: BigInt,
        _ operation: (UnsafeMutablePointer<__mpz_struct>, UnsafePointer<__mpz_struct>, UnsafePointer<__mpz_struct>) ->
            Void
    ) -> BigInt {
        lhs.withMPZ { a in rhs.withMPZ { b in BigInt(takingOwnershipOf: { operation($0, a, b) }) } }
    }

    /// The quotient rounded toward zero and the remainder with the sign of `self`,
    /// as Swift's `Int` division does. Dividing by zero is a precondition failure.
    ///
    /// ```swift
    /// BigInt(-7).quotientAndRemainder(dividingBy: 2)  // (-3, -1)
    /// ```
    public func quotientAndRemainder(dividingBy divisor: BigInt) -> (quotient: BigInt, remainder: BigInt) {
        precondition(!divisor.isZero, "BigInt division by zero")
        if case .small(let a) = representation, case .small(let b) = divisor.representation {
            return (BigInt(a / b), BigInt(a % b))
        }
        let q = IntegerStorage.make()
        let r = IntegerStorage.make()
        withMPZ { a in divisor.withMPZ { b in __gmpz_tdiv_qr(q.pointer, r.pointer, a, b) } }
        return (BigInt(normalizing: q), BigInt(normalizing: r))
    }

    /// Truncating division, as for `Int`.
    public static func / (lhs: BigInt, rhs: BigInt) -> BigInt {
        lhs.quotientAndRemainder(dividingBy: rhs).quotient
    }

    /// Remainder with the sign of the dividend, as for `Int`.
    public static func % (lhs: BigInt, rhs: BigInt) -> BigInt {
        lhs.quotientAndRemainder(dividingBy: rhs).remainder
    }

    /// The non-negative greatest common divisor; `gcd(0, 0)` is 0.
    ///
    /// ```swift
    /// BigInt.gcd(12, -18)  // 6
    /// ```
    public static func gcd(_ a: BigInt, _ b: BigInt) -> BigInt {
        if case .small(let x) = a.representation, case .small(let y) = b.representation {
            return BigInt(Int(binaryGCD(x.magnitude, y.magnitude)))
        }
        return binary(a, b, __gmpz_gcd)
    }

    /// `self` raised to a non-negative power.
    ///
    /// ```swift
    /// BigInt(10).power(30)  // 1000000000000000000000000000000
    /// ```
    public func power(_ exponent: Int) -> BigInt {
        precondition(exponent >= 0, "BigInt.power needs a non-negative exponent")
        return withMPZ { base in BigInt(takingOwnershipOf: { __gmpz_pow_ui($0, base, UInt(exponent)) }) }
    }

    /// `self · 2^shift` for a non-negative shift.
    public func shiftedLeft(by shift: Int) -> BigInt {
        precondition(shift >= 0)
        return withMPZ { a in BigInt(takingOwnershipOf: { __gmpz_mul_2exp($0, a, mp_bitcnt_t(shift)) }) }
    }
}

/// Binary (Stein) gcd of two machine words.
@inlinable
func binaryGCD(_ x: UInt, _ y: UInt) -> UInt {
    var a = x
    var b = y
    if a == 0 { return b }
    if b == 0 { return a }
    // Exercise values are full of 1s and powers of two; binary gcd would spend up to
    // 64 rounds on gcd(x, 1), so those answer at once.
    if a == 1 || b == 1 { return 1 }
    if a & (a &- 1) == 0 || b & (b &- 1) == 0 {
        return 1 << min(a.trailingZeroBitCount, b.trailingZeroBitCount)
    }
    let shift = (a | b).trailingZeroBitCount
    a >>= a.trailingZeroBitCount
    repeat {
        b >>= b.trailingZeroBitCount
        if a > b { swap(&a, &b) }
        b -= a
    } while b != 0
    return a << shift
}
