import ExactArithmetic
import ExactNet
// Foundation has a type named `Expression`; the README's example must compile beside it.
import Foundation
import Testing

@Suite struct ReadmeExampleTests {
    @Test func readmeSwiftExampleRunsAsDocumented() throws {
        let a: Rational = 0.125
        let b = Rational(1, 4)
        #expect("\(a + b) \((a + b).latex) \(Double(a + b))" == "3/8 \\frac{3}{8} 0.375")
        #expect(Rational(1, 6).decimalExpansion()!.description == "0.1(6)")
        var net = NetworkBuilder<Rational>()
        let x = net.input("x")
        let y = net.target("y")
        let w = (0..<4).map { net.parameter("w\($0)", 0.5) }
        let h0 = net.define("h0", relu(w[0] * x))
        let h1 = net.define("h1", relu(w[1] * h0))
        net.define("loss", abs(y - (w[2] * h1 + w[3] * h0)))
        let trace = try net.build().train(samples: [["x": 1, "y": -3]], options: .init(learningRate: 1))
        #expect(trace.steps[0].updated.description == "[-1/4, 1/4, 1/4, 0]")
    }
}
