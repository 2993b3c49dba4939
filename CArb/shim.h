// Arb (ball arithmetic, from Debian's libflint-arb-dev) for CertifiedArithmetic. Arb's own
// access macros (arb_midref, ARF_EXP) and the few multi-step operations the Swift side needs
// get static inline wrappers here, so Swift never touches a struct layout.
#ifndef EXACTNET_CARB_SHIM_H
#define EXACTNET_CARB_SHIM_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <stdint.h>
#include <arb.h>

/// A new ball, set to 0. Free it with exn_arb_free.
static inline arb_ptr exn_arb_new(void) {
    arb_ptr x = (arb_ptr)flint_malloc(sizeof(arb_struct));
    arb_init(x);
    return x;
}

static inline void exn_arb_free(arb_ptr x) {
    arb_clear(x);
    flint_free(x);
}

/// x = num/den (decimal integer strings, den > 0), rounded to prec bits inside a ball that contains it.
static inline int exn_arb_set_fraction(arb_ptr x, const char *num, const char *den, slong prec) {
    fmpz_t n, d;
    fmpz_init(n);
    fmpz_init(d);
    int ok = fmpz_set_str(n, num, 10) == 0 && fmpz_set_str(d, den, 10) == 0 && !fmpz_is_zero(d);
    if (ok) arb_fmpz_div_fmpz(x, n, d, prec);
    fmpz_clear(n);
    fmpz_clear(d);
    return ok;
}

/// The radius, as a double rounded up (for messages and tests).
static inline double exn_arb_radius(arb_srcptr x) { return mag_get_d(arb_radref(x)); }

/// The midpoint, as the nearest double.
static inline double exn_arb_midpoint(arb_srcptr x) { return arf_get_d(arb_midref(x), ARF_RND_NEAR); }

/// 1 when every point of x rounds to the same double, which is stored in *out: the correctly
/// rounded double of whatever real number x encloses.
static inline int exn_arb_get_double(arb_srcptr x, double *out, slong prec) {
    if (!arb_is_finite(x)) return 0;
    arf_t lo, hi;
    arf_init(lo);
    arf_init(hi);
    arb_get_lbound_arf(lo, x, prec);
    arb_get_ubound_arf(hi, x, prec);
    double a = arf_get_d(lo, ARF_RND_NEAR), b = arf_get_d(hi, ARF_RND_NEAR);
    arf_clear(lo);
    arf_clear(hi);
    if (a != b) return 0;
    *out = a;
    return 1;
}

/// A table of 10^0 … 10^(count-1) (every printed digit string needs 10^(n-1), 10^n and the
/// power that scales the value); free it with exn_powers_of_ten_free.
static inline fmpz *exn_powers_of_ten_new(slong count) {
    fmpz *table = (fmpz *)flint_malloc(sizeof(fmpz) * (size_t)count);
    for (slong i = 0; i < count; i++) {
        fmpz_init(table + i);
        fmpz_ui_pow_ui(table + i, 10, (ulong)i);
    }
    return table;
}

static inline void exn_powers_of_ten_free(fmpz *table, slong count) {
    for (slong i = 0; i < count; i++) fmpz_clear(table + i);
    flint_free(table);
}

/// f ≥ 0 as limbs: its own word for a small value, else its GMP integer's.
static inline void exn_fmpz_limbs(const fmpz *f, mp_limb_t *word, mp_srcptr *limbs, mp_size_t *size) {
    if (COEFF_IS_MPZ(*f)) {
        mpz_srcptr z = COEFF_TO_PTR(*f);
        *limbs = z->_mp_d;
        *size = z->_mp_size;
    } else {
        *word = (mp_limb_t)*f;
        *limbs = word;
        *size = *word == 0 ? 0 : 1;
    }
}

