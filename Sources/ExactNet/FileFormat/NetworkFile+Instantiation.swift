import CertifiedArithmetic
import ExactArithmetic

extension NetworkFile {
    /// The network over `Scalar`: literals are folded exactly, then rounded once to
    /// the scalar; functions the scalar lacks (tanh over rationals) are errors.
    ///
    /// ```swift
    /// let builder = try file.builder(as: Double.self)
    /// ```
    public func builder<Scalar: RationalConvertible>(as: Scalar.Type) throws(NetworkFileError) -> NetworkBuilder<Scalar>
    {
        var b = NetworkBuilder<Scalar>()
        for d in declarations {
            switch d.role {
            case .input: b.input(d.name)
            case .target: b.target(d.name)
            case .parameter: b.parameter(d.name, Scalar(nearest: d.value!))
            case .constant: b.constant(d.name, Scalar(nearest: d.value!))
            case .definition: b.define(d.name, try formula(d.node!, as: Scalar.self))
            }
        }
        return b
    }

    /// The samples over `Scalar`, or the single sample of `overrides` when the file has none.
    ///
    /// ```swift
    /// let samples = try file.samples(as: Rational.self, overrides: ["x": 1, "y": -3])
    /// ```
    public func samples<Scalar: RationalConvertible>(as: Scalar.Type, overrides: [String: Rational] = [:])
        throws(NetworkFileError) -> [[String: Scalar]]
    {
        let sampleNames = Set(declarations.filter { $0.role == .input || $0.role == .target }.map(\.name))
        let given = overrides.filter { sampleNames.contains($0.key) }
        var exact = samples
        if exact.isEmpty {
            guard !given.isEmpty || sampleNames.isEmpty else {
                throw error(
                    "the file has no 'sample' line", at: SourcePosition(line: 1, column: 1),
                    hint: .giveSampleValues(name: sampleNames.sorted().first!))
            }
            for name in sampleNames.sorted() where given[name] == nil {
                throw error("no value for '\(name)'", at: locationByName[name]!, hint: .giveSampleValues(name: name))
            }
            exact = [given]
        } else if !given.isEmpty {
            exact = exact.map { $0.merging(given) { _, new in new } }
        }
        return exact.map { $0.mapValues { Scalar(nearest: $0) } }
    }

    /// Training options over `Scalar` from the `set` lines and the file's limits.
    ///
    /// ```swift
    /// let options = file.options(as: Rational.self, steps: 3)
    /// ```
    public func options<Scalar: RationalConvertible>(as: Scalar.Type, steps: Int? = nil) -> TrainingOptions<Scalar> {
        var options = TrainingOptions<Scalar>(learningRate: Scalar(nearest: settings.learningRate))
        options.steps = steps ?? settings.steps
        options.reduction = settings.reduction
        options.momentum = Scalar(nearest: settings.momentum)
        options.limits = limits
        return options
    }

    /// Builds and trains the file's network over `Scalar`; every error is located in the file.
    ///
    /// ```swift
    /// let trace = try NetworkFile(contentsOf: "Examples/01-seed-skip-connection.exnet").train(as: Rational.self)
    /// trace.steps[0].updated   // [-1/4, 1/4, 1/4, 0]
    /// ```
    public func train<Scalar: RationalConvertible>(
        as: Scalar.Type, steps: Int? = nil, overrides: [String: Rational] = [:], recordsChainTerms: Bool = true
    ) throws(NetworkFileError) -> TrainingTrace<Scalar> {
        try train(as: Scalar.self, steps: steps, overrides: overrides) { _, options in
            options.recordsChainTerms = recordsChainTerms
        }
    }

    /// ``train(as:steps:overrides:recordsChainTerms:)``, letting `configure` set what the run keeps
    /// once the network is built (an answer key keeps what it prints).
    func train<Scalar: RationalConvertible>(
        as: Scalar.Type, steps: Int?, overrides: [String: Rational],
        configure: (Network<Scalar>, inout TrainingOptions<Scalar>) -> Void
    ) throws(NetworkFileError) -> TrainingTrace<Scalar> {
        let (network, samples, options) = try prepared(
            as: Scalar.self, steps: steps, overrides: overrides, configure: configure)
        do { return try network.train(samples: samples, options: options) } catch { throw locate(error) }
    }

