import Synchronization

extension Network {
    /// Evaluates samples on two threads, for scalars whose arithmetic is worth a thread (exact
    /// and certified values; a float sample costs less than a thread's wake-up): a block of
    /// consecutive samples at a time, each thread taking the block's next sample until none is
    /// left (one hand-over per block, not per sample; a thread that falls behind, or is not
    /// running, leaves more to the other). Results come back in sample order with their kinks
    /// and branch outcomes, and the caller meters each one before asking for the next block, so
    /// a budget stops a run at most one block late: ``samplesPerBlock`` samples, or up to
    /// ``largestBlock`` while samples are so cheap that such a block costs at most 1/1024 of a
    /// budget (``cheapShare``). Shared values are only read: the kernels write only into storage
    /// nothing else holds, and each thread has its own workspace and network.
    struct SamplePair {
        /// Each thread's network: the second thread's shares no storage with the first's.
        let networks: [Network]
        var workspaces: [Workspace]
        let context: ScalarContext
        let recordsBranchOutcomes: Bool
        let keeps: Bool
        /// ``TrainingOptions/_splitsBlocksEvenly``.
        let splitsEvenly: Bool
        /// Eight samples per block: a sample of a small network takes tens of microseconds,
        /// a hand-over to the other thread several, and the budget's look-ahead stays a few samples.
        static var samplesPerBlock: Int { 8 }
        /// Up to 64 samples per block while samples are cheap (``cheapShare``): fewer hand-overs,
        /// and the two halves of a block even out.
        static var largestBlock: Int { 64 }
        /// A sample is cheap when it costs at most 2^-16 of each budget (key bytes and work), so
        /// that a largest block of such samples costs at most 1/1024 of a budget.
        static var cheapShare: Double { 1.0 / 65536 }
        /// Each slot of the block: its sample's evaluation, or the error that stopped it.
        var pending: [Result<Evaluated, NetworkError>?]
        /// The block being handed out: its first sample and its size.
        var first = -1
        var count = 0
        /// The next block's size: ``largestBlock`` once the last block's samples were all cheap.
        var blockSize = samplesPerBlock
        let limits: Limits
        /// The second thread, awake between blocks.
        let worker: PairWorker
        /// The second thread's own copies of the parameters of `copiedStep`: every sample keeps
        /// its parameters' values, and reference counts that both threads change bounce between
        /// the cores.
        var secondThreadParameters: [Scalar] = []
        var copiedStep = -1

        /// How the key writers split a block of `count` samples between their two threads: the
        /// first half (the larger, when odd) for thread 0, the rest for thread 1.
        static func run(ofThread t: Int, inBlockOf count: Int) -> Range<Int> {
            let half = (count + 1) / 2
            return t == 0 ? 0..<half : half..<count
        }

        init?(_ network: Network, maximumBits: Int, options: TrainingOptions<Scalar>, samples: Int) {
            guard !Scalar.hasFixedSize, samples >= 2, options.evaluatesSamplesInPairs else { return nil }
            networks = [
                network, network.unsharedCopy(forChainRule: options.recordsChainTerms && options.keepsSampleResults),
            ]
            workspaces = networks.map { network in
                var workspace = Workspace(network)
                workspace.maximumBits = maximumBits
                return workspace
            }
            context = Scalar.callersContext()
            recordsBranchOutcomes = options.recordsBranchOutcomes
            keeps = options.keepsSampleResults
            splitsEvenly = options._splitsBlocksEvenly
            limits = options.limits
            // Only once the pair is sure to be used: the worker starts a thread.
            pending = Array(repeating: nil, count: Self.largestBlock)
            worker = PairWorker()
        }

