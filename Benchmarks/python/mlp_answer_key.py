#!/usr/bin/env python3
"""The whole-process peer of `exactnet run --format json`: a dense ReLU MLP with squared error,
trained exactly with Python's `fractions`, writing the same JSON answer key byte for byte.

    python3 mlp_answer_key.py exnet SIZES SAMPLES STEPS > net.exnet    # the network file both sides run
    python3 mlp_answer_key.py key   SIZES SAMPLES STEPS > key.json     # the key, computed here

SIZES is like 4-8-8-1. Weights, biases and samples are small fractions from fixed formulas.
"""
import operator
import sys
from fractions import Fraction

sys.set_int_max_str_digits(0)  # exact keys print numbers of any length


def network(sizes, samples):
    """Declarations in the order exactnet compiles them: inputs, targets, parameters, then definitions."""
    inputs = [f"x{i}" for i in range(sizes[0])]
    targets = [f"y{j}" for j in range(sizes[-1])]
    params = []   # (name, value)
    layers = []   # per layer: list of (z name, [(w name, input name)], b name, h name or None)
    current = inputs
    for l in range(1, len(sizes)):
        rows = []
        for j in range(sizes[l]):
            terms = []
            for i, source in enumerate(current):
                name = f"l{l}_w{j}_{i}"
                params.append((name, Fraction((l + 2 * j + 3 * i) % 7 - 3, 8)))
                terms.append((name, source))
            bias = f"l{l}_b{j}"
            params.append((bias, Fraction(j % 3 - 1, 16)))
            output = l == len(sizes) - 1
            rows.append((f"l{l}_z{j}", terms, bias, None if output else f"l{l}_h{j}"))
        layers.append(rows)
        current = [h or z for z, _, _, h in rows]
    data = []
    for k in range(samples):
        row = {x: Fraction((3 * k + 5 * i) % 9 - 4, 4) for i, x in enumerate(inputs)}
        row.update({y: Fraction((k + j) % 5 - 2, 2) for j, y in enumerate(targets)})
        data.append(row)
    return inputs, targets, params, layers, current, data


def exnet(sizes, samples, steps, activation="relu"):
    inputs, targets, params, layers, outputs, data = network(sizes, samples)
    lines = ["input " + ", ".join(inputs), "target " + ", ".join(targets)]
    lines += [f"param {name} = {value}" for name, value in params]
    lines += ["sample " + ", ".join(f"{n} = {v}" for n, v in row.items()) for row in data]
    lines += ["set learning_rate = 1/8", f"set steps = {steps}"]
    for rows in layers:
        for z, terms, bias, h in rows:
            lines.append(f"{z} = " + " + ".join(f"{w} * {s}" for w, s in terms) + f" + {bias}")
            if h:
                lines.append(f"{h} = {activation}({z})")
    for j, (y, out) in enumerate(zip(targets, outputs)):
        lines.append(f"yhat{j} = {out}")
    lines.append("loss = " + " + ".join(f"square({y} - yhat{j})" for j, y in enumerate(targets)))
    return "\n".join(lines) + "\n"


def quantity_names(inputs, targets, params, layers):
    """Every quantity in the order exactnet lists them: inputs, targets, parameters, each unit's z and h, yhat, loss."""
    names = inputs + targets + [n for n, _ in params]
    for rows in layers:
        for z, _, _, h in rows:
            names += [z] + ([h] if h else [])
    return names + [f"yhat{j}" for j in range(len(targets))] + ["loss"]


def obj(pairs):
    return "{" + ", ".join(f'"{k}": {val}' for k, val in pairs) + "}"


