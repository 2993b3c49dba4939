import CertifiedArithmetic
import ExactArithmetic

extension NetworkFile {
    /// Trains the file's network with certified arithmetic: exact where only field operations
    /// act, balls after a transcendental function, every printed digit guaranteed; every error
    /// is located in the file.
    ///
    /// ```swift
    /// let run = try NetworkFile(contentsOf: "Examples/09-mazur-sigmoid.exnet").trainCertified(digits: 20)
    /// run.withContext { run.trace.finalObjective.description }   // "0.29102792385..."
    /// ```
    public func trainCertified(
        digits: Int = 20, steps: Int? = nil, overrides: [String: Rational] = [:], recordsChainTerms: Bool = true
    ) throws(NetworkFileError) -> CertifiedRun {
        try trainCertified(digits: digits, steps: steps, overrides: overrides) { _, options in
            options.recordsChainTerms = recordsChainTerms
        }
    }

    /// ``trainCertified(digits:steps:overrides:recordsChainTerms:)``, letting `configure` set what
    /// the run keeps once the network is built.
    func trainCertified(
        digits: Int, steps: Int?, overrides: [String: Rational],
        configure: (Network<Certified>, inout TrainingOptions<Certified>) -> Void
    ) throws(NetworkFileError) -> CertifiedRun {
        guard (1...limits.maximumCertifiedDigits).contains(digits) else {
            throw error(
                "\(digits) certified digits is outside 1...\(limits.maximumCertifiedDigits)",
                at: SourcePosition(line: 1, column: 1))
        }
        let (network, samples, options) = try prepared(
            as: Certified.self, steps: steps, overrides: overrides, configure: configure)
        do { return try network.trainCertified(samples: samples, options: options, digits: digits) } catch {
            throw locate(error)
        }
    }
}
