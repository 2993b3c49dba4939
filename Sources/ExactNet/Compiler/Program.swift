/// The flat tape the compiler emits: slot i holds the value of instruction i. Operands
/// are slot indices; `second` doubles as the exponent of `power` and the index of a
/// `linear` instruction's range of terms.
struct Program<Scalar: NetworkScalar> {
    enum Opcode: UInt8 {
        case leaf, literal, add, subtract, multiply, divide, negate, power
        /// A call of `primitives[i]` on slots `first` and `second` (both `first` for one argument).
        case primitive
        /// t₀ + t₁ + … left to right, each term a product or a single slot (`second` indexes `linearRanges`).
        case linear
    }

    var codes: [Opcode] = []
    var first: [Int] = []
    var second: [Int] = []
    /// The primitive of each `primitive` instruction (`identity` elsewhere).
    var primitives: [Primitive] = []
    /// The quantity each instruction belongs to.
    var owners: [Int] = []
    /// Values of literal slots (other slots hold zero) to start each evaluation from.
    var template: [Scalar] = []
    /// Slots whose gradient nobody needs (anonymous literals).
    var isLiteral: [Bool] = []
    /// Slots whose gradient no parameter's gradient needs: literals, and every slot computed from
    /// inputs, targets and constants alone. A run that prints no per-sample gradients skips them.
    var isFreeOfParameters: [Bool] = []
    /// Slots that hold a parameter.
    var isParameter: [Bool] = []
    /// The terms of every `linear` instruction, one after another: (x, y) for x·y, (x, -1) for a
    /// plain x. One buffer, read in place (the tape's `terms(of:)`): an array per instruction
    /// would be retained and released each time a sample's passes reached it.
    var linearTerms: [(Int, Int)] = []
    /// Where each `linear` instruction's terms lie in ``linearTerms``.
    var linearRanges: [Range<Int>] = []
    /// The slot holding each quantity's value.
    var slotOfQuantity: [Int] = []
    /// The instructions of each definition (empty for leaves).
    var rangeOfQuantity: [Range<Int>] = []
    /// Whether each quantity is computed by the tape (a definition), not given (a leaf).
    var quantityIsComputed: [Bool] = []
    /// The slots of the computed quantities.
    var computedSlots: [Int] = []
    /// The first instruction that is not a leaf: leaves (inputs, targets, parameters, constants)
    /// are declared first, and the passes over the tape have nothing to do for them.
    var firstComputed = 0
    /// Each definition's direct references: (quantity, slot), in order of appearance.
    var edges: [[(quantity: Int, slot: Int)]] = []
    /// Literal values of constants, by quantity (nil for other roles).
    var constantValues: [Scalar?] = []

    /// `references[q]` lists the quantities declaration q uses, in order of first appearance.
    init(
        declarations: [NetworkBuilder<Scalar>.Declaration], references: [[Int]], indexByName: [String: Int],
        limits: Limits
    ) throws(NetworkError) {
        for (q, d) in declarations.enumerated() {
            constantValues.append(d.role == .constant ? d.value : nil)
            guard let formula = d.formula else {
                slotOfQuantity.append(emit(.leaf, owner: q))
                rangeOfQuantity.append(0..<0)
                edges.append([])
                continue
            }
            let start = codes.count
            var root = try compile(formula, owner: q, name: d.name, indexByName: indexByName, limits: limits)
            if root < start || codes[root] == .literal {
                // A bare reference or literal still gets a slot of its own.
                root = emit(.primitive, root, root, owner: q, primitive: .identity)
            }
            slotOfQuantity.append(root)
            rangeOfQuantity.append(start..<codes.count)
            edges.append(references[q].map { ($0, slotOfQuantity[$0]) })
        }
        quantityIsComputed = rangeOfQuantity.map { !$0.isEmpty }
        computedSlots = quantityIsComputed.indices.filter { quantityIsComputed[$0] }.map { slotOfQuantity[$0] }
        firstComputed = codes.firstIndex { $0 != .leaf } ?? codes.count
        isParameter = codes.indices.map { codes[$0] == .leaf && declarations[owners[$0]].role == .parameter }
        isFreeOfParameters = freeOfParameters()
    }

