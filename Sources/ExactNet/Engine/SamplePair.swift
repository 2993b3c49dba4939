import Dispatch

extension Network {
    /// Evaluates samples two at a time, one on each of two threads, for scalars whose
    /// arithmetic is worth a thread (exact and certified values; a float sample costs less than
    /// a thread's wake-up). Results come back in sample order with their kinks and branch
    /// outcomes, and the caller meters each one before asking for the next pair, so a budget
    /// stops a run at most one sample late. Shared values are only read: the kernels write
    /// only into storage nothing else holds, and each thread has its own workspace.
    struct SamplePair {
        let network: Network
        var workspaces: [Workspace]
        let context: ScalarContext
        let recordsBranchOutcomes: Bool
        var pending: [(result: SampleResult<Scalar>, record: Record)?] = [nil, nil]
        var failures: [NetworkError?] = [nil, nil]
        var first = -1

        init?(_ network: Network, maximumBits: Int, options: TrainingOptions<Scalar>, samples: Int) {
            guard !Scalar.hasFixedSize, samples >= 2, options.evaluatesSamplesInPairs else { return nil }
            var workspace = Workspace(network)
            workspace.maximumBits = maximumBits
            self.network = network
            workspaces = [workspace, workspace]
            context = Scalar.callersContext()
            recordsBranchOutcomes = options.recordsBranchOutcomes
        }

        /// Sample i's result and what it recorded: the pair starting at an even i is
        /// evaluated when i is asked for, its second half kept for the next call.
        mutating func result(
            _ i: Int, rows: [[Scalar]], parameters: [Scalar], step: Int, mode: Mode
        ) throws(NetworkError) -> (result: SampleResult<Scalar>, record: Record)? {
            if i % 2 == 0 {
                first = i
                let count = Swift.min(2, rows.count - i)
                workspaces.withUnsafeMutableBufferPointer { workspaces in
                    pending.withUnsafeMutableBufferPointer { pending in
                        failures.withUnsafeMutableBufferPointer { failures in
                            let job = PairJob(
                                network: network, rows: rows, parameters: parameters, step: step, mode: mode,
                                first: i, recordsBranchOutcomes: recordsBranchOutcomes, workspaces: workspaces,
                                pending: pending, failures: failures)
                            let context = self.context
                            DispatchQueue.concurrentPerform(iterations: count) { k in context.run { job.run(k) } }
                        }
                    }
                }
            }
            let k = i - first
            if let failure = failures[k] { throw failure }
            defer { pending[k] = nil }
            return pending[k]
        }
    }
}

extension Network {
    /// One pair's work, shared by its two threads. Unchecked: each thread writes only its own
    /// slot of the buffers, and the values both read are never written while shared.
    struct PairJob: @unchecked Sendable {
        let network: Network
        let rows: [[Scalar]]
        let parameters: [Scalar]
        let step: Int
        let mode: Mode
        let first: Int
        let recordsBranchOutcomes: Bool
        let workspaces: UnsafeMutableBufferPointer<Workspace>
        let pending: UnsafeMutableBufferPointer<(result: SampleResult<Scalar>, record: Record)?>
        let failures: UnsafeMutableBufferPointer<NetworkError?>

        func run(_ k: Int) {
            var record = Record(recordsBranchOutcomes: recordsBranchOutcomes)
            do throws(NetworkError) {
                let r = try network.evaluate(
                    sampleValues: rows[first + k], parameters: parameters, step: step, sample: first + k,
                    mode: mode, record: &record, workspace: &workspaces[k])
                pending[k] = (r, record)
                failures[k] = nil
            } catch {
                pending[k] = nil
                failures[k] = error
            }
        }
    }
}
