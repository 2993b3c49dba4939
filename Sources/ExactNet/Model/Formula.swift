import RealModule

/// A formula over named quantities: the right-hand side of a definition.
///
/// Build one with operators and the functions below; names refer to inputs,
/// targets, parameters, constants or other definitions.
///
/// ```swift
/// let z: Formula<Rational> = .quantity("w0") * .quantity("x") + .constant(Rational(2, 3))
/// let h = relu(z)
/// ```
public indirect enum Formula<Scalar> {
    /// A named quantity.
    case quantity(String)
    /// A literal value.
    case constant(Scalar)
    /// lhs + rhs, lhs - rhs, lhs · rhs, lhs / rhs.
    case binary(BinaryOperator, Formula, Formula)
    /// -x.
    case negate(Formula)
    /// x^n for an integer n (negative n divides).
    case power(Formula, Int)
    /// A function from the table of primitives, with ``Primitive/arity`` arguments.
    case call(Primitive, [Formula])

    /// The names this formula refers to, in order of first appearance.
    public var referencedNames: [String] {
        var names: [String] = []
        var seen: Set<String> = []
        var pending: [Formula] = [self]
        // An explicit stack, visiting children left to right: deep formulas cannot exhaust the call stack.
        while let f = pending.popLast() {
            switch f {
            case .quantity(let name): if seen.insert(name).inserted { names.append(name) }
            case .constant: break
            case .binary(_, let a, let b):
                pending.append(b)
                pending.append(a)
            case .negate(let a), .power(let a, _): pending.append(a)
            case .call(_, let arguments): pending.append(contentsOf: arguments.reversed())
            }
        }
        return names
    }

    /// The depth of the tree (a name or literal is 1), found without recursion.
    ///
    /// ```swift
    /// (Formula<Rational>.quantity("x") + 1).depth   // 2
    /// ```
    public var depth: Int {
        var deepest = 0
        var pending: [(Formula, Int)] = [(self, 1)]
        while let (f, level) = pending.popLast() {
            deepest = Swift.max(deepest, level)
            switch f {
            case .quantity, .constant: break
            case .binary(_, let a, let b):
                pending.append((a, level + 1))
                pending.append((b, level + 1))
            case .negate(let a), .power(let a, _): pending.append((a, level + 1))
            case .call(_, let arguments): pending.append(contentsOf: arguments.map { ($0, level + 1) })
            }
        }
        return deepest
    }

    /// The primitives this formula calls, in order of first appearance.
    public var calledPrimitives: [Primitive] {
        var found: [Primitive] = []
        var pending: [Formula] = [self]
        while let f = pending.popLast() {
            switch f {
            case .quantity, .constant: break
            case .binary(_, let a, let b):
                pending.append(b)
                pending.append(a)
            case .negate(let a), .power(let a, _): pending.append(a)
            case .call(let p, let arguments):
                if !found.contains(p) { found.append(p) }
                pending.append(contentsOf: arguments.reversed())
            }
        }
        return found
    }

    /// The same formula over another scalar, converting every literal with `convert`.
    ///
    /// ```swift
    /// let exact: Formula<Rational> = relu(.quantity("x") * 0.1)
    /// let double = exact.map { Double($0) }   // relu(x * 0.1) in Double
    /// ```
    public func map<Other>(_ convert: (Scalar) throws -> Other) rethrows -> Formula<Other> {
        switch self {
        case .quantity(let name): return .quantity(name)
        case .constant(let value): return .constant(try convert(value))
        case .binary(let op, let a, let b): return .binary(op, try a.map(convert), try b.map(convert))
        case .negate(let a): return .negate(try a.map(convert))
        case .power(let a, let n): return .power(try a.map(convert), n)
        case .call(let p, let arguments): return .call(p, try arguments.map { try $0.map(convert) })
        }
    }
}

extension Formula: Sendable where Scalar: Sendable {}

