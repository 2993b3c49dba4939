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
    case outsideDomain(function: String, quantity: String, step: Int, sample: Int)
    /// An exponent beyond ``Network/maximumExponent``.
    case exponentTooLarge(Int, in: String)
    /// A transcendental function over a scalar that has none (tanh over rationals).
    case unsupportedFunction(String, scalar: String, in: String)
    /// More steps than ``TrainingOptions/maximumSteps``.
    case tooManySteps(Int)
    /// Exact values outgrew ``TrainingOptions/maximumBits``.
    case numbersTooLarge(quantity: String, bits: Int, step: Int)

    public var description: String {
        switch self {
        case .unknownName(let name, let quantity): return "unknown name '\(name)' in '\(quantity)'"
        case .duplicateName(let name): return "'\(name)' is declared more than once"
        case .cycle(let names): return "definitions form a cycle: \((names + [names[0]]).joined(separator: " -> "))"
        case .missingLoss(let name): return "no definition of '\(name)', the per-sample loss"
        case .lossIsNotADefinition(let name): return "'\(name)' must be defined by an expression to serve as the loss"
        case .missingSampleValue(let name, let sample): return "sample \(sample) gives no value for '\(name)'"
        case .unexpectedSampleValue(let name, let sample): return "sample \(sample) sets '\(name)', which is not an input or target"
        case .noSamples: return "no samples to evaluate"
        case .divisionByZero(let quantity, let step, let sample):
            return "division by zero in '\(quantity)' (step \(step), sample \(sample))"
        case .outsideDomain(let function, let quantity, let step, let sample):
            return "\(function) outside its domain in '\(quantity)' (step \(step), sample \(sample))"
        case .exponentTooLarge(let n, let quantity):
            return "exponent \(n) in '\(quantity)' is beyond the limit of ±\(Network<Double>.maximumExponent)"
        case .unsupportedFunction(let function, let scalar, let quantity):
            return "'\(function)' in '\(quantity)' is not available for scalar \(scalar) (exact arithmetic has no \(function); use --scalar double)"
        case .tooManySteps(let steps): return "\(steps) steps is beyond the limit of \(TrainingOptions<Double>.maximumSteps)"
        case .numbersTooLarge(let quantity, let bits, let step):
            return "exact value of '\(quantity)' would need \(bits == .max ? "astronomically many" : String(bits)) bits in step \(step), beyond the limit of \(TrainingOptions<Double>.defaultMaximumBits)"
        }
    }
}
