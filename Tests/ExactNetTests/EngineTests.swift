import ExactArithmetic
import Testing

@testable import ExactNet

func r(_ text: String) -> Rational { Rational(text)! }

@Suite struct SubgradientConventionTests {
    /// One-input network `out = f(x)`, loss = out, evaluated at x.
    func gradient(_ f: (Formula<Rational>) -> Formula<Rational>, at x: Rational) throws -> (Rational, [Kink]) {
        var b = NetworkBuilder<Rational>()
        let input = b.input("x")
        b.define("loss", f(input))
        let n = try b.build()
        let trace = try n.train(samples: [["x": x]], options: .init(learningRate: 1))
        return (trace.steps[0].samples[0].gradients[n.index(of: "x")!], trace.kinks)
    }

    @Test func reluDerivativeAtZeroIsZeroAndTheKinkIsRecorded() throws {
        let (g, kinks) = try gradient(relu, at: 0)
        #expect(g == 0)
        #expect(kinks.map(\.function) == [.relu, .relu])  // the step and the final evaluation
        #expect(try gradient(relu, at: r("1/3")).0 == 1)
        #expect(try gradient(relu, at: r("-1/3")).0 == 0)
    }

    @Test func absDerivativeAtZeroIsZero() throws {
        #expect(try gradient(abs, at: 0).0 == 0)
        #expect(try gradient(abs, at: -2).0 == -1)
        #expect(try gradient(abs, at: 2).0 == 1)
    }

    @Test func leakyReLUDerivativeAtZeroIsAlpha() throws {
        let alpha = Formula<Rational>.constant(r("1/10"))
        let (g, kinks) = try gradient({ leakyReLU($0, alpha: alpha) }, at: 0)
        #expect(g == r("1/10"))
        #expect(kinks.first?.function == .leakyReLU)
        #expect(try gradient({ leakyReLU($0, alpha: alpha) }, at: 5).0 == 1)
    }

    @Test func maxAndMinSplitATieInHalves() throws {
        var b = NetworkBuilder<Rational>()
        let p = b.input("p")
        let q = b.input("q")
        b.define("loss", max(p, q) + 3 * min(p, q) as Formula<Rational>)
        let n = try b.build()
        let tie = try n.evaluate(sample: ["p": 2, "q": 2], parameters: [])
        #expect(tie.gradients[n.index(of: "p")!] == 2)  // 1/2 + 3/2
        #expect(tie.gradients[n.index(of: "q")!] == 2)
        let apart = try n.evaluate(sample: ["p": 3, "q": 2], parameters: [])
        #expect(apart.gradients[n.index(of: "p")!] == 1)
        #expect(apart.gradients[n.index(of: "q")!] == 3)
    }

    @Test func powersDivisionAndSquareDifferentiateExactly() throws {
        var b = NetworkBuilder<Rational>()
        let x = b.input("x")
        b.define("loss", pow(x, 3) / (x + 1) + square(x) + pow(x, -2))
        let n = try b.build()
        let result = try n.evaluate(sample: ["x": r("1/2")], parameters: [])
        // f = x³/(x+1) + x² + x⁻²;  f′(1/2) = (3x²(x+1) − x³)/(x+1)² + 2x − 2x⁻³ = 4/9 + 1 − 16 (checked in Python)
        #expect(result.values[n.index(of: "loss")!] == r("1/12") + r("1/4") + 4)
        #expect(result.gradients[n.index(of: "x")!] == r("-131/9"))
    }
}

@Suite struct TrainingTests {
    @Test func meanReductionWithMomentumMatchesAnIndependentPythonComputation() throws {
        // Reference: Python fractions with hand-derived gradients (see the test's comment for the model).
        var b = NetworkBuilder<Rational>()
        let x = b.input("x")
        let y = b.target("y")
        let w = b.parameter("w", r("1/2"))
        let bias = b.parameter("b", r("-1/3"))
        let h = b.define("h", leakyReLU(w * x + bias, alpha: .constant(r("1/10"))))
        b.define("loss", square(y - h))
        var options = TrainingOptions<Rational>(learningRate: r("1/4"))
        options.steps = 3
        options.reduction = .mean
        options.momentum = r("1/2")
        let trace = try b.build().train(samples: [["x": 1, "y": 2], ["x": -2, "y": 1]], options: options)
        #expect(trace.steps.map(\.objective) == [r("4181/1800"), r("9001/8000"), r("3269729789/4608000000")])
        #expect(trace.steps[0].gradients == [r("-241/150"), r("-146/75")])
        #expect(trace.steps[1].updated == [r("2561/2000"), r("15889/24000")])
        #expect(trace.finalParameters == [r("273559/192000"), r("24589/25600")])
        #expect(trace.finalObjective == r("23031895311701/29491200000000"))
    }

