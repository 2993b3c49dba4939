import ExactArithmetic

extension Solution {
    /// Reads and parses a solution file against a network's shape.
    ///
    /// ```swift
    /// let solution = try Solution(contentsOf: "sheet.txt", shape: KeyShape(trace))
    /// ```
    public init(contentsOf path: String, shape: KeyShape, limits: Limits = .standard) throws(NetworkFileError) {
        try self.init(
            parsing: try SourceText.load(path, maximumSize: limits.maximumFileSize), path: path, shape: shape,
            limits: limits)
    }

    /// Parses a solution's text: every name is resolved against `shape`, and every problem
    /// (an unknown name, an entry the run does not have, a repeated entry, a malformed value)
    /// is an error located at its line and column.
    public init(parsing text: String, path: String, shape: KeyShape, limits: Limits = .standard)
        throws(NetworkFileError)
    {
        var parser = SolutionParser(path: path, shape: shape, limits: limits)
        let lines = SourceText.lines(text).map { SolutionParser.Line($0) }
        for (n, line) in lines.enumerated() where line.keyword == "alias" { try parser.alias(line, number: n + 1) }
        for (n, line) in lines.enumerated() where line.keyword != "alias" && !line.isBlank {
            try parser.statement(line, number: n + 1)
        }
        self.init(path: path, entries: parser.entries)
    }
}

/// The line-by-line reader behind ``Solution/init(parsing:path:shape:limits:)``.
struct SolutionParser {
    let path: String
    let shape: KeyShape
    let limits: Limits
    var indexByName: [String: Int] = [:]
    /// Sheet name → network name (`w5` → `w3`).
    var nameAliases: [String: String] = [:]
    /// Sheet entry name → network entry name (`dL/dy` → `dL/dyhat`).
    var entryAliases: [String: String] = [:]
    var aliasLocations: [String: SourcePosition] = [:]
    /// The open section: (step, sample written or nil).
    var section: (step: Int, sample: Int?)?
    var entries: [GivenEntry] = []
    var lineOfEntry: [KeyEntry: Int] = [:]

    init(path: String, shape: KeyShape, limits: Limits) {
        self.path = path
        self.shape = shape
        self.limits = limits
        for (i, name) in shape.names.enumerated() { indexByName[name] = i }
    }

    /// A line without its comment, as unicode scalars (columns count scalars, as in network files).
    struct Line {
        var scalars: [Unicode.Scalar]
        init(_ text: Substring) {
            scalars = Array(text.unicodeScalars)
            if let hash = scalars.firstIndex(of: "#") { scalars.removeSubrange(hash...) }
        }
        var isBlank: Bool { scalars.allSatisfy(\.properties.isWhitespace) }
        /// The words, each with its 1-based column.
        var words: [(text: String, column: Int)] {
            var result: [(String, Int)] = []
            var current = ""
            var start = 0
            for (i, c) in scalars.enumerated() {
                if c.properties.isWhitespace {
                    if !current.isEmpty { result.append((current, start + 1)) }
                    current = ""
                } else {
                    if current.isEmpty { start = i }
                    current.unicodeScalars.append(c)
                }
            }
            if !current.isEmpty { result.append((current, start + 1)) }
            return result
        }
        var keyword: String? { words.first?.text }
        /// The text between scalar offsets, with every space removed, and the column of its first visible scalar.
        func compact(_ range: Range<Int>) -> (text: String, column: Int) {
            var text = ""
            var column = range.lowerBound + 1
            for i in range where !scalars[i].properties.isWhitespace {
                if text.isEmpty { column = i + 1 }
                text.unicodeScalars.append(scalars[i])
            }
            return (text, column)
        }
    }

    func error(_ message: String, line: Int, column: Int) -> NetworkFileError {
        NetworkFileError(path: path, line: line, column: column, message: message)
    }

