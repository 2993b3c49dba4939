import ExactArithmetic

extension Grade {
    /// The grade as one JSON object:
    /// `{"file", "rounding", "entries": [{"section", "entry", "given", "expected", "implied",
    /// "verdict", "rounded", "mistake", "detail", "line"}], "first_wrong", "counts"}`.
    ///
    /// ```swift
    /// print(grade.json())
    /// ```
    public func json() -> String {
        func string(_ s: String?) -> String { s.map(JSONText.string) ?? "null" }
        func object(_ e: GradedEntry) -> String {
            "{\"section\": \(string(e.section)), \"entry\": \(string(e.name)), \"given\": \(string(e.given)), "
                + "\"expected\": \(string(e.expected?.description)), \"implied\": \(string(e.implied?.description)), "
                + "\"verdict\": \(string(e.verdict.rawValue)), \"rounded\": \(e.rounded), "
                + "\"mistake\": \(string(e.mistake?.name)), \"detail\": \(string(e.mistake?.detail)), "
                + "\"line\": \(e.line.map(String.init) ?? "null")}"
        }
        var out = "{\"file\": \(string(path)), \"rounding\": \(string(rounding.rawValue)), "
        out += "\"recomputes\": \(recomputes), \"entries\": [\n  "
        out += entries.map(object).joined(separator: ",\n  ")
        out += "\n], \"first_wrong\": \(firstWrong.map { object(entries[$0]) } ?? "null"), \"counts\": {"
        out += Verdict.allCases.map { "\(string($0.rawValue)): \(count($0))" }.joined(separator: ", ")
        return out + "}}\n"
    }
}
