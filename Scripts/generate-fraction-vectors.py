#!/usr/bin/env python3
"""Regenerates Tests/ExactArithmeticTests/Vectors/fractions.txt from Python's
`fractions` module, the independent reference the Swift tests compare against.

Each line is `op operand... = expected`, with rationals written as Fraction's str.
  add/sub/mul/div a b = r     exact field operations
  cmp a b = -1|0|1            ordering
  double a = hex              float(Fraction) (correctly rounded), as float.hex, or inf/-inf
  parse "text" = r            Fraction(text) for decimal and fraction strings
Run: python3 Scripts/generate-fraction-vectors.py
"""
import random
from fractions import Fraction
from pathlib import Path

rng = random.Random(20261122)
OUT = Path(__file__).resolve().parent.parent / "Tests/ExactArithmeticTests/Vectors/fractions.txt"


def integer(bits):
    return rng.choice([-1, 1]) * rng.getrandbits(bits)


def fraction(bits):
    d = 0
    while d == 0:
        d = rng.getrandbits(bits)
    return Fraction(integer(bits), d)


def word_boundary():
    edge = rng.choice([2**62, 2**63, 2**64])
    n = rng.choice([-1, 1]) * (edge + rng.randint(-3, 3))
    d = edge + rng.randint(-3, 3)
    return Fraction(n, d if d != 0 else 1)


def dyadic():
    # Power-of-two denominators take Rational's gcd-free path: cover small, large and integer cases.
    return Fraction(integer(rng.choice([8, 60, 70, 200, 700])), 2 ** rng.choice([0, 1, 3, 62, 63, 64, 65, 300, 900]))


def samples():
    for _ in range(80):
        yield dyadic()
    for _ in range(150):
        yield fraction(rng.choice([4, 12, 20]))
    for _ in range(60):
        yield word_boundary()
    for _ in range(40):
        yield fraction(rng.choice([256, 1024, 4096]))


def main():
    values = list(samples())
    lines = []
    for i in range(800):
        # Every third pair is dyadic on both sides, so the gcd-free path meets every kind of partner.
        a, b = (dyadic(), dyadic()) if i % 3 == 0 else (rng.choice(values), rng.choice(values))
        lines.append(f"add {a} {b} = {a + b}")
        lines.append(f"sub {a} {b} = {a - b}")
        lines.append(f"mul {a} {b} = {a * b}")
        if b != 0:
            lines.append(f"div {a} {b} = {a / b}")
        lines.append(f"cmp {a} {b} = {(a > b) - (a < b)}")

    def double_line(x):
        try:
            return f"double {x} = {float(x).hex()}"
        except OverflowError:
            return f"double {x} = {'inf' if x > 0 else '-inf'}"

    specials = [
        Fraction(2**53 + 1), Fraction(2**53 + 3), Fraction(-(2**53 + 1)),        # ties to even
        Fraction(2**54 + 2), Fraction(2**54 + 6),
        Fraction(1, 3), Fraction(-2, 3), Fraction(1, 10), Fraction(7, 1),
        Fraction(1, 2**1074), Fraction(3, 2**1075), Fraction(1, 2**1075),       # subnormal ties
        Fraction(5, 2**1076), Fraction(1, 2**1076), Fraction(2**52 - 1, 2**1074 * 2**52),
        Fraction(2**53 - 1, 2**1075), Fraction(1, 2**1022) - Fraction(1, 2**1080),
        Fraction(2**1024), Fraction(-(2**1024)), Fraction(2**1024 - 2**970),   # overflow edge
        Fraction(2**1024 - 2**971), Fraction(2**1024 - 2**970 - 1),
        Fraction(10**400, 3), Fraction(1, 10**400),
        Fraction(2**64 + 1, 2**64), Fraction(2**63 - 1, 2**63 + 1),
    ]
    for x in specials + values + [fraction(80) for _ in range(150)]:
        lines.append(double_line(x))

    texts = ["3/8", "-0.375", "1e-3", "2.5E+2", "7", "0.1", "-12.5e-1", "123456789012345678901234567890.5",
             "6/-1", "0.000000000000000000001", "1e30", "-0", "5e-324", "9007199254740993",
             "18446744073709551617/18446744073709551616"]
    for t in texts:
        try:
            lines.append(f'parse "{t}" = {Fraction(t)}')
        except (ValueError, ZeroDivisionError):
            pass
    OUT.write_text("\n".join(lines) + "\n")
    print(f"wrote {len(lines)} vectors to {OUT}")


if __name__ == "__main__":
    main()