/// q = v / 2^s rounded to nearest, ties to even (v has w limbs, 1 <= s < 64 w; q has room for
/// w + 1 limbs); returns q's size without leading zero limbs.
static inline mp_size_t exn_round_half_even(mp_limb_t *q, mp_srcptr v, mp_size_t w, slong s) {
    mp_limb_t t[16];
    mpn_copyi(t, v, w);
    t[w] = 0;
    slong half = s - 1;
    mpn_add_1(t + half / FLINT_BITS, t + half / FLINT_BITS, w + 1 - half / FLINT_BITS,
              (mp_limb_t)1 << (half % FLINT_BITS));
    // A tie is a sum whose s low bits are all zero.
    int tie = 1;
    for (slong i = 0; i < s / FLINT_BITS; i++) if (t[i] != 0) tie = 0;
    if (s % FLINT_BITS != 0 && (t[s / FLINT_BITS] & (((mp_limb_t)1 << (s % FLINT_BITS)) - 1)) != 0) tie = 0;
    mp_size_t m = w + 1 - s / FLINT_BITS;
    if (s % FLINT_BITS != 0) mpn_rshift(q, t + s / FLINT_BITS, m, (unsigned)(s % FLINT_BITS));
    else mpn_copyi(q, t + s / FLINT_BITS, m);
    if (tie && (q[0] & 1)) mpn_sub_1(q, q, m, 1);
    while (m > 0 && q[m - 1] == 0) m--;
    return m;
}

/// The fast path of exn_arb_round_digits for what keys mostly hold (a midpoint of at most six
/// limbs, |x| below 10^n, the powers in the table): exact integer arithmetic on the stack, no
/// allocation. e is the guess at floor(log10 |x|). Returns 1 with the digits written, 0 when
/// the ball does not fix them, -1 for a case it does not handle (the general path decides).
static inline int exn_round_digits_fast(
    arb_srcptr x, slong n, slong e, char *out, slong *e10, int *negative, const fmpz *powers, slong count) {
    arf_srcptr mid = arb_midref(x);
    mag_srcptr rad = arb_radref(x);
    if (ARF_IS_SPECIAL(mid) || COEFF_IS_MPZ(ARF_EXP(mid)) || COEFF_IS_MPZ(MAG_EXP(rad)) || n + 1 >= count) return -1;
    mp_srcptr xp;
    mp_size_t xn;
    ARF_GET_MPN_READONLY(xp, xn, mid);
    if (xn > 6) return -1;
    mp_limb_t low_word, high_word, power_word;
    mp_srcptr low, high, pp;
    mp_size_t low_n, high_n, pn;
    exn_fmpz_limbs(powers + n - 1, &low_word, &low, &low_n);
    exn_fmpz_limbs(powers + n, &high_word, &high, &high_n);
    for (int attempt = 0; attempt < 3; attempt++) {
        slong k = n - 1 - e;
        if (k < 0 || k >= count) return -1;
        exn_fmpz_limbs(powers + k, &power_word, &pp, &pn);
        if (pn > 4) return -1;
        // mid = L / 2^s for the limbs L, so mid · 10^k = A / 2^(s + 64) with A = L · 10^k · 2^64:
        // a guard limb, so that rounding the radius up to a whole unit moves no bound across a tie.
        slong s = FLINT_BITS * xn - ARF_EXP(mid);
        if (s < 1 || s >= FLINT_BITS * (xn + pn)) return -1;
        s += FLINT_BITS;
        mp_size_t an = xn + pn + 1, w = an + 1;
        mp_limb_t A[14], B[14], lo[14], hi[14], qlo[14], qhi[14];
        A[0] = 0;
        if (xn >= pn) mpn_mul(A + 1, xp, xn, pp, pn); else mpn_mul(A + 1, pp, pn, xp, xn);
        A[an] = 0;
        // B ≥ rad · 10^k in the same units: man · 10^k · 2^(exp - MAG_BITS + s), rounded up.
        for (mp_size_t i = 0; i < w; i++) B[i] = 0;
        if (MAG_MAN(rad) != 0) {
            mp_limb_t R[6];
            mp_size_t rn = pn + 1;
            R[pn] = mpn_mul_1(R, pp, pn, MAG_MAN(rad));
            slong t = MAG_EXP(rad) - MAG_BITS + s;
            if (t >= 0) {
                slong limbs = t / FLINT_BITS;
                if (rn + limbs + 1 > w) return 0;  // a radius as large as the value: nothing is fixed
                if (t % FLINT_BITS != 0) B[rn + limbs] = mpn_lshift(B + limbs, R, rn, (unsigned)(t % FLINT_BITS));
                else mpn_copyi(B + limbs, R, rn);
            } else {
                slong u = -t, limbs = u / FLINT_BITS;
                if (limbs >= rn) {
                    B[0] = 1;
                } else {
                    int inexact = 0;
                    for (slong i = 0; i < limbs; i++) if (R[i] != 0) inexact = 1;
                    if (u % FLINT_BITS != 0) {
                        if (mpn_rshift(B, R + limbs, rn - limbs, (unsigned)(u % FLINT_BITS)) != 0) inexact = 1;
                    } else {
                        mpn_copyi(B, R + limbs, rn - limbs);
                    }
                    if (inexact) mpn_add_1(B, B, w, 1);
                }
            }
        }
        if (mpn_cmp(A, B, w) <= 0) return 0;
        mpn_sub_n(lo, A, B, w);
        mpn_add_n(hi, A, B, w);
        mp_size_t qn = exn_round_half_even(qlo, lo, w, s);
        if (exn_round_half_even(qhi, hi, w, s) != qn || mpn_cmp(qlo, qhi, qn) != 0) return 0;
        // The rounded value must have n digits: 10^(n-1) <= q < 10^n, else the guess at e was off.
        if (qn > high_n || (qn == high_n && mpn_cmp(qlo, high, qn) >= 0)) { e++; continue; }
        if (qn < low_n || (qn == low_n && mpn_cmp(qlo, low, qn) < 0)) return -1;  // not with e never above
        if (n <= 38) {
            // Up to 38 digits: two 19-digit halves by machine division (GMP's general
            // conversion costs several times more for numbers this small).
            static const char pairs[] =
                "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
                "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
                "8081828384858687888990919293949596979899";
            unsigned __int128 v = qn == 2 ? ((unsigned __int128)qlo[1] << 64) | qlo[0] : qlo[0];
            const uint64_t base = UINT64_C(10000000000000000000);
            // Written from the end, two digits at a time: the low 19 digits, then the rest.
            char digits[40];
            char *end = digits + 40, *p = end;
            uint64_t high = (uint64_t)(v / base), low = (uint64_t)(v % base);
            for (int i = 0; i < 9; i++, low /= 100) {
                p -= 2;
                memcpy(p, pairs + 2 * (low % 100), 2);
            }
            *--p = (char)('0' + low);
            for (; high != 0; high /= 10) *--p = (char)('0' + high % 10);
            while (p < end - 1 && *p == '0') p++;
            memcpy(out, p, (size_t)(end - p));
            out[end - p] = 0;
        } else {
            unsigned char digits[12 * 20 + 2];
            size_t len = mpn_get_str(digits, 10, qlo, qn);
            for (size_t i = 0; i < len; i++) out[i] = (char)('0' + digits[i]);
            out[len] = 0;
        }
        *negative = ARF_SGNBIT(mid);
        *e10 = e;
        return 1;
    }
    return -1;
}

