import RealModule
/// One term of the chain rule: dL/d(quantity) receives dL/d(consumer) · factor,
/// where factor = ∂consumer/∂quantity with every other name held fixed.
public struct ChainTerm<Scalar> {
    /// Index of the definition that uses the quantity.
    public var consumer: Int
    /// ∂consumer/∂quantity at this sample.
    public var factor: Scalar
}

/// A quantity evaluated exactly at a kink of a piecewise function, where the
/// subgradient convention (relu'(0) = 0, abs'(0) = 0, leaky_relu'(0) = alpha, ties of
/// max/min split the gradient in halves) decides the answer.
public struct Kink: Hashable, Sendable {
    /// Training step (the final evaluation after the last step has index `steps`).
    public var step: Int
    /// Sample index.
    public var sample: Int
    /// The named quantity whose definition contains the kink.
    public var quantity: String
    /// `relu`, `abs`, `leaky_relu`, `max` or `min`.
    public var function: String
    /// The convention that was applied.
    public var convention: String

    /// A kink record.
    public init(step: Int, sample: Int, quantity: String, function: String, convention: String) {
        self.step = step
        self.sample = sample
        self.quantity = quantity
        self.function = function
        self.convention = convention
    }
}

/// Forward values and reverse-mode gradients of one sample.
public struct SampleResult<Scalar> {
    /// The value of every named quantity, by quantity index.
    public var values: [Scalar]
    /// dL/dq for every named quantity q, where L is this sample's loss.
    public var gradients: [Scalar]
    /// The chain-rule terms that sum to each gradient (empty when not recorded).
    public var chainTerms: [[ChainTerm<Scalar>]]
}

extension Network {
    /// Evaluates one sample: forward pass, then dL/dq for every named quantity.
    ///
    /// ```swift
    /// let r = try network.evaluate(sample: ["x": 1, "y": -3], parameters: network.initialParameters)
    /// r.values[network.index(of: "z2")!]   // 3/8
    /// ```
    public func evaluate(sample: [String: Scalar], parameters: [Scalar]) throws(NetworkError) -> SampleResult<Scalar> {
        var kinks: [Kink] = []
        var branches: [Int8] = []  // not recorded
        var workspace = Workspace(self)
        return try evaluate(sampleValues: try sampleValues(sample, index: 0), parameters: parameters,
                            step: 0, sample: 0, mode: .chainRule, kinks: &kinks, branches: &branches, workspace: &workspace)
    }

    /// Orders a sample's values like ``sampleIndices``, checking every name.
    func sampleValues(_ sample: [String: Scalar], index: Int) throws(NetworkError) -> [Scalar] {
        for name in sample.keys {
            guard let q = indexByName[name], quantities[q].role == .input || quantities[q].role == .target else {
                throw .unexpectedSampleValue(name, sample: index)
            }
        }
        var values: [Scalar] = []
        for q in sampleIndices {
            guard let value = sample[quantities[q].name] else { throw .missingSampleValue(quantities[q].name, sample: index) }
            values.append(value)
        }
        return values
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
        /// The size bound of ``TrainingOptions/maximumBits``, checked inside a pass too.
        var maximumBits = TrainingOptions<Scalar>.defaultMaximumBits

        init(_ network: Network) {
            values = network.program.template
            adjoint = [Scalar](repeating: .zero, count: values.count)
            touched = [Bool](repeating: false, count: values.count)
        }
    }

