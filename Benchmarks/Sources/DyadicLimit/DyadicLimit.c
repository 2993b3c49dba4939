#include "DyadicLimit.h"

#include <gmp.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* value = m / 2^e with e >= 0 and m odd whenever e > 0: one canonical form, as mpq_t would give. */
typedef struct {
    mpz_t m;
    unsigned long e;
} dyadic;

static void dy_init(dyadic *x) { mpz_init(x->m); x->e = 0; }
static void dy_clear(dyadic *x) { mpz_clear(x->m); }

static void dy_normalize(dyadic *x) {
    if (x->e == 0) return;
    if (mpz_sgn(x->m) == 0) { x->e = 0; return; }
    unsigned long k = mpz_scan1(x->m, 0);
    if (k > x->e) k = x->e;
    if (k) { mpz_tdiv_q_2exp(x->m, x->m, k); x->e -= k; }
}

static void dy_set_frac(dyadic *x, long n, unsigned long log2_den) {
    mpz_set_si(x->m, n);
    x->e = log2_den;
    dy_normalize(x);
}

static void dy_set(dyadic *r, const dyadic *a) { mpz_set(r->m, a->m); r->e = a->e; }

/* r = a + sign * b (r may be a or b); t is scratch. */
static void dy_add(dyadic *r, const dyadic *a, const dyadic *b, int sign, mpz_t t) {
    if (a->e >= b->e) {
        mpz_mul_2exp(t, b->m, a->e - b->e);
        if (sign > 0) mpz_add(r->m, a->m, t); else mpz_sub(r->m, a->m, t);
        r->e = a->e;
    } else {
        mpz_mul_2exp(t, a->m, b->e - a->e);
        if (sign > 0) mpz_add(r->m, t, b->m); else mpz_sub(r->m, t, b->m);
        r->e = b->e;
    }
    dy_normalize(r);
}

/* r = a * b: a product of odd numbers is odd, so it is canonical as it comes. */
static void dy_mul(dyadic *r, const dyadic *a, const dyadic *b) {
    mpz_mul(r->m, a->m, b->m);
    r->e = mpz_sgn(r->m) ? a->e + b->e : 0;
}

/* r += a * b. */
static void dy_addmul(dyadic *r, const dyadic *a, const dyadic *b, dyadic *p, mpz_t t) {
    dy_mul(p, a, b);
    dy_add(r, r, p, 1, t);
}

/* x *= 2^k (k may be negative). */
static void dy_scale(dyadic *x, long k) {
    if (mpz_sgn(x->m) == 0) return;
    if (k >= 0) {
        unsigned long drop = (unsigned long)k < x->e ? (unsigned long)k : x->e;
        x->e -= drop;
        if ((unsigned long)k > drop) mpz_mul_2exp(x->m, x->m, (unsigned long)k - drop);
    } else {
        x->e += (unsigned long)-k;
    }
}

typedef struct {
    int layers;        /* layer_count - 1 weight layers */
    const int *sizes;
    int samples;
    dyadic **w, **b;   /* w[l][j * in + i], b[l][j] for l = 0 … layers-1 */
    dyadic **gw, **gb; /* gradients summed over samples */
    dyadic **z, **h;   /* per layer: pre-activations and outputs (h[0] = inputs) */
    dyadic **gz, **gh; /* per layer: dL/dz and dL/dh */
    dyadic *x, *y;     /* samples × inputs, samples × outputs */
    dyadic loss, objective, p, d;
    mpz_t t;
} mlp;

static dyadic *dy_array(int n) {
    dyadic *a = malloc(sizeof(dyadic) * (size_t)(n > 0 ? n : 1));
    for (int i = 0; i < n; i++) dy_init(a + i);
    return a;
}

static void dy_array_free(dyadic *a, int n) {
    for (int i = 0; i < n; i++) dy_clear(a + i);
    free(a);
}

/* The formulas of python/mlp_answer_key.py. */
static void mlp_init(mlp *n, const int *sizes, int layer_count, int samples) {
    n->layers = layer_count - 1;
    n->sizes = sizes;
    n->samples = samples;
    int L = n->layers;
    n->w = malloc(sizeof(dyadic *) * (size_t)L);
    n->b = malloc(sizeof(dyadic *) * (size_t)L);
    n->gw = malloc(sizeof(dyadic *) * (size_t)L);
    n->gb = malloc(sizeof(dyadic *) * (size_t)L);
    n->z = malloc(sizeof(dyadic *) * (size_t)(L + 1));
    n->h = malloc(sizeof(dyadic *) * (size_t)(L + 1));
    n->gz = malloc(sizeof(dyadic *) * (size_t)(L + 1));
    n->gh = malloc(sizeof(dyadic *) * (size_t)(L + 1));
    for (int l = 0; l <= L; l++) {
        n->z[l] = dy_array(sizes[l]);
        n->h[l] = dy_array(sizes[l]);
        n->gz[l] = dy_array(sizes[l]);
        n->gh[l] = dy_array(sizes[l]);
    }
    for (int l = 0; l < L; l++) {
        int in = sizes[l], out = sizes[l + 1];
        n->w[l] = dy_array(in * out);
        n->b[l] = dy_array(out);
        n->gw[l] = dy_array(in * out);
        n->gb[l] = dy_array(out);
    }
    n->x = dy_array(samples * sizes[0]);
    n->y = dy_array(samples * sizes[L]);
    dy_init(&n->loss);
    dy_init(&n->objective);
    dy_init(&n->p);
    dy_init(&n->d);
    mpz_init(n->t);
}

