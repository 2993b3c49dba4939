import ExactArithmetic

/// Grades hand solutions against an exact run: each given entry is `correct`, `follows`
/// (what the solver's own earlier entries imply, recomputed in the solver's world) or `wrong`, with a
/// named ``Mistake`` when recomputing the entry the mistaken way reproduces it.
///
/// ```swift
/// let file = try NetworkFile(contentsOf: "Examples/01-seed-skip-connection.exnet")
/// let trace = try file.train(as: Rational.self)
/// let solution = try Solution(contentsOf: "sheet.txt", shape: KeyShape(trace))
/// let grade = try Grader(trace: trace).grade(solution)
/// grade.passes   // false when any entry is wrong
/// ```
public struct Grader: Sendable {
    /// The exact run (with chain-rule terms, as ``NetworkFile/train(as:steps:overrides:recordsChainTerms:)`` records by default).
    public let trace: TrainingTrace<Rational>
    /// How a sheet's decimals may round.
    public var rounding: RoundingRule
    let shape: KeyShape

    /// A grader for one run.
    public init(trace: TrainingTrace<Rational>, rounding: RoundingRule = .halfUp) {
        self.trace = trace
        self.rounding = rounding
        shape = KeyShape(trace)
    }

    /// Whether a sheet's value is `value`, exactly or as a rounding the rule accepts.
    func match(_ given: GivenEntry, _ value: Rational) -> (matches: Bool, rounded: Bool) {
        if given.value == value { return (true, false) }
        guard let places = given.decimalPlaces, places <= Limits.maximumRoundingPlaces,
            rounding.accepts(given.value, places: places, for: value)
        else { return (false, false) }
        return (true, true)
    }

    /// Grades one solution; fails only if the solver's world outgrows the run's limits.
    public func grade(_ solution: Solution) throws(NetworkError) -> Grade {
        var given: [KeyEntry: GivenEntry] = [:]
        for g in solution.entries { given[g.entry] = g }
        let network = trace.network
        // What the solver goes on with: their value, except that a rounding goes on as the
        // exact value it rounds (so 1.95 for 125/64 carries 125/64 into the loss).
        let world = try SolverWorld(network: network, samples: samples, options: trace.options) { entry, implied in
            guard let g = given[entry] else { return implied }
            if g.value == implied { return implied }
            if match(g, implied).rounded { return implied }
            let expected = trace.value(of: entry)
            if match(g, expected).rounded { return expected }
            return g.value
        }
        return Grade(
            grading: solution, shape: shape, rounding: rounding, recomputes: true, expected: trace.value(of:)
        ) { row, g, position, section in
            let entry = row.entry
            let expected = row.expected!
            let implied = world.implied(entry)
            if implied != expected { row.implied = implied }
            let right = match(g, expected)
            let follows = match(g, implied)
            if right.matches {
                (row.verdict, row.rounded) = (.correct, right.rounded)
            } else if follows.matches {
                (row.verdict, row.rounded) = (.follows, follows.rounded)
            } else {
                row.verdict = .wrong
                row.mistake =
                    diagnose(entry, g, base: expected, context: keyContext(entry.step))
                    ?? diagnose(entry, g, base: implied, context: worldContext(world, entry.step))
                    ?? otherQuantity(position, in: section, g)
            }
        }
    }

    /// The samples of the run, read back from its inputs and targets.
    var samples: [[String: Rational]] {
        let network = trace.network
        return trace.finalSamples.map { r in
            Dictionary(uniqueKeysWithValues: network.sampleIndices.map { (network.quantities[$0].name, r.values[$0]) })
        }
    }

    // MARK: - Mistakes

    /// The numbers a mistake is recomputed from: the key's, or the solver's world's.
    struct Context {
        var samples: [SampleResult<Rational>]
        var parameters: [Rational]
        var velocityBefore: [Rational]
        var objectiveGradients: [Rational]
    }

    func keyContext(_ step: Int) -> Context {
        guard step < trace.steps.count else {
            return Context(
                samples: trace.finalSamples, parameters: trace.finalParameters, velocityBefore: [],
                objectiveGradients: [])
        }
        let s = trace.steps[step]
        let velocity = step == 0 ? s.parameters.map { _ in Rational.zero } : trace.steps[step - 1].velocity
        return Context(
            samples: s.samples, parameters: s.parameters, velocityBefore: velocity, objectiveGradients: s.gradients)
    }