def answer_key(names, w, data, steps, evaluate, text, add, descend, scalar, settings, kinks):
    """Trains the parameters `w` (a dict, updated in place) for `steps` steps, summing over the samples, and returns
    the JSON answer key exactnet writes. Both peers share it; each brings its arithmetic: `evaluate(row, step, sample,
    backward)` gives a sample's values and gradients, `add` sums, `descend(w, g)` is one parameter's step, `text(x)` a
    value's JSON; `settings` are the (name, JSON) pairs after the learning rate's, `kinks()` the kinks' JSON objects."""
    parameter_names = [n for n in w]
    step_texts = []
    for step in range(steps):
        before = dict(w)
        sample_texts, objective = [], Fraction(0)
        total = {n: Fraction(0) for n in parameter_names}
        for k, row in enumerate(data):
            v, g = evaluate(row, step, k, True)
            objective = add(objective, v["loss"])
            for n in parameter_names:
                total[n] = add(total[n], g[n])
            sample_texts.append(obj([("values", obj((n, text(v[n])) for n in names)),
                                     ("gradients", obj((n, text(g[n])) for n in names))]))
        for n in parameter_names:
            w[n] = descend(w[n], total[n])
        step_texts.append(obj([
            ("step", step), ("parameters", obj((n, text(before[n])) for n in parameter_names)),
            ("samples", "[" + ", ".join(sample_texts) + "]"), ("loss", text(objective)),
            ("gradients", obj((n, text(total[n])) for n in parameter_names)),
            ("updated", obj((n, text(w[n])) for n in parameter_names))]))
    final = Fraction(0)
    for k, row in enumerate(data):
        v, _ = evaluate(row, steps, k, False)
        final = add(final, v["loss"])
    return obj([
        ("scalar", f'"{scalar}"'),
        ("settings", obj([("learning_rate", '"1/8"'), ("steps", steps), ("reduction", '"sum"'), ("momentum", '"0"')]
                         + settings)),
        ("steps", "[" + ", ".join(step_texts) + "]"),
        ("final", obj([("parameters", obj((n, text(w[n])) for n in parameter_names)), ("loss", text(final))])),
        ("kinks", "[" + ", ".join(kinks()) + "]"),
    ]) + "\n"


def key(sizes, samples, steps):
    inputs, targets, params, layers, outputs, data = network(sizes, samples)
    names = quantity_names(inputs, targets, params, layers)
    w = {n: v for n, v in params}
    lr = Fraction(1, 8)
    kinks = []

    def evaluate(row, step, sample, backward):
        v = dict(row)
        v.update(w)
        for rows in layers:
            for z, terms, bias, h in rows:
                v[z] = sum(v[wn] * v[s] for wn, s in terms) + v[bias]
                if h:
                    if v[z] == 0:
                        kinks.append((step, sample, h))
                    v[h] = v[z] if v[z] > 0 else Fraction(0)
        for j, out in enumerate(outputs):
            v[f"yhat{j}"] = v[out]
        v["loss"] = sum((v[y] - v[f"yhat{j}"]) ** 2 for j, y in enumerate(targets))
        if not backward:
            return v, None
        g = {n: Fraction(0) for n in names}
        g["loss"] = Fraction(1)
        for j, y in enumerate(targets):
            d = v[y] - v[f"yhat{j}"]
            g[y] += 2 * d
            g[f"yhat{j}"] += -2 * d
            g[outputs[j]] += g[f"yhat{j}"]
        for rows in reversed(layers):
            for z, terms, bias, h in reversed(rows):
                if h:
                    g[z] += g[h] if v[z] > 0 else 0
                for wn, s in terms:
                    g[wn] += g[z] * v[s]
                    g[s] += g[z] * v[wn]
                g[bias] += g[z]
        return v, g

    def exact(x):
        return f'"{x}"'

    def kink_texts():
        return [obj([("step", s), ("sample", k), ("quantity", exact(q)), ("function", '"relu"'),
                     ("convention", "\"relu'(0) = 0\"")]) for s, k, q in kinks]

    return answer_key(names, w, data, steps, evaluate, exact, operator.add, lambda p, g: p - lr * g,
                      "rational", [], kink_texts)


if __name__ == "__main__":
    mode, sizes, samples, steps = sys.argv[1], [int(s) for s in sys.argv[2].split("-")], int(sys.argv[3]), int(sys.argv[4])
    sys.stdout.write(exnet(sizes, samples, steps) if mode == "exnet" else key(sizes, samples, steps))
