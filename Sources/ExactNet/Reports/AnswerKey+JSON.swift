import CertifiedArithmetic
import ExactArithmetic

extension AnswerKey {
    /// The key as JSON. Exact values are strings such as `"3/8"`; under a float scalar they
    /// are JSON numbers. The shape depends on ``detail``:
    ///
    /// ```json
    /// full:   {"scalar", "settings",
    ///          "steps": [{"step", "parameters", "samples": [{"values", "gradients"}], "loss",
    ///                     "gradients", "velocity" (with momentum), "updated"}],
    ///          "final": {"parameters", "loss"}, "kinks": [{"step", "sample", "quantity", "function", "convention"}]}
    /// steps:  {"scalar", "settings", "detail": "steps",
    ///          "steps": [{"step", "parameters", "loss", "gradients", "velocity" (with momentum), "updated"}],
    ///          "final": {"parameters", "loss"}, "kinks": [...]}
    /// final:  {"scalar", "settings", "detail": "final", "final": {"parameters", "loss"}}
    /// ```
    public func json() -> String { collected(.json) }

    /// Writes ``json()`` to `out` as it goes; every name is escaped once.
    @_specialize(where Scalar == Rational)
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Certified)
    public func writeJSON(to out: KeyWriter) {
        // Each key with the separator before it, escaped once: one write per key.
        func keys(_ names: [String]) -> [String] {
            names.enumerated().map { ($0.offset == 0 ? "{" : ", ") + JSONText.string($0.element) + ": " }
        }
        let quantityKeys = keys(network.quantities.map(\.name))
        let parameterKeys = keys(parameterNames)
        func object(_ keys: [String], _ values: [Scalar], to out: KeyWriter = out) {
            if keys.isEmpty { out += "{" }
            for k in keys.indices {
                out += keys[k]
                values[k].writeJSON(to: out)
            }
            out += "}"
        }
        // Every sample's values repeat the step's parameters: their text is made once per step.
        let parameterOfQuantity: [Int?] = {
            var slots = [Int?](repeating: nil, count: network.quantities.count)
            for (k, q) in network.parameterIndices.enumerated() { slots[q] = k }
            return slots
        }()
        var parameters: [Scalar] = []
        var parameterText: [[UInt8]] = []
        func values(_ values: [Scalar], to out: KeyWriter) {
            for q in quantityKeys.indices {
                out += quantityKeys[q]
                // The second training thread keeps its own copies of the parameters: equal, not identical.
                if let k = parameterOfQuantity[q],
                    values[q].isIdentical(to: parameters[k]) || values[q] == parameters[k]
                {
                    out.writeBytes { bytes, _ in bytes.append(contentsOf: parameterText[k]) }
                } else {
                    values[q].writeJSON(to: out)
                }
            }
            out += quantityKeys.isEmpty ? "{}" : "}"
        }
        func sample(_ r: SampleResult<Scalar>, first: Bool, to out: KeyWriter) {
            out += first ? "{\"values\": " : ", {\"values\": "
            values(r.values, to: out)
            out += ", \"gradients\": "
            object(quantityKeys, r.gradients, to: out)
            out += "}"
        }
        let writers = [KeyWriter(), KeyWriter()]
        out += "{\"scalar\": \(JSONText.string(Scalar.scalarName)), \"settings\": {\"learning_rate\": "
        out += trace.options.learningRate.jsonText + ", \"steps\": \(trace.options.steps), \"reduction\": "
        out += JSONText.string(trace.options.reduction.rawValue) + ", \"momentum\": \(trace.options.momentum.jsonText)"
        out += (Scalar.certifiedDigits.map { ", \"certified_digits\": \($0)" } ?? "") + "}"
        if detail != .full { out += ", \"detail\": \(JSONText.string(detail.rawValue))" }
        if detail != .final {
            out += ", \"steps\": ["
            for (s, step) in trace.steps.enumerated() {
                out += (s == 0 ? "" : ", ") + "{\"step\": \(step.step), \"parameters\": "
                object(parameterKeys, step.parameters)
                if detail == .full {
                    parameters = step.parameters
                    parameterText = parameters.map { value in
                        let text = KeyWriter()
                        value.writeJSON(to: text)
                        return Array(text.text.utf8)
                    }
                    out += ", \"samples\": ["
                    writeOnTwoThreads(step.samples, to: out, writers: writers) { k, r, out in
                        sample(r, first: k == 0, to: out)
                    }
                    out += "]"
                }
                out += ", \"loss\": \(step.objective.jsonText), \"gradients\": "
                object(parameterKeys, step.gradients)
                if hasMomentum {
                    out += ", \"velocity\": "
                    object(parameterKeys, step.velocity)
                }
                out += ", \"updated\": "
                object(parameterKeys, step.updated)
                out += "}"
            }
            out += "]"
        }
        out += ", \"final\": {\"parameters\": "
        object(parameterKeys, trace.finalParameters)
        out += ", \"loss\": \(trace.finalObjective.jsonText)}"
        if detail != .final {
            out += ", \"kinks\": ["
            for (i, k) in trace.kinks.enumerated() {
                out += (i == 0 ? "" : ", ") + "{\"step\": \(k.step), \"sample\": \(k.sample), \"quantity\": "
                out +=
                    JSONText.string(k.quantity)
                    + ", \"function\": \(JSONText.string(k.function.name)), \"convention\": "
                out += JSONText.string(k.convention) + "}"
            }
            out += "]"
        }
        out += "}\n"
    }
}

/// Minimal JSON text helpers; keys keep the network's order, which JSONEncoder would not.
enum JSONText {
    static func string(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