static void mlp_reset(mlp *n) {
    int L = n->layers;
    for (int l = 0; l < L; l++) {
        int in = n->sizes[l], out = n->sizes[l + 1];
        for (int j = 0; j < out; j++) {
            for (int i = 0; i < in; i++) dy_set_frac(&n->w[l][j * in + i], ((l + 1) + 2 * j + 3 * i) % 7 - 3, 3);
            dy_set_frac(&n->b[l][j], j % 3 - 1, 4);
        }
    }
    for (int k = 0; k < n->samples; k++) {
        for (int i = 0; i < n->sizes[0]; i++) dy_set_frac(&n->x[k * n->sizes[0] + i], (3 * k + 5 * i) % 9 - 4, 2);
        for (int j = 0; j < n->sizes[L]; j++) dy_set_frac(&n->y[k * n->sizes[L] + j], (k + j) % 5 - 2, 1);
    }
}

static void mlp_free(mlp *n) {
    int L = n->layers;
    for (int l = 0; l <= L; l++) {
        dy_array_free(n->z[l], n->sizes[l]);
        dy_array_free(n->h[l], n->sizes[l]);
        dy_array_free(n->gz[l], n->sizes[l]);
        dy_array_free(n->gh[l], n->sizes[l]);
    }
    for (int l = 0; l < L; l++) {
        int in = n->sizes[l], out = n->sizes[l + 1];
        dy_array_free(n->w[l], in * out);
        dy_array_free(n->b[l], out);
        dy_array_free(n->gw[l], in * out);
        dy_array_free(n->gb[l], out);
    }
    dy_array_free(n->x, n->samples * n->sizes[0]);
    dy_array_free(n->y, n->samples * n->sizes[L]);
    free(n->w); free(n->b); free(n->gw); free(n->gb);
    free(n->z); free(n->h); free(n->gz); free(n->gh);
    dy_clear(&n->loss); dy_clear(&n->objective); dy_clear(&n->p); dy_clear(&n->d);
    mpz_clear(n->t);
}

/* Forward pass of sample k; the loss is added to the objective. */
static void mlp_forward(mlp *n, int k) {
    int L = n->layers;
    for (int i = 0; i < n->sizes[0]; i++) dy_set(&n->h[0][i], &n->x[k * n->sizes[0] + i]);
    for (int l = 0; l < L; l++) {
        int in = n->sizes[l], out = n->sizes[l + 1];
        for (int j = 0; j < out; j++) {
            dyadic *z = &n->z[l + 1][j];
            dy_set(z, &n->b[l][j]);
            for (int i = 0; i < in; i++) dy_addmul(z, &n->w[l][j * in + i], &n->h[l][i], &n->p, n->t);
            if (l + 1 < L && mpz_sgn(z->m) <= 0) { mpz_set_ui(n->h[l + 1][j].m, 0); n->h[l + 1][j].e = 0; }
            else dy_set(&n->h[l + 1][j], z);
        }
    }
    mpz_set_ui(n->loss.m, 0);
    n->loss.e = 0;
    for (int j = 0; j < n->sizes[L]; j++) {
        dy_add(&n->d, &n->y[k * n->sizes[L] + j], &n->h[L][j], -1, n->t); /* y - yhat */
        dy_addmul(&n->loss, &n->d, &n->d, &n->p, n->t);
    }
    dy_add(&n->objective, &n->objective, &n->loss, 1, n->t);
}

