import ExactArithmetic
import ExactNet
import Foundation

/// The 4-8-8-1 MLP benchmark (see Benchmarks/python/mlp_fractions.py for the shared definition).
enum EngineBenchmarks {
    static let sizes = [4, 8, 8, 1]

    static func builder() -> NetworkBuilder<Rational> {
        NetworkBuilder<Rational>.multilayerPerceptron(
            sizes: sizes, activation: .relu, loss: .absoluteError,
            weight: { l, j, i in Rational((7 * l + 5 * j + 3 * i) % 9 - 4, 8) },
            bias: { l, j in Rational((l + j) % 3 - 1, 4) })
    }

    static func samples() -> [[String: Rational]] {
        (0..<4).map { s in
            var sample: [String: Rational] = ["y0": Rational(2 * s - 3, 4)]
            for k in 0..<4 { sample["x\(k)"] = Rational((3 * s + 2 * k) % 5 - 2, 2) }
            return sample
        }
    }

    static func train<S: NetworkScalar>(
        _ network: Network<S>, _ samples: [[String: S]], steps: Int, learningRate: S, chain: Bool
    ) -> S {
        var options = TrainingOptions<S>(learningRate: learningRate)
        options.steps = steps
        options.recordsChainTerms = chain
        return try! network.train(samples: samples, options: options).finalObjective
    }

    static func run() -> [String: Double] {
        var results: [String: Double] = [:]
        let network = try! builder().build()
        let exactSamples = samples()
        print("\nExact training of a 4-8-8-1 ReLU MLP, |y - yhat| loss, 4 samples, lr 1/8")
        print(
            "  (7 interleaved rounds: the Python peer's median of 3 runs, then ExactNet's median of 7; ratio = median of per-round ratios)"
        )
        var swiftTimes: [Int: [Double]] = [1: [], 5: []]
        var keyedTimes: [Int: [Double]] = [1: [], 5: []]
        var pythonTimes: [Int: [Double]] = [1: [], 5: []]
        var ratios: [Int: [Double]] = [1: [], 5: []]
        var objectives: [Int: String] = [:]
        var pythonObjectives: [Int: String] = [:]
        var pythonRan = true
        for _ in 0..<7 {
            let python = runPython(repeats: 3)
            if python == nil { pythonRan = false }
            for steps in [1, 5] {
                let plain = median(repeats: 7) {
                    let start = nanoseconds()
                    objectives[steps] =
                        train(network, exactSamples, steps: steps, learningRate: Rational(1, 8), chain: false)
                        .description
                    return nanoseconds() - start
                }
                let keyed = median(repeats: 3) {
                    let start = nanoseconds()
                    blackHole(train(network, exactSamples, steps: steps, learningRate: Rational(1, 8), chain: true))
                    return nanoseconds() - start
                }
                swiftTimes[steps]!.append(plain)
                keyedTimes[steps]!.append(keyed)
                if let ms = python?["\(steps == 1 ? "one_step" : "five_steps")_ms"] as? Double {
                    pythonTimes[steps]!.append(ms * 1e6)
                    ratios[steps]!.append(ms * 1e6 / plain)
                    pythonObjectives[steps] = python?["final_objective_\(steps)"] as? String
                }
            }
        }
        for steps in [1, 5] {
            let plain = middle(swiftTimes[steps]!)
            results["rational_\(steps)"] = plain
            var line =
                "  \(steps) step\(steps == 1 ? " " : "s"): ExactNet \(format(plain)) (keeping chain-rule terms for an answer key: \(format(middle(keyedTimes[steps]!))))"
            if pythonRan {
                let ratio = middle(ratios[steps]!)
                line += ", Python fractions \(format(middle(pythonTimes[steps]!))): \(format3(ratio))x faster"
                line += " (rounds: \(ratios[steps]!.map { format3($0) }.joined(separator: ", ")))"
                results["ratio_\(steps)"] = ratio
            }
            print(line)
            if let expected = pythonObjectives[steps] {
                let same = expected == objectives[steps]
                print(
                    "    final objective identical to the Python peer's: \(same ? "yes" : "NO (\(objectives[steps]!) vs \(expected))"); \(Rational(expected)!.bitLength) bits"
                )
                if !same { exit(1) }
            }
        }
        if !pythonRan { print("  (python3 peer not run)") }
        // The same Python code over gmpy2.mpq, when installed (pip install gmpy2): GMP under the interpreter.
        if let gmpy2 = runPython(repeats: 7, number: "gmpy2") {
            for steps in [1, 5] {
                guard let ms = gmpy2["\(steps == 1 ? "one_step" : "five_steps")_ms"] as? Double else { continue }
                let same = (gmpy2["final_objective_\(steps)"] as? String) == objectives[steps]
                print(
                    "  \(steps) step\(steps == 1 ? " " : "s"): Python over gmpy2.mpq \(format(ms * 1e6)): ExactNet \(format3(ms * 1e6 / middle(swiftTimes[steps]!)))x faster\(same ? "" : " (DIFFERENT RESULT)")"
                )
            }
        } else {
            print("  (gmpy2 not installed: the gmpy2 peer was not run)")
        }

        // Double: the generic engine against a hand-written implementation of the same step.
        let doubleNetwork = try! builder().map(to: Double.self) { Double($0) }.build()
        let doubleSamples = exactSamples.map { $0.mapValues { Double($0) } }
        // Interleaved rounds, so machine noise hits both sides alike; the ratio is the median of per-round ratios.
        var engineTimes: [Double] = []
        var handTimes: [Double] = []
        var handRatios: [Double] = []
        var handResult = 0.0
        for round in 0..<31 {
            var start = nanoseconds()
            for _ in 0..<200 {
                blackHole(train(doubleNetwork, doubleSamples, steps: 1, learningRate: 0.125, chain: false))
            }
            let e = (nanoseconds() - start) / 200
            start = nanoseconds()
            for _ in 0..<200 { handResult = HandWrittenMLP.trainOneStep() }
            let h = (nanoseconds() - start) / 200
            if round == 0 { continue }  // warm-up
            engineTimes.append(e)
            handTimes.append(h)
            handRatios.append(e / h)
        }
        let engine = middle(engineTimes)
        let hand = middle(handTimes)
        let ratio = middle(handRatios)
        let engineResult = train(doubleNetwork, doubleSamples, steps: 1, learningRate: 0.125, chain: false)
        print(
            "\nDouble, one step of the same MLP: generic engine \(format(engine)), hand-written \(format(hand)): ratio \(format3(ratio))x (median of 30 interleaved rounds)"
        )
        print(
            "  final objective: engine \(engineResult), hand-written \(handResult)\(engineResult == handResult ? " (identical)" : "")"
        )
        results["double_engine"] = engine
        results["double_hand"] = hand
        return results
    }

