import ExactArithmetic

/// What a grader says of one entry.
public enum Verdict: String, Sendable, CaseIterable {
    /// Equal to the key's value (or its rounding).
    case correct
    /// Wrong against the key, but what the solver's own earlier entries imply: error carried forward.
    case follows
    /// Neither.
    case wrong
    /// Not given; listed, never counted against.
    case missing
}

/// How a decimal on a sheet may round an exact value and still be right.
public enum RoundingRule: String, Sendable, CaseIterable {
    /// To nearest, ties away from zero (`1.953125` → `1.95`, `0.125` → `0.13`).
    case halfUp = "half-up"
    /// To nearest, ties to even (`0.125` → `0.12`).
    case halfEven = "half-even"
    /// Rounded or cut off in either direction at the written digits (`1.95` and `1.96` for `1.953125`).
    case any
    /// Exact values only.
    case none

    /// Whether `written`, with `places` decimals, is `value` rounded by this rule.
    ///
    /// ```swift
    /// RoundingRule.halfUp.accepts(Rational(39, 20), places: 2, for: Rational(125, 64))   // true
    /// ```
    public func accepts(_ written: Rational, places: Int, for value: Rational) -> Bool {
        switch self {
        case .none: return false
        case .halfUp: return value.rounded(toDecimalPlaces: places, .halfUp) == written
        case .halfEven: return value.rounded(toDecimalPlaces: places, .halfEven) == written
        case .any:
            return value.rounded(toDecimalPlaces: places, .down) == written
                || value.rounded(toDecimalPlaces: places, .up) == written
        }
    }
}

/// A mistake a grader recognised by recomputing the entry the mistaken way; never a guess.
public enum Mistake: Equatable, Sendable {
    /// The negative of the right value.
    case sign
    /// One chain-rule term left out of a sum: the term (`dL/dz2 · w3`, or `sample 1` in a sum over samples).
    case missingTerm(String)
    /// The derivative of an activation left out of the chain rule (`relu'(z1)`).
    case missingActivationDerivative(String)
    /// The update went uphill: w + lr·g instead of w − lr·g.
    case updateSign
    /// The learning rate left out of the update: w − g.
    case learningRate
    /// The value of another entry of the same step and sample (its name).
    case otherQuantity(String)

    /// The mistake's name in reports: `sign`, `missing-term`, `missing-activation-derivative`,
    /// `update-sign`, `learning-rate`, `other-quantity`.
    public var name: String {
        switch self {
        case .sign: return "sign"
        case .missingTerm: return "missing-term"
        case .missingActivationDerivative: return "missing-activation-derivative"
        case .updateSign: return "update-sign"
        case .learningRate: return "learning-rate"
        case .otherQuantity: return "other-quantity"
        }
    }

    /// What the name refers to (`dL/dz2 · w3`), if anything.
    public var detail: String? {
        switch self {
        case .sign, .updateSign, .learningRate: return nil
        case .missingTerm(let d), .missingActivationDerivative(let d), .otherQuantity(let d): return d
        }
    }
}

/// One graded entry of a hand solution.
public struct GradedEntry: Sendable {
    /// Which number of the key.
    public var entry: KeyEntry
    /// Its section heading (`step 0`, `step 0 sample 1`, `final`).
    public var section: String
    /// Its name after aliases (`dL/dyhat`, `w3 <-`, `J`).
    public var name: String
    /// The value as the sheet wrote it (`nil` when missing).
    public var given: String?
    /// The key's exact value (`nil` when graded against a sealed key, which holds none).
    public var expected: Rational?
    /// What the solver's own entries imply, where that differs from the key (`nil` otherwise).
    public var implied: Rational?
    /// The verdict.
    public var verdict: Verdict
    /// Whether the sheet's decimal is a rounding of the value it matched.
    public var rounded: Bool
    /// The recognised mistake of a wrong entry, if one explains it.
    public var mistake: Mistake?
    /// The line of the sheet (`nil` when missing).
    public var line: Int?
}

/// A graded hand solution: every given entry and every skipped one, in computation order.
///
/// ```swift
/// let grade = try Grader(trace: trace, rounding: .halfUp).grade(solution)
/// grade.firstWrong.map { grade.entries[$0].name }   // "dL/dyhat"
/// grade.count(.follows)                             // 14
/// ```
public struct Grade: Sendable {
    /// The solution file.
    public var path: String
    /// The entries, in the order the run computes them.
    public var entries: [GradedEntry]
    /// The index of the first wrong entry in ``entries``.
    public var firstWrong: Int?
    /// The rounding rule applied.
    public var rounding: RoundingRule
    /// Whether `follows` was possible (a sealed key cannot recompute: it has correct and wrong only).
    public var recomputes: Bool

    /// How many entries got a verdict.
    public func count(_ verdict: Verdict) -> Int { entries.lazy.filter { $0.verdict == verdict }.count }
    /// `true` when no entry is wrong.
    public var passes: Bool { firstWrong == nil }
}

extension Grade {
    /// One grading walk, shared by the grader and sealed keys: the steps the solution works on,
    /// each entry in computation order. A skipped entry is listed as `missing` when the shape asks
    /// for it and `listable` agrees; a given one gets its text and line, then `judge` sets its
    /// verdict (given its position in `section`, for naming a neighbour).
    init(
        grading solution: Solution, shape: KeyShape, rounding: RoundingRule, recomputes: Bool,
        expected: (KeyEntry) -> Rational?, listable: (KeyEntry) -> Bool = { _ in true },
        judge: (_ row: inout GradedEntry, _ given: GivenEntry, _ position: Int, _ section: [KeyEntry]) throws -> Void
    ) rethrows {
        var given: [KeyEntry: GivenEntry] = [:]
        for g in solution.entries { given[g.entry] = g }
        var graded: [GradedEntry] = []
        for (step, mentionedSamples) in solution.workedSteps {
            let section = shape.entries(inStep: step)
            for (position, entry) in section.enumerated() {
                var row = GradedEntry(
                    entry: entry, section: shape.section(of: entry), name: shape.name(of: entry), given: nil,
                    expected: expected(entry), implied: nil, verdict: .missing, rounded: false, mistake: nil,
                    line: nil)
                guard let g = given[entry] else {
                    if listable(entry), shape.isListedMissing(entry, mentionedSamples: mentionedSamples) {
                        graded.append(row)
                    }
                    continue
                }
                row.given = g.text
                row.line = g.location.line
                try judge(&row, g, position, section)
                graded.append(row)
            }
        }
        self.init(
            path: solution.path, entries: graded, firstWrong: graded.firstIndex { $0.verdict == .wrong },
            rounding: rounding, recomputes: recomputes)
    }
}
