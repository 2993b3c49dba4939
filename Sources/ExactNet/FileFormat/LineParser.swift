import ExactArithmetic

/// A recursive-descent parser over one line's tokens.
struct LineParser {
    var tokens: [Token]
    var position = 0
    let path: String
    let limits: Limits
    var nesting = 0

    init(tokens: [Token], path: String, limits: Limits) {
        self.tokens = tokens
        self.path = path
        self.limits = limits
    }

    /// Parentheses, calls and unary signs nest at most ``Limits/maximumNesting`` deep.
    mutating func enter(at location: SourcePosition) throws(NetworkFileError) {
        nesting += 1
        if nesting > limits.maximumNesting {
            throw error("expression nests deeper than \(limits.maximumNesting) levels", at: location)
        }
    }

    var current: Token { tokens[position] }

    func error(_ message: String, at location: SourcePosition? = nil) -> NetworkFileError {
        let l = location ?? current.location
        return NetworkFileError(path: path, line: l.line, column: l.column, message: message)
    }

    mutating func advance() { if position < tokens.count - 1 { position += 1 } }

    mutating func accept(_ symbol: Character) -> Bool {
        if current.kind == .symbol(symbol) {
            advance()
            return true
        }
        return false
    }

    mutating func expect(_ symbol: Character, _ what: String) throws(NetworkFileError) {
        guard accept(symbol) else { throw error("expected \(what)") }
    }

    mutating func name(_ what: String) throws(NetworkFileError) -> (String, SourcePosition) {
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
            lhs = .binary(c == "+" ? .add : .subtract, lhs, try term(), location)
        }
        return lhs
    }

    // term := unary (('*' | '/') unary)*
    mutating func term() throws(NetworkFileError) -> SyntaxNode {
        var lhs = try unary()
        while case .symbol(let c) = current.kind, c == "*" || c == "/" {
            let location = current.location
            advance()
            lhs = .binary(c == "*" ? .multiply : .divide, lhs, try unary(), location)
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
        let limit = limits.maximumExponent
        guard n <= limit else {
            throw error("exponent \(negative ? "-" : "")\(text) is beyond the limit of ±\(limit)", at: location)
        }
        if case .symbol("^") = current.kind { throw error("chained '^' is ambiguous; use parentheses") }
        return .power(base, negative ? -n : n, location)
    }

    // primary := number | name | name '(' arguments ')' | '(' expression ')'
    mutating func primary() throws(NetworkFileError) -> SyntaxNode {
        let token = current
        switch token.kind {
        case .number(let text):
            guard let value = Rational(text, maximumDecimalExponent: limits.maximumDecimalExponent) else {
                let exponent = text.drop { $0 != "e" && $0 != "E" }.dropFirst().drop { $0 == "+" || $0 == "-" }
                let isExponentTooLarge =
                    !exponent.isEmpty && exponent.allSatisfy(\.isWholeNumber)
                    && (Int(exponent) ?? .max) > limits.maximumDecimalExponent
                throw error(
                    "bad number '\(text)'"
                        + (isExponentTooLarge
                            ? ": its decimal exponent is beyond the limit of ±\(limits.maximumDecimalExponent)" : ""))
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
            throw error(
                token.kind == .end ? "expected an expression" : "expected an expression, found \(describe(token.kind))")
        }
    }
}
