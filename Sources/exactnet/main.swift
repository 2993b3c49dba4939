import ArgumentParser
import ExactArithmetic
import ExactNet

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

struct ExactNetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exactnet",
        abstract: "Exact neural-network arithmetic: answer keys and float cross-checks.",
        discussion: """
        Examples:
          exactnet run Examples/01-seed-skip-connection.exnet
          exactnet run Examples/01-seed-skip-connection.exnet --format latex -o key.tex
          exactnet crosscheck Examples/05-kink.exnet --scalar float
        """,
        version: "0.1.0",
        subcommands: [Run.self, CrossCheckCommand.self]
    )
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case text, markdown, latex, json }
enum ScalarChoice: String, ExpressibleByArgument, CaseIterable { case rational, double, float }
enum FloatChoice: String, ExpressibleByArgument, CaseIterable { case double, float }
enum ReportFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

/// A failure already reported on stderr, with the exit status to use.
struct Reported: Error { var status: Int32 }

func fail(_ message: String, status: Int32 = 2) -> Reported {
    FileOutput.writeStandardError(message + "\n")
    return Reported(status: status)
}

/// Reads the file and applies `--set`; also checks `--steps` before any work starts.
func loadFile(_ path: String, settings: [String], steps: Int?) throws -> (NetworkFile, [String: Rational]) {
    if let steps, steps < 0 || steps > TrainingOptions<Rational>.maximumSteps {
        throw fail("\(path):1:1: error: --steps \(steps) is outside 0...\(TrainingOptions<Rational>.maximumSteps)")
    }
    do {
        var file = try NetworkFile(contentsOf: path)
        var overrides: [String: Rational] = [:]
        for assignment in settings {
            if let (name, value) = try file.applyOverride(assignment) { overrides[name] = value }
        }
        return (file, overrides)
    } catch {
        throw fail(error.description)
    }
}

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the exact answer key of a network file: every value, gradient and update.",
        discussion: """
        Example:
          exactnet run Examples/01-seed-skip-connection.exnet --format markdown
          exactnet run net.exnet --set x=1 --set y=-3 --steps 2 --scalar double
        """
    )

    @Argument(help: "The network file (.exnet).") var file: String
    @Option(help: "Output format: text, markdown, latex or json.") var format: OutputFormat = .text
    @Option(help: "Number of gradient steps (overrides 'set steps').") var steps: Int?
    @Option(help: "Arithmetic: rational (exact), double or float.") var scalar: ScalarChoice = .rational
    @Option(name: [.customShort("o"), .long], help: "Write to this file instead of standard output (all or nothing).") var output: String?
    @Flag(help: "With --format latex, print only the body for pasting into a document.") var fragment = false
    @Option(name: .customLong("set"), help: "NAME=VALUE: an input/target value (files without samples) or a setting.") var settings: [String] = []

    func run() throws {
        let (networkFile, overrides) = try loadFile(file, settings: settings, steps: steps)
        let text: String
        switch scalar {
        case .rational: text = try render(networkFile, overrides, as: Rational.self)
        case .double: text = try render(networkFile, overrides, as: Double.self)
        case .float: text = try render(networkFile, overrides, as: Float.self)
        }
        try emit(text, to: output)
    }

    func render<S: ReportableScalar>(_ networkFile: NetworkFile, _ overrides: [String: Rational], as: S.Type) throws -> String {
        let run: NetworkFile.Run<S>
        do { run = try networkFile.train(as: S.self, steps: steps, overrides: overrides) } catch { throw fail(error.description) }
        let key = AnswerKey(run: run, title: file)
        switch format {
        case .text: return key.text()
        case .markdown: return key.markdown()
        case .latex: return key.latex(fragment: fragment)
        case .json: return key.json()
        }
    }
}

struct CrossCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crosscheck",
        abstract: "Run a network in floats and exactly; report errors in ULPs and every branch that diverged.",
        discussion: """
        Exit status: 0 when every number is within --max-ulps and no relu/abs/max/min/leaky_relu
        branch diverged, 1 otherwise, 2 for a bad file. Suitable as a CI gate.

        Example:
          exactnet crosscheck Examples/05-kink.exnet --scalar double --max-ulps 4
        """
    )

    @Argument(help: "The network file (.exnet).") var file: String
    @Option(help: "Float type to check: double or float.") var scalar: FloatChoice = .double
    @Option(name: .customLong("max-ulps"), help: "Largest tolerated error, in ULPs of the correctly rounded exact value.") var maxULPs: UInt64 = 4
    @Option(help: "Report format: text or json.") var format: ReportFormat = .text
    @Option(help: "Number of gradient steps (overrides 'set steps').") var steps: Int?
    @Flag(help: "List every compared number, not only those off by an ULP or more.") var all = false
    @Option(name: [.customShort("o"), .long], help: "Write to this file instead of standard output.") var output: String?
    @Option(name: .customLong("set"), help: "NAME=VALUE: an input/target value or a setting.") var settings: [String] = []

    func run() throws {
        let (networkFile, overrides) = try loadFile(file, settings: settings, steps: steps)
        let passed: Bool
        switch scalar {
        case .double: passed = try check(networkFile, overrides, as: Double.self)
        case .float: passed = try check(networkFile, overrides, as: Float.self)
        }
        if !passed { throw Reported(status: 1) }
    }

    func check<F: ReportableScalar & BinaryFloatingPoint>(_ networkFile: NetworkFile, _ overrides: [String: Rational], as: F.Type) throws -> Bool {
        let report: CrossCheckReport<F>
        do {
            let builder = try networkFile.builder(as: Rational.self)
            let samples = try networkFile.samples(as: Rational.self, overrides: overrides)
            let options = networkFile.options(as: Rational.self, steps: steps)
            do { report = try CrossCheck.run(builder, samples: samples, options: options, as: F.self) } catch { throw networkFile.locate(error) }
        } catch let error as NetworkFileError {
            throw fail(error.description)
        }
        try emit(format == .json ? report.json(limit: maxULPs) : report.text(title: file, limit: maxULPs, showAll: all), to: output)
        return report.passes(maximumULPs: maxULPs)
    }
}

func emit(_ text: String, to path: String?) throws {
    if let path {
        guard FileOutput.writeAtomically(text, to: path) else { throw fail("exactnet: error: cannot write '\(path)'") }
    } else {
        FileOutput.writeStandardOutput(text)
    }
}

do {
    var command = try ExactNetCommand.parseAsRoot()
    try command.run()
} catch let reported as Reported {
    exit(reported.status)
} catch {
    ExactNetCommand.exit(withError: error)
}
