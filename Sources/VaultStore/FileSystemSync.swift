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
}
