import CertifiedArithmetic
import ExactArithmetic

extension AnswerKey {
    /// The key for a terminal: aligned columns, decimals beside fractions that terminate.
    ///
    /// ```swift
    /// print(AnswerKey(trace: trace, title: "seed").text())
    /// ```
    public func text() -> String { collected(.text) }

    /// Writes ``text()`` to `out` as it goes.
    @_specialize(where Scalar == Rational)
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Certified)
    public func writeText(to out: KeyWriter) {
        out += "Answer key: \(title)\n\(settingsLine)\n"
        func value(_ x: Scalar) -> String { x.decimalText.map { "\(x.plainText)  (\($0))" } ?? x.plainText }
        // Columns align to their cells of up to `alignedWidth` characters; a longer cell is not
        // padded to, and a long value stands on a line of its own, so no row is padded to a
        // number thousands of digits wide.
        let alignedWidth = 60
        let ownLineWidth = 80
        let writers = [KeyWriter(), KeyWriter()]
        // Widths in characters; a cell too long to align is not counted (its UTF-8 length says so at once).
        func width(_ cell: String) -> Int {
            cell.utf8.count > 4 * ownLineWidth ? Int.max : cell.unicodeScalars.count
        }
        func table(_ rows: [[String]], indent: String = "  ", to out: KeyWriter = out) {
            guard let columns = rows.map(\.count).max() else { return }
            let cellWidths = rows.map { $0.map(width) }
            var widths = [Int](repeating: 0, count: columns)
            for (r, row) in rows.enumerated() {
                for i in 0..<(row.count - 1) where cellWidths[r][i] <= alignedWidth {
                    widths[i] = max(widths[i], cellWidths[r][i])
                }
            }
            for (r, row) in rows.enumerated() {
                let last = row.count - 1
                out += indent
                for i in 0..<last {
                    if i > 0 { out += " " }
                    out += row[i]
                    out.writeSpaces(widths[i] - cellWidths[r][i])
                }
                if cellWidths[r][last] > ownLineWidth {
                    out += "\n" + indent + "    "
                } else if last > 0 {
                    out += " "
                }
                out += row[last]
                out += "\n"
            }
        }
        for step in trace.steps where detail != .final {
            out += "\n== Step \(step.step) ==\nParameters\n"
            table(zip(parameterNames, step.parameters).map { [$0, "=", value($1)] })
            func write(_ k: Int, _ sample: SampleResult<Scalar>, to out: KeyWriter) {
                var upstream = [String?](repeating: nil, count: network.quantities.count)
                out += "\nSample \(k): \(sampleDescription(sample.values))\n Forward pass\n"
                table(
                    definitions.map { q in
                        [
                            name(q), "=", definitionText(q, latex: false), "=",
                            value(sample.values[q]),
                        ]
                    }, to: out)
                for kink in kinks(step: step.step, sample: k) {
                    out +=
                        "  ! kink: \(kink.function.name) in \(kink.quantity) evaluated exactly at its kink; used \(kink.convention)\n"
                }
                out += " Backward pass (L = loss of this sample)\n"
                table(
                    gradientOrder.map { q in
                        let (symbolic, numbers) = chainRule(
                            q, sample, latex: false, upstream: &upstream, numbersUpTo: ownLineWidth)
                        let lhs = NameFormatting.textDerivative(of: "loss", by: name(q))
                        // Nothing to substitute, or numbers too long to read as a sum: say the value once.
                        if numbers.isEmpty || numbers == sample.gradients[q].plainText || width(numbers) > ownLineWidth
                        {
                            return [lhs, "=", symbolic, "", "", "=", value(sample.gradients[q])]
                        }
                        return [lhs, "=", symbolic, "=", numbers, "=", value(sample.gradients[q])]
                    }, to: out)
            }
            if detail == .full {
                writeInPairs(step.samples, to: out, writers: writers) { k, sample, out in write(k, sample, to: out) }
            }
            let objective = trace.options.reduction == .sum ? "J = Σ loss" : "J = mean(loss)"
            out += "\nObjective \(objective) = \(value(step.objective))\n"
            let lr = trace.options.learningRate.plainText
            if hasMomentum {
                let mu = trace.options.momentum.plainText
                out += "Update (v ← \(mu) · v + dJ/dw, w ← w − \(lr) · v)\n"
                table(
                    parameterNames.indices.map { k in
                        [
                            parameterNames[k], "←",
                            "\(step.parameters[k].plainText) − \(lr) · \(factor(step.velocity[k], latex: false))",
                            "=", value(step.updated[k]),
                            "  (dJ/d\(parameterNames[k]) = \(step.gradients[k].plainText))",
                        ]
                    })
            } else {
                out += "Update (w ← w − \(lr) · dJ/dw)\n"
                table(
                    parameterNames.indices.map { k in
                        [
                            parameterNames[k], "←",
                            "\(step.parameters[k].plainText) − \(lr) · \(factor(step.gradients[k], latex: false))",
                            "=", value(step.updated[k]),
                        ]
                    })
            }
        }
        let last = trace.steps.count
        out += "\n== Final (after \(last) step\(last == 1 ? "" : "s")) ==\nParameters\n"
        table(zip(parameterNames, trace.finalParameters).map { [$0, "=", value($1)] })
        for (k, sample) in trace.finalSamples.enumerated() where detail == .full {
            out += "Sample \(k): \(sampleDescription(sample.values))\n"
            table(definitions.map { [name($0), "=", value(sample.values[$0])] })
        }
        out += "Objective J = \(value(trace.finalObjective))\n"
        guard detail != .final else { return }
        out += "\nKinks (where a subgradient convention decides the answer)\n"
        if trace.kinks.isEmpty { out += "  none\n" }
        for kink in trace.kinks {
            out +=
                "  ! \(stepLabel(kink.step)), sample \(kink.sample): \(kink.function.name) in \(kink.quantity) at its kink; used \(kink.convention)\n"
        }
    }

}

extension String {
    func padding(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
