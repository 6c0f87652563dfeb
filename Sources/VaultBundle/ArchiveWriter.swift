internal import CVaultArchive
public import Foundation

/// The archive formats callvault writes and reads.
public enum ArchiveFormat: Sendable {
    /// Zip with stored entries (evidence bundles).
    case zip
    /// POSIX ustar (key-store backups: what `tar -x` reads after `age -d`).
    case ustar
}

/// Writes an archive through libarchive, one entry at a time, to a byte sink. Zip entries are
/// stored (Opus and age data do not compress), their sizes and CRC-32 follow the data (a data
/// descriptor; Zip64 when needed), so nothing is buffered or sought back and memory stays at one
/// block whatever the archive's size; a ustar entry states its size up front. Owns the
/// libarchive handle; not `Sendable`.
public final class ArchiveWriter {
    private let handle: OpaquePointer
    private let sink: (UnsafeRawBufferPointer) throws -> Void
    /// The first error the sink threw (libarchive only sees a failed write).
    private var sinkError: (any Error)?
    private var open = false

    /// Starts an archive of `format` streamed into `sink`.
    public init(format: ArchiveFormat = .zip, sink: @escaping (UnsafeRawBufferPointer) throws -> Void) throws {
        guard let handle = archive_write_new() else { throw BundleError(.archive, "libarchive cannot allocate a writer") }
        self.handle = handle
        self.sink = sink
        switch format {
        case .zip:
            try check(archive_write_set_format_zip(handle), "select the zip format")
            try check(archive_write_set_options(handle, "zip:compression=store"), "select stored entries")
        case .ustar:
            try check(archive_write_set_format_ustar(handle), "select the ustar format")
        }
        // Zip: 64 KiB blocks. Ustar (key-store backups): unblocked, so entry bytes (key material)
        // go straight to the sink and never sit in a libarchive buffer freed without zeroing.
        try check(archive_write_set_bytes_per_block(handle, format == .zip ? 64 * 1024 : 0), "set the block size")
        try check(archive_write_set_bytes_in_last_block(handle, 1), "disable end padding")
        let context = Unmanaged.passUnretained(self).toOpaque()
        try check(archive_write_open2(handle, context, nil, { _, context, buffer, length in
            let writer = Unmanaged<ArchiveWriter>.fromOpaque(context!).takeUnretainedValue()
            do {
                try writer.sink(UnsafeRawBufferPointer(start: buffer, count: length))
                return la_ssize_t(length)
            } catch {
                if writer.sinkError == nil { writer.sinkError = error }
                return -1
            }
        }, nil, nil), "start the zip stream")
        open = true
    }

    deinit {
        // An unfinished archive is abandoned without writing its end (the sink's owner discards
        // what it received): archive_write_fail keeps archive_write_free from closing it.
        if open { archive_write_fail(handle) }
        archive_write_free(handle)
    }

    /// Starts a regular file entry at `path` (modified at `date`, permissions `mode`); its bytes
    /// follow with ``write(_:)``. A ustar entry needs its `size`; a zip entry ignores it.
    public func beginEntry(path: String, date: Date, mode: Int = 0o600, size: Int? = nil) throws {
        try writeHeader(path: path, type: cvault_archive_regular_file(), date: date, mode: mode, size: size)
    }

    /// Writes a directory entry at `path` (no trailing slash needed).
    public func addDirectory(path: String, date: Date, mode: Int = 0o700) throws {
        try writeHeader(path: path, type: cvault_archive_directory(), date: date, mode: mode, size: 0)
        try endEntry()
    }

    /// A header; without `size` (zip), the size is left unset and follows the data.
    private func writeHeader(path: String, type: UInt32, date: Date, mode: Int, size: Int?) throws {
        guard let entry = archive_entry_new() else { throw BundleError(.archive, "libarchive cannot allocate an entry") }
        defer { archive_entry_free(entry) }
        archive_entry_set_pathname_utf8(entry, path)
        archive_entry_set_filetype(entry, type)
        archive_entry_set_perm(entry, mode_t(mode))
        if let size { archive_entry_set_size(entry, la_int64_t(size)) }
        archive_entry_set_mtime(entry, time_t(date.timeIntervalSince1970), 0)
        try check(archive_write_header(handle, entry), "write the header of \(path)")
    }

    /// Appends bytes to the current entry.
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard bytes.count > 0 else { return }
        let written = archive_write_data(handle, bytes.baseAddress, bytes.count)
        if let sinkError { throw sinkError }
        guard written == bytes.count else { throw BundleError(.archive, "libarchive: cannot write entry data: \(lastError)") }
    }

    /// Ends the current entry.
    public func endEntry() throws { try check(archive_write_finish_entry(handle), "finish an entry") }

    /// Ends the archive (zip: its central directory; ustar: its end blocks) and flushes the last
    /// block to the sink.
    public func close() throws {
        precondition(open, "close called twice")
        open = false
        try check(archive_write_close(handle), "finish the zip file")
    }

    private var lastError: String { archive_error_string(handle).map { String(cString: $0) } ?? "unknown error" }

    private func check(_ status: Int32, _ what: String) throws {
        if let sinkError { throw sinkError }
        guard status == ARCHIVE_OK else { throw BundleError(.archive, "libarchive cannot \(what): \(lastError)") }
    }
}
