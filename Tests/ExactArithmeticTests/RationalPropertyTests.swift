import ExactArithmetic
import PropertyBased
import Testing

/// Canonical form: lowest terms and a positive denominator.
func isCanonical(_ r: Rational) -> Bool {
    r.denominator.signum > 0 && BigInt.gcd(r.numerator, r.denominator) == 1 || (r.isZero && r.denominator == 1)
}

@Suite struct RationalPropertyTests {
    @Test func additionIsCommutativeAssociativeAndCanonical() async {
        await propertyCheck(count: 300, input: rationals, rationals, rationals) { a, b, c in
            #expect(a + b == b + a)
            #expect((a + b) + c == a + (b + c))
            #expect(isCanonical(a + b))
        }
    }

    @Test func multiplicationIsCommutativeAssociativeAndDistributes() async {
        await propertyCheck(count: 300, input: rationals, rationals, rationals) { a, b, c in
            #expect(a * b == b * a)
            #expect((a * b) * c == a * (b * c))
            #expect(a * (b + c) == a * b + a * c)
            #expect(isCanonical(a * b))
        }
    }

    @Test func subtractionUndoesAddition() async {
        await propertyCheck(count: 300, input: rationals, rationals) { a, b in
            #expect((a + b) - b == a)
            #expect(a - a == .zero)
            #expect(a + (-a) == .zero)
        }
    }

    @Test func divisionUndoesMultiplicationAndReciprocalIsInverse() async {
        await propertyCheck(count: 300, input: rationals, nonZeroRationals) { a, b in
            #expect((a * b) / b == a)
            #expect(b * b.reciprocal! == .one)
            #expect(isCanonical(a / b))
        }
    }

    @Test func inPlaceOperatorsAgreeWithPureOnesAndLeaveCopiesAlone() async {
        await propertyCheck(count: 200, input: rationals, nonZeroRationals) { a, b in
            var x = a
            let copy = x
            x += b; #expect(x == a + b)
            x -= b; #expect(x == a)
            x *= b; #expect(x == a * b)
            x /= b; #expect(x == a)
            #expect(copy == a)
            var y = a
            y += y
            #expect(y == a + a)
        }
    }

    @Test func orderIsTotalAndAgreesWithSubtraction() async {
        await propertyCheck(count: 300, input: rationals, rationals) { a, b in
            #expect((a < b) == ((a - b).signum < 0))
            #expect([a < b, a == b, a > b].filter { $0 }.count == 1)
        }
    }

    @Test func equalValuesHashEquallyWhateverTheirHistory() async {
        await propertyCheck(count: 200, input: rationals, rationals) { a, b in
            // (a + b) - b is computed through whatever representations the operands have.
            let roundTrip = (a + b) - b
            #expect(roundTrip == a)
            #expect(roundTrip.hashValue == a.hashValue)
            #expect(roundTrip.isInline == a.isInline)
        }
    }

    @Test func descriptionParsesBackToTheSameValue() async {
        await propertyCheck(count: 300, input: rationals) { a in
            #expect(Rational(a.description) == a)
        }
    }

    @Test func finiteDoublesRoundTripExactly() async {
        await propertyCheck(count: 500, input: finiteDoubles) { d in
            let exact = Rational(exactly: d)!
            #expect(Double(exact) == d)
            #expect(isCanonical(exact))
        }
    }

    @Test func doubleConversionIsTheNearestDouble() async {
        await propertyCheck(count: 300, input: rationals) { r in expectNearest(r, Double.self) }
    }

    @Test func floatConversionIsTheNearestFloat() async {
        await propertyCheck(count: 300, input: rationals) { r in expectNearest(r, Float.self) }
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
