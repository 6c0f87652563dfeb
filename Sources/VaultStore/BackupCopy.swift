internal import CVaultPOSIX
public import Foundation

/// Copies files for backups and restores: each appears at its destination whole (written as a
/// hidden `.NAME.partial` sibling, renamed at the end), not fsynced one by one: the caller syncs
/// the file system once (`FileSystemSync`) before it publishes anything that names the copies.
public enum BackupCopy {
    /// Copies what `reader` yields to `destination` (made 0600), showing every byte to `observe`
    /// (a hash on the way). Returns the bytes copied. A failure removes the partial.
    ///
    /// A file of 1 MiB or more is copied inside the kernel and what landed is shown to `observe`
    /// from a mapping of the copy, not read through a buffer, and its write-back starts at once,
    /// so the caller's one sync has less to wait for. Anything else goes through `pump`: for a small
    /// file the extra system calls cost more than the copy (`Tools/bench`'s backup section measures
    /// both shapes). Both show the same bytes in order (tested byte for byte).
    @discardableResult
    public static func copy(from reader: any ObjectReader, to destination: URL,
                            observe: (UnsafeRawBufferPointer) -> Void) throws -> Int64 {
        let partial = destination.deletingLastPathComponent().appendingPathComponent(".\(destination.lastPathComponent).partial")
        let fd = open(partial.path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw StoreError(.io, "cannot create \(partial.path): \(FileIO.errnoText())") }
        var closed = false
        defer {
            if !closed { close(fd); unlink(partial.path) }
        }
        let total: Int64
        if let file = reader as? FileObjectReader, (file.size ?? 0) >= kernelCopyMinimum,
           let copied = try file.copyInKernel(to: fd, path: partial.path) {
            try showMapped(fd, count: copied, path: partial.path, observe: observe)
            total = copied
            _ = cvault_start_writeback(fd)
        } else {
            total = try pump(from: reader, observe: observe) { try FileIO.writeAll(fd, $0, path: partial.path) }
        }
        closed = true
        guard close(fd) == 0 else {
            unlink(partial.path)
            throw StoreError(.io, "cannot write \(partial.path): \(FileIO.errnoText())")
        }
        guard rename(partial.path, destination.path) == 0 else {
            let reason = FileIO.errnoText()
            unlink(partial.path)
            throw StoreError(.io, "cannot write \(destination.path): \(reason)")
        }
        return total
    }

    /// The smallest file copied inside the kernel (`copy(from:to:observe:)`).
    static let kernelCopyMinimum: Int64 = 1 << 20

    /// Shows the first `count` bytes of the file open as `fd` to `observe` through a read-only
    /// mapping, 1 MiB at a time, as `pump` would show them.
    private static func showMapped(_ fd: Int32, count: Int64, path: String, observe: (UnsafeRawBufferPointer) -> Void) throws {
        guard count > 0 else { return }
        guard let base = mmap(nil, Int(count), PROT_READ, MAP_SHARED, fd, 0), base != MAP_FAILED else {
            throw StoreError(.io, "cannot map \(path): \(FileIO.errnoText())")
        }
        defer { munmap(base, Int(count)) }
        _ = madvise(base, Int(count), MADV_SEQUENTIAL)
        var offset = 0
        while offset < Int(count) {
            let length = min(1 << 20, Int(count) - offset)
            observe(UnsafeRawBufferPointer(start: base + offset, count: length))
            offset += length
        }
    }

    /// Reads what `reader` yields in 1 MiB chunks, showing each to `observe`, then to `write`;
    /// returns the bytes read.
    @discardableResult
    public static func pump(from reader: any ObjectReader, observe: (UnsafeRawBufferPointer) -> Void = { _ in },
                            write: (UnsafeRawBufferPointer) throws -> Void) throws -> Int64 {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        var total: Int64 = 0
        while true {
            let n = try reader.read(into: buffer)
            if n == 0 { return total }
            let chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<n])
            observe(chunk)
            try write(chunk)
            total += Int64(n)
        }
    }

    /// Reads the file at `url` through, showing every chunk to `observe`; returns its size.
    @discardableResult
    public static func read(_ url: URL, observe: (UnsafeRawBufferPointer) -> Void) throws -> Int64 {
        try pump(from: try FileObjectReader(url: url), observe: observe) { _ in }
    }
}
