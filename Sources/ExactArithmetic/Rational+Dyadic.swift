import CGMP

// Dyadic rationals (denominator a power of two) are what exercises are made of:
// learning rates 1/8, weights 0.5, inputs 3/2. Their canonical form needs no gcd:
// a/2^j ± c/2^k = (a·2^(e−j) ± c·2^(e−k)) / 2^e with e = max(j, k), and
// (a/2^j)(c/2^k) = ac / 2^(j+k); either way only the common factors of two are
// stripped (a scan for the lowest set bit). GMP's mpq functions always run general
// gcds, so these entry points take the shortcut first and fall back to GMP otherwise.
// Outputs may alias inputs, as with GMP.

/// log2 of `z` when it is a power of two, read from its limbs (no GMP call: every dyadic
/// operand of every operation asks, and a denominator's low limbs are all zero).
@usableFromInline @inline(__always)
func powerOfTwoExponent(_ z: UnsafePointer<__mpz_struct>) -> Int? {
    let size = Int(z.pointee._mp_size)
    guard size > 0 else { return nil }
    let limbs = z.pointee._mp_d!
    let top = limbs[size - 1]
    guard top & (top &- 1) == 0 else { return nil }
    for i in 0..<(size - 1) where limbs[i] != 0 { return nil }
    return (size - 1) * mp_limb_t.bitWidth + top.trailingZeroBitCount
}

/// Sets `result` = numerator / 2^exponent in canonical form, taking over `numerator`'s limbs;
/// returns the canonical denominator's exponent (`current` as for ``normalizeDyadic(_:exponent:current:)``).
@inline(__always)
func setDyadic(
    _ result: UnsafeMutablePointer<__mpq_struct>, numerator: UnsafeMutablePointer<__mpz_struct>, exponent: Int,
    current: Int
) -> Int {
    __gmpz_swap(cgmp_mpq_numref(result), numerator)
    return normalizeDyadic(result, exponent: exponent, current: current)
}

/// Makes `result` = (its numerator) / 2^exponent canonical: strips common factors of two.
/// Returns the canonical denominator's exponent. `current` is the exponent of the denominator
/// `result` holds already (−1 when unknown): a sum that keeps its exponent, the usual case when
/// gradients add up, leaves the denominator's limbs alone.
@inline(__always)
func normalizeDyadic(_ result: UnsafeMutablePointer<__mpq_struct>, exponent: Int, current: Int) -> Int {
    let num = cgmp_mpq_numref(result)!
    let den = cgmp_mpq_denref(result)!
    let size = Int(num.pointee._mp_size.magnitude)
    guard size > 0 else {
        __gmpz_set_ui(den, 1)
        return 0
    }
    // The numerator's lowest set bit, from its limbs.
    let limbs = num.pointee._mp_d!
    var low = 0
    while limbs[low] == 0 { low += 1 }
    let zeros = low * mp_limb_t.bitWidth + limbs[low].trailingZeroBitCount
    let shift = min(zeros, exponent)
    if shift > 0 { __gmpz_tdiv_q_2exp(num, num, mp_bitcnt_t(shift)) }  // exact: those bits are zero
    if exponent - shift != current { setPowerOfTwo(den, exponent - shift) }
    return exponent - shift
}

/// `accumulator` += x·y·2^shift (x·2^shift when `y` is nil): a term of a dyadic sum, brought to
/// the sum's exponent. `scratch`, an initialised `mpz_t`, holds the term when it must be shifted.
@inline(__always)
func addShiftedTerm(
    _ accumulator: UnsafeMutablePointer<__mpz_struct>, _ x: UnsafePointer<__mpz_struct>,
    _ y: UnsafePointer<__mpz_struct>?, shift: Int, scratch: UnsafeMutablePointer<__mpz_struct>
) {
    if let y {
        if shift == 0 {
            __gmpz_addmul(accumulator, x, y)
            return
        }
        __gmpz_mul(scratch, x, y)
        __gmpz_mul_2exp(scratch, scratch, mp_bitcnt_t(shift))
    } else {
        if shift == 0 {
            __gmpz_add(accumulator, accumulator, x)
            return
        }
        __gmpz_mul_2exp(scratch, x, mp_bitcnt_t(shift))
    }
    __gmpz_add(accumulator, accumulator, scratch)
}