    func worldContext(_ world: SolverWorld, _ step: Int) -> Context {
        let s = world.steps[step]
        return Context(
            samples: s.samples, parameters: s.parameters, velocityBefore: s.velocityBefore,
            objectiveGradients: s.gradients)
    }

    /// The mistake that turns `base` (the key's value, or the world's) into the sheet's value.
    func diagnose(_ entry: KeyEntry, _ g: GivenEntry, base: Rational, context c: Context) -> Mistake? {
        func gives(_ candidate: Rational) -> Bool { candidate != base && match(g, candidate).matches }
        if gives(-base) { return .sign }
        let network = trace.network
        let options = trace.options
        let reduce: (Rational) -> Rational = {
            options.reduction == .mean ? $0 / Rational(c.samples.count) : $0
        }
        switch entry.kind {
        case .lossGradient(let q):
            let r = c.samples[entry.sample!]
            guard q < r.chainTerms.count else { return nil }
            let terms = r.chainTerms[q]
            if terms.count >= 2 {
                for t in terms where gives(base - r.gradients[t.consumer] * t.factor) {
                    return .missingTerm(describeTerm(consumer: t.consumer, of: q))
                }
            }
            for t in terms {
                guard let (factor, label) = activationFreeFactor(consumer: t.consumer, of: q, values: r.values) else {
                    continue
                }
                let adjoint = r.gradients[t.consumer]
                if gives(base - adjoint * t.factor + adjoint * factor) { return .missingActivationDerivative(label) }
            }
        case .objectiveGradient(let k):
            let q = network.parameterIndices[k]
            guard c.samples.count >= 2 else { return nil }
            for (i, r) in c.samples.enumerated() where gives(base - reduce(r.gradients[q])) {
                return .missingTerm("sample \(i)")
            }
        case .objective:
            guard c.samples.count >= 2 else { return nil }
            for (i, r) in c.samples.enumerated() where gives(base - reduce(r.values[network.lossIndex])) {
                return .missingTerm("sample \(i)")
            }
        case .update(let k):
            let v = options.momentum * c.velocityBefore[k] + c.objectiveGradients[k]
            let w = c.parameters[k]
            if gives(w + options.learningRate * v) { return .updateSign }
            if options.learningRate != 1, gives(w - v) { return .learningRate }
        case .value: break
        }
        return nil
    }

    /// `dL/dz2 · w3`: the term consumer c contributes to dL/dq, written symbolically when it can be.
    func describeTerm(consumer c: Int, of q: Int) -> String {
        let names = shape.names
        let factor =
            trace.network.formulas[c]?.symbolicDerivative(withRespectTo: names[q])
            .map { FormulaFormatting.render($0, .text) } ?? "∂\(names[c])/∂\(names[q])"
        return "dL/d\(names[c]) · \(factor)"
    }

    /// For a consumer c = f(inner) with f an activation: ∂inner/∂q (what c's factor would be
    /// without f'), when it is a single symbol, and the label `relu'(z1)`.
    func activationFreeFactor(consumer c: Int, of q: Int, values: [Rational]) -> (Rational, String)? {
        let network = trace.network
        guard case .call(let f, let arguments)? = network.formulas[c], f.isActivation else { return nil }
        let inner = arguments[0]
        guard !arguments.dropFirst().contains(where: { $0.refers(to: shape.names[q]) }) else { return nil }
        let label = "\(f.name)'(\(FormulaFormatting.render(inner, .text)))"
        if inner.isQuantity(shape.names[q]) { return (1, label) }
        guard let symbol = inner.symbolicDerivative(withRespectTo: shape.names[q]) else { return nil }
        switch symbol {
        case .constant(let value): return (value, label)
        case .quantity(let name): return network.index(of: name).map { (values[$0], label) }
        case .negate(.quantity(let name)): return network.index(of: name).map { (-values[$0], label) }
        default: return nil
        }
    }

    /// The nearest other entry of the same step and sample (before it, else after it) whose key
    /// value the sheet wrote: `z1 = 1/2` is h0's value, the product with w1 left out.
    func otherQuantity(_ position: Int, in section: [KeyEntry], _ g: GivenEntry) -> Mistake? {
        let own = trace.value(of: section[position])
        for other in shape.neighbours(of: position, in: section) {
            let value = trace.value(of: other)
            if value != own && match(g, value).matches { return .otherQuantity(shape.name(of: other)) }
        }
        return nil
    }
}
