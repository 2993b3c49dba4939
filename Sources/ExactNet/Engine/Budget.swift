/// Meters a run's answer key and work as it goes and predicts the rest, so that a run that
/// would take hours or write gigabytes is refused early, with a located error, instead.
///
/// Every sample's values, gradients and chain-rule factors are measured as they are made: their
/// decimal digits (what a key prints) and a cost that grows with their size as GMP's
/// multiplication does (every sum over samples is metered too). The totals can never pass a
/// budget. After each step the remaining steps are extrapolated linearly from the last step's
/// growth; linear extrapolation under-predicts geometric growth, so no run is refused on a guess
/// that it might grow, while a run that does grow geometrically is refused a step or two later.
struct Budget {
    let limits: Limits
    let steps: Int
    private var spent = (bytes: 0.0, work: 0.0)
    private var thisStep = (bytes: 0.0, work: 0.0)
    private var lastStep: (bytes: Double, work: Double)?

    init(limits: Limits, steps: Int) {
        self.limits = limits
        self.steps = steps
    }

    /// The cost of making a value of `bits` bits, in word-sized operations: between GMP's
    /// Karatsuba and FFT regimes.
    static func work(bits: Int) -> Double {
        let limbs = Double(bits) / 64 + 1
        return limbs * (limbs + 1).squareRoot()
    }

    /// Refuses a run whose shape alone (steps × samples × quantities) passes the key budget,
    /// before any arithmetic: every quantity's value and gradient is printed at least once.
    func checkShape(quantities: Int, samples: Int) throws(NetworkError) {
        let rows = Double(quantities) * Double(samples) * (2 * Double(steps) + 1)
        try check((rows * Self.bytesPerValue, 0), step: 0)
    }

    /// Bytes a key prints for a value of `bits` bits: the digits of numerator and denominator,
    /// and the row around them (measured on the examples' text keys: about 40 bytes a value).
    static func bytes(bits: Int) -> Double { Double(bits) * 0.30103 + bytesPerValue }
    static let bytesPerValue = 40.0
    /// What a value of at most 64 bits is metered as (a whole word's digits).
    static let smallValue = (bytes: bytes(bits: 64), work: work(bits: 64))

    /// What one evaluated sample (or a step's parameters) costs: the bytes its values print and
    /// the work of making them.
    struct SampleCost {
        var bytes = 0.0
        var work = 0.0
    }

    /// Measures one evaluated sample. Pure, so the thread that evaluated the sample measures it.
    static func cost<Scalar: NetworkScalar>(of r: SampleResult<Scalar>) -> SampleCost {
        var cost = SampleCost()
        if Scalar.hasFixedSize {
            // Every value is the same size: count them.
            let count = r.values.count + r.gradients.count + r.chainTerms.reduce(0) { $0 + $1.count }
            cost.bytes = Double(count) * Self.bytes(bits: 0)
            cost.work = Double(count) * Self.work(bits: 0)
        } else {
            // Indexing reads each value in place (iterating would copy, and retain, each one).
            var meter = Meter()
            r.values.withUnsafeBufferPointer { v in for i in v.indices { meter.add(bits: v[i].storageBitsBound) } }
            r.gradients.withUnsafeBufferPointer { g in for i in g.indices { meter.add(bits: g[i].storageBitsBound) } }
            for terms in r.chainTerms {
                for i in terms.indices { meter.add(bits: terms[i].factor.storageBitsBound) }
            }
            cost = meter.cost(printed: true)
        }
        return cost
    }

    /// Meters sums whose ``work(bits:)`` the caller added up (a sample's gradient sums), and
    /// checks the budget once.
    mutating func spendAdditions(work: Double, step: Int) throws(NetworkError) {
        thisStep.work += work
        try checkSpent(step: step)
    }

