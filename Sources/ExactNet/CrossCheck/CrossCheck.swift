import CertifiedArithmetic
import ExactArithmetic
import RealModule

/// A float run of a network compared, quantity by quantity, with the exact run.
///
/// ```swift
/// let report = try CrossCheck.run(builder, samples: [["x": 1]], options: .init(learningRate: 1), as: Double.self)
/// report.maximumULPs            // worst error in units in the last place
/// report.divergences            // piecewise branches the float run took differently
/// report.passes(maximumULPs: 4)
/// ```
public struct CrossCheckReport<F: BinaryFloatingPoint & RationalConvertible> {
    /// One compared number.
    public struct Entry {
        /// The step (nil for the final evaluation's objective).
        public var step: Int
        /// The sample (nil for per-step quantities).
        public var sample: Int?
        /// What the number is.
        public var kind: CrossCheckKind
        /// The quantity or parameter name (`objective` for the objective).
        public var name: String
        /// The exact value.
        public var exact: Rational
        /// The float run's value.
        public var float: F
        /// |float − exact|, exactly.
        public var absoluteError: Rational
        /// |float − exact| / |exact| (infinity when exact is 0 and float is not).
        public var relativeError: Double
        /// Distance in ULPs from the float nearest to the exact value; nil when the float is NaN.
        public var ulps: UInt64?
    }

    /// Every compared number.
    public var entries: [Entry]
    /// Every branch divergence.
    public var divergences: [BranchDivergence]
    /// The exact run, when the reference is exact (networks without transcendental functions).
    public var exactTrace: TrainingTrace<Rational>?
    /// What the floats are held against: `exact rationals` or `certified balls`.
    public var referenceName: String { certifiedRun == nil ? "exact rationals" : "certified balls" }
    /// The float run, or `nil` when it failed where the exact run did not (see ``floatFailure``).
    public var floatTrace: TrainingTrace<F>?
    /// What stopped the float run (a division by a value that rounded to zero, log of a value
    /// that rounded below zero): a finding, since the exact run went through.
    public var floatFailure: NetworkError?
    /// The certified run, when the reference is certified (networks with sigmoid, exp, …): each
    /// entry's `exact` is then a rational inside the value's ball, which fixes the correctly rounded float.
    public var certifiedRun: CertifiedRun? = nil
    /// Steps compared.
    public var stepCount: Int
    /// Samples compared.
    public var sampleCount: Int

    /// The largest ULP distance (UInt64.max when a float is NaN).
    public var maximumULPs: UInt64 { entries.map { $0.ulps ?? .max }.max() ?? 0 }

    /// `true` when the float run finished, every number is within `maximumULPs` and no branch diverged.
    public func passes(maximumULPs limit: UInt64) -> Bool {
        floatFailure == nil && divergences.isEmpty && maximumULPs <= limit
    }
}

/// What a cross-check entry measures.
public enum CrossCheckKind: String, Sendable {
    case value, gradient, objective
    case parameterGradient = "parameter_gradient"
    case updated
    case finalValue = "final_value"
    case finalObjective = "final_objective"
}

/// A branch of a piecewise primitive that a float run took differently from the exact run.
public struct BranchDivergence: Hashable, Sendable {
    /// The step (the final evaluation has index `steps`).
    public var step: Int
    /// The sample.
    public var sample: Int
    /// The named quantity whose definition holds the branch.
    public var quantity: String
    /// The piecewise function (``Primitive/branching`` is not `nil`).
    public var function: Primitive
    /// Sign of the deciding argument (relu/abs/leaky_relu: the input; max/min: a − b), exactly.
    public var exactSign: Int
    /// The same sign in the float run.
    public var floatSign: Int
}

