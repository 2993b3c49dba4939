import ExactArithmetic
import RealModule

extension Network {
    /// Evaluates one sample: forward pass, then dL/dq for every named quantity.
    ///
    /// ```swift
    /// let r = try network.evaluate(sample: ["x": 1, "y": -3], parameters: network.initialParameters)
    /// r.value(of: "z2")   // 3/8
    /// ```
    public func evaluate(sample: [String: Scalar], parameters: [Scalar]) throws(NetworkError) -> SampleResult<Scalar> {
        var record = Record(recordsBranchOutcomes: false)
        var workspace = Workspace(self)
        return try evaluate(
            sampleValues: try sampleValues(sample, index: 0), parameters: parameters,
            step: 0, sample: 0, mode: .chainRule, record: &record, workspace: &workspace)
    }

    /// Orders a sample's values like ``sampleIndices``, checking every name.
    func sampleValues(_ sample: [String: Scalar], index: Int) throws(NetworkError) -> [Scalar] {
        var values: [Scalar] = []
        values.reserveCapacity(sampleIndices.count)
        for q in sampleIndices {
            guard let value = sample[quantities[q].name] else { break }
            values.append(value)
        }
        // Every name found, and no other (a dictionary's keys are distinct): each key was looked
        // up once, where checking each one first would hash every name twice.
        if values.count == sampleIndices.count && sample.count == values.count { return values }
        for name in sample.keys {
            guard let q = indexByName[name], quantities[q].role == .input || quantities[q].role == .target else {
                throw .unexpectedSampleValue(name, sample: index)
            }
        }
        // Not every name was found: had they all been, the count would differ only by an unexpected key.
        let missing = sampleIndices.first { sample[quantities[$0].name] == nil }!
        throw .missingSampleValue(quantities[missing].name, sample: index)
    }

    /// How much of the backward pass to run.
    enum Mode {
        /// Forward only (the final evaluation).
        case valuesOnly
        /// One reverse sweep over the tape: gradients, no chain-rule terms.
        case gradients
        /// Definition by definition, keeping each ∂consumer/∂quantity for the answer key.
        case chainRule
    }

    /// Buffers reused across samples, so an evaluation allocates only its results.
    struct Workspace {
        var values: [Scalar]
        /// Slot adjoints; a slot's entry means something only while `touched` says so.
        var adjoint: [Scalar]
        /// Resetting flags instead of values keeps each slot's heap storage for the next
        /// sample, so a first contribution is computed straight into it.
        var touched: [Bool]
        /// The size bound of ``Limits/maximumBits``, checked inside a pass too.
        var maximumBits = Limits.standard.maximumBits
        /// A grader's overrides (`nil` in training): the solver's world of ``SolverWorld``.
        var overrides: Overrides?
        /// The parameter gradients of the samples this workspace evaluated this step, summed
        /// (``Network/addGradients(_:at:present:into:step:limit:)``).
        var gradientSums: [Scalar]
        /// The step whose parameter gradients the parameter slots' adjoints are summing, in
        /// place, when a run keeps no sample results (``Network/reverseSweep(_:step:returningGradients:)``);
        /// ``Network/takeGradientSums(from:budget:step:limit:)`` copies them into `gradientSums`.
        var summedStep: Int?

        init(_ network: Network) {
            values = network.program.template
            adjoint = [Scalar](repeating: .zero, count: values.count)
            touched = [Bool](repeating: false, count: values.count)
            gradientSums = [Scalar](repeating: .zero, count: network.parameterIndices.count)
        }
    }

    /// What a grader imposes on an evaluation: after each quantity is computed from its
    /// references, `carry` sees the value (what the solver's earlier entries imply) and
    /// returns the value the evaluation goes on with (the solver's own entry, if any).
    struct Overrides {
        /// Forward values, by quantity index.
        var carryValue: (_ quantity: Int, _ implied: Scalar) -> Scalar
        /// dL/dq, by quantity index, once every consumer of q has contributed.
        var carryGradient: (_ quantity: Int, _ implied: Scalar) -> Scalar
        /// What each quantity's own formula gave, before `carryValue`.
        var impliedValues: [Scalar] = []
        /// What each dL/dq summed to, before `carryGradient`.
        var impliedGradients: [Scalar] = []

