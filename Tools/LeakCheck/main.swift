// exactnet-leakcheck: drives every GMP-backed path (small, promoted, demoted and large
// values; in-place and shared storage; parsing, printing, conversions; training and
// errors thrown mid-evaluation) so that valgrind can prove nothing is lost.
// Run by Scripts/leak-check.sh and by the LeakCheckTests.
import CertifiedArithmetic
import ExactArithmetic
import ExactNet

func exerciseNumbers() -> Int {
    var sink = 0
    let big = Rational(BigInt(3).power(200), BigInt(2).power(150))
    let huge = Rational(BigInt(7).power(3000), BigInt(11).power(2000))
    var values: [Rational] = [Rational(1, 3), Rational(-5, 8), Rational(Int.max), Rational(Int.min), big, -huge, 0, 1]
    values.append(Rational(Int.max) + Rational(Int.max))  // promoted
    values.append((Rational(Int.max) + Rational(Int.max)) - Rational(Int.max))  // demoted again
    for a in values {
        for b in values {
            sink &+= (a + b).signum &+ (a - b).signum &+ (a * b).signum
            if !b.isZero { sink &+= (a / b).signum }
            var c = a
            c += b
            c -= b
            c *= b
            if !b.isZero { c /= b }
            var d = a
            let shared = d
            d += d
            sink &+= (a < b ? 1 : 0) &+ (a == b ? 1 : 0) &+ a.hashValue &+ shared.signum &+ d.signum
        }
        sink &+= a.description.count &+ a.latex.count &+ Int(Double(a).sign == .minus ? 1 : 0)
        sink &+= Float(a).isFinite ? 1 : 0
        sink &+= (a.decimalExpansion(maximumDigits: 200)?.description.count ?? 0)
        sink &+= a.numerator.description.count &+ a.denominator.bitLength
        if let r = a.reciprocal { sink &+= r.power(3).signum &+ r.power(-2).signum }
        _ = try? a.dividing(by: .zero)
    }
    for text in [
        "3/8", "-0.375", "1e-30", "2.5E+2", "123456789012345678901234567890/7", "1/0", "abc",
        "9" + String(repeating: "9", count: 300),
    ] {
        sink &+= Rational(text)?.signum ?? 0
    }
    // Packed copies, copies into owned storage, and the kernels that read operands in place.
    let kept = big.detachedCopy()
    var owned = Rational(big.description)!
    owned.storeCopy(of: huge)
    owned.addProduct(kept, big)
    [kept, huge].withUnsafeBufferPointer { v in
        owned.store(v.baseAddress!, v.baseAddress! + 1, .multiply)
        owned.addProduct(v.baseAddress!, v.baseAddress! + 1)
        sink &+= Rational.detachedCopy(of: v.baseAddress! + 1).signum
    }
    sink &+= owned.signum &+ kept.signum
    sink &+= Rational(exactly: 0.1)!.denominator.bitLength &+ Rational(exactly: 1e300)!.numerator.bitLength
    sink &+= Rational(exactly: Double.leastNonzeroMagnitude)!.bitLength
    let n = BigInt(10).power(50)
    let (q, r) = n.quotientAndRemainder(dividingBy: BigInt(7).power(20))
    sink &+= q.signum &+ r.signum &+ BigInt.gcd(n, BigInt(6).power(40)).bitLength
    return sink
}

func exerciseEngine() throws -> Int {
    var sink = 0
    let builder = NetworkBuilder<Rational>.multilayerPerceptron(
        sizes: [3, 4, 1], activation: .relu, loss: .absoluteError,
        weight: { l, j, i in Rational((7 * l + 5 * j + 3 * i) % 9 - 4, 8) }, bias: { _, j in Rational(j, 5) })
    let network = try builder.build()
    var options = TrainingOptions<Rational>(learningRate: Rational(1, 8))
    options.steps = 4
    let samples: [[String: Rational]] = [
        ["x0": 1, "x1": Rational(1, 3), "x2": -2, "y0": 1], ["x0": 0, "x1": 2, "x2": Rational(1, 7), "y0": -1],
    ]
    let trace = try network.train(samples: samples, options: options)
    options.recordsChainTerms = false
    sink &+=
        trace.finalObjective.signum &+ (try network.train(samples: samples, options: options)).finalObjective.signum
    // Runs that keep no sample results, on one thread and two (their sums come from the workspaces).
    options.keepsSampleResults = false
    for pairs in [false, true] {
        options.evaluatesSamplesInPairs = pairs
        sink &+= (try network.train(samples: samples, options: options)).finalObjective.signum
    }
    options.keepsSampleResults = true
    options.evaluatesSamplesInPairs = true
    let report = try CrossCheck.run(builder, samples: samples, options: options, as: Double.self)
    sink &+= report.entries.count
    // Errors thrown in the middle of an evaluation must not leak either.
    var failing = NetworkBuilder<Rational>()
    let w = failing.parameter("w", Rational(2))
    failing.define("loss", w + 0 * (1 / w))
    var fail = TrainingOptions<Rational>(learningRate: 1)
    fail.steps = 5
    _ = try? failing.build().train(samples: [[:]], options: fail)
    var growing = NetworkBuilder<Rational>()
    let g = growing.parameter("g", Rational(1, 3))
    growing.define("loss", pow(g, 4))
    var grow = TrainingOptions<Rational>(learningRate: Rational(1, 7))
    grow.steps = 30
    grow.limits.maximumBits = 20_000
    _ = try? growing.build().train(samples: [[:]], options: grow)
    return sink
}