/// The correctly rounded n-significant-digit decimal of the real number x encloses, when the
/// ball is narrow enough to fix it: writes the n digits and a NUL into out (room for n + 2
/// bytes), sets *e10 so that the value is 0.d1…dn × 10^(*e10 + 1) (d1 ≠ 0), rounded half to
/// even, and returns 1. Returns 0 when the ball straddles a rounding boundary (more precision is
/// needed), contains zero without being zero, is not finite, or has an exponent beyond a word.
static inline int exn_arb_round_digits(
    arb_srcptr x, slong n, slong prec, char *out, slong *e10, int *negative, const fmpz *powers, slong count) {
    if (!arb_is_finite(x) || arb_contains_zero(x) || n < 1) return 0;
    const fmpz *e2 = ARF_EXPREF(arb_midref(x));
    if (!fmpz_fits_si(e2)) return 0;
    slong binary = fmpz_get_si(e2);
    if (binary > (WORD(1) << 40) || binary < -(WORD(1) << 40)) return 0;
    // A guess at floor(log10 |x|) that is never above it (from the leading limb, less a margin
    // for the double's rounding), raised below while the digits overflow. A guess above would
    // round at too coarse a place: 0.99999… could come out as 1.000… although its digits are
    // not fixed.
    slong e;
    if (binary > -1000 && binary < 1000 && !ARF_IS_SPECIAL(arb_midref(x))) {
        // The top limb is the midpoint's leading 64 bits: |x| = top · 2^(binary - 64), nearly.
        mp_srcptr xp;
        mp_size_t xn;
        ARF_GET_MPN_READONLY(xp, xn, arb_midref(x));
        e = (slong)floor(log10(ldexp((double)xp[xn - 1], (int)(binary - FLINT_BITS))) - 1e-9);
    } else {
        e = (slong)floor((double)(binary - 1) * 0.30102999566398119521);
    }
    int fast = exn_round_digits_fast(x, n, e, out, e10, negative, powers, count);
    if (fast >= 0) return fast;
    int found = 0;
    arb_t t;
    arf_t lo, hi;
    fmpz_t mlo, mhi, own_low, own_high, own_power;
    arb_init(t);
    arf_init(lo);
    arf_init(hi);
    fmpz_init(mlo);
    fmpz_init(mhi);
    fmpz_init(own_low);
    fmpz_init(own_high);
    fmpz_init(own_power);
    // The table's powers are read in place: 10^20 and up are GMP integers, a copy would allocate.
    const fmpz *low = own_low, *high = own_high;
    if (n - 1 < count) low = powers + n - 1; else fmpz_ui_pow_ui(own_low, 10, (ulong)(n - 1));
    if (n < count) high = powers + n; else fmpz_ui_pow_ui(own_high, 10, (ulong)n);
    for (int attempt = 0; attempt < 4; attempt++) {
        slong k = n - 1 - e;
        slong m = k < 0 ? -k : k;
        const fmpz *power = own_power;
        if (m < count) power = powers + m; else fmpz_ui_pow_ui(own_power, 10, (ulong)m);
        if (k < 0) arb_div_fmpz(t, x, power, prec + 64); else arb_mul_fmpz(t, x, power, prec + 64);
        arb_get_lbound_arf(lo, t, prec + 64);
        arb_get_ubound_arf(hi, t, prec + 64);
        arf_get_fmpz(mlo, lo, ARF_RND_NEAR);
        arf_get_fmpz(mhi, hi, ARF_RND_NEAR);
        if (!fmpz_equal(mlo, mhi)) break;
        *negative = fmpz_sgn(mlo) < 0;
        fmpz_abs(mlo, mlo);
        if (fmpz_cmp(mlo, high) >= 0) { e++; continue; }
        if (fmpz_cmp(mlo, low) < 0) break;  // not with e never above
        fmpz_get_str(out, 10, mlo);
        *e10 = e;
        found = 1;
        break;
    }
    arb_clear(t);
    arf_clear(lo);
    arf_clear(hi);
    fmpz_clear(mlo);
    fmpz_clear(mhi);
    fmpz_clear(own_low);
    fmpz_clear(own_high);
    fmpz_clear(own_power);
    return found;
}

