#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where a report's text goes: a reused buffer flushed to a file descriptor as it fills, or
/// collected into a string. A key of any size is never held whole in memory.
///
/// ```swift
/// let writer = KeyWriter(descriptor: 1)            // standard output
/// AnswerKey(trace: trace, title: "seed").write(.json, to: writer)
/// try writer.finish()                              // flushes; throws the system's reason on failure
/// ```
public final class KeyWriter {
    private var buffer: [UInt8] = []
    private let descriptor: Int32?
    private var collected: [UInt8] = []
    /// The system's reason the first failed write failed; later writes are dropped.
    public private(set) var failure: String?
    private static let capacity = 1 << 16

    /// A writer to a file descriptor (1 for standard output).
    public init(descriptor: Int32) {
        self.descriptor = descriptor
        buffer.reserveCapacity(Self.capacity)
    }

    /// A writer that collects the text; read it with ``text``.
    public init() {
        descriptor = nil
    }

    /// Appends `text`.
    public func write(_ text: String) {
        var text = text
        text.withUTF8 { bytes in buffer.append(contentsOf: bytes) }
        if buffer.count >= Self.capacity { flush() }
    }

    /// Appends `count` spaces (none when `count` is not positive).
    public func writeSpaces(_ count: Int) {
        guard count > 0 else { return }
        buffer.append(contentsOf: repeatElement(UInt8(ascii: " "), count: count))
        if buffer.count >= Self.capacity { flush() }
    }

    /// Lets `body` append bytes straight into the buffer (numbers are written without Strings).
    public func writeBytes(_ body: (inout [UInt8]) -> Void) {
        body(&buffer)
        if buffer.count >= Self.capacity { flush() }
    }

    /// Appends `text` (so renderers read `out += "..."`).
    public static func += (writer: KeyWriter, text: String) { writer.write(text) }

    /// Writes out what the buffer holds.
    public func flush() {
        guard let descriptor else {
            collected.append(contentsOf: buffer)
            buffer.removeAll(keepingCapacity: true)
            return
        }
        guard !buffer.isEmpty else { return }
        defer { buffer.removeAll(keepingCapacity: true) }
        guard failure == nil else { return }
        buffer.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let n = systemWrite(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 {
                    failure = String(cString: strerror(errno))
                    return
                }
                offset += n
            }
        }
    }

    /// Flushes, and throws the system's reason when any write failed.
    public func finish() throws(KeyWriterError) {
        flush()
        if let failure { throw KeyWriterError(reason: failure) }
    }

    /// Everything written, for a writer made with ``init()``.
    public var text: String {
        flush()
        return String(decoding: collected, as: UTF8.self)
    }
}

/// A write that failed, with the system's reason (`No space left on device`).
public struct KeyWriterError: Error, Sendable {
    /// The system's reason.
    public var reason: String
}

/// The C library's `write(2)`, named apart from ``KeyWriter/write(_:)``.
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}
