/// How a network file's bytes become lines: UTF-8, a leading byte-order mark ignored, and LF,
/// CRLF and CR all ending a line, so a file saved on any system loads the same.
enum SourceText {
    /// Where the first byte that is not UTF-8 sits, counted as the lines and columns are.
    struct InvalidByte: Error {
        var line: Int
        var column: Int
        var byte: UInt8
    }

    /// The text of `bytes`, or where it stops being UTF-8 (located by ``lines(_:)``, so line
    /// endings count the same in an error as in a file that loads).
    static func decode(_ bytes: [UInt8]) -> Result<String, InvalidByte> {
        if let text = String(validating: bytes, as: UTF8.self) { return .success(text) }
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var offset = 0
        while case .scalarValue(let scalar) = decoder.decode(&iterator) { offset += UTF8.width(scalar) }
        let before = lines(String(decoding: bytes[..<offset], as: UTF8.self))
        return .failure(
            InvalidByte(line: before.count, column: before.last!.unicodeScalars.count + 1, byte: bytes[offset]))
    }

    /// The text of the file at `path` (at most `maximumSize` bytes), or a located error: the
    /// system's reason it cannot be read, or the first byte that is not UTF-8.
    static func load(_ path: String, maximumSize: Int) throws(NetworkFileError) -> String {
        let data: [UInt8]
        switch FileReader.read(path, maximumSize: maximumSize) {
        case .success(let bytes): data = bytes
        case .failure(let reason):
            throw NetworkFileError(path: path, line: 0, column: 0, message: "cannot read the file: \(reason.text)")
        }
        switch decode(data) {
        case .success(let text): return text
        case .failure(let invalid):
            let byte = String(invalid.byte, radix: 16, uppercase: true)
            throw NetworkFileError(
                path: path, line: invalid.line, column: invalid.column,
                message: "byte 0x\(byte.count == 1 ? "0" : "")\(byte) is not UTF-8; the file must be UTF-8 text")
        }
    }

    /// The lines of `text` without their line endings; a leading byte-order mark is dropped.
    static func lines(_ text: String) -> [Substring] {
        let scalars = text.unicodeScalars
        var lines: [Substring] = []
        var start = scalars.startIndex
        if scalars.first == "\u{FEFF}" { start = scalars.index(after: start) }
        var i = start
        while i < scalars.endIndex {
            let scalar = scalars[i]
            guard scalar == "\n" || scalar == "\r" else {
                i = scalars.index(after: i)
                continue
            }
            lines.append(Substring(scalars[start..<i]))
            i = scalars.index(after: i)
            if scalar == "\r", i < scalars.endIndex, scalars[i] == "\n" { i = scalars.index(after: i) }
            start = i
        }
        lines.append(Substring(scalars[start..<scalars.endIndex]))
        return lines
    }

    /// A character as an error message can show it: itself when visible, otherwise escaped
    /// (`\0`, `\t`, `U+FEFF`), so no message carries an invisible or control character.
    static func quoted(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "\0": return "'\\0'"
        case "\t": return "'\\t'"
        case "\r": return "'\\r'"
        case "\n": return "'\\n'"
        default: break
        }
        switch scalar.properties.generalCategory {
        case .control, .format, .spaceSeparator, .lineSeparator, .paragraphSeparator, .unassigned, .privateUse,
            .surrogate, .nonspacingMark, .enclosingMark:
            let hex = String(scalar.value, radix: 16, uppercase: true)
            return "U+" + String(repeating: "0", count: Swift.max(0, 4 - hex.count)) + hex
        default:
            return "'\(scalar)'"
        }
    }
}
