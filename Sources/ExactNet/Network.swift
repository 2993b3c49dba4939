import RealModule
/// A compiled network: named quantities in evaluation order over a flat tape of
/// instructions. Build one with ``NetworkBuilder`` or load one from a network file.
///
/// ```swift
/// let network = try builder.build()
/// let result = try network.evaluate(sample: ["x": 1, "y": -3], parameters: network.initialParameters)
/// result.value(of: "loss", in: network)   // 27/8
/// ```
public struct Network<Scalar: NetworkScalar>: @unchecked Sendable {
    /// The largest |n| allowed in x^n, so one exponent cannot build a gigantic number.
    public static var maximumExponent: Int { 4096 }

    /// A named quantity.
    public struct Quantity: Sendable {
        /// The name in the network file or builder.
        public var name: String
        /// Input, target, parameter, constant or definition.
        public var role: NetworkBuilder<Scalar>.Role
    }

    /// All named quantities: inputs, targets, parameters and constants first (in
    /// declaration order), then definitions in dependency order.
    public let quantities: [Quantity]
    /// Index of the loss quantity.
    public let lossIndex: Int
    /// Indices of the parameters, in declaration order.
    public let parameterIndices: [Int]
    /// Initial parameter values, aligned with ``parameterIndices``.
    public let initialParameters: [Scalar]
    /// Indices of inputs and targets (the names a sample gives).
    public let sampleIndices: [Int]
    /// The expression of each definition (`nil` for the other roles).
    public let expressions: [Expression<Scalar>?]

    let program: Program<Scalar>
    let indexByName: [String: Int]

    /// The index of a named quantity.
    public func index(of name: String) -> Int? { indexByName[name] }

    init(declarations: [NetworkBuilder<Scalar>.Declaration], loss: String) throws(NetworkError) {
        let quantities = declarations.map { Quantity(name: $0.name, role: $0.role) }
        self.quantities = quantities
        var indexByName: [String: Int] = [:]
        for (i, q) in quantities.enumerated() { indexByName[q.name] = i }
        self.indexByName = indexByName
        lossIndex = indexByName[loss]!
        let parameterIndices = quantities.indices.filter { quantities[$0].role == .parameter }
        self.parameterIndices = parameterIndices
        initialParameters = parameterIndices.map { declarations[$0].value! }
        sampleIndices = quantities.indices.filter { quantities[$0].role == .input || quantities[$0].role == .target }
        expressions = declarations.map(\.expression)
        program = try Program(declarations: declarations, indexByName: indexByName)
    }
}

/// The flat tape: slot i holds the value of instruction i. Operands are slot
/// indices; `second` doubles as the exponent of `power` and the function index.
struct Program<Scalar: NetworkScalar> {
    enum Opcode: UInt8 {
        case leaf, literal, add, subtract, multiply, divide, negate, power
        case relu, abs, square, identity, leakyReLU, max, min, function
        /// t₀ + t₁ + … left to right, each term a product or a single slot (`second` indexes `linearTerms`).
        case linear
    }

    var codes: [Opcode] = []
    var first: [Int] = []
    var second: [Int] = []
    /// The quantity each instruction belongs to.
    var owners: [Int] = []
    /// Values of literal slots (other slots hold zero) to start each evaluation from.
    var template: [Scalar] = []
    /// Slots whose gradient nobody needs (anonymous literals).
    var isLiteral: [Bool] = []
    var functions: [UnaryFunction<Scalar>] = []
    /// The terms of each `linear` instruction: (x, y) for x·y, (x, -1) for a plain x.
    var linearTerms: [[(Int, Int)]] = []
    /// The slot holding each quantity's value.
    var slotOfQuantity: [Int] = []
    /// The instructions of each definition (empty for leaves).
    var rangeOfQuantity: [Range<Int>] = []
    /// Each definition's direct references: (quantity, slot), in order of appearance.
    var edges: [[(quantity: Int, slot: Int)]] = []
    /// Literal values of constants, by quantity (nil for other roles).
    var constantValues: [Scalar?] = []

