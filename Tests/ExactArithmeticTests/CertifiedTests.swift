import CArb
import CertifiedArithmetic
import ExactArithmetic
import Foundation
import PropertyBased
import RealModule
import Testing

/// The certified scalar against mpmath (Vectors/elementary.txt, made by
/// Scripts/generate-certified-vectors.py), and the properties of its balls.
@Suite struct CertifiedTests {
    static let functions: [String: @Sendable (Certified) -> Certified] = [
        "exp": Certified.exp, "expm1": Certified.expMinusOne, "log": { Certified.log($0) },
        "log1p": { Certified.log(onePlus: $0) }, "tanh": Certified.tanh, "sinh": Certified.sinh,
        "cosh": Certified.cosh, "sin": Certified.sin, "cos": Certified.cos, "atan": Certified.atan,
        "asin": Certified.asin, "sqrt": Certified.sqrt,
        // As the engine's primitives write them.
        "sigmoid": { 1 / (1 + Certified.exp(-$0)) }, "softplus": { Certified.log(onePlus: Certified.exp($0)) },
    ]

    struct Vector {
        var function: String
        var x: Rational
        var value100: Rational
        var value50: String
    }

    static let vectors: [Vector] = {
        let url = Bundle.module.url(forResource: "Vectors/elementary", withExtension: "txt")!
        let text = try! String(contentsOf: url, encoding: .utf8)
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
            let f = line.split(separator: " ").map(String.init)
            return Vector(function: f[0], x: Rational(f[1])!, value100: Rational(f[2])!, value50: f[3])
        }
    }()

    @Test func theVectorFileCoversEveryFunction() {
        #expect(Self.vectors.count > 400)
        #expect(Set(Self.vectors.map(\.function)) == Set(Self.functions.keys))
    }

    @Test(arguments: [96, 256])
    func ballsContainMpmathsValueAndFixItsDigits(precision: Int) {
        let context = CertifiedContext(precision: precision, digits: 50)
        CertifiedContext.$current.withValue(context) {
            for v in Self.vectors {
                let y = Self.functions[v.function]!(Certified(v.x))
                // 100 digits are far inside a ball of 96 or 256 bits (29 or 77 digits).
                #expect(y.contains(v.value100), "\(v.function)(\(v.x)) at \(precision) bits")
                let digits = y.decimal(significantDigits: 50)
                if precision == 256 {
                    #expect(digits.flatMap(Rational.init) == Rational(v.value50), "\(v.function)(\(v.x))")
                } else {
                    // 96 bits rarely fix 50 digits (sqrt(25) = 5 does): refused or right, never wrong.
                    #expect(digits == nil || Rational(digits!) == Rational(v.value50), "\(v.function)(\(v.x))")
                    #expect(y.decimal(significantDigits: 20).flatMap(Rational.init) != nil)
                }
            }
        }
        #expect(context.undecidedComparisons == 0)
    }

    static let smallRationals = zip(Gen.int(in: -400...400), Gen.int(in: 1...97)).map { Rational($0, $1) }

    @Test(arguments: propertySeeds)
    func aLowPrecisionBallContainsTheHighPrecisionValue(seed: UInt64) async {
        await seededCheck(seed: seed, count: 200, input: Self.smallRationals) { x in
            let names = ["exp", "tanh", "sigmoid", "softplus", "atan", "sin"] + (x > 0 ? ["log", "sqrt"] : [])
            for name in names {
                let f = Self.functions[name]!
                let low = CertifiedContext.$current.withValue(CertifiedContext(precision: 64, digits: 10)) {
                    f(Certified(x))
                }
                let point = CertifiedContext.$current.withValue(CertifiedContext(precision: 512, digits: 10)) {
                    f(Certified(x)).bounds!.lower
                }
                #expect(low.contains(point), "\(name)(\(x))")
            }
        }
    }

    @Test(arguments: propertySeeds)
    func fieldOperationsOnExactValuesStayExact(seed: UInt64) async {
        await seededCheck(seed: seed, count: 300, input: Self.smallRationals, Self.smallRationals) { a, b in
            let (x, y) = (Certified(a), Certified(b))
            #expect((x + y).exactValue == a + b)
            #expect((x - y).exactValue == a - b)
            #expect((x * y).exactValue == a * b)
            if !b.isZero { #expect((x / y).exactValue == a / b) }
            #expect((x < y) == (a < b) && (x == y) == (a == b))
            // sigmoid(x) + sigmoid(-x) = 1 and tanh is odd: identities hold inside the balls.
            let s = 1 / (1 + Certified.exp(-x)) + 1 / (1 + Certified.exp(x))
            #expect(s.contains(1))
            #expect((Certified.tanh(x) + Certified.tanh(-x)).contains(0))
        }
    }

    @Test func specialPointsAreExactAndComparisonsThatBallsCannotDecideAreCounted() {
        #expect(Certified.exp(0).exactValue == 1 && Certified.log(1).exactValue == 0)
        #expect(Certified.tanh(0).exactValue == 0 && (1 / (1 + Certified.exp(-0))).exactValue == Rational(1, 2))
        let context = CertifiedContext(precision: 64, digits: 10)
        CertifiedContext.$current.withValue(context) {
            let t = Certified.tanh(Certified(Rational(1, 3)))
            #expect(t > 0)  // decided
            #expect(context.undecidedComparisons == 0)
            #expect(!(t - t > 0) && !(t - t < 0))  // a ball around 0: undecided both ways
            #expect(context.undecidedComparisons == 2)
            #expect(t - t != 0)  // equality never counts: only certain equality is equality
            #expect(context.undecidedComparisons == 2)
        }
    }

    @Test func digitsAreCorrectlyRoundedAndFormatted() {
        CertifiedContext.$current.withValue(CertifiedContext(precision: 200, digits: 20)) {
            let e = Certified.exp(1)
            #expect(e.decimal(significantDigits: 10) == "2.718281828")
            #expect(e.decimal(significantDigits: 1) == "3")
            #expect(Certified.exp(-20).decimal(significantDigits: 5) == "2.0612e-9")
            #expect(Certified.exp(50).decimal(significantDigits: 5) == "5.1847e+21")
            #expect(Certified.exp(20).decimal(significantDigits: 5) == "485170000")
            #expect(Certified(Rational(1, 8)).decimal(significantDigits: 2) == "0.12")  // a tie, to even
            #expect(Certified(Rational(-3, 8)).decimal(significantDigits: 2) == "-0.38")
            // Exact ties that no ball could round: 7/800 = 0.00875 is not dyadic.
            #expect(Certified(Rational(7, 800)).decimal(significantDigits: 2) == "0.0088")
            #expect(Certified(Rational(-9, 800)).decimal(significantDigits: 2) == "-0.011")
            #expect(Certified(Rational(1, 3)).decimal(significantDigits: 3) == "0.333")
            #expect(Certified(0).decimal(significantDigits: 5) == "0")
            #expect(Certified.exp(1).correctlyRoundedDouble == 2.718281828459045)
            #expect(e.description == "2.7182818284590452354")
        }
    }

    /// Digits come from exact integer arithmetic on the stack when the table of powers covers
    /// them (most values of a key), else from Arb's ball operations: both must agree wherever
    /// the fast one answers, and it must not refuse what the other fixes.
    @Test(arguments: propertySeeds)
    func theFastDigitPathAgreesWithArbsBallOperations(seed: UInt64) async {
        let table = exn_powers_of_ten_new(64)!
        defer { exn_powers_of_ten_free(table, 64) }
        func text(_ c: [CChar]) -> String {
            String(decoding: c.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        var answered = 0
        await seededCheck(
            seed: seed, count: 4000, input: Gen.int(in: Int.min...Int.max), Gen.int(in: -150...150),
            Gen.int(in: 0...3), Gen.int(in: 1...40), Gen.int(in: 0...400)
        ) { mantissa, exponent, kind, digits, depth in
            guard mantissa != 0 else { return }
            let x = exn_arb_new()!
            defer { exn_arb_free(x) }
            var n = digits
            if kind == 0 {
                // A decimal tie: (2j + 1)/2 · 10^-q, with few digits so the tie is where they end.
                arb_set_si(x, 2 * Int((mantissa % 1_000_000).magnitude) + 1)
                arb_mul_2exp_si(x, x, -1)
                let power = exn_arb_new()!
                arb_ui_pow_ui(power, 10, UInt(depth % 10), 512)
                arb_div(x, x, power, 512)
                exn_arb_free(power)
                n = 1 + digits % 8
            } else {
                arb_set_si(x, mantissa)
                arb_mul_2exp_si(x, x, exponent)
                if kind >= 2 {
                    // A radius 2^-depth relative to the value, from exact to nearly as wide.
                    let radius = exn_arb_new()!
                    arb_set_si(radius, 1 + depth * 7919)
                    arb_mul_2exp_si(radius, radius, exponent + 63 - 13 - depth)
                    arb_add_error(x, radius)
                    exn_arb_free(radius)
                }
            }
            var (fastDigits, arbDigits) = ([CChar](repeating: 0, count: 128), [CChar](repeating: 0, count: 128))
            var (fastExponent, arbExponent) = (0, 0)
            var (fastSign, arbSign): (Int32, Int32) = (0, 0)
            let fast = exn_arb_round_digits(x, n, 256, &fastDigits, &fastExponent, &fastSign, table, 64)
            let slow = exn_arb_round_digits(x, n, 256, &arbDigits, &arbExponent, &arbSign, nil, 0)
            #expect(fast == slow, "mantissa \(mantissa), exponent \(exponent), kind \(kind), \(n) digits")
            if fast == 1 && slow == 1 {
                answered += 1
                #expect(
                    text(fastDigits) == text(arbDigits) && fastExponent == arbExponent && fastSign == arbSign,
                    "mantissa \(mantissa), exponent \(exponent), \(n) digits")
            }
        }
        #expect(answered > 1500)  // the comparison saw digits, not only refusals
    }

    /// Exact values just below and above a power of ten, rounded to n significant digits, as
    /// `Rational`'s own decimal rounding rounds them (0.99…96 to 3 digits is 1.00, to 25 it is
    /// 0.99…): where the digit count's place changes, a guess at the exponent one too high would
    /// round at the wrong place.
    @Test(arguments: propertySeeds)
    func exactValuesNearPowersOfTenRoundAsRationalsDo(seed: UInt64) async {
        await seededCheck(
            seed: seed, count: 600, input: Gen.int(in: -12...12), Gen.int(in: 1...90), Gen.int(in: 1...30),
            Gen.int(in: 0...3)
        ) { power, depth, digits, sign in
            var ten = Rational(1)
            for _ in 0..<Swift.abs(power) { ten *= 10 }
            if power < 0 { ten = 1 / ten }
            var offset = ten
            for _ in 0..<depth { offset /= 2 }
            var v = sign & 1 == 0 ? ten - offset : ten + offset
            if sign & 2 != 0 { v = -v }
            // floor(log10 |v|), exactly.
            let magnitude = v < 0 ? -v : v
            var e = power
            var scale = ten
            while magnitude < scale {
                scale /= 10
                e -= 1
            }
            while magnitude >= scale * 10 {
                scale *= 10
                e += 1
            }
            let places = digits - 1 - e
            var shift = Rational(1)
            for _ in 0..<Swift.max(0, -places) { shift *= 10 }
            let expected = (v / shift).rounded(toDecimalPlaces: Swift.max(0, places), .halfEven) * shift
            let got = Certified(v).decimal(significantDigits: digits).flatMap(Rational.init)
            #expect(got == expected, "\(v) to \(digits) digits")
        }
    }
}
