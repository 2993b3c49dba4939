import ExactArithmetic
import Foundation
import Testing

@testable import ExactNet

/// Every legal name typesets, and names the rules cannot read stay distinguishable.
@Suite struct LaTeXNameTests {
    static let awkward = [
        "_", "_0", "_12", "_hat", "x_", "a__b", "hat", "xhat_1", "w_0_1", "Omega", "alphahat", "l1_w0_1",
    ]

    @Test func awkwardNamesAreSetUprightAsWritten() {
        #expect(NameFormatting.latex("x_") == "\\mathrm{x\\_}")
        #expect(NameFormatting.latex("x_") != NameFormatting.latex("x"))
        #expect(NameFormatting.latex("_") == "\\mathrm{\\_}")
        #expect(NameFormatting.latex("_0") == "\\mathrm{\\_0}")
        #expect(NameFormatting.latex("_hat") == "\\mathrm{\\_hat}")
        #expect(NameFormatting.latex("a__b") == "\\mathrm{a\\_\\_b}")
    }

    /// Legal names: a letter or underscore, then letters, digits and underscores.
    static func randomNames(count: Int, seed: UInt64) -> [String] {
        var rng = NetworkFileFuzzTests.SplitMix(state: seed)
        let first = Array("_abcxyzwhABLQ")
        let rest = Array("_abhatlpz0123456789")
        var names: Set<String> = []
        while names.count < count {
            var name = String(rng.pick(first))
            for _ in 0..<Int(rng.next() % 8) { name.append(rng.pick(rest)) }
            if Primitive(rawValue: name) == nil,
                !["input", "target", "param", "const", "sample", "set", "loss", "x"].contains(name)
            {
                names.insert(name)
            }
        }
        return names.sorted()
    }

    @Test(
        .tags(.latex),
        .enabled(
            if: TestEnvironment.hasTool("pdflatex"),
            "pdflatex is not installed (texlive-latex-base; .ci/run installs it)"))
    func keysWithRandomLegalNamesCompile() throws {
        let names = Self.awkward + Self.randomNames(count: 60, seed: 8).filter { !Self.awkward.contains($0) }
        var lines = ["input x", "sample x = 1"]
        var previous = "x"
        for name in names {
            lines.append("\(name) = \(previous) + 1/2")
            previous = name
        }
        lines.append("loss = square(\(previous))")
        let file = try NetworkFile(parsing: lines.joined(separator: "\n"), path: "names.exnet")
        let latex = AnswerKey(trace: try file.train(as: Rational.self), title: "names_&_more.exnet").latex()
        let tex = try Scratch.directory().appendingPathComponent("names.tex")
        try latex.write(to: tex, atomically: true, encoding: .utf8)
        #expect(try LaTeX.compile(tex) == 0, "pdflatex failed; see \(tex.path)")
    }
}

@Suite struct LaTeXDetailLevelTests {
    @Test(
        .tags(.latex),
        .enabled(
            if: TestEnvironment.hasTool("pdflatex"),
            "pdflatex is not installed (texlive-latex-base; .ci/run installs it)"),
        arguments: ["01-seed-skip-connection", "07-momentum"], ["steps", "final"])
    func shorterKeysCompile(example: String, detail: String) throws {
        let golden = GoldenKeyTests.directory.appendingPathComponent("\(example).\(detail).tex")
        let tex = try Scratch.directory().appendingPathComponent("key.tex")
        try FileManager.default.copyItem(at: golden, to: tex)
        #expect(try LaTeX.compile(tex) == 0, "pdflatex failed on \(golden.lastPathComponent)")
    }
}
