extension Rational: Codable {
    /// Decodes from the exact string form (`"3/8"`, `"-0.375"`, `"2"`); a JSON
    /// integer is accepted too. A JSON float is refused: it has already been rounded.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let integer = try? container.decode(Int.self) {
            self.init(integer)
            return
        }
        let text = try container.decode(String.self)
        guard let value = Rational(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an exact rational: \(text)")
        }
        self = value
    }

    /// Encodes as the exact string form, so no digit is lost: `"3/8"`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
