import Crypto
import ExactArithmetic

/// An answer key that can grade without showing a value: for each entry, a salted SHA-256
/// digest of its canonical exact value and of its roundings to 1–6 decimals, and nothing else.
/// A student checks a sheet against it and learns `correct`, `rounded` or `wrong` per entry;
/// `follows` needs the values, so a sealed key never says it.
///
/// ```swift
/// let sealed = SealedKey(trace: trace)
/// let text = sealed.json()                                   // exactnet run --format sealed
/// let again = try SealedKey(parsing: text, path: "key.json")
/// let grade = again.grade(solution, rounding: .halfUp)        // exactnet check key.json sheet.txt
/// ```
///
/// A digest hides a value from reading, not from a search: small fractions can be found by
/// hashing candidates with the salt the file holds. Use sealed keys for self-checking, not exams.
public struct SealedKey: Sendable {
    /// The `format` member that marks a sealed key.
    public static let formatName = "exactnet-sealed-key"
    /// Decimal places whose roundings are sealed.
    static let roundingPlaces = 1...6
    /// The rules sealed at each place; `any` accepts `down` or `up`.
    static let sealedRules: [DecimalRounding] = [.halfUp, .halfEven, .down, .up]

    /// Names, roles, parameters, samples and steps: what a solution's names resolve against.
    public let shape: KeyShape
    let salt: String
    /// Sealed entries in computation order, with their digests.
    var entries: [KeyEntry] = []
    var seals: [KeyEntry: Seal] = [:]

    struct Seal: Sendable {
        var exact: String
        /// Rule name → the digests of its roundings at 1…6 places.
        var roundings: [String: [String]]
    }

    /// Seals a run's key. `detail` chooses the entries as for answer keys: every sample's
    /// (`full`), each step's own (`steps`), or the final evaluation's (`final`).
    public init(trace: TrainingTrace<Rational>, detail: KeyDetail = .full) {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        self.init(trace: trace, detail: detail, salt: Self.hex(bytes))
    }

    init(trace: TrainingTrace<Rational>, detail: KeyDetail, salt: String) {
        shape = KeyShape(trace)
        self.salt = salt
        for step in 0...shape.stepCount {
            let isFinal = step == shape.stepCount
            for entry in shape.entries(inStep: step) {
                switch detail {
                case .full: break
                case .steps: if entry.sample != nil { continue }
                case .final: if !isFinal || entry.sample != nil { continue }
                }
                let value = trace.value(of: entry)
                var roundings: [String: [String]] = [:]
                for rule in Self.sealedRules {
                    roundings[rule.rawValue] = Self.roundingPlaces.map {
                        digest(entry, value.decimalText(places: $0, rule))
                    }
                }
                entries.append(entry)
                seals[entry] = Seal(exact: digest(entry, value.description), roundings: roundings)
            }
        }
    }

    /// The digest of one entry's value written as `text`: SHA-256 over the format name, the
    /// salt, the entry and the text, the first 128 bits in hex.
    func digest(_ entry: KeyEntry, _ text: String) -> String {
        let message = "\(Self.formatName)\u{0}\(salt)\u{0}\(Self.identifier(entry))\u{0}\(text)"
        return Self.hex(Array(SHA256.hash(data: Array(message.utf8)).prefix(16)))
    }

    static func identifier(_ entry: KeyEntry) -> String {
        "\(entry.step)/\(entry.sample.map(String.init) ?? "-")/\(kindName(entry.kind))/\(kindIndex(entry.kind))"
    }

    static func kindName(_ kind: KeyEntry.Kind) -> String {
        switch kind {
        case .value: return "value"
        case .lossGradient: return "loss_gradient"
        case .objective: return "objective"
        case .objectiveGradient: return "objective_gradient"
        case .update: return "update"
        }
    }

    static func kindIndex(_ kind: KeyEntry.Kind) -> Int {
        switch kind {
        case .value(let q), .lossGradient(let q): return q
        case .objective: return 0
        case .objectiveGradient(let k), .update(let k): return k
        }
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef")
        return String(bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] })
    }

    // MARK: - Grading

    /// Grades a solution: `correct` (exactly, or `rounded` at 1–6 decimals by `rounding`) or
    /// `wrong`, with `sign` or `other-quantity` when a digest shows it; never `follows`.
    public func grade(_ solution: Solution, rounding: RoundingRule = .halfUp) -> Grade {
        Grade(
            grading: solution, shape: shape, rounding: rounding, recomputes: false, expected: { _ in nil },
            listable: { seals[$0] != nil },
            judge: { row, g, position, section in
                let entry = row.entry
                guard let seal = seals[entry] else {
                    row.verdict = .wrong  // not sealed at this detail: nothing to compare with
                    return
                }
                if digest(entry, g.value.description) == seal.exact {
                    row.verdict = .correct
                } else if matchesRounding(g, seal, entry, rounding) {
                    (row.verdict, row.rounded) = (.correct, true)
                } else {
                    row.verdict = .wrong
                    if !g.value.isZero, digest(entry, (-g.value).description) == seal.exact {
                        row.mistake = .sign
                    } else {
                        for other in shape.neighbours(of: position, in: section) {
                            guard let otherSeal = seals[other], otherSeal.exact != seal.exact else { continue }
                            if digest(other, g.value.description) == otherSeal.exact {
                                row.mistake = .otherQuantity(shape.name(of: other))
                                break
                            }
                        }
                    }
                }
            })
    }

    func matchesRounding(_ g: GivenEntry, _ seal: Seal, _ entry: KeyEntry, _ rule: RoundingRule) -> Bool {
        guard let places = g.decimalPlaces, Self.roundingPlaces.contains(places) else { return false }
        let written = digest(entry, g.value.decimalText(places: places, .down))
        let rules: [DecimalRounding]
        switch rule {
        case .none: return false
        case .halfUp: rules = [.halfUp]
        case .halfEven: rules = [.halfEven]
        case .any: rules = [.down, .up]
        }
        return rules.contains { seal.roundings[$0.rawValue]?[places - 1] == written }
    }
}
