#include "GMPBaseline.h"
#include <gmp.h>
#include <stdlib.h>
#include <time.h>

static double now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static mpq_t *parse_all(const char *const *text, int count) {
    mpq_t *values = malloc(sizeof(mpq_t) * (size_t)count);
    for (int i = 0; i < count; i++) {
        mpq_init(values[i]);
        mpq_set_str(values[i], text[i], 10);
        mpq_canonicalize(values[i]);
    }
    return values;
}

static void free_all(mpq_t *values, int count) {
    for (int i = 0; i < count; i++) mpq_clear(values[i]);
    free(values);
}

volatile long gmp_baseline_sink;

double gmp_baseline_time(int op, const char *const *lhs, const char *const *rhs, int count, long rounds, int fresh) {
    mpq_t *a = parse_all(lhs, count), *b = parse_all(rhs, count);
    mpq_t r, t;
    mpq_init(r);
    mpq_init(t);
    long sink = 0;
    double start = now_ns();
    long operations = 0;
    for (long round = 0; round < rounds; round++) {
        if (op == GMP_BASELINE_DOT64) {
            for (int base = 0; base + 64 <= count; base += 64) {
                mpq_set_ui(r, 0, 1);
                for (int i = base; i < base + 64; i++) {
                    if (fresh) {
                        mpq_t p;
                        mpq_init(p);
                        mpq_mul(p, a[i], b[i]);
                        mpq_add(r, r, p);
                        mpq_clear(p);
                    } else {
                        mpq_mul(t, a[i], b[i]);
                        mpq_add(r, r, t);
                    }
                }
                sink += mpq_sgn(r);
                operations++;
            }
            continue;
        }
        for (int i = 0; i < count; i++) {
            if (op == GMP_BASELINE_CMP) {
                sink += mpq_cmp(a[i], b[i]);
                operations++;
                continue;
            }
            mpq_t p;
            mpq_ptr out = r;
            if (fresh) {
                mpq_init(p);
                out = p;
            }
            switch (op) {
            case GMP_BASELINE_ADD: mpq_add(out, a[i], b[i]); break;
            case GMP_BASELINE_MUL: mpq_mul(out, a[i], b[i]); break;
            default: mpq_div(out, a[i], b[i]); break;
            }
            sink += mpq_sgn(out);
            if (fresh) mpq_clear(p);
            operations++;
        }
    }
    double elapsed = now_ns() - start;
    gmp_baseline_sink = sink;
    mpq_clear(r);
    mpq_clear(t);
    free_all(a, count);
    free_all(b, count);
    return elapsed / (double)operations;
}
