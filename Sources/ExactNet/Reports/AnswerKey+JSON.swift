extension AnswerKey {
    /// The key as JSON, in this shape (exact values are strings such as `"3/8"`; under
    /// a float scalar they are JSON numbers):
    ///
    /// ```json
    /// {"scalar": "rational",
    ///  "steps": [{"step": 0, "parameters": {"w0": "1/2"},
    ///             "samples": [{"values": {...}, "gradients": {...}}],
    ///             "loss": "27/8", "gradients": {"w0": "3/4"}, "updated": {"w0": "-1/4"}}],
    ///  "final": {"parameters": {"w0": "-1/4"}, "loss": "3"},
    ///  "kinks": [{"step": 1, "sample": 0, "quantity": "h1", "function": "relu", "convention": "relu'(0) = 0"}]}
    /// ```
    public func json() -> String {
        func object(_ pairs: [(String, String)]) -> String {
            "{" + pairs.map { "\(JSONText.string($0)): \($1)" }.joined(separator: ", ") + "}"
        }
        func named(_ indices: [Int], _ values: [Scalar]) -> String {
            object(indices.map { (name($0), values[$0].jsonText) })
        }
        func parameters(_ values: [Scalar]) -> String {
            object(zip(parameterNames, values).map { ($0, $1.jsonText) })
        }
        let all = Array(network.quantities.indices)
        let steps = trace.steps.map { step in
            let samples = step.samples.map { s in
                object([("values", named(all, s.values)), ("gradients", named(all, s.gradients))])
            }
            var pairs: [(String, String)] = [
                ("step", "\(step.step)"), ("parameters", parameters(step.parameters)),
                ("samples", "[" + samples.joined(separator: ", ") + "]"),
                ("loss", step.objective.jsonText), ("gradients", parameters(step.gradients)),
            ]
            if hasMomentum { pairs.append(("velocity", parameters(step.velocity))) }
            pairs.append(("updated", parameters(step.updated)))
            return object(pairs)
        }
        let kinks = trace.kinks.map { k in
            object([
                ("step", "\(k.step)"), ("sample", "\(k.sample)"), ("quantity", JSONText.string(k.quantity)),
                ("function", JSONText.string(k.function.name)), ("convention", JSONText.string(k.convention)),
            ])
        }
        return object([
            ("scalar", JSONText.string(Scalar.scalarName)),
            (
                "settings",
                object([
                    ("learning_rate", trace.options.learningRate.jsonText), ("steps", "\(trace.options.steps)"),
                    ("reduction", JSONText.string(trace.options.reduction.rawValue)),
                    ("momentum", trace.options.momentum.jsonText),
                ])
            ),
            ("steps", "[" + steps.joined(separator: ", ") + "]"),
            (
                "final",
                object([("parameters", parameters(trace.finalParameters)), ("loss", trace.finalObjective.jsonText)])
            ),
            ("kinks", "[" + kinks.joined(separator: ", ") + "]"),
        ]) + "\n"
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
