import CGMP

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
        // d = 2^a·5^b terminates after k = max(a, b) digits, and then |n|/d = |n|·2^(k−a)·5^(k−b) / 10^k:
        // one multiplication and one conversion to decimal, whatever the number of digits.
        if _isInline {
            let (n, d) = (_word, _denominatorWord)
            guard let (k, scaled) = Self.inlineDecimal(n, d) else { return nil }
            if let scaled { return Self.placingPoint(in: String(scaled), digitsAfter: k, negative: n < 0) }
        }
        let negative = signum < 0
        return withMPQ { q -> String? in
            withUnsafeTemporaryAllocation(of: __mpz_struct.self, capacity: 2) { buffer -> String? in
                let scaled = buffer.baseAddress!
                let power = scaled + 1
                __gmpz_init(scaled)
                __gmpz_init(power)
                defer {
                    __gmpz_clear(scaled)
                    __gmpz_clear(power)
                }
                let denominator = cgmp_mpq_denref_const(q)
                let twos = Int(__gmpz_scan1(denominator, 0))
                __gmpz_tdiv_q_2exp(scaled, denominator, mp_bitcnt_t(twos))
                __gmpz_set_ui(power, 5)
                let fives = Int(__gmpz_remove(scaled, scaled, power))
                guard __gmpz_cmp_ui(scaled, 1) == 0 else { return nil }
                let k = Swift.max(twos, fives)
                __gmpz_ui_pow_ui(power, 5, UInt(k - fives))
                __gmpz_mul(scaled, cgmp_mpq_numref_const(q), power)
                __gmpz_mul_2exp(scaled, scaled, mp_bitcnt_t(k - twos))
                __gmpz_abs(scaled, scaled)
                return Self.placingPoint(in: decimalString(of: scaled), digitsAfter: k, negative: negative)
            }
        }
    }

    /// Appends ``terminatingDecimal`` to `bytes` when the value is held inline, its decimal
    /// terminates and its digits fit a machine word, and returns whether it did: answer keys
    /// print this beside every short fraction, without making a String.
    ///
    /// ```swift
    /// var bytes: [UInt8] = []
    /// Rational(-3, 8).appendInlineDecimal(to: &bytes)   // true; bytes read "-0.375"
    /// ```
    public func appendInlineDecimal(to bytes: inout [UInt8]) -> Bool {
        let (n, d) = (_word, _denominatorWord)
        guard _isInline, let (k, scaled) = Self.inlineDecimal(n, d), let scaled else { return false }
        if n < 0 { bytes.append(UInt8(ascii: "-")) }
        let start = bytes.count
        appendDigits(of: scaled, to: &bytes)
        let count = bytes.count - start
        if count <= k {
            // 0.00ddd: a zero, the point, then zeros up to the digits.
            bytes.insert(contentsOf: repeatElement(UInt8(ascii: "0"), count: k - count + 1), at: start)
            bytes.insert(UInt8(ascii: "."), at: start + 1)
        } else if k > 0 {
            bytes.insert(UInt8(ascii: "."), at: bytes.count - k)
        }
        return true
    }

    /// For an inline n/d whose decimal terminates (d = 2^a·5^b): its k = max(a, b) digits after
    /// the point and |n|/d·10^k = |n|·2^(k−a)·5^(k−b) (`nil` when that passes a word: the general
    /// path then takes it); `nil` when the decimal does not terminate.
    private static func inlineDecimal(_ n: Int, _ d: Int) -> (digitsAfterPoint: Int, scaled: UInt?)? {
        let twos = d.trailingZeroBitCount
        var rest = d >> twos
        var fives = 0
        while rest % 5 == 0 {
            rest /= 5
            fives += 1
        }
        guard rest == 1 else { return nil }
        let k = Swift.max(twos, fives)
        var scaled = n.magnitude
        for (factor, count) in [(UInt(2), k - twos), (UInt(5), k - fives)] {
            for _ in 0..<count {
                let product = scaled.multipliedReportingOverflow(by: factor)
                if product.overflow { return (k, nil) }
                scaled = product.partialValue
            }
        }
        return (k, scaled)
    }

    /// `digits` (an integer's) with a decimal point `digitsAfter` places from the right.
    private static func placingPoint(in digits: String, digitsAfter k: Int, negative: Bool) -> String {
        let sign = negative ? "-" : ""
        guard k > 0 else { return sign + digits }
        // Digits are ASCII: count and cut by bytes, not Characters.
        let length = digits.utf8.count
        let padded = length > k ? digits : String(repeating: "0", count: k - length + 1) + digits
        let point = padded.utf8.index(padded.utf8.endIndex, offsetBy: -k)
        return sign + padded[..<point] + "." + padded[point...]
    }
}
