import CertifiedArithmetic
import ExactArithmetic

extension AnswerKey {
    /// The key as LaTeX: a standalone document (article + amsmath) that compiles with
    /// `pdflatex` unchanged, or with `fragment: true` only the body, for pasting.
    public func latex(fragment: Bool = false) -> String { collected(.latex, latexFragment: fragment) }

    /// Writes ``latex(fragment:)`` to `out` as it goes.
    @_specialize(where Scalar == Rational)
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Certified)
    public func writeLaTeX(to body: KeyWriter, fragment: Bool = false) {
        let derivatives = network.localDerivatives
        if !fragment {
            body += "\\documentclass{article}\n\\usepackage{amsmath}\n\\allowdisplaybreaks\n\\begin{document}\n"
        }
        func v(_ x: Scalar) -> String { x.latexText }
        // A certified value is shown rounded: `\approx`, never `=`.
        func eq(_ x: Scalar) -> String { (x.isApproximation ? "\\approx " : "= ") + x.latexText }
        func n(_ q: Int) -> String { NameFormatting.latex(name(q)) }
        let lr = trace.options.learningRate
        body += "\\section*{Answer key: \(NameFormatting.escapeText(title))}\n"
        body +=
            "Scalar: \(Scalar.scalarName == "rational" ? "exact rationals" : Scalar.scalarName); learning rate $\\eta \(eq(lr))$; "
        body +=
            "\(trace.options.steps) step\(trace.options.steps == 1 ? "" : "s"); objective $J = \(trace.options.reduction == .sum ? "\\sum" : "\\frac{1}{n}\\sum") L$"
        body += hasMomentum ? "; momentum $\\mu \(eq(trace.options.momentum))$.\n" : ".\n"
        if let digits = Scalar.certifiedDigits {
            body +=
                "Fractions are exact; every decimal, written with $\\approx$, is the correctly rounded value to \(digits) significant digits, guaranteed.\n"
        }
        for step in trace.steps where detail != .final {
            body += "\n\\subsection*{Step \(step.step)}\n\\paragraph{Parameters} "
            body +=
                parameterNames.indices.map {
                    "$\(NameFormatting.latex(parameterNames[$0])) \(eq(step.parameters[$0]))$"
                }.joined(separator: ", ") + ".\n"
            for (k, sample) in step.samples.enumerated() where detail == .full {
                var upstream = [String?](repeating: nil, count: network.quantities.count)
                let given = sampleNames.map { "$\(n($0)) \(eq(sample.values[$0]))$" }.joined(separator: ", ")
                body += "\n\\paragraph{Sample \(k)} \(given).\n\nForward pass:\n"
                body += align(
                    definitions.map { q in
                        "\(n(q)) &= \(definitionText(q, latex: true)) \(eq(sample.values[q]))"
                    }, separator: " \\\\\n")
                for kink in kinks(step: step.step, sample: k) {
                    body +=
                        "\\emph{Kink:} $\\operatorname{\(NameFormatting.escapeText(kink.function.name))}$ in $\(NameFormatting.latex(kink.quantity))$ is evaluated exactly at its kink; the convention \\texttt{\(NameFormatting.escapeText(kink.convention))} decides the gradient.\n\n"
                }
                body += "Backward pass:\n"
                body += align(
                    gradientOrder.map { q in
                        let lhs = NameFormatting.latexPartial(of: "loss", by: name(q))
                        let (symbolic, numbers) = chainRule(
                            q, sample, latex: true, upstream: &upstream, derivatives: derivatives)
                        if sample.chainTerms[q].isEmpty { return "\(lhs) &= 0" }
                        if symbolic == numbers || symbolic == lhs { return "\(lhs) &\(eq(sample.gradients[q]))" }
                        if numbers == v(sample.gradients[q]) { return "\(lhs) &= \(symbolic) = \(numbers)" }
                        return "\(lhs) &= \(symbolic) = \(numbers) \(eq(sample.gradients[q]))"
                    }, separator: " \\\\[4pt]\n")
            }
            body += "\nObjective: $J \(eq(step.objective))$.\n\nUpdate:\n"
            body += align(
                parameterNames.indices.map { k in
                    let w = NameFormatting.latex(parameterNames[k])
                    let gradient = "\\frac{\\partial J}{\\partial \(w)} \(eq(step.gradients[k]))"
                    if hasMomentum {
                        return
                            "\(gradient), \\quad v_{\(w)} &\(eq(step.velocity[k])), \\quad \(w) \\leftarrow \(v(step.parameters[k])) - \(factor(lr, latex: true))\\cdot \(factor(step.velocity[k], latex: true)) \(eq(step.updated[k]))"
                    }
                    return
                        "\(w) &\\leftarrow \(w) - \\eta\\,\\frac{\\partial J}{\\partial \(w)} \(eq(step.parameters[k])) - \(factor(lr, latex: true))\\cdot \(factor(step.gradients[k], latex: true)) \(eq(step.updated[k]))"
                }, separator: " \\\\\n")
        }
        body += "\n\\subsection*{Final}\nParameters: "
        body += parameterNames.indices.map {
            "$\(NameFormatting.latex(parameterNames[$0])) \(eq(trace.finalParameters[$0]))$"
        }.joined(separator: ", ")
        body += ". Objective: $J \(eq(trace.finalObjective))$.\n"
        if !trace.kinks.isEmpty && detail != .final {
            body += "\n\\subsection*{Kinks}\n\\begin{itemize}\n"
            for kink in trace.kinks {
                body +=
                    "\\item \(stepLabel(kink.step)), sample \(kink.sample): $\\operatorname{\(NameFormatting.escapeText(kink.function.name))}$ in $\(NameFormatting.latex(kink.quantity))$; convention \\texttt{\(NameFormatting.escapeText(kink.convention))}.\n"
            }
            body += "\\end{itemize}\n"
        }
        if !fragment { body += "\\end{document}\n" }
    }

    /// An `align*` environment of `rows`, or a line saying there is nothing (an empty `align*` does not compile).
    func align(_ rows: [String], separator: String) -> String {
        guard !rows.isEmpty else { return "(none)\n\n" }
        return "\\begin{align*}\n" + rows.joined(separator: separator) + "\n\\end{align*}\n"
    }

}
