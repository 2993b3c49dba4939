import ExactArithmetic
import ExactNet
import Foundation
import Testing

/// Every example's answer key in every format, and its cross-check report, against files
/// in `Golden/` that a person read once. `EXACTNET_RECORD_GOLDEN=1 swift test --filter GoldenKeyTests`
/// rewrites them (and reports each rewrite as an issue, so a recording run never passes).
@Suite struct GoldenKeyTests {
    static let directory = ExactNetBinary.packageRoot.appendingPathComponent("Tests/ExactNetTests/Golden")
    static let examples: [String] = {
        let names =
            (try? FileManager.default.contentsOfDirectory(
                atPath: ExactNetBinary.packageRoot.appendingPathComponent("Examples").path)) ?? []
        return names.filter { $0.hasSuffix(".exnet") }.map { String($0.dropLast(".exnet".count)) }.sorted()
    }()
    static let formats = ["txt", "md", "tex", "json"]
    /// Examples with transcendental functions, keyed with certified digits.
    static let certified: Set<String> = ["09-mazur-sigmoid", "10-sigmoid-neuron", "11-softmax-cross-entropy"]

    static func renderCertified(_ example: String, format: String) throws -> String {
        let path = "Examples/\(example).exnet"
        let file = try NetworkFile(contentsOf: ExactNetBinary.packageRoot.appendingPathComponent(path).path)
        let run = try file.trainCertifiedForKey(digits: 20, format: keyFormat(format), detail: .full)
        return run.withContext { text(of: AnswerKey(trace: run.trace, title: path), format: format) }
    }

    static func render<S: ReportableScalar>(
        _ example: String, format: String, as: S.Type, detail: KeyDetail = .full
    ) throws -> String {
        let path = "Examples/\(example).exnet"
        let file = try NetworkFile(contentsOf: ExactNetBinary.packageRoot.appendingPathComponent(path).path)
        let trace = try file.trainForKey(as: S.self, format: keyFormat(format), detail: detail)
        return text(of: AnswerKey(trace: trace, title: path, detail: detail), format: format)
    }

    /// The format of a golden file's extension.
    static func keyFormat(_ format: String) -> KeyFormat {
        switch format {
        case "txt": return .text
        case "md": return .markdown
        case "tex": return .latex
        default: return .json
        }
    }

    /// The key in the golden file's format, by its extension.
    static func text<S: ReportableScalar>(of key: AnswerKey<S>, format: String) -> String {
        switch format {
        case "txt": return key.text()
        case "md": return key.markdown()
        case "tex": return key.latex()
        default: return key.json()
        }
    }

    static func expectMatchesGolden(_ text: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation)
        throws
    {
        let url = directory.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["EXACTNET_RECORD_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
            Issue.record(
                "re-recorded \(name): read it, then run the tests without EXACTNET_RECORD_GOLDEN",
                sourceLocation: sourceLocation)
            return
        }
        let golden = try String(contentsOf: url, encoding: .utf8)
        guard golden != text else { return }
        let (a, b) = (
            golden.split(separator: "\n", omittingEmptySubsequences: false),
            text.split(separator: "\n", omittingEmptySubsequences: false)
        )
        let line = Array(zip(a, b)).firstIndex { $0 != $1 } ?? Swift.min(a.count, b.count)
        Issue.record(
            """
            \(name) differs from its golden file at line \(line + 1):
              golden: \(line < a.count ? String(a[line]) : "<end>")
              now:    \(line < b.count ? String(b[line]) : "<end>")
            """, sourceLocation: sourceLocation)
    }

    @Test func everyExampleHasGoldenKeysAndTheSeedComesFirst() {
        #expect(Self.examples.count >= 8)
        #expect(Self.examples.first == "01-seed-skip-connection")
    }

    @Test(arguments: examples)
    func answerKeysMatchTheirGoldenFilesInEveryFormat(example: String) throws {
        let doubleOnly = example.contains("double-only")
        for format in Self.formats {
            let text =
                Self.certified.contains(example)
                ? try Self.renderCertified(example, format: format)
                : doubleOnly
                    ? try Self.render(example, format: format, as: Double.self)
                    : try Self.render(example, format: format, as: Rational.self)
            try Self.expectMatchesGolden(text, "\(example).\(format)")
        }
    }

    @Test(arguments: ["01-seed-skip-connection", "07-momentum"], [KeyDetail.steps, .final])
    func shorterDetailLevelsMatchTheirGoldenFiles(example: String, detail: KeyDetail) throws {
        for format in Self.formats {
            let text = try Self.render(example, format: format, as: Rational.self, detail: detail)
            try Self.expectMatchesGolden(text, "\(example).\(detail.rawValue).\(format)")
        }
    }

    /// Networks with transcendental functions are held against a certified run.
    @Test(arguments: examples)
    func crossCheckReportsMatchTheirGoldenFiles(example: String) throws {
        let file = try NetworkFile(
            contentsOf: ExactNetBinary.packageRoot.appendingPathComponent("Examples/\(example).exnet").path)
        let report = try file.crossCheck(as: Double.self)
        try Self.expectMatchesGolden(
            report.text(title: "Examples/\(example).exnet", limit: 4), "\(example).crosscheck.txt")
    }
}
