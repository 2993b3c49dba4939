import ExactArithmetic

/// Every bound that keeps a run small enough to finish, in one place. The file reader,
/// parser, compiler and engine read theirs from here, and errors name the value in force.
///
/// ```swift
/// var limits = Limits.standard
/// limits.maximumSteps = 50_000
/// var options = TrainingOptions<Rational>(learningRate: 1)
/// options.limits = limits
/// ```
public struct Limits: Sendable, Equatable {
    /// The largest |n| in `x^n`, so one exponent cannot build a gigantic number.
    public var maximumExponent = 4096
    /// The most gradient steps a run may take.
    public var maximumSteps = 10_000
    /// The most bits (numerator plus denominator) an exact value may need.
    public var maximumBits = 1 << 24
    /// The most tokens in one statement of a network file (the parser is recursive).
    public var maximumTokensPerStatement = 2000
    /// How deep parentheses, calls and unary signs may nest in one statement.
    public var maximumNesting = 100
    /// The deepest formula a network may have (the compiler, renderers and symbolic derivatives
    /// recurse over formulas); a parsed statement within the token limit is never deeper.
    public var maximumFormulaDepth = 2500
    /// The largest network file read, in bytes.
    public var maximumFileSize = 16 << 20
    /// The largest |e| in a decimal literal such as `1e-5`.
    public var maximumDecimalExponent = Rational.maximumDecimalExponent

    /// The highest working precision, in bits, a certified run escalates to (Ziv's strategy
    /// doubles it from about 3.4 bits a digit until every branch decides and every digit is fixed).
    public var maximumCertifiedPrecision = 1 << 16
    /// The most significant digits a certified key may ask for.
    public var maximumCertifiedDigits = 5000

    /// The largest answer key a run may predict, in bytes (about 64 MiB); a run predicted to pass it
    /// is refused after its first steps (see ``scaled(by:)``).
    public var maximumKeyBytes = 64 << 20
    /// The most arithmetic work a run may predict, in units of one word-sized operation (roughly
    /// 20 ns each on a current machine, so the default is a few seconds).
    public var maximumWork = 250_000_000

    /// The most decimal places a sheet's value may round at (a grader compares longer decimals exactly).
    public static let maximumRoundingPlaces = 1000

    /// The longest value a solution file may write, in characters: far beyond any hand
    /// computation, and short enough to refuse before parsing what could not fit ``maximumBits``.
    public var maximumSolutionValueLength = 100_000

    /// How many entries on each side of a wrong one a grader compares it with, to name the
    /// quantity it was copied from (`other-quantity`).
    public static let maximumMistakeSearch = 200

    /// The limits used unless a caller chooses others.
    public static let standard = Limits()

    /// The standard limits.
    public init() {}

    /// These limits with the key-size and work budgets multiplied by `factor` (the command
    /// line's `--budget`); the other bounds stay.
    ///
    /// ```swift
    /// let generous = Limits.standard.scaled(by: 10)
    /// ```
    public func scaled(by factor: Int) -> Limits {
        var limits = self
        limits.maximumKeyBytes =
            maximumKeyBytes.multipliedReportingOverflow(by: factor).overflow ? .max : maximumKeyBytes * factor
        limits.maximumWork = maximumWork.multipliedReportingOverflow(by: factor).overflow ? .max : maximumWork * factor
        return limits
    }

    /// Checks a number of steps against ``maximumSteps``: the one check the file format,
    /// the command line and the engine share.
    ///
    /// ```swift
    /// try Limits.standard.checkSteps(20_000)   // throws NetworkError.tooManySteps
    /// ```
    public func checkSteps(_ steps: Int) throws(NetworkError) {
        guard steps >= 0, steps <= maximumSteps else { throw .tooManySteps(steps, limit: maximumSteps) }
    }
}
