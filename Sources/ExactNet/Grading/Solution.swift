import ExactArithmetic

/// A hand solution, transcribed: the numbers a sheet gives, each tied to the answer-key
/// entry it claims to be (see ``KeyEntry``), with where it was written.
///
/// ```swift
/// let solution = try Solution(parsing: """
///     step 0
///     yhat = 3/8
///     dL/dyhat = -1
///     """, path: "sheet.txt", shape: KeyShape(trace))
/// solution.entries.count   // 2
/// ```
///
/// The grammar (one statement a line, `#` starts a comment):
/// - `alias SHEET = NETWORK` maps a sheet's name to a network name, in values, gradients
///   and updates alike (`alias w5 = w3`); `alias dL/dy = dL/dyhat` maps a whole entry name.
/// - `step N`, `step N sample K`, `final`, `final sample K` open a section. `sample K` may be
///   left out when the network has one sample.
/// - `q = VALUE` (a value), `dL/dq = VALUE` (a sample's gradient), `dJ/dw = VALUE` (the
///   objective's gradient), `J = VALUE` (the objective), `w <- VALUE` or `w ← VALUE` (the
///   update of a parameter in this step). `L` stands for the loss when no quantity is named `L`.
/// - A value is an integer, a decimal or a fraction, optionally negative: `3`, `-0.75`, `3/4`.
public struct Solution: Sendable {
    /// The file, as named on the command line.
    public var path: String
    /// The entries, in the order written.
    public var entries: [GivenEntry]

    /// The steps the solution works on, in order, each with the samples it names (one pass).
    var workedSteps: [(step: Int, samples: Set<Int>)] {
        var samples: [Int: Set<Int>] = [:]
        for g in entries { samples[g.entry.step, default: []].formUnion(g.entry.sample.map { [$0] } ?? []) }
        return samples.keys.sorted().map { ($0, samples[$0]!) }
    }
}

/// One number of a hand solution.
public struct GivenEntry: Sendable {
    /// The answer-key entry it gives.
    public var entry: KeyEntry
    /// Its exact value.
    public var value: Rational
    /// The value as written (`1.95`).
    public var text: String
    /// Digits after the decimal point when written as a plain decimal (`1.95`: 2), else `nil`:
    /// only such a value can be a rounding.
    public var decimalPlaces: Int?
    /// Where the entry is written.
    public var location: SourcePosition
}
