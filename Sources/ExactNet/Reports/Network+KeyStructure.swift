/// What answer keys read from a network's structure alone: its definitions, the order of its
/// gradients, who consumes each quantity and the symbolic side of each chain rule.
extension Network where Scalar: ReportableScalar {
    /// The symbolic side of dL/dq's chain rule (`dL/dz2 · w3 + dL/dz1 · w1`), `consumers` being the
    /// quantities whose definitions use q: it depends only on the network, so keys build it once
    /// per quantity and format, not once per sample and step.
    /// `derivatives` are ``localDerivatives``, made once per key.
    func symbolicChainRule(_ q: Int, _ consumers: [Int], latex: Bool, derivatives: [[String: Formula<Scalar>]])
        -> String
    {
        let product = latex ? "\\cdot " : " · "
        func name(_ q: Int) -> String { quantities[q].name }
        return consumers.map { consumer in
            let localDerivative: String
            if let d = derivatives[consumer][name(q)] {
                localDerivative = FormulaFormatting.render(d, latex ? .latex : .text)
            } else if latex {
                localDerivative = NameFormatting.latexPartial(of: name(consumer), by: name(q))
            } else {
                localDerivative = "∂\(consumer == lossIndex ? "L" : name(consumer))/∂\(name(q))"
            }
            if consumer == lossIndex { return localDerivative }
            let upstream =
                latex
                ? NameFormatting.latexPartial(of: "loss", by: name(consumer))
                : NameFormatting.textDerivative(of: "loss", by: name(consumer))
            return upstream + product + localDerivative
        }.joined(separator: " + ")
    }

    /// Each definition's one-symbol derivatives by name (``Formula/symbolicDerivative(withRespectTo:)``).
    var localDerivatives: [[String: Formula<Scalar>]] { formulas.map { $0?.singleFactorDerivatives ?? [:] } }

    /// The definitions, in evaluation order.
    var definitions: [Int] { quantities.indices.filter { quantities[$0].role == .definition } }
    /// Gradients in the order a hand solution derives them: from the loss backwards, then parameters.
    var gradientOrder: [Int] { definitions.reversed().filter { $0 != lossIndex } + parameterIndices }

    /// The quantities whose definitions use each quantity, in the order the chain rule sums them
    /// (the backward sweep's: later definitions first).
    var consumers: [[Int]] {
        var result = [[Int]](repeating: [], count: quantities.count)
        for q in quantities.indices.reversed() {
            for e in program.edges[q] { result[e.quantity].append(q) }
        }
        return result
    }
}
