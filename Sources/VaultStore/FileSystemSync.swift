internal import CVaultPOSIX
public import Foundation

/// Durability for many files at once.
public enum FileSystemSync {
    /// Makes everything written to the file system that holds `directory` durable with one
    /// `syncfs(2)`: cheaper than an fsync per file when a directory of thousands of new files
    /// must be durable before it is renamed into place.
    public static func syncFileSystem(containing directory: URL) throws {
        let fd = open(directory.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw StoreError(.io, "cannot open \(directory.path): \(FileIO.errnoText())") }
        defer { close(fd) }
        guard cvault_syncfs(fd) == 0 else { throw StoreError(.io, "cannot sync the file system of \(directory.path): \(FileIO.errnoText())") }
    }

    /// Writes all of `bytes` to `fd`, retrying short writes; errors name `path`.
    public static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws {
        try FileIO.writeAll(fd, bytes, path: path)
    }

    /// fsyncs a directory so a rename or unlink inside it is durable.
    public static func syncDirectory(_ url: URL) throws {
        try FileIO.syncDirectory(url)
    }

    /// Replaces `url` with `data` whole or not at all, durably (a temp file beside it, fsync,
    /// rename, fsync of the directory), with `mode`.
    public static func writeDurably(_ data: Data, to url: URL, mode: Int = 0o600) throws {
        try FileIO.writeAtomically(data, to: url, mode: mode_t(mode))
    }
}