        /// Sample i's result and what it recorded: the block starting at i is evaluated when
        /// its first sample is asked for, the rest kept for the next calls.
        mutating func result(
            _ i: Int, rows: [[Scalar]], parameters: [Scalar], step: Int, mode: Mode
        ) throws(NetworkError) -> Evaluated {
            if i == 0 || i >= first + count {  // a pass asks for its samples in order, from 0
                first = i
                count = Swift.min(blockSize, rows.count - i)
                let count = self.count
                if keeps && copiedStep != step {
                    secondThreadParameters = parameters.detachedCopies()
                    copiedStep = step
                }
                workspaces.withUnsafeMutableBufferPointer { workspaces in
                    pending.withUnsafeMutableBufferPointer { pending in
                        let job = PairJob(
                            networks: networks, rows: rows,
                            parameters: [parameters, keeps ? secondThreadParameters : parameters],
                            step: step, mode: mode,
                            first: i, count: count, recordsBranchOutcomes: recordsBranchOutcomes, keeps: keeps,
                            splitsEvenly: splitsEvenly, workspaces: workspaces, pending: pending)
                        let context = self.context
                        if count < 2 {
                            context.run { job.run(thread: 0) }
                        } else {
                            worker.perform(waitingForWorker: splitsEvenly) { t in context.run { job.run(thread: t) } }
                        }
                    }
                }
                blockSize = allCheap(pending.prefix(count)) ? Self.largestBlock : Self.samplesPerBlock
            }
            let k = i - first
            guard let slot = pending[k] else { preconditionFailure("sample \(i) was asked for twice or out of order") }
            pending[k] = nil
            return try slot.get()
        }

        /// Whether every sample of a block was evaluated and cost at most ``cheapShare`` of each budget.
        private func allCheap(_ block: ArraySlice<Result<Evaluated, NetworkError>?>) -> Bool {
            let (bytes, work) = (
                Double(limits.maximumKeyBytes) * Self.cheapShare, Double(limits.maximumWork) * Self.cheapShare
            )
            return block.allSatisfy { slot in
                guard case .success(let evaluated)? = slot else { return false }
                return evaluated.cost.bytes <= bytes && evaluated.cost.work <= work
            }
        }
    }
}

extension Network {
    /// A sample evaluated on one of the two threads, with what its caller adds up.
    struct Evaluated {
        var result: SampleResult<Scalar>
        var record: Record
        var cost: Budget.SampleCost
        var loss: Scalar
    }

    /// One block's work, shared by its two threads through a queue of its samples.
    /// Unchecked: each thread writes only its own slots of the buffer, and the values both read
    /// are never written while shared.
    struct PairJob: @unchecked Sendable {
        /// Each thread's network (equal networks; the second thread's is an unshared copy).
        let networks: [Network]
        let rows: [[Scalar]]
        /// Each thread's parameters (equal values; the second thread's are its own copies).
        let parameters: [[Scalar]]
        let step: Int
        let mode: Mode
        let first: Int
        let count: Int
        let recordsBranchOutcomes: Bool
        /// Whether results keep their values and gradients (``TrainingOptions/keepsSampleResults``).
        let keeps: Bool
        /// Whether each thread takes its fixed half of the block (``TrainingOptions/_splitsBlocksEvenly``).
        let splitsEvenly: Bool
        let workspaces: UnsafeMutableBufferPointer<Workspace>
        let pending: UnsafeMutableBufferPointer<Result<Evaluated, NetworkError>?>

        /// The block's samples not yet taken; either thread takes the next one until none is left
        /// or one has failed.
        let queue = BlockQueue()

        func run(thread t: Int) {
            let network = networks[t]
            if splitsEvenly {
                // Each half to its own first failure: one thread's failure must not stop the other,
                // whose earlier samples the caller still reads.
                for k in SamplePair.run(ofThread: t, inBlockOf: count) {
                    guard evaluate(k, thread: t, network) else { return }
                }
                return
            }
            while !queue.failed.load(ordering: .relaxed) {
                let k = queue.next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard k < count, evaluate(k, thread: t, network) else { return }
            }
        }

        /// Evaluates the block's sample k into its slot; false when it failed.
        private func evaluate(_ k: Int, thread t: Int, _ network: Network) -> Bool {
            var record = Record(recordsBranchOutcomes: recordsBranchOutcomes)
            do throws(NetworkError) {
                let (r, loss, cost) = try network.trainingSample(
                    rows[first + k], index: first + k, parameters: parameters[t], step: step, mode: mode,
                    record: &record, workspace: &workspaces[t], keeps: keeps)
                pending[k] = .success(Evaluated(result: r, record: record, cost: cost, loss: loss))
                return true
            } catch {
                // The caller stops at the first error in sample order: later samples are not asked
                // for, and every earlier one was taken before this one and is finished.
                pending[k] = .failure(error)
                queue.failed.store(true, ordering: .relaxed)
                return false
            }
        }
    }

    /// The samples of a block, taken one at a time by whichever thread is free.
    final class BlockQueue: Sendable {
        let next = Atomic<Int>(0)
        let failed = Atomic<Bool>(false)
    }
}