extension Rational {
    /// ``addShiftedTerm(_:_:_:shift:scratch:)`` for operands given as a value's words: a
    /// word-sized numerator goes to GMP's `_ui` kernels as a machine word (shifted first, when it
    /// still fits), without an `mpz_t` made for it; a product of two words is made in a word.
    @inline(__always)
    static func _addShiftedTerm(
        _ accumulator: UnsafeMutablePointer<__mpz_struct>, _ x: (word: Int, denominator: Int),
        _ y: (word: Int, denominator: Int)?, shift: Int, scratch: UnsafeMutablePointer<__mpz_struct>
    ) {
        guard let y else {
            if x.denominator != 0 && addShiftedWord(accumulator, x.word, shift: shift) { return }
            _withNumerator(x.word, x.denominator) {
                addShiftedTerm(accumulator, $0, nil, shift: shift, scratch: scratch)
            }
            return
        }
        if x.denominator != 0 && y.denominator != 0 {
            let (product, overflow) = x.word.multipliedReportingOverflow(by: y.word)
            if !overflow && addShiftedWord(accumulator, product, shift: shift) { return }
        } else if x.denominator != 0 || y.denominator != 0 {
            let (word, large) = x.denominator != 0 ? (x.word, y.word) : (y.word, x.word)
            if let factor = shiftedMagnitude(word, shift) {
                let numerator = cgmp_mpq_numref(_mpq(large))
                if word >= 0 {
                    __gmpz_addmul_ui(accumulator, numerator, factor)
                } else {
                    __gmpz_submul_ui(accumulator, numerator, factor)
                }
                return
            }
        }
        _withNumerator(x.word, x.denominator) { nx in
            _withNumerator(y.word, y.denominator) { ny in
                addShiftedTerm(accumulator, nx, ny, shift: shift, scratch: scratch)
            }
        }
    }
}

/// |word|·2^shift when it fits an unsigned word.
@inline(__always)
func shiftedMagnitude(_ word: Int, _ shift: Int) -> CUnsignedLong? {
    guard shift < UInt.bitWidth, word.magnitude.leadingZeroBitCount >= shift else { return nil }
    return CUnsignedLong(word.magnitude << shift)
}

/// `accumulator` += word·2^shift when |word|·2^shift fits a word; false (and nothing done) otherwise.
@inline(__always)
func addShiftedWord(_ accumulator: UnsafeMutablePointer<__mpz_struct>, _ word: Int, shift: Int) -> Bool {
    guard let magnitude = shiftedMagnitude(word, shift) else { return false }
    if word >= 0 {
        __gmpz_add_ui(accumulator, accumulator, magnitude)
    } else {
        __gmpz_sub_ui(accumulator, accumulator, magnitude)
    }
    return true
}

/// Sets `z` = 2^k, writing its limbs directly.
@inline(__always)
func setPowerOfTwo(_ z: UnsafeMutablePointer<__mpz_struct>, _ k: Int) {
    let n = k / mp_limb_t.bitWidth + 1
    let limbs = __gmpz_limbs_write(z, n)!
    for i in 0..<(n - 1) { limbs[i] = 0 }
    limbs[n - 1] = 1 << mp_limb_t(k % mp_limb_t.bitWidth)
    __gmpz_limbs_finish(z, n)
}

