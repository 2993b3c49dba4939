/// An expression over named quantities, the right-hand side of a definition.
///
/// Build one with operators and the functions below; names refer to inputs,
/// targets, parameters, constants or other definitions.
///
/// ```swift
/// let z: Expression<Rational> = .quantity("w0") * .quantity("x") + .constant(Rational(2, 3))
/// let h = relu(z)
/// ```
public indirect enum Expression<Scalar>: @unchecked Sendable {
    /// A named quantity.
    case quantity(String)
    /// A literal value.
    case constant(Scalar)
    /// lhs + rhs, lhs - rhs, lhs · rhs, lhs / rhs.
    case binary(BinaryOperator, Expression, Expression)
    /// -x.
    case negate(Expression)
    /// x^n for an integer n (negative n divides).
    case power(Expression, Int)
    /// A piecewise-linear or polynomial activation.
    case activation(Activation, Expression)
    /// leaky_relu(x, alpha): x for x > 0, alpha · x otherwise.
    case leakyReLU(Expression, alpha: Expression)
    /// max(a, b) or min(a, b).
    case extremum(Extremum, Expression, Expression)
    /// A smooth function the scalar can evaluate (sigmoid, tanh, exp, log, softplus).
    case function(UnaryFunction<Scalar>, Expression)

    /// The four field operations.
    public enum BinaryOperator: String, Sendable { case add = "+", subtract = "-", multiply = "*", divide = "/" }
    /// Activations defined over any ordered field.
    public enum Activation: String, Sendable { case relu, abs, square, identity }
    /// max and min.
    public enum Extremum: String, Sendable { case max, min }

    /// The names this expression refers to, in order of first appearance.
    public var referencedNames: [String] {
        var names: [String] = []
        func visit(_ e: Expression) {
            switch e {
            case .quantity(let name): if !names.contains(name) { names.append(name) }
            case .constant: break
            case .binary(_, let a, let b), .extremum(_, let a, let b): visit(a); visit(b)
            case .leakyReLU(let a, let alpha): visit(a); visit(alpha)
            case .negate(let a), .power(let a, _), .activation(_, let a), .function(_, let a): visit(a)
            }
        }
        visit(self)
        return names
    }

    /// The same expression over another scalar, converting every literal with `convert`.
    public func map<Other>(_ convert: (Scalar) -> Other, function: (UnaryFunction<Scalar>) throws -> UnaryFunction<Other>) rethrows -> Expression<Other> {
        switch self {
        case .quantity(let name): return .quantity(name)
        case .constant(let value): return .constant(convert(value))
        case .binary(let op, let a, let b):
            return .binary(Expression<Other>.BinaryOperator(rawValue: op.rawValue)!, try a.map(convert, function: function), try b.map(convert, function: function))
        case .negate(let a): return .negate(try a.map(convert, function: function))
        case .power(let a, let n): return .power(try a.map(convert, function: function), n)
        case .activation(let kind, let a):
            return .activation(Expression<Other>.Activation(rawValue: kind.rawValue)!, try a.map(convert, function: function))
        case .leakyReLU(let a, let alpha): return .leakyReLU(try a.map(convert, function: function), alpha: try alpha.map(convert, function: function))
        case .extremum(let kind, let a, let b):
            return .extremum(Expression<Other>.Extremum(rawValue: kind.rawValue)!, try a.map(convert, function: function), try b.map(convert, function: function))
        case .function(let f, let a): return .function(try function(f), try a.map(convert, function: function))
        }
    }
}

extension Expression {
    /// Sum.
    public static func + (lhs: Expression, rhs: Expression) -> Expression { .binary(.add, lhs, rhs) }
    /// Difference.
    public static func - (lhs: Expression, rhs: Expression) -> Expression { .binary(.subtract, lhs, rhs) }
    /// Product.
    public static func * (lhs: Expression, rhs: Expression) -> Expression { .binary(.multiply, lhs, rhs) }
    /// Quotient; a zero divisor is reported as an error naming the quantity.
    public static func / (lhs: Expression, rhs: Expression) -> Expression { .binary(.divide, lhs, rhs) }
    /// Negation.
    public static prefix func - (operand: Expression) -> Expression { .negate(operand) }
}

extension Expression: ExpressibleByIntegerLiteral where Scalar: ExpressibleByIntegerLiteral {
    /// A literal constant, so that `2 * x` reads as written.
    public init(integerLiteral value: Scalar.IntegerLiteralType) { self = .constant(Scalar(integerLiteral: value)) }
}

extension Expression: ExpressibleByFloatLiteral where Scalar: ExpressibleByFloatLiteral {
    /// A literal constant: `0.5 * x` (over Rational, exactly 1/2).
    public init(floatLiteral value: Scalar.FloatLiteralType) { self = .constant(Scalar(floatLiteral: value)) }
}

/// max(0, x); relu'(0) = 0.
public func relu<S>(_ x: Expression<S>) -> Expression<S> { .activation(.relu, x) }
/// |x|; abs'(0) = 0.
public func abs<S>(_ x: Expression<S>) -> Expression<S> { .activation(.abs, x) }
/// x².
public func square<S>(_ x: Expression<S>) -> Expression<S> { .activation(.square, x) }
/// x, as its own named step (`yhat = identity(z2)`).
public func identity<S>(_ x: Expression<S>) -> Expression<S> { .activation(.identity, x) }
/// x for x > 0, alpha · x otherwise; the derivative at 0 is alpha.
public func leakyReLU<S>(_ x: Expression<S>, alpha: Expression<S>) -> Expression<S> { .leakyReLU(x, alpha: alpha) }
/// The larger of a and b; on a tie each receives half of the gradient.
public func max<S>(_ a: Expression<S>, _ b: Expression<S>) -> Expression<S> { .extremum(.max, a, b) }
/// The smaller of a and b; on a tie each receives half of the gradient.
public func min<S>(_ a: Expression<S>, _ b: Expression<S>) -> Expression<S> { .extremum(.min, a, b) }
/// x^n for an integer n.
public func pow<S>(_ x: Expression<S>, _ n: Int) -> Expression<S> { .power(x, n) }

import RealModule

/// The logistic function; only where the scalar is `Real` (never over exact rationals).
public func sigmoid<S: Real>(_ x: Expression<S>) -> Expression<S> { .function(.elementary(.sigmoid), x) }
/// Hyperbolic tangent; only where the scalar is `Real`.
public func tanh<S: Real>(_ x: Expression<S>) -> Expression<S> { .function(.elementary(.tanh), x) }
/// e^x; only where the scalar is `Real`.
public func exp<S: Real>(_ x: Expression<S>) -> Expression<S> { .function(.elementary(.exp), x) }
/// Natural logarithm; only where the scalar is `Real`.
public func log<S: Real>(_ x: Expression<S>) -> Expression<S> { .function(.elementary(.log), x) }
/// log(1 + e^x); only where the scalar is `Real`.
public func softplus<S: Real>(_ x: Expression<S>) -> Expression<S> { .function(.elementary(.softplus), x) }
