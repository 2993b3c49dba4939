import Foundation

/// Runs the built `exactnet` binary and captures what it prints.
struct CommandResult {
    var status: Int32
    var standardOutput: String
    var standardError: String
}

enum ExactNetBinary {
    static let packageRoot = URL(fileURLWithPath: #filePath)  // Tests/ExactNetTests/Support/this file
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var url: URL {
        // The test bundle sits in the same products directory as the executable.
        var candidates = [URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()]
        candidates.append(Bundle.main.bundleURL)
        for bundle in Bundle.allBundles { candidates.append(bundle.bundleURL.deletingLastPathComponent()) }
        for directory in candidates {
            let candidate = directory.appendingPathComponent("exactnet")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return packageRoot.appendingPathComponent(".build/debug/exactnet")
    }

    static func run(_ arguments: [String], in directory: URL? = nil) throws -> CommandResult {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? packageRoot
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CommandResult(
            status: process.terminationStatus,
            standardOutput: String(decoding: outData, as: UTF8.self),
            standardError: String(decoding: errData, as: UTF8.self))
    }

    /// Writes `text` to a fresh temporary `.exnet` file (removed when the tests end) and returns its path.
    static func temporaryFile(_ text: String, name: String = "net.exnet") throws -> URL {
        let url = try Scratch.directory().appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }
}

/// Runs pdflatex on a `.tex` file in its own directory.
enum LaTeX {
    static func compile(_ tex: URL) throws -> Int32 {
        let latex = Process()
        latex.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        latex.arguments = ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", tex.lastPathComponent]
        latex.currentDirectoryURL = tex.deletingLastPathComponent()
        let pipe = Pipe()
        latex.standardOutput = pipe
        latex.standardError = pipe
        try latex.run()
        _ = pipe.fileHandleForReading.readDataToEndOfFile()
        latex.waitUntilExit()
        return latex.terminationStatus
    }
}
