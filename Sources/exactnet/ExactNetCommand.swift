import ArgumentParser
import ExactArithmetic
import ExactNet

/// The `exactnet` command line: it parses flags, calls the library, and turns library
/// errors into one line of advice and an exit status. It does no arithmetic of its own.
@main
struct ExactNetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exactnet",
        abstract: "Exact neural-network arithmetic: answer keys and float cross-checks.",
        discussion: """
            Examples:
              exactnet run Examples/01-seed-skip-connection.exnet
              exactnet run Examples/01-seed-skip-connection.exnet --format latex -o key.tex
              exactnet crosscheck Examples/05-kink.exnet --scalar float

            \(ExitStatus.summary)
            """,
        version: "0.1.0",
        subcommands: [Run.self, CheckCommand.self, CrossCheckCommand.self]
    )
}

/// What every command that reads a network file shares.
struct NetworkOptions: ParsableArguments {
    @Argument(help: "The network file (.exnet).")
    var file: String

    @Option(parsing: .unconditional, help: "Number of gradient steps (overrides 'set steps').")
    var steps: Int?

    @Option(name: .customLong("set"), help: "NAME=VALUE: an input/target value (files without samples) or a setting.")
    var overrides: [String] = []

    @Option(help: "Multiply the key-size and work budgets (64 MB of key, a few seconds of arithmetic) by N.")
    var budget: Int = 1

    /// Reads the file and applies `--set`; checks `--steps` with the library's own check first.
    func load() throws -> (NetworkFile, [String: Rational]) {
        if let steps {
            do { try Limits.standard.checkSteps(steps) } catch {
                let reason =
                    steps < 0 ? "must be a non-negative integer" : "is outside 0...\(Limits.standard.maximumSteps)"
                throw Advice.fail("exactnet: error: --steps \(steps) \(reason)")
            }
        }
        guard budget >= 1 else { throw Advice.fail("exactnet: error: --budget \(budget) must be at least 1") }
        do {
            var file = try NetworkFile(contentsOf: self.file, limits: Limits.standard.scaled(by: budget))
            var values: [String: Rational] = [:]
            for assignment in overrides {
                guard let equals = assignment.firstIndex(of: "=") else {
                    throw Advice.fail("exactnet: error: --set needs NAME=VALUE, not '\(assignment)'", status: .usage)
                }
                let name = String(assignment[..<equals]).trimmingSpaces()
                let value = String(assignment[assignment.index(after: equals)...]).trimmingSpaces()
                if let (name, value) = try file.applyOverride(name: name, value: value, origin: "--set \(assignment)") {
                    values[name] = value
                }
            }
            return (file, values)
        } catch let error as NetworkFileError {
            throw Advice.fail(error)
        }
    }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
