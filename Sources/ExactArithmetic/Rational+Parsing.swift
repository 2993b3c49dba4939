import CGMP

extension Rational: ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, LosslessStringConvertible,
    CustomStringConvertible
{
    /// The largest decimal exponent `Rational(_:)` accepts (`1e100000`); larger ones
    /// would silently build numbers of millions of digits, so they are rejected.
    public static let maximumDecimalExponent = 100_000

    /// Creates an integer value: `let n: Rational = 3`.
    @inlinable
    public init(integerLiteral value: Int) { self.init(value) }

    /// Creates the value the literal *reads as* in decimal: `let a: Rational = 0.1`
    /// is exactly 1/10, not the binary double nearest to it.
    ///
    /// The compiler hands the literal over as a `Double`; its shortest round-trip
    /// decimal form is the literal's own digits for every literal of up to 15
    /// significant digits. Use ``init(_:)-(String)`` for longer literals.
    public init(floatLiteral value: Double) {
        precondition(value.isFinite, "Rational literal must be finite")
        self = Rational(value.description)!
    }

    /// Parses an exact decimal, integer or fraction, ignoring surrounding white space:
    /// `"3/8"`, `"-0.375"`, `"1e-3"`, `"2.5E+2"`, `" 7 "`. Returns `nil` for anything
    /// else, including a zero denominator (`"1/0"`).
    ///
    /// ```swift
    /// Rational("-0.375")   // Optional(-3/8)
    /// Rational("1/0")      // nil
    /// ```
    public init?(_ description: String) {
        self.init(description, maximumDecimalExponent: Rational.maximumDecimalExponent)
    }

    /// Parses like ``init(_:)-(String)``, accepting decimal exponents up to `maximumDecimalExponent`.
    ///
    /// ```swift
    /// Rational("1e20", maximumDecimalExponent: 10)   // nil
    /// ```
    public init?(_ description: String, maximumDecimalExponent: Int) {
        let text = Substring(description.trimmingWhitespace())
        if let slash = text.firstIndex(of: "/") {
            guard let n = BigInt(decimalDigits: text[..<slash]),
                let d = BigInt(decimalDigits: text[text.index(after: slash)...]),
                d.signum > 0,
                text[text.index(after: slash)...].first != "+"
            else { return nil }
            self.init(n, d)
        } else {
            guard let value = Rational(decimal: text, maximumDecimalExponent: maximumDecimalExponent) else {
                return nil
            }
            self = value
        }
    }

    /// Parses `[+-](digits[.digits*] | .digits)[(e|E)[+-]digits]` exactly.
    init?(decimal text: Substring, maximumDecimalExponent: Int) {
        var rest = text[...]
        var negative = false
        if let first = rest.first, first == "+" || first == "-" {
            negative = first == "-"
            rest = rest.dropFirst()
        }
        var mantissaEnd = rest.endIndex
        var exponent = 0
        if let e = rest.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissaEnd = e
            var exponentText = rest[rest.index(after: e)...]
            var exponentNegative = false
            if let sign = exponentText.first, sign == "+" || sign == "-" {
                exponentNegative = sign == "-"
                exponentText = exponentText.dropFirst()
            }
            guard !exponentText.isEmpty, exponentText.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
                let magnitude = Int(exponentText), magnitude <= maximumDecimalExponent
            else { return nil }
            exponent = exponentNegative ? -magnitude : magnitude
        }
        let mantissa = rest[..<mantissaEnd]
        var integerDigits = mantissa
        var fractionDigits = Substring()
        if let dot = mantissa.firstIndex(of: ".") {
            integerDigits = mantissa[..<dot]
            fractionDigits = mantissa[mantissa.index(after: dot)...]
        }
        guard !(integerDigits.isEmpty && fractionDigits.isEmpty),
            (integerDigits + fractionDigits).utf8.allSatisfy({ $0 >= 48 && $0 <= 57 })
        else { return nil }
        let digits = integerDigits + fractionDigits
        guard let significand = BigInt(decimalDigits: Substring(digits)) else { return nil }
        let scale = exponent - fractionDigits.count
        var value = Rational(negative ? -significand : significand)
        if scale > 0 {
            value = value * Rational(BigInt(10).power(scale))
        } else if scale < 0 {
            value = Rational(value.numerator, BigInt(10).power(-scale))
        }
        self = value
    }

    /// `"3/8"`, `"-1/4"`, `"3"`, `"0"`.
    public var description: String {
        if _isInline {
            return _denominatorWord == 1 ? String(_word) : "\(_word)/\(_denominatorWord)"
        }
        let numerator = decimalString(of: cgmp_mpq_numref(_mpq))
        if __gmpz_cmp_ui(cgmp_mpq_denref(_mpq), 1) == 0 { return numerator }
        return numerator + "/" + decimalString(of: cgmp_mpq_denref(_mpq))
    }

    /// Appends ``description``'s UTF-8 bytes (`3/8`) to `bytes` without making a `String`: a
    /// report with millions of values writes each straight into its output buffer.
    ///
    /// ```swift
    /// var bytes: [UInt8] = []
    /// Rational(-3, 8).appendDescription(to: &bytes)   // "-3/8"
    /// ```
    public func appendDescription(to bytes: inout [UInt8]) {
        var none = PowerOfTwoDigits(maximumBytes: 0)
        appendDescription(to: &bytes, reusing: &none)
    }

    /// ``appendDescription(to:)``, converting each power-of-two denominator (a dyadic value's,
    /// the common case in training with learning rates such as 1/8) once per `powers`: most
    /// values of a key share a few denominators, whose digits are half of its digits.
    ///
    /// ```swift
    /// var (bytes, powers): ([UInt8], PowerOfTwoDigits) = ([], PowerOfTwoDigits())
    /// Rational(3, 8).appendDescription(to: &bytes, reusing: &powers)   // "3/8"
    /// ```
    public func appendDescription(to bytes: inout [UInt8], reusing powers: inout PowerOfTwoDigits) {
        if _isInline {
            appendDecimal(_word, to: &bytes)
            if _denominatorWord != 1 {
                bytes.append(UInt8(ascii: "/"))
                appendDecimal(_denominatorWord, to: &bytes)
            }
        } else {
            appendDecimal(of: cgmp_mpq_numref(_mpq), to: &bytes)
            if __gmpz_cmp_ui(cgmp_mpq_denref(_mpq), 1) != 0 {
                bytes.append(UInt8(ascii: "/"))
                powers.appendDecimal(of: cgmp_mpq_denref(_mpq), to: &bytes)
            }
        }
    }
}