    /// `alias SHEET = NETWORK`.
    mutating func alias(_ line: Line, number: Int) throws(NetworkFileError) {
        guard let equals = line.scalars.firstIndex(of: "=") else {
            throw error("expected 'alias SHEET_NAME = NETWORK_NAME'", line: number, column: line.words[0].column)
        }
        let keywordEnd = line.words[0].column - 1 + 5
        let (sheet, sheetColumn) = line.compact(keywordEnd..<equals)
        let (target, targetColumn) = line.compact((equals + 1)..<line.scalars.count)
        guard !sheet.isEmpty, !target.isEmpty else {
            throw error("expected 'alias SHEET_NAME = NETWORK_NAME'", line: number, column: line.words[0].column)
        }
        if let earlier = aliasLocations[sheet] {
            throw error("'\(sheet)' is already an alias (line \(earlier.line))", line: number, column: sheetColumn)
        }
        if sheet.contains("/") {
            // A whole entry name: the target must be one the network has.
            _ = try resolveName(target, line: number, column: targetColumn, aliases: false)
            entryAliases[sheet] = target
        } else {
            guard indexByName[sheet] == nil else {
                throw error(
                    "'\(sheet)' is a name of the network; an alias would hide it", line: number, column: sheetColumn)
            }
            guard indexByName[target] != nil else { throw unknown(target, line: number, column: targetColumn) }
            nameAliases[sheet] = target
        }
        aliasLocations[sheet] = SourcePosition(line: number, column: sheetColumn)
    }

    func unknown(_ name: String, line: Int, column: Int) -> NetworkFileError {
        let names = shape.names.prefix(12).joined(separator: ", ") + (shape.names.count > 12 ? ", …" : "")
        return error(
            "unknown name '\(name)' (the network has \(names); 'alias \(name) = NAME' maps a sheet's name)",
            line: line, column: column)
    }

    /// A quantity by its sheet name.
    func quantity(_ name: String, line: Int, column: Int) throws(NetworkFileError) -> Int {
        if let q = indexByName[nameAliases[name] ?? name] { return q }
        if name == "L", indexByName["L"] == nil { return shape.lossIndex }
        throw unknown(name, line: line, column: column)
    }

    /// What an entry's left-hand side names: its kind, with the quantity or parameter.
    enum Named {
        case value(Int)
        case lossGradient(Int)
        case objective
        case objectiveGradient(Int)
    }

    func resolveName(_ written: String, line: Int, column: Int, aliases: Bool = true) throws(NetworkFileError)
        -> Named
    {
        let text = aliases ? (entryAliases[written] ?? written) : written
        for (prefix, isObjective) in [("dL/d", false), ("∂L/∂", false), ("dJ/d", true), ("∂J/∂", true)]
        where text.hasPrefix(prefix) && text.count > prefix.count {
            let name = String(text.dropFirst(prefix.count))
            let q = try quantity(name, line: line, column: column + prefix.count)
            guard isObjective else { return .lossGradient(q) }
            guard let k = shape.parameterIndices.firstIndex(of: q) else {
                throw error(
                    "'\(written)': the objective's gradient is given for parameters only; a sample's gradient is 'dL/d\(name)'",
                    line: line, column: column)
            }
            return .objectiveGradient(k)
        }
        if text == "J", indexByName["J"] == nil { return .objective }
        if text.contains("/") {
            throw error(
                "'\(written)' is not an entry name: write q, dL/dq, dJ/dw, J or 'w <-'", line: line, column: column)
        }
        return .value(try quantity(text, line: line, column: column))
    }

