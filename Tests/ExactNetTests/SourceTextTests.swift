import ExactArithmetic
import ExactNet
import Foundation
import Testing

/// Files load the same whatever system saved them, and messages never carry invisible characters.
@Suite struct SourceTextTests {
    static let seed = try! String(
        contentsOf: ExactNetBinary.packageRoot.appendingPathComponent(seedPath), encoding: .utf8)

    @Test(arguments: ["\n", "\r\n", "\r"], [false, true])
    func lineEndingsAndAByteOrderMarkLoadIdentically(ending: String, byteOrderMark: Bool) throws {
        let text = (byteOrderMark ? "\u{FEFF}" : "") + Self.seed.replacingOccurrences(of: "\n", with: ending)
        let trace = try NetworkFile(parsing: text, path: "seed.exnet").train(as: Rational.self)
        #expect(trace.finalParameters == [Rational(-1, 4), Rational(1, 4), Rational(1, 4), 0])
        let broken =
            (byteOrderMark ? "\u{FEFF}" : "") + ["input x", "sample x = 1", "loss = x +"].joined(separator: ending)
        #expect(throws: NetworkFileError(path: "b", line: 3, column: 11, message: "expected an expression")) {
            try NetworkFile(parsing: broken, path: "b")
        }
    }

    @Test func controlAndInvisibleCharactersAreEscapedInMessages() {
        #expect(throws: NetworkFileError(path: "t", line: 2, column: 10, message: "unexpected character '\\0'")) {
            try NetworkFile(parsing: "input x\nloss = x \u{0} 2\n", path: "t")
        }
        #expect(throws: NetworkFileError(path: "t", line: 2, column: 9, message: "unexpected character U+FEFF")) {
            try NetworkFile(parsing: "input x\nloss = x\u{FEFF}\n", path: "t")
        }
        #expect(throws: NetworkFileError(path: "t", line: 1, column: 6, message: "unexpected character U+200B")) {
            try NetworkFile(parsing: "input\u{200B}x\n", path: "t")
        }
        #expect(throws: NetworkFileError(path: "t", line: 1, column: 7, message: "unexpected character 'é'")) {
            try NetworkFile(parsing: "input é\n", path: "t")
        }
    }

    @Test func aByteThatIsNotUTF8IsLocatedOnItsLine() throws {
        let url = try Scratch.directory().appendingPathComponent("bytes.exnet")
        try Data("input x\r\nsample x = 1\nloss = é".utf8 + [0xFF] + Data(" + x\n".utf8)).write(to: url)
        #expect(
            throws: NetworkFileError(
                path: url.path, line: 3, column: 9,
                message: "byte 0xFF is not UTF-8; the file must be UTF-8 text")
        ) {
            try NetworkFile(contentsOf: url.path)
        }
    }
}
