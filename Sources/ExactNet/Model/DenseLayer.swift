/// The activation of a dense layer: any one-argument primitive, leaky_relu with a
/// fixed slope, or none.
///
/// ```swift
/// let a: DenseActivation<Double> = .primitive(.tanh)
/// let b: DenseActivation<Rational> = .relu
/// ```
public enum DenseActivation<Scalar> {
    /// A primitive of arity 1 (relu, abs, square; sigmoid, tanh, … where the scalar has them).
    case primitive(Primitive)
    /// leaky_relu with the given slope for negative inputs.
    case leakyReLU(alpha: Scalar)
    /// No activation: the layer's output is its pre-activation.
    case identity

    /// max(0, z).
    public static var relu: DenseActivation { .primitive(.relu) }

    func apply(_ z: Formula<Scalar>) -> Formula<Scalar> {
        switch self {
        case .primitive(let p): return .call(p, [z])  // a two-argument primitive is a compile error of the network
        case .leakyReLU(let alpha): return .call(.leakyReLU, [z, .constant(alpha)])
        case .identity: return z
        }
    }
}

extension DenseActivation: Sendable where Scalar: Sendable {}

/// The per-sample loss of ``NetworkBuilder/multilayerPerceptron(sizes:activation:loss:weight:bias:)``.
public enum PerceptronLoss: Sendable {
    /// Σ |y_j − ŷ_j|.
    case absoluteError
    /// Σ (y_j − ŷ_j)².
    case squaredError
}

extension NetworkBuilder {
    /// Adds a dense layer named `name`: `name_z_j = Σ_i name_w_j_i · inputs[i] + name_b_j`
    /// and `name_h_j = activation(name_z_j)`, declaring its weights and biases as
    /// parameters. Returns the activations.
    ///
    /// ```swift
    /// var b = NetworkBuilder<Rational>()
    /// let x = [b.input("x0"), b.input("x1")]
    /// let h = b.denseLayer("l1", inputs: x, weights: [[1, -1], [Rational(1, 2), 2]], biases: [0, 1], activation: .relu)
    /// ```
    public mutating func denseLayer(
        _ name: String, inputs: [Formula<Scalar>], weights: [[Scalar]],
        biases: [Scalar]?, activation: DenseActivation<Scalar>
    ) -> [Formula<Scalar>] {
        precondition(weights.allSatisfy { $0.count == inputs.count }, "each weight row needs one weight per input")
        var outputs: [Formula<Scalar>] = []
        for (j, row) in weights.enumerated() {
            var sum: Formula<Scalar>?
            for (i, w) in row.enumerated() {
                let term = parameter("\(name)_w\(j)_\(i)", w) * inputs[i]
                sum = sum.map { $0 + term } ?? term
            }
            if let biases { sum = sum.map { $0 + parameter("\(name)_b\(j)", biases[j]) } }
            let z = define("\(name)_z\(j)", sum ?? .constant(.zero))
            if case .identity = activation {
                outputs.append(z)
            } else {
                outputs.append(define("\(name)_h\(j)", activation.apply(z)))
            }
        }
        return outputs
    }

    /// A multilayer perceptron with `sizes` (inputs first, e.g. `[4, 8, 8, 1]`): inputs
    /// `x0…`, targets `y0…`, hidden layers `l1…` with `activation`, a linear output layer
    /// whose values are `yhat0…`, and `loss`. Weights and biases come from the closures
    /// (layer number from 1, output row, input column).
    ///
    /// ```swift
    /// let b = NetworkBuilder<Rational>.multilayerPerceptron(
    ///     sizes: [4, 8, 8, 1], activation: .relu, loss: .absoluteError,
    ///     weight: { l, j, i in Rational((l + 2 * j + 3 * i) % 7 - 3, 8) },
    ///     bias: { _, _ in 0 })
    /// let network = try b.build()
    /// ```
    public static func multilayerPerceptron(
        sizes: [Int], activation: DenseActivation<Scalar>, loss: PerceptronLoss = .absoluteError,
        weight: (_ layer: Int, _ row: Int, _ column: Int) -> Scalar,
        bias: (_ layer: Int, _ row: Int) -> Scalar
    ) -> NetworkBuilder<Scalar> {
        precondition(
            sizes.count >= 2 && sizes.allSatisfy { $0 > 0 }, "an MLP needs at least an input and an output size")
        var b = NetworkBuilder<Scalar>()
        var current = (0..<sizes[0]).map { b.input("x\($0)") }
        for layer in 1..<sizes.count {
            let isOutput = layer == sizes.count - 1
            let weights = (0..<sizes[layer]).map { j in (0..<sizes[layer - 1]).map { i in weight(layer, j, i) } }
            let biases = (0..<sizes[layer]).map { bias(layer, $0) }
            current = b.denseLayer(
                "l\(layer)", inputs: current, weights: weights, biases: biases,
                activation: isOutput ? .identity : activation)
        }
        var total: Formula<Scalar>?
        for (j, output) in current.enumerated() {
            let yhat = b.define("yhat\(j)", output)
            let difference = b.target("y\(j)") - yhat
            let term = loss == .absoluteError ? Formula.call(.abs, [difference]) : .call(.square, [difference])
            total = total.map { $0 + term } ?? term
        }
        b.define("loss", total!)
        return b
    }
}
