import ExactArithmetic
import Testing

@testable import ExactNet

/// The step's merge of the second thread's gradient sums into the first's, called directly: a
/// whole training on two threads may give every sample to one thread (a worker that has not
/// started by the time the first thread is done gets none), so only here is the merge certain to run.
@Suite struct GradientMergeTests {
    /// loss = (w − 1)·x, so dL/dw = x: a workspace's sum for w is the sum of its samples' x.
    static func network() throws -> Network<Rational> {
        var b = NetworkBuilder<Rational>()
        let x = b.input("x")
        let w = b.parameter("w", 1)
        b.define("loss", (w - 1) * x)
        return try b.build()
    }

    /// A workspace that has summed dL/dw over samples x = 1/p for each of `primes`, as a
    /// two-thread training that keeps no samples leaves it.
    static func workspace(_ n: Network<Rational>, primes: [Int], limit: Int) throws -> Network<Rational>.Workspace {
        var workspace = Network<Rational>.Workspace(n)
        workspace.maximumBits = limit
        var record = Network<Rational>.Record(recordsBranchOutcomes: false)
        for (i, p) in primes.enumerated() {
            _ = try n.trainingSample(
                try n.sampleValues(["x": Rational(1, p)], index: i), index: i, parameters: n.initialParameters,
                step: 0, mode: .gradients, record: &record, workspace: &workspace, keeps: false)
        }
        return workspace
    }

    @Test func mergedSumsAreExactAndLeaveTheSecondThreadWithNone() throws {
        let n = try Self.network()
        let (first, second) = ([1031, 1033], [1039, 1049])
        var target = try Self.workspace(n, primes: first, limit: 128)
        var source = try Self.workspace(n, primes: second, limit: 128)
        let work = try n.mergeSummedGradients(from: &source, into: &target, step: 0, limit: 128)
        #expect(work > 0)
        target.copySummedGradients(n.parameterSlots)
        #expect(target.gradientSums == [(first + second).map { Rational(1, $0) }.reduce(0, +)])
        #expect(source.summedStep == nil && !source.touched[n.parameterSlots[0]])
    }

    @Test func aMergedSumPastTheLimitIsRefusedBeforeItIsComputed() throws {
        let n = try Self.network()
        // Two primes near 2^20 per thread: each half fits 64 bits, their sum does not.
        var target = try Self.workspace(n, primes: [1_000_003, 1_000_033], limit: 64)
        var source = try Self.workspace(n, primes: [1_000_037, 1_000_039], limit: 64)
        let before = target.adjoint[n.parameterSlots[0]]
        #expect {
            try n.mergeSummedGradients(from: &source, into: &target, step: 0, limit: 64)
        } throws: { error in
            guard case NetworkError.gradientTooLarge(quantity: "w", bits: let bits, step: 0, limit: 64) = error
            else { return false }
            return bits > 64
        }
        #expect(target.adjoint[n.parameterSlots[0]] == before)
    }
}
