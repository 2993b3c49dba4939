/// How a value is rounded to a number of decimal places.
///
/// ```swift
/// Rational(125, 64).rounded(toDecimalPlaces: 2, .halfUp)   // 39/20 (1.95)
/// ```
public enum DecimalRounding: String, CaseIterable, Sendable {
    /// To the nearest; a tie goes away from zero (school rounding: 0.125 → 0.13, -0.125 → -0.13).
    case halfUp = "half-up"
    /// To the nearest; a tie goes to the even last digit (0.125 → 0.12).
    case halfEven = "half-even"
    /// Toward negative infinity (1.959 → 1.95).
    case down
    /// Toward positive infinity (1.951 → 1.96).
    case up
}

extension Rational {
    /// The multiple of 10^-`places` that `rule` rounds this value to; `places` ≥ 0.
    ///
    /// ```swift
    /// Rational(1, 3).rounded(toDecimalPlaces: 2, .halfEven)   // 33/100
    /// Rational(-5, 2).rounded(toDecimalPlaces: 0, .halfUp)    // -3
    /// ```
    public func rounded(toDecimalPlaces places: Int, _ rule: DecimalRounding) -> Rational {
        precondition(places >= 0, "negative decimal places")
        let scale = BigInt(10).power(places)
        let n = numerator * scale
        let d = denominator
        // Truncated quotient, then the floor: q ≤ n/d < q + 1.
        var (q, r) = n.quotientAndRemainder(dividingBy: d)
        if r.signum < 0 {
            q -= 1
            r += d
        }
        var roundsUp: Bool
        switch rule {
        case .down: roundsUp = false
        case .up: roundsUp = !r.isZero
        case .halfUp, .halfEven:
            let twice = r * 2
            if twice < d {
                roundsUp = false
            } else if d < twice {
                roundsUp = true
            } else {
                // A tie: away from zero means up for positive values and down for negative ones.
                roundsUp = rule == .halfUp ? n.signum > 0 : !q.isEven
            }
        }
        if roundsUp { q += 1 }
        return Rational(q, scale)
    }

    /// This value written with exactly `places` decimals after the point, as `rule` rounds it.
    ///
    /// ```swift
    /// Rational(125, 64).decimalText(places: 2, .halfUp)   // "1.95"
    /// Rational(-1, 4).decimalText(places: 1, .halfEven)   // "-0.2"
    /// ```
    public func decimalText(places: Int, _ rule: DecimalRounding) -> String {
        let value = rounded(toDecimalPlaces: places, rule)
        let scaled = (value.numerator * BigInt(10).power(places)) / value.denominator
        var digits = scaled.magnitude.description
        if digits.count <= places { digits = String(repeating: "0", count: places - digits.count + 1) + digits }
        let sign = scaled.signum < 0 ? "-" : ""
        guard places > 0 else { return sign + digits }
        let point = digits.index(digits.endIndex, offsetBy: -places)
        return sign + digits[..<point] + "." + digits[point...]
    }
}
