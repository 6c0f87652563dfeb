import Foundation

/// The POSIX file operations crash safety rests on: exclusive create, full writes, fsync, rename.
enum FileIO {
    static func errnoText() -> String { String(cString: strerror(errno)) }

    /// Writes all of `bytes` to `fd`, retrying short writes.
    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws {
        var offset = 0
        while offset < bytes.count {
            let n = Foundation.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { throw StoreError(.io, "cannot write \(path): \(errnoText())") }
            offset += n
        }
    }

    /// fsyncs a directory so a rename or unlink inside it is durable.
    static func syncDirectory(_ url: URL) throws {
        let fd = open(url.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw StoreError(.io, "cannot open \(url.path): \(errnoText())") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw StoreError(.io, "cannot sync \(url.path): \(errnoText())") }
    }

    /// Replaces `url` with `data` atomically: a temp file beside it, fsync, rename, fsync the directory.
    static func writeAtomically(_ data: Data, to url: URL, mode: mode_t = 0o644) throws {
        let temp = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        let fd = open(temp.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw StoreError(.io, "cannot create \(temp.path): \(errnoText())") }
        do {
            try data.withUnsafeBytes { try writeAll(fd, $0, path: temp.path) }
            guard fsync(fd) == 0 else { throw StoreError(.io, "cannot sync \(temp.path): \(errnoText())") }
            close(fd)
            guard rename(temp.path, url.path) == 0 else { throw StoreError(.io, "cannot rename to \(url.path): \(errnoText())") }
            try syncDirectory(url.deletingLastPathComponent())
        } catch {
            close(fd)
            unlink(temp.path)
            throw error
        }
    }
}
