/// A problem in a network file, located for the one-line `FILE:LINE:COLUMN: error:` report.
///
/// ```swift
/// do { _ = try NetworkFile(parsing: "loss = x +", path: "a.exnet") }
/// catch { print(error) }   // a.exnet:1:11: error: expected an expression
/// ```
public struct NetworkFileError: Error, Equatable, CustomStringConvertible {
    public var path: String
    public var line: Int
    public var column: Int
    public var message: String

    public init(path: String, line: Int, column: Int, message: String) {
        self.path = path
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String { "\(path):\(line):\(column): error: \(message)" }
}

/// A position in a network file (1-based).
public struct SourceLocation: Hashable, Sendable {
    public var line: Int
    public var column: Int
}