/// The four field operations of a ``Formula``.
public enum BinaryOperator: String, CaseIterable, Sendable {
    /// a + b.
    case add = "+"
    /// a - b.
    case subtract = "-"
    /// a · b.
    case multiply = "*"
    /// a / b.
    case divide = "/"
}

extension Formula {
    /// Sum.
    public static func + (lhs: Formula, rhs: Formula) -> Formula { .binary(.add, lhs, rhs) }
    /// Difference.
    public static func - (lhs: Formula, rhs: Formula) -> Formula { .binary(.subtract, lhs, rhs) }
    /// Product.
    public static func * (lhs: Formula, rhs: Formula) -> Formula { .binary(.multiply, lhs, rhs) }
    /// Quotient; a zero divisor is reported as an error naming the quantity.
    public static func / (lhs: Formula, rhs: Formula) -> Formula { .binary(.divide, lhs, rhs) }
    /// Negation.
    public static prefix func - (operand: Formula) -> Formula { .negate(operand) }
}

extension Formula: ExpressibleByIntegerLiteral where Scalar: ExpressibleByIntegerLiteral {
    /// A literal constant, so that `2 * x` reads as written.
    public init(integerLiteral value: Scalar.IntegerLiteralType) { self = .constant(Scalar(integerLiteral: value)) }
}

extension Formula: ExpressibleByFloatLiteral where Scalar: ExpressibleByFloatLiteral {
    /// A literal constant: `0.5 * x` (over Rational, exactly 1/2).
    public init(floatLiteral value: Scalar.FloatLiteralType) { self = .constant(Scalar(floatLiteral: value)) }
}

/// max(0, x); relu'(0) = 0.
public func relu<S>(_ x: Formula<S>) -> Formula<S> { .call(.relu, [x]) }
/// |x|; abs'(0) = 0.
public func abs<S>(_ x: Formula<S>) -> Formula<S> { .call(.abs, [x]) }
/// x².
public func square<S>(_ x: Formula<S>) -> Formula<S> { .call(.square, [x]) }
/// x, as its own named step (`yhat = identity(z2)`).
public func identity<S>(_ x: Formula<S>) -> Formula<S> { .call(.identity, [x]) }
/// x for x > 0, alpha · x otherwise; the derivative at 0 is alpha.
public func leakyReLU<S>(_ x: Formula<S>, alpha: Formula<S>) -> Formula<S> { .call(.leakyReLU, [x, alpha]) }
/// The larger of a and b; on a tie each receives half of the gradient.
public func max<S>(_ a: Formula<S>, _ b: Formula<S>) -> Formula<S> { .call(.max, [a, b]) }
/// The smaller of a and b; on a tie each receives half of the gradient.
public func min<S>(_ a: Formula<S>, _ b: Formula<S>) -> Formula<S> { .call(.min, [a, b]) }
/// x^n for an integer n.
public func pow<S>(_ x: Formula<S>, _ n: Int) -> Formula<S> { .power(x, n) }

/// The logistic function; only where the scalar has elementary functions (never over exact rationals).
public func sigmoid<S: ElementaryFunctions>(_ x: Formula<S>) -> Formula<S> { .call(.sigmoid, [x]) }
/// Hyperbolic tangent; only where the scalar has elementary functions.
public func tanh<S: ElementaryFunctions>(_ x: Formula<S>) -> Formula<S> { .call(.tanh, [x]) }
/// e^x; only where the scalar has elementary functions.
public func exp<S: ElementaryFunctions>(_ x: Formula<S>) -> Formula<S> { .call(.exp, [x]) }
/// Natural logarithm; only where the scalar has elementary functions.
public func log<S: ElementaryFunctions>(_ x: Formula<S>) -> Formula<S> { .call(.log, [x]) }
/// log(1 + e^x); only where the scalar has elementary functions.
public func softplus<S: ElementaryFunctions>(_ x: Formula<S>) -> Formula<S> { .call(.softplus, [x]) }
