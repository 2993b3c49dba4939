/// How ``Rational/latex(_:)`` writes a value.
///
/// ```swift
/// Rational(7, 3).latex(.init(command: .dfrac, form: .mixedNumber))   // 2\dfrac{1}{3}
/// ```
public struct LaTeXStyle: Hashable, Sendable {
    /// The fraction macro.
    public enum Command: String, Hashable, Sendable {
        /// `\frac`, the default.
        case frac
        /// `\dfrac` (display size, needs amsmath).
        case dfrac
        /// `\tfrac` (text size, needs amsmath).
        case tfrac
    }

    /// What to print.
    public enum Form: Hashable, Sendable {
        /// `\frac{3}{8}`.
        case fraction
        /// `0.375` when the decimal terminates, else a fraction.
        case decimalWhenTerminating
        /// `0.375` or `0.\overline{3}`, falling back to a fraction past the digit limit.
        case decimal(maximumDigits: Int)
        /// `2\frac{1}{3}`, `-2\frac{1}{3}`; a proper fraction stays as it is.
        case mixedNumber
    }

    /// The fraction macro.
    public var command: Command
    /// What to print.
    public var form: Form

    /// A style; the defaults give `\frac{3}{8}`.
    public init(command: Command = .frac, form: Form = .fraction) {
        self.command = command
        self.form = form
    }

    /// `\frac{}{}` fractions.
    public static let standard = LaTeXStyle()
}

extension Rational {
    /// LaTeX for this value: `\frac{3}{8}`, `-\frac{1}{4}` (sign outside, no space), `3`.
    ///
    /// ```swift
    /// Rational(-1, 4).latex   // -\frac{1}{4}
    /// ```
    public var latex: String { latex(.standard) }

    /// LaTeX for this value in the given style.
    ///
    /// ```swift
    /// Rational(3, 8).latex(.init(form: .decimalWhenTerminating))   // 0.375
    /// Rational(1, 3).latex(.init(form: .decimal(maximumDigits: 20))) // 0.\overline{3}
    /// Rational(3, 8).latex(.init(command: .tfrac))                  // \tfrac{3}{8}
    /// ```
    public func latex(_ style: LaTeXStyle) -> String {
        switch style.form {
        case .fraction:
            break
        case .decimalWhenTerminating:
            if let decimal = terminatingDecimal { return decimal }
        case .decimal(let maximumDigits):
            if let expansion = decimalExpansion(maximumDigits: maximumDigits) { return expansion.latex }
        case .mixedNumber:
            let whole = numerator.magnitude / denominator
            if !whole.isZero && !isInteger {
                let fraction = magnitude - Rational(whole)
                let macro = "\\\(style.command.rawValue){\(fraction.numerator)}{\(fraction.denominator)}"
                return (signum < 0 ? "-" : "") + whole.description + macro
            }
        }
        if isInteger { return numerator.description }
        let sign = signum < 0 ? "-" : ""
        return "\(sign)\\\(style.command.rawValue){\(numerator.magnitude)}{\(denominator)}"
    }
}
