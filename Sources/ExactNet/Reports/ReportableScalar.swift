import CertifiedArithmetic
import ExactArithmetic

/// A scalar an answer key can print in every format.
public protocol ReportableScalar: RationalConvertible {
    /// Plain text: `3/8` for rationals, the shortest round-trip digits for floats.
    var plainText: String { get }
    /// A terminating decimal to show beside a fraction (`0.375`), when it adds information: for
    /// rationals, word-sized values whose decimal has at most 24 characters.
    var decimalText: String? { get }
    /// LaTeX for math mode: `\frac{3}{8}`, `-\frac{1}{4}`, `1.5\times 10^{-7}`.
    var latexText: String { get }
    /// A JSON value: exact strings (`"3/8"`) for rationals, numbers for floats.
    var jsonText: String { get }
    /// Writes ``jsonText`` to `out` (exact types write their digits straight into its buffer).
    func writeJSON(to out: KeyWriter)
    /// Appends ``plainText`` to a text key's bytes; exact types write their digits straight in.
    func appendPlainText(to bytes: inout [UInt8], reusing powers: inout PowerOfTwoDigits)
    /// Appends ``decimalText`` as a text key shows it beside the value, `  (0.375)`, when there
    /// is one; exact types write its digits straight in.
    func appendDecimalText(to bytes: inout [UInt8])
    /// Whether the value is shown rounded to certified digits (LaTeX writes `\approx`, not `=`).
    var isApproximation: Bool { get }
    /// The significant digits every rounded value is guaranteed to, when the scalar certifies them.
    static var certifiedDigits: Int? { get }
}

extension ReportableScalar {
    /// Writes ``jsonText``.
    public func writeJSON(to out: KeyWriter) { out += jsonText }
    /// Appends ``plainText``.
    public func appendPlainText(to bytes: inout [UInt8], reusing powers: inout PowerOfTwoDigits) {
        bytes.append(contentsOf: plainText.utf8)
    }
    /// Appends `  (0.375)` from ``decimalText``, when there is one.
    public func appendDecimalText(to bytes: inout [UInt8]) {
        if let decimal = decimalText { bytes.append(contentsOf: "  (\(decimal))".utf8) }
    }
    /// Appends the value as a text key shows it: ``plainText``, then the decimal beside it
    /// (`3/8  (0.375)`).
    func appendTextValue(to bytes: inout [UInt8], reusing powers: inout PowerOfTwoDigits) {
        appendPlainText(to: &bytes, reusing: &powers)
        appendDecimalText(to: &bytes)
    }
    /// ``appendTextValue(to:reusing:)`` as a String: `3/8  (0.375)`.
    var textValue: String {
        var (bytes, powers) = ([UInt8](), PowerOfTwoDigits(maximumBytes: 0))
        appendTextValue(to: &bytes, reusing: &powers)
        return String(decoding: bytes, as: UTF8.self)
    }
    /// Exact and float values are shown as they are.
    public var isApproximation: Bool { false }
    /// No certified digits unless the scalar says so.
    public static var certifiedDigits: Int? { nil }
}

extension Rational: ReportableScalar {
    /// Writes `"3/8"` straight into the writer's buffer, without making a String.
    public func writeJSON(to out: KeyWriter) {
        out.writeBytes { bytes, powers in
            bytes.append(UInt8(ascii: "\""))
            appendDescription(to: &bytes, reusing: &powers)
            bytes.append(UInt8(ascii: "\""))
        }
    }
    /// Appends `3/8` without making a String.
    public func appendPlainText(to bytes: inout [UInt8], reusing powers: inout PowerOfTwoDigits) {
        appendDescription(to: &bytes, reusing: &powers)
    }
    /// Appends `  (0.375)` beside a short fraction, without making a String.
    public func appendDecimalText(to bytes: inout [UInt8]) {
        let mark = bytes.count
        bytes.append(contentsOf: "  (".utf8)
        if appendShortDecimal(to: &bytes) {
            bytes.append(UInt8(ascii: ")"))
        } else {
            bytes.removeSubrange(mark...)
        }
    }
    /// The longest decimal shown beside a fraction.
    static let longestDecimalText = 24
    /// Appends the decimal a key shows beside this value, if it shows one, and says whether it did.
    private func appendShortDecimal(to bytes: inout [UInt8]) -> Bool {
        // A decimal helps a reader beside a short fraction; beside a long one it only doubles the digits.
        guard !isInteger, isInline else { return false }
        let mark = bytes.count
        if appendInlineDecimal(to: &bytes) {
            if bytes.count - mark <= Self.longestDecimalText { return true }
            bytes.removeSubrange(mark...)
            return false
        }
        // Digits beyond a word (or none that terminate): the general path decides.
        guard let decimal = terminatingDecimal, decimal.utf8.count <= Self.longestDecimalText else { return false }
        bytes.append(contentsOf: decimal.utf8)
        return true
    }
    /// See ``ReportableScalar/plainText``.
    public var plainText: String { description }
    /// See ``ReportableScalar/decimalText``.
    public var decimalText: String? {
        var bytes: [UInt8] = []
        return appendShortDecimal(to: &bytes) ? String(decoding: bytes, as: UTF8.self) : nil
    }
    /// See ``ReportableScalar/latexText``.
    public var latexText: String { latex }
    /// See ``ReportableScalar/jsonText``.
    public var jsonText: String { "\"\(description)\"" }
}

