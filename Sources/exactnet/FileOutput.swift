#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Output that is written whole or not at all.
enum FileOutput {
    static func writeStandardOutput(_ text: String) { writeAll(text, to: 1) }

    static func writeStandardError(_ text: String) { writeAll(text, to: 2) }

    private static func writeAll(_ text: String, to descriptor: Int32) {
        var text = text
        text.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if n <= 0 { return }
                offset += n
            }
        }
    }

    /// Writes to a temporary file beside `path`, then renames it over `path`, so a
    /// reader never sees half a key.
    static func writeAtomically(_ text: String, to path: String) -> Bool {
        let temporary = path + ".exactnet-tmp-\(getpid())"
        guard let file = fopen(temporary, "wb") else { return false }
        var text = text
        let written = text.withUTF8 { fwrite($0.baseAddress, 1, $0.count, file) }
        let closed = fclose(file) == 0
        guard written == text.utf8.count, closed, rename(temporary, path) == 0 else {
            unlink(temporary)
            return false
        }
        return true
    }
}
