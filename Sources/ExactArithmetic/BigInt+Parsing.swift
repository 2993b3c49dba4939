import CGMP

extension BigInt: ExpressibleByIntegerLiteral, LosslessStringConvertible, CustomStringConvertible, Codable {
    /// Creates a value from an integer literal: `let n: BigInt = 42`.
    public init(integerLiteral value: Int) { self.init(value) }

    /// Parses an optionally signed run of decimal digits, ignoring surrounding white space.
    ///
    /// ```swift
    /// BigInt("-123456789012345678901234567890")  // a BigInt
    /// BigInt("12a")                               // nil
    /// ```
    public init?(_ description: String) {
        let text = description.trimmingWhitespace()
        guard let value = BigInt(decimalDigits: Substring(text)) else { return nil }
        self = value
    }

    /// Parses `[+-]digits` exactly; `nil` for anything else.
    init?(decimalDigits text: Substring) {
        var digits = text
        var negative = false
        if let first = digits.first, first == "+" || first == "-" {
            negative = first == "-"
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        if digits.utf8.count <= 18, let value = Int(digits) {
            self.init(negative ? -value : value)
            return
        }
        let storage = IntegerStorage.make()
        let status = String(digits).withCString { __gmpz_set_str(storage.pointer, $0, 10) }
        guard status == 0 else { return nil }
        if negative { cgmp_mpz_neg(storage.pointer, storage.pointer) }
        self.init(normalizing: storage)
    }

    /// Decimal digits with a leading `-` when negative.
    public var description: String {
        switch representation {
        case .small(let value): return String(value)
        case .large(let storage): return decimalString(of: storage.pointer)
        }
    }

    /// Decodes from a decimal string, so that no digit is lost in JSON.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = BigInt(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an integer: \(text)")
        }
        self = value
    }

    /// Encodes as a decimal string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension String {
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let end = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(scalars[start...end])
    }
}
