public import Foundation

/// A file that appears at its destination whole or not at all: bytes go to a hidden sibling
/// (`.NAME.XXXXXXXX.partial`, created `0600`), and ``commit()`` fsyncs and renames it into
/// place. Released uncommitted, it deletes the sibling. Owns its descriptor; not `Sendable`.
public final class AtomicFile {
    /// Where the file will appear.
    public let destination: URL
    private let temp: URL
    private var fd: Int32
    private var committed = false

    /// Starts a new file for `destination`.
    public init(destination: URL) throws {
        self.destination = destination
        temp = destination.deletingLastPathComponent()
            .appendingPathComponent(".\(destination.lastPathComponent).\(UUID().uuidString.prefix(8)).partial")
        fd = open(temp.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw StoreError(.io, "cannot create a file beside \(destination.path): \(FileIO.errnoText())") }
    }

    deinit {
        if fd >= 0 { close(fd) }
        if !committed { unlink(temp.path) }
    }

    /// Appends bytes.
    public func write(_ bytes: UnsafeRawBufferPointer) throws { try FileIO.writeAll(fd, bytes, path: temp.path) }

    /// Makes the file durable and moves it to its destination.
    public func commit() throws {
        guard fsync(fd) == 0 else { throw StoreError(.io, "cannot sync \(temp.path): \(FileIO.errnoText())") }
        close(fd)
        fd = -1
        guard rename(temp.path, destination.path) == 0 else {
            throw StoreError(.io, "cannot write \(destination.path): \(FileIO.errnoText())")
        }
        committed = true
        try FileIO.syncDirectory(destination.deletingLastPathComponent())
    }
}
