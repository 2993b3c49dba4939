import ExactArithmetic

extension Grade {
    /// The grade as a LaTeX feedback sheet (article, amsmath, longtable) that compiles with
    /// `pdflatex`; exact values as fractions, the first wrong entry in bold.
    ///
    /// ```swift
    /// try grade.latex(network: "net.exnet").write(...)   // pdflatex feedback.tex
    /// ```
    public func latex(network: String) -> String { Grade.latex([self], network: network) }

    /// Several grades as one feedback document, a page per sheet.
    public static func latex(_ grades: [Grade], network: String) -> String {
        "\\documentclass{article}\n\\usepackage{amsmath}\n\\usepackage{longtable}\n\\begin{document}\n"
            + grades.map { $0.latexBody(network: network) }.joined(separator: "\\clearpage\n") + "\\end{document}\n"
    }

    func latexBody(network: String) -> String {
        func text(_ s: String) -> String { NameFormatting.escapeText(s) }
        func entryName(_ e: GradedEntry) -> String {
            let names = e.name
            if names == "J" { return "$J$" }
            if names.hasSuffix(" <-") { return "$\(NameFormatting.latex(String(names.dropLast(3)))) \\leftarrow$" }
            for (prefix, symbol) in [("dL/d", "L"), ("dJ/d", "J")] where names.hasPrefix(prefix) {
                return "$\(NameFormatting.latexPartial(of: symbol, by: String(names.dropFirst(prefix.count))))$"
            }
            return "$\(NameFormatting.latex(names))$"
        }
        var out = "\\section*{Feedback: \(text(path))}\n"
        out += "Network \\texttt{\(text(network))}; decimals may round \(text(rounding.rawValue)).\n\n"
        out += "\\paragraph{Score} \(text(scoreLine)).\n\n\\paragraph{First wrong entry} \(text(firstWrongLine))\n"
        var section = ""
        for (i, e) in entries.enumerated() {
            if e.section != section {
                if !section.isEmpty { out += "\\end{longtable}\n" }
                section = e.section
                out += "\n\\subsection*{\(text(section.prefix(1).uppercased() + section.dropFirst()))}\n"
                out +=
                    "\\begin{longtable}{llllp{4.5cm}r}\nEntry & Given & Expected & Implied & Verdict & Line \\\\\n\\hline\n"
            }
            var verdict = text(verdictText(e))
            if i == firstWrong { verdict = "\\textbf{\(verdict) (first wrong)}" }
            let given = e.given.map { "\\texttt{\(text($0))}" } ?? ""
            let implied = e.implied.map { "$\($0.latexText)$" } ?? ""
            out +=
                "\(entryName(e)) & \(given) & \(e.expected.map { "$\($0.latexText)$" } ?? "sealed") & \(implied) & \(verdict) & "
            out += "\(e.line.map(String.init) ?? "") \\\\\n"
        }
        if !section.isEmpty { out += "\\end{longtable}\n" }
        return out
    }
}
