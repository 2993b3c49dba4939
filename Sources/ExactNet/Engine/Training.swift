import CertifiedArithmetic
import ExactArithmetic
import RealModule

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
    /// The learning rate (lr).
    public var learningRate: Scalar
    /// How many gradient steps (at most ``Limits/maximumSteps``).
    public var steps: Int = 1
    /// Sum (default) or mean of the per-sample losses.
    public var reduction: Reduction = .sum
    /// Momentum μ (0: plain gradient descent).
    public var momentum: Scalar = .zero
    /// Whether to keep the chain-rule terms of every gradient (answer keys need them).
    public var recordsChainTerms = true
    /// Whether the trace keeps every sample's values and gradients (``StepTrace/samples``,
    /// ``TrainingTrace/finalSamples``). Keys at `--detail steps` and `final` print none of them:
    /// without them a run allocates nothing per value it computes, and its trace is a few arrays.
    public var keepsSampleResults = true
    /// Whether to keep every branch outcome in ``TrainingTrace/branchOutcomes`` (cross-checks compare them).
    public var recordsBranchOutcomes = false
    /// The bounds on steps and on exact sizes (``Limits/maximumBits``).
    public var limits = Limits.standard
    /// Whether exact and certified runs evaluate samples on two threads, each taking half of a
    /// block of consecutive samples (the results are the same either way; benchmarks turn it
    /// off to time one thread).
    public var evaluatesSamplesInPairs = true
    /// For tests: each of the two threads takes a fixed half of every block, and the first waits
    /// for the second, so that the second thread's part certainly runs (left to themselves, the
    /// threads take a block's samples as they come, and a small block may all go to the first).
    var _splitsBlocksEvenly = false

    /// Options with a learning rate and defaults for the rest.
    public init(learningRate: Scalar) { self.learningRate = learningRate }

    /// The same settings over another scalar, each value converted by `convert`.
    ///
    /// ```swift
    /// let inDouble = exactOptions.map { Double($0) }
    /// ```
    public func map<Other: NetworkScalar>(_ convert: (Scalar) -> Other) -> TrainingOptions<Other> {
        var other = TrainingOptions<Other>(learningRate: convert(learningRate))
        other.steps = steps
        other.reduction = reduction
        other.momentum = convert(momentum)
        other.recordsChainTerms = recordsChainTerms
        other.recordsBranchOutcomes = recordsBranchOutcomes
        other.keepsSampleResults = keepsSampleResults
        other.limits = limits
        other.evaluatesSamplesInPairs = evaluatesSamplesInPairs
        other._splitsBlocksEvenly = _splitsBlocksEvenly
        return other
    }
}

extension TrainingOptions {
    /// One parameter's gradient-descent step: v ← μ·v + g, then w ← w − lr·v (the caller bounds sizes first).
    ///
    /// ```swift
    /// var (w, v): (Rational, Rational) = (Rational(1, 2), 0)
    /// TrainingOptions<Rational>(learningRate: 1).step(&w, velocity: &v, gradient: Rational(3, 4))   // w = -1/4
    /// ```
    @inline(__always)
    public func step(_ parameter: inout Scalar, velocity: inout Scalar, gradient: Scalar) {
        velocity = momentum == .zero ? gradient : momentum * velocity + gradient
        if Scalar.hasFixedSize {
            parameter -= learningRate * velocity  // floats: the written expression's two roundings
        } else {
            // Exactly w − lr·v, as one multiply-add: one new value, not a product and then a difference.
            parameter.addProduct(-learningRate, velocity)
        }
    }
}

