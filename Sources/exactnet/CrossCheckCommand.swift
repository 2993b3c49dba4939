import ArgumentParser
import ExactArithmetic
import ExactNet

enum FloatChoice: String, ExpressibleByArgument, CaseIterable { case double, float }
enum ReportFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

struct CrossCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crosscheck",
        abstract: "Run a network in floats and exactly; report errors in ULPs and every branch that diverged.",
        discussion: """
            Exit status: 0 when every number is within --max-ulps and no \
            \(Primitive.allCases.filter { $0.branching != nil }.map(\.name).joined(separator: "/")) \
            branch diverged, 1 otherwise, 2 for a bad file, 64 for a usage error. Suitable as a CI gate.

            Example:
              exactnet crosscheck Examples/05-kink.exnet --scalar double --max-ulps 4
            """
    )

    @OptionGroup var network: NetworkOptions
    @Option(help: "Float type to check: double or float.") var scalar: FloatChoice = .double
    @Option(
        name: .customLong("max-ulps"), help: "Largest tolerated error, in ULPs of the correctly rounded exact value.")
    var maxULPs: UInt64 = 4
    @Option(help: "Report format: text or json.") var format: ReportFormat = .text
    @Flag(help: "List every compared number, not only those off by an ULP or more.") var all = false
    @Option(name: [.customShort("o"), .long], help: "Write to this file instead of standard output.") var output:
        String?

    func run() throws {
        let (file, overrides) = try network.load()
        let passed: Bool
        switch scalar {
        case .double: passed = try check(file, overrides, as: Double.self)
        case .float: passed = try check(file, overrides, as: Float.self)
        }
        if !passed { throw ExitStatus.findings.code }
    }

    func check<F: ReportableScalar & BinaryFloatingPoint>(
        _ file: NetworkFile, _ overrides: [String: Rational], as: F.Type
    ) throws -> Bool {
        let report: CrossCheckReport<F>
        do { report = try file.crossCheck(as: F.self, steps: network.steps, overrides: overrides) } catch {
            throw Advice.fail(error)
        }
        let text =
            format == .json
            ? report.json(limit: maxULPs) : report.text(title: network.file, limit: maxULPs, showAll: all)
        try FileOutput.emit(text, to: output, input: network.file)
        return report.passes(maximumULPs: maxULPs)
    }
}
