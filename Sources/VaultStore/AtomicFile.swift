internal import CVaultPOSIX
public import Foundation

/// A file that appears at its destination whole or not at all, for plaintext exports.
///
/// Bytes go to an unnamed file (`O_TMPFILE`) in the destination's directory, which the kernel
/// discards if the process dies before ``commit()``: a killed export leaves no plaintext behind.
/// `commit()` fsyncs it, links it under a hidden name and renames that into place. On file
/// systems without `O_TMPFILE` a hidden `.NAME.XXXXXXXX.partial` sibling (mode 0600) is used,
/// deleted when the file is released uncommitted. Owns its descriptor; not `Sendable`.
public final class AtomicFile {
    /// Where the file will appear.
    public let destination: URL
    private let temp: URL
    private let unnamed: Bool
    private var fd: Int32
    private var committed = false

    /// Starts a new file for `destination`.
    public init(destination: URL) throws {
        self.destination = destination
        let directory = destination.deletingLastPathComponent()
        temp = directory.appendingPathComponent(".\(destination.lastPathComponent).\(UUID().uuidString.prefix(8)).partial")
        var fd = open(directory.path, cvault_o_tmpfile() | O_WRONLY | O_CLOEXEC, 0o600)
        unnamed = fd >= 0
        if fd < 0, [EOPNOTSUPP, EISDIR, EINVAL].contains(errno) {
            fd = open(temp.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        }
        guard fd >= 0 else { throw StoreError(.io, "cannot create a file in \(directory.path): \(FileIO.errnoText())") }
        self.fd = fd
    }

    deinit {
        if fd >= 0 { close(fd) }
        if !committed, !unnamed { unlink(temp.path) }
    }

    /// Appends bytes.
    public func write(_ bytes: UnsafeRawBufferPointer) throws { try FileIO.writeAll(fd, bytes, path: destination.path) }

    /// Makes the file durable and moves it to its destination.
    public func commit() throws {
        guard fsync(fd) == 0 else { throw StoreError(.io, "cannot sync \(destination.path): \(FileIO.errnoText())") }
        if unnamed, linkat(AT_FDCWD, "/proc/self/fd/\(fd)", AT_FDCWD, temp.path, AT_SYMLINK_FOLLOW) != 0 {
            throw StoreError(.io, "cannot write \(destination.path): \(FileIO.errnoText())")
        }
        close(fd)
        fd = -1
        guard rename(temp.path, destination.path) == 0 else {
            let reason = FileIO.errnoText()
            unlink(temp.path)
            throw StoreError(.io, "cannot write \(destination.path): \(reason)")
        }
        committed = true
        try FileIO.syncDirectory(destination.deletingLastPathComponent())
    }
}
