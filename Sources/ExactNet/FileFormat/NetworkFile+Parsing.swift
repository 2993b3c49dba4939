import ExactArithmetic

extension NetworkFile {
    /// Parses the text of a network file.
    ///
    /// ```swift
    /// let file = try NetworkFile(parsing: "param w = 2\nloss = square(w)\n", path: "tiny.exnet")
    /// ```
    public init(parsing text: String, path: String = "<input>", limits: Limits = .standard) throws(NetworkFileError) {
        self.path = path
        self.limits = limits
        var constants: [String: Rational] = [:]
        let lines = SourceText.lines(text)
        locationByName.reserveCapacity(lines.count)
        declarations.reserveCapacity(lines.count)
        for (offset, rawLine) in lines.enumerated() {
            let lineNumber = offset + 1
            // Bytes, not Characters: '#' is ASCII, and walking graphemes cost more than the parse.
            let content = rawLine.utf8.firstIndex(of: UInt8(ascii: "#")).map { rawLine[..<$0] } ?? rawLine
            var p = LineParser(
                tokens: try tokenize(content, line: lineNumber, path: path, limits: limits), path: path, limits: limits)
            if p.atEnd { continue }
            guard case .name(let first) = p.current.kind else {
                throw p.error(
                    "expected a declaration (input, target, param, const, sample, set) or a definition 'name = expression'"
                )
            }
            let firstLocation = p.current.location
            switch first {
            case "input", "target":
                p.advance()
                repeat {
                    let (name, location) = try p.name("a name after '\(first)'")
                    try declare(Declaration(name: name, role: first == "input" ? .input : .target, location: location))
                } while p.accept(",")
                try p.expectEnd()
            case "param", "const":
                p.advance()
                repeat {
                    let (name, location) = try p.name("a name after '\(first)'")
                    try p.expect("=", "'=' and a value for '\(name)'")
                    let value = try evaluateConstant(try p.expression(), constants: constants)
                    if first == "const" { constants[name] = value }
                    try declare(
                        Declaration(
                            name: name, role: first == "param" ? .parameter : .constant,
                            location: location, value: value))
                } while p.accept(",")
                try p.expectEnd()
            case "sample":
                p.advance()
                var sample: [String: Rational] = [:]
                var valueLocations: [String: SourcePosition] = [:]
                repeat {
                    let (name, location) = try p.name("'name = value' in the sample")
                    try p.expect("=", "'=' and a value for '\(name)'")
                    guard sample[name] == nil else {
                        throw error("the sample gives '\(name)' twice", at: location)
                    }
                    sample[name] = try evaluateConstant(try p.expression(), constants: constants)
                    valueLocations[name] = location
                } while p.accept(",")
                try p.expectEnd()
                samples.append(sample)
                sampleLocations.append(firstLocation)
                sampleValueLocations.append(valueLocations)
            case "set":
                p.advance()
                let (key, keyLocation) = try p.name("a setting name after 'set'")
                if let previous = settingLocations[key] {
                    throw error("'\(key)' is already set at line \(previous.line)", at: keyLocation)
                }
                settingLocations[key] = keyLocation
                try p.expect("=", "'=' and a value for '\(key)'")
                try applySetting(key, at: keyLocation, parser: &p, constants: constants)
                try p.expectEnd()
            default:
                p.advance()
                guard p.accept("=") else {
                    if Primitive(rawValue: first) != nil {
                        throw p.error(
                            "a statement cannot start with the function '\(first)'; write 'name = \(first)(...)'",
                            at: firstLocation)
                    }
                    throw p.error(
                        "expected '=' after '\(first)' (or a keyword: input, target, param, const, sample, set)")
                }
                let node = try p.expression()
                try p.expectEnd()
                try declare(Declaration(name: first, role: .definition, location: firstLocation, node: node))
            }
        }
        try checkNames()
    }

    private mutating func declare(_ d: Declaration) throws(NetworkFileError) {
        guard !Self.keywords.contains(d.name), Primitive(rawValue: d.name) == nil else {
            throw error("'\(d.name)' is reserved and cannot name a quantity", at: d.location)
        }
        if let previous = locationByName[d.name] {
            throw error("'\(d.name)' is already declared at line \(previous.line)", at: d.location)
        }
        locationByName[d.name] = d.location
        declarations.append(d)
    }

    private mutating func applySetting(
        _ key: String, at location: SourcePosition, parser p: inout LineParser,
        constants: [String: Rational]
    ) throws(NetworkFileError) {
        switch key {
        case "reduction":
            let (word, wordLocation) = try p.name("'sum' or 'mean'")
            guard let reduction = Reduction(rawValue: word) else {
                throw error("reduction must be 'sum' or 'mean', not '\(word)'", at: wordLocation)
            }
            settings.reduction = reduction
        case "learning_rate", "momentum", "steps":
            let valueLocation = p.current.location
            let value = try evaluateConstant(try p.expression(), constants: constants)
            switch key {
            case "learning_rate": settings.learningRate = value
            case "momentum": settings.momentum = value
            default:
                guard value.isInteger, let steps = Int(exactly: value.numerator), steps >= 0 else {
                    throw error("steps must be a non-negative integer", at: valueLocation)
                }
                do { try limits.checkSteps(steps) } catch { throw self.error(error.description, at: valueLocation) }
                settings.steps = steps
                stepsLocation = valueLocation
            }
        default:
            throw error("unknown setting '\(key)' (settings: learning_rate, steps, reduction, momentum)", at: location)
        }
    }

    /// Checks every name use, sample and the loss once the whole file is read.
    private func checkNames() throws(NetworkFileError) {
        var roles: [String: QuantityRole] = [:]
        roles.reserveCapacity(declarations.count)
        for d in declarations { roles[d.name] = d.role }  // names are unique: `declare` checked
        for d in declarations {
            guard let node = d.node else { continue }
            try visitNames(node) { name, location throws(NetworkFileError) in
                guard roles[name] != nil else { throw error("unknown name '\(name)'", at: location) }
            }
        }
        guard let lossRole = roles["loss"] else {
            throw error(
                "no definition of 'loss', the per-sample objective (write 'loss = ...')",
                at: SourcePosition(line: 1, column: 1))
        }
        guard lossRole == .definition else {
            throw error("'loss' must be defined by an expression ('loss = ...')", at: locationByName["loss"]!)
        }
        let sampleNames = declarations.filter { $0.role == .input || $0.role == .target }.map(\.name)
        for (i, sample) in samples.enumerated() {
            for name in sample.keys.sorted() where roles[name] != .input && roles[name] != .target {
                throw error(
                    roles[name] == nil ? "unknown name '\(name)' in sample" : "'\(name)' is not an input or target",
                    at: sampleValueLocations[i][name]!)
            }
            for name in sampleNames where sample[name] == nil {
                throw error("the sample gives no value for '\(name)'", at: sampleLocations[i])
            }
        }
    }

}
