extension Formula where Scalar: NetworkScalar {
    /// `true` when the expression refers to `name`.
    func refers(to name: String) -> Bool { referencedNames.contains(name) }

    /// ∂self/∂name written as one symbol (`x`, `w3`, `1`, `-1`, a literal), when the
    /// name enters linearly as a single factor, as in `w0 * x` or `w2 * h1 + w3 * h0`.
    /// `nil` otherwise (under relu, abs, powers, …), where answer keys keep ∂c/∂q.
    ///
    /// ```swift
    /// (Formula<Rational>.quantity("w0") * .quantity("x")).symbolicDerivative(withRespectTo: "w0")   // x
    /// ```
    public func symbolicDerivative(withRespectTo name: String) -> Formula? { singleFactorDerivatives[name] }

    /// ``symbolicDerivative(withRespectTo:)`` for every name that has one, found in one pass over
    /// the terms (a key asks for each reference of a wide sum; one pass per name would be quadratic).
    var singleFactorDerivatives: [String: Formula] {
        var terms: [(Formula, Bool)] = []  // (term, negated)
        var pending: [(Formula, Bool)] = [(self, false)]
        while let (e, negated) = pending.popLast() {
            switch e {
            case .binary(.add, let a, let b):
                pending.append((b, negated))
                pending.append((a, negated))
            case .binary(.subtract, let a, let b):
                pending.append((b, !negated))
                pending.append((a, negated))
            case .negate(let a): pending.append((a, !negated))
            default: terms.append((e, negated))
            }
        }
        var termsReferring: [String: Int] = [:]
        var derivatives: [String: Formula] = [:]
        for (term, negated) in terms {
            for name in term.referencedNames { termsReferring[name, default: 0] += 1 }
            var found: [(String, Formula)] = []
            switch term {
            case .quantity(let name): found = [(name, .constant(1))]
            case .call(.identity, let arguments) where arguments.count == 1:
                if case .quantity(let name) = arguments[0] { found = [(name, .constant(1))] }
            case .binary(.multiply, let a, let b):
                // Each factor that is a name has the other factor as its derivative, unless that is the name again.
                if case .quantity(let name) = a, b.isSymbol, !b.isQuantity(name) { found.append((name, b)) }
                if case .quantity(let name) = b, a.isSymbol, !a.isQuantity(name) { found.append((name, a)) }
            default: break
            }
            for (name, derivative) in found {
                if !negated {
                    derivatives[name] = derivative
                } else if case .constant(let value) = derivative {
                    derivatives[name] = .constant(-value)
                } else {
                    derivatives[name] = .negate(derivative)
                }
            }
        }
        // A name in more than one term (or inside a function) has no single-symbol derivative.
        return derivatives.filter { termsReferring[$0.key] == 1 }
    }

    func isQuantity(_ name: String) -> Bool {
        if case .quantity(name) = self { return true }
        return false
    }

    /// A name or a literal: something that reads as one factor.
    var isSymbol: Bool {
        switch self {
        case .quantity, .constant: return true
        default: return false
        }
    }
}
