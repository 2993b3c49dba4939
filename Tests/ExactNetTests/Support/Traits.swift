import Foundation
import Testing

extension Tag {
    /// Needs `pdflatex` (texlive-latex-base).
    @Tag static var latex: Self
    /// Runs under valgrind; slow, so only when `EXACTNET_SLOW_CHECKS=1` (as `.ci/run` sets).
    @Tag static var valgrind: Self
    /// Runs the `exactnet` binary as a process.
    @Tag static var commandLine: Self
}

/// External tools and slow checks: a test that needs one is skipped with a reason that
/// `swift test` prints, never passed silently. `.ci/run` sets `EXACTNET_REQUIRE_TOOLS=1`,
/// which turns a missing tool into a failure instead of a skip.
enum TestEnvironment {
    static let environment = ProcessInfo.processInfo.environment

    static func hasTool(_ name: String) -> Bool {
        if environment["EXACTNET_REQUIRE_TOOLS"] == "1" { return true }
        let path = environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(name)") }
    }

    static var runsSlowChecks: Bool { environment["EXACTNET_SLOW_CHECKS"] == "1" }
}

/// One scratch directory per test process, removed when the process exits.
enum Scratch {
    static let root: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("exactnet-tests-\(getpid())")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: Scratch.root) }
        return url
    }()

    /// A new empty directory inside the scratch root.
    static func directory() throws -> URL {
        let url = root.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