    /// Which slots no parameter reaches: operands come before their instruction, so one pass
    /// in tape order decides every slot.
    private func freeOfParameters() -> [Bool] {
        var free = [Bool](repeating: true, count: codes.count)
        for i in codes.indices {
            switch codes[i] {
            case .leaf: free[i] = !isParameter[i]
            case .literal: free[i] = true
            case .linear:
                free[i] = linearTerms[linearRanges[second[i]]].allSatisfy { free[$0.0] && ($0.1 < 0 || free[$0.1]) }
            case .negate, .power: free[i] = free[first[i]]
            case .add, .subtract, .multiply, .divide, .primitive: free[i] = free[first[i]] && free[second[i]]
            }
        }
        return free
    }

    private mutating func emit(
        _ code: Opcode, _ a: Int = 0, _ b: Int = 0, owner: Int, literal: Scalar? = nil,
        primitive: Primitive = .identity
    ) -> Int {
        codes.append(code)
        first.append(a)
        second.append(b)
        primitives.append(primitive)
        owners.append(owner)
        template.append(literal ?? .zero)
        isLiteral.append(literal != nil)
        return codes.count - 1
    }

    private mutating func compile(
        _ e: Formula<Scalar>, owner: Int, name: String, indexByName: [String: Int],
        limits: Limits
    ) throws(NetworkError) -> Int {
        func sub(_ x: Formula<Scalar>) throws(NetworkError) -> Int {
            try compile(x, owner: owner, name: name, indexByName: indexByName, limits: limits)
        }
        switch e {
        case .quantity(let ref): return slotOfQuantity[indexByName[ref]!]
        case .constant(let value): return emit(.literal, owner: owner, literal: value)
        case .binary(.add, _, _):
            // A left-to-right sum with products in it (w0*x0 + w1*x1 + b) becomes one
            // instruction: same order of operations, but exact types can fuse it.
            var terms: [Formula<Scalar>] = []
            var spine = e
            while case .binary(.add, let left, let right) = spine {
                terms.append(right)
                spine = left
            }
            terms.append(spine)
            terms.reverse()
            let isProduct: (Formula<Scalar>) -> Bool = {
                if case .binary(.multiply, _, _) = $0 { return true } else { return false }
            }
            if terms.contains(where: isProduct) {
                var compiled: [(Int, Int)] = []
                for term in terms {
                    if case .binary(.multiply, let x, let y) = term {
                        let sx = try sub(x)
                        let sy = try sub(y)
                        compiled.append((sx, sy))
                    } else {
                        compiled.append((try sub(term), -1))
                    }
                }
                // Appended after the operands are compiled: a term may itself hold a linear instruction.
                linearRanges.append(linearTerms.count..<(linearTerms.count + compiled.count))
                linearTerms += compiled
                return emit(.linear, 0, linearRanges.count - 1, owner: owner)
            }
            let x = try sub(terms[0])
            var sum = x
            for term in terms.dropFirst() { sum = emit(.add, sum, try sub(term), owner: owner) }
            return sum
        case .binary(let op, let a, let b):
            let x = try sub(a)
            let y = try sub(b)
            switch op {
            case .add: return emit(.add, x, y, owner: owner)
            case .subtract: return emit(.subtract, x, y, owner: owner)
            case .multiply: return emit(.multiply, x, y, owner: owner)
            case .divide: return emit(.divide, x, y, owner: owner)
            }
        case .negate(let a): return emit(.negate, try sub(a), owner: owner)
        case .power(let a, let n):
            guard n.magnitude <= limits.maximumExponent else {
                throw .exponentTooLarge(n, in: name, limit: limits.maximumExponent)
            }
            return emit(.power, try sub(a), n, owner: owner)
        case .call(let p, let arguments):
            guard arguments.count == p.arity else { throw .wrongArity(p, arguments: arguments.count, in: name) }
            let x = try sub(arguments[0])
            let y = p.arity == 2 ? try sub(arguments[1]) : x
            return emit(.primitive, x, y, owner: owner, primitive: p)
        }
    }
}

extension Program: Sendable where Scalar: Sendable {}