    /// A linear combination inside a term of another is compiled first: each keeps its own run
    /// of the one buffer of terms, and both passes read the right one.
    @Test func aLinearCombinationInsideAnothersTermKeepsItsOwnTerms() throws {
        var b = NetworkBuilder<Rational>()
        let (x, y, z) = (b.input("a"), b.input("b"), b.input("c"))
        let w = b.parameter("w", r("1/2"))
        let u = b.parameter("u", r("3/4"))
        b.define("loss", w * (x * y + z) + u * x)
        let n = try b.build()
        let result = try n.evaluate(sample: ["a": 2, "b": 3, "c": -1], parameters: n.initialParameters)
        // inner = ab + c = 5; loss = 5/2 + 3/2 = 4; by hand: dL/dw = 5, dL/du = a = 2,
        // dL/da = w·b + u = 9/4, dL/db = w·a = 1, dL/dc = w = 1/2.
        #expect(result.value(of: "loss") == 4)
        let expected: [String: Rational] = ["w": 5, "u": 2, "a": r("9/4"), "b": 1, "c": r("1/2")]
        for (name, g) in expected { #expect(result.gradients[n.index(of: name)!] == g, "dL/d\(name)") }
        // Two threads, none kept: the parameters' sums take the same path through the terms.
        var options = TrainingOptions<Rational>(learningRate: 1)
        options.keepsSampleResults = false
        let trace = try n.train(samples: [["a": 2, "b": 3, "c": -1], ["a": 2, "b": 3, "c": -1]], options: options)
        #expect(trace.steps[0].gradients == [10, 4])
    }

    @Test func multilayerPerceptronBuildsAndTrainsWithDenominatorsGrowing() throws {
        let b = NetworkBuilder<Rational>.multilayerPerceptron(
            sizes: [2, 3, 1], activation: .relu, loss: .absoluteError,
            weight: { l, j, i in Rational((l + 2 * j + 3 * i) % 5 - 2, 4) }, bias: { _, j in Rational(j, 8) })
        let n = try b.build()
        #expect(n.parameterIndices.count == 2 * 3 + 3 + 3 + 1)
        var options = TrainingOptions<Rational>(learningRate: r("1/8"))
        options.steps = 3
        let samples: [[String: Rational]] = [["x0": 1, "x1": 0, "y0": 1], ["x0": 0, "x1": 1, "y0": -1]]
        let trace = try n.train(samples: samples, options: options)
        #expect(trace.steps.count == 3)
        // The same network in Double agrees with the exact run to rounding.
        let d = try b.map(to: Double.self) { Double($0) }.build()
        var dOptions = TrainingOptions<Double>(learningRate: 0.125)
        dOptions.steps = 3
        let dTrace = try d.train(samples: samples.map { $0.mapValues { Double($0) } }, options: dOptions)
        for (e, f) in zip(trace.finalParameters, dTrace.finalParameters) { #expect(Swift.abs(Double(e) - f) < 1e-12) }
    }

    /// Exact runs evaluate samples on two threads, blocks of eight (each thread a run of four):
    /// results, kinks and the first error come out in sample order all the same, whichever
    /// thread and block they come from; each thread taking its fixed half of a block, the second
    /// thread certainly takes part (left alone, a small block may all go to the first).
    @Test(arguments: [false, true]) func samplesEvaluatedOnTwoThreadsKeepSampleOrder(evenSplit: Bool) throws {
        func options(_ learningRate: Rational) -> TrainingOptions<Rational> {
            var options = TrainingOptions<Rational>(learningRate: learningRate)
            options._splitsBlocksEvenly = evenSplit
            return options
        }
        var b = NetworkBuilder<Rational>()
        let x = b.input("x")
        let w = b.parameter("w", 1)
        let h = b.define("h", relu(w * x - 1))
        b.define("loss", square(h - x))
        let n = try b.build()
        // Nineteen samples: two full blocks and a block of three; every x = 1 sits on the kink.
        let xs: [Rational] = [1, 2, -3, 1, 1, 2, 1, -1, 3, 1, 1, 2, 2, 1, -2, 1, 3, 1, 1]
        let trace = try n.train(samples: xs.map { ["x": $0] }, options: options(r("1/8")))
        #expect(trace.kinks.filter { $0.step == 0 }.map(\.sample) == [0, 3, 4, 6, 9, 10, 13, 15, 17, 18])
        for (k, sample) in trace.steps[0].samples.enumerated() {
            let alone = try n.evaluate(sample: ["x": xs[k]], parameters: n.initialParameters)
            #expect(sample.values == alone.values && sample.gradients == alone.gradients, "sample \(k)")
        }
        var oneThread = TrainingOptions<Rational>(learningRate: r("1/8"))
        oneThread.evaluatesSamplesInPairs = false
        let sequential = try n.train(samples: xs.map { ["x": $0] }, options: oneThread)
        #expect(sequential.kinks == trace.kinks && sequential.finalParameters == trace.finalParameters)
        #expect(sequential.steps[0].samples.map(\.gradients) == trace.steps[0].samples.map(\.gradients))

        var d = NetworkBuilder<Rational>()
        let y = d.input("y")
        let v = d.parameter("v", 1)
        d.define("loss", 1 / (v - y))
        let reciprocal = try d.build()
        // y = 1 divides by zero. The first failure in sample order is named: in the first
        // thread's run while the second's fails too (1 and 5), in the second's alone (6), at the
        // start of the second's run with a later block failing (4 and 9), in a last block (17).
        for (failing, count, named) in [([1, 5], 8, 1), ([6], 8, 6), ([4, 9], 12, 4), ([17], 18, 17)] {
            let samples = (0..<count).map { ["y": failing.contains($0) ? Rational(1) : Rational(2)] }
            #expect(throws: NetworkError.divisionByZero(quantity: "loss", step: 0, sample: named)) {
                try reciprocal.train(samples: samples, options: options(1))
            }
        }
    }

    /// A run that keeps no per-sample results (what keys at `steps` and `final` detail need)
    /// takes its sums from the workspaces' slots: the steps are those of a run that keeps
    /// everything, on one thread or two, with momentum and a mean reduction, and kinks are still
    /// recorded.
    @Test func runsKeepingNoSampleResultsTakeTheSameSteps() throws {
        let b = NetworkBuilder<Rational>.multilayerPerceptron(
            sizes: [3, 4, 2], activation: .relu, loss: .squaredError,
            weight: { l, j, i in Rational((l + 2 * j + 3 * i) % 7 - 3, 8) }, bias: { _, j in Rational(j % 3 - 1, 16) })
        let n = try b.build()
        let samples: [[String: Rational]] = (0..<19).map { k in
            [
                "x0": Rational(k % 5 - 2, 2), "x1": Rational(1 - k % 3), "x2": Rational(k % 4, 4),
                "y0": Rational(k % 3 - 1), "y1": Rational(k % 2, 2),
            ]
        }
        for (pairs, evenSplit) in [(false, false), (true, false), (true, true)] {
            var options = TrainingOptions<Rational>(learningRate: r("1/8"))
            options.steps = 3
            options.momentum = r("1/2")
            options.reduction = .mean
            options.recordsChainTerms = false
            options.evaluatesSamplesInPairs = pairs
            options._splitsBlocksEvenly = evenSplit
            let kept = try n.train(samples: samples, options: options)
            options.keepsSampleResults = false
            let bare = try n.train(samples: samples, options: options)
            #expect(bare.steps.allSatisfy(\.samples.isEmpty) && bare.finalSamples.isEmpty)
            #expect(!kept.steps[0].samples.isEmpty)
            #expect(bare.steps.map(\.gradients) == kept.steps.map(\.gradients))
            #expect(bare.steps.map(\.objective) == kept.steps.map(\.objective))
            #expect(bare.finalParameters == kept.finalParameters && bare.finalObjective == kept.finalObjective)
            #expect(bare.kinks == kept.kinks)
            // The step's gradient is the mean of the kept samples' gradients, summed independently.
            let sum = kept.steps[0].samples.map { $0.gradients[n.parameterIndices[0]] }.reduce(0, +)
            #expect(bare.steps[0].gradients[0] == sum / Rational(samples.count))
        }
    }

    /// Parameters are updated in place, step after step: what the trace kept of each step (its
    /// parameters, updates and gradients) is never changed by the steps after it. A run of one
    /// step and a run of four agree on the first, the network's own parameters stay as built,
    /// and each step starts from the last one's update, in every way of running.
    @Test func laterStepsNeverChangeWhatTheTraceKeptOfEarlierOnes() throws {
        // Values grow past a word within the steps (multi-limb numbers are updated in place).
        let b = NetworkBuilder<Rational>.multilayerPerceptron(
            sizes: [3, 5, 1], activation: .relu, loss: .squaredError,
            weight: { l, j, i in Rational((l + 2 * j + 3 * i) % 7 - 3, 8) }, bias: { _, j in Rational(j % 3 - 1, 16) })
        let n = try b.build()
        let built = n.initialParameters.map(\.description)
        let samples: [[String: Rational]] = (0..<12).map { k in
            [
                "x0": Rational(k % 5 - 2, 2), "x1": Rational(3 - k % 4), "x2": Rational(k % 3, 4),
                "y0": Rational(k % 3 - 1),
            ]
        }
        for (pairs, keeps, evenSplit) in [
            (false, true, false), (false, false, false), (true, true, false), (true, false, false), (true, true, true),
            (true, false, true),
        ] {
            var options = TrainingOptions<Rational>(learningRate: r("3/8"))
            options.recordsChainTerms = false
            options.evaluatesSamplesInPairs = pairs
            options.keepsSampleResults = keeps
            options._splitsBlocksEvenly = evenSplit
            options.steps = 1
            let one = try n.train(samples: samples, options: options)
            options.steps = 4
            let four = try n.train(samples: samples, options: options)
            #expect(four.finalParameters.contains { !$0.isInline })
            #expect(four.steps[0].parameters.map(\.description) == built)
            #expect(four.steps[0].updated == one.steps[0].updated && four.steps[0].gradients == one.steps[0].gradients)
            #expect(four.steps[0].updated.map(\.description) == one.steps[0].updated.map(\.description))
            for k in 1..<4 { #expect(four.steps[k].parameters == four.steps[k - 1].updated) }
            // Each update is w − lr·g of the values the trace kept.
            for step in four.steps {
                let expected = zip(step.parameters, step.gradients).map { $0 - options.learningRate * $1 }
                #expect(step.updated == expected)
            }
            #expect(four.finalParameters == four.steps[3].updated)
            #expect(n.initialParameters.map(\.description) == built)
        }
    }

    /// Cheap samples go to the two threads in blocks of up to 64 (8 while samples are not cheap
    /// against the budget): the trace is the same as one thread's, kinks and branches in sample order.
    @Test func blocksOfEverySizeGiveTheSameTraceAsOneThread() throws {
        let b = NetworkBuilder<Rational>.multilayerPerceptron(
            sizes: [2, 3, 1], activation: .relu, loss: .squaredError,
            weight: { l, j, i in Rational((l + 2 * j + 3 * i) % 5 - 2, 4) }, bias: { _, j in Rational(j % 3 - 1, 8) })
        let n = try b.build()
        // 150 samples: blocks of 8, 64, 64 and 14; 20: blocks of 8 and 12, then one block per pass
        // (each pass starts anew at sample 0).
        for count in [150, 20] {
            try checkBlocks(
                n,
                samples: (0..<count).map { k in
                    ["x0": Rational(k % 7 - 3, 2), "x1": Rational(k % 5 - 2), "y0": Rational(k % 3 - 1)]
                })
        }
    }

    func checkBlocks(_ n: Network<Rational>, samples: [[String: Rational]]) throws {
        for (tightBudget, keeps) in [(false, true), (false, false), (true, true), (true, false)] {
            var options = TrainingOptions<Rational>(learningRate: r("1/16"))
            options.steps = 3
            options.recordsChainTerms = false
            options.recordsBranchOutcomes = true
            options.keepsSampleResults = keeps
            // A work budget small enough that no sample counts as cheap (blocks of 8), yet enough for the run.
            if tightBudget { options.limits.maximumWork = 4_000_000 }
            options.evaluatesSamplesInPairs = false
            let one = try n.train(samples: samples, options: options)
            options.evaluatesSamplesInPairs = true
            for evenSplit in [false, true] {
                options._splitsBlocksEvenly = evenSplit
                let two = try n.train(samples: samples, options: options)
                #expect(two.steps.map(\.gradients) == one.steps.map(\.gradients))
                #expect(
                    two.steps.map(\.objective) == one.steps.map(\.objective) && two.finalObjective == one.finalObjective
                )
                #expect(two.kinks == one.kinks && !one.kinks.isEmpty)
                #expect(two.branchOutcomes == one.branchOutcomes && one.branchOutcomes.count == 4 * 3 * samples.count)
                if keeps { #expect(two.steps[1].samples.map(\.values) == one.steps[1].samples.map(\.values)) }
            }
        }
    }

    /// A run that keeps no samples skips the adjoints of what no parameter reaches (here `s`, `x`,
    /// `y` and `c`) and sums each parameter's gradient in its own slot: the steps are the same.
    @Test func runsKeepingNoSampleResultsSkipOnlyWhatNoParameterReaches() throws {
        var b = NetworkBuilder<Rational>()
        let x = b.input("x")
        let y = b.target("y")
        let c = b.constant("c", r("3/2"))
        let w = b.parameter("w", r("1/2"))
        let v = b.parameter("v", r("-1/4"))
        let s = b.define("s", x * x - c)
        let h = b.define("h", relu(w * s + v * x))
        b.define("loss", (h * v - y) * (h * v - y) + w * w)
        let n = try b.build()
        let samples: [[String: Rational]] = (0..<11).map { k in ["x": Rational(k - 5, 3), "y": Rational(k % 4, 2)] }
        for (pairs, evenSplit) in [(false, false), (true, false), (true, true)] {
            var options = TrainingOptions<Rational>(learningRate: r("1/4"))
            options.steps = 3
            options.recordsChainTerms = false
            options.evaluatesSamplesInPairs = pairs
            options._splitsBlocksEvenly = evenSplit
            let kept = try n.train(samples: samples, options: options)
            options.keepsSampleResults = false
            let bare = try n.train(samples: samples, options: options)
            #expect(bare.steps.map(\.gradients) == kept.steps.map(\.gradients))
            #expect(bare.finalParameters == kept.finalParameters)
            // The first step's gradient, summed independently from the kept samples: not zero.
            let dw = kept.steps[0].samples.map { $0.gradients[n.index(of: "w")!] }.reduce(0, +)
            #expect(bare.steps[0].gradients[0] == dw && dw != 0)
        }
    }

    @Test func momentumZeroIsPlainGradientDescent() throws {
        let n = try seedNetwork(Rational.self)
        var options = TrainingOptions<Rational>(learningRate: 1)
        options.steps = 2
        let trace = try n.train(samples: [["x": 1, "y": -3]], options: options)
        #expect(trace.steps[0].velocity == trace.steps[0].gradients)
        // Step 2 starts where step 1 ended.
        #expect(trace.steps[1].parameters == trace.steps[0].updated)
    }
}

@Suite struct CrossCheckTests {
    @Test func exactZeroIsPositiveInDoubleAndReluBranchesDifferently() throws {
        var b = NetworkBuilder<Rational>()
        let x = b.input("x")
        let w0 = b.parameter("w0", r("0.1"))
        let w1 = b.parameter("w1", r("0.2"))
        let w2 = b.parameter("w2", r("-0.3"))
        let z = b.define("z", w0 * x + w1 * x + w2 * x)
        b.define("loss", relu(z))
        let report = try CrossCheck.run(b, samples: [["x": 1]], options: .init(learningRate: 1), as: Double.self)
        let zValue = report.entries.first { $0.kind == .value && $0.name == "z" && $0.step == 0 }!
        #expect(zValue.exact == 0)
        #expect(zValue.float > 0)  // 0.1 + 0.2 - 0.3 = 5.551115123125783e-17 in Double
        #expect(zValue.relativeError == .infinity)
        #expect(report.divergences.count >= 1)
        let first = report.divergences[0]
        #expect(first.quantity == "loss" && first.function == .relu && first.exactSign == 0 && first.floatSign == 1)
        #expect(!report.passes(maximumULPs: 1_000_000))
        // The exact run flags the kink; the float run silently takes the branch.
        #expect(report.exactTrace?.kinks.first?.quantity == "loss")
    }

    @Test func seedNetworkAgreesExactlyInDoubleAndFloat() throws {
        var b = NetworkBuilder<Rational>()
        let x = b.input("x")
        let y = b.target("y")
        let w = (0..<4).map { b.parameter("w\($0)", r("0.5")) }
        let h0 = b.define("h0", relu(w[0] * x))
        let h1 = b.define("h1", relu(w[1] * h0))
        b.define("loss", abs(y - (w[2] * h1 + w[3] * h0)))
        let options = TrainingOptions<Rational>(learningRate: 1)
        let samples: [[String: Rational]] = [["x": 1, "y": -3]]
        let double = try CrossCheck.run(b, samples: samples, options: options, as: Double.self)
        #expect(double.maximumULPs == 0)
        let float = try CrossCheck.run(b, samples: samples, options: options, as: Float.self)
        #expect(float.maximumULPs == 0)
        // h1 sits on relu's kink after the step in both runs: a kink, not a divergence.
        #expect(double.divergences.isEmpty)
        #expect(double.passes(maximumULPs: 0))
    }

    @Test func ulpDistanceCountsRepresentableSteps() {
        #expect(CrossCheck.ulpDistance(1.0, 1.0.nextUp) == 1)
        #expect(CrossCheck.ulpDistance(-0.0, 0.0) == 0)
        #expect(CrossCheck.ulpDistance(Double.leastNonzeroMagnitude, -Double.leastNonzeroMagnitude) == 2)
        #expect(CrossCheck.ulpDistance(Double.nan, 1.0) == nil)
        #expect(CrossCheck.ulpDistance(Float(1), Float(2)) == 1 << 23)
    }
}

@Suite struct NetworkErrorTests {
    @Test func unknownNamesDuplicatesCyclesAndMissingLossAreErrors() {
        var b = NetworkBuilder<Rational>()
        b.input("x")
        b.define("loss", .quantity("nope"))
        #expect(throws: NetworkError.unknownName("nope", in: "loss")) { try b.build() }

        var d = NetworkBuilder<Rational>()
        d.input("x")
        d.input("x")
        #expect(throws: NetworkError.duplicateName("x")) { try d.build() }

        var c = NetworkBuilder<Rational>()
        c.define("a", .quantity("b") + 1)
        c.define("b", .quantity("a") * 2)
        c.define("loss", .quantity("a"))
        #expect(throws: NetworkError.cycle(["a", "b"])) { try c.build() }

        var m = NetworkBuilder<Rational>()
        m.input("x")
        #expect(throws: NetworkError.missingLoss("loss")) { try m.build() }
    }

    @Test func divisionByZeroNamesTheQuantityStepAndSample() throws {
        var b = NetworkBuilder<Rational>()
        let x = b.input("x")
        let w = b.parameter("w", 1)
        let q = b.define("q", 1 / (w - x))
        b.define("loss", q)
        let n = try b.build()
        #expect(throws: NetworkError.divisionByZero(quantity: "q", step: 0, sample: 1)) {
            try n.train(samples: [["x": 2], ["x": 1]], options: .init(learningRate: 1))
        }
        var p = NetworkBuilder<Rational>()
        let y = p.input("y")
        p.define("loss", pow(y, -1))
        #expect(throws: NetworkError.divisionByZero(quantity: "loss", step: 0, sample: 0)) {
            try p.build().train(samples: [["y": 0]], options: .init(learningRate: 1))
        }
    }

