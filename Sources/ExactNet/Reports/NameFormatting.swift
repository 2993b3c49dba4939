/// How quantity names appear in LaTeX: `w0` → `w_0`, `z_12` → `z_{12}`, `yhat` → `\hat{y}`,
/// `alpha` → `\alpha`, `loss` → `L`, other words upright (`\mathrm{bias}`). A name these rules
/// cannot read (a leading, trailing or doubled underscore: `_0`, `x_`, `a__b`) is set upright as
/// written (`\mathrm{x\_}`), so every legal name typesets and none looks like another by accident.
public enum NameFormatting {
    static let greek: Set<String> = [
        "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa",
        "lambda", "mu", "nu", "xi", "pi", "rho", "sigma", "tau", "phi", "chi", "psi", "omega",
        "Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Phi", "Psi", "Omega",
    ]

    /// The LaTeX (math mode) for a quantity name.
    ///
    /// ```swift
    /// NameFormatting.latex("w0")     // w_0
    /// NameFormatting.latex("yhat")   // \hat{y}
    /// ```
    public static func latex(_ name: String) -> String {
        if name == "loss" { return "L" }
        if name.hasPrefix("_") || name.hasSuffix("_") || name.contains("__") {
            return "\\mathrm{\(name.replacingOccurrences(of: "_", with: "\\_"))}"
        }
        var base = Substring(name)
        var subscripts: [Substring] = []
        if let underscore = name.firstIndex(of: "_"), underscore != name.startIndex {
            base = name[..<underscore]
            subscripts = name[name.index(after: underscore)...].split(separator: "_")
        }
        // Trailing digits of the base are a subscript too: w0, yhat1.
        if let firstDigit = base.firstIndex(where: \.isNumber), base[firstDigit...].allSatisfy(\.isNumber),
            firstDigit != base.startIndex
        {
            subscripts.insert(base[firstDigit...], at: 0)
            base = base[..<firstDigit]
        }
        var symbol: String
        if base.count > 3, base.hasSuffix("hat") {
            symbol = "\\hat{\(word(base.dropLast(3)))}"
        } else {
            symbol = word(base)
        }
        if !subscripts.isEmpty {
            let sub = subscripts.map { word($0, upright: $0.count > 1 && !$0.allSatisfy(\.isNumber)) }.joined(
                separator: ",")
            symbol += sub.count == 1 ? "_\(sub)" : "_{\(sub)}"
        }
        return symbol
    }

    static func word(_ text: Substring, upright: Bool = true) -> String {
        if text.count == 1 { return String(text) }
        if greek.contains(String(text)) { return "\\\(text)" }
        if text.allSatisfy(\.isNumber) { return String(text) }
        let escaped = text.replacingOccurrences(of: "_", with: "\\_")
        return upright ? "\\mathrm{\(escaped)}" : escaped
    }

    /// `dL/dw0` in plain text; the loss is written L.
    static func textDerivative(of numerator: String, by name: String) -> String {
        "d\(numerator == "loss" ? "L" : numerator)/d\(name == "loss" ? "L" : name)"
    }

    /// `\frac{\partial L}{\partial w_0}`.
    /// Escapes text-mode specials (names, file paths, conventions).
    static func escapeText(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "\\": out += "\\textbackslash{}"
            case "_", "%", "$", "#", "&", "{", "}": out += "\\\(c)"
            case "^": out += "\\^{}"
            case "~": out += "\\~{}"
            case "'": out += "'"
            default: out.append(c)
            }
        }
        return out
    }

    static func latexPartial(of numerator: String, by name: String) -> String {
        "\\frac{\\partial \(latex(numerator))}{\\partial \(latex(name))}"
    }
}

extension Substring {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        String(self).split(separator: Character(target), omittingEmptySubsequences: false).joined(
            separator: replacement)
    }
}
