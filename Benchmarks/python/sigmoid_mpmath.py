#!/usr/bin/env python3
"""The whole-process peer of `exactnet run --scalar certified --format json`: a dense sigmoid MLP
with squared error, trained with mpmath at DIGITS + 10 working digits, writing the same JSON
answer key (exact values as fractions, the others to DIGITS significant digits).

    python3 sigmoid_mpmath.py exnet SIZES SAMPLES STEPS > net.exnet           # the network file both sides run
    python3 sigmoid_mpmath.py key   SIZES SAMPLES STEPS DIGITS > key.json     # the key, computed here

Values stay fractions while only field operations made them (as in exactnet's Certified); a
sigmoid makes an mpmath float. mpmath carries no error bound: its digits are very probably right,
exactnet's are proven right.
"""
import sys
from fractions import Fraction

import mpmath

import mlp_answer_key
from mlp_answer_key import answer_key, network, quantity_names


def exnet(sizes, samples, steps):
    return mlp_answer_key.exnet(sizes, samples, steps, activation="sigmoid")


# Exact while exact: a Fraction, or an mpf once a sigmoid touched the value.
def exact(x):
    return isinstance(x, Fraction)


def mpf(x):
    return mpmath.mpf(x.numerator) / x.denominator if exact(x) else x


def add(a, b):
    if exact(a) and a == 0:
        return b
    if exact(b) and b == 0:
        return a
    return a + b if exact(a) and exact(b) else mpf(a) + mpf(b)


def mul(a, b):
    if exact(a) and exact(b):
        return a * b
    if (exact(a) and a == 0) or (exact(b) and b == 0):
        return Fraction(0)
    if exact(a) and a == 1:
        return b
    if exact(b) and b == 1:
        return a
    return mpf(a) * mpf(b)


def neg(a):
    return -a


def sigmoid(z):
    if exact(z) and z == 0:
        return Fraction(1, 2)
    return 1 / (1 + mpmath.exp(-mpf(z)))


def text(x, digits):
    if exact(x):
        return f'"{x}"'
    if x == 0:
        return '"0"'
    s = mpmath.nstr(x, digits, strip_zeros=False, min_fixed=-mpmath.inf, max_fixed=mpmath.inf)
    e = int(mpmath.floor(mpmath.log10(abs(x))))
    if e < -6 or e >= 21:
        m, _, ex = mpmath.nstr(x, digits, strip_zeros=False, min_fixed=1, max_fixed=0).partition("e")
        s = f"{m}e{'+' if int(ex) >= 0 else '-'}{abs(int(ex))}"
    return f'"{s}"'


def key(sizes, samples, steps, digits):
    mpmath.mp.dps = digits + 10
    inputs, targets, params, layers, outputs, data = network(sizes, samples)
    names = quantity_names(inputs, targets, params, layers)
    w = {n: v for n, v in params}
    lr = Fraction(1, 8)

    def evaluate(row, step, sample, backward):
        v = dict(row)
        v.update(w)
        for rows in layers:
            for z, terms, bias, h in rows:
                total = Fraction(0)
                for wn, s in terms:
                    total = add(total, mul(v[wn], v[s]))
                v[z] = add(total, v[bias])
                if h:
                    v[h] = sigmoid(v[z])
        for j, out in enumerate(outputs):
            v[f"yhat{j}"] = v[out]
        loss = Fraction(0)
        for j, y in enumerate(targets):
            d = add(v[y], neg(v[f"yhat{j}"]))
            loss = add(loss, mul(d, d))
        v["loss"] = loss
        if not backward:
            return v, None
        g = {n: Fraction(0) for n in names}
        g["loss"] = Fraction(1)
        for j, y in enumerate(targets):
            d = add(v[y], neg(v[f"yhat{j}"]))
            twice = mul(Fraction(2), d)
            g[y] = add(g[y], twice)
            g[f"yhat{j}"] = add(g[f"yhat{j}"], neg(twice))
            g[outputs[j]] = add(g[outputs[j]], g[f"yhat{j}"])
        for rows in reversed(layers):
            for z, terms, bias, h in reversed(rows):
                if h:
                    s = v[h]
                    g[z] = add(g[z], mul(g[h], mul(s, add(Fraction(1), neg(s)))))
                for wn, src in terms:
                    g[wn] = add(g[wn], mul(g[z], v[src]))
                    g[src] = add(g[src], mul(g[z], v[wn]))
                g[bias] = add(g[bias], g[z])
        return v, g

    return answer_key(names, w, data, steps, evaluate, lambda x: text(x, digits), add,
                      lambda p, g: add(p, neg(mul(lr, g))), "certified", [("certified_digits", digits)], lambda: [])


if __name__ == "__main__":
    mode, sizes, samples, steps = sys.argv[1], [int(s) for s in sys.argv[2].split("-")], int(sys.argv[3]), int(sys.argv[4])
    if mode == "exnet":
        sys.stdout.write(exnet(sizes, samples, steps))
    else:
        sys.stdout.write(key(sizes, samples, steps, int(sys.argv[5])))
