import Foundation
import Testing

/// Every GMP allocation is freed: Scripts/leak-check.sh runs a workload over every
/// Rational/BigInt path, training, cross-checks and error exits under valgrind.
@Suite struct LeakCheckTests {
    @Test(
        .tags(.valgrind),
        .enabled(
            if: TestEnvironment.runsSlowChecks, "slow (about 25 s): run with EXACTNET_SLOW_CHECKS=1, as .ci/run does"),
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
        #expect(output.components(separatedBy: "no definitely lost blocks").count - 1 == 5, "\(output)")
    }
}
