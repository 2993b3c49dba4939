import ArgumentParser
import ExactArithmetic
import ExactNet

/// The answer-key formats, and `sealed`: digests only, for `exactnet check` (exact runs only).
enum RunFormat: String, ExpressibleByArgument, CaseIterable {
    case text, markdown, latex, json, sealed
}
extension KeyDetail: ExpressibleByArgument {}
enum ScalarChoice: String, ExpressibleByArgument, CaseIterable { case rational, double, float, certified }

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Print the exact answer key of a network file: every value, gradient and update.",
        discussion: """
            Example:
              exactnet run Examples/01-seed-skip-connection.exnet --format markdown
              exactnet run net.exnet --set x=1 --set y=-3 --steps 2 --scalar double
            """
    )

    @OptionGroup var network: NetworkOptions
    @Option(help: "Output format: text, markdown, latex, json, or sealed (digests only, for 'exactnet check').")
    var format: RunFormat = .text
    @Option(help: "full (every sample), steps (per step: parameters, objective, gradients, updates) or final.")
    var detail: KeyDetail = .full
    @Option(
        help: "Arithmetic: rational (exact), double, float, or certified (exact, and balls with guaranteed digits).")
    var scalar: ScalarChoice = .rational
    @Option(help: "With --scalar certified: significant digits of every value that is not exact (1...5000).")
    var digits: Int?
    @Option(name: [.customShort("o"), .long], help: "Write to this file instead of standard output (all or nothing).")
    var output: String?
    @Flag(help: "With --format latex, print only the body for pasting into a document.") var fragment = false

    func run() throws {
        let (file, overrides) = try network.load()
        if format == .sealed {
            guard scalar == .rational else {
                throw Advice.fail(
                    "exactnet: error: a sealed key holds exact values: drop --scalar \(scalar.rawValue)", status: .usage
                )
            }
            let trace: TrainingTrace<Rational>
            do {
                trace = try file.train(
                    as: Rational.self, steps: network.steps, overrides: overrides, recordsChainTerms: false)
            } catch { throw Advice.fail(error) }
            return try FileOutput.emit(SealedKey(trace: trace, detail: detail).json(), to: output, input: network.file)
        }
        if digits != nil && scalar != .certified {
            throw Advice.fail("exactnet: error: --digits applies to --scalar certified", status: .usage)
        }
        switch scalar {
        case .certified: try emitCertified(file, overrides)
        case .rational: try emit(file, overrides, as: Rational.self)
        case .double: try emit(file, overrides, as: Double.self)
        case .float: try emit(file, overrides, as: Float.self)
        }
    }

    /// Certified: trains with escalating precision, then streams the key in the run's context.
    func emitCertified(_ file: NetworkFile, _ overrides: [String: Rational]) throws {
        let run: CertifiedRun
        let keyFormat = KeyFormat(rawValue: format.rawValue)!
        do {
            run = try file.trainCertifiedForKey(
                digits: digits ?? 20, format: keyFormat, detail: detail, steps: network.steps, overrides: overrides)
        } catch { throw Advice.fail(error) }
        let key = AnswerKey(trace: run.trace, title: network.file, detail: detail)
        try run.withContext {
            try FileOutput.emit(to: output, input: network.file) {
                key.write(keyFormat, to: $0, latexFragment: fragment)
            }
        }
    }

    /// Trains first, then streams the key: a failure leaves nothing written.
    func emit<S: ReportableScalar>(_ file: NetworkFile, _ overrides: [String: Rational], as: S.Type) throws {
        let trace: TrainingTrace<S>
        let keyFormat = KeyFormat(rawValue: format.rawValue)!
        do {
            trace = try file.trainForKey(
                as: S.self, format: keyFormat, detail: detail, steps: network.steps, overrides: overrides)
        } catch { throw Advice.fail(error) }
        let key = AnswerKey(trace: trace, title: network.file, detail: detail)
        try FileOutput.emit(to: output, input: network.file) { key.write(keyFormat, to: $0, latexFragment: fragment) }
    }
}
