import Dispatch

extension AnswerKey {
    /// Writes each sample with `write`, two at a time on two threads for exact and certified
    /// values (digits are most of a large key): each thread writes into one of `writers`
    /// (collecting writers, kept across calls so their memos last), copied out in order. The
    /// first sample is written alone, so the structure memo is full before threads share it.
    func writeInPairs(
        _ samples: [SampleResult<Scalar>], to out: KeyWriter, writers: [KeyWriter],
        _ write: @escaping (Int, SampleResult<Scalar>, KeyWriter) -> Void
    ) {
        let context = Scalar.callersContext()
        var k = 0
        while k < samples.count {
            guard !Scalar.hasFixedSize, k > 0, k + 1 < samples.count else {
                write(k, samples[k], out)
                k += 1
                continue
            }
            let pair = SamplePairWriters(first: k, samples: samples, writers: writers, write: write)
            DispatchQueue.concurrentPerform(iterations: 2) { i in context.run { pair.write(i) } }
            for writer in writers { out.append(writer) }
            k += 2
        }
    }
}

/// Two samples' text, each written by its own thread into its own buffer. Unchecked: the
/// threads share only values they read (a ball's digits are kept atomically).
private struct SamplePairWriters<Scalar: NetworkScalar>: @unchecked Sendable {
    let first: Int
    let samples: [SampleResult<Scalar>]
    let writers: [KeyWriter]
    let write: (Int, SampleResult<Scalar>, KeyWriter) -> Void

    func write(_ i: Int) { write(first + i, samples[first + i], writers[i]) }
}