    @Test func absurdExponentsStepsAndSizesAreRefused() throws {
        var b = NetworkBuilder<Rational>()
        let x = b.input("x")
        b.define("loss", pow(x, 1_000_000))
        #expect(throws: NetworkError.exponentTooLarge(1_000_000, in: "loss", limit: 4096)) { try b.build() }

        let n = try seedNetwork(Rational.self)
        var options = TrainingOptions<Rational>(learningRate: 1)
        options.steps = 1_000_000
        #expect(throws: NetworkError.tooManySteps(1_000_000, limit: 10_000)) {
            try n.train(samples: [["x": 1, "y": -3]], options: options)
        }

        var g = NetworkBuilder<Rational>()
        let w = g.parameter("w", r("1/3"))
        g.define("loss", pow(w, 3))
        var growing = TrainingOptions<Rational>(learningRate: r("1/7"))
        growing.steps = 40
        growing.limits.maximumBits = 4096
        #expect {
            try g.build().train(samples: [[:]], options: growing)
        } throws: { error in
            // Caught either in the forward pass (w³ would exceed the bound) or after an update.
            guard case NetworkError.numbersTooLarge(quantity: let q, bits: let bits, step: _, limit: 4096) = error
            else { return false }
            return (q == "w" || q == "loss") && bits > 4096
        }
    }

    /// dL/dw = x, the loss 0: summed over samples x = 1/p for distinct primes p, the gradient's
    /// denominator grows by each prime's bits and passes a 64-bit bound (after seven samples for
    /// primes near 2^10, three near 2^20); one thread or two, keeping samples or not (then the sum
    /// is made in the parameter's adjoint slot, and a second thread's added into the first's), the
    /// run stops with the parameter named.
    @Test func aGradientSumPastTheSizeBoundStopsTheRunOnEitherThread() throws {
        var b = NetworkBuilder<Rational>()
        let x = b.input("x")
        let w = b.parameter("w", 1)
        b.define("loss", (w - 1) * x)
        let n = try b.build()
        let near1024 = [1031, 1033, 1039, 1049, 1051, 1061, 1063, 1069, 1087, 1091, 1093, 1097, 1103, 1109, 1117, 1123]
        let nearMillion = [1_000_003, 1_000_033, 1_000_037, 1_000_039, 1_000_081, 1_000_099, 1_000_117, 1_000_121]
        // Four primes near 2^20: two threads' halves each fit the bound, their sum does not (the
        // step adds one thread's sums into the other's, when the second thread took some samples:
        // certainly so when each takes its half of a block, and GradientMergeTests pins it alone).
        for primes in [near1024, nearMillion, Array(nearMillion.prefix(4))] {
            for (pairs, keeps, evenSplit) in [
                (false, true, false), (true, true, false), (false, false, false), (true, false, false),
                (true, true, true), (true, false, true),
            ] {
                var options = TrainingOptions<Rational>(learningRate: 1)
                options.limits.maximumBits = 64
                options.evaluatesSamplesInPairs = pairs
                options.keepsSampleResults = keeps
                options._splitsBlocksEvenly = evenSplit
                #expect {
                    try n.train(samples: primes.map { ["x": Rational(1, $0)] }, options: options)
                } throws: { error in
                    guard case NetworkError.gradientTooLarge(quantity: "w", bits: let bits, step: 0, limit: 64) = error
                    else { return false }
                    return bits > 64
                }
            }
        }
        // Under the bound, the gradient is the exact sum: Σ 1/p over the first four primes near 2^10.
        let four = Array(near1024.prefix(4))
        let trace = try n.train(samples: four.map { ["x": Rational(1, $0)] }, options: .init(learningRate: 1))
        #expect(trace.steps[0].gradients == [four.map { Rational(1, $0) }.reduce(0, +)])
    }

    @Test func missingAndUnexpectedSampleValuesAreErrors() throws {
        let n = try seedNetwork(Rational.self)
        #expect(throws: NetworkError.missingSampleValue("y", sample: 0)) {
            try n.train(samples: [["x": 1]], options: .init(learningRate: 1))
        }
        #expect(throws: NetworkError.unexpectedSampleValue("w0", sample: 0)) {
            try n.train(samples: [["x": 1, "y": 2, "w0": 1]], options: .init(learningRate: 1))
        }
        // As many names as the network asks for, one of them wrong: the wrong one is named, in the sample it is in.
        #expect(throws: NetworkError.unexpectedSampleValue("why", sample: 1)) {
            try n.train(samples: [["x": 1, "y": 2], ["x": 1, "why": 2]], options: .init(learningRate: 1))
        }
        #expect(throws: NetworkError.missingSampleValue("x", sample: 0)) {
            try n.train(samples: [["y": 2]], options: .init(learningRate: 1))
        }
        #expect(throws: NetworkError.noSamples) { try n.train(samples: [], options: .init(learningRate: 1)) }
    }

    @Test func transcendentalFunctionsExistOnlyForRealScalars() throws {
        #expect(!Rational.hasElementaryFunctions)
        #expect(Double.hasElementaryFunctions)
        #expect(Float.hasElementaryFunctions)
        // `tanh(x)` over Rational does not compile; a Double network cannot be carried over to Rational.
        var b = NetworkBuilder<Double>()
        let x = b.input("x")
        b.define("loss", tanh(x))
        #expect(throws: NetworkError.unsupportedFunction(.tanh, scalar: "Rational", in: "loss")) {
            try b.map(to: Rational.self) { Rational(exactly: $0)! }.build()
        }
        let n = try b.build()
        let result = try n.evaluate(sample: ["x": 0.5], parameters: [])
        #expect(Swift.abs(result.values[n.index(of: "loss")!] - 0.46211715726000974) < 1e-15)
        #expect(
            Swift.abs(result.gradients[n.index(of: "x")!] - (1 - 0.46211715726000974 * 0.46211715726000974)) < 1e-15)
    }
}

