import ExactArithmetic
import ExactNet
import Testing

/// Random statements from the format's own vocabulary: whatever they are, loading and
/// running them either succeeds or gives one located error; it never traps.
@Suite struct NetworkFileFuzzTests {
    struct SplitMix {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func pick<T>(_ items: [T]) -> T { items[Int(next() % UInt64(items.count))] }
    }

    static let vocabulary = [
        "input", "target", "param", "const", "sample", "set", "x", "y", "w", "loss", "h", "relu", "abs",
        "max", "min", "leaky_relu", "square", "tanh", "log", "=", "+", "-", "*", "/", "^", "(", ")", ",",
        "0", "1", "2", "0.5", "1/3", "-0.25", "1e-3", "1e999999", "3/0", "steps", "learning_rate",
        "reduction", "mean", "#", "\t", "1.2.3", "$", "é",
    ]

    @Test func randomStatementsNeverTrap() throws {
        var rng = SplitMix(state: 20_261_122)
        var loaded = 0
        var rejected = 0
        for _ in 0..<3000 {
            var lines = ["input x", "target y", "param w = 1/2", "sample x = 1, y = 2"]
            for _ in 0..<Int(rng.next() % 4) {
                lines.append(
                    (0..<Int(1 + rng.next() % 12)).map { _ in rng.pick(Self.vocabulary) }.joined(separator: " "))
            }
            if rng.next() % 2 == 0 {
                lines.append(
                    "loss = "
                        + (0..<Int(1 + rng.next() % 8)).map { _ in
                            rng.pick(["x", "w", "y", "+", "*", "-", "relu(", ")", "1/2"])
                        }.joined())
            }
            do {
                let file = try NetworkFile(parsing: lines.joined(separator: "\n"), path: "fuzz.exnet")
                for scalar in 0..<2 {
                    do {
                        if scalar == 0 {
                            _ = try file.train(as: Rational.self)
                        } else {
                            _ = try file.train(as: Double.self)
                        }
                        loaded += 1
                    } catch {
                        #expect(error.description.hasPrefix("fuzz.exnet:"))
                        rejected += 1
                    }
                }
            } catch {
                #expect(error.description.hasPrefix("fuzz.exnet:") && error.description.contains(": error: "))
                rejected += 1
            }
        }
        // Both outcomes must actually occur, or the generator tests nothing.
        #expect(loaded > 50 && rejected > 500, "loaded \(loaded), rejected \(rejected)")
    }

    @Test func randomBytesNeverTrap() throws {
        var rng = SplitMix(state: 7)
        for _ in 0..<500 {
            let bytes = (0..<Int(rng.next() % 200)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            let text = String(decoding: bytes, as: UTF8.self)
            do { _ = try NetworkFile(parsing: text, path: "bytes.exnet") } catch {
                #expect(error.description.hasPrefix("bytes.exnet:"))
            }
        }
    }
}
