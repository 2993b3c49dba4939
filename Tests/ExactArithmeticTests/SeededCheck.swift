import Foundation
import PropertyBased

/// The seed every property test draws its inputs from, so each run tests the same values.
/// The tests take it as their argument, so a failure prints it ("with 1 argument seed → …");
/// `EXACTNET_PROPERTY_SEED=N swift test` explores other inputs.
let propertySeeds: [UInt64] = [
    ProcessInfo.processInfo.environment["EXACTNET_PROPERTY_SEED"].flatMap { UInt64($0) } ?? 20_261_129
]

/// Calls `body` on `count` inputs drawn from the generators by a generator seeded with `seed`.
func seededCheck<each Value, each Source: Sequence>(
    seed: UInt64, count: Int, input: repeat Generator<each Value, each Source>,
    perform body: (repeat each Value) async throws -> Void
) async rethrows {
    var rng = Xoshiro(seed: (seed, 0x9E37_79B9_7F4A_7C15, 0xBF58_476D_1CE4_E5B9, 0x94D0_49BB_1331_11EB))
    for _ in 0..<count {
        let values = (repeat (each input).run(using: &rng))
        try await body(repeat each values)
    }
}
