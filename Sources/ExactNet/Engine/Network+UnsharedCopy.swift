extension Network {
    /// A copy that shares no storage an evaluation touches with this network: the program's
    /// arrays, the parameters, the name index every sample's result holds. The second thread of
    /// ``SamplePair`` evaluates with one, because evaluating retains and releases these several
    /// times a sample, and reference counts that both threads change make their cache lines
    /// bounce between the cores (measured: 4% faster two-thread training on 64 samples). The
    /// quantities and formulas, read only to report an error or print a key, stay shared: copying
    /// their strings was most of what a copy cost (a tenth of a millisecond training's time).
    /// The chain-rule edges are copied only `forChainRule`: no other sweep reads them.
    func unsharedCopy(forChainRule: Bool) -> Network { Network(unsharing: self, forChainRule: forChainRule) }

    private init(unsharing other: Network, forChainRule: Bool) {
        quantities = other.quantities
        lossIndex = other.lossIndex
        parameterIndices = unshared(other.parameterIndices)
        initialParameters = other.initialParameters.detachedCopies()
        sampleIndices = unshared(other.sampleIndices)
        formulas = other.formulas
        limits = other.limits
        program = other.program.unsharedCopy(forChainRule: forChainRule)
        // Rewriting an entry copies the table as it is (no keys hashed again).
        var index = other.indexByName
        if let (name, q) = index.first { index[name] = q }
        indexByName = index
        parameterSlots = unshared(other.parameterSlots)
        parameterNames = other.parameterNames
    }
}

extension Program {
    /// A copy that shares no array or large value with this program (``Network/unsharedCopy(forChainRule:)``),
    /// but for the chain-rule edges when not `forChainRule`.
    func unsharedCopy(forChainRule: Bool) -> Program {
        var copy = self
        copy.codes = unshared(codes)
        copy.first = unshared(first)
        copy.second = unshared(second)
        copy.primitives = unshared(primitives)
        copy.owners = unshared(owners)
        copy.template = template.detachedCopies()
        copy.isLiteral = unshared(isLiteral)
        copy.isFreeOfParameters = unshared(isFreeOfParameters)
        copy.isParameter = unshared(isParameter)
        copy.linearTerms = unshared(linearTerms)
        copy.linearRanges = unshared(linearRanges)
        copy.slotOfQuantity = unshared(slotOfQuantity)
        copy.rangeOfQuantity = unshared(rangeOfQuantity)
        copy.quantityIsComputed = unshared(quantityIsComputed)
        copy.computedSlots = unshared(computedSlots)
        if forChainRule { copy.edges = edges.map(unshared) }
        copy.constantValues = constantValues.map { value in
            value.map { value in withUnsafePointer(to: value) { Scalar.detachedCopy(of: $0) } }
        }
        return copy
    }
}

/// A new buffer with the same elements (`Array(array)` would share the buffer).
private func unshared<T>(_ array: [T]) -> [T] {
    array.withUnsafeBufferPointer { Array($0) }
}
