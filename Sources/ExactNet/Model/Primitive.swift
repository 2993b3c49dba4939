import RealModule

/// Every function a network may apply, with all that the parser, the constant folder,
/// the compiler, the engine and the renderers need to know about it.
///
/// This table is the one home of a function: its name, arity, branch and subgradient
/// convention, how it is typeset, and its value and derivative rule. Adding a case here
/// makes every exhaustive `switch` below name what the new function still needs.
///
/// ```swift
/// Primitive(rawValue: "leaky_relu")?.arity        // 2
/// Primitive.relu.kinkConvention                   // "relu'(0) = 0"
/// Primitive.allCases.filter(\.isTranscendental)   // sigmoid, tanh, exp, log, softplus
/// ```
public enum Primitive: String, CaseIterable, Sendable {
    /// max(0, x); relu'(0) = 0.
    case relu
    /// |x|; abs'(0) = 0.
    case abs
    /// x².
    case square
    /// x, as a named step of its own (`yhat = identity(z2)`).
    case identity
    /// x for x > 0, alpha · x otherwise; the derivative at 0 is alpha.
    case leakyReLU = "leaky_relu"
    /// The larger argument; a tie sends half of the gradient to each.
    case max
    /// The smaller argument; a tie sends half of the gradient to each.
    case min
    /// 1 / (1 + e^-x).
    case sigmoid
    /// Hyperbolic tangent.
    case tanh
    /// e^x.
    case exp
    /// Natural logarithm, defined for x > 0.
    case log
    /// log(1 + e^x).
    case softplus

    /// The name written in network files and answer keys (`leaky_relu`).
    public var name: String { rawValue }

    /// How many arguments the function takes.
    public var arity: Int {
        switch self {
        case .leakyReLU, .max, .min: return 2
        case .relu, .abs, .square, .identity, .sigmoid, .tanh, .exp, .log, .softplus: return 1
        }
    }

    /// What a piecewise function decides its branch on.
    public enum Branching: Sendable {
        /// The sign of the first argument (relu, abs, leaky_relu).
        case signOfArgument
        /// The sign of a − b (max, min).
        case comparison
    }

    /// The branch decision of a piecewise function, `nil` for smooth ones.
    public var branching: Branching? {
        switch self {
        case .relu, .abs, .leakyReLU: return .signOfArgument
        case .max, .min: return .comparison
        case .square, .identity, .sigmoid, .tanh, .exp, .log, .softplus: return nil
        }
    }

    /// The subgradient convention applied exactly at the kink, `nil` for smooth functions.
    public var kinkConvention: String? {
        switch self {
        case .relu, .abs: return "\(name)'(0) = 0"
        case .leakyReLU: return "\(name)'(0) = alpha"
        case .max, .min: return "tie: each argument receives half of the gradient"
        case .square, .identity, .sigmoid, .tanh, .exp, .log, .softplus: return nil
        }
    }

    /// `true` for a unit's activation function, whose derivative a hand solution can forget
    /// (a grader names that mistake); `abs`, `square`, `max` and `min` build losses and pools.
    public var isActivation: Bool {
        switch self {
        case .relu, .leakyReLU, .sigmoid, .tanh, .softplus: return true
        case .abs, .square, .identity, .max, .min, .exp, .log: return false
        }
    }

    /// `true` for functions no exact scalar can evaluate: they need the scalar's
    /// elementary functions (swift-numerics' `ElementaryFunctions`).
    public var isTranscendental: Bool {
        switch self {
        case .sigmoid, .tanh, .exp, .log, .softplus: return true
        case .relu, .abs, .square, .identity, .leakyReLU, .max, .min: return false
        }
    }

    /// How a call is typeset in LaTeX.
    public enum Typesetting: Sendable, Equatable {
        /// `\max\left(a, b\right)` or `\operatorname{relu}\left(x\right)`: the operator's LaTeX.
        case operatorName(String)
        /// `\left\lvert x \right\rvert`.
        case absoluteValueBars
        /// `x^{2}`.
        case squared
    }

    /// How the function is typeset in LaTeX.
    public var typesetting: Typesetting {
        switch self {
        case .abs: return .absoluteValueBars
        case .square: return .squared
        case .max, .min, .exp, .log, .tanh: return .operatorName("\\\(name)")
        case .relu, .identity, .leakyReLU, .sigmoid, .softplus:
            return .operatorName("\\operatorname{\(name.replacingOccurrences(of: "_", with: "\\_"))}")
        }
    }

    /// `true` when the result can be a product of the arguments, so exact sizes can
    /// double: the engine checks sizes after such a call.
    var canMultiplySizes: Bool {
        switch self {
        case .square, .leakyReLU, .sigmoid, .tanh, .exp, .log, .softplus: return true
        case .relu, .abs, .identity, .max, .min: return false
        }
    }

    /// Whether `Scalar` can evaluate this function.
    public func isAvailable<Scalar: NetworkScalar>(for: Scalar.Type) -> Bool {
        !isTranscendental || Scalar.hasElementaryFunctions
    }
}

// MARK: - The rules

extension Primitive {
    /// The outcome of a branch whose deciding value is NaN (a float run only): never a kink.
    public static let unordered: Int8 = 2

    /// The branch taken at (x, y): the sign of x, or of x − y for comparisons, and 0 for
    /// smooth functions. 0 on a piecewise function means "exactly at the kink";
    /// ``unordered`` means a NaN decided nothing. Operands are read where they lie in the
    /// engine's buffers, as in every rule below (a value read out is a copy to reference-count).
    @inline(__always)
    func outcome<S: NetworkScalar>(_ x: UnsafePointer<S>, _ y: UnsafePointer<S>) -> Int8 {
        switch branching {
        case .signOfArgument?: return S.sign(of: x) ?? Self.unordered
        case .comparison?:
            let (a, b) = (x.pointee, y.pointee)
            return a > b ? 1 : (a < b ? -1 : (a == b ? 0 : Self.unordered))
        case nil: return 0
        }
    }

