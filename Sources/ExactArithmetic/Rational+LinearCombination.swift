import CGMP

extension Rational {
    /// Sets `self` to t₀ + t₁ + … + tₙ₋₁, summed left to right, where term k is the product
    /// `values[x]·values[y]` for `terms[k] = (x, y)`, or the single value `values[x]` when y < 0.
    /// The values are read in place, never copied (a copy of a large value is a reference count
    /// changed and changed back, and the engine sums thousands of terms per sample).
    ///
    /// When some value is large and all are dyadic (power-of-two denominators), numerators are
    /// accumulated at a common exponent with `mpz_addmul` and normalised once, instead of
    /// canonicalising every product and partial sum; the result is the same exact value.
    ///
    /// ```swift
    /// var z = Rational.zero
    /// let values = [Rational(1, 2), Rational(3, 4), Rational(2), Rational(-1, 8)]
    /// values.withUnsafeBufferPointer { v in
    ///     z.storeLinearCombination(of: v, terms: [(0, 2), (1, 3)])   // 1 - 3/32 = 29/32
    /// }
    /// ```
    public mutating func storeLinearCombination(of values: UnsafeBufferPointer<Rational>, terms: [(Int, Int)]) {
        precondition(!terms.isEmpty, "a linear combination needs a term")
        // First pass: is every value dyadic, and is anything large enough to need GMP?
        var exponent = 0
        var anyLarge = false
        var allDyadic = true
        for (x, y) in terms {
            guard let ex = values[x].dyadicExponent, let ey = y >= 0 ? values[y].dyadicExponent : 0 else {
                allDyadic = false
                break
            }
            exponent = Swift.max(exponent, ex + ey)
            if !values[x].isInline || (y >= 0 && !values[y].isInline) { anyLarge = true }
        }
        guard allDyadic && anyLarge else {
            // Word-sized values are fastest on the inline path; non-dyadic ones need gcds anyway.
            let (x0, y0) = terms[0]
            var sum = y0 >= 0 ? values[x0] * values[y0] : values[x0]
            for (x, y) in terms.dropFirst() {
                if y >= 0 { sum += values[x] * values[y] } else { sum += values[x] }
            }
            self = sum
            return
        }
        // Second pass: accumulate Σ numerator·2^(exponent − e) in this value's storage when it owns it.
        let storage = _takeUniqueStorage() ?? RationalStorage.make()
        let accumulator = cgmp_mpq_numref(storage.pointer)
        __gmpz_set_ui(accumulator, 0)
        withUnsafeTemporaryAllocation(of: __mpz_struct.self, capacity: 1) { buffer in
            let scratch = buffer.baseAddress!
            __gmpz_init(scratch)
            for (x, y) in terms {
                let shift = exponent - values[x].dyadicExponent! - (y >= 0 ? values[y].dyadicExponent! : 0)
                values[x].withNumerator { nx in
                    if y >= 0 {
                        values[y].withNumerator { ny in
                            if shift == 0 {
                                __gmpz_addmul(accumulator, nx, ny)
                            } else {
                                __gmpz_mul(scratch, nx, ny)
                                __gmpz_mul_2exp(scratch, scratch, mp_bitcnt_t(shift))
                                __gmpz_add(accumulator, accumulator, scratch)
                            }
                        }
                    } else if shift == 0 {
                        __gmpz_add(accumulator, accumulator, nx)
                    } else {
                        __gmpz_mul_2exp(scratch, nx, mp_bitcnt_t(shift))
                        __gmpz_add(accumulator, accumulator, scratch)
                    }
                }
            }
            __gmpz_clear(scratch)
        }
        normalizeDyadic(storage.pointer, exponent: exponent)
        self = Rational(normalizing: storage)
    }

    /// log₂ of the denominator when it is a power of two.
    var dyadicExponent: Int? {
        switch representation {
        case .small(_, let d): return d & (d &- 1) == 0 ? d.trailingZeroBitCount : nil
        case .large(let storage): return powerOfTwoExponent(storage.denominator)
        }
    }

    /// Runs `body` with a read-only `mpz_t` holding the numerator.
    func withNumerator<R>(_ body: (UnsafePointer<__mpz_struct>) -> R) -> R {
        switch representation {
        case .small(let n, _): return withTemporaryMPZ(n, body)
        case .large(let storage): return body(storage.numerator)
        }
    }
}
