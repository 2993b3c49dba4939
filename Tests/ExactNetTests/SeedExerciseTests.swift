import ExactArithmetic
import ExactNet
import Testing

/// The exercise that started the project (../shared/seeds/): a ReLU network with a
/// skip connection, absolute-error loss, x = 1, y = -3, all weights 1/2, lr = 1.
func seedNetwork<S: NetworkScalar>(_: S.Type = S.self, weights: [S] = [0.5, 0.5, 0.5, 0.5]) throws -> Network<S>
where S: ExpressibleByFloatLiteral {
    var b = NetworkBuilder<S>()
    let x = b.input("x")
    let y = b.target("y")
    let w = (0..<4).map { b.parameter("w\($0)", weights[$0]) }
    let z0 = b.define("z0", w[0] * x)
    let h0 = b.define("h0", relu(z0))
    let z1 = b.define("z1", w[1] * h0)
    let h1 = b.define("h1", relu(z1))
    let z2 = b.define("z2", w[2] * h1 + w[3] * h0)
    let yhat = b.define("yhat", z2)
    b.define("loss", abs(y - yhat))
    return try b.build()
}

@Suite struct SeedExerciseTests {
    let sample: [String: Rational] = ["x": 1, "y": -3]

    func value(_ name: String, _ r: SampleResult<Rational>, _ n: Network<Rational>) -> Rational {
        r.values[n.index(of: name)!]
    }
    func gradient(_ name: String, _ r: SampleResult<Rational>, _ n: Network<Rational>) -> Rational {
        r.gradients[n.index(of: name)!]
    }

    @Test func seedForwardPassIsExact() throws {
        let n = try seedNetwork(Rational.self)
        let r = try n.evaluate(sample: sample, parameters: n.initialParameters)
        #expect(value("z0", r, n) == Rational(1, 2))
        #expect(value("z1", r, n) == Rational(1, 4))
        #expect(value("h1", r, n) == Rational(1, 4))
        #expect(value("z2", r, n) == Rational(3, 8))  // 1/8 + 1/4, never 0.37500000000000006
        #expect(value("loss", r, n) == Rational(27, 8))
    }

    @Test func seedGradientsHaveTheRightSign() throws {
        let n = try seedNetwork(Rational.self)
        let r = try n.evaluate(sample: sample, parameters: n.initialParameters)
        // y - ŷ < 0, so dL/dŷ = +1 (the second hand solution wrote -1).
        #expect(gradient("yhat", r, n) == 1)
        #expect(gradient("h0", r, n) == Rational(3, 4))  // skip connection: 1/2 + 1/2·1/2
        #expect(gradient("w0", r, n) == Rational(3, 4))
        #expect(gradient("w1", r, n) == Rational(1, 4))
        #expect(gradient("w2", r, n) == Rational(1, 4))
        #expect(gradient("w3", r, n) == Rational(1, 2))
        #expect(gradient("y", r, n) == -1)
    }

    @Test func seedChainTermsSumToEachGradient() throws {
        let n = try seedNetwork(Rational.self)
        let r = try n.evaluate(sample: sample, parameters: n.initialParameters)
        let h0 = n.index(of: "h0")!
        let terms = r.chainTerms[h0]
        // Both paths of the skip connection, the later consumer first (reverse mode).
        #expect(terms.map { n.quantities[$0.consumer].name } == ["z2", "z1"])
        #expect(terms.map(\.factor) == [Rational(1, 2), Rational(1, 2)])
        for q in n.quantities.indices where !r.chainTerms[q].isEmpty {
            let sum = r.chainTerms[q].reduce(Rational.zero) { $0 + r.gradients[$1.consumer] * $1.factor }
            #expect(sum == r.gradients[q])
        }
    }

    @Test func seedSkipConnectionUpdatesWeightsExactly() throws {
        let n = try seedNetwork(Rational.self)
        let trace = try n.train(samples: [sample], options: .init(learningRate: 1))
        #expect(trace.steps.count == 1)
        #expect(trace.steps[0].objective == Rational(27, 8))
        #expect(trace.steps[0].gradients == [Rational(3, 4), Rational(1, 4), Rational(1, 4), Rational(1, 2)])
        #expect(trace.steps[0].updated == [Rational(-1, 4), Rational(1, 4), Rational(1, 4), 0])
        #expect(trace.finalParameters == [Rational(-1, 4), Rational(1, 4), Rational(1, 4), 0])
        #expect(trace.finalObjective == 3)  // the first ReLU has died: ŷ = 0
        #expect(trace.finalSamples[0].values[n.index(of: "h0")!] == 0)
        // After the step z1 = w1·h0 = 0 exactly: relu(z1) sits on its kink, and the key must say so.
        #expect(trace.kinks == [Kink(step: 1, sample: 0, quantity: "h1", function: .relu)])
        #expect(trace.kinks.map(\.convention) == ["relu'(0) = 0"])
    }

    @Test func seedDoubleRunGoesThroughTheSameGenericCode() throws {
        let n = try seedNetwork(Double.self)
        let trace = try n.train(samples: [["x": 1, "y": -3]], options: .init(learningRate: 1))
        #expect(trace.steps[0].objective == 3.375)
        #expect(trace.steps[0].updated == [-0.25, 0.25, 0.25, 0])
        #expect(trace.finalObjective == 3)
    }

    @Test func flippedSignSolutionGivesOneNinetyFiveThreeOneTwentyFiveNotOneNinetyFive() throws {
        // The second hand solution updated with dL/dŷ = -1 and got w = 5/4, 3/4, 3/4, 1.
        let weights: [Rational] = [Rational(5, 4), Rational(3, 4), Rational(3, 4), 1]
        let n = try seedNetwork(Rational.self, weights: weights)
        let r = try n.evaluate(sample: sample, parameters: weights)
        #expect(value("yhat", r, n) == Rational(125, 64))
        #expect(value("yhat", r, n).terminatingDecimal == "1.953125")  // not 1.95
        #expect(value("loss", r, n) == Rational(317, 64))
        #expect(value("loss", r, n).terminatingDecimal == "4.953125")  // not 4.95
        // And that step went the wrong way: the loss grew from 27/8.
        #expect(value("loss", r, n) > Rational(27, 8))
    }
}
