#if canImport(Glibc)
    import Glibc
#endif

/// Monotonic nanoseconds.
func nanoseconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) * 1e9 + Double(ts.tv_nsec)
}

/// The median of `repeats` measurements, each returning ns per operation.
func median(repeats: Int = 9, _ measurement: () -> Double) -> Double {
    _ = measurement()  // warm-up: caches, allocator, lazy initialisation
    let samples = (0..<repeats).map { _ in measurement() }.sorted()
    return samples[samples.count / 2]
}

/// Rounds that measure every side once each, so machine noise hits every side alike; a
/// ratio is the median of the per-round ratios, not the ratio of medians.
struct InterleavedRounds {
    /// One time per side, per round.
    var times: [[Double]] = []

    /// `count` rounds of `round` (after one unrecorded warm-up round when asked).
    init(_ count: Int, warmUp: Bool = false, _ round: () -> [Double]) {
        if warmUp { _ = round() }
        times = (0..<count).map { _ in round() }
    }

    /// The median time of `side`.
    func median(_ side: Int) -> Double { Self.middle(times.map { $0[side] }) }

    /// The median over rounds of side's time over peer's.
    func ratio(_ side: Int, to peer: Int) -> Double { Self.middle(times.map { $0[side] / $0[peer] }) }

    static func middle(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }
}

/// Keeps a result alive so the optimiser cannot drop the work that made it.
@inline(never)
func blackHole<T>(_ value: T) {
    withExtendedLifetime(value) {}
}

func format(_ ns: Double) -> String {
    if ns >= 1e6 { return String(format3(ns / 1e6)) + " ms" }
    if ns >= 1e3 { return String(format3(ns / 1e3)) + " µs" }
    return String(format3(ns)) + " ns"
}

func format3(_ x: Double) -> String {
    let scaled = (x * 100).rounded() / 100
    return String(scaled)
}

func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
}

/// A deterministic xorshift generator, so both peers see the same operands every run.
struct XorShift {
    var state: UInt64
    mutating func next() -> UInt64 {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return state
    }
}
