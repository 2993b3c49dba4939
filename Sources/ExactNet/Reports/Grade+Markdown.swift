import ExactArithmetic

extension Grade {
    /// The grade as Markdown: a score line, then a table per section; the first wrong entry is bold.
    ///
    /// ```swift
    /// print(grade.markdown(network: "net.exnet"))
    /// ```
    public func markdown(network: String) -> String {
        func cell(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|") }
        var out = "# Grade of `\(path)`\n\nNetwork `\(network)`, rounding \(rounding.rawValue).\n\n"
        out += "**Score:** \(scoreLine).\n\n\(firstWrongLine)\n"
        var section = ""
        for (i, e) in entries.enumerated() {
            if e.section != section {
                section = e.section
                out += "\n## \(section)\n\n| Entry | Given | Expected | Implied by the sheet | Verdict | Line |\n"
                out += "|---|---:|---:|---:|---|---:|\n"
            }
            let verdict = i == firstWrong ? "**\(cell(verdictText(e))) (first wrong)**" : cell(verdictText(e))
            out += "| `\(cell(e.name))` | \(e.given.map { "`\(cell($0))`" } ?? "") | `\(expectedText(e))` | "
            out += "\(e.implied.map { "`\($0)`" } ?? "") | \(verdict) | \(e.line.map(String.init) ?? "") |\n"
        }
        return out
    }
}