    func evaluate(sampleValues: [Scalar], parameters: [Scalar], step: Int, sample: Int, mode: Mode,
                  kinks: inout [Kink], branches: inout [Int8], workspace: inout Workspace) throws(NetworkError) -> SampleResult<Scalar> {
        let p = program
        let count = p.codes.count
        // Branch outcomes are kept only for cross-checks (the caller passes a sized buffer).
        let recordsBranches = !branches.isEmpty
        let maximumBits = workspace.maximumBits
        var failure: NetworkError?

        // Forward. Every non-literal slot is rewritten, so the buffer needs no reset.
        workspace.values.withUnsafeMutableBufferPointer { v in
            for (k, q) in sampleIndices.enumerated() { v[p.slotOfQuantity[q]] = sampleValues[k] }
            for (k, q) in parameterIndices.enumerated() { v[p.slotOfQuantity[q]] = parameters[k] }
            for (q, value) in p.constantValues.enumerated() { if let value { v[p.slotOfQuantity[q]] = value } }
            withTape { tape in branches.withUnsafeMutableBufferPointer { branch in
                func kink(_ i: Int, _ function: String, _ convention: String) {
                    kinks.append(Kink(step: step, sample: sample, quantity: quantities[p.owners[i]].name,
                                      function: function, convention: convention))
                }
                // Products and quotients are where exact sizes jump: stop before the next one doubles them.
                func outgrown(_ i: Int) -> Bool {
                    let bits = v[i].storageBits
                    guard bits > maximumBits else { return false }
                    failure = .numbersTooLarge(quantity: quantities[p.owners[i]].name, bits: bits, step: step)
                    return true
                }
                for i in 0..<count {
                    let a = tape.first[i], b = tape.second[i]
                    switch tape.codes[i] {
                    case .leaf, .literal: continue
                    case .add: Scalar.storeSum(v[a], v[b], in: &v[i])
                    case .linear:
                        let terms = p.linearTerms[b]
                        Scalar.storeLinearCombination(count: terms.count, in: &v[i]) { k in
                            let (x, y) = terms[k]
                            return (v[x], y >= 0 ? v[y] : nil)
                        }
                        if outgrown(i) { return }
                    case .subtract: Scalar.storeDifference(v[a], v[b], in: &v[i])
                    case .multiply:
                        Scalar.storeProduct(v[a], v[b], in: &v[i])
                        if outgrown(i) { return }
                    case .divide:
                        guard v[b] != .zero else {
                            failure = .divisionByZero(quantity: quantities[p.owners[i]].name, step: step, sample: sample)
                            return
                        }
                        v[i] = v[a] / v[b]
                        if outgrown(i) { return }
                    case .negate: v[i] = -v[a]
                    case .power:
                        if b < 0 && v[a] == .zero {
                            failure = .divisionByZero(quantity: quantities[p.owners[i]].name, step: step, sample: sample)
                            return
                        }
                        let bits = v[a].storageBits.multipliedReportingOverflow(by: Swift.abs(b))
                        if bits.overflow || bits.partialValue > maximumBits {
                            failure = .numbersTooLarge(quantity: quantities[p.owners[i]].name,
                                                       bits: bits.overflow ? .max : bits.partialValue, step: step)
                            return
                        }
                        v[i] = integerPower(v[a], b)
                    case .relu:
                        let s = sign(v[a]); if recordsBranches { branch[i] = s }
                        if s == 0 { kink(i, "relu", "relu'(0) = 0") }
                        v[i] = s > 0 ? v[a] : .zero
                    case .abs:
                        let s = sign(v[a]); if recordsBranches { branch[i] = s }
                        if s == 0 { kink(i, "abs", "abs'(0) = 0") }
                        v[i] = s < 0 ? -v[a] : v[a]
                    case .leakyReLU:
                        let s = sign(v[a]); if recordsBranches { branch[i] = s }
                        if s == 0 { kink(i, "leaky_relu", "leaky_relu'(0) = alpha") }
                        v[i] = s > 0 ? v[a] : v[b] * v[a]
                    case .max:
                        let s = compare(v[a], v[b]); if recordsBranches { branch[i] = s }
                        if s == 0 { kink(i, "max", "tie: each argument receives half of the gradient") }
                        v[i] = s >= 0 ? v[a] : v[b]
                    case .min:
                        let s = compare(v[a], v[b]); if recordsBranches { branch[i] = s }
                        if s == 0 { kink(i, "min", "tie: each argument receives half of the gradient") }
                        v[i] = s <= 0 ? v[a] : v[b]
                    case .square:
                        Scalar.storeProduct(v[a], v[a], in: &v[i])
                        if outgrown(i) { return }
                    case .identity: v[i] = v[a]
                    case .function:
                        let function = p.functions[b]
                        guard function.domain(v[a]) else {
                            failure = .outsideDomain(function: function.name, quantity: quantities[p.owners[i]].name, step: step, sample: sample)
                            return
                        }
                        v[i] = function.value(v[a])
                    }
                }
            } }
        }
        if let failure { throw failure }
        let values = p.slotOfQuantity.map { workspace.values[$0] }
        switch mode {
        case .valuesOnly:
            return SampleResult(values: values, gradients: [], chainTerms: [])
        case .gradients:
            return SampleResult(values: values, gradients: reverseSweep(&workspace), chainTerms: [])
        case .chainRule:
            let (gradients, terms) = chainRuleSweep(&workspace)
            return SampleResult(values: values, gradients: gradients, chainTerms: terms)
        }
    }

