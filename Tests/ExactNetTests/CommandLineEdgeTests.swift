import ExactNet
import Foundation
import Testing

/// The command line's own edge: flag errors point at the flag, output is all or nothing.
@Suite(.tags(.commandLine)) struct CommandLineEdgeTests {
    @Test func negativeAndHugeStepsSayWhatIsWrong() throws {
        let negative = try ExactNetBinary.run(["run", seedPath, "--steps", "-1"])
        #expect(negative.status == 2)
        #expect(negative.standardError == "exactnet: error: --steps -1 must be a non-negative integer\n")
        #expect(negative.standardOutput.isEmpty)
    }

    @Test func setErrorsPointAtTheSetValueNotAtTheFile() throws {
        let file = try ExactNetBinary.temporaryFile("input x\nparam w = 1\nloss = w * x\n")
        let zero = try ExactNetBinary.run(["run", file.path, "--set", "x=1/0"])
        #expect(zero.status == 2)
        #expect(zero.standardError == "--set x=1/0: error: division by zero (column 2 of '1/0')\n")
        let empty = try ExactNetBinary.run(["run", file.path, "--set", "x="])
        #expect(empty.standardError == "--set x=: error: 'x' needs a value after '='\n")
        let unknown = try ExactNetBinary.run(["run", file.path, "--set", "q=1"])
        #expect(unknown.standardError == "--set q=1: error: 'q' is not an input, target or setting of this network\n")
        let noEquals = try ExactNetBinary.run(["run", file.path, "--set", "x"])
        #expect(noEquals.status == 64)
    }

    @Test func aDuplicateSetLineIsAnErrorLikeADuplicateDeclaration() throws {
        let file = try ExactNetBinary.temporaryFile("input x\nsample x = 1\nset steps = 2\nset steps = 3\nloss = x\n")
        let r = try ExactNetBinary.run(["run", file.path])
        #expect(r.status == 2)
        #expect(r.standardError == file.path + ":4:5: error: 'steps' is already set at line 3\n")
    }

    @Test func outputNeverReplacesTheInputKeepsModesAndWritesThroughSymlinks() throws {
        let directory = try Scratch.directory()
        let input = directory.appendingPathComponent("net.exnet")
        try String(contentsOfFile: ExactNetBinary.packageRoot.appendingPathComponent(seedPath).path, encoding: .utf8)
            .write(to: input, atomically: true, encoding: .utf8)
        let refused = try ExactNetBinary.run(["run", input.path, "-o", input.path])
        #expect(refused.status == 2)
        #expect(refused.standardError == "exactnet: error: cannot write '\(input.path)': it is the input file\n")
        #expect(try String(contentsOf: input, encoding: .utf8).hasPrefix("#"))

        let existing = directory.appendingPathComponent("key.txt")
        try "old".write(to: existing, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: existing.path)
        let link = directory.appendingPathComponent("link.txt")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: existing)
        #expect(try ExactNetBinary.run(["run", input.path, "-o", link.path]).status == 0)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == existing.path)
        #expect(try String(contentsOf: existing, encoding: .utf8).hasPrefix("Answer key:"))
        #expect(try FileManager.default.attributesOfItem(atPath: existing.path)[.posixPermissions] as? Int == 0o600)

        let missingDirectory = try ExactNetBinary.run(["run", input.path, "-o", "/nonexistent/key.txt"])
        #expect(missingDirectory.status == 2)
        #expect(
            missingDirectory.standardError
                == "exactnet: error: cannot write '/nonexistent/key.txt': No such file or directory\n")
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/dev/full"), "needs /dev/full"))
    func aFullDiskIsReportedNotIgnored() throws {
        let process = Process()
        process.executableURL = ExactNetBinary.url
        process.arguments = ["run", seedPath]
        process.currentDirectoryURL = ExactNetBinary.packageRoot
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/full")
        let err = Pipe()
        process.standardError = err
        try process.run()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 2)
        #expect(message == "exactnet: error: cannot write standard output: No space left on device\n")
    }

    @Test func helpDocumentsTheExitStatuses() throws {
        let help = try ExactNetBinary.run(["--help"])
        let flat = help.standardOutput.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(
            flat.contains(
                "Exit status: 0 success, 1 findings (a cross-check beyond tolerance, a wrong entry in a solution), 2 bad input"
            ))
        let check = try ExactNetBinary.run(["check", "--help"])
        #expect(
            check.standardOutput.split(whereSeparator: \.isWhitespace).joined(separator: " ").contains(
                "0 when no entry is wrong, 1 when one is, 2 for a bad network or solution file"))
        let cross = try ExactNetBinary.run(["crosscheck", "--help"])
        #expect(cross.standardOutput.contains("relu/abs/leaky_relu/max/min"))
    }
}

