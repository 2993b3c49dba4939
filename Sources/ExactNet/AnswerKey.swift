/// An answer key: a training trace prepared for printing as text, Markdown, LaTeX or JSON.
///
/// ```swift
/// let run = try NetworkFile(contentsOf: "Examples/01-seed-skip-connection.exnet").train(as: Rational.self)
/// let key = AnswerKey(run: run, title: "Seed exercise")
/// print(key.text())
/// ```
public struct AnswerKey<Scalar: ReportableScalar> {
    public let title: String
    public let trace: TrainingTrace<Scalar>
    public let samples: [[String: Scalar]]
    var network: Network<Scalar> { trace.network }

    /// Prepares the key of a file run.
    public init(run: NetworkFile.Run<Scalar>, title: String) {
        self.init(trace: run.trace, samples: run.samples, title: title)
    }

    /// Prepares the key of any trace.
    public init(trace: TrainingTrace<Scalar>, samples: [[String: Scalar]], title: String) {
        self.trace = trace
        self.samples = samples
        self.title = title
    }

    var definitions: [Int] { network.quantities.indices.filter { network.quantities[$0].role == .definition } }
    var parameterNames: [String] { network.parameterIndices.map { network.quantities[$0].name } }
    /// Gradients in the order a hand solution derives them: from the loss backwards, then parameters.
    var gradientOrder: [Int] {
        definitions.reversed().filter { $0 != network.lossIndex } + network.parameterIndices
    }
    var sampleNames: [Int] { network.sampleIndices }
    var hasMomentum: Bool { trace.options.momentum != .zero }

    func name(_ q: Int) -> String { network.quantities[q].name }

    var settingsLine: String {
        "scalar \(Scalar.scalarName) · learning rate \(trace.options.learningRate.plainText) · steps \(trace.options.steps)"
            + " · reduction \(trace.options.reduction.rawValue) · momentum \(trace.options.momentum.plainText)"
    }

    func kinks(step: Int, sample: Int) -> [Kink] {
        trace.kinks.filter { $0.step == step && $0.sample == sample }
    }

    func sampleDescription(_ values: [Scalar]) -> String {
        sampleNames.map { "\(name($0)) = \(values[$0].plainText)" }.joined(separator: ", ")
    }

    func stepLabel(_ step: Int) -> String {
        step == trace.steps.count ? "final evaluation after step \(step)" : "step \(step)"
    }
}
