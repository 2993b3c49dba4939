import ExactArithmetic

extension NetworkFile {
    /// Applies a command-line `NAME=VALUE`: a setting (`learning_rate`, `steps`,
    /// `reduction`, `momentum`) or an input/target value for a file without samples.
    /// Returns the sample value when it is one.
    ///
    /// ```swift
    /// try file.applyOverride("learning_rate=1/2")
    /// ```
    @discardableResult
    public mutating func applyOverride(_ assignment: String) throws(NetworkFileError) -> (String, Rational)? {
        let start = SourceLocation(line: 1, column: 1)
        guard let equals = assignment.firstIndex(of: "=") else {
            throw error("--set needs NAME=VALUE, not '\(assignment)'", at: start)
        }
        let name = String(assignment[..<equals]).trimmingCharacters()
        let text = String(assignment[assignment.index(after: equals)...]).trimmingCharacters()
        if name == "reduction" {
            guard let r = Reduction(rawValue: text) else { throw error("--set reduction must be sum or mean", at: start) }
            settings.reduction = r
            return nil
        }
        let tokens = try tokenize(Substring(text), line: 1, path: "--set \(name)")
        var parser = LineParser(tokens: tokens, path: "--set \(name)")
        let value = try evaluateConstant(try parser.expression(), constants: [:])
        try parser.expectEnd()
        switch name {
        case "learning_rate": settings.learningRate = value
        case "momentum": settings.momentum = value
        case "steps":
            guard value.isInteger, let steps = Int(exactly: value.numerator), steps >= 0, steps <= TrainingOptions<Rational>.maximumSteps else {
                throw error("--set steps must be an integer from 0 to \(TrainingOptions<Rational>.maximumSteps)", at: start)
            }
            settings.steps = steps
        default:
            guard let d = declarations.first(where: { $0.name == name }), d.role == .input || d.role == .target else {
                throw error("--set \(name): not an input, target or setting of this network", at: start)
            }
            return (name, value)
        }
        return nil
    }
}

extension String {
    func trimmingCharacters() -> String {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
