// exactnet-bench: `swift run -c release exactnet-bench [numbers|engine|limit [SIZES/SAMPLES/STEPS ...]]`
import DyadicLimit
import ExactArithmetic
import ExactNet

// Compares against peers measured in the same run: raw C GMP, Python fractions,
// and a hand-written Double MLP. Prints medians; not a test.

let arguments = CommandLine.arguments.dropFirst()
let which = arguments.first ?? "all"
if which == "all" || which == "numbers" { _ = NumberBenchmarks.run() }
if which == "all" || which == "engine" { _ = EngineBenchmarks.run() }
if which == "all" || which == "limit" { LimitBenchmarks.run(cases: Array(arguments.dropFirst())) }
if which == "profile" {
    // A fixed workload for callgrind/perf: five exact steps, ten times.
    let network = try! EngineBenchmarks.builder().build()
    for _ in 0..<10 {
        blackHole(
            EngineBenchmarks.train(
                network, EngineBenchmarks.samples(), steps: 5, learningRate: Rational(1, 8), chain: false))
    }
}
if which == "profile-limit" {
    // A fixed workload for callgrind/perf: `limit`'s engine side on one case, one thread.
    let text = arguments.dropFirst().first ?? "4-8-8-1/64/4"
    let repeats = Int(arguments.dropFirst(2).first ?? "20")!
    LimitBenchmarks.profile(text, repeats: repeats)
}
if which == "profile-c" {
    // The C limit's side of `limit`, for callgrind: SIZES/SAMPLES/STEPS, repeats.
    let parts = (arguments.dropFirst().first ?? "4-8-8-1/64/4").split(separator: "/").map(String.init)
    let sizes = parts[0].split(separator: "-").map { Int32($0)! }
    var buffer = [CChar](repeating: 0, count: 1 << 24)
    for _ in 0..<Int(arguments.dropFirst(2).first ?? "20")! {
        _ = sizes.withUnsafeBufferPointer {
            dyadic_limit_train(
                $0.baseAddress!, Int32(sizes.count), Int32(parts[1])!, Int32(parts[2])!, 1, &buffer, buffer.count)
        }
    }
}
if which == "profile-double" {
    let network = try! EngineBenchmarks.builder().map(to: Double.self) { Double($0) }.build()
    let samples = EngineBenchmarks.samples().map { $0.mapValues { Double($0) } }
    for _ in 0..<2000 {
        blackHole(EngineBenchmarks.train(network, samples, steps: 1, learningRate: 0.125, chain: false))
    }
}
if which == "profile-hand" {
    for _ in 0..<2000 { blackHole(HandWrittenMLP.trainOneStep()) }
}
if which == "growth" {
    // Time per number of steps, and the size of the parameters, to see where exact training spends.
    let network = try! EngineBenchmarks.builder().build()
    for steps in 1...6 {
        var bits = 0
        let t = median(repeats: 7) {
            let start = nanoseconds()
            var options = TrainingOptions<Rational>(learningRate: Rational(1, 8))
            options.steps = steps
            options.recordsChainTerms = false
            let trace = try! network.train(samples: EngineBenchmarks.samples(), options: options)
            bits = trace.finalParameters.map(\.bitLength).max()!
            return nanoseconds() - start
        }
        print("steps \(steps): \(format(t)), largest parameter \(bits) bits")
    }
}
