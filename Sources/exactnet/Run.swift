import ArgumentParser
import ExactArithmetic
import ExactNet

enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case text, markdown, latex, json }
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
    @Option(help: "Output format: text, markdown, latex or json.") var format: OutputFormat = .text
    @Option(help: "Arithmetic: rational (exact), double or float.") var scalar: ScalarChoice = .rational
    @Option(name: [.customShort("o"), .long], help: "Write to this file instead of standard output (all or nothing).")
    var output: String?
    @Flag(help: "With --format latex, print only the body for pasting into a document.") var fragment = false

    func run() throws {
        let (file, overrides) = try network.load()
        let text: String
        switch scalar {
        case .rational: text = try render(file, overrides, as: Rational.self)
        case .double: text = try render(file, overrides, as: Double.self)
        case .float: text = try render(file, overrides, as: Float.self)
        }
        try FileOutput.emit(text, to: output, input: network.file)
    }

    func render<S: ReportableScalar>(_ file: NetworkFile, _ overrides: [String: Rational], as: S.Type) throws -> String
    {
        let trace: TrainingTrace<S>
        do { trace = try file.train(as: S.self, steps: network.steps, overrides: overrides) } catch {
            throw Advice.fail(error)
        }
        let key = AnswerKey(trace: trace, title: network.file)
        switch format {
        case .text: return key.text()
        case .markdown: return key.markdown()
        case .latex: return key.latex(fragment: fragment)
        case .json: return key.json()
        }
    }
}
