import CertifiedArithmetic
import ExactArithmetic

extension AnswerKey {
    /// The key as GitHub-flavoured Markdown: one table per pass.
    public func markdown() -> String { collected(.markdown) }

    /// Writes ``markdown()`` to `out` as it goes.
    @_specialize(where Scalar == Rational)
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Certified)
    public func writeMarkdown(to out: KeyWriter) {
        let derivatives = network.localDerivatives
        out += "# Answer key: \(title)\n\n\(settingsLine)\n"
        func cell(_ text: String) -> String { "`" + text.replacingOccurrences(of: "|", with: "\\|") + "`" }
        func value(_ x: Scalar) -> String { cell(x.plainText) + (x.decimalText.map { " = \($0)" } ?? "") }
        for step in trace.steps where detail != .final {
            out += "\n## Step \(step.step)\n\n| Parameter | Value |\n|---|---|\n"
            for (n, v) in zip(parameterNames, step.parameters) { out += "| \(cell(n)) | \(value(v)) |\n" }
            for (k, sample) in step.samples.enumerated() where detail == .full {
                var upstream = [String?](repeating: nil, count: network.quantities.count)
                out +=
                    "\n### Sample \(k): \(sampleDescription(sample.values))\n\n**Forward pass**\n\n| Quantity | Definition | Value |\n|---|---|---|\n"
                for q in definitions {
                    out +=
                        "| \(cell(name(q))) | \(cell(definitionText(q, latex: false))) | \(value(sample.values[q])) |\n"
                }
                for kink in kinks(step: step.step, sample: k) {
                    out +=
                        "\n> **Kink:** `\(kink.function.name)` in `\(kink.quantity)` evaluated exactly at its kink; used `\(kink.convention)`.\n"
                }
                out +=
                    "\n**Backward pass** (L = loss of this sample)\n\n| Gradient | Chain rule | Numbers | Value |\n|---|---|---|---|\n"
                for q in gradientOrder {
                    let (symbolic, numbers) = chainRule(
                        q, sample, latex: false, upstream: &upstream, derivatives: derivatives)
                    out +=
                        "| \(cell("dL/d" + name(q))) | \(cell(symbolic)) | \(cell(numbers)) | \(value(sample.gradients[q])) |\n"
                }
            }
            out +=
                "\n**Objective** J = \(value(step.objective))\n\n| Parameter | Before | dJ/dw |\(hasMomentum ? " Velocity |" : "") After |\n|---|---|---|\(hasMomentum ? "---|" : "")---|\n"
            for k in parameterNames.indices {
                out +=
                    "| \(cell(parameterNames[k])) | \(value(step.parameters[k])) | \(value(step.gradients[k])) |"
                    + (hasMomentum ? " \(value(step.velocity[k])) |" : "") + " \(value(step.updated[k])) |\n"
            }
        }
        out += "\n## Final\n\n| Parameter | Value |\n|---|---|\n"
        for (n, v) in zip(parameterNames, trace.finalParameters) { out += "| \(cell(n)) | \(value(v)) |\n" }
        out += "\nObjective J = \(value(trace.finalObjective))\n"
        guard detail != .final else { return }
        out += "\n## Kinks\n\n"
        if trace.kinks.isEmpty { out += "None: no quantity was evaluated at a kink.\n" }
        for kink in trace.kinks {
            out +=
                "- \(stepLabel(kink.step)), sample \(kink.sample): `\(kink.function.name)` in `\(kink.quantity)`; used `\(kink.convention)`\n"
        }
    }
}

extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        self[...].replacingOccurrences(of: target, with: replacement)
    }
}
