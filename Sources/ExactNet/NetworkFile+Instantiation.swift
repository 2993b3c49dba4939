import ExactArithmetic

extension NetworkFile {
    /// The result of running a file: the network, its samples and the trace.
    public struct Run<Scalar: RationalConvertible> {
        /// The compiled network.
        public var network: Network<Scalar>
        /// The samples trained on.
        public var samples: [[String: Scalar]]
        /// The settings used.
        public var options: TrainingOptions<Scalar>
        /// Everything computed.
        public var trace: TrainingTrace<Scalar>
    }

    /// The network over `Scalar`: literals are folded exactly, then rounded once to
    /// the scalar; functions the scalar lacks (tanh over rationals) are errors.
    public func builder<Scalar: RationalConvertible>(as: Scalar.Type) throws(NetworkFileError) -> NetworkBuilder<Scalar> {
        var b = NetworkBuilder<Scalar>()
        for d in declarations {
            switch d.role {
            case .input: b.input(d.name)
            case .target: b.target(d.name)
            case .parameter: b.parameter(d.name, Scalar(nearest: d.value!))
            case .constant: b.constant(d.name, Scalar(nearest: d.value!))
            case .definition: b.define(d.name, try expression(d.node!, as: Scalar.self))
            }
        }
        return b
    }

    /// The samples over `Scalar`, or the single sample of `overrides` when the file has none.
    public func samples<Scalar: RationalConvertible>(as: Scalar.Type, overrides: [String: Rational] = [:]) throws(NetworkFileError) -> [[String: Scalar]] {
        let sampleNames = Set(declarations.filter { $0.role == .input || $0.role == .target }.map(\.name))
        let given = overrides.filter { sampleNames.contains($0.key) }
        var exact = samples
        if exact.isEmpty {
            guard !given.isEmpty || sampleNames.isEmpty else {
                throw error("the file has no 'sample' line; give the inputs on the command line, e.g. --set \(sampleNames.sorted().first!)=1",
                            at: SourceLocation(line: 1, column: 1))
            }
            for name in sampleNames.sorted() where given[name] == nil {
                throw error("no value for '\(name)': add it to --set", at: locationByName[name]!)
            }
            exact = [given]
        } else if !given.isEmpty {
            exact = exact.map { $0.merging(given) { _, new in new } }
        }
        return exact.map { $0.mapValues { Scalar(nearest: $0) } }
    }

    /// Training options over `Scalar` from the `set` lines.
    public func options<Scalar: RationalConvertible>(as: Scalar.Type, steps: Int? = nil) -> TrainingOptions<Scalar> {
        var options = TrainingOptions<Scalar>(learningRate: Scalar(nearest: settings.learningRate))
        options.steps = steps ?? settings.steps
        options.reduction = settings.reduction
        options.momentum = Scalar(nearest: settings.momentum)
        return options
    }

    /// Builds and trains the file's network over `Scalar`; every error is located in the file.
    public func train<Scalar: RationalConvertible>(as: Scalar.Type, steps: Int? = nil, overrides: [String: Rational] = [:]) throws(NetworkFileError) -> Run<Scalar> {
        let builder = try builder(as: Scalar.self)
        let network: Network<Scalar>
        do { network = try builder.build() } catch { throw locate(error) }
        let samples = try samples(as: Scalar.self, overrides: overrides)
        let options = options(as: Scalar.self, steps: steps)
        do {
            let trace = try network.train(samples: samples, options: options)
            return Run(network: network, samples: samples, options: options, trace: trace)
        } catch { throw locate(error) }
    }

    /// Points an engine error at the line that caused it.
    public func locate(_ e: NetworkError) -> NetworkFileError {
        let start = SourceLocation(line: 1, column: 1)
        switch e {
        case .unknownName(_, let q), .exponentTooLarge(_, let q), .unsupportedFunction(_, _, let q):
            return error(e.description, at: locationByName[q] ?? start)
        case .duplicateName(let q), .missingLoss(let q), .lossIsNotADefinition(let q):
            return error(e.description, at: locationByName[q] ?? start)
        case .cycle(let names):
            return error(e.description, at: locationByName[names[0]] ?? start)
        case .divisionByZero(let q, _, _), .outsideDomain(_, let q, _, _), .numbersTooLarge(let q, _, _):
            return error(e.description, at: locationByName[q] ?? start)
        case .missingSampleValue(_, let sample), .unexpectedSampleValue(_, let sample):
            return error(e.description, at: sample < sampleLocations.count ? sampleLocations[sample] : start)
        case .tooManySteps:
            return error(e.description, at: stepsLocation)
        case .noSamples:
            return error(e.description, at: start)
        }
    }

