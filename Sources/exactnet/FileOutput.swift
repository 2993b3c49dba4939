import ArgumentParser
import ExactNet

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Output that is written whole or not at all, with the system's reason when it cannot be.
enum FileOutput {
    /// Writes `text` to standard output, or atomically to `path`; `input` is the file read,
    /// which `-o` must never replace.
    static func emit(_ text: String, to path: String?, input: String) throws {
        try emit(to: path, input: input) { $0 += text }
    }

    /// Streams what `render` writes to standard output, or atomically to `path` (a temporary
    /// file beside it, renamed when complete). Rendering starts only after training succeeded,
    /// so the only failures left are the system's (a full disk), and `-o` never leaves half a key.
    static func emit(to path: String?, input: String, render: (KeyWriter) -> Void) throws {
        guard let path else {
            // SIGPIPE (a closed reader such as `head`) ends the process as usual; other failures are reported.
            let writer = KeyWriter(descriptor: 1)
            render(writer)
            do { try writer.finish() } catch {
                throw Advice.fail("exactnet: error: cannot write standard output: \(error.reason)")
            }
            return
        }
        if let reason = writeAtomically(to: path, input: input, render: render) {
            throw Advice.fail("exactnet: error: cannot write '\(path)': \(reason)")
        }
    }

    /// One line on standard error, through the same write loop as every key.
    static func writeStandardError(_ text: String) {
        let writer = KeyWriter(descriptor: 2)
        writer += text
        try? writer.finish()  // nowhere left to report a failure to
    }

    /// Writes to a temporary file beside the real target, then renames it over the target,
    /// so a reader never sees half a key. A symlink is followed (its target is replaced, the
    /// link stays); an existing file keeps its permissions; the input file is refused.
    static func writeAtomically(to path: String, input: String, render: (KeyWriter) -> Void) -> String? {
        var target = path
        if let resolved = realpath(path, nil) {
            target = String(cString: resolved)
            free(resolved)
        }
        if let inputResolved = realpath(input, nil) {
            defer { free(inputResolved) }
            if String(cString: inputResolved) == target { return "it is the input file" }
        }
        var mode: mode_t = 0o644
        var status = stat()
        if stat(target, &status) == 0 { mode = status.st_mode & 0o7777 }
        let temporary = target + ".exactnet-tmp-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, mode)
        guard descriptor >= 0 else { return systemReason() }
        let writer = KeyWriter(descriptor: descriptor)
        render(writer)
        var failure: String?
        do { try writer.finish() } catch { failure = error.reason }
        fchmod(descriptor, mode)  // the umask may have narrowed it
        if close(descriptor) != 0, failure == nil { failure = systemReason() }
        if failure == nil, rename(temporary, target) != 0 { failure = systemReason() }
        if failure != nil { unlink(temporary) }
        return failure
    }

    private static func systemReason() -> String { String(cString: strerror(errno)) }
}
