import ExactArithmetic
import Foundation
import Testing

/// Compares against vectors that Python's `fractions` produced
/// (Scripts/generate-fraction-vectors.py regenerates them).
@Suite struct RationalDifferentialTests {
    static let vectors: [String] = {
        let url = Bundle.module.url(forResource: "Vectors/fractions", withExtension: "txt")!
        return try! String(contentsOf: url, encoding: .utf8).split(separator: "\n").map(String.init)
    }()

    func lines(_ op: String) -> [[Substring]] {
        Self.vectors.filter { $0.hasPrefix(op + " ") }.map { $0.split(separator: " ") }
    }

    @Test func fieldOperationsMatchPythonFractions() throws {
        var checked = 0
        for op in ["add", "sub", "mul", "div"] {
            for words in lines(op) {
                let a = try #require(Rational(String(words[1])))
                let b = try #require(Rational(String(words[2])))
                let expected = String(words[4])
                let result: Rational
                switch op {
                case "add": result = a + b
                case "sub": result = a - b
                case "mul": result = a * b
                default: result = a / b
                }
                #expect(result.description == expected, "\(op) \(a) \(b)")
                checked += 1
            }
        }
        #expect(checked > 2000)
    }

    @Test func orderMatchesPythonFractions() throws {
        let cases = lines("cmp")
        #expect(cases.count >= 500)
        for words in cases {
            let a = try #require(Rational(String(words[1])))
            let b = try #require(Rational(String(words[2])))
            let sign = a < b ? -1 : (a == b ? 0 : 1)
            #expect(String(sign) == String(words[4]), "cmp \(a) \(b)")
        }
    }

    @Test func doubleConversionMatchesPythonFloatIncludingTiesSubnormalsAndOverflow() throws {
        let cases = lines("double")
        #expect(cases.count >= 400)
        for words in cases {
            let value = try #require(Rational(String(words[1])))
            let expectedText = String(words[3])
            let expected: Double
            switch expectedText {
            case "inf": expected = .infinity
            case "-inf": expected = -.infinity
            default: expected = try #require(Double(expectedText))  // Swift parses C99 hex floats
            }
            #expect(Double(value).bitPattern == expected.bitPattern, "double \(value) expected \(expectedText)")
        }
    }

    @Test func parsingMatchesPythonFractions() throws {
        let cases = Self.vectors.filter { $0.hasPrefix("parse ") }
        #expect(cases.count >= 10)
        for line in cases {
            let parts = line.split(separator: "\"")
            let text = String(parts[1])
            let expected = String(parts[2].dropFirst(3))
            #expect(Rational(text)?.description == expected, "parse \(text)")
        }
    }
}
