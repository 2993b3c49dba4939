import Foundation
import Testing

/// The fuzzer's corpus (Tools/Fuzz/Corpus, grown by Scripts/fuzz.sh) replayed deterministically:
/// every input loads, trains in Rational and Double, renders in every format and cross-checks,
/// or stops with an error. A trap fails the replay's exit status. By default every 10th input
/// (about a second in a debug build); all of them with `EXACTNET_SLOW_CHECKS=1`, as `.ci/run` does.
@Suite struct FuzzCorpusTests {
    @Test func everyCorpusInputEndsInAKeyOrAnErrorNeverATrap() throws {
        let corpus = ExactNetBinary.packageRoot.appendingPathComponent("Tools/Fuzz/Corpus")
        let inputs = try FileManager.default.contentsOfDirectory(atPath: corpus.path).filter { !$0.hasPrefix(".") }
        #expect(inputs.count >= 8)
        let every = TestEnvironment.runsSlowChecks ? 1 : 10
        let process = Process()
        process.executableURL = ExactNetBinary.url.deletingLastPathComponent().appendingPathComponent("exactnet-fuzz")
        process.arguments = ["--every", String(every), corpus.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(output)")
        #expect(output.hasPrefix("replayed \((inputs.count + every - 1) / every) inputs: "), "\(output)")
    }
}
