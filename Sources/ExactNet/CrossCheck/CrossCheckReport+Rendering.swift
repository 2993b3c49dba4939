import ExactArithmetic

extension CrossCheckReport where F: ReportableScalar {
    func signText(_ sign: Int, function: Primitive) -> String {
        let subject = function.branching == .comparison ? "a − b" : "argument"
        if sign == Int(Primitive.unordered) { return "\(subject) is NaN" }
        return sign > 0 ? "\(subject) > 0" : (sign < 0 ? "\(subject) < 0" : "\(subject) = 0 (kink)")
    }

    /// A terminal report: the verdict, every branch divergence and the largest errors.
    ///
    /// `limit` is the ULP tolerance; `showAll` lists every compared number.
    public func text(title: String, limit: UInt64, showAll: Bool = false) -> String {
        let scalar = F.scalarName
        var out = "Cross-check: \(title): \(scalar) against \(referenceName)\n"
        let worst = maximumULPs
        out +=
            "compared \(entries.count) numbers over \(stepCount) step(s) and \(sampleCount) sample(s); "
        out +=
            "largest error \(worst == .max ? "NaN" : "\(worst) ULP\(worst == 1 ? "" : "s")") (limit \(limit))\n"
        if let floatFailure {
            out += "\nThe \(scalar) run failed where the exact run did not: \(floatFailure.description)\n"
        }
        out += "\nBranch divergences: \(divergences.isEmpty ? "none" : "\(divergences.count)")\n"
        for d in divergences {
            let when = d.step == stepCount ? "final evaluation" : "step \(d.step)"
            out +=
                "  \(when), sample \(d.sample): \(d.function.name) in \(d.quantity): exact \(signText(d.exactSign, function: d.function)), \(scalar) \(signText(d.floatSign, function: d.function))\n"
        }
        let shown = (showAll ? entries : entries.filter { ($0.ulps ?? .max) > 0 })
            .sorted { ($0.ulps ?? .max) > ($1.ulps ?? .max) }
        let listed = showAll ? shown : Array(shown.prefix(20))
        out +=
            "\n\(showAll ? "All numbers" : "Numbers off by at least one ULP: \(shown.count)\(shown.count > listed.count ? " (largest \(listed.count) shown)" : "")")\n"
        if !listed.isEmpty {
            var rows = [["where", "kind", "name", "exact", scalar, "abs error", "rel error", "ULPs"]]
            for e in listed {
                let place = "step \(e.step)" + (e.sample.map { " sample \($0)" } ?? "")
                let exact = e.exact.bitLength > 64 ? String(Double(e.exact)) + "…" : e.exact.description
                rows.append([
                    place, e.kind.rawValue, e.name, exact, e.float.plainText,
                    String(Double(e.absoluteError)), String(e.relativeError), e.ulps.map(String.init) ?? "NaN",
                ])
            }
            var widths = [Int](repeating: 0, count: rows[0].count)
            for row in rows { for (i, c) in row.enumerated() { widths[i] = max(widths[i], c.count) } }
            for row in rows {
                out += "  " + row.enumerated().map { $1.padding(to: widths[$0]) }.joined(separator: "  ") + "\n"
            }
        }
        let verdict = passes(maximumULPs: limit)
        out += "\nResult: \(verdict ? "PASS" : "FAIL")"
        if !verdict {
            var reasons: [String] = []
            if !divergences.isEmpty {
                reasons.append("\(divergences.count) branch divergence\(divergences.count == 1 ? "" : "s")")
            }
            if worst > limit { reasons.append("errors beyond \(limit) ULPs") }
            if floatFailure != nil { reasons.append("the \(scalar) run failed") }
            out += " (" + reasons.joined(separator: ", ") + ")"
        }
        return out + "\n"
    }

    /// The report as JSON: verdict, divergences and every compared number.
    public func json(limit: UInt64) -> String {
        func object(_ pairs: [(String, String)]) -> String {
            "{" + pairs.map { "\(JSONText.string($0)): \($1)" }.joined(separator: ", ") + "}"
        }
        let divergenceList = divergences.map { d in
            object([
                ("step", "\(d.step)"), ("sample", "\(d.sample)"), ("quantity", JSONText.string(d.quantity)),
                ("function", JSONText.string(d.function.name)), ("exact_sign", "\(d.exactSign)"),
                ("float_sign", "\(d.floatSign)"),
            ])
        }
        let entryList = entries.map { e in
            object([
                ("step", "\(e.step)"), ("sample", e.sample.map(String.init) ?? "null"),
                ("kind", JSONText.string(e.kind.rawValue)),
                ("name", JSONText.string(e.name)), ("exact", JSONText.string(e.exact.description)),
                ("float", e.float.jsonText),
                ("abs_error", JSONText.string(e.absoluteError.description)),
                ("rel_error", e.relativeError.isFinite ? "\(e.relativeError)" : "null"),
                ("ulps", e.ulps.map(String.init) ?? "null"),
            ])
        }
        let worst = maximumULPs
        return object([
            ("scalar", JSONText.string(F.scalarName)), ("max_ulps_allowed", "\(limit)"),
            ("max_ulps", worst == .max ? "null" : "\(worst)"),
            ("passed", passes(maximumULPs: limit) ? "true" : "false"),
            ("float_failure", floatFailure.map { JSONText.string($0.description) } ?? "null"),
            ("divergences", "[" + divergenceList.joined(separator: ", ") + "]"),
            ("entries", "[" + entryList.joined(separator: ", ") + "]"),
        ]) + "\n"
    }
}
