import ExactArithmetic

extension SealedKey {
    /// The sealed key as JSON: the shape (names and roles), the salt, and per entry its digests.
    ///
    /// ```swift
    /// print(SealedKey(trace: trace).json())   // {"format": "exactnet-sealed-key", …}
    /// ```
    public func json() -> String {
        func string(_ s: String) -> String { JSONText.string(s) }
        var out = "{\"format\": \(string(Self.formatName)), \"version\": 1, "
        out += "\"digest\": \"SHA-256 of format, salt, entry and value, separated by NUL; first 128 bits\", "
        out += "\"salt\": \(string(salt)), \"shape\": {\"quantities\": ["
        out += shape.names.indices.map {
            "{\"name\": \(string(shape.names[$0])), \"role\": \(string(shape.roles[$0].rawValue))}"
        }.joined(separator: ", ")
        out += "], \"parameters\": [\(shape.parameterIndices.map(String.init).joined(separator: ", "))], "
        out += "\"loss\": \(shape.lossIndex), \"samples\": \(shape.sampleCount), \"steps\": \(shape.stepCount)}, "
        out += "\"rounding_places\": \(Self.roundingPlaces.upperBound), \"entries\": [\n"
        out += entries.map { e in
            let seal = seals[e]!
            var row = "{\"step\": \(e.step), \"sample\": \(e.sample.map(String.init) ?? "null"), "
            row += "\"kind\": \(string(Self.kindName(e.kind))), \"index\": \(Self.kindIndex(e.kind)), "
            row += "\"entry\": \(string(shape.name(of: e))), \"exact\": \(string(seal.exact))"
            for rule in Self.sealedRules {
                row +=
                    ", \(string(rule.rawValue)): [\(seal.roundings[rule.rawValue]!.map(string).joined(separator: ", "))]"
            }
            return row + "}"
        }.joined(separator: ",\n")
        return out + "\n]}\n"
    }

    /// Whether a file's text is a sealed key (rather than a network file).
    ///
    /// ```swift
    /// SealedKey.isSealedKey(text)   // true for the output of --format sealed
    /// ```
    public static func isSealedKey(_ text: String) -> Bool {
        var rest = Substring(text)
        while let c = rest.first, c == " " || c == "\n" || c == "\r" || c == "\t" || c == "\u{FEFF}" {
            rest.removeFirst()
        }
        return rest.hasPrefix("{\"format\": \"\(formatName)\"")
    }

    /// The sealed key at `path`, or `nil` when the file is something else (a network file) or
    /// cannot be read (whoever reads it next reports why).
    ///
    /// ```swift
    /// if let sealed = try SealedKey.readIfSealed("key.json") { … }
    /// ```
    public static func readIfSealed(_ path: String, limits: Limits = .standard) throws(NetworkFileError) -> SealedKey? {
        guard let text = try? SourceText.load(path, maximumSize: limits.maximumFileSize), isSealedKey(text) else {
            return nil
        }
        return try SealedKey(parsing: text, path: path)
    }

    /// Reads a sealed key written by ``json()``; anything else is a located error.
    public init(parsing text: String, path: String) throws(NetworkFileError) {
        func fail(_ message: String, line: Int = 1, column: Int = 1) -> NetworkFileError {
            NetworkFileError(path: path, line: line, column: column, message: "not a sealed key: \(message)")
        }
        let root: JSONValue
        do { root = try JSONValue.parse(text) } catch {
            throw fail(error.message, line: error.line, column: error.column)
        }
        guard root["format"]?.string == Self.formatName, root["version"]?.integer == 1 else {
            throw fail("expected \"format\": \"\(Self.formatName)\", \"version\": 1")
        }
        guard let salt = root["salt"]?.string, let shapeValue = root["shape"],
            let quantities = shapeValue["quantities"]?.array, let parameters = shapeValue["parameters"]?.array,
            let loss = shapeValue["loss"]?.integer, let samples = shapeValue["samples"]?.integer,
            let steps = shapeValue["steps"]?.integer, let entries = root["entries"]?.array
        else { throw fail("missing salt, shape or entries") }
        var names: [String] = []
        var roles: [QuantityRole] = []
        for q in quantities {
            guard let name = q["name"]?.string, let role = q["role"]?.string.flatMap(QuantityRole.init(rawValue:))
            else {
                throw fail("a quantity without a name or role")
            }
            names.append(name)
            roles.append(role)
        }
        let parameterIndices = parameters.compactMap(\.integer)
        // The shape drives loops over samples × quantities: bound it before trusting it.
        guard parameterIndices.count == parameters.count, parameterIndices.allSatisfy(names.indices.contains),
            names.indices.contains(loss), (1...1_000_000).contains(samples),
            (0...Limits.standard.maximumSteps).contains(steps),
            samples.multipliedReportingOverflow(by: names.count).partialValue
                <= 10_000_000
        else { throw fail("an inconsistent shape") }
        let shape = KeyShape(
            names: names, roles: roles, parameterIndices: parameterIndices, lossIndex: loss, sampleCount: samples,
            stepCount: steps)
        self.shape = shape
        self.salt = salt
        for e in entries {
            guard let step = e["step"]?.integer, (0...steps).contains(step), let kindName = e["kind"]?.string,
                let index = e["index"]?.integer, let exact = e["exact"]?.string
            else { throw fail("an entry without step, kind, index or digest") }
            let sample = e["sample"]?.integer
            guard sample.map({ (0..<samples).contains($0) }) ?? true else {
                throw fail("an entry's sample is out of range")
            }
            let kind: KeyEntry.Kind
            switch kindName {
            case "value" where names.indices.contains(index): kind = .value(quantity: index)
            case "loss_gradient" where names.indices.contains(index): kind = .lossGradient(quantity: index)
            case "objective": kind = .objective
            case "objective_gradient" where parameterIndices.indices.contains(index):
                kind = .objectiveGradient(parameter: index)
            case "update" where parameterIndices.indices.contains(index): kind = .update(parameter: index)
            default: throw fail("an entry of unknown kind '\(kindName)' or index \(index)")
            }
            var roundings: [String: [String]] = [:]
            for rule in Self.sealedRules {
                guard let digests = e[rule.rawValue]?.array?.compactMap(\.string),
                    digests.count == Self.roundingPlaces.count
                else { throw fail("an entry without its \(rule.rawValue) roundings") }
                roundings[rule.rawValue] = digests
            }
            let entry = KeyEntry(step: step, sample: sample, kind: kind)
            self.entries.append(entry)
            seals[entry] = Seal(exact: exact, roundings: roundings)
        }
    }
}
