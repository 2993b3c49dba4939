/// A compiled network: named quantities in evaluation order over a flat tape of
/// instructions. Build one with ``NetworkBuilder`` or load one from a network file.
///
/// ```swift
/// let network = try builder.build()
/// let result = try network.evaluate(sample: ["x": 1, "y": -3], parameters: network.initialParameters)
/// result.value(of: "loss")   // 27/8
/// ```
public struct Network<Scalar: NetworkScalar> {
    /// All named quantities: inputs, targets, parameters and constants first (in
    /// declaration order), then definitions in dependency order.
    public let quantities: [Quantity]
    /// Index of the loss quantity.
    public let lossIndex: Int
    /// Indices of the parameters, in declaration order.
    public let parameterIndices: [Int]
    /// Initial parameter values, aligned with ``parameterIndices``; set them to train from elsewhere.
    public var initialParameters: [Scalar]
    /// Indices of inputs and targets (the names a sample gives).
    public let sampleIndices: [Int]
    /// The formula of each definition (`nil` for the other roles).
    public let formulas: [Formula<Scalar>?]
    /// The limits the network was compiled under (training uses its own options' limits).
    public let limits: Limits

    let program: Program<Scalar>
    let indexByName: [String: Int]
    /// The tape slot of each parameter, aligned with ``parameterIndices``.
    let parameterSlots: [Int]
    /// The name of each parameter, aligned with ``parameterIndices``: every training's trace
    /// and errors name them (gathering them anew took 7–26 µs of a 1.5 ms 4-8-8-1 training).
    let parameterNames: [String]

    /// The index of a named quantity.
    ///
    /// ```swift
    /// network.index(of: "z2")   // Optional(8)
    /// ```
    public func index(of name: String) -> Int? { indexByName[name] }

    init(declarations: [NetworkBuilder<Scalar>.Declaration], references: [[Int]], loss: String, limits: Limits)
        throws(NetworkError)
    {
        let quantities = declarations.map { Quantity(name: $0.name, role: $0.role) }
        self.quantities = quantities
        var indexByName: [String: Int] = [:]
        indexByName.reserveCapacity(quantities.count)
        for (i, q) in quantities.enumerated() { indexByName[q.name] = i }
        self.indexByName = indexByName
        lossIndex = indexByName[loss]!
        let parameterIndices = quantities.indices.filter { quantities[$0].role == .parameter }
        self.parameterIndices = parameterIndices
        initialParameters = parameterIndices.map { declarations[$0].value! }
        sampleIndices = quantities.indices.filter { quantities[$0].role == .input || quantities[$0].role == .target }
        formulas = declarations.map(\.formula)
        self.limits = limits
        let program = try Program<Scalar>(
            declarations: declarations, references: references, indexByName: indexByName, limits: limits)
        self.program = program
        parameterSlots = parameterIndices.map { program.slotOfQuantity[$0] }
        parameterNames = parameterIndices.map { quantities[$0].name }
    }
}

extension Network: Sendable where Scalar: Sendable {}

/// A named quantity of a network: its name and role.
public struct Quantity: Hashable, Sendable {
    /// The name in the network file or builder.
    public var name: String
    /// Input, target, parameter, constant or definition.
    public var role: QuantityRole
}