    static func middle(_ xs: [Double]) -> Double { xs.isEmpty ? .nan : xs.sorted()[xs.count / 2] }

    static func runPython(repeats: Int, number: String = "fractions") -> [String: Any]? {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
            .appendingPathComponent("python/mlp_fractions.py")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments =
            ["python3", script.path, String(repeats)] + (number == "gmpy2" ? ["--number", "gmpy2"] : [])
        let pipe = Pipe()
        process.standardOutput = pipe
        guard (try? process.run()) != nil else { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return try? JSONSerialization.jsonObject(with: data) as? [String: Any]
    }
}

/// The same 4-8-8-1 step written by hand over flat Double arrays: the peer of the
/// generic engine's Double instantiation.
enum HandWrittenMLP {
    static let sizes = EngineBenchmarks.sizes

    static func ratio(_ n: Int, _ d: Int) -> Double { Double(n) / Double(d) }

    static func trainOneStep() -> Double {
        var w: [[[Double]]] = []
        var b: [[Double]] = []
        for l in 1..<sizes.count {
            var layer: [[Double]] = []
            var biases: [Double] = []
            for j in 0..<sizes[l] {
                var row: [Double] = []
                for i in 0..<sizes[l - 1] { row.append(ratio((7 * l + 5 * j + 3 * i) % 9 - 4, 8)) }
                layer.append(row)
                biases.append(ratio((l + j) % 3 - 1, 4))
            }
            w.append(layer)
            b.append(biases)
        }
        var xs: [[Double]] = []
        var ys: [Double] = []
        for s in 0..<4 {
            var x: [Double] = []
            for k in 0..<4 { x.append(ratio((3 * s + 2 * k) % 5 - 2, 2)) }
            xs.append(x)
            ys.append(ratio(2 * s - 3, 4))
        }
        var gw: [[[Double]]] = w.map { layer in layer.map { row in [Double](repeating: 0, count: row.count) } }
        var gb: [[Double]] = b.map { layer in [Double](repeating: 0, count: layer.count) }
        for s in 0..<4 {
            var activations = [xs[s]]
            var pre: [[Double]] = []
            for l in 0..<w.count {
                let input = activations[l]
                let z = (0..<w[l].count).map { j in
                    var sum = 0.0
                    for i in 0..<input.count { sum += w[l][j][i] * input[i] }
                    return sum + b[l][j]
                }
                pre.append(z)
                activations.append(l == w.count - 1 ? z : z.map { $0 > 0 ? $0 : 0 })
            }
            let difference = ys[s] - activations[w.count][0]
            var delta = [difference > 0 ? -1.0 : (difference < 0 ? 1.0 : 0.0)]
            for l in stride(from: w.count - 1, through: 0, by: -1) {
                if l < w.count - 1 { delta = zip(delta, pre[l]).map { $1 > 0 ? $0 : 0 } }
                let input = activations[l]
                var next = [Double](repeating: 0, count: input.count)
                for j in 0..<delta.count {
                    gb[l][j] += delta[j]
                    for i in 0..<input.count {
                        gw[l][j][i] += delta[j] * input[i]
                        next[i] += delta[j] * w[l][j][i]
                    }
                }
                delta = next
            }
        }
        for l in 0..<w.count {
            for j in 0..<w[l].count {
                b[l][j] -= 0.125 * gb[l][j]
                for i in 0..<w[l][j].count { w[l][j][i] -= 0.125 * gw[l][j][i] }
            }
        }
        var objective = 0.0
        for s in 0..<4 {
            var a = xs[s]
            for l in 0..<w.count {
                let z = (0..<w[l].count).map { j in
                    var sum = 0.0
                    for i in 0..<a.count { sum += w[l][j][i] * a[i] }
                    return sum + b[l][j]
                }
                a = l == w.count - 1 ? z : z.map { $0 > 0 ? $0 : 0 }
            }
            objective += Swift.abs(ys[s] - a[0])
        }
        return objective
    }
}
