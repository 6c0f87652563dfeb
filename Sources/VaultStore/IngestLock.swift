import Foundation

/// An advisory lock (`flock`) on `VAULT/ingest.lock` that keeps crash recovery away from
/// ingests in flight, across processes: every ingest holds it shared; recovery takes it
/// exclusively and skips its work when it cannot. The kernel drops a dead process's lock, so
/// a killed ingest never blocks recovery. Owns its file descriptor; not `Sendable`.
public final class IngestLock {
    private let fd: Int32

    /// Opens the lock file of the vault at `layout` (creating it if needed), without locking.
    public init(layout: VaultLayout) throws {
        let path = layout.root.appendingPathComponent("ingest.lock").path
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw StoreError(.io, "cannot open \(path): \(FileIO.errnoText())") }
    }

    deinit { close(fd) }

    /// Takes the lock shared, waiting for a running recovery to finish.
    public func lockShared() throws {
        while flock(fd, LOCK_SH) != 0 {
            guard errno == EINTR else { throw StoreError(.io, "cannot lock the vault for ingest: \(FileIO.errnoText())") }
        }
    }

    /// Tries to take the lock exclusively; false when an ingest holds it.
    public func tryLockExclusive() -> Bool { flock(fd, LOCK_EX | LOCK_NB) == 0 }

    /// Releases the lock.
    public func unlock() { flock(fd, LOCK_UN) }
}
