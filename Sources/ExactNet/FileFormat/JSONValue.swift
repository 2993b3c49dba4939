/// A JSON value, read by ``JSONValue/parse(_:maximumDepth:)``: enough to read back the files
/// ExactNet writes (sealed keys), with nesting bounded before it is followed.
enum JSONValue: Equatable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.number(let x), .number(let y)), (.string(let x), .string(let y)): return x == y
        case (.array(let x), .array(let y)): return x == y
        case (.object(let x), .object(let y)): return x.map(\.0) == y.map(\.0) && x.map(\.1) == y.map(\.1)
        default: return false
        }
    }

    /// A syntax error at a line and column.
    struct SyntaxError: Error {
        var line: Int
        var column: Int
        var message: String
    }

    /// The member `key` of an object.
    subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.0 == key }?.1
    }

    var string: String? { if case .string(let s) = self { return s } else { return nil } }
    var array: [JSONValue]? { if case .array(let a) = self { return a } else { return nil } }
    var integer: Int? { if case .number(let n) = self { return Int(n) } else { return nil } }

    static func parse(_ text: String, maximumDepth: Int = 32) throws(SyntaxError) -> JSONValue {
        var reader = Reader(scalars: Array(text.unicodeScalars), maximumDepth: maximumDepth)
        let value = try reader.value(depth: 0)
        reader.skipSpace()
        guard reader.i == reader.scalars.count else { throw reader.error("unexpected text after the JSON value") }
        return value
    }

    private struct Reader {
        let scalars: [Unicode.Scalar]
        let maximumDepth: Int
        var i = 0

        func error(_ message: String) -> SyntaxError {
            var line = 1
            var column = 1
            for s in scalars[..<Swift.min(i, scalars.count)] {
                if s == "\n" {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
            }
            return SyntaxError(line: line, column: column, message: message)
        }

        mutating func skipSpace() {
            while i < scalars.count, scalars[i] == " " || scalars[i] == "\n" || scalars[i] == "\t" || scalars[i] == "\r"
            {
                i += 1
            }
        }

        mutating func expect(_ word: String) throws(SyntaxError) {
            for s in word.unicodeScalars {
                guard i < scalars.count, scalars[i] == s else { throw error("expected '\(word)'") }
                i += 1
            }
        }

        mutating func value(depth: Int) throws(SyntaxError) -> JSONValue {
            guard depth < maximumDepth else { throw error("nested more than \(maximumDepth) deep") }
            skipSpace()
            guard i < scalars.count else { throw error("unexpected end of the file") }
            switch scalars[i] {
            case "n":
                try expect("null")
                return .null
            case "t":
                try expect("true")
                return .bool(true)
            case "f":
                try expect("false")
                return .bool(false)
            case "\"": return .string(try string())
            case "[":
                i += 1
                var items: [JSONValue] = []
                skipSpace()
                if i < scalars.count, scalars[i] == "]" {
                    i += 1
                    return .array(items)
                }
                while true {
                    items.append(try value(depth: depth + 1))
                    skipSpace()
                    guard i < scalars.count else { throw error("unexpected end of the file in an array") }
                    if scalars[i] == "]" {
                        i += 1
                        return .array(items)
                    }
                    try expect(",")
                }
            case "{":
                i += 1
                var members: [(String, JSONValue)] = []
                skipSpace()
                if i < scalars.count, scalars[i] == "}" {
                    i += 1
                    return .object(members)
                }
                while true {
                    skipSpace()
                    guard i < scalars.count, scalars[i] == "\"" else { throw error("expected a member name") }
                    let key = try string()
                    skipSpace()
                    try expect(":")
                    members.append((key, try value(depth: depth + 1)))
                    skipSpace()
                    guard i < scalars.count else { throw error("unexpected end of the file in an object") }
                    if scalars[i] == "}" {
                        i += 1
                        return .object(members)
                    }
                    try expect(",")
                }
            default:
                let start = i
                while i < scalars.count, "-+.eE0123456789".unicodeScalars.contains(scalars[i]) { i += 1 }
                guard i > start else { throw error("expected a JSON value") }
                var text = ""
                text.unicodeScalars.append(contentsOf: scalars[start..<i])
                return .number(text)
            }
        }

        mutating func string() throws(SyntaxError) -> String {
            i += 1
            var out = ""
            while i < scalars.count {
                let s = scalars[i]
                i += 1
                switch s {
                case "\"": return out
                case "\\":
                    guard i < scalars.count else { break }
                    let e = scalars[i]
                    i += 1
                    switch e {
                    case "n": out += "\n"
                    case "t": out += "\t"
                    case "r": out += "\r"
                    case "b": out += "\u{8}"
                    case "f": out += "\u{C}"
                    case "u":
                        guard i + 4 <= scalars.count,
                            let code = UInt32(String(String.UnicodeScalarView(scalars[i..<(i + 4)])), radix: 16)
                        else { throw error("a bad \\u escape") }
                        i += 4
                        out.unicodeScalars.append(Unicode.Scalar(code) ?? "\u{FFFD}")
                    default: out.unicodeScalars.append(e)
                    }
                default: out.unicodeScalars.append(s)
                }
            }
            throw error("a string that does not end")
        }
    }
}
