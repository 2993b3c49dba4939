import ExactArithmetic

/// The formats a grade is written in.
public enum GradeFormat: String, CaseIterable, Sendable {
    /// Aligned plain text, a section per step.
    case text
    /// GitHub-flavoured Markdown tables.
    case markdown
    /// A LaTeX feedback sheet that compiles with `pdflatex`.
    case latex
    /// One JSON object (see the README for its shape).
    case json
    /// One CSV row per solution, for a grader's spreadsheet.
    case csv
}

extension Grade {
    /// The verdict as a reader sees it: `wrong: sign (…)`, `follows, rounded`.
    func verdictText(_ e: GradedEntry) -> String {
        var text = e.verdict.rawValue
        if e.rounded { text += ", rounded" }
        if let m = e.mistake { text += ": \(m.name)" + (m.detail.map { " (\($0))" } ?? "") }
        return text
    }

    /// The key's value, or `sealed` when the key holds none.
    func expectedText(_ e: GradedEntry) -> String { e.expected?.description ?? "sealed" }

    /// The score line: `20 correct, 14 follow, 1 wrong; 3 missing (never counted)`.
    public var scoreLine: String {
        "\(count(.correct)) correct, \(count(.follows)) follow\(recomputes ? "" : " (a sealed key cannot tell)"), "
            + "\(count(.wrong)) wrong; \(count(.missing)) missing (never counted)"
    }

    /// The first wrong entry in one line, or that there is none.
    public var firstWrongLine: String {
        guard let i = firstWrong else { return "No wrong entry." }
        let e = entries[i]
        return "First wrong entry: \(e.section), \(e.name) (line \(e.line!)): \(e.given!)"
            + (e.expected.map { ", expected \($0)" } ?? "")
            + (e.mistake.map { " (\($0.name)\($0.detail.map { ": \($0)" } ?? ""))" } ?? "")
    }

    /// The grade as aligned text: a score line, the first wrong entry, then every entry by section.
    ///
    /// ```swift
    /// print(grade.text(network: "net.exnet"))
    /// ```
    public func text(network: String) -> String {
        var out = "Grade of \(path) against \(network) (rounding: \(rounding.rawValue))\n"
        out += "Score: \(scoreLine)\n\(firstWrongLine)\n"
        // Columns align up to a width; a longer cell is written whole and pushes its row out.
        func pad(_ s: String, _ width: Int) -> String {
            s.count >= width ? s + " " : s + String(repeating: " ", count: width - s.count)
        }
        let cap = 24
        let nameWidth = Swift.min(cap, entries.map(\.name.count).max() ?? 0) + 2
        let givenWidth = Swift.min(cap, Swift.max(5, entries.map { ($0.given ?? "-").count }.max() ?? 0)) + 2
        let expectedWidth = Swift.min(cap, Swift.max(8, entries.map { expectedText($0).count }.max() ?? 0)) + 2
        var section = ""
        for (i, e) in entries.enumerated() {
            if e.section != section {
                section = e.section
                out +=
                    "\n\(section)\n  " + pad("entry", nameWidth) + pad("given", givenWidth)
                    + pad("expected", expectedWidth) + "verdict\n"
            }
            out +=
                (i == firstWrong ? "> " : "  ") + pad(e.name, nameWidth) + pad(e.given ?? "-", givenWidth)
                + pad(expectedText(e), expectedWidth) + verdictText(e)
            if let implied = e.implied, e.verdict != .missing { out += "; the sheet's entries imply \(implied)" }
            if let line = e.line { out += "  [line \(line)]" }
            if i == firstWrong { out += "  <- first wrong entry" }
            out += "\n"
        }
        return out
    }
}
