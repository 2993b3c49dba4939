import Foundation
import Testing

let seedPath = "Examples/01-seed-skip-connection.exnet"

@Suite(.tags(.commandLine)) struct AnswerKeyCommandTests {
    @Test func seedTextKeyShowsExactValuesGradientsAndUpdates() throws {
        let r = try ExactNetBinary.run(["run", seedPath])
        #expect(r.status == 0)
        #expect(r.standardError.isEmpty)
        let out = r.standardOutput
        #expect(out.contains("z2   = w2 * h1 + w3 * h0 = 3/8  (0.375)"))
        #expect(out.contains("loss = abs(y - yhat)     = 27/8  (3.375)"))
        #expect(out.contains("dL/dh0   = dL/dz2 · w3 + dL/dz1 · w1 = 1 · 1/2 + 1/2 · 1/2 = 3/4  (0.75)"))
        #expect(out.contains("dL/dz1   = dL/dh1 · ∂h1/∂z1          = 1/2 · 1             = 1/2  (0.5)"))
        #expect(out.contains("dL/dw0   = dL/dz0 · x                = 3/4 · 1             = 3/4  (0.75)"))
        #expect(out.contains("w0 ← 1/2 − 1 · 3/4 = -1/4  (-0.25)"))
        #expect(out.contains("w3 ← 1/2 − 1 · 1/2 = 0"))
        #expect(out.contains("Objective J = 3\n"))
        #expect(out.contains("relu in h1 at its kink; used relu'(0) = 0"))
        #expect(!out.contains("0.37500000000000006"))
    }

    @Test func seedJSONHasTheDocumentedShapeAndExactStrings() throws {
        let r = try ExactNetBinary.run(["run", seedPath, "--format", "json"])
        #expect(r.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.standardOutput.utf8)) as? [String: Any])
        #expect(json["scalar"] as? String == "rational")
        let steps = try #require(json["steps"] as? [[String: Any]])
        #expect(steps.count == 1)
        let step = steps[0]
        #expect(step["step"] as? Int == 0)
        #expect(step["parameters"] as? [String: String] == ["w0": "1/2", "w1": "1/2", "w2": "1/2", "w3": "1/2"])
        #expect(step["loss"] as? String == "27/8")
        #expect(step["gradients"] as? [String: String] == ["w0": "3/4", "w1": "1/4", "w2": "1/4", "w3": "1/2"])
        #expect(step["updated"] as? [String: String] == ["w0": "-1/4", "w1": "1/4", "w2": "1/4", "w3": "0"])
        let sample = try #require((step["samples"] as? [[String: Any]])?.first)
        let values = try #require(sample["values"] as? [String: String])
        let gradients = try #require(sample["gradients"] as? [String: String])
        for name in ["w0", "w1", "w2", "w3", "z0", "h0", "z1", "h1", "z2", "yhat", "loss"] {
            #expect(values[name] != nil && gradients[name] != nil, "\(name)")
        }
        #expect(values["z2"] == "3/8")
        #expect(gradients["h0"] == "3/4")
        #expect(gradients["yhat"] == "1")
        let final = try #require(json["final"] as? [String: Any])
        #expect(final["loss"] as? String == "3")
        #expect(final["parameters"] as? [String: String] == ["w0": "-1/4", "w1": "1/4", "w2": "1/4", "w3": "0"])
        let kinks = try #require(json["kinks"] as? [[String: Any]])
        #expect(kinks.count == 1)
        #expect(kinks[0]["quantity"] as? String == "h1")
        #expect(kinks[0]["step"] as? Int == 1)
    }

    @Test func doubleJSONUsesNumbersThroughTheSameEngine() throws {
        let r = try ExactNetBinary.run(["run", seedPath, "--format", "json", "--scalar", "double"])
        #expect(r.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.standardOutput.utf8)) as? [String: Any])
        #expect(json["scalar"] as? String == "double")
        let step = try #require((json["steps"] as? [[String: Any]])?.first)
        #expect(step["loss"] as? Double == 3.375)
        #expect(step["updated"] as? [String: Double] == ["w0": -0.25, "w1": 0.25, "w2": 0.25, "w3": 0])
    }

    @Test func markdownRendersTables() throws {
        let r = try ExactNetBinary.run(["run", seedPath, "--format", "markdown"])
        #expect(r.status == 0)
        #expect(r.standardOutput.contains("| Quantity | Definition | Value |\n|---|---|---|\n"))
        #expect(r.standardOutput.contains("| `z2` | `w2 * h1 + w3 * h0` | `3/8` = 0.375 |"))
        #expect(r.standardOutput.contains("| `w0` | `1/2` = 0.5 | `3/4` = 0.75 | `-1/4` = -0.25 |"))
    }

    @Test func latexShowsSubstitutedChainRuleWithSignOutsideFractions() throws {
        let r = try ExactNetBinary.run(["run", seedPath, "--format", "latex", "--fragment"])
        #expect(r.status == 0)
        let out = r.standardOutput
        #expect(!out.contains("\\documentclass"))
        #expect(
            out.contains(
                "\\frac{\\partial L}{\\partial w_0} &= \\frac{\\partial L}{\\partial z_0}\\cdot x = \\frac{3}{4}\\cdot 1 = \\frac{3}{4}"
            ))
        #expect(
            out.contains(
                "\\frac{\\partial L}{\\partial h_0} &= \\frac{\\partial L}{\\partial z_2}\\cdot w_3 + \\frac{\\partial L}{\\partial z_1}\\cdot w_1 = 1\\cdot \\frac{1}{2} + \\frac{1}{2}\\cdot \\frac{1}{2} = \\frac{3}{4}"
            ))
        #expect(
            out.contains(
                "\\frac{\\partial L}{\\partial z_0} &= \\frac{\\partial L}{\\partial h_0}\\cdot \\frac{\\partial h_0}{\\partial z_0} = \\frac{3}{4}\\cdot 1 = \\frac{3}{4}"
            ))
        #expect(out.contains("\\hat{y} &= z_2 = \\frac{3}{8}"))
        #expect(
            out.contains(
                "w_0 &\\leftarrow w_0 - \\eta\\,\\frac{\\partial J}{\\partial w_0} = \\frac{1}{2} - 1\\cdot \\frac{3}{4} = -\\frac{1}{4}"
            ))
    }

    @Test(
        .tags(.latex),
        .enabled(
            if: TestEnvironment.hasTool("pdflatex"),
            "pdflatex is not installed (texlive-latex-base; .ci/run installs it)"),
        arguments: [
            "01-seed-skip-connection", "02-batch-bias-mean", "03-deep-leaky-chain", "04-xor", "05-kink",
            "06-regression-growth",
            "07-momentum", "05-kink double", "08-sigmoid-double-only double", "04-xor float",
            "09-mazur-sigmoid certified", "11-softmax-cross-entropy certified",
        ])
    func latexDocumentCompilesWithPdflatex(example: String) throws {
        let parts = example.split(separator: " ").map(String.init)
        let (name, scalar) = (parts[0], parts.count > 1 ? parts[1] : "rational")
        let directory = try Scratch.directory()
        let tex = directory.appendingPathComponent("\(name).tex")
        let r = try ExactNetBinary.run([
            "run", "Examples/\(name).exnet", "--format", "latex", "--scalar", scalar, "-o", tex.path,
        ])
        #expect(r.status == 0, "\(r.standardError)")
        if scalar == "double" {
            // Float keys print tiny values in scientific notation: check the LaTeX form once.
            let source = try String(contentsOf: tex, encoding: .utf8)
            #expect(name != "05-kink" || source.contains("5.551115123125783\\times 10^{-17}"))
        }
        #expect(try LaTeX.compile(tex) == 0, "pdflatex failed on \(example)")
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("\(name).pdf").path))
    }

    @Test func everyExactExampleRunsAndTheSigmoidOneRunsInDouble() throws {
        let names = try FileManager.default.contentsOfDirectory(
            atPath: ExactNetBinary.packageRoot.appendingPathComponent("Examples").path
        )
        .filter { $0.hasSuffix(".exnet") }.sorted()
        #expect(names.count >= 8)
        #expect(names.first == "01-seed-skip-connection.exnet")
        for name in names {
            let scalar =
                name.contains("double-only")
                ? "double" : (GoldenKeyTests.certified.contains(String(name.dropLast(6))) ? "certified" : "rational")
            let r = try ExactNetBinary.run(["run", "Examples/\(name)", "--scalar", scalar, "--format", "json"])
            #expect(r.status == 0, "\(name): \(r.standardError)")
        }
    }

    @Test func outputFileIsWrittenWholeAndNotAtAllOnError() throws {
        let directory = try Scratch.directory()
        let good = directory.appendingPathComponent("key.json")
        #expect(try ExactNetBinary.run(["run", seedPath, "--format", "json", "-o", good.path]).status == 0)
        #expect(try String(contentsOf: good, encoding: .utf8).hasSuffix("}\n"))
        let bad = try ExactNetBinary.temporaryFile("input x\nloss = x / 0 * q\n")
        let target = directory.appendingPathComponent("never.txt")
        let r = try ExactNetBinary.run(["run", bad.path, "-o", target.path])
        #expect(r.status == 2)
        #expect(!FileManager.default.fileExists(atPath: target.path))
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.contains("tmp") }.isEmpty)
    }

    @Test func fileWithoutSamplesTakesInputsFromSetOrSaysHow() throws {
        let file = try ExactNetBinary.temporaryFile("input x\ntarget y\nparam w = 2\nloss = abs(y - w * x)\n")
        let ok = try ExactNetBinary.run([
            "run", file.path, "--set", "x=1/2", "--set", "y=3", "--set", "learning_rate=1/2", "--format", "json",
        ])
        #expect(ok.status == 0, "\(ok.standardError)")
        #expect(ok.standardOutput.contains("\"updated\": {\"w\": \"9/4\"}"))
        let missing = try ExactNetBinary.run(["run", file.path])
        #expect(missing.status == 2)
        #expect(
            missing.standardError.contains(
                "error: the file has no 'sample' line; give the inputs on the command line, e.g. --set x=1"))
        #expect(missing.standardOutput.isEmpty)
    }

    @Test func helpAndVersion() throws {
        let help = try ExactNetBinary.run(["run", "--help"])
        #expect(help.status == 0)
        #expect(help.standardOutput.contains("exactnet run Examples/01-seed-skip-connection.exnet"))
        let crossHelp = try ExactNetBinary.run(["crosscheck", "--help"])
        #expect(crossHelp.standardOutput.contains("--max-ulps"))
        let version = try ExactNetBinary.run(["--version"])
        #expect(version.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines) == "0.1.0")
    }
}

