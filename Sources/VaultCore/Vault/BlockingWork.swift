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
/// - a job that can block for minutes (an upload's decode and encode) gets a `DedicatedThread`
///   instead, so claims and opt-outs never queue behind it;
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
}
