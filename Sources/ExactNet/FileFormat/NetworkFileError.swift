/// A problem in a network file, located for the one-line `FILE:LINE:COLUMN: error:` report.
///
/// ```swift
/// do { _ = try NetworkFile(parsing: "loss = x +", path: "a.exnet") }
/// catch { print(error) }   // a.exnet:1:11: error: expected an expression
/// ```
public struct NetworkFileError: Error, Equatable, CustomStringConvertible {
    /// The file, as named on the command line.
    public var path: String
    /// 1-based line (0 when the file could not be read).
    public var line: Int
    /// 1-based column.
    public var column: Int
    /// What is wrong, in one line.
    public var message: String
    /// Advice for the caller to phrase in its own terms (a command line names a flag).
    public var hint: ErrorHint?

    /// An error at a position in a file.
    public init(path: String, line: Int, column: Int, message: String, hint: ErrorHint? = nil) {
        self.path = path
        self.line = line
        self.column = column
        self.message = message
        self.hint = hint
    }

    /// `FILE:LINE:COLUMN: error: MESSAGE`, or `FILE: error: MESSAGE` when no line applies
    /// (a file that cannot be read).
    public var description: String {
        line == 0 ? "\(path): error: \(message)" : "\(path):\(line):\(column): error: \(message)"
    }
}

/// A position in a network file (1-based).
public struct SourcePosition: Hashable, Sendable {
    /// 1-based line.
    public var line: Int
    /// 1-based column.
    public var column: Int
}