/// The decimal digits of a machine integer, appended.
private func appendDecimal(_ value: Int, to bytes: inout [UInt8]) {
    if value < 0 { bytes.append(UInt8(ascii: "-")) }
    appendDigits(of: value.magnitude, to: &bytes)
}

/// The decimal digits of a machine word, appended.
func appendDigits(of value: UInt, to bytes: inout [UInt8]) {
    var magnitude = value
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
        var count = 0
        repeat {
            digits[19 - count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
            magnitude /= 10
            count += 1
        } while magnitude > 0
        bytes.append(contentsOf: digits[(20 - count)...])
    }
}

/// The decimal digits of `z`, written by GMP straight into `bytes`.
private func appendDecimal(of z: UnsafePointer<__mpz_struct>, to bytes: inout [UInt8]) {
    let capacity = __gmpz_sizeinbase(z, 10) + 2
    let start = bytes.count
    bytes.append(contentsOf: repeatElement(0, count: capacity))
    let length = bytes.withUnsafeMutableBufferPointer { buffer -> Int in
        buffer.baseAddress!.advanced(by: start).withMemoryRebound(to: CChar.self, capacity: capacity) { chars in
            _ = __gmpz_get_str(chars, 10, z)
            var length = 0
            while chars[length] != 0 { length += 1 }
            return length
        }
    }
    bytes.removeLast(capacity - length)
}

/// The decimal digits of the powers of two a writer has met as denominators, each converted
/// once (up to `maximumBytes` of digits, so the memo stays small beside a streamed key).
///
/// ```swift
/// var powers = PowerOfTwoDigits()
/// var bytes: [UInt8] = []
/// Rational(1, 1 << 62).appendDescription(to: &bytes, reusing: &powers)
/// ```
public struct PowerOfTwoDigits: Sendable {
    var digits: [Int: [UInt8]] = [:]
    var bytes = 0
    let maximumBytes: Int

    /// An empty memo holding at most `maximumBytes` of digits (16 MiB unless given).
    public init(maximumBytes: Int = 1 << 24) { self.maximumBytes = maximumBytes }

    /// Appends the digits of `z`: from the memo when `z` is a power of two met before, else
    /// converted (and kept, when `z` is a power of two and the memo has room).
    mutating func appendDecimal(of z: UnsafePointer<__mpz_struct>, to out: inout [UInt8]) {
        let bits = __gmpz_sizeinbase(z, 2)
        guard maximumBytes > 0, __gmpz_scan1(z, 0) == bits - 1 else {
            return ExactArithmetic.appendDecimal(of: z, to: &out)
        }
        if let known = digits[bits - 1] { return out.append(contentsOf: known) }
        let start = out.count
        ExactArithmetic.appendDecimal(of: z, to: &out)
        guard bytes + out.count - start <= maximumBytes else { return }
        digits[bits - 1] = Array(out[start...])
        bytes += out.count - start
    }
}
