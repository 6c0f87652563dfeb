internal import CVaultPOSIX
public import Foundation
public import VaultBase

/// The sealed objects of a vault, wherever they live: a local directory (``LocalObjectStore``,
/// the default) or an S3 bucket with Object Lock (VaultS3). Either way an object is first written
/// to a local partial file (``PartialSpool``), then placed in one step, and only then may the
/// catalog commit it; recovery deletes partials and objects whose ingest never committed.
///
/// A store holds only sealed bytes: it never sees plaintext audio or keys. Its methods block:
/// call them on the blocking pool.
public protocol ObjectStore: Sendable, CustomStringConvertible {
    /// Creates what the store needs (directories; checks the bucket).
    func create() throws
    /// Starts writing the object that will be placed at `relativePath`.
    func createPartial(forRelativePath relativePath: String) throws -> PartialObject
    /// Makes a finished partial object durable at `relativePath`, locked against deletion until
    /// `retainUntil` where the store can lock (S3 Object Lock); the partial file is gone after.
    func place(_ partial: PartialObject, at relativePath: String, retainUntil: Date?) throws
    /// Deletes the object at `relativePath` and its partial file, whichever exist. An object a
    /// lock still protects stays (hidden, unreadable without its destroyed data key) and says so.
    @discardableResult
    func remove(relativePath: String) throws -> ObjectRemoval
    /// Deletes every leftover partial file and returns how many there were.
    @discardableResult
    func sweepPartials() throws -> Int
    /// Every object path present, relative to the store (for consistency checks).
    func allObjectPaths() throws -> [String]
    /// Whether an object is present at `relativePath`.
    func exists(relativePath: String) throws -> Bool
    /// Opens the partial file of the object that was to be placed at `relativePath` (an ingest
    /// a crash interrupted), for reading.
    func openPartialForReading(relativePath: String) throws -> any ObjectReader
    /// Opens an object for reading; `StoreError(.notFound)` when it is not there.
    func openForReading(relativePath: String) throws -> any ObjectReader
    /// Signs of writes made around the vault that the store itself keeps (an object path →
    /// what is wrong): S3 lists the versions an overwrite added. Empty for a directory.
    func anomalies() throws -> [String: String]
    /// Turns the store's own legal hold on an object on or off, where it has one (S3); the
    /// catalog's hold is what the vault obeys, this makes the store refuse deletion too.
    func setLegalHold(_ on: Bool, relativePath: String) throws
}

/// What removing an object did.
public enum ObjectRemoval: Sendable, Equatable {
    /// The object was deleted (or had never been placed).
    case deleted
    /// The store's lock keeps the object's bytes until the date (hidden from listings and reads);
    /// without its data key they are ciphertext nobody can open.
    case retained(until: Date?)
}

/// Sequential reads of one object.
public protocol ObjectReader: AnyObject {
    /// Reads up to `buffer.count` bytes; 0 at the end.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

extension ObjectStore {
    /// The object path of a recording's audio: `ab/<id>.cvseal` for its first version,
    /// `ab/<id>.v<N>.cvseal` for version N > 1 (a redacted re-encode).
    public func relativePath(for id: RecordingID, version: Int = 1) -> String {
        let text = id.description
        return version == 1 ? "\(text.prefix(2))/\(text).cvseal" : "\(text.prefix(2))/\(text).v\(version).cvseal"
    }

    /// The path of a recording's sealed transcript: the audio's path of the same version with
    /// `.transcript.cvseal` for `.cvseal` (`ab/<id>.transcript.cvseal`, `ab/<id>.v2.transcript.cvseal`).
    public func transcriptRelativePath(for id: RecordingID, version: Int = 1) -> String {
        ObjectPaths.transcriptPath(beside: relativePath(for: id, version: version))
    }

    /// Starts writing the object of `id`.
    public func createPartial(for id: RecordingID) throws -> PartialObject {
        try createPartial(forRelativePath: relativePath(for: id))
    }

    /// Starts writing the sealed transcript of `id`.
    public func createTranscriptPartial(for id: RecordingID) throws -> PartialObject {
        try createPartial(forRelativePath: transcriptRelativePath(for: id))
    }

    /// None by default.
    public func anomalies() throws -> [String: String] { [:] }

    /// Nothing to do by default: a directory has no legal hold of its own.
    public func setLegalHold(_ on: Bool, relativePath: String) throws {}