/// `r` = a ± b; returns the result's denominator exponent when the operands were dyadic, else −1
/// (not known: the general path's result may still be dyadic). `r`'s denominator holds 2^`current`
/// when `current` ≥ 0 (``normalizeDyadic(_:exponent:current:)``); every path below leaves it
/// alone until the result is normalised.
@usableFromInline
func exactAddOrSubtract(
    _ r: UnsafeMutablePointer<__mpq_struct>, _ a: UnsafePointer<__mpq_struct>,
    _ b: UnsafePointer<__mpq_struct>, subtract: Bool, current: Int
) -> Int {
    guard let j = powerOfTwoExponent(cgmp_mpq_denref_const(a)), let k = powerOfTwoExponent(cgmp_mpq_denref_const(b))
    else {
        if subtract { __gmpq_sub(r, a, b) } else { __gmpq_add(r, a, b) }
        return -1
    }
    let e = max(j, k)
    if j == k {
        // Equal denominators (the usual case in a layer): no scaling, no temporary; GMP
        // copes with the output aliasing an input.
        if subtract {
            __gmpz_sub(cgmp_mpq_numref(r), cgmp_mpq_numref_const(a), cgmp_mpq_numref_const(b))
        } else {
            __gmpz_add(cgmp_mpq_numref(r), cgmp_mpq_numref_const(a), cgmp_mpq_numref_const(b))
        }
        return normalizeDyadic(r, exponent: e, current: current)
    }
    let rNum = cgmp_mpq_numref(r)
    let aNum = cgmp_mpq_numref_const(a)
    let bNum = cgmp_mpq_numref_const(b)
    let rAliasesA = UnsafePointer(r) == a
    let rAliasesB = UnsafePointer(r) == b
    if j < e && !rAliasesB {
        // r = a·2^(e−j) ± b: scale a straight into r (in place when r is a), then add b.
        __gmpz_mul_2exp(rNum, aNum, mp_bitcnt_t(e - j))
        if subtract { __gmpz_sub(rNum, rNum, bNum) } else { __gmpz_add(rNum, rNum, bNum) }
        return normalizeDyadic(r, exponent: e, current: current)
    }
    if k < e && e - k < UInt.bitWidth && (rAliasesA || !rAliasesB) {
        // r = a ± b·2^(e−k) with a fused multiply-add against a read-only 2^(e−k) on the stack.
        if !rAliasesA { __gmpz_set(rNum, aNum) }
        var limb = mp_limb_t(1) << mp_limb_t(e - k)
        var power = __mpz_struct()
        withUnsafePointer(to: &limb) { limbPointer in
            cgmp_mpz_roinit_limb(&power, limbPointer, 1)
            withUnsafePointer(to: &power) { p in
                if subtract { __gmpz_submul(rNum, bNum, p) } else { __gmpz_addmul(rNum, bNum, p) }
            }
        }
        return normalizeDyadic(r, exponent: e, current: current)
    }
    // GMP may alias outputs with inputs; Swift's `&` may not, so the temporaries are raw pointers.
    return withUnsafeTemporaryAllocation(of: __mpz_struct.self, capacity: 2) { buffer in
        let t = buffer.baseAddress!
        let s = t + 1
        __gmpz_init(t)
        // t = b's numerator scaled to 2^e, then combined with a's (scaled when j < e).
        __gmpz_mul_2exp(t, cgmp_mpq_numref_const(b), mp_bitcnt_t(e - k))
        var aNumerator = cgmp_mpq_numref_const(a)
        if j < e {
            __gmpz_init(s)
            __gmpz_mul_2exp(s, aNumerator, mp_bitcnt_t(e - j))
            aNumerator = UnsafePointer(s)
        }
        if subtract { __gmpz_sub(t, aNumerator, t) } else { __gmpz_add(t, aNumerator, t) }
        if j < e { __gmpz_clear(s) }
        let exponent = setDyadic(r, numerator: t, exponent: e, current: current)
        __gmpz_clear(t)
        return exponent
    }
}

/// `r` = a·b; returns the result's denominator exponent when the operands were dyadic, else −1.
/// `current` as for ``exactAddOrSubtract(_:_:_:subtract:current:)``.
@usableFromInline
func exactMultiply(
    _ r: UnsafeMutablePointer<__mpq_struct>, _ a: UnsafePointer<__mpq_struct>, _ b: UnsafePointer<__mpq_struct>,
    current: Int
) -> Int {
    guard let j = powerOfTwoExponent(cgmp_mpq_denref_const(a)), let k = powerOfTwoExponent(cgmp_mpq_denref_const(b))
    else {
        __gmpq_mul(r, a, b)
        return -1
    }
    // The exponents are read above, so writing the numerator in place is safe even when r aliases a or b.
    __gmpz_mul(cgmp_mpq_numref(r), cgmp_mpq_numref_const(a), cgmp_mpq_numref_const(b))
    return normalizeDyadic(r, exponent: j + k, current: current)
}