/// The lower (upper == 0) or upper bound of x as mantissa · 2^exponent: returns the mantissa's
/// decimal digits (free with flint_free) and sets *exponent; NULL when x is not finite or the
/// exponent does not fit a machine word.
static inline char *exn_arb_bound(arb_srcptr x, int upper, slong prec, slong *exponent) {
    if (!arb_is_finite(x)) return NULL;
    arf_t b;
    fmpz_t man, exp;
    arf_init(b);
    fmpz_init(man);
    fmpz_init(exp);
    if (upper) arb_get_ubound_arf(b, x, prec); else arb_get_lbound_arf(b, x, prec);
    arf_get_fmpz_2exp(man, exp, b);
    char *digits = NULL;
    if (fmpz_fits_si(exp)) {
        *exponent = fmpz_get_si(exp);
        digits = fmpz_get_str(NULL, 10, man);
    }
    arf_clear(b);
    fmpz_clear(man);
    fmpz_clear(exp);
    return digits;
}

/// A ball's decimal for one digit count, kept with the ball once computed: length -1 when the
/// ball does not fix the digits, else the text follows the header (NUL-terminated).
typedef struct {
    slong digits;
    slong length;
} exn_decimal;

/// The text of a record (length bytes).
static inline const unsigned char *exn_decimal_text(const exn_decimal *record) {
    return (const unsigned char *)(record + 1);
}

static inline void exn_decimal_free(exn_decimal *record) { free(record); }

