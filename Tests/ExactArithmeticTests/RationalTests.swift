import ExactArithmetic
import Foundation
import Testing

@Suite struct RationalTests {
    @Test func seedSumIsExactlyThreeEighths() {
        let sum: Rational = 0.125 + 0.25
        #expect(sum == Rational(3, 8))
        #expect(sum.description == "3/8")
        #expect(Double(sum) == 0.375)
    }

    @Test func inlineDecimalBytesAreTheTerminatingDecimal() {
        // Every denominator up to 1000 (terminating or not) with small numerators, and word-edge values.
        var values: [Rational] = []
        for d in 1...1000 { for n in -40...40 { values.append(Rational(n, d)) } }
        for k in [1, 2, 10, 30, 52, 60, 62] {
            values += [Rational(Int.max, 1 << k), Rational(-Int.max, 1 << k), Rational(1, 1 << k), Rational(3, 5 << k)]
        }
        values += [
            Rational(1, 5_000_000_000_000_000), Rational(7, 2_000_000_000_000_000_000), Rational(999_999, 1_048_576),
        ]
        var shown = 0
        for value in values {
            var bytes: [UInt8] = []
            if value.appendInlineDecimal(to: &bytes) {
                #expect(String(decoding: bytes, as: UTF8.self) == value.terminatingDecimal, "\(value)")
                shown += 1
            } else if let decimal = value.terminatingDecimal {
                // Only digits beyond a word are left to the general path.
                #expect(decimal.utf8.count >= 20, "\(value)")
            }
        }
        #expect(shown > 1000)
        var bytes: [UInt8] = []
        #expect(Rational(-3, 8).appendInlineDecimal(to: &bytes) && bytes == Array("-0.375".utf8))
    }

    @Test func identityIsSharedStorageOrTheSameInlineFraction() {
        let large = Rational(1, 3).power(200)
        let copy = large
        #expect(large.isIdentical(to: copy))
        #expect(!large.isIdentical(to: Rational(1, 3).power(200)))
        #expect(large == Rational(1, 3).power(200))
        #expect(Rational(3, 8).isIdentical(to: Rational(6, 16)))
        #expect(!Rational(3, 8).isIdentical(to: Rational(3, 4)))
        #expect(!large.isIdentical(to: Rational(3, 8)))
    }

    @Test func decimalLiteralsMeanTheirDecimalValue() {
        let tenth: Rational = 0.1
        #expect(tenth == Rational(1, 10))
        let small: Rational = 1e-7
        #expect(small == Rational(1, 10_000_000))
        let mixed: Rational = -2.5e3
        #expect(mixed == Rational(-2500))
    }

    @Test func exactDoubleConversionKeepsTheBinaryValue() {
        let exact = Rational(exactly: 0.1 as Double)!
        #expect(exact.description == "3602879701896397/36028797018963968")
        #expect(Rational(exactly: Double.nan) == nil)
        #expect(Rational(exactly: Double.infinity) == nil)
        #expect(Rational(exactly: -0.0 as Double) == .zero)
        #expect(Rational(exactly: Double.leastNonzeroMagnitude)!.denominator == BigInt(1).shiftedLeft(by: 1074))
    }

    @Test func constructionReducesAndNormalisesTheSign() {
        #expect(Rational(6, -16).description == "-3/8")
        #expect(Rational(-6, -16).description == "3/8")
        #expect(Rational(0, -5).description == "0")
        #expect(Rational(0, -5).denominator == 1)
        #expect(Rational(Int.min, 2).description == "-4611686018427387904")
        #expect(Rational(1, Int.min).description == "-1/9223372036854775808")
        #expect(Rational(Int.min).description == "-9223372036854775808")
    }

    @Test func parsesDecimalsFractionsAndExponents() {
        #expect(Rational("3/8") == Rational(3, 8))
        #expect(Rational("-0.375") == Rational(-3, 8))
        #expect(Rational("1e-3") == Rational(1, 1000))
        #expect(Rational("2.5E+2") == Rational(250))
        #expect(Rational(" 7 ") == Rational(7))
        #expect(Rational(".5") == Rational(1, 2))
        #expect(Rational("5.") == Rational(5))
        #expect(Rational("-6/8") == Rational(-3, 4))
    }

    @Test func rejectsMalformedStrings() {
        for text in [
            "1/0", "abc", "", " ", "1/", "/2", "1.5/2", "3/-8", "--1", "1e", "1e+", ".", "e5", "1 2", "0x10",
            "1e100001", "½",
        ] {
            #expect(Rational(text) == nil, "\(text)")
        }
    }

    @Test func describesCanonically() {
        #expect(Rational(3, 8).description == "3/8")
        #expect(Rational(-1, 4).description == "-1/4")
        #expect(Rational(3).description == "3")
        #expect(Rational.zero.description == "0")
    }

    @Test func smallValuesStayInlineAndOverflowPromotesThenDemotes() {
        let half = Rational(1, 2)
        #expect(half.isInline)
        let huge = Rational(Int.max) + Rational(Int.max)
        #expect(!huge.isInline)
        #expect(huge.description == "18446744073709551614")
        let back = huge - Rational(Int.max)
        #expect(back.isInline)
        #expect(back == Rational(Int.max))
        let product = Rational(1, 1 << 62) * Rational(1, 1 << 62)
        #expect(!product.isInline)
        #expect((product * Rational(1 << 62)).isInline)
    }

    @Test func powersAreExactIncludingNegativeExponents() {
        #expect(Rational(-2, 3).power(3) == Rational(-8, 27))
        #expect(Rational(2, 3).power(-2) == Rational(9, 4))
        #expect(Rational(5).power(0) == .one)
        #expect(Rational(2).power(100).description == "1267650600228229401496703205376")
    }