    init(declarations: [NetworkBuilder<Scalar>.Declaration], indexByName: [String: Int]) throws(NetworkError) {
        for (q, d) in declarations.enumerated() {
            constantValues.append(d.role == .constant ? d.value : nil)
            guard let expression = d.expression else {
                slotOfQuantity.append(emit(.leaf, owner: q))
                rangeOfQuantity.append(0..<0)
                edges.append([])
                continue
            }
            let start = codes.count
            var root = try compile(expression, owner: q, name: d.name, indexByName: indexByName)
            if root < start || codes[root] == .literal {
                // A bare reference or literal still gets a slot of its own.
                root = emit(.identity, root, owner: q)
            }
            slotOfQuantity.append(root)
            rangeOfQuantity.append(start..<codes.count)
            var seen: Set<Int> = []
            var list: [(quantity: Int, slot: Int)] = []
            for name in expression.referencedNames {
                let r = indexByName[name]!
                if seen.insert(r).inserted { list.append((r, slotOfQuantity[r])) }
            }
            edges.append(list)
        }
    }

    private mutating func emit(_ code: Opcode, _ a: Int = 0, _ b: Int = 0, owner: Int, literal: Scalar? = nil) -> Int {
        codes.append(code)
        first.append(a)
        second.append(b)
        owners.append(owner)
        template.append(literal ?? .zero)
        isLiteral.append(literal != nil)
        return codes.count - 1
    }

    private mutating func compile(_ e: Expression<Scalar>, owner: Int, name: String, indexByName: [String: Int]) throws(NetworkError) -> Int {
        func sub(_ x: Expression<Scalar>) throws(NetworkError) -> Int { try compile(x, owner: owner, name: name, indexByName: indexByName) }
        switch e {
        case .quantity(let ref): return slotOfQuantity[indexByName[ref]!]
        case .constant(let value): return emit(.literal, owner: owner, literal: value)
        case .binary(.add, _, _):
            // A left-to-right sum with products in it (w0*x0 + w1*x1 + b) becomes one
            // instruction: same order of operations, but exact types can fuse it.
            var terms: [Expression<Scalar>] = []
            var spine = e
            while case .binary(.add, let left, let right) = spine {
                terms.append(right)
                spine = left
            }
            terms.append(spine)
            terms.reverse()
            let isProduct: (Expression<Scalar>) -> Bool = { if case .binary(.multiply, _, _) = $0 { return true } else { return false } }
            if terms.contains(where: isProduct) {
                var compiled: [(Int, Int)] = []
                for term in terms {
                    if case .binary(.multiply, let x, let y) = term {
                        let sx = try sub(x), sy = try sub(y)
                        compiled.append((sx, sy))
                    } else {
                        compiled.append((try sub(term), -1))
                    }
                }
                linearTerms.append(compiled)
                return emit(.linear, 0, linearTerms.count - 1, owner: owner)
            }
            let x = try sub(terms[0])
            var sum = x
            for term in terms.dropFirst() { sum = emit(.add, sum, try sub(term), owner: owner) }
            return sum
        case .binary(let op, let a, let b):
            let x = try sub(a), y = try sub(b)
            switch op {
            case .add: return emit(.add, x, y, owner: owner)
            case .subtract: return emit(.subtract, x, y, owner: owner)
            case .multiply: return emit(.multiply, x, y, owner: owner)
            case .divide: return emit(.divide, x, y, owner: owner)
            }
        case .negate(let a): return emit(.negate, try sub(a), owner: owner)
        case .power(let a, let n):
            guard Swift.abs(n) <= Network<Scalar>.maximumExponent else { throw .exponentTooLarge(n, in: name) }
            return emit(.power, try sub(a), n, owner: owner)
        case .activation(let kind, let a):
            let x = try sub(a)
            switch kind {
            case .relu: return emit(.relu, x, owner: owner)
            case .abs: return emit(.abs, x, owner: owner)
            case .square: return emit(.square, x, owner: owner)
            case .identity: return emit(.identity, x, owner: owner)
            }
        case .leakyReLU(let a, let alpha):
            let x = try sub(a), y = try sub(alpha)
            return emit(.leakyReLU, x, y, owner: owner)
        case .extremum(let kind, let a, let b):
            let x = try sub(a), y = try sub(b)
            return emit(kind == .max ? .max : .min, x, y, owner: owner)
        case .function(let f, let a):
            let x = try sub(a)
            functions.append(f)
            return emit(.function, x, functions.count - 1, owner: owner)
        }
    }

    /// The instructions that branch, with the function names the reports use.
    var branchingSlots: [(Int, String)] {
        codes.indices.compactMap { i in
            switch codes[i] {
            case .relu: return (i, "relu")
            case .abs: return (i, "abs")
            case .leakyReLU: return (i, "leaky_relu")
            case .max: return (i, "max")
            case .min: return (i, "min")
            default: return nil
            }
        }
    }
}
