import ExactArithmetic
import ExactNet
import Foundation
import Testing

/// Each malformed file gives one located error, `FILE:LINE:COLUMN: error: MESSAGE`: checked
/// in process for every case, and through the binary (one line on stderr, exit status 2,
/// nothing on stdout) for a sample of them.
@Suite struct NetworkFileErrorTests {
    static let cases: [(String, String, String)] = [
        ("unknown name", "input x\nloss = x + w\n", "2:12: error: unknown name 'w'"),
        (
            "duplicate definition", "input x\nh = x\nh = 2 * x\nloss = h\n",
            "3:1: error: 'h' is already declared at line 2"
        ),
        ("duplicate declaration", "input x\nparam x = 1\nloss = x\n", "2:7: error: 'x' is already declared at line 1"),
        ("cycle", "input x\na = b + x\nb = 2 * a\nloss = a\n", "2:1: error: definitions form a cycle: a -> b -> a"),
        ("missing loss", "input x\nh = relu(x)\nsample x = 1\n", "1:1: error: no definition of 'loss'"),
        ("bad number", "input x\nparam w = 1.2.3\nloss = w * x\n", "2:11: error: bad number '1.2.3'"),
        (
            "absurd literal exponent", "input x\nparam w = 1e999999999\nloss = w * x\n",
            "2:11: error: bad number '1e999999999'"
        ),
        (
            "unsupported function", "input x\nsample x = 1\nloss = tanh(x)\n",
            "3:8: error: 'tanh' is not available for scalar rational"
        ),
        ("unknown function", "input x\nsample x = 1\nloss = sinh(x)\n", "3:8: error: unknown function 'sinh'"),
        ("wrong arity", "input x\nsample x = 1\nloss = max(x)\n", "3:8: error: 'max' takes 2 arguments, not 1"),
        (
            "division by zero at a quantity",
            "input x\nparam w = 1\nsample x = 2\nsample x = 1\nq = 1 / (w - x)\nloss = q\n",
            "5:1: error: division by zero in 'q' (step 0, sample 1)"
        ),
        ("division by zero in a constant", "input x\nparam w = 1/0\nloss = w * x\n", "2:12: error: division by zero"),
        // v falls by 1 a step (the quotient's gradient is multiplied by 0), so 1/v divides by zero in step 2.
        (
            "division by zero in a later step", "param v = 2\nset steps = 3\nloss = v + 0 * (1 / v)\n",
            "3:1: error: division by zero in 'loss' (step 2, sample 0)"
        ),
        (
            "exponent beyond the limit", "input x\nsample x = 1\nloss = x^100000\n",
            "3:9: error: exponent 100000 is beyond the limit of ±4096"
        ),
        (
            "steps beyond the limit", "input x\nsample x = 1\nset steps = 99999999\nloss = x\n",
            "3:13: error: 99999999 steps is beyond the limit of 10000"
        ),
        (
            "fractional steps", "input x\nsample x = 1\nset steps = 1/2\nloss = x\n",
            "3:13: error: steps must be a non-negative integer"
        ),
        ("unknown setting", "input x\nset speed = 3\nloss = x\n", "2:5: error: unknown setting 'speed'"),
        ("syntax", "input x\nloss = (x + 1\n", "2:14: error: expected ')'"),
        ("dangling operator", "input x\nloss = x +\n", "2:11: error: expected an expression"),
        ("stray character", "input x\nloss = x $ 2\n", "2:10: error: unexpected character '$'"),
        (
            "sample misses a target", "input x\ntarget y\nsample x = 1\nloss = y - x\n",
            "3:1: error: the sample gives no value for 'y'"
        ),
        (
            "sample names a parameter", "input x\nparam w = 1\nsample x = 1, w = 2\nloss = w * x\n",
            "3:15: error: 'w' is not an input or target"
        ),
        ("reserved name", "input relu\nloss = relu\n", "1:7: error: 'relu' is reserved"),
        ("loss is not a definition", "input loss\n", "1:7: error: 'loss' must be defined by an expression"),
        (
            "log outside its domain", "input x\nsample x = -1\nloss = log(x)\n",
            "3:8: error: 'log' is not available for scalar rational"
        ),
        (
            "a power beyond the size bound", "param w = 1e100000\nloss = w^4096\n",
            "2:1: error: exact value of 'loss' would need 1360666624 bits in step 0, beyond the limit of 16777216"
        ),
        (
            "repeated squaring beyond the size bound",
            "param w = 1e100000\nloss = square(square(square(square(square(square(w))))))\n",
            "2:1: error: exact value of 'loss' would need "
        ),
        // Absurd sizes that would otherwise overflow the stack of the recursive parser and compiler.
        (
            "nesting beyond the limit",
            "input x\nsample x = 1\nloss = " + String(repeating: "(", count: 101) + "x"
                + String(repeating: ")", count: 101) + "\n",
            "3:108: error: expression nests deeper than 100 levels"
        ),
        (
            "unary signs beyond the limit",
            "input x\nsample x = 1\nloss = " + String(repeating: "-", count: 150) + "x\n",
            "3:108: error: expression nests deeper than 100 levels"
        ),
        (
            "statement beyond the token limit",
            "input x\nsample x = 1\nloss = " + Array(repeating: "x", count: 100_000).joined(separator: "+") + "\n",
            "3:2006: error: statement is longer than 2000 tokens"
        ),
    ]

