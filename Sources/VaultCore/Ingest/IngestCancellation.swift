import Synchronization

/// Stops an ingest from outside: the server cancels one when its client disconnects or the
/// process is asked to stop, so no work runs on for a client that left. The ingest checks it
/// before every block it reads and rolls back when it is set (nothing of it is stored).
public final class IngestCancellation: Sendable {
    private let cancelled = Atomic<Bool>(false)
    private let reason = Mutex<String>("")

    /// Creates a cancellation that is not set.
    public init() {}

    /// Sets it; `why` ends up in the error the ingest fails with.
    public func cancel(_ why: String) {
        reason.withLock { if $0.isEmpty { $0 = why } }
        cancelled.store(true, ordering: .releasing)
    }

    /// Whether it is set.
    public var isCancelled: Bool { cancelled.load(ordering: .acquiring) }

    /// Throws `VaultError.cancelled` once it is set.
    func check() throws {
        guard isCancelled else { return }
        throw VaultError(.cancelled, "the ingest was cancelled: \(reason.withLock { $0 })")
    }
}
