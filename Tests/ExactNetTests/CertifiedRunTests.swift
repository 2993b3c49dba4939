import CertifiedArithmetic
import ExactArithmetic
import ExactNet
import Foundation
import Testing

/// Certified runs: published transcendental examples to the digits they print, decisions on
/// balls (Ziv escalation), and keys that do not depend on the precision it took.
@Suite struct CertifiedRunTests {
    static func run(_ example: String, digits: Int = 20, steps: Int? = nil) throws -> CertifiedRun {
        let file = try NetworkFile(
            contentsOf: ExactNetBinary.packageRoot.appendingPathComponent("Examples/\(example).exnet").path)
        return try file.trainCertified(digits: digits, steps: steps)
    }

    /// The value rounded half-up to as many decimals as `published` has, as a published table does.
    static func asPublished(_ x: Certified, like published: String, in run: CertifiedRun) -> String {
        let places = published.split(separator: ".").last!.count
        // All the run's certified digits, then the table's rounding (as the post rounds each number once).
        let digits = run.withContext { x.decimal(significantDigits: run.context.digits)! }
        return Rational(digits)!.decimalText(places: places, .halfUp)
    }

    @Test func mazursPublishedNumbersAreReproducedToTheDigitsPrinted() throws {
        let run = try Self.run("09-mazur-sigmoid", digits: 40)
        let trace = run.trace
        let n = trace.network
        let sample = trace.steps[0].samples[0]
        func value(_ name: String) -> Certified { sample.values[n.index(of: name)!] }
        func gradient(_ name: String) -> Certified { sample.gradients[n.index(of: name)!] }
        func updated(_ name: String) -> Certified { trace.steps[0].updatedValue(of: name)! }
        let published: [(String, Certified, String)] = [
            ("net_h1", value("net_h1"), "0.3775"), ("out_h1", value("out_h1"), "0.593269992"),
            ("out_h2", value("out_h2"), "0.596884378"), ("net_o1", value("net_o1"), "1.105905967"),
            ("out_o1", value("out_o1"), "0.75136507"), ("out_o2", value("out_o2"), "0.772928465"),
            ("E_o1", value("e_o1"), "0.274811083"), ("E_o2", value("e_o2"), "0.023560026"),
            ("E_total", value("loss"), "0.298371109"), ("dE/dout_o1", gradient("out_o1"), "0.74136507"),
            ("dE/dnet_o1", gradient("net_o1"), "0.138498562"), ("dE/dout_h1", gradient("out_h1"), "0.036350306"),
            ("dE/dw5", gradient("w5"), "0.082167041"), ("dE/dw1", gradient("w1"), "0.000438568"),
            ("w5+", updated("w5"), "0.35891648"), ("w6+", updated("w6"), "0.408666186"),
            ("w7+", updated("w7"), "0.511301270"), ("w8+", updated("w8"), "0.561370121"),
            ("w1+", updated("w1"), "0.149780716"), ("w2+", updated("w2"), "0.19956143"),
            ("w3+", updated("w3"), "0.24975114"), ("w4+", updated("w4"), "0.29950229"),
        ]
        for (name, x, text) in published {
            #expect(Self.asPublished(x, like: text, in: run) == text, "\(name)")
        }
        #expect(value("net_h1").exactValue == Rational(151, 400))  // rational until sigmoid touches it
        #expect(!value("out_h1").isExact)
        // The post's E_total after the step, 0.291027924, is a slip: the exact run (and the post's
        // own rounded weights, in Double) give 0.291027774.
        #expect(Self.asPublished(trace.finalObjective, like: "0.291027924", in: run) == "0.291027774")
        #expect(run.withContext { trace.finalObjective.decimal(significantDigits: 20) } == "0.29102777369359935087")
        #expect(
            run.withContext { value("out_h1").decimal(significantDigits: 30) } == "0.593269992107187255173654561579")
    }

    @Test func theCS231nSigmoidNeuronGivesItsPublishedGradients() throws {
        let run = try Self.run("10-sigmoid-neuron", digits: 30)
        let sample = run.trace.steps[0].samples[0]
        let n = run.trace.network
        func g(_ name: String) -> Certified { sample.gradients[n.index(of: name)!] }
        #expect(Self.asPublished(sample.values[n.lossIndex], like: "0.73", in: run) == "0.73")
        #expect(Self.asPublished(g("dot"), like: "0.2", in: run) == "0.2")
        // dx = [w0, w1] · 0.1966… = [0.39, -0.59]; the inputs' gradients are what the notes call dx.
        #expect(Self.asPublished(g("x0"), like: "0.39", in: run) == "0.39")
        #expect(Self.asPublished(g("x1"), like: "-0.59", in: run) == "-0.59")
        #expect(Self.asPublished(g("w0"), like: "-0.2", in: run) == "-0.2")
        #expect(Self.asPublished(g("w1"), like: "-0.39", in: run) == "-0.39")
        #expect(Self.asPublished(g("w2"), like: "0.2", in: run) == "0.2")
        #expect(sample.values[n.index(of: "dot")!].exactValue == 1)
    }

    @Test func softmaxCrossEntropyGradientIsPMinusY() throws {
        let run = try Self.run("11-softmax-cross-entropy", digits: 30)
        let n = run.trace.network
        for step in run.trace.steps {
            for r in step.samples {
                for (z, p, y) in [("z1", "p1", "y1"), ("z2", "p2", "y2")] {
                    let gradient = r.gradients[n.index(of: z)!]
                    let direct = r.values[n.index(of: p)!] - r.values[n.index(of: y)!]
                    run.withContext {
                        #expect(gradient.decimal(significantDigits: 30) == direct.decimal(significantDigits: 30))
                    }
                }
            }
        }
    }

    static let nearKink = """
        input x
        param c = 0.46211715726000975850231848364367254873028928033011
        sample x = 1/2
        h = relu(tanh(x) - c)
        loss = h + 0 * c
        """

    @Test func aBranchTooCloseToCallEscalatesThePrecisionAndTheKeyDoesNotDependOnIt() throws {
        // tanh(1/2) = 0.46211715726000975850231848364367254873028928033011… agrees with c to about
        // 50 digits, so 112 bits cannot decide relu's branch.
        let file = try NetworkFile(parsing: Self.nearKink, path: "near.exnet")
        let run = try file.trainCertified(digits: 20)
        #expect(run.precisions.count >= 2, "\(run.precisions)")
        #expect(run.precisions.first == 112 && run.precisions.last! >= 224)
        let h = run.trace.steps[0].samples[0].values[run.trace.network.index(of: "h")!]
        #expect(run.withContext { h.decimal(significantDigits: 3) } != nil)
        // Starting far higher gives the same key, character for character.
        var options = file.options(as: Certified.self)
        options.limits = file.limits
        let network = try file.builder(as: Certified.self).build()
        let high = try network.trainCertified(
            samples: try file.samples(as: Certified.self), options: options, digits: 20, minimumPrecision: 2048)
        #expect(high.precisions == [2048])
        let a = run.withContext { AnswerKey(trace: run.trace, title: "k").json() }
        let b = high.withContext { AnswerKey(trace: high.trace, title: "k").json() }
        #expect(a == b)
    }

    @Test func aBallAroundAKinkThatNeverDecidesIsALocatedError() throws {
        let text = """
            input x
            sample x = 1/3
            t = tanh(x)
            h = relu(t - t)
            loss = h + x
            """
        #expect {
            _ = try NetworkFile(parsing: text, path: "kink.exnet").trainCertified(digits: 10)
        } throws: { error in
            guard let e = error as? NetworkFileError else { return false }
            return e.description
                == "kink.exnet:4:1: error: cannot certify the relu branch of 'h' (step 0, sample 0) even at 65536 bits of precision"
        }
    }

    @Test func exactValuesStayExactAndLogOutsideItsDomainIsLocated() throws {
        let text = """
            input x
            param w = 2
            sample x = -1
            z = w * x
            e = exp(0 * z)
            loss = log(z) + e
            """
        #expect {
            _ = try NetworkFile(parsing: text, path: "log.exnet").trainCertified()
        } throws: { error in
            (error as? NetworkFileError)?.description.hasPrefix(
                "log.exnet:6:1: error: log outside its domain in 'loss'")
                == true
        }
        let fine = try NetworkFile(parsing: text.replacingOccurrences(of: "x = -1", with: "x = 1"), path: "l.exnet")
            .trainCertified()
        let r = fine.trace.steps[0].samples[0]
        #expect(r.values[fine.trace.network.index(of: "e")!].exactValue == 1)  // exp(0) = 1, exactly
        #expect(r.values[fine.trace.network.index(of: "z")!].exactValue == 2)
    }
}

