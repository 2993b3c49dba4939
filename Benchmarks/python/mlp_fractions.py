#!/usr/bin/env python3
"""The Python peer of the engine benchmark: exact training of the same 4-8-8-1 ReLU
MLP with Python's `fractions`, through a small scalar reverse-mode autograd (one
graph node per scalar operation, as a hand-rolled autograd does).

Prints one JSON line: median milliseconds for 1 and 5 steps, and the exact final
objective of each, so the Swift benchmark can check that both computed the same.
`--number gmpy2` runs the same code over gmpy2.mpq (GMP under the interpreter), which
shows how much of the time is Python rather than arithmetic.
The network (shared with Benchmarks/exactnet-bench/EngineBenchmarks.swift):
  sizes 4-8-8-1, relu hidden, linear output, loss |y - yhat|, objective = sum over
  4 samples, lr = 1/8, weight(l, j, i) = ((7l + 5j + 3i) mod 9 - 4)/8,
  bias(l, j) = ((l + j) mod 3 - 1)/4, x_k of sample s = ((3s + 2k) mod 5 - 2)/2,
  y of sample s = (2s - 3)/4.
"""
import json
import statistics
import sys
import time
from fractions import Fraction

if "--number" in sys.argv and sys.argv[sys.argv.index("--number") + 1] == "gmpy2":
    import gmpy2
    Q = gmpy2.mpq
    sys.argv[sys.argv.index("--number"):sys.argv.index("--number") + 2] = []
else:
    Q = Fraction

SIZES = [4, 8, 8, 1]
LR = Q(1, 8)


class Node:
    __slots__ = ("value", "edges", "grad")

    def __init__(self, value, edges=()):
        self.value = value
        self.edges = edges  # (parent, local derivative) pairs
        self.grad = Q(0)

    def __add__(self, other):
        return Node(self.value + other.value, ((self, 1), (other, 1)))

    def __sub__(self, other):
        return Node(self.value - other.value, ((self, 1), (other, -1)))

    def __mul__(self, other):
        return Node(self.value * other.value, ((self, other.value), (other, self.value)))

    def relu(self):
        return Node(self.value if self.value > 0 else Q(0), ((self, 1 if self.value > 0 else 0),))

    def abs(self):
        sign = (self.value > 0) - (self.value < 0)
        return Node(abs(self.value), ((self, sign),))


def backward(root):
    order, seen = [], set()
    stack = [(root, False)]
    while stack:
        node, done = stack.pop()
        if done:
            order.append(node)
            continue
        if id(node) in seen:
            continue
        seen.add(id(node))
        stack.append((node, True))
        for parent, _ in node.edges:
            if id(parent) not in seen:
                stack.append((parent, False))
    root.grad = Q(1)
    for node in reversed(order):
        for parent, local in node.edges:
            parent.grad += node.grad * local


def initial_parameters():
    weights, biases = [], []
    for l in range(1, len(SIZES)):
        weights.append([[Q((7 * l + 5 * j + 3 * i) % 9 - 4, 8) for i in range(SIZES[l - 1])] for j in range(SIZES[l])])
        biases.append([Q((l + j) % 3 - 1, 4) for j in range(SIZES[l])])
    return weights, biases


SAMPLES = [([Q((3 * s + 2 * k) % 5 - 2, 2) for k in range(4)], Q(2 * s - 3, 4)) for s in range(4)]


def objective_graph(weights, biases):
    w_nodes = [[[Node(w) for w in row] for row in layer] for layer in weights]
    b_nodes = [[Node(b) for b in layer] for layer in biases]
    total = None
    for xs, y in SAMPLES:
        activations = [Node(x) for x in xs]
        for l in range(len(w_nodes)):
            out = []
            for j, row in enumerate(w_nodes[l]):
                z = None
                for w, a in zip(row, activations):
                    term = w * a
                    z = term if z is None else z + term
                z = z + b_nodes[l][j]
                out.append(z if l == len(w_nodes) - 1 else z.relu())
            activations = out
        loss = (Node(y) - activations[0]).abs()
        total = loss if total is None else total + loss
    return total, w_nodes, b_nodes


def train(steps):
    weights, biases = initial_parameters()
    for _ in range(steps):
        total, w_nodes, b_nodes = objective_graph(weights, biases)
        backward(total)
        weights = [[[w.value - LR * w.grad for w in row] for row in layer] for layer in w_nodes]
        biases = [[b.value - LR * b.grad for b in layer] for layer in b_nodes]
    final, _, _ = objective_graph(weights, biases)
    return final.value


def timed(steps, repeats):
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = train(steps)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def main():
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    one_ms, one = timed(1, repeats)
    five_ms, five = timed(5, repeats)
    print(json.dumps({"one_step_ms": one_ms, "five_steps_ms": five_ms,
                      "final_objective_1": str(one), "final_objective_5": str(five)}))


if __name__ == "__main__":
    main()
