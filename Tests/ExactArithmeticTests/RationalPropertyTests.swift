import ExactArithmetic
import PropertyBased
import Testing

/// Canonical form: lowest terms and a positive denominator.
func isCanonical(_ r: Rational) -> Bool {
    r.denominator.signum > 0 && BigInt.gcd(r.numerator, r.denominator) == 1 || (r.isZero && r.denominator == 1)
}

@Suite struct RationalPropertyTests {
    @Test(arguments: propertySeeds) func additionIsCommutativeAssociativeAndCanonical(seed: UInt64) async {
        await seededCheck(seed: seed, count: 300, input: rationals, rationals, rationals) { a, b, c in
            #expect(a + b == b + a)
            #expect((a + b) + c == a + (b + c))
            #expect(isCanonical(a + b))
        }
    }

    @Test(arguments: propertySeeds) func multiplicationIsCommutativeAssociativeAndDistributes(seed: UInt64) async {
        await seededCheck(seed: seed, count: 300, input: rationals, rationals, rationals) { a, b, c in
            #expect(a * b == b * a)
            #expect((a * b) * c == a * (b * c))
            #expect(a * (b + c) == a * b + a * c)
            #expect(isCanonical(a * b))
        }
    }

    @Test(arguments: propertySeeds) func dyadicArithmeticIsCanonicalAndAgreesWithTheGeneralPath(seed: UInt64) async {
        await seededCheck(seed: seed, count: 300, input: dyadicRationals, dyadicRationals, rationals) { a, b, c in
            // c is rarely dyadic, so a·c and a+c take GMP's general path; the identities tie both together.
            for x in [a + b, a - b, a * b, (a + c) - c, (a * b) * c] { #expect(isCanonical(x)) }
            #expect((a + b) - b == a)
            #expect((a * b) * c == a * (b * c))
            #expect(a * (b + c) == a * b + a * c)
            #expect((a - b) + b == a)
            var x = a
            x += b
            x *= b
            x -= a * b
            #expect(x == b * b)
        }
    }

    @Test(arguments: propertySeeds) func inPlaceDyadicOperationsOnOwnedStorageAgreeWithFreshResults(seed: UInt64) async
    {
        await seededCheck(seed: seed, count: 300, input: dyadicRationals, dyadicRationals) { a, b in
            // Parsing gives storage nothing else shares, so the operators write into it (output aliases input).
            var x = Rational(a.description)!
            x += b
            #expect(x == a + b && isCanonical(x))
            var y = Rational(a.description)!
            y -= b
            #expect(y == a - b && isCanonical(y))
            var z = Rational(a.description)!
            z *= b
            #expect(z == a * b && isCanonical(z))
            var w = Rational(b.description)!
            w.store(a, w, .subtract)  // the output is also the second operand
            #expect(w == a - b && isCanonical(w))
        }
    }

    @Test(arguments: propertySeeds) func fusedLinearCombinationEqualsThePlainSum(seed: UInt64) async {
        await seededCheck(
            seed: seed, count: 300, input: dyadicArrays, dyadicArrays, rationals, Gen.bool
        ) { xs, ys, other, reuse in
            let n = min(xs.count, ys.count)
            // Products, plain terms and (sometimes) a non-dyadic value, summed left to right by hand.
            func term(_ k: Int) -> (Rational, Rational?) { k % 3 == 2 ? (xs[k], nil) : (xs[k], ys[k]) }
            var expected = Rational.zero
            for k in 0..<n {
                let (x, y) = term(k)
                expected = expected + (y.map { x * $0 } ?? x)
            }
            // Values xs then ys then `other`; term k names them by index.
            let values = xs.prefix(n) + ys.prefix(n) + [other]
            let terms = (0..<n).map { k in k % 3 == 2 ? (k, -1) : (k, n + k) }
            var fused = reuse ? Rational(xs[0].description)! * Rational(BigInt(3).power(80)) : Rational.zero
            var mixed = Rational.zero
            // The terms read where they lie, inside a larger buffer, as a compiled network keeps them.
            var inPlace = Rational(7, 3)
            let flat = [(0, -1)] + terms + [(1, -1)]
            Array(values).withUnsafeBufferPointer { v in
                fused.storeLinearCombination(of: v, terms: terms)
                mixed.storeLinearCombination(of: v, terms: terms + [(2 * n, n)])
                flat.withUnsafeBufferPointer { all in
                    inPlace.storeLinearCombination(of: v, terms: UnsafeBufferPointer(rebasing: all[1..<(1 + n)]))
                }
            }
            #expect(fused == expected && isCanonical(fused))
            #expect(mixed == expected + other * ys[0] && isCanonical(mixed))
            #expect(inPlace == expected && isCanonical(inPlace))
        }
    }

    @Test(arguments: propertySeeds) func largeValuesNearAFactorOfTwoApartAreOrderedExactly(seed: UInt64) async {
        // The comparison settles by bit-length estimates when they are two apart; these pairs
        // sit right at that boundary, on both sides of it and with both signs.
        await seededCheck(
            seed: seed, count: 300, input: rationals.filter { !$0.isInline && !$0.isZero }, Gen.int(in: -3...3),
            Gen.int(in: 1...40)
        ) { a, power, k in
            let scale =
                power >= 0
                ? Rational(BigInt(1).shiftedLeft(by: power)) : Rational(BigInt(1), BigInt(1).shiftedLeft(by: -power))
            let nudge = Rational(BigInt(1), BigInt(1).shiftedLeft(by: k))
            for b in [a * scale, a * scale * (1 + nudge), a * scale * (1 - nudge), -(a * scale)] {
                #expect((a < b) == ((a - b).signum < 0))
                #expect((b < a) == ((b - a).signum < 0))
            }
        }
    }

    @Test(arguments: propertySeeds) func subtractionUndoesAddition(seed: UInt64) async {
        await seededCheck(seed: seed, count: 300, input: rationals, rationals) { a, b in
            #expect((a + b) - b == a)
            #expect(a - a == .zero)
            #expect(a + (-a) == .zero)
        }
    }

    @Test(arguments: propertySeeds) func divisionUndoesMultiplicationAndReciprocalIsInverse(seed: UInt64) async {
        await seededCheck(seed: seed, count: 300, input: rationals, nonZeroRationals) { a, b in
            #expect((a * b) / b == a)
            #expect(b * b.reciprocal! == .one)
            #expect(isCanonical(a / b))
        }
    }

    @Test(arguments: propertySeeds) func inPlaceOperatorsAgreeWithPureOnesAndLeaveCopiesAlone(seed: UInt64) async {
        await seededCheck(seed: seed, count: 200, input: rationals, nonZeroRationals) { a, b in
            var x = a
            let copy = x
            x += b
            #expect(x == a + b)
            x -= b
            #expect(x == a)
            x *= b
            #expect(x == a * b)
            x /= b
            #expect(x == a)
            #expect(copy == a)
            var y = a
            y += y
            #expect(y == a + a)
        }
    }

    @Test(arguments: propertySeeds) func orderIsTotalAndAgreesWithSubtraction(seed: UInt64) async {
        await seededCheck(seed: seed, count: 300, input: rationals, rationals) { a, b in
            #expect((a < b) == ((a - b).signum < 0))
            #expect([a < b, a == b, a > b].filter { $0 }.count == 1)
        }
    }

    @Test(arguments: propertySeeds) func equalValuesHashEquallyWhateverTheirHistory(seed: UInt64) async {
        await seededCheck(seed: seed, count: 200, input: rationals, rationals) { a, b in
            // (a + b) - b is computed through whatever representations the operands have.
            let roundTrip = (a + b) - b
            #expect(roundTrip == a)
            #expect(roundTrip.hashValue == a.hashValue)
            #expect(roundTrip.isInline == a.isInline)
        }
    }

    @Test(arguments: propertySeeds) func descriptionParsesBackToTheSameValue(seed: UInt64) async {
        await seededCheck(seed: seed, count: 300, input: rationals) { a in
            #expect(Rational(a.description) == a)
        }
    }

    @Test(arguments: propertySeeds) func finiteDoublesRoundTripExactly(seed: UInt64) async {
        await seededCheck(seed: seed, count: 500, input: finiteDoubles) { d in
            let exact = Rational(exactly: d)!
            #expect(Double(exact) == d)
            #expect(isCanonical(exact))
        }
    }

    @Test(arguments: propertySeeds) func doubleConversionIsTheNearestDouble(seed: UInt64) async {
        await seededCheck(seed: seed, count: 300, input: rationals) { r in expectNearest(r, Double.self) }
    }

    @Test(arguments: propertySeeds) func floatConversionIsTheNearestFloat(seed: UInt64) async {
        await seededCheck(seed: seed, count: 300, input: rationals) { r in expectNearest(r, Float.self) }
    }
}

/// No neighbour of F(r) may be closer to r; on a tie, the chosen one has an even significand.
func expectNearest<F: BinaryFloatingPoint>(_ r: Rational, _: F.Type) {
    let f: F = F.self == Double.self ? F(Double(r)) : F(Float(r))
    guard f.isFinite, f != 0 else { return }
    let error = (Rational(exactly: f)! - r).magnitude
    for neighbour in [f.nextUp, f.nextDown] where neighbour.isFinite {
        let other = (Rational(exactly: neighbour)! - r).magnitude
        #expect(error <= other)
        if error == other { #expect(f.significandBitPattern & 1 == 0) }
    }
}

@Suite struct WordGCDTests {
    @Test(arguments: propertySeeds) func reducedFractionsAgreeWithASlowEuclideanGCD(seed: UInt64) async {
        func euclid(_ a: Int, _ b: Int) -> Int { b == 0 ? Swift.abs(a) : euclid(b, a % b) }
        let special = Gen.int(in: 0...8).map { 1 << $0 }
        await seededCheck(
            seed: seed, count: 500, input: Gen.int(in: -(1 << 40)...(1 << 40)), Gen.int(in: 1...(1 << 40)), special
        ) { n, d, p in
            for (a, b) in [(n, d), (n, p), (p, d), (n, 1), (1, d), (p * 3, p)] where b != 0 {
                let r = Rational(a, b)
                let g = euclid(a, b)
                #expect(r.numerator == BigInt(a / g) && r.denominator == BigInt(b / g))
            }
        }
    }
}

@Suite struct TerminatingDecimalTests {
    /// Decimals and dyadic values of every size, against the digit-by-digit expansion.
    @Test(arguments: propertySeeds)
    func oneConversionAgreesWithTheDigitByDigitExpansion(seed: UInt64) async {
        await seededCheck(seed: seed, count: 300, input: rationals, Gen.int(in: 0...40), Gen.int(in: 0...40)) {
            r, a, b in
            // A factor with no 2 or 5 in it never terminates.
            #expect(Rational(r.numerator * 7 + 1, BigInt(7) * BigInt(2).power(a)).terminatingDecimal == nil)
            let d = Rational(r.numerator, BigInt(2).power(a) * BigInt(5).power(b))
            #expect(d.terminatingDecimal == d.decimalExpansion(maximumDigits: .max)!.description)
        }
        #expect(Rational(3, 8).terminatingDecimal == "0.375")
        #expect(Rational(-1, 1024).terminatingDecimal == "-0.0009765625")
        #expect(Rational(1, 3).terminatingDecimal == nil)
        #expect(Rational(7).terminatingDecimal == "7")
    }
}

@Suite struct AppendedDescriptionTests {
    @Test(arguments: propertySeeds)
    func appendedBytesAreTheDescription(seed: UInt64) async {
        await seededCheck(seed: seed, count: 300, input: rationals) { r in
            var bytes: [UInt8] = Array("x=".utf8)
            r.appendDescription(to: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == "x=" + r.description)
        }
        var bytes: [UInt8] = []
        Rational(Int.min + 1, Int.max).appendDescription(to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == "-1")
    }

    /// A memo of power-of-two denominators changes no digit: dyadic values far past a word
    /// (where the memo is used, repeatedly for the same exponent) and any other value.
    @Test(arguments: propertySeeds)
    func memoizedPowersOfTwoWriteTheSameDigits(seed: UInt64) async {
        var powers = PowerOfTwoDigits()
        var tiny = PowerOfTwoDigits(maximumBytes: 30)  // keeps one or two exponents, then stops
        await seededCheck(
            seed: seed, count: 400, input: Gen.int(in: -1_000_000...1_000_000), Gen.int(in: 60...200), rationals
        ) {
            numerator, exponent, other in
            var denominator = Rational(1)
            for _ in 0..<exponent / 20 { denominator *= Rational(1 << 20) }
            denominator *= Rational(1 << (exponent % 20))
            for value in [Rational(numerator) / denominator, other, Rational(numerator) / (denominator * 3)] {
                var (plain, memoized, limited): ([UInt8], [UInt8], [UInt8]) = ([], [], [])
                value.appendDescription(to: &plain)
                value.appendDescription(to: &memoized, reusing: &powers)
                value.appendDescription(to: &limited, reusing: &tiny)
                #expect(memoized == plain && limited == plain, "\(value)")
                #expect(String(decoding: plain, as: UTF8.self) == value.description)
            }
        }
    }
}

@Suite struct RationalRoundingPropertyTests {
    /// Each rule lands on a multiple of 10^-d on the side, or at the distance, it promises.
    @Test(arguments: propertySeeds) func roundingToDecimalPlacesKeepsItsPromise(seed: UInt64) async {
        await seededCheck(seed: seed, count: 200, input: rationals) { x in
            for places in [0, 1, 2, 6] {
                let unit = Rational(1, BigInt(10).power(places))
                let down = x.rounded(toDecimalPlaces: places, .down)
                let up = x.rounded(toDecimalPlaces: places, .up)
                #expect(down <= x && x < down + unit)
                #expect(up - unit < x && x <= up)
                #expect(((down / unit).isInteger) && ((up / unit).isInteger))
                for rule in [DecimalRounding.halfUp, .halfEven] {
                    let r = x.rounded(toDecimalPlaces: places, rule)
                    #expect(r == down || r == up)
                    #expect((x - r).magnitude * 2 <= unit)
                }
                // Ties: half-up goes away from zero, half-even to the even multiple.
                let tie = down + unit / 2
                #expect(tie.rounded(toDecimalPlaces: places, .halfUp) == (tie.signum >= 0 ? down + unit : down))
                let even = ((down / unit).numerator.isEven) ? down : down + unit
                #expect(tie.rounded(toDecimalPlaces: places, .halfEven) == even)
                // The text form reads back as the rounded value.
                #expect(Rational(x.decimalText(places: places, .halfUp)) == x.rounded(toDecimalPlaces: places, .halfUp))
            }
        }
    }

    @Test func roundingExamplesFromTheSeedSheets() {
        #expect(Rational(125, 64).decimalText(places: 2, .halfUp) == "1.95")
        #expect(Rational(317, 64).decimalText(places: 2, .halfUp) == "4.95")
        #expect(Rational(1, 8).decimalText(places: 2, .halfUp) == "0.13")
        #expect(Rational(1, 8).decimalText(places: 2, .halfEven) == "0.12")
        #expect(Rational(-1, 8).decimalText(places: 2, .halfUp) == "-0.13")
        #expect(Rational(-1, 4).decimalText(places: 1, .halfEven) == "-0.2")
        #expect(Rational(-1, 400).decimalText(places: 1, .halfUp) == "0.0")
        #expect(Rational(27, 8).decimalText(places: 0, .halfUp) == "3")
    }
}
