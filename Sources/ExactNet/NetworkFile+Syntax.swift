import ExactArithmetic

/// A parsed expression, before it is given a scalar type.
indirect enum SyntaxNode {
    case number(Rational, SourceLocation)
    case name(String, SourceLocation)
    case binary(Character, SyntaxNode, SyntaxNode, SourceLocation)
    case negate(SyntaxNode, SourceLocation)
    case power(SyntaxNode, Int, SourceLocation)
    case call(String, [SyntaxNode], SourceLocation)

    var location: SourceLocation {
        switch self {
        case .number(_, let l), .name(_, let l), .binary(_, _, _, let l), .negate(_, let l), .power(_, _, let l), .call(_, _, let l): return l
        }
    }
}

struct Token {
    enum Kind: Equatable { case name(String), number(String), symbol(Character), end }
    var kind: Kind
    var location: SourceLocation
}

/// Bounds that keep the recursive parser, compiler and renderers far from the stack
/// limit: a statement has at most this many tokens…
let maximumTokensPerStatement = 2000
/// …and its parentheses, calls and unary signs nest at most this deep.
let maximumNesting = 100

/// Splits one line (comment already removed) into tokens.
func tokenize(_ text: Substring, line: Int, path: String) throws(NetworkFileError) -> [Token] {
    var tokens: [Token] = []
    let chars = Array(text.unicodeScalars)
    var i = 0
    func isDigit(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }
    func isNameStart(_ c: Unicode.Scalar) -> Bool { c == "_" || (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") }
    while i < chars.count {
        let c = chars[i]
        let location = SourceLocation(line: line, column: i + 1)
        if c == " " || c == "\t" || c == "\r" { i += 1; continue }
        if isNameStart(c) {
            var j = i
            while j < chars.count, isNameStart(chars[j]) || isDigit(chars[j]) { j += 1 }
            tokens.append(Token(kind: .name(String(String.UnicodeScalarView(chars[i..<j]))), location: location))
            i = j
        } else if isDigit(c) || (c == "." && i + 1 < chars.count && isDigit(chars[i + 1])) {
            var j = i
            while j < chars.count, isDigit(chars[j]) || chars[j] == "." { j += 1 }
            if j < chars.count, chars[j] == "e" || chars[j] == "E" {
                var k = j + 1
                if k < chars.count, chars[k] == "+" || chars[k] == "-" { k += 1 }
                if k < chars.count, isDigit(chars[k]) {
                    while k < chars.count, isDigit(chars[k]) { k += 1 }
                    j = k
                }
            }
            tokens.append(Token(kind: .number(String(String.UnicodeScalarView(chars[i..<j]))), location: location))
            i = j
        } else if "+-*/^(),=".unicodeScalars.contains(c) {
            tokens.append(Token(kind: .symbol(Character(c)), location: location))
            i += 1
        } else {
            throw NetworkFileError(path: path, line: line, column: i + 1, message: "unexpected character '\(c)'")
        }
    }
    if tokens.count > maximumTokensPerStatement {
        throw NetworkFileError(path: path, line: line, column: tokens[maximumTokensPerStatement].location.column,
                               message: "statement is longer than \(maximumTokensPerStatement) tokens; split it into named steps")
    }
    tokens.append(Token(kind: .end, location: SourceLocation(line: line, column: chars.count + 1)))
    return tokens
}

/// A recursive-descent parser over one line's tokens.
struct LineParser {
    var tokens: [Token]
    var position = 0
    let path: String
    var nesting = 0

    mutating func enter(at location: SourceLocation) throws(NetworkFileError) {
        nesting += 1
        if nesting > maximumNesting { throw error("expression nests deeper than \(maximumNesting) levels", at: location) }
    }

    var current: Token { tokens[position] }

    func error(_ message: String, at location: SourceLocation? = nil) -> NetworkFileError {
        let l = location ?? current.location
        return NetworkFileError(path: path, line: l.line, column: l.column, message: message)
    }

    mutating func advance() { if position < tokens.count - 1 { position += 1 } }

    mutating func accept(_ symbol: Character) -> Bool {
        if current.kind == .symbol(symbol) { advance(); return true }
        return false
    }

    mutating func expect(_ symbol: Character, _ what: String) throws(NetworkFileError) {
        guard accept(symbol) else { throw error("expected \(what)") }
    }

    mutating func name(_ what: String) throws(NetworkFileError) -> (String, SourceLocation) {
        guard case .name(let n) = current.kind else { throw error("expected \(what)") }
        let location = current.location
        advance()
        return (n, location)
    }

    var atEnd: Bool { current.kind == .end }

    mutating func expectEnd() throws(NetworkFileError) {
        guard atEnd else { throw error("unexpected \(describe(current.kind)) after the end of the statement") }
    }

    func describe(_ kind: Token.Kind) -> String {
        switch kind {
        case .name(let n): return "'\(n)'"
        case .number(let n): return "number '\(n)'"
        case .symbol(let c): return "'\(c)'"
        case .end: return "end of line"
        }
    }

    // expression := term (('+' | '-') term)*
    mutating func expression() throws(NetworkFileError) -> SyntaxNode {
        var lhs = try term()
        while case .symbol(let c) = current.kind, c == "+" || c == "-" {
            let location = current.location
            advance()
            lhs = .binary(c, lhs, try term(), location)
        }
        return lhs
    }

    // term := unary (('*' | '/') unary)*
    mutating func term() throws(NetworkFileError) -> SyntaxNode {
        var lhs = try unary()
        while case .symbol(let c) = current.kind, c == "*" || c == "/" {
            let location = current.location
            advance()
            lhs = .binary(c, lhs, try unary(), location)
        }
        return lhs
    }

    // unary := ('-' | '+') unary | power     (so -x^2 is -(x^2))
    mutating func unary() throws(NetworkFileError) -> SyntaxNode {
        let location = current.location
        if accept("-") {
            try enter(at: location)
            defer { nesting -= 1 }
            return .negate(try unary(), location)
        }
        if accept("+") {
            try enter(at: location)
            defer { nesting -= 1 }
            return try unary()
        }
        return try power()
    }

    // power := primary ('^' exponent)?      exponent := ['-'|'+'] integer | '(' ['-'|'+'] integer ')'
    mutating func power() throws(NetworkFileError) -> SyntaxNode {
        let base = try primary()
        let location = current.location
        guard accept("^") else { return base }
        let parenthesized = accept("(")
        var negative = false
        if accept("-") { negative = true } else { _ = accept("+") }
        guard case .number(let text) = current.kind, let n = Int(text) else {
            throw error("the exponent after '^' must be an integer literal")
        }
        advance()
        if parenthesized { try expect(")", "')' after the exponent") }
        let limit = Network<Double>.maximumExponent
        guard n <= limit else { throw error("exponent \(negative ? "-" : "")\(text) is beyond the limit of ±\(limit)", at: location) }
        if case .symbol("^") = current.kind { throw error("chained '^' is ambiguous; use parentheses") }
        return .power(base, negative ? -n : n, location)
    }

    // primary := number | name | name '(' arguments ')' | '(' expression ')'
    mutating func primary() throws(NetworkFileError) -> SyntaxNode {
        let token = current
        switch token.kind {
        case .number(let text):
            guard let value = Rational(text) else {
                throw error("bad number '\(text)' (exponents are limited to ±\(Rational.maximumDecimalExponent))")
            }
            advance()
            return .number(value, token.location)
        case .name(let n):
            advance()
            if accept("(") {
                try enter(at: token.location)
                defer { nesting -= 1 }
                var arguments: [SyntaxNode] = []
                if !accept(")") {
                    repeat { arguments.append(try expression()) } while accept(",")
                    try expect(")", "')' to close the call of '\(n)'")
                }
                return .call(n, arguments, token.location)
            }
            return .name(n, token.location)
        case .symbol("("):
            advance()
            try enter(at: token.location)
            defer { nesting -= 1 }
            let inner = try expression()
            try expect(")", "')'")
            return inner
        default:
            throw error(token.kind == .end ? "expected an expression" : "expected an expression, found \(describe(token.kind))")
        }
    }
}