    /// The work of a sample that is not kept (nothing of it is printed), read from the
    /// workspace: the values it computed (`computed`: inputs and parameters are not made
    /// anew for each sample) and, past the forward pass, the adjoints of `slots`.
    static func cost<Scalar: NetworkScalar>(
        ofSlots slots: [Int], computed: [Int], in workspace: Network<Scalar>.Workspace, mode: Network<Scalar>.Mode
    ) -> SampleCost {
        var cost = SampleCost()
        guard !Scalar.hasFixedSize else {
            cost.work = Double(computed.count + (mode == .valuesOnly ? 0 : slots.count)) * work(bits: 0)
            return cost
        }
        var meter = Meter()
        workspace.values.withUnsafeBufferPointer { values in
            for slot in computed { meter.add(bits: values[slot].storageBitsBound) }
        }
        if mode == .gradients {
            workspace.adjoint.withUnsafeBufferPointer { adjoint in
                workspace.touched.withUnsafeBufferPointer { touched in
                    for slot in slots where touched[slot] { meter.add(bits: adjoint[slot].storageBitsBound) }
                }
            }
        }
        return meter.cost(printed: false)
    }

    /// Meters what ``cost(of:)`` measured, and checks the budget.
    mutating func spend(_ cost: SampleCost, step: Int) throws(NetworkError) {
        thisStep.bytes += cost.bytes
        thisStep.work += cost.work
        try checkSpent(step: step)
    }

    /// Meters a sum of exact values of up to `bits` bits (a sum over samples can cost far more
    /// than the values it adds).
    mutating func spendAddition(bits: Int, step: Int) throws(NetworkError) {
        try spendAdditions(work: Self.work(bits: bits), step: step)
    }

    /// Meters a finished step's parameters (and their gradients and velocities: each array
    /// given) and predicts the rest of the run.
    mutating func finishStep<Scalar: NetworkScalar>(_ step: Int, parameters: [Scalar]...) throws(NetworkError) {
        var meter = Meter()
        for values in parameters {
            values.withUnsafeBufferPointer { v in for i in v.indices { meter.add(bits: v[i].storageBitsBound) } }
        }
        try spend(meter.cost(printed: true), step: step)
        spent.bytes += thisStep.bytes
        spent.work += thisStep.work
        // Steps still to come, counting the final evaluation as one.
        let remaining = Double(steps - step)
        let triangle = remaining * (remaining + 1) / 2
        let growth = (
            bytes: Swift.max(0, thisStep.bytes - (lastStep?.bytes ?? thisStep.bytes)),
            work: Swift.max(0, thisStep.work - (lastStep?.work ?? thisStep.work))
        )
        let predicted = (
            bytes: spent.bytes + remaining * thisStep.bytes + triangle * growth.bytes,
            work: spent.work + remaining * thisStep.work + triangle * growth.work
        )
        lastStep = thisStep
        thisStep = (0, 0)
        try check(predicted, step: step)
    }

    /// Adds up values' costs: word-sized values, the common case, cost a constant and are counted.
    private struct Meter {
        var small = 0
        var large = SampleCost()

        @inline(__always)
        mutating func add(bits: Int) {
            if bits <= 64 {
                small += 1
            } else {
                large.bytes += Budget.bytes(bits: bits)
                large.work += Budget.work(bits: bits)
            }
        }

        /// The cost, with the bytes a key prints when the values are `printed`.
        func cost(printed: Bool) -> SampleCost {
            SampleCost(
                bytes: printed ? large.bytes + Double(small) * Budget.smallValue.bytes : 0,
                work: large.work + Double(small) * Budget.smallValue.work)
        }
    }

    /// What is already spent may never pass a budget, whatever the prediction.
    private func checkSpent(step: Int) throws(NetworkError) {
        // The rest of the run costs at least as much per step as this one so far.
        let remaining = Double(steps - step)
        try check(
            (spent.bytes + thisStep.bytes * (1 + remaining), spent.work + thisStep.work * (1 + remaining)),
            step: step)
    }

    private func check(_ predicted: (bytes: Double, work: Double), step: Int) throws(NetworkError) {
        if predicted.bytes > Double(limits.maximumKeyBytes) {
            throw .budgetExceeded(
                .keySize, estimate: predicted.bytes, budget: Double(limits.maximumKeyBytes), step: step)
        }
        if predicted.work > Double(limits.maximumWork) {
            throw .budgetExceeded(.work, estimate: predicted.work, budget: Double(limits.maximumWork), step: step)
        }
    }
}

/// What a budget bounds.
public enum BudgetResource: String, Sendable {
    /// The size of the answer key, in bytes.
    case keySize = "key size"
    /// The arithmetic work, in units of ``Limits/maximumWork``.
    case work
}
