import CGMP

extension Rational {
    /// Sets `self` to t₀ + t₁ + … + tₙ₋₁, summed left to right, where term k is the product
    /// `values[x]·values[y]` for `terms[k] = (x, y)`, or the single value `values[x]` when y < 0.
    /// The values are read in place, never copied (a copy of a large value is a reference count
    /// changed and changed back, and the engine sums thousands of terms per sample).
    ///
    /// When all values are dyadic (power-of-two denominators), numerators are accumulated at a
    /// common exponent (in a machine word while the sum fits one, else with `mpz_addmul`) and
    /// normalised once, instead of canonicalising every product and partial sum; the result is
    /// the same exact value.
    ///
    /// ```swift
    /// var z = Rational.zero
    /// let values = [Rational(1, 2), Rational(3, 4), Rational(2), Rational(-1, 8)]
    /// values.withUnsafeBufferPointer { v in
    ///     z.storeLinearCombination(of: v, terms: [(0, 2), (1, 3)])   // 1 - 3/32 = 29/32
    /// }
    /// ```
    public mutating func storeLinearCombination(of values: UnsafeBufferPointer<Rational>, terms: [(Int, Int)]) {
        terms.withUnsafeBufferPointer { storeLinearCombination(of: values, terms: $0) }
    }

    /// The same linear combination with the terms read where they lie: a
    /// compiled network keeps every instruction's terms in one buffer, and an array of them
    /// handed to this call would be retained and released around it, at every instruction.
    ///
    /// ```swift
    /// var z = Rational.zero
    /// let values = [Rational(1, 2), Rational(3, 4), Rational(2), Rational(-1, 8)]
    /// values.withUnsafeBufferPointer { v in
    ///     [(0, 2), (1, 3)].withUnsafeBufferPointer { z.storeLinearCombination(of: v, terms: $0) }   // 29/32
    /// }
    /// ```
    public mutating func storeLinearCombination(
        of values: UnsafeBufferPointer<Rational>, terms: UnsafeBufferPointer<(Int, Int)>
    ) {
        precondition(!terms.isEmpty, "a linear combination needs a term")
        // Values are read through their addresses as words: a copy would be retained and
        // released around every GMP call.
        let base = values.baseAddress!
        @inline(__always) func words(_ k: Int) -> (Int, Int) { (base[k]._word, base[k]._denominatorWord) }
        // First pass: is every value dyadic, and is anything large enough to need GMP? Each
        // term's exponent is kept for the second pass.
        let stored = withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * terms.count) { buffer in
            let exponents = UnsafeMutableBufferPointer(rebasing: buffer[0..<terms.count])
            var exponent = 0
            var anyLarge = false
            for (k, (x, y)) in terms.enumerated() {
                let (xw, xd) = words(x)
                guard let ex = Rational._dyadicExponent(xw, xd) else { return false }
                var e = ex
                if xd == 0 { anyLarge = true }
                if y >= 0 {
                    let (yw, yd) = words(y)
                    guard let ey = Rational._dyadicExponent(yw, yd) else { return false }
                    e += ey
                    if yd == 0 { anyLarge = true }
                }
                exponents[k] = e
                exponent = Swift.max(exponent, e)
            }
            guard anyLarge else { return storeWordSum(base, terms, exponents, exponent) }
            // Second pass: accumulate Σ numerator·2^(exponent − e) in this value's storage when it
            // owns it, terms in order of increasing e: the sum so far is shifted up to each new
            // term's exponent (in place), so every term is added unshifted, with no temporary
            // (GMP would allocate and free one for every shifted product).
            let order = UnsafeMutableBufferPointer(rebasing: buffer[terms.count..<(2 * terms.count)])
            // Insertion sort: a neuron's handful of terms, often in order already (the standard
            // library's sort costs more in calls than it saves in comparisons at this size).
            for k in order.indices {
                var j = k
                while j > 0 && exponents[order[j - 1]] > exponents[k] {
                    order[j] = order[j - 1]
                    j -= 1
                }
                order[j] = k
            }
            var held = -1
            let storage = _storageForWriting(heldExponent: &held)
            let accumulator = cgmp_mpq_numref(storage.pointer)!
            __gmpz_set_ui(accumulator, 0)
            withUnsafeTemporaryAllocation(of: __mpz_struct.self, capacity: 1) { scratch in
                __gmpz_init(scratch.baseAddress!)  // unused: every term is added unshifted
                var level = exponents[order[0]]
                for k in order {
                    if exponents[k] > level {
                        __gmpz_mul_2exp(accumulator, accumulator, mp_bitcnt_t(exponents[k] - level))
                        level = exponents[k]
                    }
                    let (x, y) = terms[k]
                    Rational._addShiftedTerm(
                        accumulator, words(x), y >= 0 ? words(y) : nil, shift: 0, scratch: scratch.baseAddress!)
                }
                __gmpz_clear(scratch.baseAddress!)
            }
            let denominatorExponent = normalizeDyadic(
                storage.pointer, exponent: exponent, current: held)
            _store(normalizing: storage, exponent: denominatorExponent)
            return true
        }
        guard !stored else { return }
        // Not dyadic (gcds are needed anyway), or words whose sum outgrew a word: term by term.
        let (x0, y0) = terms[0]
        var sum = Rational.zero
        if y0 >= 0 { sum.store(base + x0, base + y0, .multiply) } else { sum = base[x0] }
        var product = Rational.zero
        for (x, y) in terms.dropFirst() {
            if y >= 0 {
                product.store(base + x, base + y, .multiply)
                sum += product
            } else {
                sum += base[x]
            }
        }
        self = sum
    }

    /// A dyadic combination of word-sized values summed in a word at the common `exponent`
    /// (`exponents[k]` is term k's): stores it and returns true when every shifted term, every
    /// partial sum and the canonical result fit words; returns false, changing nothing, otherwise.
    private mutating func storeWordSum(
        _ base: UnsafePointer<Rational>, _ terms: UnsafeBufferPointer<(Int, Int)>,
        _ exponents: UnsafeMutableBufferPointer<Int>,
        _ exponent: Int
    ) -> Bool {
        var sum = 0
        for (k, (x, y)) in terms.enumerated() {
            var term = base[x]._word
            if y >= 0 {
                let (product, overflow) = term.multipliedReportingOverflow(by: base[y]._word)
                if overflow { return false }
                term = product
            }
            let shift = exponent - exponents[k]
            // |term|·2^shift < 2^63: the shifted term is exact.
            guard shift < Int.bitWidth - 1, term.magnitude.leadingZeroBitCount > shift else { return false }
            let (partial, overflow) = sum.addingReportingOverflow(term << shift)
            if overflow { return false }
            sum = partial
        }
        guard sum != 0 else {
            _storeInline(0, 1)
            return true
        }
        let common = Swift.min(sum.trailingZeroBitCount, exponent)
        let e = exponent - common
        guard e < Int.bitWidth - 1, sum != .min else { return false }
        _storeInline(sum >> common, 1 << e)
        return true
    }

    /// log₂ of the denominator when it is a power of two.
    var dyadicExponent: Int? { Rational._dyadicExponent(_word, _denominatorWord) }

    /// Runs `body` with a read-only `mpz_t` holding the numerator.
    func withNumerator<R>(_ body: (UnsafePointer<__mpz_struct>) -> R) -> R {
        Rational._withNumerator(_word, _denominatorWord, body)
    }
}
