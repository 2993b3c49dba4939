import Dispatch
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The second thread of a ``Network/SamplePair``, kept awake between blocks. A sleeping
/// thread takes tens of microseconds to wake on a virtual machine, as long as a small
/// network's block of samples takes to evaluate; a training asks for a block every few
/// hundred microseconds, so the worker spins (for at most ``spinLimit``) before it sleeps,
/// and the caller spins while the worker finishes its part. A part the worker has not started
/// by the time the caller's is done is withdrawn: the caller never waits for a thread that is
/// not running (on a busy machine the second core may be away for milliseconds).
///
/// The worker stops when its owner lets go of it.
final class PairWorker: @unchecked Sendable {
    /// How long either side spins before it sleeps: about a small network's serial work between
    /// two blocks (a step's parameter update); past it, a wake-up is small next to the work, and
    /// spinning threads would only take cores from other work (a test suite trains many networks at once).
    static let spinLimit: UInt64 = 300_000  // nanoseconds

    private let core = Core()

    /// Starts the worker on a thread of its own: a block given to Dispatch's pool may wait
    /// milliseconds for a thread (the pool grows lazily), and a part nobody waits for would
    /// never run.
    init() {
        let argument = Unmanaged.passRetained(core).toOpaque()
        var thread = pthread_t()
        let started = pthread_create(
            &thread, nil,
            { argument in
                Unmanaged<Core>.fromOpaque(argument!).takeRetainedValue().loop()
                return nil
            }, argument)
        precondition(started == 0, "could not start the second thread (error \(started))")
        pthread_detach(thread)
    }

    deinit { core.stop() }

    /// The state the worker's loop holds: it is freed once the loop has returned (tests watch it).
    var _loopState: AnyObject { core }

    /// Runs `body(0)` on this thread and `body(1)` on the worker, and returns when both have
    /// returned, or as soon as `body(0)` has when the worker had not started `body(1)` by then
    /// (it then never will): the two parts must share their work so that either can do all of it.
    /// `waitingForWorker` (for tests) waits for `body(1)` in any case.
    func perform(waitingForWorker: Bool = false, _ body: @escaping (Int) -> Void) {
        core.post { body(1) }
        body(0)
        if !waitingForWorker && core.withdraw() { return }
        core.waitUntilFinished()
    }

    /// The state both threads share; the worker's loop holds it.
    private final class Core: @unchecked Sendable {
        static let idle = 0
        static let posted = 1
        static let sleeping = 2
        static let stopping = 3
        static let running = 4

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

        /// Takes back a posted job the worker has not claimed; false when it has.
        func withdraw() -> Bool {
            let (withdrawn, _) = state.compareExchange(
                expected: Self.posted, desired: Self.idle, ordering: .acquiringAndReleasing)
            if withdrawn { job = nil }
            return withdrawn
        }

        func stop() {
            if state.exchange(Self.stopping, ordering: .acquiringAndReleasing) == Self.sleeping { wake.signal() }
        }

        func waitUntilFinished() {
            spin(
                while: { !finished.load(ordering: .acquiring) },
                pastLimit: {
                    usleep(50)  // a long part: poll instead of burning the core
                    return false
                })
        }

        /// Spins while `busy` holds; each time ``PairWorker/spinLimit`` has passed, calls
        /// `pastLimit`, which says whether to start the clock again.
        private func spin(while busy: () -> Bool, pastLimit: () -> Bool) {
            var start = DispatchTime.now().uptimeNanoseconds
            var spins = 0
            while busy() {
                spins += 1
                guard spins & 255 == 0 else { continue }
                // Now and then, let any other runnable thread have the core (tests train many
                // networks at once; a spinning thread must not hold up the one it waits for).
                sched_yield()
                if DispatchTime.now().uptimeNanoseconds - start > PairWorker.spinLimit && pastLimit() {
                    start = DispatchTime.now().uptimeNanoseconds
                }
            }
        }

        func loop() {
            while true {
                spin(
                    while: { state.load(ordering: .acquiring) == Self.idle },
                    pastLimit: {
                        let (slept, _) = state.compareExchange(
                            expected: Self.idle, desired: Self.sleeping, ordering: .acquiringAndReleasing)
                        if slept { wake.wait() }
                        return true
                    })
                let current = state.load(ordering: .acquiring)
                if current == Self.stopping { return }
                // Claim the job, unless the caller has withdrawn it (or stopped) meanwhile.
                let (claimed, _) = state.compareExchange(
                    expected: Self.posted, desired: Self.running, ordering: .acquiringAndReleasing)
                guard claimed else { continue }
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