/// The command line: `--scalar certified --digits N`, its JSON, and its errors.
@Suite(.tags(.commandLine)) struct CertifiedCommandTests {
    @Test func jsonHasExactFractionsCertifiedDecimalsAndTheDigits() throws {
        let r = try ExactNetBinary.run([
            "run", "Examples/09-mazur-sigmoid.exnet", "--scalar", "certified", "--digits", "25", "--format", "json",
        ])
        #expect(r.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.standardOutput.utf8)) as? [String: Any])
        #expect(object["scalar"] as? String == "certified")
        let settings = try #require(object["settings"] as? [String: Any])
        #expect(settings["certified_digits"] as? Int == 25 && settings["learning_rate"] as? String == "1/2")
        let steps = try #require(object["steps"] as? [[String: Any]])
        let samples = try #require(steps[0]["samples"] as? [[String: Any]])
        let values = try #require(samples[0]["values"] as? [String: String])
        #expect(values["net_h1"] == "151/400")
        #expect(values["out_h1"] == "0.5932699921071872551736546")
    }

    @Test func digitsAreCheckedAndNeedTheCertifiedScalar() throws {
        let stray = try ExactNetBinary.run(["run", "Examples/01-seed-skip-connection.exnet", "--digits", "30"])
        #expect(stray.status == 64 && stray.standardError.contains("--digits applies to --scalar certified"))
        let zero = try ExactNetBinary.run([
            "run", "Examples/09-mazur-sigmoid.exnet", "--scalar", "certified", "--digits", "0",
        ])
        #expect(zero.status == 2 && zero.standardError.contains("0 certified digits is outside 1...5000"))
    }

    @Test func theSeedExerciseIsExactUnderTheCertifiedScalarToo() throws {
        let certified = try ExactNetBinary.run([
            "run", "Examples/01-seed-skip-connection.exnet", "--scalar", "certified", "--format", "json",
        ])
        let exact = try ExactNetBinary.run(["run", "Examples/01-seed-skip-connection.exnet", "--format", "json"])
        // Only the scalar's name and the digits setting differ: every value stays a fraction.
        #expect(
            certified.standardOutput
                .replacingOccurrences(of: "\"certified\"", with: "\"rational\"")
                .replacingOccurrences(of: ", \"certified_digits\": 20", with: "") == exact.standardOutput)
    }
}
