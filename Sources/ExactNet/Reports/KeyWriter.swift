import ExactArithmetic

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
    private struct State {
        var buffer: [UInt8] = []
        var powersOfTwo = PowerOfTwoDigits()
        var collected: [UInt8] = []
        var failure: String?
    }
    /// Behind a pointer: a class's stored `var`s are checked for exclusive access at run time
    /// on every write, which cost a fifth of writing a certified key.
    private let state: UnsafeMutablePointer<State>
    private let descriptor: Int32?
    /// The system's reason the first failed write failed; later writes are dropped.
    public var failure: String? { state.pointee.failure }
    private static let capacity = 1 << 16

    /// A writer to a file descriptor (1 for standard output).
    public init(descriptor: Int32) {
        self.descriptor = descriptor
        state = .allocate(capacity: 1)
        state.initialize(to: State())
        state.pointee.buffer.reserveCapacity(Self.capacity)
    }

    /// A writer that collects the text; read it with ``text``.
    public init() {
        descriptor = nil
        state = .allocate(capacity: 1)
        state.initialize(to: State())
    }

    deinit {
        state.deinitialize(count: 1)
        state.deallocate()
    }

    /// Appends `text`.
    public func write(_ text: String) {
        var text = text
        text.withUTF8 { bytes in state.pointee.buffer.append(contentsOf: bytes) }
        if state.pointee.buffer.count >= Self.capacity { flush() }
    }

    /// Appends `count` spaces (none when `count` is not positive).
    public func writeSpaces(_ count: Int) {
        guard count > 0 else { return }
        state.pointee.buffer.append(contentsOf: repeatElement(UInt8(ascii: " "), count: count))
        if state.pointee.buffer.count >= Self.capacity { flush() }
    }

    /// Lets `body` append bytes straight into the buffer (numbers are written without Strings),
    /// with this writer's memo of the digits of power-of-two denominators.
    public func writeBytes(_ body: (inout [UInt8], inout PowerOfTwoDigits) -> Void) {
        body(&state.pointee.buffer, &state.pointee.powersOfTwo)
        if state.pointee.buffer.count >= Self.capacity { flush() }
    }

    /// Moves everything `other` (a collecting writer) holds to the end of this writer; `other`
    /// is left empty, its memo kept.
    public func append(_ other: KeyWriter) {
        other.flush()
        if descriptor != nil && other.state.pointee.collected.count >= Self.capacity {
            // A large block goes straight out, not through this buffer (one copy of it less).
            flush()
            other.state.pointee.collected.withUnsafeBytes { writeOut($0) }
        } else {
            state.pointee.buffer.append(contentsOf: other.state.pointee.collected)
            if state.pointee.buffer.count >= Self.capacity { flush() }
        }
        other.state.pointee.collected.removeAll(keepingCapacity: true)
    }

    /// Appends `text` (so renderers read `out += "..."`).
    public static func += (writer: KeyWriter, text: String) { writer.write(text) }

    /// Writes out what the buffer holds.
    public func flush() {
        guard descriptor != nil else {
            if state.pointee.collected.isEmpty {
                // Nothing collected yet: the buffer becomes the collection, without a copy.
                swap(&state.pointee.collected, &state.pointee.buffer)
            } else {
                state.pointee.collected.append(contentsOf: state.pointee.buffer)
            }
            state.pointee.buffer.removeAll(keepingCapacity: true)
            return
        }
        guard !state.pointee.buffer.isEmpty else { return }
        defer { state.pointee.buffer.removeAll(keepingCapacity: true) }
        state.pointee.buffer.withUnsafeBytes { writeOut($0) }
    }

    /// Writes `bytes` to the descriptor, all of them, keeping the reason of the first failure.
    private func writeOut(_ bytes: UnsafeRawBufferPointer) {
        guard let descriptor, state.pointee.failure == nil, !bytes.isEmpty else { return }
        var offset = 0
        while offset < bytes.count {
            let n = systemWrite(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 {
                state.pointee.failure = String(cString: strerror(errno))
                return
            }
            offset += n
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
        return String(decoding: state.pointee.collected, as: UTF8.self)
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
