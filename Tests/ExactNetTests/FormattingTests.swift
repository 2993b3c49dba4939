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
}
