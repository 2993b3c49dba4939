/// Reads a whole file without Foundation's platform differences.
enum FileReader {
    /// The system's reason a read failed (`No such file or directory`, `Is a directory`).
    struct Failure: Error { var text: String }

    /// Reads at most `maximumSize` bytes (``Limits/maximumFileSize``): network files are
    /// small, and a larger one is refused rather than read into memory.
    static func read(_ path: String, maximumSize: Int) -> Result<[UInt8], Failure> {
        func failure() -> Failure { Failure(text: String(cString: strerror(errno))) }
        guard let file = fopen(path, "rb") else { return .failure(failure()) }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&buffer, 1, buffer.count, file)
            if n > 0 { bytes.append(contentsOf: buffer[0..<n]) }
            if bytes.count > maximumSize {
                return .failure(Failure(text: "larger than the limit of \(maximumSize) bytes"))
            }
            if n < buffer.count { return ferror(file) == 0 ? .success(bytes) : .failure(failure()) }
        }
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