    /// The network, samples and options a run of the file over `Scalar` starts from; build errors located.
    func prepared<Scalar: RationalConvertible>(
        as: Scalar.Type, steps: Int?, overrides: [String: Rational],
        configure: (Network<Scalar>, inout TrainingOptions<Scalar>) -> Void
    ) throws(NetworkFileError) -> (Network<Scalar>, [[String: Scalar]], TrainingOptions<Scalar>) {
        let builder = try builder(as: Scalar.self)
        let network: Network<Scalar>
        do { network = try builder.build(limits: limits) } catch { throw locate(error) }
        let samples = try samples(as: Scalar.self, overrides: overrides)
        var options = options(as: Scalar.self, steps: steps)
        configure(network, &options)
        return (network, samples, options)
    }

    /// Cross-checks the file's network in `F` against the exact run; every error is located in the file.
    ///
    /// ```swift
    /// let report = try file.crossCheck(as: Double.self)
    /// report.passes(maximumULPs: 4)
    /// ```
    public func crossCheck<F: BinaryFloatingPoint & RationalConvertible>(
        as: F.Type, steps: Int? = nil, overrides: [String: Rational] = [:]
    ) throws(NetworkFileError) -> CrossCheckReport<F> {
        if usesTranscendentalFunctions {
            // No exact run exists: the reference is certified instead.
            let builder = try builder(as: Certified.self)
            let samples = try samples(as: Certified.self, overrides: overrides)
            let options = options(as: Certified.self, steps: steps)
            do { return try CrossCheck.runCertified(builder, samples: samples, options: options, as: F.self) } catch {
                throw locate(error)
            }
        }
        let builder = try builder(as: Rational.self)
        let samples = try samples(as: Rational.self, overrides: overrides)
        let options = options(as: Rational.self, steps: steps)
        do { return try CrossCheck.run(builder, samples: samples, options: options, as: F.self) } catch {
            throw locate(error)
        }
    }

    /// Points an engine error at the line that caused it.
    ///
    /// ```swift
    /// file.locate(.divisionByZero(quantity: "q", step: 0, sample: 1))   // net.exnet:5:1: error: division by zero in 'q' …
    /// ```
    public func locate(_ e: NetworkError) -> NetworkFileError {
        let start = SourcePosition(line: 1, column: 1)
        switch e {
        case .unknownName(_, let q), .exponentTooLarge(_, let q, _), .unsupportedFunction(_, _, let q),
            .wrongArity(_, _, let q),
            .formulaTooDeep(_, let q, _):
            return error(e.description, at: locationByName[q] ?? start, hint: e.hint)
        case .duplicateName(let q), .missingLoss(let q), .lossIsNotADefinition(let q):
            return error(e.description, at: locationByName[q] ?? start)
        case .cycle(let names):
            return error(e.description, at: locationByName[names[0]] ?? start)
        case .divisionByZero(let q, _, _), .outsideDomain(_, let q, _, _), .numbersTooLarge(let q, _, _, _),
            .gradientTooLarge(let q, _, _, _), .undecidable(let q, _, _, _, _):
            return error(e.description, at: locationByName[q] ?? start)
        case .missingSampleValue(_, let sample), .unexpectedSampleValue(_, let sample):
            return error(e.description, at: sample < sampleLocations.count ? sampleLocations[sample] : start)
        case .tooManySteps:
            return error(e.description, at: stepsLocation)
        case .budgetExceeded:
            return error(e.description, at: stepsLocation, hint: e.hint)
        case .noSamples:
            return error(e.description, at: start)
        }
    }

    /// Converts a parsed expression, folding name-free subexpressions exactly.
    func formula<Scalar: RationalConvertible>(_ node: SyntaxNode, as: Scalar.Type) throws(NetworkFileError) -> Formula<
        Scalar
    > {
        if !containsName(node) {
            return .constant(Scalar(nearest: try evaluateConstant(node, constants: [:])))
        }
        func sub(_ n: SyntaxNode) throws(NetworkFileError) -> Formula<Scalar> { try formula(n, as: Scalar.self) }
        switch node {
        case .number(let value, _): return .constant(Scalar(nearest: value))
        case .name(let name, _): return .quantity(name)
        case .binary(let op, let a, let b, _): return .binary(op, try sub(a), try sub(b))
        case .negate(let a, _): return -(try sub(a))
        case .power(let a, let n, _): return .power(try sub(a), n)
        case .call(let name, let arguments, let location):
            let p = try primitive(name, arguments, location)
            guard p.isAvailable(for: Scalar.self) else {
                throw error(
                    "'\(name)' is not available for scalar \(Scalar.scalarName): exact arithmetic has no \(name)",
                    at: location, hint: .useFloatingPointScalar)
            }
            return .call(p, try arguments.map { (n: SyntaxNode) throws(NetworkFileError) in try sub(n) })
        }
    }

