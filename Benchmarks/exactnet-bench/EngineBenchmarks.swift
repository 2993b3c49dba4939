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

    static func train<S: NetworkScalar>(_ network: Network<S>, _ samples: [[String: S]], steps: Int, learningRate: S, chain: Bool) -> S {
        var options = TrainingOptions<S>(learningRate: learningRate)
        options.steps = steps
        options.recordsChainTerms = chain
        return try! network.train(samples: samples, options: options).finalObjective
    }

    static func run() -> [String: Double] {
        var results: [String: Double] = [:]
        let network = try! builder().build()
        let exactSamples = samples()
        print("\nExact training of a 4-8-8-1 ReLU MLP, |y - yhat| loss, 4 samples, lr 1/8 (medians)")
        let python = runPython()
        var objectives: [Int: String] = [:]
        for steps in [1, 5] {
            let plain = median(repeats: 11) {
                let start = nanoseconds()
                objectives[steps] = train(network, exactSamples, steps: steps, learningRate: Rational(1, 8), chain: false).description
                return nanoseconds() - start
            }
            let keyed = median(repeats: 11) {
                let start = nanoseconds()
                blackHole(train(network, exactSamples, steps: steps, learningRate: Rational(1, 8), chain: true))
                return nanoseconds() - start
            }
            results["rational_\(steps)"] = plain
            let pythonMs = python?["\(steps == 1 ? "one_step" : "five_steps")_ms"] as? Double
            let pythonObjective = python?["final_objective_\(steps)"] as? String
            var line = "  \(steps) step\(steps == 1 ? " " : "s"): ExactNet \(format(plain)) (with chain-rule terms \(format(keyed)))"
            if let pythonMs {
                line += ", Python fractions \(format(pythonMs * 1e6)): \(format3(pythonMs * 1e6 / plain))x faster"
                results["python_\(steps)"] = pythonMs * 1e6
            }
            print(line)
            if let pythonObjective {
                let same = pythonObjective == objectives[steps]
                print("    final objective identical to the Python peer: \(same ? "yes" : "NO (\(objectives[steps]!) vs \(pythonObjective))")")
                if !same { exit(1) }
                let bits = Rational(pythonObjective)!.bitLength
                print("    final objective has \(bits) bits")
            }
        }
        if python == nil { print("  (python3 peer not run)") }

        // Double: the generic engine against a hand-written implementation of the same step.
        let doubleNetwork = try! builder().map(to: Double.self) { Double($0) }.build()
        let doubleSamples = exactSamples.map { $0.mapValues { Double($0) } }
        let engine = median(repeats: 15) {
            let start = nanoseconds()
            for _ in 0..<200 { blackHole(train(doubleNetwork, doubleSamples, steps: 1, learningRate: 0.125, chain: false)) }
            return (nanoseconds() - start) / 200
        }
        var handResult = 0.0
        let hand = median(repeats: 15) {
            let start = nanoseconds()
            for _ in 0..<200 { handResult = HandWrittenMLP.trainOneStep() }
            return (nanoseconds() - start) / 200
        }
        let engineResult = train(doubleNetwork, doubleSamples, steps: 1, learningRate: 0.125, chain: false)
        print("\nDouble, one step of the same MLP: generic engine \(format(engine)), hand-written \(format(hand)): ratio \(format3(engine / hand))x")
        print("  final objective: engine \(engineResult), hand-written \(handResult)\(engineResult == handResult ? " (identical)" : "")")
        results["double_engine"] = engine
        results["double_hand"] = hand
        return results
    }

    static func runPython() -> [String: Any]? {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("python/mlp_fractions.py")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, "7"]
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
        var w: [[[Double]]] = [], b: [[Double]] = []
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