/// Cross-checks report what only the float run gets wrong, and measure every distance exactly.
@Suite struct CrossCheckFindingTests {
    @Test(.tags(.commandLine)) func aDivisionByAValueThatRoundedToZeroIsAFindingNotABadFile() throws {
        let file = try ExactNetBinary.temporaryFile("input x\nparam w = 1e-400\nsample x = 1\nloss = x / w\n")
        let r = try ExactNetBinary.run(["crosscheck", file.path])
        #expect(r.status == 1, "\(r.standardError)")
        #expect(r.standardError.isEmpty)
        #expect(
            r.standardOutput.contains(
                "The double run failed where the exact run did not: division by zero in 'loss' (step 0, sample 0)"))
        #expect(r.standardOutput.contains("Result: FAIL (the double run failed)"))
        let json = try ExactNetBinary.run(["crosscheck", file.path, "--format", "json"])
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
        #expect(object["float_failure"] as? String == "division by zero in 'loss' (step 0, sample 0)")
        #expect(object["passed"] as? Bool == false)
    }

    @Test func ulpDistancesAreExactForEveryPairOfFiniteValues() {
        let big = 9.2e18
        let one = 1.0
        #expect(CrossCheck.ulpDistance(big, one) == big.bitPattern - one.bitPattern)
        #expect(
            CrossCheck.ulpDistance(-Double.greatestFiniteMagnitude, .greatestFiniteMagnitude)
                == 2 * Double.greatestFiniteMagnitude.bitPattern)
        #expect(CrossCheck.ulpDistance(-Double.leastNonzeroMagnitude, .leastNonzeroMagnitude) == 2)
        #expect(CrossCheck.ulpDistance(-0.0, 0.0) == 0)
        #expect(CrossCheck.ulpDistance(Float(1), Float(1).nextUp) == 1)
        #expect(CrossCheck.ulpDistance(Double.nan, 1) == nil)
    }

    @Test func aNaNDecidesNoBranchAndIsNeverAKink() throws {
        var b = NetworkBuilder<Double>()
        let x = b.input("x")
        b.define("h", relu(x))
        b.define("loss", max(x, .constant(1)) + .quantity("h"))
        var options = TrainingOptions<Double>(learningRate: 1)
        options.recordsBranchOutcomes = true
        let trace = try b.build().train(samples: [["x": .nan]], options: options)
        #expect(trace.kinks.isEmpty)
        #expect(
            trace.branchOutcomes.map(\.sign) == [
                Primitive.unordered, Primitive.unordered, Primitive.unordered, Primitive.unordered,
            ])
        #expect(trace.finalObjective.isNaN)
    }
}

@Suite(.tags(.commandLine)) struct DetailLevelCommandTests {
    @Test func detailStepsAndFinalShortenEveryFormat() throws {
        let steps = try ExactNetBinary.run(["run", seedPath, "--detail", "steps", "--format", "json"])
        #expect(steps.status == 0)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(steps.standardOutput.utf8)) as? [String: Any])
        #expect(object["detail"] as? String == "steps")
        let step = try #require((object["steps"] as? [[String: Any]])?.first)
        #expect(step["samples"] == nil)
        #expect(step["gradients"] as? [String: String] == ["w0": "3/4", "w1": "1/4", "w2": "1/4", "w3": "1/2"])
        let final = try ExactNetBinary.run(["run", seedPath, "--detail", "final"])
        #expect(final.standardOutput.contains("Objective J = 3\n"))
        #expect(!final.standardOutput.contains("== Step 0 =="))
        #expect(!final.standardOutput.contains("Kinks"))
    }
}
