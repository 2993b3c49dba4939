#ifndef EXACTNET_GMP_BASELINE_H
#define EXACTNET_GMP_BASELINE_H

/* Raw C GMP, timed in C, as the peer of the Swift Rational benchmarks. */

enum gmp_baseline_op {
    GMP_BASELINE_ADD = 0,
    GMP_BASELINE_MUL = 1,
    GMP_BASELINE_DIV = 2,
    GMP_BASELINE_CMP = 3,
    GMP_BASELINE_DOT64 = 4
};

/* Nanoseconds per operation over `count` operand pairs (decimal "n/d" strings),
   repeated `rounds` times. With `fresh` set, every result gets its own mpq_t
   (init + op + clear), as a value type must; otherwise one preallocated result
   is reused. DOT64 treats the operands as vectors of 64 and reports ns per dot. */
double gmp_baseline_time(int op, const char *const *lhs, const char *const *rhs, int count, long rounds, int fresh);

#endif