    /// Unchecked views of the tape for the inner loops.
    struct Tape {
        let codes: UnsafeBufferPointer<Program<Scalar>.Opcode>
        let first: UnsafeBufferPointer<Int>
        let second: UnsafeBufferPointer<Int>
        let isLiteral: UnsafeBufferPointer<Bool>
    }

    func withTape<R>(_ body: (Tape) -> R) -> R {
        let p = program
        return p.codes.withUnsafeBufferPointer { codes in p.first.withUnsafeBufferPointer { first in
            p.second.withUnsafeBufferPointer { second in p.isLiteral.withUnsafeBufferPointer { literal in
                body(Tape(codes: codes, first: first, second: second, isLiteral: literal))
            } }
        } }
    }

    /// Plain reverse mode: one sweep down the tape.
    private func reverseSweep(_ workspace: inout Workspace) -> [Scalar] {
        let p = program
        let values = workspace.values
        withTape { tape in
            workspace.touched.withUnsafeMutableBufferPointer { touched in
                workspace.adjoint.withUnsafeMutableBufferPointer { g in
                    for i in touched.indices { touched[i] = false }
                    let loss = p.slotOfQuantity[lossIndex]
                    g[loss] = 1
                    touched[loss] = true
                    values.withUnsafeBufferPointer { v in
                        for i in stride(from: g.count - 1, through: 0, by: -1) where touched[i] && g[i] != .zero {
                            propagate(i, g[i], v, into: Accumulator(values: g, touched: touched, isLiteral: tape.isLiteral), tape)
                        }
                    }
                }
            }
        }
        return p.slotOfQuantity.map { workspace.touched[$0] ? workspace.adjoint[$0] : .zero }
    }

    /// Definition by definition: a local sweep seeded with 1 gives ∂q/∂r for each name r
    /// that q uses, then dL/dr += dL/dq · ∂q/∂r, and each product is kept as a chain term.
    private func chainRuleSweep(_ workspace: inout Workspace) -> ([Scalar], [[ChainTerm<Scalar>]]) {
        let p = program
        let values = workspace.values
        var adjoint = [Scalar](repeating: .zero, count: quantities.count)
        adjoint[lossIndex] = 1
        var terms = [[ChainTerm<Scalar>]](repeating: [], count: quantities.count)
        withTape { tape in workspace.touched.withUnsafeMutableBufferPointer { touched in
            workspace.adjoint.withUnsafeMutableBufferPointer { local in
            values.withUnsafeBufferPointer { v in
                for q in stride(from: quantities.count - 1, through: 0, by: -1) {
                    let range = p.rangeOfQuantity[q]
                    guard !range.isEmpty else { continue }
                    for i in range { touched[i] = false }
                    for e in p.edges[q] { touched[e.slot] = false }
                    local[range.upperBound - 1] = 1
                    touched[range.upperBound - 1] = true
                    let accumulator = Accumulator(values: local, touched: touched, isLiteral: tape.isLiteral)
                    for i in range.reversed() where touched[i] && local[i] != .zero {
                        propagate(i, local[i], v, into: accumulator, tape)
                    }
                    for e in p.edges[q] {
                        let factor = touched[e.slot] ? local[e.slot] : .zero
                        adjoint[e.quantity] += adjoint[q] * factor
                        terms[e.quantity].append(ChainTerm(consumer: q, factor: factor))
                    }
                }
            }
        } } }
        return (adjoint, terms)
    }

