public import Foundation

/// An advisory lock (`flock`) on a file, across processes and within one. The kernel drops a
/// dead process's lock, so a crash never leaves a vault locked. Owns its descriptor; not `Sendable`.
///
/// The vault uses two: `VAULT/ingest.lock`, held shared by every ingest and exclusively by crash
/// recovery and KEK retirement (which skip their work when they cannot have it); and
/// `KEYSTORE/rotation.lock`, held exclusively by a key rotation.
public final class FileLock {
    private let fd: Int32

    /// Opens (creating if needed, mode 0600) the lock file at `url`, without locking.
    public init(url: URL) throws {
        fd = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw StoreError(.io, "cannot open \(url.path): \(FileIO.errnoText())") }
    }

    /// The ingest lock of the vault at `layout`.
    public static func ingest(_ layout: VaultLayout) throws -> FileLock {
        try FileLock(url: layout.root.appendingPathComponent("ingest.lock"))
    }

    deinit { close(fd) }

    /// Takes the lock shared, waiting while someone holds it exclusively.
    public func lockShared() throws { try lock(LOCK_SH) }

    /// Takes the lock exclusively, waiting for every other holder.
    public func lockExclusive() throws { try lock(LOCK_EX) }

    private func lock(_ operation: Int32) throws {
        while flock(fd, operation) != 0 {
            guard errno == EINTR else { throw StoreError(.io, "cannot take a file lock: \(FileIO.errnoText())") }
        }
    }

    /// Tries to take the lock exclusively; false when someone else holds it.
    public func tryLockExclusive() -> Bool { flock(fd, LOCK_EX | LOCK_NB) == 0 }

    /// Releases the lock.
    public func unlock() { flock(fd, LOCK_UN) }
}
