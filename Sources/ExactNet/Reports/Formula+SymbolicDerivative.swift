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
    public func symbolicDerivative(withRespectTo name: String) -> Formula? {
        var terms: [(Formula, Bool)] = []  // (term, negated)
        func flatten(_ e: Formula, _ negated: Bool) {
            switch e {
            case .binary(.add, let a, let b):
                flatten(a, negated)
                flatten(b, negated)
            case .binary(.subtract, let a, let b):
                flatten(a, negated)
                flatten(b, !negated)
            case .negate(let a): flatten(a, !negated)
            default: terms.append((e, negated))
            }
        }
        flatten(self, false)
        let relevant = terms.filter { $0.0.refers(to: name) }
        guard relevant.count == 1, let (term, negated) = relevant.first else { return nil }
        let derivative: Formula
        switch term {
        case .quantity(name): derivative = .constant(1)
        case .call(.identity, let arguments) where arguments.count == 1 && arguments[0].isQuantity(name):
            derivative = .constant(1)
        case .binary(.multiply, .quantity(name), let other) where !other.refers(to: name) && other.isSymbol:
            derivative = other
        case .binary(.multiply, let other, .quantity(name)) where !other.refers(to: name) && other.isSymbol:
            derivative = other
        default:
            return nil
        }
        guard negated else { return derivative }
        if case .constant(let value) = derivative { return .constant(-value) }
        return .negate(derivative)
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
