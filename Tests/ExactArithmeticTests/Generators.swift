import ExactArithmetic
import PropertyBased

/// Builds a BigInt from 64-bit chunks (most significant first).
func bigInteger(limbs: [Int], negative: Bool) -> BigInt {
    var value = BigInt(0)
    for limb in limbs {
        value = value.shiftedLeft(by: 64) + BigInt(UInt64(bitPattern: Int64(limb)))
    }
    return negative ? -value : value
}

/// Rationals of every representation: small (below 2^20), word-sized at the
/// Int64 boundary, and multi-limb (up to ~512 bits) that live in GMP storage.
let rationals = zip(
    Gen.int(in: 0...2),
    Gen.int(),
    Gen.int(in: 1...Int.max),
    Gen.int().array(of: 1...8),
    Gen.int().array(of: 1...8)
).map { kind, a, b, limbsA, limbsB -> Rational in
    switch kind {
    case 0:
        return Rational(a % (1 << 20), b % (1 << 20) + 1)
    case 1:
        return Rational(a == .min ? a + 1 : a, b)
    default:
        let numerator = bigInteger(limbs: limbsA, negative: a < 0)
        var denominator = bigInteger(limbs: limbsB, negative: false)
        if denominator.isZero { denominator = 1 }
        return Rational(numerator, denominator)
    }
}

let nonZeroRationals = rationals.filter { !$0.isZero }

/// Finite doubles across the whole range, subnormals and huge values included.
let finiteDoubles = Gen.int64().map { Double(bitPattern: UInt64(bitPattern: $0)) }.filter { $0.isFinite }

/// Dyadic rationals (power-of-two denominators, up to 2^700): the gcd-free path.
let dyadicRationals = zip(
    Gen.int().array(of: 1...6),
    Gen.int(in: 0...700),
    Gen.bool
).map { limbs, exponent, negative -> Rational in
    Rational(bigInteger(limbs: limbs, negative: negative), BigInt(1).shiftedLeft(by: exponent))
}

/// Word-sized dyadic rationals: half of them small, as exercises start (12-bit numerators,
/// denominators up to 2^8: sums of their products fit a word), half of every magnitude
/// (numerators up to 63 bits, denominators up to 2^62: sums of products overflow a word).
let wordDyadicRationals = zip(Gen.int(), Gen.int(in: 0...63), Gen.int(in: 0...62), Gen.bool).map {
    a, drop, exponent, small in
    small ? Rational(a >> 52, 1 << (exponent % 9)) : Rational(a >> drop, 1 << exponent)
}

/// Arrays of dyadic rationals that are all word-sized, or word-sized and large mixed.
let dyadicArrays = zip(
    Gen.bool, wordDyadicRationals.array(of: 1...9), zip(Gen.bool, wordDyadicRationals, dyadicRationals).array(of: 1...9)
).map { allWords, words, mixed in allWords ? words : mixed.map { $0 ? $1 : $2 } }
