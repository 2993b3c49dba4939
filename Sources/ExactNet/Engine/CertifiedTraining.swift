import CertifiedArithmetic
import Dispatch
import ExactArithmetic
import Synchronization

/// A certified training run: the trace, and the context (precision and digits) in which
/// every branch decided and every value has its digits. Render its key inside
/// ``CertifiedRun/withContext(_:)`` so values print with those digits.
///
/// ```swift
/// let run = try network.trainCertified(samples: samples, options: options, digits: 20)
/// run.withContext { AnswerKey(trace: run.trace, title: "mazur").json() }
/// ```
public struct CertifiedRun: Sendable {
    /// Everything the run computed; exact values are exact, the others are balls.
    public var trace: TrainingTrace<Certified>
    /// The context of the successful attempt.
    public var context: CertifiedContext
    /// The precisions tried, in bits (the last one succeeded).
    public var precisions: [Int]

    /// Runs `body` with this run's context in force (printing, converting).
    public func withContext<R>(_ body: () throws -> R) rethrows -> R {
        try CertifiedContext.$current.withValue(context, operation: body)
    }
}

extension Network where Scalar == Certified {
    /// Trains with certified arithmetic, repeating the whole run at doubled precision (Ziv's
    /// strategy) until every branch decides and every value's `digits` significant digits are
    /// fixed; the key is the same whatever precision that took. Past
    /// ``Limits/maximumCertifiedPrecision`` the error names the quantity, step and sample.
    ///
    /// `settles` says when a value is certain enough (by default: its `digits` significant
    /// digits are fixed); `minimumPrecision` is where the escalation starts (by default about
    /// 4 bits a digit).
    public func trainCertified(
        samples: [[String: Certified]], options: TrainingOptions<Certified>, digits: Int,
        settles: (@Sendable (Certified) -> Bool)? = nil, what: String? = nil, minimumPrecision: Int? = nil
    ) throws(NetworkError) -> CertifiedRun {
        let cap = options.limits.maximumCertifiedPrecision
        var precision = Swift.min(cap, minimumPrecision ?? Swift.max(64, digits * 4 + 32))
        let settles: @Sendable (Certified) -> Bool = settles ?? { $0.fixes(significantDigits: digits) }
        var precisions: [Int] = []
        var options = options
        options.recordsBranchOutcomes = true
        while true {
            precisions.append(precision)
            let context = CertifiedContext(precision: precision, digits: digits)
            let outcome = CertifiedContext.$current.withValue(context) {
                () -> Result<TrainingTrace<Certified>, NetworkError> in
                do throws(NetworkError) {
                    return .success(try train(samples: samples, options: options))
                } catch { return .failure(error) }
            }
            var problem: NetworkError?
            switch outcome {
            case .success(let trace):
                let uncertain =
                    Self.everyValueSettles(in: trace, settles: settles, context: context)
                    ? nil
                    : CertifiedContext.$current.withValue(context) { Self.firstUncertain(in: trace, settles: settles) }
                if context.undecidedComparisons == 0 && uncertain == nil {
                    return CertifiedRun(trace: trace, context: context, precisions: precisions)
                }
                if let branch = trace.branchOutcomes.first(where: { $0.sign == Primitive.unordered }) {
                    problem = .undecidable(
                        quantity: branch.quantity, step: branch.step, sample: branch.sample,
                        what: "the \(branch.function.name) branch", precision: precision)
                } else if let (quantity, step, sample) = uncertain {
                    problem = .undecidable(
                        quantity: quantity, step: step, sample: sample, what: what ?? "\(digits) digits of the value",
                        precision: precision)
                } else {
                    problem = .undecidable(
                        quantity: quantities[lossIndex].name, step: 0, sample: nil, what: "a comparison",
                        precision: precision)
                }
            case .failure(let error):
                // An error after an undecided comparison may be the comparison's doing (log of a
                // ball around 0): only a run that decided everything reports its error.
                guard context.undecidedComparisons > 0 else { throw error }
                problem = error
            }
            guard precision < cap, problem != nil else { throw problem! }
            precision = Swift.min(cap, precision * 2)
        }
    }

    /// Whether every value of the trace settles, checked by two threads (the samples of each
    /// step split between them): the check only reads balls, and the digits it computes are
    /// kept with each ball atomically. Only a run that fails looks for the first value that
    /// does not settle, in order.
    static func everyValueSettles(
        in trace: TrainingTrace<Certified>, settles: @Sendable (Certified) -> Bool, context: CertifiedContext
    ) -> Bool {
        let unsettled = Atomic<Bool>(false)
        DispatchQueue.concurrentPerform(iterations: 2) { half in
            context.run {
                if firstUncertain(in: trace, settles: settles, half: half) != nil {
                    unsettled.store(true, ordering: .relaxed)
                }
            }
        }
        return !unsettled.load(ordering: .relaxed)
    }

    /// The first value of the trace whose certified digits the balls do not fix. With `half`
    /// (0 or 1), only the samples of that parity, and the values of each step (objective,
    /// gradients, updates) only in half 0: two halves together check everything once.
    static func firstUncertain(
        in trace: TrainingTrace<Certified>, settles: (Certified) -> Bool, half: Int? = nil
    ) -> (String, Int, Int?)? {
        func uncertain(_ x: Certified) -> Bool { !settles(x) }
        let network = trace.network
        let names = network.quantities.map(\.name)
        let parameterNames = network.parameterNames
        func check(_ results: [SampleResult<Certified>], step: Int) -> (String, Int, Int?)? {
            for k in stride(from: half ?? 0, to: results.count, by: half == nil ? 1 : 2) {
                let r = results[k]
                if let q = r.values.indices.first(where: { uncertain(r.values[$0]) }) { return (names[q], step, k) }
                if let q = r.gradients.indices.first(where: { uncertain(r.gradients[$0]) }) {
                    return ("dL/d" + names[q], step, k)
                }
                for (q, terms) in r.chainTerms.enumerated() where terms.contains(where: { uncertain($0.factor) }) {
                    return (names[q], step, k)
                }
            }
            return nil
        }
        let stepValues = (half ?? 0) == 0
        for step in trace.steps {
            if let found = check(step.samples, step: step.step) { return found }
            guard stepValues else { continue }
            if uncertain(step.objective) { return (names[network.lossIndex], step.step, nil) }
            for list in [step.gradients, step.velocity, step.updated] {
                if let k = list.indices.first(where: { uncertain(list[$0]) }) {
                    return (parameterNames[k], step.step, nil)
                }
            }
        }
        let final = trace.steps.count
        if let found = check(trace.finalSamples, step: final) { return found }
        guard stepValues else { return nil }
        if uncertain(trace.finalObjective) { return (names[network.lossIndex], final, nil) }
        if let k = trace.finalParameters.indices.first(where: { uncertain(trace.finalParameters[$0]) }) {
            return (parameterNames[k], final, nil)
        }
        return nil
    }
}
