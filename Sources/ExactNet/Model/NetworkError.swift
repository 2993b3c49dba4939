/// Why a network could not be built or evaluated. Every case names what went wrong
/// where, so a caller (the CLI) can point at the definition in a file.
public enum NetworkError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A name used in `quantity` that nothing declares.
    case unknownName(String, in: String)
    /// A name declared twice.
    case duplicateName(String)
    /// Definitions that depend on each other in a circle (names in order).
    case cycle([String])
    /// The loss quantity is not defined.
    case missingLoss(String)
    /// The loss is an input, target, parameter or constant instead of a definition.
    case lossIsNotADefinition(String)
    /// A sample lacks a value for an input or target.
    case missingSampleValue(String, sample: Int)
    /// A sample gives a value for a name that is not an input or target.
    case unexpectedSampleValue(String, sample: Int)
    /// No samples to train on.
    case noSamples
    /// A division by zero (or zero to a negative power) while evaluating `quantity`.
    case divisionByZero(quantity: String, step: Int, sample: Int)
    /// A function outside its domain (log of a non-positive number).
    case outsideDomain(function: Primitive, quantity: String, step: Int, sample: Int)
    /// An exponent beyond ``Limits/maximumExponent`` (the limit in force is `limit`).
    case exponentTooLarge(Int, in: String, limit: Int)
    /// A formula deeper than ``Limits/maximumFormulaDepth`` (the compiler and renderers recurse over it).
    case formulaTooDeep(Int, in: String, limit: Int)
    /// A primitive called with the wrong number of arguments.
    case wrongArity(Primitive, arguments: Int, in: String)
    /// A transcendental function over a scalar that has none (tanh over rationals).
    case unsupportedFunction(Primitive, scalar: String, in: String)
    /// More steps than ``Limits/maximumSteps`` (or fewer than zero).
    case tooManySteps(Int, limit: Int)
    /// Exact values outgrew ``Limits/maximumBits``.
    case numbersTooLarge(quantity: String, bits: Int, step: Int, limit: Int)
    /// A run predicted, after `step`, to write a larger key or do more work than its budget
    /// (``Limits/maximumKeyBytes``, ``Limits/maximumWork``).
    case budgetExceeded(BudgetResource, estimate: Double, budget: Double, step: Int)
    /// An exact gradient dL/d`quantity` outgrew ``Limits/maximumBits``.
    case gradientTooLarge(quantity: String, bits: Int, step: Int, limit: Int)
    /// A certified run that, at the precision cap, still could not decide a branch or fix a
    /// value's digits (a ball around a kink, or a value that is exactly at a rounding tie).
    case undecidable(quantity: String, step: Int, sample: Int?, what: String, precision: Int)

    /// One line that says what is wrong.
    public var description: String {
        switch self {
        case .unknownName(let name, let quantity): return "unknown name '\(name)' in '\(quantity)'"
        case .duplicateName(let name): return "'\(name)' is declared more than once"
        case .cycle(let names):
            let loop = names + [names[0]]
            let shown = loop.count <= 12 ? loop : Array(loop.prefix(6)) + ["…"] + Array(loop.suffix(3))
            return "definitions form a cycle: \(shown.joined(separator: " -> "))"
                + (loop.count > 12 ? " (\(names.count) definitions)" : "")
        case .missingLoss(let name): return "no definition of '\(name)', the per-sample loss"
        case .lossIsNotADefinition(let name): return "'\(name)' must be defined by an expression to serve as the loss"
        case .missingSampleValue(let name, let sample): return "sample \(sample) gives no value for '\(name)'"
        case .unexpectedSampleValue(let name, let sample):
            return "sample \(sample) sets '\(name)', which is not an input or target"
        case .noSamples: return "no samples to evaluate"
        case .divisionByZero(let quantity, let step, let sample):
            return "division by zero in '\(quantity)' (step \(step), sample \(sample))"
        case .outsideDomain(let function, let quantity, let step, let sample):
            return "\(function.name) outside its domain in '\(quantity)' (step \(step), sample \(sample))"
        case .exponentTooLarge(let n, let quantity, let limit):
            return "exponent \(n) in '\(quantity)' is beyond the limit of ±\(limit)"
        case .formulaTooDeep(let depth, let quantity, let limit):
            return
                "the formula of '\(quantity)' is \(depth) levels deep, beyond the limit of \(limit); split it into named steps"
        case .wrongArity(let function, let count, let quantity):
            return
                "'\(function.name)' in '\(quantity)' takes \(function.arity) argument\(function.arity == 1 ? "" : "s"), not \(count)"
        case .unsupportedFunction(let function, let scalar, let quantity):
            return
                "'\(function.name)' in '\(quantity)' is not available for scalar \(scalar) (exact arithmetic has no \(function.name))"
        case .tooManySteps(let steps, let limit):
            return steps < 0
                ? "steps must be a non-negative integer, not \(steps)"
                : "\(steps) steps is beyond the limit of \(limit)"
        case .budgetExceeded(let resource, let estimate, let budget, let step):
            let what =
                resource == .keySize
                ? "an answer key of about \(Self.bytes(estimate)), beyond the budget of \(Self.bytes(budget))"
                : "about \(Self.factor(estimate / budget)) times the work budget"
            return
                "from step \(step), this run is predicted to need \(what); use fewer steps or samples, or raise the budget"
        case .gradientTooLarge(let quantity, let bits, let step, let limit):
            return
                "exact gradient dL/d\(quantity) would need up to \(bits) bits in step \(step), beyond the limit of \(limit)"
        case .undecidable(let quantity, let step, let sample, let what, let precision):
            return
                "cannot certify \(what) of '\(quantity)' (step \(step)\(sample.map { ", sample \($0)" } ?? "")) even at \(precision) bits of precision"
        case .numbersTooLarge(let quantity, let bits, let step, let limit):
            return
                "exact value of '\(quantity)' would need \(bits == .max ? "astronomically many" : String(bits)) bits in step \(step), beyond the limit of \(limit)"
        }
    }

    static func bytes(_ n: Double) -> String {
        for (unit, size) in [("GB", 1e9), ("MB", 1e6), ("kB", 1e3)] where n >= size {
            return "\(factor(n / size)) \(unit)"
        }
        return "\(Int(n)) bytes"
    }

    static func factor(_ x: Double) -> String {
        x >= 100 || !x.isFinite
            ? (x.isFinite ? String(Int(x.rounded())) : "astronomically many") : String((x * 10).rounded(.up) / 10)
    }

    /// Advice a front end can turn into its own words (a command-line flag, a menu item).
    public var hint: ErrorHint? {
        switch self {
        case .unsupportedFunction: return .useFloatingPointScalar
        case .budgetExceeded(let resource, let estimate, _, _):
            // Relative to the standard budget, so the advice is the same whatever budget was in force.
            let standard = Double(
                resource == .keySize ? Limits.standard.maximumKeyBytes : Limits.standard.maximumWork)
            let factor = (estimate / standard).rounded(.up)
            return .raiseBudget(factor: factor < 1e9 ? Int(factor) : nil)
        default: return nil
        }
    }
}

/// Advice that comes with an error, for a front end to phrase: the library does not
/// know whether its caller is a command line, a test or an editor.
public enum ErrorHint: Sendable, Equatable {
    /// A transcendental function over an exact scalar: a floating-point scalar can evaluate it.
    case useFloatingPointScalar
    /// The file has no `sample` line: the caller can give each input and target a value
    /// (`name` is the first one missing).
    case giveSampleValues(name: String)
    /// A run over its budget: `factor` times the standard budget (``Limits/standard``) would
    /// let it run (`nil` when that factor is absurd).
    case raiseBudget(factor: Int?)
}
