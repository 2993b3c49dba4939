import ExactArithmetic

/// A network file (`.exnet`): declarations, samples and settings, parsed exactly and
/// not yet tied to a scalar type.
///
/// ```swift
/// let file = try NetworkFile(parsing: """
///     input x
///     target y
///     param w = 1/2
///     sample x = 1, y = -3
///     loss = abs(y - relu(w * x))
///     """, path: "tiny.exnet")
/// let trace = try file.train(as: Rational.self)
/// trace.steps[0].updated   // [-1/2]
/// ```
public struct NetworkFile {
    /// Settings from `set` lines.
    public struct Settings {
        /// `set learning_rate` (default 1).
        public var learningRate: Rational = 1
        /// `set steps` (default 1).
        public var steps = 1
        /// `set reduction` (default sum).
        public var reduction: Reduction = .sum
        /// `set momentum` (default 0).
        public var momentum: Rational = 0
    }

    struct Declaration {
        var name: String
        var role: QuantityRole
        var location: SourcePosition
        /// The defining expression, or the value of a parameter or constant.
        var node: SyntaxNode?
        var value: Rational?
    }

    /// The file's path, used in error messages.
    public let path: String
    var declarations: [Declaration] = []
    var locationByName: [String: SourcePosition] = [:]
    /// The samples given by `sample` lines, exactly.
    public internal(set) var samples: [[String: Rational]] = []
    var sampleLocations: [SourcePosition] = []
    /// Where each sample gives each value, for errors about a name in a sample.
    var sampleValueLocations: [[String: SourcePosition]] = []
    /// The settings, with defaults where no `set` line gives one.
    public var settings = Settings()
    var stepsLocation = SourcePosition(line: 1, column: 1)
    /// Where each `set` line gave its setting, so a second one is an error.
    var settingLocations: [String: SourcePosition] = [:]
    /// The bounds the file was read under; training uses them too.
    public let limits: Limits

    static let keywords: Set<String> = ["input", "target", "param", "const", "sample", "set"]

    /// Reads and parses a file. A missing or unreadable file is an error too.
    ///
    /// ```swift
    /// let file = try NetworkFile(contentsOf: "Examples/01-seed-skip-connection.exnet")
    /// ```
    public init(contentsOf path: String, limits: Limits = .standard) throws(NetworkFileError) {
        try self.init(
            parsing: try SourceText.load(path, maximumSize: limits.maximumFileSize), path: path, limits: limits)
    }

    func error(_ message: String, at location: SourcePosition, hint: ErrorHint? = nil) -> NetworkFileError {
        NetworkFileError(path: path, line: location.line, column: location.column, message: message, hint: hint)
    }
}
