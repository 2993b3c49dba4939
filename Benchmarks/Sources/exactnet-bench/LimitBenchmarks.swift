import DyadicLimit
import ExactArithmetic
import ExactNet
import Foundation

/// The exact engine against its limit (issue 9): `Network.train` on the whole-process
/// benchmark's MLPs (python/mlp_answer_key.py) against the same training in C over raw GMP
/// with dyadic values (Sources/DyadicLimit). Both in this process, interleaved rounds; the
/// final parameters are compared first, so both sides did the same arithmetic.
enum LimitBenchmarks {
    static let defaultCases = ["4-8-8-1/16/4", "4-8-8-1/64/4", "8-16-16-1/16/4", "8-16-16-1/64/4", "4-8-8-1/16/6"]

    static func run(cases: [String]) {
        print("\nExact training (engine only, no key) against the C dyadic limit, same process")
        print("  (interleaved rounds; medians of times and of per-round ratios; final parameters compared first)")
        print("  (the \"no samples kept\" columns keep no per-sample results, as keys at --detail steps and final;")
        print("   rounds repeat for about a second and a half per case, as two-thread times swing on this machine)")
        print("  (the C limit reuses numbers grown in a warm-up; \"state allocated in the run\" allocates them in the")
        print("   timed training, as every Network.train does: context, the goal is against the limit)")
        print(
            "| case | C limit | ExactNet, 1 thread | ratio | 2 threads | ratio | 1 thread, no samples kept | ratio "
                + "| 2 threads, no samples kept | ratio | C, state allocated in the run | 1 thread, none kept / it "
                + "| 2 threads, none kept / it | rounds |")
        print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
        for text in cases.isEmpty ? defaultCases : cases {
            let parts = text.split(separator: "/").map(String.init)
            let sizes = parts[0].split(separator: "-").map { Int32($0)! }
            let (samples, steps) = (Int(parts[1])!, Int(parts[2])!)
            let file = try! NetworkFile(parsing: exnet(parts[0], samples, steps), path: text)
            let network = try! file.builder(as: Rational.self).build()
            let data = try! file.samples(as: Rational.self)
            var options = file.options(as: Rational.self)
            options.recordsChainTerms = false
            options.limits = options.limits.scaled(by: 64)  // no key is written: its budget does not apply

            func engine(pairs: Bool, keeps: Bool = true) -> (Double, [Rational]) {
                options.evaluatesSamplesInPairs = pairs
                options.keepsSampleResults = keeps
                let start = nanoseconds()
                let trace = try! network.train(samples: data, options: options)
                return (nanoseconds() - start, trace.finalParameters)
            }
            var buffer = [CChar](repeating: 0, count: 1 << 24)
            func limit() -> Double {
                sizes.withUnsafeBufferPointer {
                    dyadic_limit_train(
                        $0.baseAddress!, Int32(sizes.count), Int32(samples), Int32(steps), 1, &buffer, buffer.count)
                }
            }
            // Same arithmetic first: the C program's final parameters are the engine's.
            let (_, exact) = engine(pairs: true)
            guard limit() >= 0 else { fatalError("the C limit's parameters did not fit its buffer") }
            let limitText = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            let (_, bare) = engine(pairs: true, keeps: false)
            let same = limitText == exact.map { $0.description + "\n" }.joined() && bare == exact
            func fresh() -> Double {
                sizes.withUnsafeBufferPointer {
                    dyadic_limit_train_fresh($0.baseAddress!, Int32(sizes.count), Int32(samples), Int32(steps))
                }
            }
            func round() -> [Double] {
                [
                    limit(), engine(pairs: false).0, engine(pairs: true).0, engine(pairs: false, keeps: false).0,
                    engine(pairs: true, keeps: false).0, fresh(),
                ]
            }
            // As many rounds as fit in about 1.5 s (7 to 301), so medians settle even when one round takes 2 ms.
            let first = round().reduce(0, +)
            let count = Swift.max(7, Swift.min(301, Int(1.5e9 / first)))
            let rounds = InterleavedRounds(count, round)
            var row = "| \(parts[0]), \(samples) samples, \(steps) steps\(same ? "" : " (parameters differ!)") | "
            row += "\(format(rounds.median(0))) |"
            for side in 1...4 { row += " \(format(rounds.median(side))) | \(format3(rounds.ratio(side, to: 0)))x |" }
            row +=
                " \(format(rounds.median(5))) | \(format3(rounds.ratio(3, to: 5)))x | \(format3(rounds.ratio(4, to: 5)))x |"
            print(row + " \(count) |")
        }
    }

    /// Trains one case `repeats` times on one thread, for a profiler.
    static func profile(_ text: String, repeats: Int) {
        // A network file's path, or a case (valgrind cannot follow the script the case needs).
        let source: String
        if text.hasSuffix(".exnet") {
            source = try! String(contentsOfFile: text, encoding: .utf8)
        } else {
            let parts = text.split(separator: "/").map(String.init)
            source = exnet(parts[0], Int(parts[1])!, Int(parts[2])!)
        }
        let file = try! NetworkFile(parsing: source, path: text)
        let network = try! file.builder(as: Rational.self).build()
        let data = try! file.samples(as: Rational.self)
        var options = file.options(as: Rational.self)
        options.recordsChainTerms = false
        options.limits = options.limits.scaled(by: 64)
        options.evaluatesSamplesInPairs = ProcessInfo.processInfo.environment["PAIRS"] != nil
        options.keepsSampleResults = ProcessInfo.processInfo.environment["BARE"] == nil
        for _ in 0..<repeats { blackHole(try! network.train(samples: data, options: options).finalParameters) }
    }

    /// The network file of python/mlp_answer_key.py.
    static func exnet(_ sizes: String, _ samples: Int, _ steps: Int) -> String {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../python/mlp_answer_key.py").standardized.path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, "exnet", sizes, String(samples), String(steps)]
        let pipe = Pipe()
        process.standardOutput = pipe
        try! process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
