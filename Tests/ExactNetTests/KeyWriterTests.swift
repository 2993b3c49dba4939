import ExactArithmetic
import ExactNet
import Foundation
import Testing

/// The key writer: a reused buffer flushed to a descriptor, collecting writers copied out in
/// order (blocks of samples written on two threads), and every failure reported.
@Suite struct KeyWriterTests {
    /// Bytes `a`, `b`, … in turn, `count` of them, so misplaced blocks show.
    static func text(_ count: Int, from letter: UInt8) -> String {
        String(decoding: (0..<count).map { letter + UInt8($0 % 26) }, as: UTF8.self)
    }

    @Test func collectedBlocksOfAnySizeComeOutInOrder() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("keywriter-\(UUID()).txt").path
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        try #require(descriptor >= 0)
        defer { unlink(path) }
        let out = KeyWriter(descriptor: descriptor)
        var expected = ""
        // Small and large blocks (a large one goes straight to the descriptor), between direct writes.
        for (k, size) in [10, 200_000, 3, 70_000, 65_536, 1].enumerated() {
            let direct = "[\(k)]"
            out += direct
            let block = KeyWriter()
            let part = Self.text(size, from: UInt8(ascii: "a"))
            block += part
            out.append(block)
            expected += direct + part
            // The block writer is empty afterwards and keeps working.
            block += "x"
            #expect(block.text == "x")
        }
        try out.finish()
        close(descriptor)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == expected)
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/dev/full"), "needs /dev/full"))
    func aFailedWriteOfALargeBlockIsReported() throws {
        let descriptor = open("/dev/full", O_WRONLY)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        let out = KeyWriter(descriptor: descriptor)
        let block = KeyWriter()
        block += Self.text(100_000, from: UInt8(ascii: "a"))
        out.append(block)
        #expect(throws: KeyWriterError.self) { try out.finish() }
        #expect(out.failure == "No space left on device")
    }
}