@Suite(.tags(.commandLine)) struct CrossCheckCommandTests {
    @Test func seedAgreesExactlyInDoubleAndFloatAndExitsZero() throws {
        for scalar in ["double", "float"] {
            let r = try ExactNetBinary.run(["crosscheck", seedPath, "--scalar", scalar, "--max-ulps", "0"])
            #expect(r.status == 0, "\(scalar): \(r.standardOutput)")
            #expect(r.standardOutput.contains("Result: PASS"))
        }
    }

    @Test func kinkExampleDivergesAndExitsOne() throws {
        let r = try ExactNetBinary.run(["crosscheck", "Examples/05-kink.exnet"])
        #expect(r.status == 1)
        #expect(
            r.standardOutput.contains("step 0, sample 0: relu in h: exact argument = 0 (kink), double argument > 0"))
        #expect(r.standardOutput.contains("Result: FAIL"))
        let json = try ExactNetBinary.run(["crosscheck", "Examples/05-kink.exnet", "--format", "json"])
        #expect(json.status == 1)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
        #expect(object["passed"] as? Bool == false)
        let divergences = try #require(object["divergences"] as? [[String: Any]])
        #expect(divergences.first?["quantity"] as? String == "h")
        #expect(divergences.first?["exact_sign"] as? Int == 0)
        #expect(divergences.first?["float_sign"] as? Int == 1)
        let entries = try #require(object["entries"] as? [[String: Any]])
        let z = try #require(entries.first { $0["name"] as? String == "z" && $0["kind"] as? String == "value" })
        #expect(z["exact"] as? String == "0")
        #expect(z["float"] as? Double == 5.551115123125783e-17)
    }

    @Test func sigmoidIsCrossCheckedAgainstACertifiedRun() throws {
        let r = try ExactNetBinary.run(["crosscheck", "Examples/08-sigmoid-double-only.exnet"])
        #expect(r.status == 0)
        #expect(
            r.standardOutput.hasPrefix(
                "Cross-check: Examples/08-sigmoid-double-only.exnet: double against certified balls"))
        let exact = try ExactNetBinary.run(["run", "Examples/08-sigmoid-double-only.exnet"])
        #expect(exact.status == 2)
        #expect(
            exact.standardError.hasPrefix(
                "Examples/08-sigmoid-double-only.exnet:9:5: error: 'sigmoid' is not available for scalar rational"))
    }
}
