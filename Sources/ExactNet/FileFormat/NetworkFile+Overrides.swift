import ExactArithmetic

extension NetworkFile {
    /// Applies a value given outside the file: a setting (`learning_rate`, `steps`,
    /// `reduction`, `momentum`) or an input/target value for a file without samples.
    /// Returns the sample value when it is one. Errors name `origin`, the place the
    /// value came from (the command line passes `--set NAME=VALUE`), not the file.
    ///
    /// ```swift
    /// try file.applyOverride(name: "learning_rate", value: "1/2", origin: "--set learning_rate=1/2")
    /// ```
    @discardableResult
    public mutating func applyOverride(name: String, value text: String, origin: String) throws(NetworkFileError) -> (
        String, Rational
    )? {
        func failure(_ message: String) -> NetworkFileError {
            NetworkFileError(path: origin, line: 0, column: 0, message: message)
        }
        if name == "reduction" {
            guard let r = Reduction(rawValue: text) else {
                throw failure("reduction must be 'sum' or 'mean', not '\(text)'")
            }
            settings.reduction = r
            return nil
        }
        let isSetting = ["learning_rate", "momentum", "steps"].contains(name)
        guard
            isSetting || declarations.contains(where: { $0.name == name && ($0.role == .input || $0.role == .target) })
        else {
            throw failure("'\(name)' is not an input, target or setting of this network")
        }
        guard !text.isEmpty else { throw failure("'\(name)' needs a value after '='") }
        let value: Rational
        do {
            var parser = LineParser(
                tokens: try tokenize(Substring(text), line: 1, path: origin, limits: limits), path: origin,
                limits: limits)
            value = try evaluateConstant(try parser.expression(), constants: [:])
            try parser.expectEnd()
        } catch {
            throw failure("\(error.message) (column \(error.column) of '\(text)')")
        }
        switch name {
        case "learning_rate": settings.learningRate = value
        case "momentum": settings.momentum = value
        case "steps":
            guard value.isInteger, let steps = Int(exactly: value.numerator), steps >= 0 else {
                throw failure("steps must be a non-negative integer, not \(value)")
            }
            do { try limits.checkSteps(steps) } catch { throw failure(error.description) }
            settings.steps = steps
        default:
            return (name, value)
        }
        return nil
    }
}