    /// A section heading or an entry.
    mutating func statement(_ line: Line, number: Int) throws(NetworkFileError) {
        let words = line.words
        if words[0].text == "step" || words[0].text == "final" {
            return try heading(words, number: number)
        }
        var arrow: (at: Int, width: Int)?
        for i in line.scalars.indices {
            if line.scalars[i] == "←" {
                arrow = (i, 1)
                break
            }
            if line.scalars[i] == "<", i + 1 < line.scalars.count, line.scalars[i + 1] == "-" {
                arrow = (i, 2)
                break
            }
        }
        let equals = line.scalars.firstIndex(of: "=")
        guard let split = arrow ?? equals.map({ ($0, 1) }) else {
            throw error(
                "expected an entry 'NAME = VALUE' or 'NAME <- VALUE', or 'step N' / 'final'", line: number,
                column: words[0].column)
        }
        let (name, nameColumn) = line.compact(0..<split.at)
        let (valueText, valueColumn) = line.compact((split.at + split.width)..<line.scalars.count)
        guard !name.isEmpty else {
            throw error("expected a name before the value", line: number, column: words[0].column)
        }
        guard let (step, sample) = section else {
            throw error(
                "'\(name)' comes before any section: write 'step 0' (or 'final') above it", line: number,
                column: nameColumn)
        }
        let isFinal = step == shape.stepCount
        let named = try resolveName(name, line: number, column: nameColumn)
        func perSample() throws(NetworkFileError) -> Int {
            if let sample { return sample }
            guard shape.sampleCount == 1 else {
                throw error(
                    "'\(name)' belongs to one sample, and the network has \(shape.sampleCount): "
                        + "write '\(isFinal ? "final" : "step \(step)") sample K' above it",
                    line: number, column: nameColumn)
            }
            return 0
        }
        func stepOnly(_ what: String) throws(NetworkFileError) {
            guard !isFinal else {
                throw error(
                    "'\(name)': the final evaluation has no \(what) (it is forward only)", line: number,
                    column: nameColumn)
            }
        }
        let kind: KeyEntry.Kind
        var entrySample: Int? = nil
        if arrow != nil {
            guard case .value(let q) = named, let k = shape.parameterIndices.firstIndex(of: q) else {
                throw error("'\(name) <-': only a parameter is updated", line: number, column: nameColumn)
            }
            try stepOnly("update")
            kind = .update(parameter: k)
        } else {
            switch named {
            case .value(let q):
                kind = .value(quantity: q)
                if !shape.isStepLevel(q) { entrySample = try perSample() }
            case .lossGradient(let q):
                try stepOnly("gradients")
                kind = .lossGradient(quantity: q)
                entrySample = try perSample()
            case .objective: kind = .objective
            case .objectiveGradient(let k):
                try stepOnly("gradients")
                kind = .objectiveGradient(parameter: k)
            }
        }
        let entry = KeyEntry(step: step, sample: entrySample, kind: kind)
        if let earlier = lineOfEntry[entry] {
            throw error(
                "'\(shape.name(of: entry))' is given twice for \(shape.section(of: entry)) (first on line \(earlier))",
                line: number, column: nameColumn)
        }
        let value = try parseValue(valueText, line: number, column: valueColumn)
        lineOfEntry[entry] = number
        entries.append(
            GivenEntry(
                entry: entry, value: value.0, text: valueText, decimalPlaces: value.1,
                location: SourcePosition(line: number, column: nameColumn)))
    }

    /// `step N [sample K]` or `final [sample K]`.
    mutating func heading(_ words: [(text: String, column: Int)], number: Int) throws(NetworkFileError) {
        let isFinal = words[0].text == "final"
        var i = 1
        func integer(_ what: String, below bound: Int, _ advice: String) throws(NetworkFileError) -> Int {
            guard i < words.count else {
                throw error(
                    "expected a \(what) number after '\(words[i - 1].text)'", line: number, column: words[i - 1].column)
            }
            let word = words[i]
            guard word.text.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }), word.text.count <= 9,
                let n = Int(word.text)
            else {
                throw error("expected a \(what) number, not '\(word.text)'", line: number, column: word.column)
            }
            guard n < bound else {
                throw error("there is no \(what) \(n): \(advice)", line: number, column: word.column)
            }
            i += 1
            return n
        }
        let steps = shape.stepCount
        let step =
            isFinal
            ? steps
            : try integer(
                "step", below: steps,
                "the run has \(steps) step\(steps == 1 ? "" : "s") (0 to \(steps - 1)); --steps trains more")
        var sample: Int?
        if i < words.count, words[i].text == "sample" {
            i += 1
            sample = try integer(
                "sample", below: shape.sampleCount,
                "the network has \(shape.sampleCount) sample\(shape.sampleCount == 1 ? "" : "s") (0 to \(shape.sampleCount - 1))"
            )
        }
        guard i == words.count else {
            throw error(
                "unexpected '\(words[i].text)' after the section heading", line: number, column: words[i].column)
        }
        section = (step, sample)
    }

    /// An exact value, with its decimal places when written as a plain decimal.
    func parseValue(_ written: String, line: Int, column: Int) throws(NetworkFileError) -> (Rational, Int?) {
        let text = written.replacingOccurrences(of: "−", with: "-")
        guard !text.isEmpty else { throw error("expected a value after the name", line: line, column: column) }
        guard text.utf8.count <= limits.maximumSolutionValueLength else {
            throw error(
                "a value longer than \(limits.maximumSolutionValueLength) characters; no hand solution writes one",
                line: line, column: column)
        }
        guard let value = Rational(text, maximumDecimalExponent: limits.maximumDecimalExponent) else {
            throw error(
                "expected a number (3, -0.75, 3/4), not '\(written.prefix(40))'", line: line, column: column)
        }
        guard value.bitLength <= limits.maximumBits else {
            throw error("this value needs more than \(limits.maximumBits) bits", line: line, column: column)
        }
        var places: Int?
        if let point = text.firstIndex(of: "."), !text.contains(where: { $0 == "e" || $0 == "E" || $0 == "/" }) {
            places = text.distance(from: point, to: text.endIndex) - 1
        }
        return (value, places)
    }
}
