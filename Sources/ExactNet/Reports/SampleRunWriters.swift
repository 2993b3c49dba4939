import Dispatch

extension AnswerKey {
    /// Writes each sample with `write`, on two threads for exact and certified values (digits
    /// are most of a large key): blocks of consecutive samples as training evaluates them
    /// (``Network/SamplePair/samplesPerBlock``, split by the same rule), each thread writing a run of them into one of `writers` (collecting writers, kept across calls so their memos
    /// last), copied out in order; one wake-up per block, not per sample. The first sample is
    /// written alone, so the structure memo is full before threads share it.
    func writeOnTwoThreads(
        _ samples: [SampleResult<Scalar>], to out: KeyWriter, writers: [KeyWriter],
        _ write: @escaping (Int, SampleResult<Scalar>, KeyWriter) -> Void
    ) {
        let context = Scalar.callersContext()
        let block = Network<Scalar>.SamplePair.samplesPerBlock
        var k = 0
        while k < samples.count {
            guard !Scalar.hasFixedSize, k > 0, k + 1 < samples.count else {
                write(k, samples[k], out)
                k += 1
                continue
            }
            let count = Swift.min(block, samples.count - k)
            let runs = SampleRunWriters(first: k, count: count, samples: samples, writers: writers, write: write)
            DispatchQueue.concurrentPerform(iterations: 2) { t in context.run { runs.write(thread: t) } }
            for writer in writers { out.append(writer) }
            k += count
        }
    }
}

/// A block of samples' text, the first half written by one thread into its buffer, the rest
/// by the other into its own. Unchecked: the threads share only values they read (a ball's
/// digits are kept atomically).
private struct SampleRunWriters<Scalar: NetworkScalar>: @unchecked Sendable {
    let first: Int
    let count: Int
    let samples: [SampleResult<Scalar>]
    let writers: [KeyWriter]
    let write: (Int, SampleResult<Scalar>, KeyWriter) -> Void

    func write(thread t: Int) {
        for k in Network<Scalar>.SamplePair.run(ofThread: t, inBlockOf: count) {
            write(first + k, samples[first + k], writers[t])
        }
    }
}