    /// Adjoint slots with "touched" flags: the first contribution to a slot is stored
    /// into its existing storage (`storeProduct`), later ones are added.
    struct Accumulator {
        let values: UnsafeMutableBufferPointer<Scalar>
        let touched: UnsafeMutableBufferPointer<Bool>
        let isLiteral: UnsafeBufferPointer<Bool>

        @inline(__always)
        func add(_ slot: Int, _ d: Scalar) {
            if isLiteral[slot] { return }
            if touched[slot] { values[slot] += d } else { values[slot] = d; touched[slot] = true }
        }

        @inline(__always)
        func addProduct(_ slot: Int, _ x: Scalar, _ y: Scalar) {
            if isLiteral[slot] { return }
            if touched[slot] {
                values[slot] += x * y
            } else {
                Scalar.storeProduct(x, y, in: &values[slot])
                touched[slot] = true
            }
        }
    }

    /// Adds instruction i's local derivatives, times its adjoint g, to its operands'
    /// adjoints. The subgradient conventions live here.
    @inline(__always)
    private func propagate(_ i: Int, _ g: Scalar, _ v: UnsafeBufferPointer<Scalar>, into adjoint: Accumulator, _ tape: Tape) {
        let a = tape.first[i], b = tape.second[i]
        let code = tape.codes[i]
        switch code {
        case .leaf, .literal: break
        case .add: adjoint.add(a, g); adjoint.add(b, g)
        case .linear:
            for (x, y) in program.linearTerms[b] {
                if y >= 0 {
                    adjoint.addProduct(x, g, v[y])
                    adjoint.addProduct(y, g, v[x])
                } else {
                    adjoint.add(x, g)
                }
            }
        case .subtract: adjoint.add(a, g); adjoint.add(b, -g)
        case .multiply: adjoint.addProduct(a, g, v[b]); adjoint.addProduct(b, g, v[a])
        case .divide:
            let gb = g / v[b]
            adjoint.add(a, gb); adjoint.add(b, -(gb * v[i]))
        case .negate: adjoint.add(a, -g)
        case .power: if b != 0 { adjoint.add(a, g * Scalar(exactly: b)! * integerPower(v[a], b - 1)) }
        case .relu: if v[a] > .zero { adjoint.add(a, g) }                    // relu'(0) = 0
        case .abs: if v[a] > .zero { adjoint.add(a, g) } else if v[a] < .zero { adjoint.add(a, -g) }   // abs'(0) = 0
        case .leakyReLU:                                                      // leaky_relu'(0) = alpha
            if v[a] > .zero { adjoint.add(a, g) } else { adjoint.addProduct(a, g, v[b]); adjoint.addProduct(b, g, v[a]) }
        case .max, .min:
            let s = compare(v[a], v[b])
            if s == 0 {
                let half = g / 2                                            // a tie splits the gradient
                adjoint.add(a, half); adjoint.add(b, half)
            } else if (s > 0) == (code == .max) { adjoint.add(a, g) } else { adjoint.add(b, g) }
        case .square: adjoint.add(a, 2 * g * v[a])
        case .identity: adjoint.add(a, g)
        case .function: adjoint.add(a, g * program.functions[b].derivative(v[a], v[i]))
        }
    }
}

@inline(__always)
func sign<S: NetworkScalar>(_ x: S) -> Int8 { x > .zero ? 1 : (x < .zero ? -1 : 0) }

@inline(__always)
func compare<S: NetworkScalar>(_ x: S, _ y: S) -> Int8 { x > y ? 1 : (x < y ? -1 : 0) }

/// x^n by repeated squaring; n < 0 divides (the caller has excluded x = 0).
func integerPower<S: NetworkScalar>(_ x: S, _ n: Int) -> S {
    var result: S = 1, base = x, e = n.magnitude
    while e > 0 {
        if e & 1 == 1 { result *= base }
        e >>= 1
        if e > 0 { base *= base }
    }
    return n < 0 ? 1 / result : result
}
