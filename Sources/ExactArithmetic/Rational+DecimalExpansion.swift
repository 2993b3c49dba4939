/// The exact decimal expansion of a rational: a terminating one (`0.375`) or one whose
/// repeating block is marked (`0.(3)`, `0.1(6)`; in LaTeX `0.\overline{3}`).
///
/// ```swift
/// let e = Rational(1, 6).decimalExpansion()!
/// print(e)         // 0.1(6)
/// print(e.latex)   // 0.1\overline{6}
/// ```
public struct DecimalExpansion: Hashable, Sendable, CustomStringConvertible {
    /// `true` for a negative value.
    public var isNegative: Bool
    /// The digits before the decimal point (of the magnitude).
    public var integerPart: BigInt
    /// The digits after the point that do not repeat.
    public var nonRepeatingDigits: String
    /// The block that repeats forever; empty when the expansion terminates.
    public var repeatingDigits: String

    /// `true` when the expansion is finite.
    public var terminates: Bool { repeatingDigits.isEmpty }

    /// `0.375`, `-2`, `0.(3)`.
    public var description: String {
        render(repeating: { "(\($0))" })
    }

    /// `0.375`, `-2`, `0.\overline{3}`.
    public var latex: String {
        render(repeating: { "\\overline{\($0)}" })
    }

    private func render(repeating mark: (String) -> String) -> String {
        var text = (isNegative ? "-" : "") + integerPart.description
        if !nonRepeatingDigits.isEmpty || !repeatingDigits.isEmpty {
            text += "." + nonRepeatingDigits
            if !repeatingDigits.isEmpty { text += mark(repeatingDigits) }
        }
        return text
    }
}

extension Rational {
    /// The exact decimal expansion, or `nil` when the non-repeating digits plus one
    /// period would exceed `maximumDigits` (periods can be as long as the denominator).
    ///
    /// ```swift
    /// Rational(3, 8).decimalExpansion()!.description    // "0.375"
    /// Rational(-1, 3).decimalExpansion()!.description   // "-0.(3)"
    /// ```
    public func decimalExpansion(maximumDigits: Int = 1000) -> DecimalExpansion? {
        let n = numerator.magnitude
        let d = denominator
        let (integerPart, firstRemainder) = n.quotientAndRemainder(dividingBy: d)
        // The non-repeating length is the larger multiplicity of 2 and 5 in d.
        var twos = 0
        var fives = 0
        var rest = d
        while rest.isEven {
            rest = rest / 2
            twos += 1
        }
        while (rest % 5).isZero {
            rest = rest / 5
            fives += 1
        }
        let preperiod = max(twos, fives)
        guard preperiod <= maximumDigits else { return nil }
        let ten = BigInt(10)
        var remainder = firstRemainder
        var prefix = ""
        for _ in 0..<preperiod where !remainder.isZero {
            let (digit, next) = (remainder * ten).quotientAndRemainder(dividingBy: d)
            prefix += digit.description
            remainder = next
        }
        var block = ""
        if !remainder.isZero {
            // After the preperiod the expansion is purely periodic: it repeats when the remainder returns.
            let start = remainder
            repeat {
                guard prefix.count + block.count < maximumDigits else { return nil }
                let (digit, next) = (remainder * ten).quotientAndRemainder(dividingBy: d)
                block += digit.description
                remainder = next
            } while remainder != start
        }
        return DecimalExpansion(
            isNegative: signum < 0, integerPart: integerPart,
            nonRepeatingDigits: prefix, repeatingDigits: block)
    }

    /// The decimal form when it terminates (`"0.375"`, `"-2"`), else `nil`.
    ///
    /// ```swift
    /// Rational(3, 8).terminatingDecimal   // Optional("0.375")
    /// Rational(1, 3).terminatingDecimal   // nil
    /// ```
    public var terminatingDecimal: String? {
        var rest = denominator
        while rest.isEven { rest = rest / 2 }
        while (rest % 5).isZero { rest = rest / 5 }
        guard rest == 1 else { return nil }
        return decimalExpansion(maximumDigits: .max)?.description
    }
}
