import Foundation
import Testing

/// Every GMP, FLINT, Arb and MPFR allocation is freed: Scripts/leak-check.sh runs a workload over every
/// Rational/BigInt/Certified path, training, cross-checks, grading and error exits under valgrind.
@Suite struct LeakCheckTests {
    @Test(
        .tags(.valgrind),
        .enabled(
            if: TestEnvironment.runsSlowChecks, "slow (about 50 s): run with EXACTNET_SLOW_CHECKS=1, as .ci/run does"),
        .enabled(if: TestEnvironment.hasTool("valgrind"), "valgrind is not installed (.ci/run installs it)"))
    func valgrindFindsNoDefinitelyLostBlocksAndNoGMPBlockInAnyLossRecord() throws {
        let products = ExactNetBinary.url.deletingLastPathComponent()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [
            ExactNetBinary.packageRoot.appendingPathComponent("Scripts/leak-check.sh").path, products.path,
        ]
        process.currentDirectoryURL = ExactNetBinary.packageRoot
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(output)")
        // Every run the script makes (workload, CLI keys, cross-checks, certified runs, grading) reported clean.
        let script = try String(
            contentsOf: ExactNetBinary.packageRoot.appendingPathComponent("Scripts/leak-check.sh"), encoding: .utf8)
        let runs = script.split(separator: "\n").filter { $0.hasPrefix("check ") }.count
        #expect(runs >= 8)
        #expect(output.components(separatedBy: "no definitely lost blocks").count - 1 == runs, "\(output)")
    }
}
