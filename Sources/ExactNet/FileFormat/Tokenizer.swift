struct Token {
    enum Kind: Equatable {
        case name(String)
        case number(String)
        case symbol(Character)
        case end
    }
    var kind: Kind
    var location: SourcePosition
}

/// Splits one line (comment already removed) into tokens. A statement has at most
/// ``Limits/maximumTokensPerStatement`` tokens, which keeps the recursive parser,
/// compiler and renderers far from the stack limit.
func tokenize(_ text: Substring, line: Int, path: String, limits: Limits) throws(NetworkFileError) -> [Token] {
    let maximumTokensPerStatement = limits.maximumTokensPerStatement
    var tokens: [Token] = []
    let chars = Array(text.unicodeScalars)
    var i = 0
    func isDigit(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }
    func isNameStart(_ c: Unicode.Scalar) -> Bool { c == "_" || (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") }
    while i < chars.count {
        let c = chars[i]
        let location = SourcePosition(line: line, column: i + 1)
        if c == " " || c == "\t" || c == "\r" {
            i += 1
            continue
        }
        // Checked as tokens appear, so a huge line costs no more than the limit.
        if tokens.count == maximumTokensPerStatement {
            throw NetworkFileError(
                path: path, line: line, column: location.column,
                message: "statement is longer than \(maximumTokensPerStatement) tokens; split it into named steps")
        }
        if isNameStart(c) {
            var j = i
            while j < chars.count, isNameStart(chars[j]) || isDigit(chars[j]) { j += 1 }
            tokens.append(Token(kind: .name(ascii(chars[i..<j])), location: location))
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
            tokens.append(Token(kind: .number(ascii(chars[i..<j])), location: location))
            i = j
        } else if "+-*/^(),=".unicodeScalars.contains(c) {
            tokens.append(Token(kind: .symbol(Character(c)), location: location))
            i += 1
        } else {
            throw NetworkFileError(
                path: path, line: line, column: i + 1, message: "unexpected character \(SourceText.quoted(c))")
        }
    }
    tokens.append(Token(kind: .end, location: SourcePosition(line: line, column: chars.count + 1)))
    return tokens
}

/// Names and numbers are ASCII: their text is copied byte by byte, without the generic
/// Unicode machinery (a million-line file makes millions of them).
private func ascii(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
    String(unsafeUninitializedCapacity: scalars.count) { buffer in
        for (k, scalar) in zip(buffer.indices, scalars) { buffer[k] = UInt8(truncatingIfNeeded: scalar.value) }
        return scalars.count
    }
}
