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
        var branches: [Int8] = []
        return try evaluate(sampleValues: try sampleValues(sample, index: 0), parameters: parameters,
                            step: 0, sample: 0, recordChain: true, kinks: &kinks, branches: &branches)
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

    func evaluate(sampleValues: [Scalar], parameters: [Scalar], step: Int, sample: Int, recordChain: Bool,
                  kinks: inout [Kink], branches: inout [Int8]) throws(NetworkError) -> SampleResult<Scalar> {
        let p = program
        var v = p.template
        for (k, q) in sampleIndices.enumerated() { v[p.slotOfQuantity[q]] = sampleValues[k] }
        for (k, q) in parameterIndices.enumerated() { v[p.slotOfQuantity[q]] = parameters[k] }
        for (q, value) in p.constantValues.enumerated() { if let value { v[p.slotOfQuantity[q]] = value } }
        if branches.count != v.count { branches = [Int8](repeating: 0, count: v.count) }

        func kink(_ i: Int, _ function: String, _ convention: String) {
            kinks.append(Kink(step: step, sample: sample, quantity: quantities[p.owners[i]].name,
                              function: function, convention: convention))
        }
        func sign(_ x: Scalar) -> Int8 { x > .zero ? 1 : (x < .zero ? -1 : 0) }

        // Forward.
        for i in p.operations.indices {
            switch p.operations[i] {
            case .leaf, .literal: continue
            case .add(let a, let b): v[i] = v[a] + v[b]
            case .subtract(let a, let b): v[i] = v[a] - v[b]
            case .multiply(let a, let b): v[i] = v[a] * v[b]
            case .divide(let a, let b):
                guard v[b] != .zero else { throw .divisionByZero(quantity: quantities[p.owners[i]].name, step: step, sample: sample) }
                v[i] = v[a] / v[b]
            case .negate(let a): v[i] = -v[a]
            case .power(let a, let n):
                if n < 0 && v[a] == .zero { throw .divisionByZero(quantity: quantities[p.owners[i]].name, step: step, sample: sample) }
                v[i] = integerPower(v[a], n)
            case .relu(let a):
                let s = sign(v[a]); branches[i] = s
                if s == 0 { kink(i, "relu", "relu'(0) = 0") }
                v[i] = s > 0 ? v[a] : .zero
            case .abs(let a):
                let s = sign(v[a]); branches[i] = s
                if s == 0 { kink(i, "abs", "abs'(0) = 0") }
                v[i] = s < 0 ? -v[a] : v[a]
            case .leakyReLU(let a, let alpha):
                let s = sign(v[a]); branches[i] = s
                if s == 0 { kink(i, "leaky_relu", "leaky_relu'(0) = alpha") }
                v[i] = s > 0 ? v[a] : v[alpha] * v[a]
            case .max(let a, let b):
                let s = sign(v[a] - v[b]); branches[i] = s
                if s == 0 { kink(i, "max", "tie: each argument receives half of the gradient") }
                v[i] = s >= 0 ? v[a] : v[b]
            case .min(let a, let b):
                let s = sign(v[a] - v[b]); branches[i] = s
                if s == 0 { kink(i, "min", "tie: each argument receives half of the gradient") }
                v[i] = s <= 0 ? v[a] : v[b]
            case .square(let a): v[i] = v[a] * v[a]
            case .identity(let a): v[i] = v[a]
            case .function(let a, let f):
                let function = p.functions[f]
                guard function.domain(v[a]) else {
                    throw .outsideDomain(function: function.name, quantity: quantities[p.owners[i]].name, step: step, sample: sample)
                }
                v[i] = function.value(v[a])
            }
        }

        // Backward, one definition at a time: a local pass seeded with 1 gives
        // ∂q/∂r for each name r that q uses; then dL/dr += dL/dq · ∂q/∂r.
        let count = quantities.count
        var adjoint = [Scalar](repeating: .zero, count: count)
        adjoint[lossIndex] = 1
        var terms = [[ChainTerm<Scalar>]](repeating: [], count: recordChain ? count : 0)
        var local = [Scalar](repeating: .zero, count: v.count)
        let two: Scalar = 2
        for q in stride(from: count - 1, through: 0, by: -1) {
            let range = p.rangeOfQuantity[q]
            guard !range.isEmpty, recordChain || adjoint[q] != .zero else { continue }
            for i in range { local[i] = .zero }
            for e in p.edges[q] { local[e.slot] = .zero }
            local[range.upperBound - 1] = 1
            for i in range.reversed() {
                let g = local[i]
                if g == .zero { continue }
                @inline(__always) func add(_ slot: Int, _ d: Scalar) { if !p.isLiteral[slot] { local[slot] += d } }
                switch p.operations[i] {
                case .leaf, .literal: break
                case .add(let a, let b): add(a, g); add(b, g)
                case .subtract(let a, let b): add(a, g); add(b, -g)
                case .multiply(let a, let b): add(a, g * v[b]); add(b, g * v[a])
                case .divide(let a, let b):
                    let gb = g / v[b]
                    add(a, gb); add(b, -(gb * v[i]))
                case .negate(let a): add(a, -g)
                case .power(let a, let n):
                    if n != 0 { add(a, g * Scalar(exactly: n)! * integerPower(v[a], n - 1)) }
                case .relu(let a): if v[a] > .zero { add(a, g) }
                case .abs(let a):
                    if v[a] > .zero { add(a, g) } else if v[a] < .zero { add(a, -g) }
                case .leakyReLU(let a, let alpha):
                    if v[a] > .zero { add(a, g) } else { add(a, g * v[alpha]); add(alpha, g * v[a]) }
                case .max(let a, let b), .min(let a, let b):
                    let s = sign(v[a] - v[b])
                    let takesFirst: Bool
                    if case .max = p.operations[i] { takesFirst = s > 0 } else { takesFirst = s < 0 }
                    if s == 0 {
                        let half = g / two
                        add(a, half); add(b, half)
                    } else if takesFirst { add(a, g) } else { add(b, g) }
                case .square(let a): add(a, two * g * v[a])
                case .identity(let a): add(a, g)
                case .function(let a, let f): add(a, g * p.functions[f].derivative(v[a], v[i]))
                }
            }
            for e in p.edges[q] {
                let factor = local[e.slot]
                adjoint[e.quantity] += adjoint[q] * factor
                if recordChain { terms[e.quantity].append(ChainTerm(consumer: q, factor: factor)) }
            }
        }
        let values = p.slotOfQuantity.map { v[$0] }
        return SampleResult(values: values, gradients: adjoint, chainTerms: terms)
    }
}

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
