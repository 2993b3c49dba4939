import ExactArithmetic
import ExactNet
import Testing

/// Text keys of networks whose formulas are too long to repeat beside every value: the formulas
/// are listed once and each sample's tables give `name = value` (issue 9's readable text).
@Suite struct TextLayoutTests {
    /// One neuron over twelve inputs: its sum (137 characters) is too wide for a sample's table.
    /// By hand: z = ½·(1 + 2 + … + 12) = 39, loss = (40 − 39)² = 1, dL/dz = 2(z − y) = −2,
    /// dL/dwᵢ = −2·xᵢ; with lr 1/8, wᵢ ← ½ + xᵢ/4 and b ← 1/4, so afterwards
    /// z = 39 + (1² + … + 12²)/4 + 1/4 = 39 + 650/4 + 1/4 = 807/4 and loss = (40 − 807/4)² = 418609/16.
    static let wideNeuron: String = {
        let inputs = (0..<12).map { "x\($0)" }
        return """
            input \(inputs.joined(separator: ", "))
            target y
            param \((0..<12).map { "w\($0) = 1/2" }.joined(separator: ", ")), b = 0
            sample \((0..<12).map { "x\($0) = \($0 + 1)" }.joined(separator: ", ")), y = 40
            set learning_rate = 1/8
            set steps = 1
            z = \((0..<12).map { "w\($0) * x\($0)" }.joined(separator: " + ")) + b
            loss = square(y - z)
            """
    }()

    /// h feeds twelve products, so dL/dh sums twelve terms (more than 100 characters).
    /// By hand: h = ½·2 = 1, uᵢ = ¼, s = 3, loss = 9, dL/ds = dL/duᵢ = 2(s − y) = 6,
    /// dL/dh = 12·6·¼ = 18, dL/dw = 18·x = 36, dL/daᵢ = 6·h = 6; w ← ½ − 36/8 = −4.
    static let fanOut: String = {
        let u = (0..<12).map { "u\($0)" }
        return """
            input x
            target y
            param w = 1/2, \((0..<12).map { "a\($0) = 1/4" }.joined(separator: ", "))
            sample x = 2, y = 0
            set learning_rate = 1/8
            set steps = 1
            h = w * x
            \((0..<12).map { "u\($0) = a\($0) * h" }.joined(separator: "\n"))
            s = \(u.joined(separator: " + "))
            loss = square(y - s)
            """
    }()

    @Test func wideFormulasAreListedOnceAndSamplesGiveValuesOnly() throws {
        let file = try NetworkFile(parsing: Self.wideNeuron, path: "wide.exnet")
        let trace = try file.trainForKey(as: Rational.self, format: .text, detail: .full)
        let text = AnswerKey(trace: trace, title: "wide.exnet").text()
        let sum = "w0 * x0 + w1 * x1 + w2 * x2"
        #expect(text.components(separatedBy: sum).count == 2, "the sum is written once")
        #expect(text.contains("\nDefinitions (each sample below gives their values)\n  z    =\n      \(sum)"))
        #expect(text.contains(" Forward pass\n  z    = 39\n  loss = 1\n"))
        // The chain rules are short: they stay beside their values, with numbers.
        #expect(!text.contains("\nChain rule ("))
        #expect(
            text.contains("\n  dL/dw11 = dL/dz · x11 = (-2) · 12 = -24\n  dL/db   = dL/dz · 1   = (-2) · 1  = -2\n"))
        #expect(text.contains("\n  z    = 807/4  (201.75)\n  loss = 418609/16  (26163.0625)\n"))
    }

    @Test func wideChainRulesAreListedOnceAndTrainedWithoutChainTerms() throws {
        let file = try NetworkFile(parsing: Self.fanOut, path: "fan.exnet")
        let trace = try file.trainForKey(as: Rational.self, format: .text, detail: .full)
        #expect(trace.steps[0].samples[0].chainTerms.isEmpty)
        #expect(trace.steps[0].updated.first == -4)
        let text = AnswerKey(trace: trace, title: "fan.exnet").text()
        let sum = "dL/du11 · a11 + dL/du10 · a10"
        #expect(text.components(separatedBy: sum).count == 2, "the chain rule is written once")
        #expect(text.contains("\nChain rule (L = loss of one sample; each sample below gives the values)\n"))
        // The definitions are short: they stay beside their values.
        #expect(text.contains("\n  s    = u0 + u1 + u2 + u3 + u4 + u5 + u6 + u7 + u8 + u9 + u10 + u11 = 3\n"))
        #expect(text.contains(" Backward pass (L = loss of this sample)\n  dL/ds   = 6\n  dL/du11 = 6\n"))
        #expect(text.contains("\n  dL/dh   = 18\n  dL/dw   = 36\n  dL/da0  = 6\n"))
    }

    @Test func keysThatPrintChainRuleSumsAreTrainedWithChainTerms() throws {
        let seed = try NetworkFile(
            contentsOf: ExactNetBinary.packageRoot.appendingPathComponent(
                "Examples/01-seed-skip-connection.exnet"
            ).path)
        for format in [KeyFormat.text, .markdown, .latex] {
            #expect(
                !(try seed.trainForKey(as: Rational.self, format: format, detail: .full)).steps[0].samples[0]
                    .chainTerms.isEmpty)
        }
        #expect(
            (try seed.trainForKey(as: Rational.self, format: .json, detail: .full)).steps[0].samples[0]
                .chainTerms.isEmpty)
        // At `steps` detail no sample is printed, so none is kept; the steps are the same.
        let full = try seed.trainForKey(as: Rational.self, format: .text, detail: .full)
        let steps = try seed.trainForKey(as: Rational.self, format: .text, detail: .steps)
        #expect(steps.steps[0].samples.isEmpty && steps.finalSamples.isEmpty)
        #expect(steps.steps[0].gradients == full.steps[0].gradients && steps.finalObjective == full.finalObjective)
    }

    @Test func aTraceWithoutChainTermsGetsChainRulesListedOnce() throws {
        let seed = try NetworkFile(
            contentsOf: ExactNetBinary.packageRoot.appendingPathComponent(
                "Examples/01-seed-skip-connection.exnet"
            ).path)
        let text = AnswerKey(trace: try seed.train(as: Rational.self, recordsChainTerms: false), title: "seed").text()
        #expect(text.contains("\nChain rule (L = loss of one sample; each sample below gives the values)\n"))
        #expect(text.contains("\n  dL/dh0   = dL/dz2 · w3 + dL/dz1 · w1\n"))
        #expect(text.contains(" Forward pass\n  z0   = w0 * x            = 1/2  (0.5)\n"))
        #expect(text.contains("\n  dL/dh0   = 3/4  (0.75)\n  dL/dz0   = 3/4  (0.75)\n  dL/dw0   = 3/4  (0.75)\n"))
    }
}
