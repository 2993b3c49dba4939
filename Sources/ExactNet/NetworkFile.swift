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
/// let run = try file.train(as: Rational.self)
/// run.trace.steps[0].updated   // [-1/2]
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
        var role: NetworkBuilder<Rational>.Role
        var location: SourceLocation
        /// The defining expression, or the value of a parameter or constant.
        var node: SyntaxNode?
        var value: Rational?
    }

    /// The file's path, used in error messages.
    public let path: String
    var declarations: [Declaration] = []
    var locationByName: [String: SourceLocation] = [:]
    /// The samples given by `sample` lines, exactly.
    public internal(set) var samples: [[String: Rational]] = []
    var sampleLocations: [SourceLocation] = []
    /// Where each sample gives each value, for errors about a name in a sample.
    var sampleValueLocations: [[String: SourceLocation]] = []
    /// The settings, with defaults where no `set` line gives one.
    public var settings = Settings()
    var stepsLocation = SourceLocation(line: 1, column: 1)

    static let keywords: Set<String> = ["input", "target", "param", "const", "sample", "set"]
    static let functionArity: [String: Int] = [
        "relu": 1, "abs": 1, "square": 1, "identity": 1, "leaky_relu": 2, "max": 2, "min": 2,
        "sigmoid": 1, "tanh": 1, "exp": 1, "log": 1, "softplus": 1,
    ]

    /// Reads and parses a file. A missing or unreadable file is an error too.
    public init(contentsOf path: String) throws(NetworkFileError) {
        let data: [UInt8]
        switch FileReader.read(path) {
        case .success(let bytes): data = bytes
        case .failure(let reason):
            throw NetworkFileError(path: path, line: 0, column: 0, message: "cannot read the file: \(reason.text)")
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw NetworkFileError(path: path, line: 1, column: 1, message: "the file is not valid UTF-8 text")
        }
        try self.init(parsing: text, path: path)
    }

    /// Parses the text of a network file.
    public init(parsing text: String, path: String = "<input>") throws(NetworkFileError) {
        self.path = path
        var constants: [String: Rational] = [:]
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = offset + 1
            let content = rawLine.firstIndex(of: "#").map { rawLine[..<$0] } ?? rawLine
            var p = LineParser(tokens: try tokenize(content, line: lineNumber, path: path), path: path)
            if p.atEnd { continue }
            guard case .name(let first) = p.current.kind else {
                throw p.error("expected a declaration (input, target, param, const, sample, set) or a definition 'name = expression'")
            }
            let firstLocation = p.current.location
            switch first {
            case "input", "target":
                p.advance()
                repeat {
                    let (name, location) = try p.name("a name after '\(first)'")
                    try declare(Declaration(name: name, role: first == "input" ? .input : .target, location: location))
                } while p.accept(",")
                try p.expectEnd()
            case "param", "const":
                p.advance()
                repeat {
                    let (name, location) = try p.name("a name after '\(first)'")
                    try p.expect("=", "'=' and a value for '\(name)'")
                    let value = try evaluateConstant(try p.expression(), constants: constants)
                    if first == "const" { constants[name] = value }
                    try declare(Declaration(name: name, role: first == "param" ? .parameter : .constant,
                                            location: location, value: value))
                } while p.accept(",")
                try p.expectEnd()
            case "sample":
                p.advance()
                var sample: [String: Rational] = [:]
                var valueLocations: [String: SourceLocation] = [:]
                repeat {
                    let (name, location) = try p.name("'name = value' in the sample")
                    try p.expect("=", "'=' and a value for '\(name)'")
                    guard sample[name] == nil else {
                        throw error("the sample gives '\(name)' twice", at: location)
                    }
                    sample[name] = try evaluateConstant(try p.expression(), constants: constants)
                    valueLocations[name] = location
                } while p.accept(",")
                try p.expectEnd()
                samples.append(sample)
                sampleLocations.append(firstLocation)
                sampleValueLocations.append(valueLocations)
            case "set":
                p.advance()
                let (key, keyLocation) = try p.name("a setting name after 'set'")
                try p.expect("=", "'=' and a value for '\(key)'")
                try applySetting(key, at: keyLocation, parser: &p, constants: constants)
                try p.expectEnd()
            default:
                p.advance()
                guard p.accept("=") else {
                    throw p.error(Self.functionArity[first] != nil
                        ? "a statement cannot start with the function '\(first)'; write 'name = \(first)(...)'"
                        : "expected '=' after '\(first)' (or a keyword: input, target, param, const, sample, set)")
                }
                let node = try p.expression()
                try p.expectEnd()
                try declare(Declaration(name: first, role: .definition, location: firstLocation, node: node))
            }
        }
        try checkNames()
    }

    private mutating func declare(_ d: Declaration) throws(NetworkFileError) {
        guard !Self.keywords.contains(d.name), Self.functionArity[d.name] == nil else {
            throw error("'\(d.name)' is reserved and cannot name a quantity", at: d.location)
        }
        if let previous = locationByName[d.name] {
            throw error("'\(d.name)' is already declared at line \(previous.line)", at: d.location)
        }
        locationByName[d.name] = d.location
        declarations.append(d)
    }

    private mutating func applySetting(_ key: String, at location: SourceLocation, parser p: inout LineParser,
                                       constants: [String: Rational]) throws(NetworkFileError) {
        switch key {
        case "reduction":
            let (word, wordLocation) = try p.name("'sum' or 'mean'")
            guard let reduction = Reduction(rawValue: word) else { throw error("reduction must be 'sum' or 'mean', not '\(word)'", at: wordLocation) }
            settings.reduction = reduction
        case "learning_rate", "momentum", "steps":
            let valueLocation = p.current.location
            let value = try evaluateConstant(try p.expression(), constants: constants)
            switch key {
            case "learning_rate": settings.learningRate = value
            case "momentum": settings.momentum = value
            default:
                guard value.isInteger, let steps = Int(exactly: value.numerator), steps >= 0 else {
                    throw error("steps must be a non-negative integer", at: valueLocation)
                }
                guard steps <= TrainingOptions<Rational>.maximumSteps else {
                    throw error("\(steps) steps is beyond the limit of \(TrainingOptions<Rational>.maximumSteps)", at: valueLocation)
                }
                settings.steps = steps
                stepsLocation = valueLocation
            }
        default:
            throw error("unknown setting '\(key)' (settings: learning_rate, steps, reduction, momentum)", at: location)
        }
    }

    /// Checks every name use, sample and the loss once the whole file is read.
    private func checkNames() throws(NetworkFileError) {
        let roles = Dictionary(declarations.map { ($0.name, $0.role) }, uniquingKeysWith: { a, _ in a })
        for d in declarations {
            guard let node = d.node else { continue }
            try visitNames(node) { name, location throws(NetworkFileError) in
                guard roles[name] != nil else { throw error("unknown name '\(name)'", at: location) }
            }
        }
        guard let lossRole = roles["loss"] else {
            throw error("no definition of 'loss', the per-sample objective (write 'loss = ...')", at: SourceLocation(line: 1, column: 1))
        }
        guard lossRole == .definition else {
            throw error("'loss' must be defined by an expression ('loss = ...')", at: locationByName["loss"]!)
        }
        let sampleNames = declarations.filter { $0.role == .input || $0.role == .target }.map(\.name)
        for (i, sample) in samples.enumerated() {
            for name in sample.keys.sorted() where roles[name] != .input && roles[name] != .target {
                throw error(roles[name] == nil ? "unknown name '\(name)' in sample" : "'\(name)' is not an input or target",
                            at: sampleValueLocations[i][name]!)
            }
            for name in sampleNames where sample[name] == nil {
                throw error("the sample gives no value for '\(name)'", at: sampleLocations[i])
            }
        }
    }

    func error(_ message: String, at location: SourceLocation) -> NetworkFileError {
        NetworkFileError(path: path, line: location.line, column: location.column, message: message)
    }
}

/// Reads a whole file without Foundation's platform differences.
enum FileReader {
    /// The system's reason a read failed (`No such file or directory`, `Is a directory`).
    struct Failure: Error { var text: String }

    /// Network files are small; a larger one is refused rather than read into memory.
    static let maximumSize = 16 << 20

    static func read(_ path: String) -> Result<[UInt8], Failure> {
        func failure() -> Failure { Failure(text: String(cString: strerror(errno))) }
        guard let file = fopen(path, "rb") else { return .failure(failure()) }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&buffer, 1, buffer.count, file)
            if n > 0 { bytes.append(contentsOf: buffer[0..<n]) }
            if bytes.count > maximumSize { return .failure(Failure(text: "larger than \(maximumSize >> 20) MiB")) }
            if n < buffer.count { return ferror(file) == 0 ? .success(bytes) : .failure(failure()) }
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
