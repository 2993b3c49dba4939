import RealModule
import ExactArithmetic

/// How per-sample losses combine into the objective.
public enum Reduction: String, Sendable, CaseIterable {
    /// Objective = Σ loss (the default).
    case sum
    /// Objective = (Σ loss) / number of samples.
    case mean
}

/// Gradient-descent settings.
///
/// ```swift
/// var options = TrainingOptions<Rational>(learningRate: 1)
/// options.steps = 5
/// options.momentum = Rational(9, 10)   // v ← μ·v + g; w ← w − lr·v
/// ```
public struct TrainingOptions<Scalar: NetworkScalar> {
    /// The most steps one run may take.
    public static var maximumSteps: Int { 10_000 }
    /// The default bound on an exact value's size, in bits of numerator plus denominator.
    public static var defaultMaximumBits: Int { 1 << 24 }

    /// The learning rate (lr).
    public var learningRate: Scalar
    /// How many gradient steps.
    public var steps: Int = 1
    /// Sum (default) or mean of the per-sample losses.
    public var reduction: Reduction = .sum
    /// Momentum μ (0: plain gradient descent).
    public var momentum: Scalar = .zero
    /// Whether to keep the chain-rule terms of every gradient (answer keys need them).
    public var recordsChainTerms = true
    /// Stop with an error once an exact value needs more bits than this.
    public var maximumBits = TrainingOptions.defaultMaximumBits
    /// Whether to keep every branch outcome (cross-checks compare them).
    var recordsBranchOutcomes = false

    /// Options with a learning rate and defaults for the rest.
    public init(learningRate: Scalar) { self.learningRate = learningRate }
}

/// One gradient step, in full.
public struct StepTrace<Scalar> {
    /// 0-based step number.
    public var step: Int
    /// Parameter values before the step, aligned with ``Network/parameterIndices``.
    public var parameters: [Scalar]
    /// Every sample's values and gradients at those parameters.
    public var samples: [SampleResult<Scalar>]
    /// The objective (sum or mean of the losses).
    public var objective: Scalar
    /// The objective's gradient for each parameter.
    public var gradients: [Scalar]
    /// The momentum buffer after the step (equals `gradients` without momentum).
    public var velocity: [Scalar]
    /// Parameter values after the step.
    public var updated: [Scalar]
}

/// Everything a training run computed: an answer key in data form.
public struct TrainingTrace<Scalar: NetworkScalar> {
    /// The network trained.
    public var network: Network<Scalar>
    /// The options used.
    public var options: TrainingOptions<Scalar>
    /// Every step.
    public var steps: [StepTrace<Scalar>]
    /// Parameters after the last step.
    public var finalParameters: [Scalar]
    /// Every sample's values at the final parameters (forward only: `gradients` is empty).
    public var finalSamples: [SampleResult<Scalar>]
    /// The objective at the final parameters.
    public var finalObjective: Scalar
    /// Every evaluation exactly at a kink; the final evaluation has step index `steps.count`.
    public var kinks: [Kink]
    /// Branch outcomes of each piecewise instruction, [step][sample][slot] (the last
    /// step index is the final evaluation); recorded for cross-checks only.
    var branchOutcomes: [[[Int8]]]
}

extension Network {
    /// Runs gradient descent over the samples and returns the full trace.
    ///
    /// ```swift
    /// let trace = try network.train(samples: [["x": 1, "y": -3]], options: .init(learningRate: 1))
    /// trace.steps[0].updated        // [-1/4, 1/4, 1/4, 0] for the seed exercise
    /// trace.finalObjective          // 3
    /// ```
    @_specialize(where Scalar == Rational)
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    public func train(samples: [[String: Scalar]], options: TrainingOptions<Scalar>) throws(NetworkError) -> TrainingTrace<Scalar> {
        guard !samples.isEmpty else { throw .noSamples }
        guard options.steps >= 0, options.steps <= TrainingOptions<Scalar>.maximumSteps else { throw .tooManySteps(options.steps) }
        var rows: [[Scalar]] = []
        for (i, s) in samples.enumerated() { rows.append(try sampleValues(s, index: i)) }
        let count = Scalar(exactly: samples.count)!
        var parameters = initialParameters
        var velocity = [Scalar](repeating: .zero, count: parameters.count)
        var kinks: [Kink] = []
        var outcomes: [[[Int8]]] = []
        var steps: [StepTrace<Scalar>] = []

        var workspace = Workspace(self)
        workspace.maximumBits = options.maximumBits
        func evaluateAll(step: Int, mode: Mode) throws(NetworkError) -> ([SampleResult<Scalar>], Scalar) {
            var results: [SampleResult<Scalar>] = []
            var objective: Scalar = .zero
            var stepOutcomes: [[Int8]] = []
            for (i, row) in rows.enumerated() {
                var branches = options.recordsBranchOutcomes ? [Int8](repeating: 0, count: program.codes.count) : []
                let r = try evaluate(sampleValues: row, parameters: parameters, step: step, sample: i,
                                     mode: mode, kinks: &kinks, branches: &branches, workspace: &workspace)
                objective += r.values[lossIndex]
                results.append(r)
                stepOutcomes.append(branches)
            }
            if options.recordsBranchOutcomes { outcomes.append(stepOutcomes) }
            if options.reduction == .mean { objective /= count }
            return (results, objective)
        }

        for step in 0..<options.steps {
            let (results, objective) = try evaluateAll(step: step, mode: options.recordsChainTerms ? .chainRule : .gradients)
            var gradients = [Scalar](repeating: .zero, count: parameters.count)
            for r in results {
                for (k, q) in parameterIndices.enumerated() { gradients[k] += r.gradients[q] }
            }
            if options.reduction == .mean { for k in gradients.indices { gradients[k] /= count } }
            let before = parameters
            for k in parameters.indices {
                velocity[k] = options.momentum == .zero ? gradients[k] : options.momentum * velocity[k] + gradients[k]
                parameters[k] -= options.learningRate * velocity[k]
                let bits = parameters[k].storageBits
                if bits > options.maximumBits {
                    throw .numbersTooLarge(quantity: quantities[parameterIndices[k]].name, bits: bits, step: step)
                }
            }
            steps.append(StepTrace(step: step, parameters: before, samples: results, objective: objective,
                                   gradients: gradients, velocity: velocity, updated: parameters))
        }
        let (finalSamples, finalObjective) = try evaluateAll(step: options.steps, mode: .valuesOnly)
        return TrainingTrace(network: self, options: options, steps: steps, finalParameters: parameters,
                             finalSamples: finalSamples, finalObjective: finalObjective, kinks: kinks,
                             branchOutcomes: outcomes)
    }
}
