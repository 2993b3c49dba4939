import RealModule
/// Declares a network's named quantities, in any order; ``build(loss:)`` checks and
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
    public enum Role: String, Sendable {
        case input, target, parameter, constant, definition
    }

    /// One declared name.
    public struct Declaration {
        /// The declared name.
        public var name: String
        /// What the name is.
        public var role: Role
        /// The value of a parameter (initial) or constant.
        public var value: Scalar?
        /// The right-hand side of a definition.
        public var expression: Expression<Scalar>?
    }

    /// Everything declared so far, in declaration order.
    public private(set) var declarations: [Declaration] = []

    /// An empty network.
    public init() {}

    /// Declares an input, whose value each sample gives.
    @discardableResult
    public mutating func input(_ name: String) -> Expression<Scalar> { declare(name, .input) }

    /// Declares a target, whose value each sample gives.
    @discardableResult
    public mutating func target(_ name: String) -> Expression<Scalar> { declare(name, .target) }

    /// Declares a trainable parameter with its initial value.
    @discardableResult
    public mutating func parameter(_ name: String, _ initial: Scalar) -> Expression<Scalar> {
        declare(name, .parameter, value: initial)
    }

    /// Declares a named constant.
    @discardableResult
    public mutating func constant(_ name: String, _ value: Scalar) -> Expression<Scalar> {
        declare(name, .constant, value: value)
    }

    /// Defines a named quantity by an expression over other names.
    @discardableResult
    public mutating func define(_ name: String, _ expression: Expression<Scalar>) -> Expression<Scalar> {
        declare(name, .definition, expression: expression)
    }

    private mutating func declare(_ name: String, _ role: Role, value: Scalar? = nil, expression: Expression<Scalar>? = nil) -> Expression<Scalar> {
        declarations.append(Declaration(name: name, role: role, value: value, expression: expression))
        return .quantity(name)
    }

    /// The same declarations over another scalar (literals converted by `convert`).
    /// Throws ``NetworkError/unsupportedFunction(_:scalar:in:)`` when a function
    /// cannot be carried over.
    public func map<Other: NetworkScalar>(to: Other.Type, _ convert: (Scalar) -> Other) throws(NetworkError) -> NetworkBuilder<Other> {
        var other = NetworkBuilder<Other>()
        for d in declarations {
            var expression: Expression<Other>?
            if let e = d.expression {
                do {
                    expression = try e.map(convert, function: { f in
                        guard let kind = ElementaryFunction(rawValue: f.name), let g = Other.elementaryFunction(kind) else {
                            throw NetworkError.unsupportedFunction(f.name, scalar: "\(Other.self)", in: d.name)
                        }
                        return g
                    })
                } catch let error as NetworkError { throw error } catch { fatalError("unreachable") }
            }
            other.declarations.append(.init(name: d.name, role: NetworkBuilder<Other>.Role(rawValue: d.role.rawValue)!,
                                            value: d.value.map(convert), expression: expression))
        }
        return other
    }

    /// Checks names, orders definitions by dependency (any declaration order is fine)
    /// and compiles the network. `loss` names the per-sample objective.
    public func build(loss: String = "loss") throws(NetworkError) -> Network<Scalar> {
        var index: [String: Int] = [:]
        for (i, d) in declarations.enumerated() {
            guard index[d.name] == nil else { throw .duplicateName(d.name) }
            index[d.name] = i
        }
        for d in declarations {
            for name in d.expression?.referencedNames ?? [] where index[name] == nil {
                throw .unknownName(name, in: d.name)
            }
        }
        guard let lossDeclaration = index[loss] else { throw .missingLoss(loss) }
        guard declarations[lossDeclaration].role == .definition else { throw .lossIsNotADefinition(loss) }

        // Depth-first topological order; a grey node met again closes a cycle.
        var order: [Int] = declarations.indices.filter { declarations[$0].role != .definition }
        var state = [UInt8](repeating: 0, count: declarations.count)  // 0 white, 1 grey, 2 black
        var stack: [Int] = []
        func visit(_ i: Int) throws(NetworkError) {
            if state[i] == 2 { return }
            if state[i] == 1 {
                let start = stack.firstIndex(of: i)!
                throw .cycle(stack[start...].map { declarations[$0].name })
            }
            state[i] = 1
            stack.append(i)
            for name in declarations[i].expression?.referencedNames ?? [] {
                let j = index[name]!
                if declarations[j].role == .definition { try visit(j) }
            }
            stack.removeLast()
            state[i] = 2
            order.append(i)
        }
        for i in declarations.indices where declarations[i].role == .definition { try visit(i) }
        return try Network(declarations: order.map { declarations[$0] }, loss: loss)
    }
}
