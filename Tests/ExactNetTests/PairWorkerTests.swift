import Foundation
import Synchronization
import Testing

@testable import ExactNet

/// The second thread of a sample pair: each hand-over runs one half here and one on the worker,
/// and returns only when both are done, whether the worker was spinning or asleep.
@Suite struct PairWorkerTests {
    /// What each half wrote, two slots per round (each half writes only its own).
    final class Halves: @unchecked Sendable {
        let rounds = UnsafeMutableBufferPointer<Int>.allocate(capacity: 4000)
        let threads = UnsafeMutableBufferPointer<UInt>.allocate(capacity: 4000)
        init() {
            rounds.initialize(repeating: 0)
            threads.initialize(repeating: 0)
        }
        deinit {
            rounds.deallocate()
            threads.deallocate()
        }
    }

    @Test func eachHandOverRunsBothHalvesOnTwoThreadsBeforeItReturns() {
        let worker = PairWorker()
        let halves = Halves()
        for round in 0..<2000 {
            worker.perform { t in
                // The worker's half takes a while, so a return before it is done would show.
                var x = 0
                for i in 0..<(t == 1 ? 2000 : 10) { x &+= i }
                halves.rounds[2 * round + t] = round + 1 + (x & 0)
                halves.threads[2 * round + t] = UInt(pthread_self())
            }
            #expect(halves.rounds[2 * round] == round + 1 && halves.rounds[2 * round + 1] == round + 1)
            if round % 500 == 499 { usleep(5000) }  // past the spin limit: the worker sleeps and is woken
        }
        #expect((0..<2000).allSatisfy { halves.threads[2 * $0] != halves.threads[2 * $0 + 1] })
    }

    final class Count: Sendable { let value = Atomic<Int>(0) }

    /// A worker let go stops: its loop returns and frees the state it held, whether it was
    /// spinning or asleep at the time.
    @Test func workersThatAreLetGoStop() throws {
        for round in 0..<200 {
            weak var state: AnyObject?
            do {
                let worker = PairWorker()
                let done = Count()
                worker.perform { _ in done.value.add(1, ordering: .relaxed) }
                #expect(done.value.load(ordering: .relaxed) == 2, "round \(round)")
                state = worker._loopState
                if round % 50 == 49 { usleep(5000) }  // asleep when let go
            }
            let start = Date()
            while state != nil && Date().timeIntervalSince(start) < 2 { usleep(100) }
            try #require(state == nil, "the worker of round \(round) is still running")
        }
    }
}