    /// Places `partial` with no lock.
    public func place(_ partial: PartialObject, at relativePath: String) throws {
        try place(partial, at: relativePath, retainUntil: nil)
    }

    /// Deletes whatever exists of the audio object at `relativePath` and of the sealed transcript
    /// beside it (same version): partial and final objects, any of which may not exist.
    @discardableResult
    public func discard(relativePath: String) throws -> ObjectRemoval {
        let audio = try remove(relativePath: relativePath)
        let transcript = try remove(relativePath: ObjectPaths.transcriptPath(beside: relativePath))
        return audio == .deleted ? transcript : audio
    }
}

/// How object paths are named.
public enum ObjectPaths {
    /// The sealed transcript's path beside an audio object's path.
    public static func transcriptPath(beside audioPath: String) -> String {
        String(audioPath.dropLast(".cvseal".count)) + ".transcript.cvseal"
    }
}

/// The local directory where objects are written before they are placed (`objects/.partial/`):
/// one `0600` file each, created exclusively, named after the object's file name.
public struct PartialSpool: Sendable {
    /// The directory.
    public let directory: URL

    /// The spool in `directory`.
    public init(directory: URL) { self.directory = directory }

    /// Creates the directory (`0700`).
    public func create() throws {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw StoreError(.io, "cannot create \(directory.path): \(error.localizedDescription)")
        }
    }

    /// The partial file of the object to be placed at `relativePath`.
    public func url(forRelativePath path: String) -> URL {
        directory.appendingPathComponent(String(URL(fileURLWithPath: path).lastPathComponent.dropLast(".cvseal".count)) + ".partial")
    }

    /// Starts writing the partial file of `relativePath`.
    public func createPartial(forRelativePath relativePath: String) throws -> PartialObject {
        try PartialObject(url: url(forRelativePath: relativePath))
    }

    /// Deletes the partial file of `relativePath`, if there is one.
    public func remove(relativePath: String) throws {
        let partial = url(forRelativePath: relativePath)
        if unlink(partial.path) != 0, errno != ENOENT { throw StoreError(.io, "cannot delete \(partial.path): \(FileIO.errnoText())") }
    }

    /// Deletes every leftover partial file and returns how many there were.
    public func sweep() -> Int {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        var removed = 0
        for name in names where name.hasSuffix(".partial") {
            if unlink(directory.appendingPathComponent(name).path) == 0 { removed += 1 }
        }
        return removed
    }

    /// Opens the partial file of `relativePath` for reading.
    public func openForReading(relativePath: String) throws -> any ObjectReader {
        try FileObjectReader(url: url(forRelativePath: relativePath))
    }
}

/// Sealed objects as files under `objects/`, two-level fan-out: a partial is fsynced, renamed to
/// its final path and the directory fsynced. No locks: a local directory cannot refuse its owner.
public struct LocalObjectStore: ObjectStore {
    /// `objects/` of the vault.
    public let root: URL
    private var spool: PartialSpool { PartialSpool(directory: root.appendingPathComponent(".partial")) }

    /// The object store under `root`.
    public init(root: URL) { self.root = root }

    /// The directory.
    public var description: String { root.path }

    /// Creates the directories.
    public func create() throws { try spool.create() }

    /// The absolute URL of an object path.
    public func url(forRelativePath path: String) -> URL { root.appendingPathComponent(path) }

    /// Starts writing the object that will be placed at `relativePath`.
    public func createPartial(forRelativePath relativePath: String) throws -> PartialObject {
        try spool.createPartial(forRelativePath: relativePath)
    }