        mutating func carry(_ q: Int, value: Scalar) -> Scalar {
            impliedValues.append(value)
            return carryValue(q, value)
        }
    }

    /// What a run keeps besides values: kinks always, branch outcomes for cross-checks.
    struct Record {
        var recordsBranchOutcomes: Bool
        var kinks: [Kink] = []
        var branchOutcomes: [BranchOutcome] = []
    }

    /// Evaluates one sample in `workspace`; with `keeps` false the result holds no values or
    /// gradients (they stay in the workspace's slots until the next sample) and `mode` must not
    /// be `.chainRule`.
    func evaluate(
        sampleValues: [Scalar], parameters: [Scalar], step: Int, sample: Int, mode: Mode,
        record: inout Record, workspace: inout Workspace, keeps: Bool = true
    ) throws(NetworkError) -> SampleResult<Scalar> {
        precondition(keeps || mode != .chainRule, "chain-rule terms belong to a kept result")
        let p = program
        let count = p.codes.count
        let recordsBranches = record.recordsBranchOutcomes
        let maximumBits = workspace.maximumBits

        var overrides = workspace.overrides
        workspace.overrides = nil
        // Forward. Every non-literal slot is rewritten, so the buffer needs no reset.
        // The first failure is returned out of the closures: a variable they wrote was allocated on
        // the heap for every sample.
        let failure: NetworkError? = workspace.values.withUnsafeMutableBufferPointer { v in
            for (k, q) in sampleIndices.enumerated() { v[p.slotOfQuantity[q]] = sampleValues[k] }
            // Parameters and constants are the same from sample to sample: reloading them would
            // change two reference counts each.
            for (k, slot) in parameterSlots.enumerated() where !v[slot].isIdentical(to: parameters[k]) {
                v[slot] = parameters[k]
            }
            for (q, value) in p.constantValues.enumerated() {
                if let value, !v[p.slotOfQuantity[q]].isIdentical(to: value) { v[p.slotOfQuantity[q]] = value }
            }
            let base = UnsafePointer(v.baseAddress!)
            return withTape { tape -> NetworkError? in
                // The quantity instruction i computes, as errors and records name it.
                func owner(_ i: Int) -> String { quantities[p.owners[i]].name }
                // Every result is bounded before it is computed (a sum or product of exact values
                // needs at most the bits of its operands, plus one for a carry), so GMP is never
                // asked for more than the limit allows.
                func tooLarge(_ bound: Int, _ i: Int) -> NetworkError {
                    .numbersTooLarge(
                        quantity: owner(i), bits: bound, step: step, limit: maximumBits)
                }
                func divisionByZero(_ i: Int) -> NetworkError {
                    .divisionByZero(quantity: owner(i), step: step, sample: sample)
                }
                func exceeding(_ x: Scalar, _ y: Scalar, plus extra: Int = 0) -> Int? {
                    sizeExceeding(x, y, plus: extra, limit: maximumBits)
                }
                @inline(__always) func run(_ instructions: Range<Int>) -> NetworkError? {
                    for i in instructions {
                        let a = tape.first[i]
                        let b = tape.second[i]
                        switch tape.codes[i] {
                        case .leaf, .literal: continue
                        case .add:
                            if let bound = exceeding(v[a], v[b], plus: 1) { return tooLarge(bound, i) }
                            v[i].store(base + a, base + b, .add)
                        case .linear:
                            let terms = tape.terms(of: b)
                            var bound = terms.count
                            if !Scalar.hasFixedSize {
                                for (x, y) in terms {
                                    bound += v[x].storageBitsBound + (y >= 0 ? v[y].storageBitsBound : 0)
                                }
                            }
                            if bound > maximumBits {
                                bound = terms.count
                                for (x, y) in terms { bound += v[x].storageBits + (y >= 0 ? v[y].storageBits : 0) }
                                if bound > maximumBits { return tooLarge(bound, i) }
                            }
                            // The terms never name slot i itself: they were computed before it.
                            v[i].storeLinearCombination(of: UnsafeBufferPointer(v), terms: terms)
                        case .subtract:
                            if let bound = exceeding(v[a], v[b], plus: 1) { return tooLarge(bound, i) }
                            v[i].store(base + a, base + b, .subtract)
                        case .multiply:
                            if let bound = exceeding(v[a], v[b]) { return tooLarge(bound, i) }
                            v[i].store(base + a, base + b, .multiply)
                        case .divide:
                            guard v[b] != .zero else { return divisionByZero(i) }
                            if let bound = exceeding(v[a], v[b]) { return tooLarge(bound, i) }
                            v[i] = v[a] / v[b]
                        case .negate: v[i] = -v[a]
                        case .power:
                            if b < 0 && v[a] == .zero { return divisionByZero(i) }
                            let bits = v[a].storageBits.multipliedReportingOverflow(by: Swift.abs(b))
                            if bits.overflow || bits.partialValue > maximumBits {
                                return tooLarge(bits.overflow ? .max : bits.partialValue, i)
                            }
                            v[i] = integerPower(v[a], b)
                        case .primitive:
                            let f = tape.primitives[i]
                            let s = f.outcome(base + a, base + b)
                            if f.branching != nil {
                                if s == 0 {
                                    record.kinks.append(
                                        Kink(
                                            step: step, sample: sample, quantity: owner(i),
                                            function: f)
                                    )
                                }
                                if recordsBranches {
                                    record.branchOutcomes.append(
                                        BranchOutcome(
                                            step: step, sample: sample,
                                            quantity: owner(i),
                                            function: f, sign: s))
                                }
                            }
                            guard f.isDefined(at: base + a) else {
                                return .outsideDomain(
                                    function: f, quantity: owner(i), step: step, sample: sample)
                            }
                            if f.canMultiplySizes, let bound = exceeding(v[a], v[b]) { return tooLarge(bound, i) }
                            guard f.evaluate(base + a, base + b, outcome: s, into: &v[i]) else {
                                return .unsupportedFunction(
                                    f, scalar: "\(Scalar.self)", in: owner(i))
                            }
                        }
                    }
                    return nil
                }
                guard overrides != nil else { return run(p.firstComputed..<count) }
                // A grader's world: quantity by quantity, each value replaced by what the solver carried on.
                for q in quantities.indices {
                    let slot = p.slotOfQuantity[q]
                    if let failure = run(p.rangeOfQuantity[q]) { return failure }
                    v[slot] = overrides!.carry(q, value: v[slot])
                }
                return nil
            }
        }
        workspace.overrides = overrides
        if let failure { throw failure }
        // Computed values are kept as detached copies, so their slots compute the next sample in place.
        let values: [Scalar] =
            !keeps
            ? []
            : workspace.values.withUnsafeBufferPointer { v in
                p.quantityIsComputed.indices.map { q in
                    let slot = p.slotOfQuantity[q]
                    return p.quantityIsComputed[q] ? Scalar.detachedCopy(of: v.baseAddress! + slot) : v[slot]
                }
            }
        switch mode {
        case .valuesOnly:
            return SampleResult(values: values, gradients: [], chainTerms: [], indexByName: indexByName)
        case .gradients:
            return SampleResult(
                values: values, gradients: try reverseSweep(&workspace, step: step, returningGradients: keeps),
                chainTerms: [], indexByName: indexByName)
        case .chainRule:
            let (gradients, terms) = try chainRuleSweep(&workspace, step: step)
            return SampleResult(values: values, gradients: gradients, chainTerms: terms, indexByName: indexByName)
        }
    }

}

/// x^n by repeated squaring; n < 0 divides (the caller has excluded x = 0).
func integerPower<S: NetworkScalar>(_ x: S, _ n: Int) -> S {
    var result: S = 1
    var base = x
    var e = n.magnitude
    while e > 0 {
        if e & 1 == 1 { result *= base }
        e >>= 1
        if e > 0 { base *= base }
    }
    return n < 0 ? 1 / result : result
}