    /// The primitive a call names, checked against the table's arity.
    func primitive(_ name: String, _ arguments: [SyntaxNode], _ location: SourcePosition) throws(NetworkFileError)
        -> Primitive
    {
        guard let p = Primitive(rawValue: name) else {
            throw error(
                "unknown function '\(name)' (functions: \(Primitive.allCases.map(\.name).sorted().joined(separator: ", ")))",
                at: location)
        }
        guard arguments.count == p.arity else {
            throw error(
                "'\(name)' takes \(p.arity) argument\(p.arity == 1 ? "" : "s"), not \(arguments.count)", at: location)
        }
        return p
    }

    /// Whether a definition calls sigmoid, tanh, exp, log or softplus.
    var usesTranscendentalFunctions: Bool {
        func calls(_ node: SyntaxNode) -> Bool {
            switch node {
            case .number, .name: return false
            case .binary(_, let a, let b, _): return calls(a) || calls(b)
            case .negate(let a, _), .power(let a, _, _): return calls(a)
            case .call(let name, let args, _):
                return Primitive(rawValue: name)?.isTranscendental == true || args.contains(where: calls)
            }
        }
        return declarations.contains { $0.node.map(calls) ?? false }
    }

    func containsName(_ node: SyntaxNode) -> Bool {
        switch node {
        case .number: return false
        case .name: return true
        case .binary(_, let a, let b, _): return containsName(a) || containsName(b)
        case .negate(let a, _), .power(let a, _, _): return containsName(a)
        case .call(_, let args, _): return args.contains(where: containsName)
        }
    }

    func visitNames(_ node: SyntaxNode, _ body: (String, SourcePosition) throws(NetworkFileError) -> Void)
        throws(NetworkFileError)
    {
        switch node {
        case .number: break
        case .name(let n, let l): try body(n, l)
        case .binary(_, let a, let b, _):
            try visitNames(a, body)
            try visitNames(b, body)
        case .negate(let a, _), .power(let a, _, _): try visitNames(a, body)
        case .call(let name, let args, let location):
            _ = try primitive(name, args, location)
            for a in args { try visitNames(a, body) }
        }
    }

    /// Evaluates a constant expression exactly; names must be constants declared above.
    func evaluateConstant(_ node: SyntaxNode, constants: [String: Rational]) throws(NetworkFileError) -> Rational {
        func eval(_ n: SyntaxNode) throws(NetworkFileError) -> Rational {
            try evaluateConstant(n, constants: constants)
        }
        // Bounded before GMP is asked for the result, like every exact value the engine makes.
        func bound(_ bits: Int, overflow: Bool = false, atLeast: Bool = false, at location: SourcePosition)
            throws(NetworkFileError)
        {
            guard overflow || bits > limits.maximumBits else { return }
            throw error(
                "this constant would need \(overflow ? "astronomically many" : "\(atLeast ? "at least" : "up to") \(bits)") bits, "
                    + "beyond the limit of \(limits.maximumBits)", at: location)
        }
        switch node {
        case .number(let value, _): return value
        case .name(let name, let location):
            guard let value = constants[name] else {
                throw error(
                    "'\(name)' is not a constant declared above; values here must be constant expressions", at: location
                )
            }
            return value
        case .binary(let op, let a, let b, let location):
            let x = try eval(a)
            let y = try eval(b)
            try bound(x.bitLength + y.bitLength + 1, at: location)
            switch op {
            case .add: return x + y
            case .subtract: return x - y
            case .multiply: return x * y
            case .divide:
                guard !y.isZero else { throw error("division by zero", at: location) }
                return x / y
            }
        case .negate(let a, _): return -(try eval(a))
        case .power(let a, let n, let location):
            let base = try eval(a)
            guard !(base.isZero && n < 0) else { throw error("division by zero: 0 to a negative power", at: location) }
            // Numerator and denominator of base^n have at least n·(b − 1) + 1 bits each, where b
            // is theirs: refuse what surely passes the limit (it overshoots by at most 2n bits).
            let surely = Swift.max(0, base.bitLength - 2).multipliedReportingOverflow(by: Int(n.magnitude))
            try bound(surely.partialValue + 2, overflow: surely.overflow, atLeast: true, at: location)
            return base.power(n)
        case .call(let name, let args, let location):
            let p = try primitive(name, args, location)
            guard !p.isTranscendental else {
                throw error("'\(name)' cannot be computed exactly; a constant value must be exact", at: location)
            }
            let values = try args.map { (n: SyntaxNode) throws(NetworkFileError) in try eval(n) }
            let x = values[0]
            let y = values.count > 1 ? values[1] : values[0]
            if p.canMultiplySizes { try bound(x.bitLength + y.bitLength, at: location) }
            return p.value(x, y)!  // exact functions only: transcendental ones were refused above
        }
    }
}
