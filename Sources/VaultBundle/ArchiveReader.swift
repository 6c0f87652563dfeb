internal import CVaultArchive
public import Foundation

/// Reads an archive through libarchive, entry by entry, each entry's data streamed in blocks:
/// a zip file (evidence bundles) or a ustar archive held in memory (key-store backups; the
/// reader keeps its own copy and zeroes it when done). Owns the libarchive handle; not `Sendable`.
public final class ArchiveReader {
    /// One entry's header.
    public struct Entry: Sendable, Equatable {
        /// Its path as stored (a directory's may end in `/`).
        public var path: String
        /// A regular file (else a directory, a link or another kind).
        public var isFile: Bool
        /// A directory.
        public var isDirectory: Bool
        /// Its permission bits.
        public var mode: Int
        /// Its size in bytes, when the archive states it (tar does; a zip may not).
        public var size: Int?

        /// Its path without a directory's trailing `/`, when that is a safe relative path (the
        /// rule bags follow, `BagManifest.isSafe`: not absolute, no `.` or `..` or empty part, no
        /// backslash); nil otherwise. What a reader may join to a directory it writes into.
        public var safeRelativePath: String? {
            let trimmed = isDirectory && path.hasSuffix("/") ? String(path.dropLast()) : path
            return BagManifest.isSafe(trimmed) ? trimmed : nil
        }
    }

    private let handle: OpaquePointer
    private let name: String
    private var memory: UnsafeMutableRawBufferPointer?

    /// Opens the zip file at `url`.
    public init(url: URL) throws {
        guard let handle = archive_read_new() else { throw BundleError(.archive, "libarchive cannot allocate a reader") }
        self.handle = handle
        name = url.path
        guard archive_read_support_format_zip(handle) == ARCHIVE_OK,
              archive_read_open_filename(handle, url.path, 64 * 1024) == ARCHIVE_OK else {
            throw BundleError(.malformed, "\(url.path) is not a readable zip file: \(lastError)")
        }
    }

    /// Opens a ustar archive held in `bytes`, naming it `name` in errors.
    public init(ustar bytes: [UInt8], name: String) throws {
        guard let handle = archive_read_new() else { throw BundleError(.archive, "libarchive cannot allocate a reader") }
        self.handle = handle
        self.name = name
        let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 1)
        copy.copyBytes(from: bytes)
        memory = copy
        guard archive_read_support_format_tar(handle) == ARCHIVE_OK,
              archive_read_open_memory(handle, copy.baseAddress, bytes.count) == ARCHIVE_OK else {
            throw BundleError(.malformed, "\(name) is not a readable tar archive: \(lastError)")
        }
    }

    deinit {
        archive_read_free(handle)
        if let memory {
            memory.initializeMemory(as: UInt8.self, repeating: 0)
            memory.deallocate()
        }
    }

    /// The next entry's header; nil at the end.
    public func nextEntry() throws -> Entry? {
        var entry: OpaquePointer?
        switch archive_read_next_header(handle, &entry) {
        case ARCHIVE_EOF: return nil
        case ARCHIVE_OK, ARCHIVE_WARN:
            guard let entry else { return nil }
            let path = archive_entry_pathname_utf8(entry) ?? archive_entry_pathname(entry)
            guard let path else { throw BundleError(.malformed, "\(name): an entry has no readable name") }
            let type = archive_entry_filetype(entry)
            return Entry(path: String(cString: path), isFile: type == cvault_archive_regular_file(),
                         isDirectory: type == cvault_archive_directory(), mode: Int(archive_entry_perm(entry)),
                         size: archive_entry_size_is_set(entry) != 0 ? Int(archive_entry_size(entry)) : nil)
        default:
            throw BundleError(.malformed, "\(name): cannot read the next entry: \(lastError)")
        }
    }

    /// Reads the current entry's next bytes into `buffer`; 0 at its end.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = archive_read_data(handle, buffer.baseAddress, buffer.count)
        guard n >= 0 else { throw BundleError(.malformed, "\(name): an entry's data is damaged: \(lastError)") }
        return n
    }

    private var lastError: String { archive_error_string(handle).map { String(cString: $0) } ?? "unknown error" }
}