    /// Whether the function is defined at x (log needs x > 0).
    @inline(__always)
    func isDefined<S: NetworkScalar>(at x: UnsafePointer<S>) -> Bool {
        self == .log ? S.sign(of: x) == 1 : true
    }

    /// Stores f(x, y) in `result`, given the branch `outcome(x, y)`. One-argument
    /// functions ignore y. Returns `false` when the scalar lacks the function.
    @inline(__always)
    func evaluate<S: NetworkScalar>(
        _ x: UnsafePointer<S>, _ y: UnsafePointer<S>, outcome s: Int8, into result: inout S
    ) -> Bool {
        if s == Self.unordered {
            result = x.pointee != x.pointee ? x.pointee : y.pointee  // NaN in, NaN out
            return true
        }
        // Copies, not shares: a slot that shares its operand's storage would make the operand
        // allocate afresh next sample instead of computing in place.
        switch self {
        case .relu:
            if s > 0 { result.storeCopy(of: x) } else { withUnsafePointer(to: .zero) { result.storeCopy(of: $0) } }
        case .abs: if s < 0 { result = -x.pointee } else { result.storeCopy(of: x) }
        case .square: result.store(x, x, .multiply)
        case .identity: result.storeCopy(of: x)
        case .leakyReLU: if s > 0 { result.storeCopy(of: x) } else { result.store(y, x, .multiply) }
        case .max: result.storeCopy(of: s >= 0 ? x : y)
        case .min: result.storeCopy(of: s <= 0 ? x : y)
        case .sigmoid, .tanh, .exp, .log, .softplus:
            guard let value = S.elementaryValue(self, at: x.pointee) else { return false }
            result = value
        }
        return true
    }

    /// ``evaluate(_:_:outcome:into:)`` of values: f(x, y), or `nil` when the scalar lacks the function.
    func value<S: NetworkScalar>(_ x: S, _ y: S) -> S? {
        withUnsafePointer(to: x) { x in
            withUnsafePointer(to: y) { y in
                var result = S.zero
                return evaluate(x, y, outcome: outcome(x, y), into: &result) ? result : nil
            }
        }
    }

    /// ∂f/∂x and ∂f/∂y at (x, y), where `value` = f(x, y). The subgradient conventions
    /// live here: relu'(0) = 0, abs'(0) = 0, leaky_relu'(0) = alpha, ties split in halves.
    @inline(__always)
    func partials<S: NetworkScalar>(
        _ x: UnsafePointer<S>, _ y: UnsafePointer<S>, value: UnsafePointer<S>
    ) -> (LocalDerivative<S>, LocalDerivative<S>) {
        let s = outcome(x, y)
        if s == Self.unordered { return (.scalar(value.pointee), .scalar(value.pointee)) }  // NaN flows back
        switch self {
        case .relu: return (s > 0 ? .one : .zero, .zero)
        case .abs: return (s > 0 ? .one : (s < 0 ? .negativeOne : .zero), .zero)
        case .square: return (.scalar(2 * x.pointee), .zero)
        case .identity: return (.one, .zero)
        case .leakyReLU: return s > 0 ? (.one, .zero) : (.scalar(y.pointee), .scalar(x.pointee))
        case .max: return s == 0 ? (.half, .half) : (s > 0 ? (.one, .zero) : (.zero, .one))
        case .min: return s == 0 ? (.half, .half) : (s < 0 ? (.one, .zero) : (.zero, .one))
        case .sigmoid, .tanh, .exp, .log, .softplus:
            return (
                S.elementaryDerivative(self, at: x.pointee, value: value.pointee).map { .scalar($0) } ?? .zero, .zero
            )
        }
    }

    /// The value of a transcendental function over a scalar with elementary functions.
    func elementaryValue<S: ElementaryFunctions & NetworkScalar>(at x: S) -> S {
        switch self {
        case .sigmoid: return 1 / (1 + .exp(-x))
        case .tanh: return .tanh(x)
        case .exp: return .exp(x)
        case .log: return .log(x)
        // Written so that neither branch overflows: x + log(1 + e^-x) for x > 0.
        case .softplus: return x > .zero ? x + .log(onePlus: .exp(-x)) : .log(onePlus: .exp(x))
        case .relu, .abs, .square, .identity, .leakyReLU, .max, .min:
            preconditionFailure("\(name) is not transcendental")
        }
    }

    /// f'(x) of a transcendental function, given f(x) (so sigmoid' reuses the value).
    func elementaryDerivative<S: ElementaryFunctions & NetworkScalar>(at x: S, value: S) -> S {
        switch self {
        case .sigmoid: return value * (1 - value)
        case .tanh: return 1 - value * value
        case .exp: return value
        case .log: return 1 / x
        case .softplus: return 1 / (1 + .exp(-x))
        case .relu, .abs, .square, .identity, .leakyReLU, .max, .min:
            preconditionFailure("\(name) is not transcendental")
        }
    }
}

/// A local derivative ∂f/∂argument, with the values that need no multiplication named,
/// so the reverse sweep adds, subtracts or halves instead of multiplying.
public enum LocalDerivative<Scalar> {
    /// 0: nothing flows back.
    case zero
    /// 1: the gradient flows back unchanged.
    case one
    /// -1.
    case negativeOne
    /// 1/2: a tie of max or min.
    case half
    /// Any other value.
    case scalar(Scalar)
}
