extension Grade {
    /// The header of ``csvRow``.
    public static let csvHeader =
        "file,correct,follows,wrong,missing,first_wrong_section,first_wrong_entry,first_wrong_line,mistake,detail"

    /// One row for a grader's spreadsheet: counts, the first wrong entry and its mistake.
    ///
    /// ```swift
    /// print(Grade.csvHeader); for g in grades { print(g.csvRow) }
    /// ```
    public var csvRow: String {
        func field(_ s: String) -> String {
            guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        let first = firstWrong.map { entries[$0] }
        let fields = [
            path, "\(count(.correct))", "\(count(.follows))", "\(count(.wrong))", "\(count(.missing))",
            first?.section ?? "", first?.name ?? "", first?.line.map(String.init) ?? "", first?.mistake?.name ?? "",
            first?.mistake?.detail ?? "",
        ]
        return fields.map(field).joined(separator: ",")
    }
}