/// A record with room for an n-digit decimal: digits, sign, point, the zeros of 1e-6 and an
/// exponent fit in n + 48 bytes. The digits are computed into its room at offset 40.
static inline exn_decimal *exn_decimal_new(slong n) {
    exn_decimal *record = (exn_decimal *)malloc(sizeof(exn_decimal) + (size_t)n + 48);
    record->digits = n;
    record->length = -1;
    ((char *)(record + 1))[0] = 0;
    return record;
}

static inline char *exn_decimal_room(exn_decimal *record) { return (char *)(record + 1) + 40; }

/// Moves the digits at the record's room into place, written for a reader: fixed notation
/// from 1e-6 up to 1e21, else d.ddde±x, for the value 0.d1…dn × 10^(e + 1).
static inline void exn_decimal_finish(exn_decimal *record, slong e, int negative) {
    char *o = (char *)(record + 1), *start = o, *d = exn_decimal_room(record);
    slong len = (slong)strlen(d);
    if (negative) *o++ = '-';
    if (e < -6 || e >= 21) {
        char first = d[0];
        if (len > 1) {
            memmove(o + 2, d + 1, (size_t)(len - 1));
            o[1] = '.';
            o[0] = first;
            o += len + 1;
        } else {
            *o++ = first;
        }
        o += sprintf(o, "e%c%ld", e < 0 ? '-' : '+', (long)(e < 0 ? -e : e));
    } else if (e < 0) {
        slong zeros = -e - 1;
        memmove(o + 2 + zeros, d, (size_t)len);
        *o++ = '0';
        *o++ = '.';
        for (slong i = 0; i < zeros; i++) *o++ = '0';
        o += len;
    } else if (e + 1 >= len) {
        memmove(o, d, (size_t)len);
        o += len;
        for (slong i = 0; i < e + 1 - len; i++) *o++ = '0';
    } else {
        memmove(o, d, (size_t)(e + 1));
        o += e + 1;
        memmove(o + 1, d + e + 1, (size_t)(len - e - 1));
        *o++ = '.';
        o += len - e - 1;
    }
    *o = 0;
    record->length = (slong)(o - start);
}

static inline exn_decimal *exn_decimal_zero(exn_decimal *record) {
    char *o = (char *)(record + 1);
    o[0] = '0';
    o[1] = 0;
    record->length = 1;
    return record;
}

/// The correctly rounded n-significant-digit decimal of x, written for a reader, as a record
/// (length -1 when the ball does not fix it, as for exn_arb_round_digits). Free it with
/// exn_decimal_free.
static inline exn_decimal *exn_arb_decimal_record(arb_srcptr x, slong n, slong prec, const fmpz *powers, slong count) {
    exn_decimal *record = exn_decimal_new(n);
    if (arb_is_zero(x)) return exn_decimal_zero(record);
    slong e = 0;
    int negative = 0;
    if (exn_arb_round_digits(x, n, prec, exn_decimal_room(record), &e, &negative, powers, count))
        exn_decimal_finish(record, e, negative);
    return record;
}

/// The correctly rounded (ties to even) n-significant-digit decimal of the fraction num/den
/// (den > 0), exactly: a ball cannot round an exact tie such as 7/800 to 2 digits, this can.
static inline exn_decimal *exn_fraction_decimal_record(const fmpz_t num, const fmpz_t den, slong n) {
    exn_decimal *record = exn_decimal_new(n);
    if (fmpz_is_zero(num)) return exn_decimal_zero(record);
    // floor(log10 |num/den|) lies within a digit of this guess; it starts below and rises.
    slong e = (slong)floor((double)((slong)fmpz_bits(num) - 1 - (slong)fmpz_bits(den)) * 0.30102999566398119521) - 1;
    fmpz_t a, b, q, r, high;
    fmpz_init(a);
    fmpz_init(b);
    fmpz_init(q);
    fmpz_init(r);
    fmpz_init(high);
    fmpz_ui_pow_ui(high, 10, (ulong)n);
    for (int attempt = 0; attempt < 8; attempt++) {
        // q = round(|num| · 10^k / den), k = n - 1 - e, ties to even.
        slong k = n - 1 - e;
        fmpz_abs(a, num);
        fmpz_set(b, den);
        if (k >= 0) {
            fmpz_ui_pow_ui(q, 10, (ulong)k);
            fmpz_mul(a, a, q);
        } else {
            fmpz_ui_pow_ui(q, 10, (ulong)-k);
            fmpz_mul(b, b, q);
        }
        fmpz_fdiv_qr(q, r, a, b);
        fmpz_mul_2exp(r, r, 1);
        int c = fmpz_cmp(r, b);
        if (c > 0 || (c == 0 && fmpz_is_odd(q))) fmpz_add_ui(q, q, 1);
        if (fmpz_cmp(q, high) >= 0) {
            e++;
            continue;
        }
        fmpz_get_str(exn_decimal_room(record), 10, q);
        exn_decimal_finish(record, e, fmpz_sgn(num) < 0);
        break;
    }
    fmpz_clear(a);
    fmpz_clear(b);
    fmpz_clear(q);
    fmpz_clear(r);
    fmpz_clear(high);
    return record;
}