    /// fsync, rename, fsync the directory; `retainUntil` is not enforceable here and is ignored.
    public func place(_ partial: PartialObject, at relativePath: String, retainUntil: Date?) throws {
        try partial.finishWriting()
        let final = url(forRelativePath: relativePath)
        let directory = final.deletingLastPathComponent()
        if !FileManager.default.fileExists(atPath: directory.path) {
            do {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o700])
            } catch {
                throw StoreError(.io, "cannot create \(directory.path): \(error.localizedDescription)")
            }
            try FileIO.syncDirectory(root)  // the new fan-out directory itself must survive a crash
        }
        guard rename(partial.url.path, final.path) == 0 else {
            throw StoreError(.io, "cannot move \(partial.url.lastPathComponent) into place: \(FileIO.errnoText())")
        }
        try FileIO.syncDirectory(directory)
        try FileIO.syncDirectory(spool.directory)
    }

    /// Deletes the object and its partial file, whichever exist.
    @discardableResult
    public func remove(relativePath: String) throws -> ObjectRemoval {
        try spool.remove(relativePath: relativePath)
        let object = url(forRelativePath: relativePath)
        if unlink(object.path) != 0, errno != ENOENT { throw StoreError(.io, "cannot delete \(object.path): \(FileIO.errnoText())") }
        return .deleted
    }

    /// Deletes every leftover partial file and returns how many there were.
    @discardableResult
    public func sweepPartials() throws -> Int { spool.sweep() }

    /// Every object path present on disk, relative to `objects/`.
    public func allObjectPaths() -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: root.path) else { return [] }
        var paths = [String]()
        while let path = enumerator.nextObject() as? String {
            if path.hasSuffix(".cvseal"), !path.hasPrefix(".partial") { paths.append(path) }
        }
        return paths.sorted()
    }

    /// Whether the file exists.
    public func exists(relativePath: String) -> Bool { FileManager.default.fileExists(atPath: url(forRelativePath: relativePath).path) }

    /// Opens the partial file of `relativePath` for reading.
    public func openPartialForReading(relativePath: String) throws -> any ObjectReader {
        try spool.openForReading(relativePath: relativePath)
    }

    /// Opens an object for reading.
    public func openForReading(relativePath: String) throws -> any ObjectReader {
        try FileObjectReader(url: url(forRelativePath: relativePath))
    }
}

/// An object being written. Owns its file descriptor (closed in `deinit`); not `Sendable`.
public final class PartialObject {
    /// The partial file.
    public let url: URL
    private var fd: Int32
    /// Bytes written so far.
    public private(set) var byteCount = 0

    init(url: URL) throws {
        self.url = url
        fd = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw StoreError(.io, "cannot create \(url.path): \(FileIO.errnoText())") }
    }

    deinit { if fd >= 0 { close(fd) } }

    /// Appends bytes.
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        try FileIO.writeAll(fd, bytes, path: url.path)
        byteCount += bytes.count
    }

    /// Makes the written bytes durable and closes the file (before it is placed).
    public func finishWriting() throws {
        guard fd >= 0 else { return }
        guard fsync(fd) == 0 else { throw StoreError(.io, "cannot sync \(url.path): \(FileIO.errnoText())") }
        close(fd)
        fd = -1
    }
}

/// A file opened for reading (an object or a partial). Owns its file descriptor; not `Sendable`.
public final class FileObjectReader: ObjectReader {
    private let fd: Int32
    /// The object file.
    public let url: URL

    /// Opens `url`; `.notFound` when it does not exist.
    public init(url: URL) throws {
        self.url = url
        fd = open(url.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw StoreError(errno == ENOENT ? .notFound : .io, "cannot open \(url.path): \(FileIO.errnoText())")
        }
    }

    deinit { close(fd) }

    /// Reads up to `buffer.count` bytes; 0 at the end.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            let n = Foundation.read(fd, buffer.baseAddress, buffer.count)
            if n < 0, errno == EINTR { continue }
            guard n >= 0 else { throw StoreError(.io, "cannot read \(url.path): \(FileIO.errnoText())") }
            return n
        }
    }

    /// The file's size in bytes, nil when it cannot be read.
    var size: Int64? {
        var info = stat()
        return fstat(fd, &info) == 0 ? Int64(info.st_size) : nil
    }

    /// Copies the rest of the file to `out` inside the kernel (`copy_file_range(2)`), without a
    /// pass through user memory; the bytes copied, or nil when the kernel cannot copy between these
    /// two files (another file system type, an old kernel), found before a byte moved.
    func copyInKernel(to out: Int32, path: String) throws -> Int64? {
        var total: Int64 = 0
        while true {
            let n = cvault_copy_file_range(fd, out, 1 << 30)
            if n > 0 {
                total += Int64(n)
                continue
            }
            if n == 0 { return total }
            switch errno {
            case EINTR: continue
            case EXDEV, ENOSYS, EOPNOTSUPP, EINVAL where total == 0: return nil
            default: throw StoreError(.io, "cannot copy \(url.path) to \(path): \(FileIO.errnoText())")
            }
        }
    }
}