extension TrainingOptions: Sendable where Scalar: Sendable {}

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
    @_specialize(where Scalar == Certified)
    public func train(samples: [[String: Scalar]], options: TrainingOptions<Scalar>) throws(NetworkError)
        -> TrainingTrace<Scalar>
    {
        guard !samples.isEmpty else { throw .noSamples }
        try options.limits.checkSteps(options.steps)
        var rows: [[Scalar]] = []
        for (i, s) in samples.enumerated() { rows.append(try sampleValues(s, index: i)) }
        let count = Scalar(exactly: samples.count)!
        let maximumBits = options.limits.maximumBits
        // Named here: a closure that read it from `self` would copy the whole network, every sample.
        let lossName = quantities[lossIndex].name
        var parameters = initialParameters
        // The parameters at the start of each step, as the trace keeps them: detached copies, so
        // `parameters` stays unshared and is updated in place. The passes read these: each is one
        // read-only allocation, the storage the update writes is not in a second thread's cache
        // (2% off a two-thread 4-8-8-1 training), and no workspace holds what the update writes.
        var kept = parameters.detachedCopies()
        var velocity = [Scalar](repeating: .zero, count: parameters.count)
        var record = Record(recordsBranchOutcomes: options.recordsBranchOutcomes)
        var steps: [StepTrace<Scalar>] = []

        var budget = Budget(limits: options.limits, steps: options.steps)
        try budget.checkShape(quantities: quantities.count, samples: samples.count)
        /// `sum += term`, bounded first like every exact result.
        func accumulate(_ sum: inout Scalar, _ term: Scalar, step: Int, _ error: (Int) -> NetworkError)
            throws(NetworkError)
        {
            if let bound = sizeExceeding(sum, term, plus: 1, limit: maximumBits) { throw error(bound) }
            try budget.spendAddition(bits: sum.storageBitsBound + term.storageBitsBound, step: step)
            sum += term
        }
        var pair = SamplePair(self, maximumBits: maximumBits, options: options, samples: rows.count)
        // One workspace, or the pair's two: each sums the parameter gradients of the samples it evaluates.
        var workspaces: [Workspace] = pair == nil ? [Workspace(self)] : []
        for w in workspaces.indices { workspaces[w].maximumBits = maximumBits }
        let keeps = options.keepsSampleResults
        func evaluateAll(step: Int, mode: Mode) throws(NetworkError) -> ([SampleResult<Scalar>], Scalar) {
            var results: [SampleResult<Scalar>] = []
            var objective: Scalar = .zero
            for (i, row) in rows.enumerated() {
                let evaluated: Evaluated
                if let fromPair = try pair?.result(i, rows: rows, parameters: kept, step: step, mode: mode) {
                    evaluated = fromPair
                    // Most samples record nothing, and appending nothing to an empty array allocates one.
                    if !evaluated.record.kinks.isEmpty { record.kinks += evaluated.record.kinks }
                    if !evaluated.record.branchOutcomes.isEmpty {
                        record.branchOutcomes += evaluated.record.branchOutcomes
                    }
                } else {
                    let (r, loss, cost) = try trainingSample(
                        row, index: i, parameters: kept, step: step, mode: mode, record: &record,
                        workspace: &workspaces[0], keeps: keeps)
                    evaluated = Evaluated(
                        result: r, record: Record(recordsBranchOutcomes: false), cost: cost, loss: loss)
                }
                try budget.spend(evaluated.cost, step: step)
                try accumulate(&objective, evaluated.loss, step: step) {
                    .numbersTooLarge(quantity: lossName, bits: $0, step: step, limit: maximumBits)
                }
                if keeps { results.append(evaluated.result) }
            }
            if options.reduction == .mean { objective /= count }
            return (results, objective)
        }

        for step in 0..<options.steps {
            let (results, objective) = try evaluateAll(
                step: step, mode: options.recordsChainTerms && keeps ? .chainRule : .gradients)
            var gradients =
                pair == nil
                ? try takeGradientSums(from: &workspaces, budget: &budget, step: step, limit: maximumBits)
                : try takeGradientSums(from: &pair!.workspaces, budget: &budget, step: step, limit: maximumBits)
            if options.reduction == .mean { for k in gradients.indices { gradients[k] /= count } }
            let lr = options.learningRate
            for k in parameters.indices {
                // v ← μ·v + g and w ← w − lr·v, each bounded before it is computed.
                let new =
                    options.momentum.storageBitsBound + velocity[k].storageBitsBound + gradients[k].storageBitsBound + 1
                if let bound = sizeExceeding(
                    parameters[k], lr, plus: new, limit: maximumBits)
                {
                    throw .numbersTooLarge(quantity: parameterNames[k], bits: bound, step: step, limit: maximumBits)
                }
                options.step(&parameters[k], velocity: &velocity[k], gradient: gradients[k])
            }
            let updated = parameters.detachedCopies()
            steps.append(
                StepTrace(
                    step: step, parameterNames: parameterNames, parameters: kept, samples: results,
                    objective: objective, gradients: gradients, velocity: velocity, updated: updated))
            kept = updated
            try budget.finishStep(step, parameters: parameters, gradients, velocity)
        }
        let (finalSamples, finalObjective) = try evaluateAll(step: options.steps, mode: .valuesOnly)
        return TrainingTrace(
            network: self, options: options, steps: steps, finalParameters: parameters,
            finalSamples: finalSamples, finalObjective: finalObjective, kinks: record.kinks,
            branchOutcomes: record.branchOutcomes)
    }
}
