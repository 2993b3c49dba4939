// Arb (ball arithmetic, from Debian's libflint-arb-dev) for CertifiedArithmetic. Arb's own
// access macros (arb_midref, ARF_EXP) and the few multi-step operations the Swift side needs
// get static inline wrappers here, so Swift never touches a struct layout.
#ifndef EXACTNET_CARB_SHIM_H
#define EXACTNET_CARB_SHIM_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

/// The correctly rounded n-significant-digit decimal of the real number x encloses, when the
/// ball is narrow enough to fix it: returns the n digits (free with flint_free) and sets *e10
/// so that the value is 0.d1…dn × 10^(*e10 + 1) (d1 ≠ 0), rounded half to even. NULL when the
/// ball straddles a rounding boundary (more precision is needed), contains zero without being
/// zero, is not finite, or has an exponent beyond a machine word.
static inline char *exn_arb_round_digits(
    arb_srcptr x, slong n, slong prec, slong *e10, int *negative, const fmpz *powers, slong count) {
    if (!arb_is_finite(x) || arb_contains_zero(x) || n < 1) return NULL;
    const fmpz *e2 = ARF_EXPREF(arb_midref(x));
    if (!fmpz_fits_si(e2)) return NULL;
    slong binary = fmpz_get_si(e2);
    if (binary > (WORD(1) << 40) || binary < -(WORD(1) << 40)) return NULL;
    // |x| is in [2^(binary-1), 2^binary): a first guess at floor(log10 |x|), corrected below.
    slong e = (slong)floor((double)(binary - 1) * 0.30102999566398119521);
    char *digits = NULL;
    arb_t t, s;
    arf_t lo, hi;
    fmpz_t mlo, mhi, low, high;
    arb_init(t);
    arb_init(s);
    arf_init(lo);
    arf_init(hi);
    fmpz_init(mlo);
    fmpz_init(mhi);
    fmpz_init(low);
    fmpz_init(high);
    const fmpz *cached_low = n - 1 < count ? powers + n - 1 : NULL, *cached_high = n < count ? powers + n : NULL;
    if (cached_low) fmpz_set(low, cached_low); else fmpz_ui_pow_ui(low, 10, (ulong)(n - 1));
    if (cached_high) fmpz_set(high, cached_high); else fmpz_ui_pow_ui(high, 10, (ulong)n);
    for (int attempt = 0; attempt < 4; attempt++) {
        slong k = n - 1 - e;
        slong m = k < 0 ? -k : k;
        const fmpz *power = m < count ? powers + m : NULL;
        if (power) arb_set_round_fmpz(s, power, prec + 64); else arb_ui_pow_ui(s, 10, (ulong)(k < 0 ? -k : k), prec + 64);
        if (k < 0) arb_div(t, x, s, prec + 64); else arb_mul(t, x, s, prec + 64);
        arb_get_lbound_arf(lo, t, prec + 64);
        arb_get_ubound_arf(hi, t, prec + 64);
        arf_get_fmpz(mlo, lo, ARF_RND_NEAR);
        arf_get_fmpz(mhi, hi, ARF_RND_NEAR);
        if (!fmpz_equal(mlo, mhi)) break;
        *negative = fmpz_sgn(mlo) < 0;
        fmpz_abs(mlo, mlo);
        if (fmpz_cmp(mlo, high) >= 0) { e++; continue; }
        if (fmpz_cmp(mlo, low) < 0) { e--; continue; }
        digits = fmpz_get_str(NULL, 10, mlo);
        *e10 = e;
        break;
    }
    arb_clear(t);
    arb_clear(s);
    arf_clear(lo);
    arf_clear(hi);
    fmpz_clear(mlo);
    fmpz_clear(mhi);
    fmpz_clear(low);
    fmpz_clear(high);
    return digits;
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

/// The correctly rounded n-significant-digit decimal of x, written for a reader (fixed notation
/// from 1e-6 up to 1e21, else d.ddde±x), or NULL as for exn_arb_round_digits. Free with flint_free.
static inline char *exn_arb_decimal(arb_srcptr x, slong n, slong prec, const fmpz *powers, slong count) {
    if (arb_is_zero(x)) {
        char *zero = (char *)flint_malloc(2);
        zero[0] = '0';
        zero[1] = 0;
        return zero;
    }
    slong e = 0;
    int negative = 0;
    char *d = exn_arb_round_digits(x, n, prec, &e, &negative, powers, count);
    if (d == NULL) return NULL;
    slong len = (slong)strlen(d);
    char *out = (char *)flint_malloc((size_t)len + 48);
    char *o = out;
    if (negative) *o++ = '-';
    if (e < -6 || e >= 21) {
        *o++ = d[0];
        if (len > 1) {
            *o++ = '.';
            memcpy(o, d + 1, (size_t)(len - 1));
            o += len - 1;
        }
        sprintf(o, "e%c%ld", e < 0 ? '-' : '+', (long)(e < 0 ? -e : e));
    } else if (e < 0) {
        *o++ = '0';
        *o++ = '.';
        for (slong i = 0; i < -e - 1; i++) *o++ = '0';
        memcpy(o, d, (size_t)len);
        o[len] = 0;
    } else if (e + 1 >= len) {
        memcpy(o, d, (size_t)len);
        o += len;
        for (slong i = 0; i < e + 1 - len; i++) *o++ = '0';
        *o = 0;
    } else {
        memcpy(o, d, (size_t)(e + 1));
        o += e + 1;
        *o++ = '.';
        memcpy(o, d + e + 1, (size_t)(len - e - 1));
        o[len - e - 1] = 0;
    }
    flint_free(d);
    return out;
}

/// FLINT keeps freed integers in a per-thread cache; freeing it when the process exits makes
/// every allocation visibly freed (valgrind otherwise reports the cache as possibly lost).
static inline void exn_register_cleanup(void) { atexit(flint_cleanup); }

static inline void exn_free_string(char *s) { flint_free(s); }

/// Comparisons that are certain: 1 when every point of x is below / above every point of y.
static inline int exn_arb_lt(arb_srcptr x, arb_srcptr y) { return arb_lt(x, y); }
static inline int exn_arb_gt(arb_srcptr x, arb_srcptr y) { return arb_gt(x, y); }
/// 1 when x and y are the same exact point.
static inline int exn_arb_equal_points(arb_srcptr x, arb_srcptr y) { return arb_is_exact(x) && arb_is_exact(y) && arb_equal(x, y); }

#endif