/* Backward pass of the sample just evaluated; gradients are added to gw, gb. */
static void mlp_backward(mlp *n, int k) {
    int L = n->layers;
    for (int j = 0; j < n->sizes[L]; j++) {
        dy_add(&n->gz[L][j], &n->h[L][j], &n->y[k * n->sizes[L] + j], -1, n->t); /* yhat - y */
        dy_scale(&n->gz[L][j], 1);                                               /* 2 (yhat - y) */
    }
    for (int l = L - 1; l >= 0; l--) {
        int in = n->sizes[l], out = n->sizes[l + 1];
        if (l > 0) for (int i = 0; i < in; i++) { mpz_set_ui(n->gh[l][i].m, 0); n->gh[l][i].e = 0; }
        for (int j = 0; j < out; j++) {
            dyadic *g = &n->gz[l + 1][j];
            if (mpz_sgn(g->m) == 0) continue;
            dy_add(&n->gb[l][j], &n->gb[l][j], g, 1, n->t);
            for (int i = 0; i < in; i++) {
                dy_addmul(&n->gw[l][j * in + i], g, &n->h[l][i], &n->p, n->t);
                if (l > 0) dy_addmul(&n->gh[l][i], g, &n->w[l][j * in + i], &n->p, n->t);
            }
        }
        if (l > 0)
            for (int i = 0; i < in; i++) {
                /* relu'(z) = 1 for z > 0, else 0 (relu'(0) = 0). */
                if (mpz_sgn(n->z[l][i].m) > 0) dy_set(&n->gz[l][i], &n->gh[l][i]);
                else { mpz_set_ui(n->gz[l][i].m, 0); n->gz[l][i].e = 0; }
            }
    }
}

static void mlp_train(mlp *n, int steps) {
    int L = n->layers;
    for (int s = 0; s <= steps; s++) {
        mpz_set_ui(n->objective.m, 0);
        n->objective.e = 0;
        for (int l = 0; l < L; l++) {
            int in = n->sizes[l], out = n->sizes[l + 1];
            for (int q = 0; q < in * out; q++) { mpz_set_ui(n->gw[l][q].m, 0); n->gw[l][q].e = 0; }
            for (int j = 0; j < out; j++) { mpz_set_ui(n->gb[l][j].m, 0); n->gb[l][j].e = 0; }
        }
        for (int k = 0; k < n->samples; k++) {
            mlp_forward(n, k);
            if (s < steps) mlp_backward(n, k); /* the last pass is the final evaluation */
        }
        if (s == steps) break;
        for (int l = 0; l < L; l++) {
            int in = n->sizes[l], out = n->sizes[l + 1];
            /* w <- w - lr * G with lr = 1/8: G scaled by 2^-3, then subtracted. */
            for (int q = 0; q < in * out; q++) {
                dy_scale(&n->gw[l][q], -3);
                dy_add(&n->w[l][q], &n->w[l][q], &n->gw[l][q], -1, n->t);
            }
            for (int j = 0; j < out; j++) {
                dy_scale(&n->gb[l][j], -3);
                dy_add(&n->b[l][j], &n->b[l][j], &n->gb[l][j], -1, n->t);
            }
        }
    }
}

static double now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int compare_doubles(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static long write_value(const dyadic *v, char *out, long room) {
    mpz_t den;
    mpz_init(den);
    mpz_ui_pow_ui(den, 2, v->e);
    long need = (long)(mpz_sizeinbase(v->m, 10) + mpz_sizeinbase(den, 10) + 4);
    long written = -1;
    if (need <= room) {
        mpz_get_str(out, 10, v->m);
        long len = (long)strlen(out);
        if (v->e > 0) {
            out[len++] = '/';
            mpz_get_str(out + len, 10, den);
            len += (long)strlen(out + len);
        }
        out[len++] = '\n';
        out[len] = 0;
        written = len;
    }
    mpz_clear(den);
    return written;
}

double dyadic_limit_train_fresh(const int *sizes, int layer_count, int samples, int steps) {
    mlp n;
    double start = now_ns();
    mlp_init(&n, sizes, layer_count, samples);
    mlp_reset(&n);
    mlp_train(&n, steps);
    double time = now_ns() - start;
    mlp_free(&n);
    return time;
}

double dyadic_limit_train(const int *sizes, int layer_count, int samples, int steps, int repeats, char *final,
                          long capacity) {
    mlp n;
    mlp_init(&n, sizes, layer_count, samples);
    double *times = malloc(sizeof(double) * (size_t)(repeats + 1));
    for (int r = 0; r <= repeats; r++) {
        mlp_reset(&n);
        double start = now_ns();
        mlp_train(&n, steps);
        times[r] = now_ns() - start;
    }
    qsort(times + 1, (size_t)repeats, sizeof(double), compare_doubles);
    double median = times[1 + repeats / 2];
    free(times);
    long used = 0;
    for (int l = 0; l < n.layers && median >= 0; l++) {
        int in = sizes[l], out = sizes[l + 1];
        for (int j = 0; j < out && median >= 0; j++) {
            for (int i = 0; i <= in; i++) {
                const dyadic *v = i < in ? &n.w[l][j * in + i] : &n.b[l][j];
                long len = write_value(v, final + used, capacity - used);
                if (len < 0) { median = -1; break; }
                used += len;
            }
        }
    }
    mlp_free(&n);
    return median;
}
