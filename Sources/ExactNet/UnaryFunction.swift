import RealModule

/// The transcendental functions a network may use when its scalar is `Real`.
public enum ElementaryFunction: String, CaseIterable, Sendable {
    case sigmoid, tanh, exp, log, softplus
}

/// A smooth unary function with its derivative, for scalars that can evaluate it.
///
/// ```swift
/// let s = UnaryFunction<Double>.elementary(.sigmoid)
/// s.value(0)                    // 0.5
/// s.derivative(0, 0.5)          // 0.25
/// ```
public struct UnaryFunction<Scalar>: @unchecked Sendable {
    /// The name shown in answer keys.
    public var name: String
    /// f(x).
    public var value: (Scalar) -> Scalar
    /// f'(x), given x and f(x) (so sigmoid' can reuse the value).
    public var derivative: (Scalar, Scalar) -> Scalar
    /// Where f is undefined: the engine reports an error instead of producing NaN.
    public var domain: (Scalar) -> Bool

    /// A function with its derivative.
    public init(name: String, value: @escaping (Scalar) -> Scalar,
                derivative: @escaping (Scalar, Scalar) -> Scalar,
                domain: @escaping (Scalar) -> Bool = { _ in true }) {
        self.name = name
        self.value = value
        self.derivative = derivative
        self.domain = domain
    }
}

extension UnaryFunction where Scalar: Real {
    /// The elementary function over a `Real` scalar.
    public static func elementary(_ function: ElementaryFunction) -> UnaryFunction {
        switch function {
        case .sigmoid:
            return UnaryFunction(name: "sigmoid", value: { 1 / (1 + .exp(-$0)) }, derivative: { _, s in s * (1 - s) })
        case .tanh:
            return UnaryFunction(name: "tanh", value: { .tanh($0) }, derivative: { _, t in 1 - t * t })
        case .exp:
            return UnaryFunction(name: "exp", value: { .exp($0) }, derivative: { _, e in e })
        case .log:
            return UnaryFunction(name: "log", value: { .log($0) }, derivative: { x, _ in 1 / x }, domain: { $0 > 0 })
        case .softplus:
            return UnaryFunction(name: "softplus", value: { x in x > 0 ? x + .log(onePlus: .exp(-x)) : .log(onePlus: .exp(x)) },
                                 derivative: { x, _ in 1 / (1 + .exp(-x)) })
        }
    }
}
