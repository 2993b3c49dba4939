/// Writes expressions the way a hand solution does, with as few parentheses as needed.
enum FormulaFormatting {
    enum Style { case text, latex }

    /// Binding strength: sums 1, products 2, unary minus 3, powers 4, atoms 5.
    static func precedence<S>(_ e: Formula<S>) -> Int {
        switch e {
        case .binary(let op, _, _):
            return op == .add || op == .subtract ? 1 : (op == .multiply || op == .divide ? 2 : 5)
        case .negate: return 3
        case .power: return 4
        case .constant: return 5
        default: return 5
        }
    }

    static func render<S: ReportableScalar>(_ e: Formula<S>, _ style: Style) -> String {
        func wrap(_ x: Formula<S>, below level: Int) -> String {
            let inner = render(x, style)
            return precedence(x) < level ? (style == .latex ? "\\left(\(inner)\\right)" : "(\(inner))") : inner
        }
        func name(_ n: String) -> String { style == .latex ? NameFormatting.latex(n) : n }
        func call(_ f: Primitive, _ args: [Formula<S>]) -> String {
            let list = args.map { render($0, style) }.joined(separator: ", ")
            guard style == .latex else { return "\(f.name)(\(list))" }
            switch f.typesetting {
            case .operatorName(let op): return "\(op)\\left(\(list)\\right)"
            case .absoluteValueBars: return "\\left\\lvert \(list) \\right\\rvert"
            case .squared: return "\(wrap(args[0], below: 5))^{2}"
            }
        }
        switch e {
        case .quantity(let n): return name(n)
        case .constant(let value):
            let text = style == .latex ? value.latexText : value.plainText
            return value < .zero ? (style == .latex ? "\\left(\(text)\\right)" : "(\(text))") : text
        case .binary(let op, let a, let b):
            switch op {
            case .add: return "\(wrap(a, below: 1)) + \(wrap(b, below: 2))"
            case .subtract: return "\(wrap(a, below: 1)) - \(wrap(b, below: 2))"
            case .multiply: return "\(wrap(a, below: 2))\(style == .latex ? " \\cdot " : " * ")\(wrap(b, below: 3))"
            case .divide:
                if style == .latex { return "\\frac{\(render(a, style))}{\(render(b, style))}" }
                return "\(wrap(a, below: 2)) / \(wrap(b, below: 3))"
            }
        case .negate(let a): return "-\(wrap(a, below: 3))"
        case .power(let a, let n):
            return style == .latex ? "\(wrap(a, below: 5))^{\(n)}" : "\(wrap(a, below: 5))^\(n)"
        case .call(let f, let args): return call(f, args)
        }
    }
}
