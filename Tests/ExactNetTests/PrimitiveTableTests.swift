import ExactArithmetic
import Foundation
import Testing

@testable import ExactNet

/// Walks the table of primitives: the parser, the constant folder, the engine and every
/// renderer must agree with what each case says about itself.
@Suite struct PrimitiveTableTests {
    /// Arguments for a call of `p`, written in a file.
    static func call(_ p: Primitive, _ arguments: [String]) -> String {
        "\(p.name)(\(arguments.joined(separator: ", ")))"
    }

    /// Points to evaluate at: kinks (0, ties) and both sides of them.
    static let points: [(Rational, Rational)] = [
        (0, 0), (Rational(3, 7), Rational(3, 7)), (Rational(-5, 2), Rational(1, 3)),
        (Rational(7, 4), Rational(-2, 9)), (0, Rational(1, 10)), (Rational(-1, 8), 0),
    ]

    @Test(arguments: Primitive.allCases)
    func theParserKnowsEveryNameAndArityAndReservesTheName(p: Primitive) throws {
        let arguments = Array(["x", "y"].prefix(p.arity))
        _ = try NetworkFile(parsing: "input x, y\nsample x = 1, y = 2\nloss = \(Self.call(p, arguments))\n", path: "t")
        #expect(
            throws: NetworkFileError(
                path: "t", line: 3, column: 8,
                message: "'\(p.name)' takes \(p.arity) argument\(p.arity == 1 ? "" : "s"), not \(p.arity + 1)")
        ) {
            try NetworkFile(
                parsing: "input x, y\nsample x = 1, y = 2\nloss = \(Self.call(p, arguments + ["x"]))\n", path: "t")
        }
        #expect(throws: NetworkFileError.self) {
            try NetworkFile(parsing: "input \(p.name)\nloss = \(p.name)\n", path: "t")
        }
    }

    @Test(arguments: Primitive.allCases.filter { !$0.isTranscendental })
    func theConstantFolderAndTheEngineComputeTheSameExactValues(p: Primitive) throws {
        for (a, b) in Self.points {
            let arguments = ["a", "b"].prefix(p.arity).map { $0 }
            let text = """
                input x, y
                const a = \(a), b = \(b)
                const c = \(Self.call(p, arguments))
                sample x = \(a), y = \(b)
                loss = \(Self.call(p, Array(["x", "y"].prefix(p.arity)))) + 0 * (x + y + c)
                """
            let file = try NetworkFile(parsing: text, path: "t")
            let trace = try file.train(as: Rational.self, steps: 0)
            let folded = try #require(trace.finalSamples[0].value(of: "c"))
            #expect(trace.finalObjective == folded, "\(p.name)(\(a), \(b))")
        }
    }

    @Test(arguments: Primitive.allCases.filter { !$0.isTranscendental })
    func exactDerivativesAreSymmetricDifferencesAwayFromKinksAndConventionsAtThem(p: Primitive) throws {
        var b = NetworkBuilder<Rational>()
        let x = b.input("x")
        let y = b.input("y")
        b.define("loss", .call(p, Array([x, y].prefix(p.arity))))
        let network = try b.build()
        func value(_ u: Rational, _ v: Rational) throws -> Rational {
            try #require(network.evaluate(sample: ["x": u, "y": v], parameters: []).value(of: "loss"))
        }
        let h = Rational(1, 1 << 20)
        for (u, v) in Self.points {
            let result = try network.evaluate(sample: ["x": u, "y": v], parameters: [])
            let dx = try #require(result.gradient(of: "x"))
            let dy = try #require(result.gradient(of: "y"))
            let outcome = withUnsafePointer(to: u) { u in withUnsafePointer(to: v) { v in p.outcome(u, v) } }
            let atKink = p.branching != nil && outcome == 0
            if atKink {
                // The convention decides; the kink is recorded with this primitive.
                let trace = try network.train(samples: [["x": u, "y": v]], options: .init(learningRate: 1))
                #expect(trace.kinks.first?.function == p)
                #expect(trace.kinks.first?.convention == p.kinkConvention)
                switch p {
                case .relu, .abs: #expect(dx == 0)
                case .leakyReLU: #expect(dx == v && dy == u)  // alpha, and ∂/∂alpha = x
                case .max, .min: #expect(dx == Rational(1, 2) && dy == Rational(1, 2))
                default: Issue.record("\(p.name) has no kink")
                }
            } else {
                // Piecewise polynomial of degree ≤ 2: the symmetric difference is exact.
                #expect(dx == (try value(u + h, v) - value(u - h, v)) / (2 * h), "\(p.name) ∂x at (\(u), \(v))")
                if p.arity == 2 {
                    #expect(dy == (try value(u, v + h) - value(u, v - h)) / (2 * h), "\(p.name) ∂y at (\(u), \(v))")
                }
            }
        }
    }

    @Test(arguments: Primitive.allCases.filter(\.isTranscendental))
    func transcendentalPrimitivesRunInDoubleAndAreRefusedExactly(p: Primitive) throws {
        let text = "input x\nsample x = 3/4\nloss = \(p.name)(x)\n"
        let file = try NetworkFile(parsing: text, path: "t")
        #expect(throws: NetworkFileError.self) { try file.train(as: Rational.self) }
        do {
            _ = try file.train(as: Rational.self)
        } catch {
            #expect(error.message.hasPrefix("'\(p.name)' is not available for scalar rational"))
            #expect(error.hint == .useFloatingPointScalar)
        }
        #expect(throws: NetworkFileError.self) {
            try NetworkFile(parsing: "const c = \(p.name)(1)\ninput x\nloss = x\n", path: "t")
        }
        let result = try file.train(as: Double.self, steps: 1).steps[0].samples[0]
        let f = { (x: Double) in p.elementaryValue(at: x) }
        #expect(result.value(of: "loss") == f(0.75))
        let central = (f(0.75 + 1e-6) - f(0.75 - 1e-6)) / 2e-6
        #expect(Swift.abs(try #require(result.gradient(of: "x")) - central) < 1e-8)
    }

    @Test(arguments: Primitive.allCases)
    func everyRendererWritesTheCallAsTheTableSays(p: Primitive) throws {
        let arguments = Array(["x", "y"].prefix(p.arity))
        // At x = y = 0 every piecewise primitive sits on its kink (log, undefined there, runs at 1).
        let x = withUnsafePointer(to: 0.0) { p.isDefined(at: $0) } ? 0 : 1
        let file = try NetworkFile(
            parsing: "input x, y\nsample x = \(x), y = 0\nq = \(Self.call(p, arguments))\nloss = q + x\n", path: "t")
        let key = AnswerKey(trace: try file.train(as: Double.self), title: "t")
        #expect(key.text().contains("q    = \(Self.call(p, arguments))"))
        #expect(key.markdown().contains("`\(Self.call(p, arguments))`"))
        let latex = key.latex()
        switch p.typesetting {
        case .operatorName(let op): #expect(latex.contains("\(op)\\left(x"))
        case .absoluteValueBars: #expect(latex.contains("\\left\\lvert x \\right\\rvert"))
        case .squared: #expect(latex.contains("x^{2}"))
        }
        let kinks =
            try #require(try JSONSerialization.jsonObject(with: Data(key.json().utf8)) as? [String: Any])["kinks"]
            as? [[String: Any]]
        if let convention = p.kinkConvention {
            #expect(kinks?.first?["function"] as? String == p.name)
            #expect(kinks?.first?["convention"] as? String == convention)
            #expect(key.text().contains("\(p.name) in q at its kink; used \(convention)"))
        } else {
            #expect(kinks?.isEmpty == true)
        }
    }
}
