import ArgumentParser
import ExactNet

/// The exit statuses, documented in `--help` and the README.
enum ExitStatus: Int32 {
    /// Success.
    case success = 0
    /// A cross-check found errors beyond the tolerance or a diverged branch; a checked solution has a wrong entry.
    case findings = 1
    /// Bad input: a network file, a `--set` value, or output that cannot be written.
    case badInput = 2
    /// A usage error: an unknown flag, a missing argument.
    case usage = 64

    var code: ExitCode { ExitCode(rawValue) }

    static let summary =
        "Exit status: 0 success, 1 findings (a cross-check beyond tolerance, a wrong entry in a solution), 2 bad input (file:line:column: error: ...), 64 usage error."
}

/// Turns library errors into one line of advice on standard error, in the command line's terms.
enum Advice {
    /// Prints `line` on standard error and returns the exit code to throw.
    static func fail(_ line: String, status: ExitStatus = .badInput) -> ExitCode {
        FileOutput.writeStandardError(line + "\n")
        return status.code
    }

    /// A located file error, with its hint phrased as flags.
    static func fail(_ error: NetworkFileError) -> ExitCode {
        fail(error.description + (error.hint.map(flagAdvice) ?? ""))
    }

    static func flagAdvice(_ hint: ErrorHint) -> String {
        switch hint {
        case .useFloatingPointScalar: return " (use --scalar certified for guaranteed digits, or double or float)"
        case .giveSampleValues(let name): return "; give the inputs on the command line, e.g. --set \(name)=1"
        case .raiseBudget(let factor?): return " (--budget \(factor) would allow it)"
        case .raiseBudget(nil): return " (no --budget is large enough)"
        }
    }
}
