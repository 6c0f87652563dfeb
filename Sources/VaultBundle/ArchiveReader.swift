internal import CVaultArchive
import Foundation

/// Reads a zip file through libarchive, entry by entry, each entry's data streamed in blocks.
/// Owns the libarchive handle; not `Sendable`.
final class ArchiveReader {
    private let handle: OpaquePointer
    private let path: String

    /// Opens the zip file at `url`.
    init(url: URL) throws {
        guard let handle = archive_read_new() else { throw BundleError(.archive, "libarchive cannot allocate a reader") }
        self.handle = handle
        path = url.path
        guard archive_read_support_format_zip(handle) == ARCHIVE_OK,
              archive_read_open_filename(handle, url.path, 64 * 1024) == ARCHIVE_OK else {
            throw BundleError(.malformed, "\(url.path) is not a readable zip file: \(lastError)")
        }
    }

    deinit { archive_read_free(handle) }

    /// The next entry: its path and whether it is a regular file; nil at the end.
    func nextEntry() throws -> (path: String, isFile: Bool)? {
        var entry: OpaquePointer?
        switch archive_read_next_header(handle, &entry) {
        case ARCHIVE_EOF: return nil
        case ARCHIVE_OK, ARCHIVE_WARN:
            guard let entry else { return nil }
            let name = archive_entry_pathname_utf8(entry) ?? archive_entry_pathname(entry)
            guard let name else { throw BundleError(.malformed, "\(path): an entry has no readable name") }
            return (String(cString: name), archive_entry_filetype(entry) == cvault_archive_regular_file())
        default:
            throw BundleError(.malformed, "\(path): cannot read the next zip entry: \(lastError)")
        }
    }

    /// Reads the current entry's next bytes into `buffer`; 0 at its end.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = archive_read_data(handle, buffer.baseAddress, buffer.count)
        guard n >= 0 else { throw BundleError(.malformed, "\(path): a zip entry's data is damaged: \(lastError)") }
        return n
    }

    private var lastError: String { archive_error_string(handle).map { String(cString: $0) } ?? "unknown error" }
}