    @Test(arguments: cases.indices)
    func malformedFileGivesOneLocatedError(index: Int) throws {
        let (label, text, expected) = Self.cases[index]
        do {
            _ = try NetworkFile(parsing: text, path: "bad.exnet").train(as: Rational.self)
            Issue.record("\(label): loaded without an error")
        } catch {
            #expect(error.description.hasPrefix("bad.exnet:" + expected), "\(label): \(error.description)")
            #expect(!error.description.contains("\n"), "\(label)")
        }
    }

    @Test(.tags(.commandLine), arguments: [0, 3, 7, 10, 13, 25, 29])
    func malformedFileGivesOneLineOnStandardErrorAndExitStatusTwo(index: Int) throws {
        let (label, text, expected) = Self.cases[index]
        let file = try ExactNetBinary.temporaryFile(text)
        let r = try ExactNetBinary.run(["run", file.path])
        #expect(r.status == 2, "\(label)")
        #expect(r.standardOutput.isEmpty, "\(label): printed a partial key")
        let lines = r.standardError.split(separator: "\n")
        #expect(lines.count == 1, "\(label): \(r.standardError)")
        #expect(r.standardError.hasPrefix(file.path + ":" + expected), "\(label): \(r.standardError)")
    }

    @Test(.tags(.commandLine)) func deepButAllowedExpressionsEvaluate() throws {
        let text =
            "input x\nsample x = 1\nloss = " + String(repeating: "(", count: 100) + "x"
            + String(repeating: ")", count: 100)
            + " + " + Array(repeating: "x", count: 800).joined(separator: "+") + "\n"
        let r = try ExactNetBinary.run(["run", try ExactNetBinary.temporaryFile(text).path, "--format", "json"])
        #expect(r.status == 0, "\(r.standardError)")
        #expect(r.standardOutput.contains("\"loss\": \"801\""))
    }

    @Test func logOfANegativeNumberInDoubleIsADomainErrorNotNaN() throws {
        let file = try ExactNetBinary.temporaryFile("input x\nsample x = -1\nloss = log(x)\n")
        let r = try ExactNetBinary.run(["run", file.path, "--scalar", "double"])
        #expect(r.status == 2)
        #expect(r.standardError == file.path + ":3:1: error: log outside its domain in 'loss' (step 0, sample 0)\n")
    }

    @Test func exactNumbersGrowingBeyondTheBitLimitStopWithALocatedError() throws {
        // Each step cubes the denominators' size; 60 steps would need astronomically many bits.
        let file = try ExactNetBinary.temporaryFile(
            "param w = 1/3\nset learning_rate = 1/7\nset steps = 60\nloss = w^4\n")
        // The key-size budget would stop this run first (see the budget tests); raised, the bit limit does.
        let r = try ExactNetBinary.run(["run", file.path, "--budget", "1000000"])
        #expect(r.status == 2)
        #expect(
            r.standardError.hasPrefix(file.path + ":4:1: error: exact value of 'loss' would need "),
            "\(r.standardError)")
        #expect(r.standardError.contains("beyond the limit of 16777216"))
        #expect(r.standardOutput.isEmpty)
    }

    @Test func missingFileIsAClearError() throws {
        let r = try ExactNetBinary.run(["run", "/nonexistent/net.exnet"])
        #expect(r.status == 2)
        #expect(r.standardError == "/nonexistent/net.exnet: error: cannot read the file: No such file or directory\n")
        let directory = try ExactNetBinary.run(["run", "Examples"])
        #expect(directory.status == 2)
        #expect(directory.standardError == "Examples: error: cannot read the file: Is a directory\n")
        #expect(r.standardOutput.isEmpty)
    }

    @Test func badCommandLineValuesAreErrorsToo() throws {
        let steps = try ExactNetBinary.run(["run", seedPath, "--steps", "100000"])
        #expect(steps.status == 2)
        #expect(steps.standardError.contains("--steps 100000 is outside 0...10000"))
        let set = try ExactNetBinary.run(["run", seedPath, "--set", "x=abc"])
        #expect(set.status == 2)
        let format = try ExactNetBinary.run(["run", seedPath, "--format", "pdf"])
        #expect(format.status != 0)
        #expect(format.standardOutput.isEmpty)
    }
}
