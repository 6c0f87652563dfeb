public import Foundation
public import VaultBase

/// The sealed objects of a vault: one file per recording, written crash-safely.
///
/// A new object is written to `objects/.partial/<id>.partial` (created `0600`, exclusive),
/// fsynced, renamed to its final path and the directory fsynced; only then may the catalog
/// commit it. Recovery deletes partials and objects whose ingest never committed.
///
/// It stores only sealed bytes: it never sees plaintext audio or keys.
public struct ObjectStore: Sendable {
    /// `objects/` of the vault.
    public let root: URL
    private var partialDirectory: URL { root.appendingPathComponent(".partial") }

    /// The object store under `root`.
    public init(root: URL) { self.root = root }

    /// Creates the directories.
    public func create() throws {
        do {
            try FileManager.default.createDirectory(at: partialDirectory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw StoreError(.io, "cannot create \(partialDirectory.path): \(error.localizedDescription)")
        }
    }

    /// The object path of a recording's audio, relative to `objects/`: `ab/<id>.cvseal` for its
    /// first version, `ab/<id>.v<N>.cvseal` for version N > 1 (a redacted re-encode).
    public func relativePath(for id: RecordingID, version: Int = 1) -> String {
        let text = id.description
        return version == 1 ? "\(text.prefix(2))/\(text).cvseal" : "\(text.prefix(2))/\(text).v\(version).cvseal"
    }

    /// The path of a recording's sealed transcript, relative to `objects/`: the audio's path of the
    /// same version with `.transcript.cvseal` for `.cvseal` (`ab/<id>.transcript.cvseal`, `ab/<id>.v2.transcript.cvseal`).
    public func transcriptRelativePath(for id: RecordingID, version: Int = 1) -> String {
        Self.transcriptPath(beside: relativePath(for: id, version: version))
    }

    static func transcriptPath(beside audioPath: String) -> String {
        String(audioPath.dropLast(".cvseal".count)) + ".transcript.cvseal"
    }

    /// The absolute URL of an object path.
    public func url(forRelativePath path: String) -> URL { root.appendingPathComponent(path) }

    /// Starts writing the object of `id` to a partial file.
    public func createPartial(for id: RecordingID) throws -> PartialObject {
        try createPartial(forRelativePath: relativePath(for: id))
    }

    /// Starts writing the sealed transcript of `id` to a partial file.
    public func createTranscriptPartial(for id: RecordingID) throws -> PartialObject {
        try createPartial(forRelativePath: transcriptRelativePath(for: id))
    }

    /// Starts writing the object that will be placed at `relativePath`, to its partial file
    /// `.partial/<file name without .cvseal>.partial`.
    public func createPartial(forRelativePath relativePath: String) throws -> PartialObject {
        try PartialObject(url: partialURL(forRelativePath: relativePath))
    }

    func partialURL(forRelativePath path: String) -> URL {
        partialDirectory.appendingPathComponent(String(URL(fileURLWithPath: path).lastPathComponent.dropLast(".cvseal".count)) + ".partial")
    }

    /// Makes a finished partial object durable at its final path: fsync, rename, fsync directory.
    public func place(_ partial: PartialObject, at relativePath: String) throws {
        try partial.syncAndClose()
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
        try FileIO.syncDirectory(partialDirectory)
    }

    /// Deletes whatever exists of the audio object at `relativePath` and of the sealed transcript
    /// beside it (same version): partial and final files, any of which may not exist.
    public func discard(relativePath: String) throws {
        try remove(relativePath: relativePath)
        try remove(relativePath: Self.transcriptPath(beside: relativePath))
    }

    /// Deletes the object at `relativePath` and its partial file, whichever exist.
    public func remove(relativePath: String) throws {
        for url in [partialURL(forRelativePath: relativePath), url(forRelativePath: relativePath)] where unlink(url.path) != 0 && errno != ENOENT {
            throw StoreError(.io, "cannot delete \(url.path): \(FileIO.errnoText())")
        }
    }

    /// Deletes every leftover partial file and returns how many there were.
    @discardableResult
    public func sweepPartials() throws -> Int {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: partialDirectory.path)) ?? []
        var removed = 0
        for name in names where name.hasSuffix(".partial") {
            if unlink(partialDirectory.appendingPathComponent(name).path) == 0 { removed += 1 }
        }
        return removed
    }

    /// Every object path present on disk, relative to `objects/` (for consistency checks).
    public func allObjectPaths() -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: root.path) else { return [] }
        var paths = [String]()
        while let path = enumerator.nextObject() as? String {
            if path.hasSuffix(".cvseal"), !path.hasPrefix(".partial") { paths.append(path) }
        }
        return paths.sorted()
    }

    /// Opens the partial file of the object that was to be placed at `relativePath` (an ingest
    /// a crash interrupted), for reading.
    public func openPartialForReading(relativePath: String) throws -> ObjectReader {
        try ObjectReader(url: partialURL(forRelativePath: relativePath))
    }

    /// Opens an object for reading.
    public func openForReading(relativePath: String) throws -> ObjectReader {
        try ObjectReader(url: url(forRelativePath: relativePath))
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

    func syncAndClose() throws {
        guard fsync(fd) == 0 else { throw StoreError(.io, "cannot sync \(url.path): \(FileIO.errnoText())") }
        close(fd)
        fd = -1
    }
}

/// An object opened for reading. Owns its file descriptor; not `Sendable`.
public final class ObjectReader {
    private let fd: Int32
    /// The object file.
    public let url: URL

    init(url: URL) throws {
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
}
