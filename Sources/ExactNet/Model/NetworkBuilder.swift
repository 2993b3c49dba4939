import CertifiedArithmetic
import ExactArithmetic

/// Declares a network's named quantities, in any order; ``build(loss:limits:)`` checks and
/// compiles them.
///
/// ```swift
/// var b = NetworkBuilder<Rational>()
/// let x = b.input("x"), y = b.target("y")
/// let w0 = b.parameter("w0", 0.5)
/// let h0 = b.define("h0", relu(w0 * x))
/// b.define("loss", abs(y - h0))
/// let network = try b.build()
/// ```
public struct NetworkBuilder<Scalar: NetworkScalar> {
    /// What a declared name is.
    public typealias Role = QuantityRole

    /// One declared name.
    public struct Declaration {
        /// The declared name.
        public var name: String
        /// What the name is.
        public var role: Role
        /// The value of a parameter (initial) or constant.
        public var value: Scalar?
        /// The right-hand side of a definition.
        public var formula: Formula<Scalar>?
    }

    /// Everything declared so far, in declaration order.
    public private(set) var declarations: [Declaration] = []

    /// An empty network.
    public init() {}

    /// Declares an input, whose value each sample gives.
    @discardableResult
    public mutating func input(_ name: String) -> Formula<Scalar> { declare(name, .input) }

    /// Declares a target, whose value each sample gives.
    @discardableResult
    public mutating func target(_ name: String) -> Formula<Scalar> { declare(name, .target) }

    /// Declares a trainable parameter with its initial value.
    @discardableResult
    public mutating func parameter(_ name: String, _ initial: Scalar) -> Formula<Scalar> {
        declare(name, .parameter, value: initial)
    }

    /// Declares a named constant.
    @discardableResult
    public mutating func constant(_ name: String, _ value: Scalar) -> Formula<Scalar> {
        declare(name, .constant, value: value)
    }

    /// Defines a named quantity by an expression over other names.
    @discardableResult
    public mutating func define(_ name: String, _ formula: Formula<Scalar>) -> Formula<Scalar> {
        declare(name, .definition, formula: formula)
    }

    private mutating func declare(_ name: String, _ role: Role, value: Scalar? = nil, formula: Formula<Scalar>? = nil)
        -> Formula<Scalar>
    {
        declarations.append(Declaration(name: name, role: role, value: value, formula: formula))
        return .quantity(name)
    }

    /// The same declarations over another scalar (literals converted by `convert`).
    ///
    /// ```swift
    /// let inDouble = builder.map(to: Double.self) { Double($0) }
    /// ```
    public func map<Other: NetworkScalar>(to: Other.Type, _ convert: (Scalar) -> Other) -> NetworkBuilder<Other> {
        var other = NetworkBuilder<Other>()
        other.declarations = declarations.map { d in
            .init(name: d.name, role: d.role, value: d.value.map(convert), formula: d.formula?.map(convert))
        }
        return other
    }

    /// Checks names, orders definitions by dependency (any declaration order is fine)
    /// and compiles the network. `loss` names the per-sample objective.
    ///
    /// Throws ``NetworkError/unsupportedFunction(_:scalar:in:)`` for a transcendental
    /// primitive the scalar cannot evaluate.
    @_specialize(where Scalar == Rational)
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Certified)
    public func build(loss: String = "loss", limits: Limits = .standard) throws(NetworkError) -> Network<Scalar> {
        var index: [String: Int] = [:]
        index.reserveCapacity(declarations.count)
        for (i, d) in declarations.enumerated() {
            guard index[d.name] == nil else { throw .duplicateName(d.name) }
            index[d.name] = i
        }
        // The names each declaration uses, as declaration indices.
        var uses: [[Int]] = []
        for d in declarations {
            var list: [Int] = []
            for name in d.formula?.referencedNames ?? [] {
                guard let j = index[name] else { throw .unknownName(name, in: d.name) }
                list.append(j)
            }
            if let depth = d.formula?.depth, depth > limits.maximumFormulaDepth {
                throw .formulaTooDeep(depth, in: d.name, limit: limits.maximumFormulaDepth)
            }
            for p in d.formula?.calledPrimitives ?? [] where !p.isAvailable(for: Scalar.self) {
                throw .unsupportedFunction(p, scalar: "\(Scalar.self)", in: d.name)
            }
            uses.append(list)
        }
        guard let lossDeclaration = index[loss] else { throw .missingLoss(loss) }
        guard declarations[lossDeclaration].role == .definition else { throw .lossIsNotADefinition(loss) }

        // Depth-first topological order with an explicit stack (any number of definitions
        // in any order); a grey node met again closes a cycle.
        var order: [Int] = declarations.indices.filter { declarations[$0].role != .definition }
        var state = [UInt8](repeating: 0, count: declarations.count)  // 0 white, 1 grey, 2 black
        var stack: [(node: Int, next: Int)] = []
        for root in declarations.indices where declarations[root].role == .definition && state[root] == 0 {
            state[root] = 1
            stack.append((root, 0))
            while let (node, next) = stack.last {
                if next == uses[node].count {
                    stack.removeLast()
                    state[node] = 2
                    order.append(node)
                    continue
                }
                stack[stack.count - 1].next += 1
                let j = uses[node][next]
                guard declarations[j].role == .definition else { continue }
                if state[j] == 1 {
                    let start = stack.firstIndex { $0.node == j }!
                    throw .cycle(stack[start...].map { declarations[$0.node].name })
                }
                if state[j] == 0 {
                    state[j] = 1
                    stack.append((j, 0))
                }
            }
        }
        // The references of each declaration, in the new order, for the compiler.
        var position = [Int](repeating: 0, count: declarations.count)
        for (k, i) in order.enumerated() { position[i] = k }
        return try Network(
            declarations: order.map { declarations[$0] }, references: order.map { uses[$0].map { position[$0] } },
            loss: loss, limits: limits)
    }
}

/// What a declared name is.
public enum QuantityRole: String, CaseIterable, Sendable {
    /// A value each sample gives.
    case input
    /// A value each sample gives, that the loss compares with.
    case target
    /// A trainable value.
    case parameter
    /// A fixed value.
    case constant
    /// A quantity defined by a formula.
    case definition
}

extension NetworkBuilder.Declaration: Sendable where Scalar: Sendable {}
extension NetworkBuilder: Sendable where Scalar: Sendable {}