    /// Converts a parsed expression, folding name-free subexpressions exactly.
    func expression<Scalar: RationalConvertible>(_ node: SyntaxNode, as: Scalar.Type) throws(NetworkFileError) -> Expression<Scalar> {
        if !containsName(node) {
            return .constant(Scalar(nearest: try evaluateConstant(node, constants: [:])))
        }
        func sub(_ n: SyntaxNode) throws(NetworkFileError) -> Expression<Scalar> { try expression(n, as: Scalar.self) }
        switch node {
        case .number(let value, _): return .constant(Scalar(nearest: value))
        case .name(let name, _): return .quantity(name)
        case .binary(let op, let a, let b, _):
            let x = try sub(a), y = try sub(b)
            switch op {
            case "+": return x + y
            case "-": return x - y
            case "*": return x * y
            default: return x / y
            }
        case .negate(let a, _): return -(try sub(a))
        case .power(let a, let n, _): return .power(try sub(a), n)
        case .call(let name, let arguments, let location):
            try checkArity(name, arguments, location)
            let args = try arguments.map { (n: SyntaxNode) throws(NetworkFileError) in try sub(n) }
            switch name {
            case "relu": return .activation(.relu, args[0])
            case "abs": return .activation(.abs, args[0])
            case "square": return .activation(.square, args[0])
            case "identity": return .activation(.identity, args[0])
            case "leaky_relu": return .leakyReLU(args[0], alpha: args[1])
            case "max": return .extremum(.max, args[0], args[1])
            case "min": return .extremum(.min, args[0], args[1])
            default:
                guard let f = Scalar.elementaryFunction(ElementaryFunction(rawValue: name)!) else {
                    throw error("'\(name)' is not available for scalar \(Scalar.scalarName): exact arithmetic has no \(name) (use --scalar double or float)", at: location)
                }
                return .function(f, args[0])
            }
        }
    }

    func checkArity(_ name: String, _ arguments: [SyntaxNode], _ location: SourceLocation) throws(NetworkFileError) {
        guard let arity = Self.functionArity[name] else {
            throw error("unknown function '\(name)' (functions: \(Self.functionArity.keys.sorted().joined(separator: ", ")))", at: location)
        }
        guard arguments.count == arity else {
            throw error("'\(name)' takes \(arity) argument\(arity == 1 ? "" : "s"), not \(arguments.count)", at: location)
        }
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

    func visitNames(_ node: SyntaxNode, _ body: (String, SourceLocation) throws(NetworkFileError) -> Void) throws(NetworkFileError) {
        switch node {
        case .number: break
        case .name(let n, let l): try body(n, l)
        case .binary(_, let a, let b, _): try visitNames(a, body); try visitNames(b, body)
        case .negate(let a, _), .power(let a, _, _): try visitNames(a, body)
        case .call(let name, let args, let location):
            try checkArity(name, args, location)
            for a in args { try visitNames(a, body) }
        }
    }

    /// Evaluates a constant expression exactly; names must be constants declared above.
    func evaluateConstant(_ node: SyntaxNode, constants: [String: Rational]) throws(NetworkFileError) -> Rational {
        func eval(_ n: SyntaxNode) throws(NetworkFileError) -> Rational { try evaluateConstant(n, constants: constants) }
        switch node {
        case .number(let value, _): return value
        case .name(let name, let location):
            guard let value = constants[name] else {
                throw error("'\(name)' is not a constant declared above; values here must be constant expressions", at: location)
            }
            return value
        case .binary(let op, let a, let b, let location):
            let x = try eval(a), y = try eval(b)
            switch op {
            case "+": return x + y
            case "-": return x - y
            case "*": return x * y
            default:
                guard !y.isZero else { throw error("division by zero", at: location) }
                return x / y
            }
        case .negate(let a, _): return -(try eval(a))
        case .power(let a, let n, let location):
            let base = try eval(a)
            guard !(base.isZero && n < 0) else { throw error("division by zero: 0 to a negative power", at: location) }
            return base.power(n)
        case .call(let name, let args, let location):
            try checkArity(name, args, location)
            let values = try args.map { (n: SyntaxNode) throws(NetworkFileError) in try eval(n) }
            switch name {
            case "relu": return Swift.max(values[0], .zero)
            case "abs": return values[0].magnitude
            case "square": return values[0] * values[0]
            case "identity": return values[0]
            case "leaky_relu": return values[0] > .zero ? values[0] : values[1] * values[0]
            case "max": return Swift.max(values[0], values[1])
            case "min": return Swift.min(values[0], values[1])
            default:
                throw error("'\(name)' cannot be computed exactly; a constant value must be exact", at: location)
            }
        }
    }
}
