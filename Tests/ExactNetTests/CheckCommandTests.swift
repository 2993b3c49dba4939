import ExactArithmetic
import ExactNet
import Foundation
import Testing

/// `exactnet check` as a user runs it: exit statuses, the pinned JSON, CSV rows, LaTeX that compiles.
@Suite(.tags(.commandLine)) struct CheckCommandTests {
    static let seed = "Examples/01-seed-skip-connection.exnet"
    static let right = "Examples/Solutions/01-sheet03-team-mte.txt"
    static let flipped = "Examples/Solutions/01-exercise2-sigma-learning.txt"

    @Test func theExitStatusSaysWhetherAnythingIsWrong() throws {
        #expect(try ExactNetBinary.run(["check", Self.seed, Self.right]).status == 0)
        let wrong = try ExactNetBinary.run(["check", Self.seed, Self.flipped])
        #expect(wrong.status == 1)
        #expect(wrong.standardOutput.contains("First wrong entry: step 0, dL/dyhat (line 20): -1, expected 1 (sign)"))
        #expect(wrong.standardOutput.contains("> dL/dyhat"))
    }

    @Test func theJSONHasThePinnedShape() throws {
        let result = try ExactNetBinary.run(["check", Self.seed, Self.flipped, "--format", "json"])
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        let entries = try #require(object["entries"] as? [[String: Any]])
        let first = try #require(object["first_wrong"] as? [String: Any])
        #expect(first["entry"] as? String == "dL/dyhat" && first["section"] as? String == "step 0")
        #expect(first["given"] as? String == "-1" && first["expected"] as? String == "1")
        #expect(first["verdict"] as? String == "wrong" && first["mistake"] as? String == "sign")
        #expect(first["line"] as? Int == 20 && first["rounded"] as? Bool == false)
        #expect(first["implied"] is NSNull)
        let yhat = try #require(
            entries.first { $0["section"] as? String == "final" && $0["entry"] as? String == "yhat" })
        #expect(yhat["given"] as? String == "1.95" && yhat["implied"] as? String == "125/64")
        #expect(yhat["verdict"] as? String == "follows" && yhat["rounded"] as? Bool == true)
        let update = try #require(entries.first { $0["entry"] as? String == "w3 <-" })
        #expect(update["verdict"] as? String == "follows" && update["implied"] as? String == "1")
        let counts = try #require(object["counts"] as? [String: Int])
        #expect(counts == ["correct": 7, "follows": 17, "wrong": 1, "missing": 3])
        for e in entries {
            #expect(
                Set(e.keys).isSuperset(of: [
                    "section", "entry", "given", "expected", "implied", "verdict", "rounded", "mistake", "line",
                ]))
        }
    }

    @Test func csvHasOneRowPerSheet() throws {
        let result = try ExactNetBinary.run(["check", Self.seed, Self.right, Self.flipped, "--format", "csv"])
        #expect(result.status == 1)
        let rows = result.standardOutput.split(separator: "\n").map(String.init)
        #expect(
            rows == [
                "file,correct,follows,wrong,missing,first_wrong_section,first_wrong_entry,first_wrong_line,mistake,detail",
                "\(Self.right),14,0,0,20,,,,,",
                "\(Self.flipped),7,17,1,3,step 0,dL/dyhat,20,sign,",
            ])
    }

    @Test func aBadSheetAmongGoodOnesWritesNothingAndExitsTwo() throws {
        let bad = try ExactNetBinary.temporaryFile("step 0\nw9 = 1\n", name: "bad.txt")
        let directory = try Scratch.directory()
        let output = directory.appendingPathComponent("grades.csv").path
        let result = try ExactNetBinary.run(["check", Self.seed, Self.right, bad.path, "--format", "csv", "-o", output])
        #expect(result.status == 2)
        #expect(result.standardOutput.isEmpty)
        #expect(result.standardError.hasPrefix("\(bad.path):2:1: error: unknown name 'w9'"))
        #expect(result.standardError.split(separator: "\n").count == 1)
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test func theMistakesExampleSheetNamesEachMistake() throws {
        let r = try ExactNetBinary.run([
            "check", "Examples/03-deep-leaky-chain.exnet", "Examples/Solutions/03-deep-leaky-chain-mistakes.txt",
            "--format", "json",
        ])
        #expect(r.status == 1)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(r.standardOutput.utf8)) as? [String: Any])
        let wrong = try #require(object["entries"] as? [[String: Any]]).filter { $0["verdict"] as? String == "wrong" }
        #expect(wrong.map { $0["entry"] as? String } == ["dL/dw1", "w1 <-", "w8 <-"])
        #expect(
            wrong.map { $0["mistake"] as? String } == ["missing-activation-derivative", "learning-rate", "update-sign"])
        #expect(wrong[0]["detail"] as? String == "leaky_relu'(w1 * x)")
        #expect(object["counts"] as? [String: Int] == ["correct": 4, "follows": 0, "wrong": 3, "missing": 26])
    }

    @Test func aSigmoidNetworkCannotBeGradedAndSaysWhatCan() throws {
        let sheet = try ExactNetBinary.temporaryFile("step 0\nout_h1 = 0.59\n", name: "mazur.txt")
        let r = try ExactNetBinary.run(["check", "Examples/09-mazur-sigmoid.exnet", sheet.path])
        #expect(r.status == 2 && r.standardOutput.isEmpty)
        #expect(r.standardError.contains("exactnet run --scalar certified prints such a network's key"))
    }

    @Test func aSealedKeyGradesWithoutTheNetwork() throws {
        let directory = try Scratch.directory()
        let key = directory.appendingPathComponent("key.json").path
        #expect(try ExactNetBinary.run(["run", Self.seed, "--format", "sealed", "-o", key]).status == 0)
        #expect(try ExactNetBinary.run(["check", key, Self.right]).status == 0)
        let wrong = try ExactNetBinary.run(["check", key, Self.flipped, "--format", "json"])
        #expect(wrong.status == 1 && wrong.standardOutput.contains("\"recomputes\": false"))
        let floats = try ExactNetBinary.run(["run", Self.seed, "--format", "sealed", "--scalar", "double"])
        #expect(floats.status == 64 && floats.standardError.contains("a sealed key holds exact values"))
    }

    @Test(
        .tags(.latex),
        .enabled(
            if: TestEnvironment.hasTool("pdflatex"),
            "pdflatex is not installed (texlive-latex-base; .ci/run installs it)"))
    func theFeedbackSheetCompiles() throws {
        let directory = try Scratch.directory()
        let tex = directory.appendingPathComponent("feedback.tex")
        let result = try ExactNetBinary.run([
            "check", Self.seed, Self.flipped, Self.right, "--format", "latex", "-o", tex.path,
        ])
        #expect(result.status == 1)
        let text = try String(contentsOf: tex, encoding: .utf8)
        #expect(text.contains("\\textbf{wrong: sign (first wrong)}"))
        #expect(text.contains("\\frac{\\partial L}{\\partial \\hat{y}}"))
        #expect(try LaTeX.compile(tex) == 0)
    }

    @Test func markdownMarksTheFirstWrongEntry() throws {
        let result = try ExactNetBinary.run(["check", Self.seed, Self.flipped, "--format", "markdown"])
        #expect(result.standardOutput.contains("| `dL/dyhat` | `-1` | `1` |  | **wrong: sign (first wrong)** | 20 |"))
        #expect(result.standardOutput.contains("| `yhat` | `1.95` | `0` | `125/64` | follows, rounded | 39 |"))
    }
}