/// Runs a network in floats and exactly, and compares.
public enum CrossCheck {
    /// Trains `builder` exactly and in `F` with the same samples and options (values
    /// rounded to nearest), then compares every value, gradient, objective and update.
    public static func run<F: BinaryFloatingPoint & RationalConvertible>(
        _ builder: NetworkBuilder<Rational>, loss: String = "loss", samples: [[String: Rational]],
        options: TrainingOptions<Rational>, as: F.Type
    ) throws(NetworkError) -> CrossCheckReport<F> {
        var exactOptions = options
        exactOptions.recordsBranchOutcomes = true
        let exactNetwork = try builder.build(loss: loss, limits: options.limits)
        let exact = try exactNetwork.train(samples: samples, options: exactOptions)
        switch try floatRun(builder, loss: loss, samples: samples, options: exactOptions, { F(nearest: $0) }) {
        case .success(let float): return compare(exact: exact, float: float)
        case .failure(let error):
            return CrossCheckReport(
                entries: [], divergences: [], exactTrace: exact, floatTrace: nil, floatFailure: error,
                certifiedRun: nil, stepCount: exact.steps.count, sampleCount: exact.finalSamples.count)
        }
    }

    /// The float run of the reference's builder, samples and settings, each value converted by
    /// `toFloat` (the same backward scheme as `exactnet run --scalar double`, so both print the same
    /// floats). A failure only the float run has is returned as a finding, not thrown.
    static func floatRun<R: NetworkScalar, F: BinaryFloatingPoint & RationalConvertible>(
        _ builder: NetworkBuilder<R>, loss: String, samples: [[String: R]], options: TrainingOptions<R>,
        _ toFloat: (R) -> F
    ) throws(NetworkError) -> Result<TrainingTrace<F>, NetworkError> {
        let network = try builder.map(to: F.self, toFloat).build(loss: loss, limits: options.limits)
        do throws(NetworkError) {
            return .success(
                try network.train(samples: samples.map { $0.mapValues(toFloat) }, options: options.map(toFloat)))
        } catch { return .failure(error) }
    }

    /// As ``run(_:loss:samples:options:as:)`` for a network with transcendental functions: the
    /// reference is a certified run, escalated until every value's correctly rounded `F` is fixed.
    public static func runCertified<F: BinaryFloatingPoint & RationalConvertible>(
        _ builder: NetworkBuilder<Certified>, loss: String = "loss", samples: [[String: Certified]],
        options: TrainingOptions<Certified>, as: F.Type
    ) throws(NetworkError) -> CrossCheckReport<F> {
        var certifiedOptions = options
        certifiedOptions.recordsBranchOutcomes = true
        let network = try builder.build(loss: loss, limits: options.limits)
        let run = try network.trainCertified(
            samples: samples, options: certifiedOptions, digits: 17,
            settles: { [rounding = CorrectRounding { $0.correctlyRounded(F.self) != nil }] in rounding.fixes($0) },
            what: "the correctly rounded \(F.self)")
        let toFloat = { (x: Certified) in run.withContext { x.correctlyRounded(F.self) ?? F(x.approximation) } }
        switch try floatRun(builder, loss: loss, samples: samples, options: certifiedOptions, toFloat) {
        case .success(let float):
            var report = run.withContext { compare(reference: run.trace, float: float) { $0.referenceValue } }
            report.certifiedRun = run
            return report
        case .failure(let error):
            return CrossCheckReport(
                entries: [], divergences: [], exactTrace: nil, floatTrace: nil, floatFailure: error, certifiedRun: run,
                stepCount: run.trace.steps.count, sampleCount: run.trace.finalSamples.count)
        }
    }

    /// Compares two traces of the same network: an exact one and a float one, both
    /// recorded with ``TrainingOptions/recordsBranchOutcomes``.
    public static func compare<F: BinaryFloatingPoint & RationalConvertible>(
        exact: TrainingTrace<Rational>, float: TrainingTrace<F>
    ) -> CrossCheckReport<F> {
        var report = compare(reference: exact, float: float) { $0 }
        report.exactTrace = exact
        return report
    }

