import Foundation
import NIOCore
import NIOPosix

/// Runs blocking C and file work (a SQLite write, an fsync, a libopus encode, a sealed read) on
/// one bounded pool of threads, off Swift's cooperative pool, and resumes the caller when it is
/// done. The cooperative pool has only as many threads as cores: a blocking call on it would
/// stall every other task. The bounded pool queues work beyond its threads instead of growing a
/// thread per call the way Dispatch's global queues do under load.
///
/// Rules (what keeps the pool from deadlocking):
/// - work run here never waits for other work run here (no semaphore or `wait()` on a result
///   the pool itself must produce); the audit log's group commit waits only for a leader that
///   is already running;
/// - a job that can block for minutes runs on a thread of its own (`runLong`, or the
///   `DedicatedThread`s of an upload and a bundle stream), so claims and opt-outs never queue
///   behind it;
/// - a test client that blocks until an in-process server answers must not run here (the
///   server's handlers need the pool): tests use `VaultTestSupport.OffPool`.
public enum BlockingWork {
    /// How many threads the pool has: four per core, at least eight. Blocking work here mostly
    /// waits on the disk or on SQLite's lock, and the audit log's group commit batches better
    /// with several writers waiting at once.
    public static let threadCount = max(8, 4 * System.coreCount)

    private static let pool: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: threadCount)
        pool.start()
        return pool
    }()

    /// Runs `body` on the pool and returns its result.
    @discardableResult
    public static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await pool.runIfActive(body)
    }

    /// Runs `body`, a job that can take minutes (a retention or erasure run, a key rotation, a
    /// transcript's re-encode, a bundle written to disk, a log verification), on a thread of its
    /// own named `name`, so it never holds one of the pool's threads that short calls share.
    @discardableResult
    public static func runLong<T: Sendable>(_ name: String, _ body: @escaping @Sendable () throws -> T) async throws -> T {
        let thread = DedicatedThread(name: name)
        defer { thread.close() }
        return try await thread.run(body)
    }

    /// Calls `body` with each of `count` indices, on up to `workers` threads at once (Dispatch's
    /// `concurrentPerform`, bounded by the cores), from inside a long job (`runLong`): copies of
    /// many files whose cost is mostly per-file system calls. Returns when every call returned;
    /// the first error thrown is rethrown (the other workers stop taking indices). `body` runs
    /// concurrently with itself: what it shares, it guards with a lock of its own.
    static func concurrently(_ count: Int, workers: Int = ProcessInfo.processInfo.activeProcessorCount,
                             _ body: (Int) throws -> Void) throws {
        try withoutActuallyEscaping(body) { body in
            let shared = ConcurrentIndices(count: count, body: body)
            DispatchQueue.concurrentPerform(iterations: max(1, min(workers, count))) { _ in shared.work() }
            if let failure = shared.failure { throw failure }
        }
    }
}

/// The state `BlockingWork.concurrently`'s workers share: the next index and the first failure,
/// behind one lock. `@unchecked Sendable`: `body` is the caller's, which guards what it shares.
private final class ConcurrentIndices: @unchecked Sendable {
    private let lock = NSLock()
    private let count: Int
    private let body: (Int) throws -> Void
    private var next = 0
    private(set) var failure: (any Error)?

    init(count: Int, body: @escaping (Int) throws -> Void) {
        self.count = count
        self.body = body
    }

    func work() {
        while true {
            let index: Int? = lock.withLock {
                guard failure == nil, next < count else { return nil }
                defer { next += 1 }
                return next
            }
            guard let index else { return }
            do { try body(index) } catch { lock.withLock { if failure == nil { failure = error } } }
        }
    }
}
