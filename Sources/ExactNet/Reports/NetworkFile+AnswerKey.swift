import CertifiedArithmetic
import ExactArithmetic

extension NetworkFile {
    /// Trains the file's network for an answer key in `format` at `detail`, keeping only what that
    /// key prints: per-sample values and gradients at `full` detail only, chain-rule terms (each
    /// gradient's sum of upstream gradient × local derivative) only where they are printed; both
    /// cost time and memory for every sample.
    ///
    /// ```swift
    /// let file = try NetworkFile(contentsOf: "Examples/01-seed-skip-connection.exnet")
    /// let trace = try file.trainForKey(as: Rational.self, format: .json, detail: .full)
    /// print(AnswerKey(trace: trace, title: "seed").json())
    /// ```
    public func trainForKey<Scalar: ReportableScalar>(
        as: Scalar.Type, format: KeyFormat, detail: KeyDetail, steps: Int? = nil, overrides: [String: Rational] = [:]
    ) throws(NetworkFileError) -> TrainingTrace<Scalar> {
        try train(as: Scalar.self, steps: steps, overrides: overrides) { format.configure(&$1, for: detail, $0) }
    }

    /// ``trainCertified(digits:steps:overrides:recordsChainTerms:)`` for an answer key in `format`
    /// at `detail`, keeping only what that key prints.
    ///
    /// ```swift
    /// let file = try NetworkFile(contentsOf: "Examples/09-mazur-sigmoid.exnet")
    /// let run = try file.trainCertifiedForKey(digits: 20, format: .text, detail: .full)
    /// run.withContext { print(AnswerKey(trace: run.trace, title: "Mazur").text()) }
    /// ```
    public func trainCertifiedForKey(
        digits: Int = 20, format: KeyFormat, detail: KeyDetail, steps: Int? = nil,
        overrides: [String: Rational] = [:]
    ) throws(NetworkFileError) -> CertifiedRun {
        try trainCertified(digits: digits, steps: steps, overrides: overrides) {
            format.configure(&$1, for: detail, $0)
        }
    }
}

extension KeyFormat {
    /// Sets what a run for a key in this format at `detail` keeps (``printsChainRules(_:_:)``;
    /// per-sample results only at `full` detail).
    func configure<Scalar: ReportableScalar>(
        _ options: inout TrainingOptions<Scalar>, for detail: KeyDetail, _ network: Network<Scalar>
    ) {
        options.recordsChainTerms = printsChainRules(detail, network)
        options.keepsSampleResults = detail == .full
    }

    /// Whether a key in this format at `detail` prints chain-rule sums of `network`'s gradients:
    /// JSON never does, text only when its sample tables show formulas (``TextLayout``).
    func printsChainRules<Scalar: ReportableScalar>(_ detail: KeyDetail, _ network: Network<Scalar>) -> Bool {
        guard detail == .full else { return false }
        switch self {
        case .json: return false
        case .text: return TextLayout(network).backwardInFull
        case .markdown, .latex: return true
        }
    }
}
