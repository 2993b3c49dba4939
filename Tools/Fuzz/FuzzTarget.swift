// The fuzz target: any bytes, loaded as a network file, trained exactly, certified and in Double, and
// rendered in every format and as a cross-check. Whatever the bytes, the result is a key or
// a located error, never a trap. Two builds:
//
//   Scripts/fuzz.sh SECONDS      libFuzzer (-sanitize=fuzzer -D FUZZING), coverage-guided
//   exactnet-fuzz [--every N] FILE|DIR...
//                                a plain build that replays inputs deterministically (swift test runs it on
//                                every 10th input of Corpus/, and on all of it with EXACTNET_SLOW_CHECKS=1)
import ExactArithmetic
import ExactNet

/// Small bounds, so one input costs milliseconds and the fuzzer explores instead of computing.
let fuzzLimits: Limits = {
    var limits = Limits.standard
    limits.maximumBits = 1 << 12
    limits.maximumSteps = 3
    limits.maximumExponent = 64
    limits.maximumKeyBytes = 1 << 20
    limits.maximumWork = 200_000
    limits.maximumTokensPerStatement = 200
    limits.maximumNesting = 20
    limits.maximumDecimalExponent = 100
    limits.maximumCertifiedPrecision = 1024
    return limits
}()

/// Runs one input through every layer; returns how it ended, for the replay's summary.
func exercise(_ bytes: UnsafeRawBufferPointer) -> Bool {
    let text = String(decoding: bytes, as: UTF8.self)
    guard let file = try? NetworkFile(parsing: text, path: "fuzz.exnet", limits: fuzzLimits) else { return false }
    var loaded = false
    if let trace = try? file.train(as: Rational.self) {
        let key = AnswerKey(trace: trace, title: "fuzz")
        _ = key.text()
        _ = key.markdown()
        _ = key.latex()
        _ = key.json()
        loaded = true
    }
    if let trace = try? file.train(as: Double.self) {
        _ = AnswerKey(trace: trace, title: "fuzz").json()
        loaded = true
    }
    if let run = try? file.trainCertified(digits: 12) {
        run.withContext {
            let key = AnswerKey(trace: run.trace, title: "fuzz")
            _ = key.text()
            _ = key.latex()
            _ = key.json()
        }
        loaded = true
    }
    if let report = try? file.crossCheck(as: Float.self) {
        _ = report.text(title: "fuzz", limit: 4)
        _ = report.json(limit: 4)
    }
    return loaded
}

#if FUZZING
    /// libFuzzer's entry point: one input through every layer.
    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
        _ = exercise(UnsafeRawBufferPointer(start: data, count: size))
        return 0
    }

    @_silgen_name("LLVMFuzzerRunDriver")
    func runFuzzerDriver(
        _ argc: UnsafeMutablePointer<Int32>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
    ) -> Int32

    /// SwiftPM links an executable's entry point under its module's name; libFuzzer's driver runs from here.
    @_cdecl("exactnet_fuzz_main")
    public func fuzzMain(
        _ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
    ) -> Int32 {
        var count = argc
        var arguments = argv
        return runFuzzerDriver(&count, &arguments) { data, size in fuzzOneInput(data, size) }
    }
#else
    #if canImport(Glibc)
        import Glibc
    #endif

    /// Replays files (or every file in directories) through the fuzz target.
    @main
    enum Replay {
        static func main() {
            var paths: [String] = []
            var arguments = Array(CommandLine.arguments.dropFirst())
            var every = 1
            if arguments.first == "--every", arguments.count > 1, let n = Int(arguments[1]), n > 0 {
                every = n
                arguments.removeFirst(2)
            }
            for argument in arguments {
                if let directory = opendir(argument) {
                    while let entry = readdir(directory) {
                        let name = withUnsafeBytes(of: entry.pointee.d_name) {
                            String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
                        }
                        if !name.hasPrefix(".") { paths.append(argument + "/" + name) }
                    }
                    closedir(directory)
                } else {
                    paths.append(argument)
                }
            }
            var loaded = 0
            paths = paths.sorted().enumerated().filter { $0.offset % every == 0 }.map(\.element)
            for path in paths {
                guard let file = fopen(path, "rb") else { continue }
                var bytes: [UInt8] = []
                var buffer = [UInt8](repeating: 0, count: 65536)
                while true {
                    let n = fread(&buffer, 1, buffer.count, file)
                    bytes.append(contentsOf: buffer[0..<n])
                    if n < buffer.count { break }
                }
                fclose(file)
                if bytes.withUnsafeBytes(exercise) { loaded += 1 }
            }
            print("replayed \(paths.count) inputs: \(loaded) trained, \(paths.count - loaded) rejected with an error")
        }
    }
#endif
