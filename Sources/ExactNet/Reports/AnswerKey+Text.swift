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
        // Columns align to their cells of up to `alignedWidth` characters; a longer cell is not
        // padded to, and a long value stands on a line of its own, so no row is padded to a
        // number thousands of digits wide. Cells are UTF-8 bytes: values are written into them
        // without Strings.
        let alignedWidth = TextLayout.alignedWidth
        let ownLineWidth = TextLayout.ownLineWidth
        let writers = [KeyWriter(), KeyWriter()]
        var powers = PowerOfTwoDigits()
        func cell(_ text: String) -> [UInt8] { Array(text.utf8) }
        func valueCell(_ x: Scalar, _ powers: inout PowerOfTwoDigits) -> [UInt8] {
            var bytes: [UInt8] = []
            x.appendTextValue(to: &bytes, reusing: &powers)
            return bytes
        }
        // `old − lr · gradient`, a negative gradient in parentheses.
        func updateCell(_ old: Scalar, _ lr: [UInt8], _ gradient: Scalar) -> [UInt8] {
            var bytes: [UInt8] = []
            old.appendPlainText(to: &bytes, reusing: &powers)
            bytes.append(contentsOf: " − ".utf8)
            bytes.append(contentsOf: lr)
            bytes.append(contentsOf: " · ".utf8)
            appendFactor(gradient, to: &bytes, reusing: &powers)
            return bytes
        }
        // Widths in characters (UTF-8 bytes that start one); a cell too long to align is not counted.
        func width(_ cell: [UInt8]) -> Int {
            cell.count > 4 * ownLineWidth ? Int.max : cell.reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
        }
        func table(_ rows: [[[UInt8]]], indent: String = "  ", to out: KeyWriter = out) {
            guard let columns = rows.map(\.count).max() else { return }
            let cellWidths = rows.map { $0.map(width) }
            var widths = [Int](repeating: 0, count: columns)
            for (r, row) in rows.enumerated() {
                for i in 0..<(row.count - 1) where cellWidths[r][i] <= alignedWidth {
                    widths[i] = max(widths[i], cellWidths[r][i])
                }
            }
            let indent = Array(indent.utf8)
            for (r, row) in rows.enumerated() {
                out.writeBytes { bytes, _ in
                    let last = row.count - 1
                    bytes.append(contentsOf: indent)
                    for i in 0..<last {
                        if i > 0 { bytes.append(UInt8(ascii: " ")) }
                        bytes.append(contentsOf: row[i])
                        let padding = widths[i] - cellWidths[r][i]
                        if padding > 0 { bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: padding)) }
                    }
                    if cellWidths[r][last] > ownLineWidth {
                        bytes.append(UInt8(ascii: "\n"))
                        bytes.append(contentsOf: indent)
                        bytes.append(contentsOf: "    ".utf8)
                    } else if last > 0 {
                        bytes.append(UInt8(ascii: " "))
                    }
                    bytes.append(contentsOf: row[last])
                    bytes.append(UInt8(ascii: "\n"))
                }
            }
        }
        func table(_ rows: [[String]]) { table(rows.map { $0.map(cell) }) }
        let definitionRows = definitions
        let gradientRows = gradientOrder
        let derivatives = network.localDerivatives
        let layout = TextLayout(network, derivatives: derivatives)
        // Without chain terms (a trace trained for JSON) there are no sums to show.
        let backwardInFull = layout.backwardInFull && trace.steps.first?.samples.first?.chainTerms.isEmpty == false
        if detail == .full && !layout.forwardInFull {
            out += "\nDefinitions (each sample below gives their values)\n"
            table(layout.forwardRows)
        }
        if detail == .full && !backwardInFull {
            out += "\nChain rule (L = loss of one sample; each sample below gives the values)\n"
            table(layout.backwardRows)
        }
        let forwardNames = ValueColumn(layout.forwardRows.map { $0[0] })
        let backwardNames = ValueColumn(layout.backwardRows.map { $0[0] })
        let parameterColumn = ValueColumn(parameterNames)
        for step in trace.steps where detail != .final {
            out += "\n== Step \(step.step) ==\nParameters\n"
            parameterColumn.write(step.parameters, to: out)
            func write(_ k: Int, _ sample: SampleResult<Scalar>, to out: KeyWriter) {
                var upstream = [String?](repeating: nil, count: network.quantities.count)
                // Samples are written on two threads: each its own memo of powers of two.
                var powers = PowerOfTwoDigits()
                func value(_ x: Scalar) -> [UInt8] { valueCell(x, &powers) }
                out += "\nSample \(k): \(sampleDescription(sample.values))\n Forward pass\n"
                if layout.forwardInFull {
                    table(
                        definitionRows.map { q in
                            [
                                cell(name(q)), [UInt8(ascii: "=")], cell(definitionText(q, latex: false)),
                                [UInt8(ascii: "=")], value(sample.values[q]),
                            ]
                        }, to: out)
                } else {
                    forwardNames.write(sample.values, at: definitionRows, to: out)
                }
                for kink in kinks(step: step.step, sample: k) {
                    out +=
                        "  ! kink: \(kink.function.name) in \(kink.quantity) evaluated exactly at its kink; used \(kink.convention)\n"
                }
                out += " Backward pass (L = loss of this sample)\n"
                guard backwardInFull else {
                    return backwardNames.write(sample.gradients, at: gradientRows, to: out)
                }
                table(
                    gradientRows.map { q in
                        let (symbolic, numbers) = chainRule(
                            q, sample, latex: false, upstream: &upstream, derivatives: derivatives,
                            numbersUpTo: ownLineWidth)
                        let lhs = cell(NameFormatting.textDerivative(of: "loss", by: name(q)))
                        let equals = [UInt8(ascii: "=")]
                        var gradient: [UInt8] = []
                        sample.gradients[q].appendPlainText(to: &gradient, reusing: &powers)
                        let numberCell = cell(numbers)
                        let numbersAreTheValue = numberCell == gradient
                        sample.gradients[q].appendDecimalText(to: &gradient)
                        // Nothing to substitute, or numbers too long to read as a sum: say the value once.
                        if numbers.isEmpty || numbersAreTheValue || width(numberCell) > ownLineWidth {
                            return [lhs, equals, cell(symbolic), [], [], equals, gradient]
                        }
                        return [lhs, equals, cell(symbolic), equals, numberCell, equals, gradient]
                    }, to: out)
            }
            if detail == .full {
                writeOnTwoThreads(step.samples, to: out, writers: writers) { k, sample, out in write(k, sample, to: out)
                }
            }
            let objective = trace.options.reduction == .sum ? "J = Σ loss" : "J = mean(loss)"
            out += "\nObjective \(objective) = \(step.objective.textValue)\n"
            let lr = trace.options.learningRate.plainText
            let lrCell = cell(lr)
            if hasMomentum {
                let mu = trace.options.momentum.plainText
                out += "Update (v ← \(mu) · v + dJ/dw, w ← w − \(lr) · v)\n"
                table(
                    parameterNames.indices.map { k in
                        [
                            cell(parameterNames[k]), cell("←"),
                            updateCell(step.parameters[k], lrCell, step.velocity[k]),
                            cell("="), valueCell(step.updated[k], &powers),
                            cell("  (dJ/d\(parameterNames[k]) = \(step.gradients[k].plainText))"),
                        ]
                    })
            } else {
                out += "Update (w ← w − \(lr) · dJ/dw)\n"
                table(
                    parameterNames.indices.map { k in
                        [
                            cell(parameterNames[k]), cell("←"),
                            updateCell(step.parameters[k], lrCell, step.gradients[k]), cell("="),
                            valueCell(step.updated[k], &powers),
                        ]
                    })
            }
        }
        let last = trace.steps.count
        out += "\n== Final (after \(last) step\(last == 1 ? "" : "s")) ==\nParameters\n"
        parameterColumn.write(trace.finalParameters, to: out)
        for (k, sample) in trace.finalSamples.enumerated() where detail == .full {
            out += "Sample \(k): \(sampleDescription(sample.values))\n"
            forwardNames.write(sample.values, at: definitionRows, to: out)
        }
        out += "Objective J = \(trace.finalObjective.textValue)\n"
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
