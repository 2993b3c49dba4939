/// One number of an answer key that a hand solution can give: a value, a gradient, the
/// objective, or an update, in one step (or the final evaluation) and, where it is
/// per-sample, one sample.
///
/// ```swift
/// let entry = KeyEntry(step: 0, sample: 0, kind: .lossGradient(quantity: network.index(of: "yhat")!))
/// shape.name(of: entry)      // "dL/dyhat"
/// shape.section(of: entry)   // "step 0"
/// ```
public struct KeyEntry: Hashable, Sendable {
    /// The step, or the number of steps for the final evaluation after the last one.
    public var step: Int
    /// The sample of a per-sample entry; `nil` for a step's own entries (J, dJ/dw, updates, parameters).
    public var sample: Int?
    /// Which number.
    public var kind: Kind

    /// Which number of a step or sample an entry is.
    public enum Kind: Hashable, Sendable {
        /// The value of a quantity (`z0 = 1/2`); a parameter's value belongs to the step.
        case value(quantity: Int)
        /// dL/dq of one sample's loss (`dL/dz0 = 3/4`).
        case lossGradient(quantity: Int)
        /// The objective J, the sum or mean of the losses (`J = 27/8`).
        case objective
        /// dJ/dw for the k-th parameter (`dJ/dw0 = 3/4`).
        case objectiveGradient(parameter: Int)
        /// The k-th parameter after the step (`w0 <- -1/4`).
        case update(parameter: Int)
    }

    /// An entry of a step (or, with `step` equal to the step count, of the final evaluation).
    public init(step: Int, sample: Int?, kind: Kind) {
        self.step = step
        self.sample = sample
        self.kind = kind
    }
}

/// What grading needs to know of a network and its run, without any value: names, roles,
/// parameters, samples and steps. A network gives one; so does a sealed key, which holds no values.
///
/// ```swift
/// let shape = KeyShape(trace)
/// shape.entries(inStep: 0).count
/// ```
public struct KeyShape: Sendable, Equatable {
    /// Every quantity's name, in the network's order.
    public var names: [String]
    /// Every quantity's role, aligned with ``names``.
    public var roles: [QuantityRole]
    /// The quantity indices of the parameters, in declaration order.
    public var parameterIndices: [Int]
    /// The per-sample loss.
    public var lossIndex: Int
    /// How many samples each step evaluates.
    public var sampleCount: Int
    /// How many steps the run takes (the final evaluation has this step index).
    public var stepCount: Int

    /// A shape from its parts.
    public init(
        names: [String], roles: [QuantityRole], parameterIndices: [Int], lossIndex: Int, sampleCount: Int,
        stepCount: Int
    ) {
        self.names = names
        self.roles = roles
        self.parameterIndices = parameterIndices
        self.lossIndex = lossIndex
        self.sampleCount = sampleCount
        self.stepCount = stepCount
    }

    /// The shape of a training run.
    public init<Scalar>(_ trace: TrainingTrace<Scalar>) {
        let network = trace.network
        self.init(
            names: network.quantities.map(\.name), roles: network.quantities.map(\.role),
            parameterIndices: network.parameterIndices, lossIndex: network.lossIndex,
            sampleCount: trace.finalSamples.count, stepCount: trace.steps.count)
    }

    /// The entry's name as a solution writes it: `z0`, `dL/dz0`, `J`, `dJ/dw0`, `w0 <-`.
    public func name(of entry: KeyEntry) -> String {
        switch entry.kind {
        case .value(let q): return names[q]
        case .lossGradient(let q): return "dL/d\(names[q])"
        case .objective: return "J"
        case .objectiveGradient(let k): return "dJ/d\(names[parameterIndices[k]])"
        case .update(let k): return "\(names[parameterIndices[k]]) <-"
        }
    }

    /// The section heading the entry belongs under: `step 0`, `step 0 sample 1`, `final`,
    /// `final sample 1` (no sample number when there is one sample).
    public func section(of entry: KeyEntry) -> String {
        let head = entry.step == stepCount ? "final" : "step \(entry.step)"
        guard let sample = entry.sample, sampleCount > 1 else { return head }
        return "\(head) sample \(sample)"
    }

    /// Whether a value of quantity q belongs to a step rather than to one sample.
    func isStepLevel(_ q: Int) -> Bool { roles[q] == .parameter }

    /// Every entry of one step (or of the final evaluation), in the order a hand solution
    /// computes them: parameters, then each sample's forward values and backward gradients,
    /// then the objective, its gradients and the updates.
    ///
    /// ```swift
    /// shape.entries(inStep: shape.stepCount)   // parameters, each sample's values, J
    /// ```
    public func entries(inStep step: Int) -> [KeyEntry] {
        var list = parameterIndices.map { KeyEntry(step: step, sample: nil, kind: .value(quantity: $0)) }
        let isFinal = step == stepCount
        for sample in 0..<sampleCount {
            for q in names.indices where !isStepLevel(q) {
                list.append(KeyEntry(step: step, sample: sample, kind: .value(quantity: q)))
            }
            guard !isFinal else { continue }
            for q in names.indices.reversed() where q != lossIndex {
                list.append(KeyEntry(step: step, sample: sample, kind: .lossGradient(quantity: q)))
            }
        }
        list.append(KeyEntry(step: step, sample: nil, kind: .objective))
        guard !isFinal else { return list }
        for k in parameterIndices.indices {
            list.append(KeyEntry(step: step, sample: nil, kind: .objectiveGradient(parameter: k)))
        }
        for k in parameterIndices.indices {
            list.append(KeyEntry(step: step, sample: nil, kind: .update(parameter: k)))
        }
        return list
    }

    /// Whether a report lists the entry as `missing` when a solution skips it: the numbers
    /// a hand solution is asked for (definitions' values, dL/dq of definitions and parameters,
    /// J, dJ/dw, updates), not the ones the exercise states (inputs, targets, constants,
    /// parameters before a step, dL/dloss = 1).
    func isAskedFor(_ entry: KeyEntry) -> Bool {
        switch entry.kind {
        case .value(let q): return roles[q] == .definition
        case .lossGradient(let q): return roles[q] == .definition || roles[q] == .parameter
        case .objective, .objectiveGradient, .update: return true
        }
    }

    /// Skipped entries worth listing: asked-for ones in a step and sample the sheet works on.
    func isListedMissing(_ entry: KeyEntry, mentionedSamples: Set<Int>) -> Bool {
        guard isAskedFor(entry) else { return false }
        if let sample = entry.sample, !mentionedSamples.contains(sample), sampleCount > 1 { return false }
        // With one sample J is L and dJ/dw is dL/dw: the sheet's per-sample entries stand for them.
        guard sampleCount == 1 else { return true }
        switch entry.kind {
        case .objective, .objectiveGradient: return false
        default: return true
        }
    }

    /// The entries a mistaken value may have been copied from: those of the same sample or of
    /// the step, nearest first (before the entry, then after it), at most
    /// ``Limits/maximumMistakeSearch`` on each side so a large section costs a bounded search.
    func neighbours(of position: Int, in section: [KeyEntry]) -> [KeyEntry] {
        let entry = section[position]
        let related = { (other: KeyEntry) in other.sample == nil || other.sample == entry.sample }
        let before = section[..<position].reversed().lazy.filter(related).prefix(Limits.maximumMistakeSearch)
        let after = section[(position + 1)...].lazy.filter(related).prefix(Limits.maximumMistakeSearch)
        return Array(before) + Array(after)
    }
}
