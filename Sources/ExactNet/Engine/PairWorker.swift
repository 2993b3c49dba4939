import Dispatch
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The second thread of a ``Network/SamplePair``, kept awake between blocks. A sleeping
/// thread takes tens of microseconds to wake on a virtual machine, as long as a small
/// network's block of samples takes to evaluate; a training asks for a block every few
/// hundred microseconds, so the worker spins (for at most ``spinLimit``) before it sleeps,
/// and the caller spins while the worker finishes its half.
///
/// The worker stops when its owner lets go of it.
final class PairWorker: @unchecked Sendable {
    /// How long either side spins before it sleeps: about a small network's serial work between
    /// two blocks (a step's parameter update); past it, a wake-up is small next to the work, and
    /// spinning threads would only take cores from other work (a test suite trains many networks at once).
    static let spinLimit: UInt64 = 300_000  // nanoseconds

    private let core = Core()

    init() {
        let core = self.core
        DispatchQueue.global().async { core.loop() }
    }

    deinit { core.stop() }

    /// The state the worker's loop holds: it is freed once the loop has returned (tests watch it).
    var _loopState: AnyObject { core }

    /// Runs `body(0)` on this thread and `body(1)` on the worker, and returns when both have.
    func perform(_ body: @escaping (Int) -> Void) {
        core.post { body(1) }
        body(0)
        core.waitUntilFinished()
    }

    /// The state both threads share; the worker's loop holds it.
    private final class Core: @unchecked Sendable {
        static let idle = 0
        static let posted = 1
        static let sleeping = 2
        static let stopping = 3

        let state = Atomic<Int>(idle)
        let finished = Atomic<Bool>(true)
        let wake = DispatchSemaphore(value: 0)
        /// Written by the caller before it posts, read by the worker after it sees the post
        /// (the state's release and acquire order the two).
        var job: (() -> Void)?

        func post(_ work: @escaping () -> Void) {
            finished.store(false, ordering: .relaxed)
            job = work
            if state.exchange(Self.posted, ordering: .acquiringAndReleasing) == Self.sleeping { wake.signal() }
        }

        func stop() {
            if state.exchange(Self.stopping, ordering: .acquiringAndReleasing) == Self.sleeping { wake.signal() }
        }

        func waitUntilFinished() {
            let start = DispatchTime.now().uptimeNanoseconds
            var spins = 0
            while !finished.load(ordering: .acquiring) {
                spins += 1
                guard spins & 255 == 0 else { continue }
                sched_yield()
                if DispatchTime.now().uptimeNanoseconds - start > PairWorker.spinLimit {
                    usleep(50)  // a long half: poll instead of burning the core
                }
            }
        }

        func loop() {
            while true {
                var start = DispatchTime.now().uptimeNanoseconds
                var spins = 0
                var current = state.load(ordering: .acquiring)
                while current == Self.idle {
                    spins += 1
                    guard spins & 255 == 0 else {
                        current = state.load(ordering: .acquiring)
                        continue
                    }
                    // Now and then, let any other runnable thread have the core (tests train many
                    // networks at once; a spinning worker must not hold up the thread it waits for).
                    sched_yield()
                    if DispatchTime.now().uptimeNanoseconds - start > PairWorker.spinLimit {
                        let (slept, _) = state.compareExchange(
                            expected: Self.idle, desired: Self.sleeping, ordering: .acquiringAndReleasing)
                        if slept { wake.wait() }
                        start = DispatchTime.now().uptimeNanoseconds
                    }
                    current = state.load(ordering: .acquiring)
                }
                if current == Self.stopping { return }
                let work = job!
                job = nil
                work()
                // Idle again before finished: the caller's next post must not be overwritten.
                state.store(Self.idle, ordering: .releasing)
                finished.store(true, ordering: .releasing)
            }
        }
    }
}
