#ifndef EXACTNET_CGMP_SHIM_H
#define EXACTNET_CGMP_SHIM_H

#include <gmp.h>
#include <stddef.h>

/* GMP spells these as function-like macros, which Swift cannot import;
   the wrappers give them names and types. */

static inline mpz_ptr cgmp_mpq_numref(mpq_ptr q) { return mpq_numref(q); }
static inline mpz_ptr cgmp_mpq_denref(mpq_ptr q) { return mpq_denref(q); }
static inline mpz_srcptr cgmp_mpq_numref_const(mpq_srcptr q) { return mpq_numref(q); }
static inline mpz_srcptr cgmp_mpq_denref_const(mpq_srcptr q) { return mpq_denref(q); }
static inline int cgmp_mpz_sgn(mpz_srcptr z) { return mpz_sgn(z); }
static inline int cgmp_mpq_sgn(mpq_srcptr q) { return mpq_sgn(q); }
static inline int cgmp_mpz_odd_p(mpz_srcptr z) { return mpz_odd_p(z); }
static inline int cgmp_mpz_cmp_si(mpz_srcptr z, long v) { return mpz_cmp_si(z, v); }
static inline int cgmp_mpq_cmp_si(mpq_srcptr q, long n, unsigned long d) { return mpq_cmp_si(q, n, d); }
static inline size_t cgmp_mpz_size(mpz_srcptr z) { return mpz_size(z); }
static inline mp_limb_t cgmp_mpz_getlimbn(mpz_srcptr z, mp_size_t n) { return mpz_getlimbn(z, n); }
static inline int cgmp_mpz_fits_slong_p(mpz_srcptr z) { return mpz_fits_slong_p(z); }
static inline long cgmp_mpz_get_si(mpz_srcptr z) { return mpz_get_si(z); }
static inline void cgmp_mpz_neg(mpz_ptr r, mpz_srcptr z) { mpz_neg(r, z); }
static inline void cgmp_mpz_abs(mpz_ptr r, mpz_srcptr z) { mpz_abs(r, z); }

/* A read-only mpz_t over caller-owned limbs: lets a machine-word operand join
   a GMP operation without a heap allocation. */
static inline void cgmp_mpz_roinit_limb(mpz_ptr z, const mp_limb_t *limb, int sign) {
    if (sign == 0) {
        mpz_roinit_n(z, limb, 0);
    } else {
        mpz_roinit_n(z, limb, sign < 0 ? -1 : 1);
    }
}

#endif