extension ReportableScalar where Self: BinaryFloatingPoint & LosslessStringConvertible {
    /// See ``ReportableScalar/plainText``.
    public var plainText: String { description }
    /// See ``ReportableScalar/decimalText``.
    public var decimalText: String? { nil }
    /// See ``ReportableScalar/latexText``.
    public var latexText: String {
        guard isFinite else { return isNaN ? "\\mathrm{NaN}" : (self < 0 ? "-\\infty" : "\\infty") }
        let text = description
        guard let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) else { return text }
        var exponent = String(text[text.index(after: e)...])
        if exponent.hasPrefix("+") { exponent.removeFirst() }
        let negative = exponent.hasPrefix("-")
        if negative { exponent.removeFirst() }
        while exponent.hasPrefix("0") && exponent.count > 1 { exponent.removeFirst() }
        return "\(text[..<e])\\times 10^{\(negative ? "-" : "")\(exponent)}"
    }
    /// See ``ReportableScalar/jsonText``.
    public var jsonText: String {
        guard isFinite else { return "null" }  // JSON has no NaN or infinity
        return description
    }
}

extension Double: ReportableScalar {}
extension Float: ReportableScalar {}

extension Certified: ReportableScalar {
    /// `3/8` when exact, else the correctly rounded digits of `CertifiedContext.current`.
    public var plainText: String { description }
    /// For exact values, as for `Rational`; rounded values are decimals already.
    public var decimalText: String? { exactValue?.decimalText }
    /// `\frac{3}{8}` when exact, else the certified digits (`1.2\times 10^{-7}`).
    public var latexText: String {
        if let v = exactValue { return v.latex }
        let text = description
        guard let e = text.firstIndex(of: "e") else { return text }
        var exponent = text[text.index(after: e)...]
        if exponent.hasPrefix("+") { exponent.removeFirst() }
        return "\(text[..<e])\\times 10^{\(exponent)}"
    }
    /// `"3/8"` when exact, else the certified digits as a string (`"0.59326999210718723290"`).
    public var jsonText: String { "\"\(description)\"" }
    /// Writes ``jsonText`` straight into the writer's buffer (a ball's digits are kept with it).
    public func writeJSON(to out: KeyWriter) {
        if let value = exactValue { return value.writeJSON(to: out) }
        withDecimal(significantDigits: CertifiedContext.current.digits) { digits in
            guard let digits else {
                out += jsonText
                return
            }  // too wide: Arb's own notation, as `description`
            out.writeBytes { bytes, _ in
                bytes.append(UInt8(ascii: "\""))
                bytes.append(contentsOf: digits)
                bytes.append(UInt8(ascii: "\""))
            }
        }
    }
    /// Appends ``plainText``; exact values as `Rational` does.
    public func appendPlainText(to bytes: inout [UInt8], reusing powers: inout PowerOfTwoDigits) {
        if let value = exactValue { return value.appendPlainText(to: &bytes, reusing: &powers) }
        bytes.append(contentsOf: plainText.utf8)
    }
    /// Exact values as `Rational` does; rounded values are decimals already.
    public func appendDecimalText(to bytes: inout [UInt8]) { exactValue?.appendDecimalText(to: &bytes) }
    /// Rounded values are approximations of their true value.
    public var isApproximation: Bool { !isExact }
    /// The digits of `CertifiedContext.current`.
    public static var certifiedDigits: Int? { CertifiedContext.current.digits }
}
