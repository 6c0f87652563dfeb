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
}
