import ExactArithmetic

/// The run as a hand solution sees it: every quantity takes the solver's value where the
/// solution gives one, and otherwise the value recomputed in this same world. What an entry's
/// own inputs imply, in this world, is what the solver should have written next: an entry
/// equal to it `follows`, even when an earlier mistake makes it differ from the key.
///
/// A gradient the solution skips (dL/dh1) is recomputed from the solver's later gradients, so
/// a flipped sign travels on; a skipped update is recomputed from the solver's gradients; the
/// final forward pass runs on the solver's updated parameters.
struct SolverWorld {
    /// One step (the last element is the final evaluation, forward only).
    struct Step {
        /// Parameters before the step as carried on, and as the previous step implies them.
        var parameters: [Rational] = []
        var impliedParameters: [Rational] = []
        /// Each sample's carried values and gradients (with the chain-rule factors of this world).
        var samples: [SampleResult<Rational>] = []
        /// What each quantity's formula, and each dL/dq's chain rule, gave before carrying.
        var impliedValues: [[Rational]] = []
        var impliedGradients: [[Rational]] = []
        var objective: Rational = 0
        var impliedObjective: Rational = 0
        var gradients: [Rational] = []
        var impliedObjectiveGradients: [Rational] = []
        /// Momentum buffers before and after the step (μ·v + g with the carried g).
        var velocityBefore: [Rational] = []
        var velocity: [Rational] = []
        var updated: [Rational] = []
        var impliedUpdated: [Rational] = []
    }

    var steps: [Step] = []
    /// The network's parameter quantities, in declaration order.
    let parameterIndices: [Int]

    /// Runs the world. `carry(entry, implied)` gives the value the solver goes on with, given
    /// what the world implies for that entry: the solver's own value, or `implied` when the
    /// solution skips the entry (or rounded it).
    init(
        network: Network<Rational>, samples: [[String: Rational]], options: TrainingOptions<Rational>,
        carry: @escaping (KeyEntry, Rational) -> Rational
    ) throws(NetworkError) {
        let shape = (params: network.parameterIndices, loss: network.lossIndex)
        parameterIndices = network.parameterIndices
        var rows: [[Rational]] = []
        for (i, s) in samples.enumerated() { rows.append(try network.sampleValues(s, index: i)) }
        let count = Rational(rows.count)
        let limit = options.limits.maximumBits
        var parameters = network.initialParameters
        var velocity = [Rational](repeating: 0, count: parameters.count)
        var record = Network<Rational>.Record(recordsBranchOutcomes: false)
        var workspace = Network<Rational>.Workspace(network)
        workspace.maximumBits = limit
        var budget = Budget(limits: options.limits, steps: options.steps)
        func bounded(_ bits: Int, _ name: String, step: Int) throws(NetworkError) {
            if bits > limit { throw .numbersTooLarge(quantity: name, bits: bits, step: step, limit: limit) }
        }
        func sum(_ terms: [Rational], _ name: String, step: Int) throws(NetworkError) -> Rational {
            var total: Rational = 0
            for t in terms {
                try bounded(total.bitLength + t.bitLength + 1, name, step: step)
                total += t
            }
            return options.reduction == .mean ? total / count : total
        }

        for s in 0...options.steps {
            let isFinal = s == options.steps
            var step = Step()
            step.impliedParameters = parameters
            for (k, q) in shape.params.enumerated() {
                parameters[k] = carry(KeyEntry(step: s, sample: nil, kind: .value(quantity: q)), parameters[k])
            }
            step.parameters = parameters
            for (i, row) in rows.enumerated() {
                workspace.overrides = Network<Rational>.Overrides(
                    carryValue: { q, implied in
                        // A parameter's value belongs to the step and was carried above.
                        network.quantities[q].role == .parameter
                            ? implied : carry(KeyEntry(step: s, sample: i, kind: .value(quantity: q)), implied)
                    },
                    carryGradient: { q, implied in
                        carry(KeyEntry(step: s, sample: i, kind: .lossGradient(quantity: q)), implied)
                    })
                let r = try network.evaluate(
                    sampleValues: row, parameters: parameters, step: s, sample: i,
                    mode: isFinal ? .valuesOnly : .chainRule, record: &record, workspace: &workspace)
                try budget.spend(Budget.cost(of: r), step: s)
                step.samples.append(r)
                step.impliedValues.append(workspace.overrides!.impliedValues)
                step.impliedGradients.append(workspace.overrides!.impliedGradients.reversed())
            }
            let lossName = network.quantities[shape.loss].name
            step.impliedObjective = try sum(step.samples.map { $0.values[shape.loss] }, lossName, step: s)
            step.objective = carry(KeyEntry(step: s, sample: nil, kind: .objective), step.impliedObjective)
            if isFinal {
                steps.append(step)
                break
            }
            step.velocityBefore = velocity
            for (k, q) in shape.params.enumerated() {
                let name = network.quantities[q].name
                let implied = try sum(step.samples.map { $0.gradients[q] }, name, step: s)
                step.impliedObjectiveGradients.append(implied)
                step.gradients.append(
                    carry(KeyEntry(step: s, sample: nil, kind: .objectiveGradient(parameter: k)), implied))
                let g = step.gradients[k]
                try bounded(
                    parameters[k].bitLength + options.learningRate.bitLength + options.momentum.bitLength
                        + velocity[k].bitLength + g.bitLength + 2, name, step: s)
                var w = parameters[k]
                options.step(&w, velocity: &velocity[k], gradient: g)
                step.impliedUpdated.append(w)
                parameters[k] = carry(KeyEntry(step: s, sample: nil, kind: .update(parameter: k)), w)
            }
            step.velocity = velocity
            step.updated = parameters
            try budget.finishStep(s, parameters: parameters, step.gradients, velocity)
            steps.append(step)
        }
    }

    /// What the world implies for an entry: the value its own inputs give, before the solver's value replaces it.
    func implied(_ entry: KeyEntry) -> Rational {
        let step = steps[entry.step]
        switch entry.kind {
        case .value(let q):
            guard let sample = entry.sample else { return step.impliedParameters[parameterIndices.firstIndex(of: q)!] }
            return step.impliedValues[sample][q]
        case .lossGradient(let q): return step.impliedGradients[entry.sample!][q]
        case .objective: return step.impliedObjective
        case .objectiveGradient(let k): return step.impliedObjectiveGradients[k]
        case .update(let k): return step.impliedUpdated[k]
        }
    }
}
