import Foundation
import Synchronization
import Testing

@testable import ExactNet

/// The second thread of a sample pair: each hand-over runs one part here and one on the worker
/// and returns when both are done, or withdraws the worker's part if it has not started by the
/// time this thread's is done (it then never runs); spinning or woken from sleep alike.
@Suite struct PairWorkerTests {
    static let rounds = 2000
    static let items = 64

    /// Per round: how often each item was done, how many items the worker did, and how many
    /// times the worker's part ran at all. Each slot is written by the one thread that does the
    /// item (or runs the part) and read after the hand-over has returned.
    final class Record: @unchecked Sendable {
        let done = UnsafeMutableBufferPointer<Int>.allocate(capacity: rounds * items)
        let byWorker = UnsafeMutableBufferPointer<Int>.allocate(capacity: rounds)
        let workerRuns = UnsafeMutableBufferPointer<Int>.allocate(capacity: rounds)
        init() {
            for buffer in [done, byWorker, workerRuns] { buffer.initialize(repeating: 0) }
        }
        deinit {
            for buffer in [done, byWorker, workerRuns] { buffer.deallocate() }
        }
    }

    final class Queue: Sendable { let next = Atomic<Int>(0) }

    @Test func eachHandOverDoesAllTheWorkOnceAndNothingRunsAfterItReturns() {
        let worker = PairWorker()
        let record = Record()
        var runsWhenReturned = [Int](repeating: 0, count: Self.rounds)
        for round in 0..<Self.rounds {
            let queue = Queue()
            worker.perform { t in
                if t == 1 { record.workerRuns[round] += 1 }
                if t == 0 && round % 4 == 0 { usleep(50) }  // time for the worker to claim its part
                while true {
                    let k = queue.next.wrappingAdd(1, ordering: .relaxed).oldValue
                    guard k < Self.items else { return }
                    var x = 0
                    for i in 0..<200 { x &+= i }  // an item takes a little while
                    record.done[round * Self.items + k] += 1 + (x & 0)
                    if t == 1 { record.byWorker[round] += 1 }
                }
            }
            for k in 0..<Self.items {
                #expect(record.done[round * Self.items + k] == 1, "round \(round) item \(k)")
            }
            runsWhenReturned[round] = record.workerRuns[round]
            if round % 500 == 499 { usleep(5000) }  // past the spin limit: the worker sleeps and is woken
        }
        usleep(10000)
        // A withdrawn part never runs later, and a part runs at most once.
        for round in 0..<Self.rounds {
            #expect(record.workerRuns[round] == runsWhenReturned[round])
            #expect(runsWhenReturned[round] <= 1)
        }
        // The worker does share the work. How often depends on whether the machine gives it a core
        // in time (alone, in most hand-overs; beside the rest of the suite, in a few percent).
        let shared = (0..<Self.rounds).filter { record.byWorker[$0] > 0 }.count
        #expect(shared > 0, "the worker never took part in \(Self.rounds) hand-overs")
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
                #expect((1...2).contains(done.value.load(ordering: .relaxed)), "round \(round)")
                state = worker._loopState
                if round % 50 == 49 { usleep(5000) }  // asleep when let go
            }
            let start = Date()
            while state != nil && Date().timeIntervalSince(start) < 2 { usleep(100) }
            try #require(state == nil, "the worker of round \(round) is still running")
        }
    }
}