    /// Compares a float trace with a reference trace whose values `rational` turns into
    /// rationals that round to the reference's correctly rounded floats.
    static func compare<R: NetworkScalar, F: BinaryFloatingPoint & RationalConvertible>(
        reference exact: TrainingTrace<R>, float: TrainingTrace<F>, rational: (R) -> Rational
    ) -> CrossCheckReport<F> {

        let network = exact.network
        var entries: [CrossCheckReport<F>.Entry] = []
        func add(_ step: Int, _ sample: Int?, _ kind: CrossCheckKind, _ name: String, _ e: R, _ f: F) {
            entries.append(entry(step: step, sample: sample, kind: kind, name: name, exact: rational(e), float: f))
        }
        let parameterNames = network.parameterNames
        for (s, (es, fs)) in zip(exact.steps, float.steps).enumerated() {
            for (k, (er, fr)) in zip(es.samples, fs.samples).enumerated() {
                for q in network.quantities.indices {
                    add(s, k, .value, network.quantities[q].name, er.values[q], fr.values[q])
                }
                for q in network.quantities.indices {
                    add(s, k, .gradient, network.quantities[q].name, er.gradients[q], fr.gradients[q])
                }
            }
            add(s, nil, .objective, "objective", es.objective, fs.objective)
            for (k, name) in parameterNames.enumerated() {
                add(s, nil, .parameterGradient, name, es.gradients[k], fs.gradients[k])
                add(s, nil, .updated, name, es.updated[k], fs.updated[k])
            }
        }
        let last = exact.steps.count
        for (k, (er, fr)) in zip(exact.finalSamples, float.finalSamples).enumerated() {
            for q in network.quantities.indices {
                add(last, k, .finalValue, network.quantities[q].name, er.values[q], fr.values[q])
            }
        }
        add(last, nil, .finalObjective, "objective", exact.finalObjective, float.finalObjective)

        // Both runs evaluate the same tape, so their outcomes line up one to one.
        let divergences = zip(exact.branchOutcomes, float.branchOutcomes).compactMap { e, f in
            e.sign == f.sign
                ? nil
                : BranchDivergence(
                    step: e.step, sample: e.sample, quantity: e.quantity,
                    function: e.function, exactSign: Int(e.sign), floatSign: Int(f.sign))
        }
        return CrossCheckReport(
            entries: entries, divergences: divergences, exactTrace: nil, floatTrace: float, floatFailure: nil,
            certifiedRun: nil,
            stepCount: exact.steps.count, sampleCount: exact.finalSamples.count)
    }

    static func entry<F: BinaryFloatingPoint & RationalConvertible>(
        step: Int, sample: Int?, kind: CrossCheckKind, name: String, exact: Rational, float: F
    ) -> CrossCheckReport<F>.Entry {
        let rounded = F(nearest: exact)
        var absoluteError = Rational.zero
        var relativeError = 0.0
        if let f = Rational(exactly: float) {
            absoluteError = (f - exact).magnitude
            relativeError =
                exact.isZero ? (absoluteError.isZero ? 0 : .infinity) : Double(absoluteError / exact.magnitude)
        } else {
            relativeError = .infinity
        }
        return .init(
            step: step, sample: sample, kind: kind, name: name, exact: exact, float: float,
            absoluteError: absoluteError, relativeError: relativeError, ulps: ulpDistance(float, rounded))
    }

    /// Steps between two floats along the number line (±0 are one point), exactly for
    /// every pair of non-NaN values; nil when either is NaN.
    ///
    /// ```swift
    /// CrossCheck.ulpDistance(1.0, 1.0.nextUp)   // 1
    /// CrossCheck.ulpDistance(-0.0, 0.0)         // 0
    /// ```
    public static func ulpDistance<F: BinaryFloatingPoint>(_ a: F, _ b: F) -> UInt64? {
        guard !a.isNaN, !b.isNaN else { return nil }
        // Position of |x| among the non-negative floats; below 2^63 for any binary64.
        func position(_ x: F) -> UInt64 {
            UInt64(x.exponentBitPattern) << UInt64(F.significandBitCount) | UInt64(x.significandBitPattern)
        }
        let (pa, pb) = (position(a), position(b))
        if pa == 0 || pb == 0 || a.sign == b.sign { return pa > pb ? pa - pb : pb - pa }
        return pa + pb  // opposite signs: through zero; below 2^64 since neither is NaN
    }
}

/// Whether a certified value fixes its correctly rounded float: the test a certified reference
/// settles by, shared with the digit check's second thread. Unchecked: it holds only a float
/// type, which nothing can change.
private struct CorrectRounding: @unchecked Sendable {
    let fixes: (Certified) -> Bool
}
