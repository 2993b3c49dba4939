import ExactArithmetic
import Testing

@testable import ExactNet

@Suite struct FormattingTests {
    @Test func namesAreTypesetAsInAHandSolution() {
        #expect(NameFormatting.latex("w0") == "w_0")
        #expect(NameFormatting.latex("z_2") == "z_2")
        #expect(NameFormatting.latex("w12") == "w_{12}")
        #expect(NameFormatting.latex("yhat") == "\\hat{y}")
        #expect(NameFormatting.latex("yhat0") == "\\hat{y}_0")
        #expect(NameFormatting.latex("alpha") == "\\alpha")
        #expect(NameFormatting.latex("loss") == "L")
        #expect(NameFormatting.latex("bias") == "\\mathrm{bias}")
        #expect(NameFormatting.latex("l1_w0_1") == "l_{1,\\mathrm{w0},1}")  // MLP builder names
    }

    /// Printing keeps the tree's grouping: float results depend on it (0.1 + 0.2 - 0.3).
    @Test(arguments: [
        "a - (b - c)", "(a + b) * c", "a * (b * c)", "a / (b * c)", "-(a * b)", "-a * b",
        "(a + b)^2", "a^(-2)", "a^-2", "-a^2", "abs(a - b) + max(a, b * 2)", "leaky_relu(a, 1/10)", "a - b - c",
        "a + 1/3 * b",
    ])
    func printedExpressionsParseBackToTheSameTree(source: String) throws {
        let file = try NetworkFile(parsing: "input a, b, c\nsample a = 1, b = 2, c = 3\nloss = \(source)\n", path: "t")
        let network = try file.builder(as: Rational.self).build()
        let printed = FormulaFormatting.render(network.formulas[network.lossIndex]!, .text)
        let again = try NetworkFile(
            parsing: "input a, b, c\nsample a = 1, b = 2, c = 3\nloss = \(printed)\n", path: "t")
        let reprinted = FormulaFormatting.render(
            try again.builder(as: Rational.self).build().formulas[network.lossIndex]!, .text)
        #expect(printed == reprinted)
        // And both evaluate identically in Double, where grouping changes results.
        let x = try file.train(as: Double.self).finalObjective
        let y = try again.train(as: Double.self).finalObjective
        #expect(x.bitPattern == y.bitPattern)
    }

    @Test func latexExpressionsUseFractionsAndAbsoluteValueBars() throws {
        let file = try NetworkFile(
            parsing: "input a, b\nsample a = 1, b = 2\nloss = abs(a - b) / (a + 1/3)\n", path: "t")
        let network = try file.builder(as: Rational.self).build()
        #expect(
            FormulaFormatting.render(network.formulas[network.lossIndex]!, .latex)
                == "\\frac{\\left\\lvert a - b \\right\\rvert}{a + \\frac{1}{3}}")
    }

    /// Keys write samples on two threads, blocks of eight: every sample lands in its place.
    @Test func keysWrittenOnTwoThreadsKeepSampleOrder() throws {
        var b = NetworkBuilder<Rational>()
        let x = b.input("x")
        let w = b.parameter("w", Rational(1, 2))
        b.define("loss", square(w * x - 1))
        let n = try b.build()
        let xs = (0..<19).map { Rational($0 + 1, 4) }
        let trace = try n.train(samples: xs.map { ["x": $0] }, options: .init(learningRate: Rational(1, 8)))
        let key = AnswerKey(trace: trace, title: "order")
        let json = key.json()
        var from = json.startIndex
        for (k, value) in xs.enumerated() {
            // Sample k's values start with its x: find them one after the other.
            let needle = "{\"values\": {\"x\": \"\(value)\""
            let found = try #require(json.range(of: needle, range: from..<json.endIndex), "sample \(k)")
            from = found.upperBound
        }
        let text = key.text()
        var at = text.startIndex
        for (k, value) in xs.enumerated() {
            let found = try #require(text.range(of: "\nSample \(k): x = \(value)\n", range: at..<text.endIndex))
            at = found.upperBound
        }
    }
}