@Suite struct SymbolicDerivativeTests {
    typealias E = Formula<Rational>

    @Test func linearFactorsAreWrittenAsTheirSymbol() {
        let z: E = .quantity("w2") * .quantity("h1") + .quantity("w3") * .quantity("h0")
        #expect(z.symbolicDerivative(withRespectTo: "h0").map { "\($0)" } == "\(E.quantity("w3"))")
        #expect(z.symbolicDerivative(withRespectTo: "w2").map { "\($0)" } == "\(E.quantity("h1"))")
        let difference: E = .quantity("y") - .quantity("yhat")
        guard case .constant(let minusOne)? = difference.symbolicDerivative(withRespectTo: "yhat") else {
            Issue.record("expected a constant")
            return
        }
        #expect(minusOne == -1)
    }

    @Test func nonlinearOrRepeatedUsesKeepThePartialNotation() {
        #expect(relu(E.quantity("z")).symbolicDerivative(withRespectTo: "z") == nil)
        let twice: E = .quantity("x") * .quantity("w") + .quantity("x")
        #expect(twice.symbolicDerivative(withRespectTo: "x") == nil)
        let square: E = .quantity("x") * .quantity("x")
        #expect(square.symbolicDerivative(withRespectTo: "x") == nil)
    }
}

@Suite struct FormulaDepthTests {
    @Test func formulasBuiltInCodeHaveADepthLimitBeforeAnythingRecursesOverThem() throws {
        var b = NetworkBuilder<Rational>()
        let x = b.input("x")
        var f = x
        for _ in 0..<3000 { f = f + 1 }
        b.define("loss", f)
        #expect(f.depth == 3001)
        #expect(throws: NetworkError.formulaTooDeep(3001, in: "loss", limit: 2500)) { try b.build() }
        var shallow = NetworkBuilder<Rational>()
        let y = shallow.input("y")
        var g = y
        for _ in 0..<2000 { g = g + 1 }
        shallow.define("loss", g)
        #expect(try shallow.build().evaluate(sample: ["y": 1], parameters: []).value(of: "loss") == 2001)
    }
}
