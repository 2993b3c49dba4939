#ifndef EXACTNET_DYADIC_LIMIT_H
#define EXACTNET_DYADIC_LIMIT_H

/* The limit for the exact engine (issue 9): the whole-process benchmark's dense ReLU MLP
   (python/mlp_answer_key.py: the same weights, biases, samples, squared error, sum over samples,
   learning rate 1/8), trained in C over raw GMP integers with every value kept dyadic
   (m / 2^e, m odd): the same forward pass, backward pass, update and final evaluation as
   `Network.train`, without a trace. */

/* Trains `steps` steps of the network with `layer_count` layer sizes on `samples` samples,
   `repeats` times after one warm-up, and returns the median nanoseconds of one training. The
   final parameters, in declaration order, are written into `final` as "n/d" strings separated
   by '\n' (at most `capacity` bytes; the return value is negative if they do not fit). */
double dyadic_limit_train(const int *sizes, int layer_count, int samples, int steps, int repeats, char *final,
                          long capacity);

/* One training whose state is allocated inside the timing (every number starts without limbs),
   as each `Network.train` allocates its own; returns its nanoseconds. The repeats of
   `dyadic_limit_train` after its warm-up reuse numbers that have already grown. */
double dyadic_limit_train_fresh(const int *sizes, int layer_count, int samples, int steps);

#endif