/// Grading: the solver's world (overrides in both sweeps), roundings, mistakes, sealed digests.
func exerciseGrading() throws -> Int {
    let file = try NetworkFile(
        parsing: """
            input x
            target y
            param w0 = 0.5, w1 = 0.5, w2 = 0.5, w3 = 0.5
            sample x = 1, y = -3
            z0 = w0 * x
            h0 = relu(z0)
            z1 = w1 * h0
            h1 = relu(z1)
            z2 = w2 * h1 + w3 * h0
            yhat = z2
            loss = abs(y - yhat)
            """, path: "seed.exnet")
    let trace = try file.train(as: Rational.self, steps: 2)
    let sheet = """
        alias w5 = w3
        step 0
        z2 = 0.375
        dL/dyhat = -1
        dL/dh0 = 1/4
        w0 <- 1.25
        w1 <- 5/4
        step 1
        z1 = 0.33333
        final
        yhat = 1.95
        loss = 4.95
        """
    let solution = try Solution(parsing: sheet, path: "sheet.txt", shape: KeyShape(trace))
    let grade = try Grader(trace: trace).grade(solution)
    let sealed = try SealedKey(parsing: SealedKey(trace: trace).json(), path: "key.json")
    let sealedGrade = sealed.grade(solution, rounding: .any)
    _ = try? Solution(parsing: "step 0\nz0 = 1/0\n", path: "bad.txt", shape: KeyShape(trace))
    return grade.json().count &+ grade.latex(network: "seed").count &+ sealedGrade.text(network: "key").count
}

/// Certified arithmetic: Arb balls made, shared, compared, printed and dropped; an escalating run.
func exerciseCertified() throws -> Int {
    var sink = 0
    let context = CertifiedContext(precision: 200, digits: 30)
    CertifiedContext.$current.withValue(context) {
        let x = Certified(Rational(151, 400))
        let big = Certified(Rational(BigInt(3).power(200), BigInt(2).power(150)))
        for y in [Certified.exp(x), .tanh(-x), .log(x), .log(onePlus: big), .sqrt(x), .pow(x, x), .pow(big, -3)] {
            let z = (y * x + big) / (y - 1)
            sink &+= (z.decimal(significantDigits: 25)?.count ?? 0) &+ z.description.count
            sink &+=
                (z.bounds.map { $0.lower.bitLength } ?? 0) &+ (z > x ? 1 : 0)
                &+ (z.correctlyRoundedDouble ?? 0 > 0 ? 1 : 0)
        }
    }
    let file = try NetworkFile(
        parsing: """
            input x
            param c = 0.46211715726000975850231848364367254873028928033011
            sample x = 1/2
            h = relu(tanh(x) - c)
            loss = sigmoid(h) + softplus(c)
            """, path: "near.exnet")
    let run = try file.trainCertified(digits: 20)
    sink &+= run.withContext { AnswerKey(trace: run.trace, title: "near").json().count }
    _ = try? NetworkFile(
        parsing: "input x\nsample x = 1/3\nt = tanh(x)\nloss = relu(t - t)\n", path: "kink.exnet"
    ).trainCertified(digits: 10)
    return sink
}

let checksum = exerciseNumbers() &+ (try exerciseEngine()) &+ (try exerciseGrading()) &+ (try exerciseCertified())
print("leak check workload done (\(checksum & 0xff))")
