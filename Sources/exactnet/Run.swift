import ArgumentParser
import ExactArithmetic
import ExactNet

extension KeyFormat: ExpressibleByArgument {}
extension KeyDetail: ExpressibleByArgument {}
enum ScalarChoice: String, ExpressibleByArgument, CaseIterable { case rational, double, float }

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the exact answer key of a network file: every value, gradient and update.",
        discussion: """
            Example:
              exactnet run Examples/01-seed-skip-connection.exnet --format markdown
              exactnet run net.exnet --set x=1 --set y=-3 --steps 2 --scalar double
            """
    )

    @OptionGroup var network: NetworkOptions
    @Option(help: "Output format: text, markdown, latex or json.") var format: KeyFormat = .text
    @Option(help: "full (every sample), steps (per step: parameters, objective, gradients, updates) or final.")
    var detail: KeyDetail = .full
    @Option(help: "Arithmetic: rational (exact), double or float.") var scalar: ScalarChoice = .rational
    @Option(name: [.customShort("o"), .long], help: "Write to this file instead of standard output (all or nothing).")
    var output: String?
    @Flag(help: "With --format latex, print only the body for pasting into a document.") var fragment = false

    func run() throws {
        let (file, overrides) = try network.load()
        switch scalar {
        case .rational: try emit(file, overrides, as: Rational.self)
        case .double: try emit(file, overrides, as: Double.self)
        case .float: try emit(file, overrides, as: Float.self)
        }
    }

    /// Trains first, then streams the key: a failure leaves nothing written.
    func emit<S: ReportableScalar>(_ file: NetworkFile, _ overrides: [String: Rational], as: S.Type) throws {
        let trace: TrainingTrace<S>
        do {
            // Only the full text, Markdown and LaTeX keys print chain-rule sums; JSON lists values and gradients.
            let chainTerms = detail.needsChainTerms && format != .json
            trace = try file.train(
                as: S.self, steps: network.steps, overrides: overrides, recordsChainTerms: chainTerms)
        } catch { throw Advice.fail(error) }
        let key = AnswerKey(trace: trace, title: network.file, detail: detail)
        try FileOutput.emit(to: output, input: network.file) { key.write(format, to: $0, latexFragment: fragment) }
    }
}