    @Test func throwingDivisionReportsZeroDivisor() throws {
        #expect(try Rational(1).dividing(by: Rational(3)) == Rational(1, 3))
        #expect(throws: RationalError.divisionByZero) { try Rational(1).dividing(by: .zero) }
        #expect(Rational.zero.reciprocal == nil)
        #expect(Rational(-3, 8).reciprocal == Rational(-8, 3))
    }

    @Test func convertsToDoubleAndFloatWithCorrectRounding() {
        #expect(Double(Rational(1, 3)) == 1.0 / 3.0)
        #expect(Float(Rational(1, 3)) == Float(1) / Float(3))
        // 2^53 + 1 is a tie between 2^53 and 2^53 + 2: ties go to the even significand.
        #expect(Double(Rational(BigInt(1).shiftedLeft(by: 53) + 1)) == 9_007_199_254_740_992)
        #expect(Double(Rational(BigInt(1).shiftedLeft(by: 53) + 3)) == 9_007_199_254_740_996)
        // Subnormals: 3·2^-1075 is a tie between 2^-1074 and 2^-1073 → 2^-1073 (even).
        let tiny = Rational(BigInt(3), BigInt(1).shiftedLeft(by: 1075))
        #expect(Double(tiny) == 2 * Double.leastNonzeroMagnitude)
        #expect(Double(Rational(BigInt(1), BigInt(1).shiftedLeft(by: 1075))) == 0)
        #expect(Double(Rational(BigInt(1).shiftedLeft(by: 1024))) == .infinity)
        #expect(Double(-Rational(BigInt(1).shiftedLeft(by: 1024))) == -.infinity)
        #expect(Float(Rational(BigInt(1).shiftedLeft(by: 128))) == .infinity)
        #expect(Float(Rational(BigInt(1), BigInt(1).shiftedLeft(by: 149))) == Float.leastNonzeroMagnitude)
        // mpq_get_d would truncate this one to 0.09999999999999999.
        #expect(Double(Rational(1, 10)) == 0.1)
    }

    @Test func latexPutsTheSignOutsideTheFraction() {
        #expect(Rational(3, 8).latex == "\\frac{3}{8}")
        #expect(Rational(-1, 4).latex == "-\\frac{1}{4}")
        #expect(Rational(3).latex == "3")
        #expect(Rational(-3).latex == "-3")
        #expect(Rational(3, 8).latex(.init(command: .dfrac)) == "\\dfrac{3}{8}")
        #expect(Rational(3, 8).latex(.init(command: .tfrac)) == "\\tfrac{3}{8}")
        #expect(Rational(3, 8).latex(.init(form: .decimalWhenTerminating)) == "0.375")
        #expect(Rational(1, 3).latex(.init(form: .decimalWhenTerminating)) == "\\frac{1}{3}")
        #expect(Rational(-1, 3).latex(.init(form: .decimal(maximumDigits: 10))) == "-0.\\overline{3}")
        #expect(Rational(7, 3).latex(.init(form: .mixedNumber)) == "2\\frac{1}{3}")
        #expect(Rational(-7, 3).latex(.init(form: .mixedNumber)) == "-2\\frac{1}{3}")
        #expect(Rational(1, 3).latex(.init(form: .mixedNumber)) == "\\frac{1}{3}")
    }

    @Test func decimalExpansionMarksTheRepeatingBlock() throws {
        #expect(Rational(3, 8).decimalExpansion()?.description == "0.375")
        #expect(Rational(1, 3).decimalExpansion()?.description == "0.(3)")
        #expect(Rational(1, 6).decimalExpansion()?.description == "0.1(6)")
        #expect(Rational(-22, 7).decimalExpansion()?.description == "-3.(142857)")
        #expect(Rational(1, 7).decimalExpansion()?.latex == "0.\\overline{142857}")
        #expect(Rational(5).decimalExpansion()?.description == "5")
        #expect(Rational(1, 97).decimalExpansion(maximumDigits: 50) == nil)  // period 96
        #expect(Rational(1, 97).decimalExpansion(maximumDigits: 96)?.repeatingDigits.count == 96)
        #expect(Rational(1, 3).terminatingDecimal == nil)
        #expect(Rational(-125, 64).terminatingDecimal == "-1.953125")
    }

    @Test func codableUsesTheExactString() throws {
        let values = [Rational(3, 8), Rational(-1, 4), Rational(BigInt(10).power(40), BigInt(3))]
        let data = try JSONEncoder().encode(values)
        #expect(
            String(decoding: data, as: UTF8.self)
                == "[\"3\\/8\",\"-1\\/4\",\"10000000000000000000000000000000000000000\\/3\"]")
        #expect(try JSONDecoder().decode([Rational].self, from: data) == values)
        #expect(try JSONDecoder().decode([Rational].self, from: Data("[2, \"0.5\"]".utf8)) == [2, Rational(1, 2)])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([Rational].self, from: Data("[0.1]".utf8)) }
    }
}

@Suite struct BigIntTests {
    @Test func arithmeticCrossesTheWordBoundary() {
        let max = BigInt(Int.max)
        #expect((max + 1).description == "9223372036854775808")
        #expect((max * max).description == "85070591730234615847396907784232501249")
        #expect(((max * max) / max) == max)
        #expect(BigInt(-7).quotientAndRemainder(dividingBy: 2) == (-3, -1))
        #expect(BigInt.gcd(12, -18) == 6)
        #expect(BigInt("-123456789012345678901234567890")!.description == "-123456789012345678901234567890")
        #expect(BigInt("12a") == nil)
        #expect(BigInt(UInt64.max).description == "18446744073709551615")
        #expect(BigInt(255).bitLength == 8)
        #expect(Int(exactly: max + 1) == nil)
    }
}
