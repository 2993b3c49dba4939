/// Everything a training run computed: an answer key in data form.
///
/// ```swift
/// let trace = try network.train(samples: [["x": 1, "y": -3]], options: .init(learningRate: 1))
/// trace.steps[0].samples[0].value(of: "z2")     // 3/8
/// trace.steps[0].gradient(of: "w0")             // 3/4
/// trace.finalObjective                          // 3
/// ```
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
    /// Every branch a piecewise primitive took, in evaluation order (the final evaluation
    /// has step index `steps.count`); recorded when ``TrainingOptions/recordsBranchOutcomes`` is set.
    public var branchOutcomes: [BranchOutcome]

    /// The final value of a parameter by name.
    ///
    /// ```swift
    /// trace.finalValue(ofParameter: "w0")   // -1/4
    /// ```
    public func finalValue(ofParameter name: String) -> Scalar? {
        network.parameterIndices.firstIndex { network.quantities[$0].name == name }.map { finalParameters[$0] }
    }
}

/// One gradient step, in full.
public struct StepTrace<Scalar> {
    /// 0-based step number.
    public var step: Int
    /// Names of the parameters, aligned with every per-parameter array below.
    public var parameterNames: [String]
    /// Parameter values before the step.
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

    /// dJ/dw for the parameter `name`.
    ///
    /// ```swift
    /// trace.steps[0].gradient(of: "w3")   // 1/2
    /// ```
    public func gradient(of name: String) -> Scalar? { parameterNames.firstIndex(of: name).map { gradients[$0] } }

    /// The value of the parameter `name` after the step.
    public func updatedValue(of name: String) -> Scalar? { parameterNames.firstIndex(of: name).map { updated[$0] } }
}

/// Forward values and reverse-mode gradients of one sample.
public struct SampleResult<Scalar> {
    /// The value of every named quantity, by quantity index (``Network/index(of:)``).
    public var values: [Scalar]
    /// dL/dq for every named quantity q, where L is this sample's loss.
    public var gradients: [Scalar]
    /// The chain-rule terms that sum to each gradient (empty when not recorded).
    public var chainTerms: [[ChainTerm<Scalar>]]
    /// Quantity indices by name, shared with the network (no copy per sample).
    let indexByName: [String: Int]

    /// The value of the quantity `name`.
    ///
    /// ```swift
    /// result.value(of: "loss")   // 27/8
    /// ```
    public func value(of name: String) -> Scalar? { indexByName[name].map { values[$0] } }

    /// dL/d`name` (nil for an unknown name, or after a forward-only evaluation).
    ///
    /// ```swift
    /// result.gradient(of: "h0")   // 3/4
    /// ```
    public func gradient(of name: String) -> Scalar? {
        guard let q = indexByName[name], q < gradients.count else { return nil }
        return gradients[q]
    }
}

/// One term of the chain rule: dL/d(quantity) receives dL/d(consumer) · factor,
/// where factor = ∂consumer/∂quantity with every other name held fixed.
public struct ChainTerm<Scalar> {
    /// Index of the definition that uses the quantity.
    public var consumer: Int
    /// ∂consumer/∂quantity at this sample.
    public var factor: Scalar
}

/// A quantity evaluated exactly at a kink of a piecewise function, where the
/// subgradient convention (``Primitive/kinkConvention``) decides the answer.
public struct Kink: Hashable, Sendable {
    /// Training step (the final evaluation after the last step has index `steps`).
    public var step: Int
    /// Sample index.
    public var sample: Int
    /// The named quantity whose definition contains the kink.
    public var quantity: String
    /// The piecewise function.
    public var function: Primitive
    /// The convention that was applied (`relu'(0) = 0`).
    public var convention: String { function.kinkConvention ?? "" }

    /// A kink record.
    public init(step: Int, sample: Int, quantity: String, function: Primitive) {
        self.step = step
        self.sample = sample
        self.quantity = quantity
        self.function = function
    }
}

/// The branch one piecewise primitive took in one evaluation: the sign of its deciding
/// argument (relu/abs/leaky_relu: x; max/min: a − b).
public struct BranchOutcome: Hashable, Sendable {
    /// Training step (the final evaluation has index `steps`).
    public var step: Int
    /// Sample index.
    public var sample: Int
    /// The named quantity whose definition holds the branch.
    public var quantity: String
    /// The piecewise function.
    public var function: Primitive
    /// -1, 0 (exactly at the kink), 1, or ``Primitive/unordered`` when a NaN decided nothing.
    public var sign: Int8
}

extension TrainingTrace: Sendable where Scalar: Sendable {}
extension StepTrace: Sendable where Scalar: Sendable {}
extension SampleResult: Sendable where Scalar: Sendable {}
extension ChainTerm: Sendable where Scalar: Sendable {}

extension TrainingTrace {
    /// The key's value of one entry (see ``KeyEntry``).
    ///
    /// ```swift
    /// trace.value(of: KeyEntry(step: 0, sample: nil, kind: .update(parameter: 0)))   // -1/4
    /// ```
    public func value(of entry: KeyEntry) -> Scalar {
        let isFinal = entry.step == steps.count
        switch entry.kind {
        case .value(let q):
            guard let sample = entry.sample else {
                let k = network.parameterIndices.firstIndex(of: q)!
                return isFinal ? finalParameters[k] : steps[entry.step].parameters[k]
            }
            return (isFinal ? finalSamples : steps[entry.step].samples)[sample].values[q]
        case .lossGradient(let q): return steps[entry.step].samples[entry.sample!].gradients[q]
        case .objective: return isFinal ? finalObjective : steps[entry.step].objective
        case .objectiveGradient(let k): return steps[entry.step].gradients[k]
        case .update(let k): return steps[entry.step].updated[k]
        }
    }
}
