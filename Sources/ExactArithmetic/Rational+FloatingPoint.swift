import CGMP

extension Rational {
    /// The exact value of a finite binary floating-point number; `nil` for NaN and infinities.
    ///
    /// ```swift
    /// Rational(exactly: 0.1)!     // 3602879701896397/36028797018963968
    /// Rational(exactly: 0.375)!   // 3/8
    /// ```
    public init?<F: BinaryFloatingPoint>(exactly value: F) {
        guard value.isFinite else { return nil }
        if value == 0 {
            self = .zero
            return
        }
        // value = significand · 2^exponent with an integer significand.
        let fractionBits = Int(F.significandBitCount)
        var significand = UInt64(value.significandBitPattern)
        var exponent: Int
        if value.isSubnormal {
            exponent = Int(F.leastNormalMagnitude.exponent) - fractionBits
        } else {
            significand |= 1 << UInt64(fractionBits)
            exponent = Int(value.exponent) - fractionBits
        }
        let shift = min(significand.trailingZeroBitCount, exponent < 0 ? -exponent : 0)
        significand >>= UInt64(shift)
        exponent += shift
        let signed = value < 0 ? -BigInt(significand) : BigInt(significand)
        if exponent >= 0 {
            self.init(signed.shiftedLeft(by: exponent))
        } else {
            self.init(signed, BigInt(1).shiftedLeft(by: -exponent))
        }
    }

    /// The nearest value of `F`, ties to even, with gradual underflow and overflow to
    /// infinity: the conversion IEEE 754 calls correctly rounded.
    ///
    /// GMP's `mpq_get_d` truncates, so the rounding is done here: one exact integer
    /// division yields the significand plus a guard bit and a sticky bit.
    func correctlyRounded<F: BinaryFloatingPoint>(to: F.Type) -> F {
        let precision = Int(F.significandBitCount) + 1
        let (n, d) = (_word, _denominatorWord)
        if _isInline, n.magnitude <= (1 << UInt(precision)), d <= (1 << precision) {
            // Both operands are exact in F, and IEEE division rounds correctly.
            return F(n) / F(d)
        }
        if isZero { return 0 }
        let negative = signum < 0
        let minimumUnitExponent = Int(F.leastNonzeroMagnitude.exponent)
        let maximumExponent = Int(F.greatestFiniteMagnitude.exponent)
        return withMPQ { q -> F in
            let numerator = cgmp_mpq_numref_const(q)
            let denominator = cgmp_mpq_denref_const(q)
            let numeratorBits = __gmpz_sizeinbase(numerator, 2)
            let denominatorBits = __gmpz_sizeinbase(denominator, 2)
            // Scale so the integer quotient has precision + 1 or precision + 2 bits.
            let scale = precision + 2 - (numeratorBits - denominatorBits)
            var quotientZ = __mpz_struct()
            var remainderZ = __mpz_struct()
            var scaledZ = __mpz_struct()
            __gmpz_init(&quotientZ)
            __gmpz_init(&remainderZ)
            __gmpz_init(&scaledZ)
            defer {
                __gmpz_clear(&quotientZ)
                __gmpz_clear(&remainderZ)
                __gmpz_clear(&scaledZ)
            }
            if scale >= 0 {
                // Truncating division: |quotient| = floor(|n|·2^scale / d), all we need.
                __gmpz_mul_2exp(&scaledZ, numerator, mp_bitcnt_t(scale))
                __gmpz_tdiv_qr(&quotientZ, &remainderZ, &scaledZ, denominator)
            } else {
                __gmpz_mul_2exp(&scaledZ, denominator, mp_bitcnt_t(-scale))
                __gmpz_tdiv_qr(&quotientZ, &remainderZ, numerator, &scaledZ)
            }
            let quotient = UInt64(cgmp_mpz_getlimbn(&quotientZ, 0))
            let sticky = cgmp_mpz_sgn(&remainderZ) != 0
            let quotientBits = UInt64.bitWidth - quotient.leadingZeroBitCount
            // The value is quotient · 2^-scale; its leading bit has weight 2^(quotientBits - 1 - scale).
            let leadingExponent = quotientBits - 1 - scale
            if leadingExponent > maximumExponent {
                return negative ? -F.infinity : F.infinity
            }
            let unitExponent = max(leadingExponent - (precision - 1), minimumUnitExponent)
            let dropped = unitExponent + scale
            if dropped > quotientBits {
                return negative ? -0.0 : 0.0
            }
            var kept = dropped >= 64 ? 0 : quotient >> UInt64(dropped)
            if dropped > 0 {
                let rest = quotient & ((1 << UInt64(dropped)) - 1)
                let half = UInt64(1) << UInt64(dropped - 1)
                if rest > half || (rest == half && (sticky || kept & 1 == 1)) {
                    kept += 1
                }
            }
            let magnitude = F(sign: .plus, exponent: F.Exponent(unitExponent), significand: F(kept))
            return negative ? -magnitude : magnitude
        }
    }
}

extension Double {
    /// The `Double` nearest to an exact rational (ties to even; overflow gives infinity).
    ///
    /// ```swift
    /// Double(Rational(1, 3))   // 0.3333333333333333
    /// ```
    public init(_ value: Rational) {
        self = value.correctlyRounded(to: Double.self)
    }
}

extension Float {
    /// The `Float` nearest to an exact rational (ties to even; overflow gives infinity).
    ///
    /// ```swift
    /// Float(Rational(1, 3))   // 0.33333334
    /// ```
    public init(_ value: Rational) {
        self = value.correctlyRounded(to: Float.self)
    }
}
