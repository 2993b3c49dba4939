import CGMP

extension Rational {
    /// Sets `self` to `self + x·y`, exactly. For dyadic values (power-of-two denominators) the
    /// product is accumulated into this value's own numerator with one fused multiply-add, with
    /// no temporary value for `x·y`; otherwise it is `self += x * y`.
    ///
    /// ```swift
    /// var g = Rational(1, 2)
    /// g.addProduct(Rational(3, 4), Rational(-1, 8))   // 1/2 - 3/32 = 13/32
    /// ```
    public mutating func addProduct(_ x: Rational, _ y: Rational) {
        withUnsafePointer(to: x) { x in withUnsafePointer(to: y) { y in addProduct(x, y) } }
    }

    /// ``addProduct(_:_:)-(Rational,_)`` with the factors read where they are (a copy
    /// of a buffer's value is retained and released around every GMP call). Neither factor
    /// may be `self`.
    ///
    /// ```swift
    /// var (g, factors) = (Rational(1, 2), [Rational(3, 4), Rational(-1, 8)])
    /// factors.withUnsafeBufferPointer { f in g.addProduct(f.baseAddress!, f.baseAddress! + 1) }   // 13/32
    /// ```
    public mutating func addProduct(_ x: UnsafePointer<Rational>, _ y: UnsafePointer<Rational>) {
        let (xw, xd, yw, yd) = (
            x.pointee._word, x.pointee._denominatorWord, y.pointee._word, y.pointee._denominatorWord
        )
        if (xd != 0 && xw == 0) || (yd != 0 && yw == 0) { return }
        if _isInline && xd != 0 && yd != 0, let (pn, pd) = SmallFraction.multiply(xw, xd, yw, yd),
            let (n, d) = SmallFraction.add(_word, _denominatorWord, pn, pd)
        {
            _storeInline(n, d)
            return
        }
        guard !isZero, let ex = Rational._dyadicExponent(xw, xd), let ey = Rational._dyadicExponent(yw, yd),
            let es = dyadicExponent
        else {
            // Not dyadic, or only words: the product, then the sum.
            var product = Rational.zero
            product.store(x, y, .multiply)
            self += product
            return
        }
        let e = ex + ey
        let exponent = Swift.max(es, e)
        let (word, denominator) = (_word, _denominatorWord)
        var (held, taken) = (-1, false)
        let storage = _storageForWriting(heldExponent: &held, taken: &taken)
        if denominator != 0 || !taken {
            // An inline value (whose storage, if any, is a spare) or a shared one: its numerator is
            // copied in (a shared value still holds its storage, so `word` is still its address).
            Rational._withNumerator(word, denominator) { __gmpz_set(cgmp_mpq_numref(storage.pointer), $0) }
        }
        let accumulator = cgmp_mpq_numref(storage.pointer)!
        if exponent > es { __gmpz_mul_2exp(accumulator, accumulator, mp_bitcnt_t(exponent - es)) }
        withUnsafeTemporaryAllocation(of: __mpz_struct.self, capacity: 1) { buffer in
            let scratch = buffer.baseAddress!
            __gmpz_init(scratch)  // allocates nothing until the product needs shifting
            Rational._addShiftedTerm(accumulator, (xw, xd), (yw, yd), shift: exponent - e, scratch: scratch)
            __gmpz_clear(scratch)
        }
        let denominatorExponent = normalizeDyadic(
            storage.pointer, exponent: exponent, current: held)
        _store(normalizing: storage, exponent: denominatorExponent)
    }
}