/// exn_fraction_decimal_record for a fraction of machine words.
static inline exn_decimal *exn_fraction_decimal_record_si(slong num, slong den, slong n) {
    fmpz_t a, b;
    fmpz_init_set_si(a, num);
    fmpz_init_set_si(b, den);
    exn_decimal *record = exn_fraction_decimal_record(a, b, n);
    fmpz_clear(a);
    fmpz_clear(b);
    return record;
}

/// exn_fraction_decimal_record for a fraction given as decimal strings.
static inline exn_decimal *exn_fraction_decimal_record_str(const char *num, const char *den, slong n) {
    fmpz_t a, b;
    fmpz_init(a);
    fmpz_init(b);
    fmpz_set_str(a, num, 10);
    fmpz_set_str(b, den, 10);
    exn_decimal *record = exn_fraction_decimal_record(a, b, n);
    fmpz_clear(a);
    fmpz_clear(b);
    return record;
}

/// A ball with its working precision and its kept decimal: the header of one Swift object.
typedef struct {
    arb_struct ball;
    slong precision;
    exn_decimal *decimal;
} exn_ball;

static inline void exn_ball_init(exn_ball *b, slong precision) {
    arb_init(&b->ball);
    b->precision = precision;
    b->decimal = NULL;
}

static inline arb_ptr exn_ball_arb(exn_ball *b) { return &b->ball; }

/// The kept decimal, or NULL.
static inline exn_decimal *exn_ball_decimal(exn_ball *b) { return __atomic_load_n(&b->decimal, __ATOMIC_ACQUIRE); }

/// Keeps record when none is kept yet (1), else leaves the kept one (0): a kept decimal is
/// never replaced while others may read it.
static inline int exn_ball_keep_decimal(exn_ball *b, exn_decimal *record) {
    exn_decimal *none = NULL;
    return __atomic_compare_exchange_n(&b->decimal, &none, record, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
}

/// Takes the kept decimal out (the caller frees it), for a ball nothing else holds.
static inline exn_decimal *exn_ball_take_decimal(exn_ball *b) { return __atomic_exchange_n(&b->decimal, NULL, __ATOMIC_ACQ_REL); }

static inline void exn_ball_clear(exn_ball *b) {
    if (b->decimal != NULL) free(b->decimal);
    arb_clear(&b->ball);
}

/// FLINT keeps freed integers in a per-thread cache; freeing it when the process exits makes
/// every allocation visibly freed (valgrind otherwise reports the cache as possibly lost).
static inline void exn_register_cleanup(void) { atexit(flint_cleanup); }

static inline void exn_free_string(char *s) { flint_free(s); }

/// Frees the calling thread's FLINT caches (integers, Arb's constants): a worker thread's would
/// otherwise outlive the work, where the exit handler (main thread only) cannot reach them.
static inline void exn_free_thread_caches(void) { flint_cleanup(); }

/// Comparisons that are certain: 1 when every point of x is below / above every point of y.
static inline int exn_arb_lt(arb_srcptr x, arb_srcptr y) { return arb_lt(x, y); }
static inline int exn_arb_gt(arb_srcptr x, arb_srcptr y) { return arb_gt(x, y); }
/// 1 when x and y are the same exact point.
static inline int exn_arb_equal_points(arb_srcptr x, arb_srcptr y) { return arb_is_exact(x) && arb_is_exact(y) && arb_equal(x, y); }

#endif
