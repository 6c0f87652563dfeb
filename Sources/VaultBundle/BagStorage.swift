import Foundation
import VaultStore

/// Where a bag's files go while it is written, and how the bag appears at its destination whole.
protocol BagStorage: AnyObject {
    /// Starts the file at `path` (relative to the bag's root).
    func beginFile(_ path: String) throws
    /// Appends bytes to the current file.
    func write(_ bytes: UnsafeRawBufferPointer) throws
    /// Ends the current file (durably, for a directory).
    func endFile() throws
    /// Makes the complete bag appear at its destination.
    func commit() throws
}

/// A bag written as a directory: into a hidden sibling `.NAME.XXXXXXXX.partial` (0700, files
/// 0600), made durable with one `syncfs` (thousands of small files: one fsync each would cost
/// more than writing them) and renamed to the destination when complete. Released uncommitted
/// (an error), the partial directory is removed. A writer holds an exclusive `flock` on its
/// partial directory, so one left by a killed export (the lock went with its process) is
/// removed by the next export to the same name. Owns the current file's and the lock's
/// descriptors; not `Sendable`.
final class DirectoryBagStorage: BagStorage {
    private let destination: URL
    private let temp: URL
    /// The partial directory, opened and locked for as long as this writer lives.
    private let lock: Int32
    private var fd: Int32 = -1
    private var currentPath = ""
    private var directories: Set<String> = [""]
    private var committed = false

    init(destination: URL) throws {
        self.destination = destination
        let parent = destination.deletingLastPathComponent()
        temp = parent.appendingPathComponent(".\(destination.lastPathComponent).\(UUID().uuidString.prefix(8)).partial")
        guard mkdir(temp.path, 0o700) == 0 else {
            throw BundleError(.io, "cannot create a directory in \(parent.path): \(String(cString: strerror(errno)))")
        }
        lock = open(temp.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard lock >= 0, flock(lock, LOCK_EX | LOCK_NB) == 0 else {
            if lock >= 0 { close(lock) }
            try? FileManager.default.removeItem(at: temp)
            throw BundleError(.io, "cannot lock \(temp.path): \(String(cString: strerror(errno)))")
        }
        Self.removeAbandonedPartials(of: destination)
    }

    deinit {
        if fd >= 0 { close(fd) }
        if !committed { try? FileManager.default.removeItem(at: temp) }
        close(lock)
    }

    /// Removes the partial directories of earlier exports to `destination` whose writer is gone:
    /// those whose lock can be taken, and which are older than `minimumAge` seconds (a writer
    /// locks its directory right after creating it; the age covers that moment).
    static func removeAbandonedPartials(of destination: URL, minimumAge: Int = 60) {
        let parent = destination.deletingLastPathComponent(), prefix = ".\(destination.lastPathComponent)."
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: parent.path) else { return }
        for name in names where name.hasPrefix(prefix) && name.hasSuffix(".partial") {
            let url = parent.appendingPathComponent(name)
            var status = stat()
            guard lstat(url.path, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR, time(nil) - status.st_ctim.tv_sec >= minimumAge else { continue }
            let fd = open(url.path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard fd >= 0 else { continue }
            defer { close(fd) }
            if flock(fd, LOCK_EX | LOCK_NB) == 0 { try? FileManager.default.removeItem(at: url) }
        }
    }

    func beginFile(_ path: String) throws {
        precondition(fd < 0, "a file is already open")
        let components = path.split(separator: "/").dropLast()
        var directory = ""
        for component in components {
            directory += (directory.isEmpty ? "" : "/") + component
            if directories.insert(directory).inserted, mkdir(temp.appendingPathComponent(directory).path, 0o700) != 0 {
                throw BundleError(.io, "cannot create \(directory) in the bundle: \(String(cString: strerror(errno)))")
            }
        }
        fd = open(temp.appendingPathComponent(path).path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw BundleError(.io, "cannot create \(path) in the bundle: \(String(cString: strerror(errno)))") }
        currentPath = path
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        do { try FileSystemSync.writeAll(fd, bytes, path: "\(currentPath) in the bundle") } catch let error as StoreError {
            throw BundleError(.io, error.message)
        }
    }

    func endFile() throws {
        let status = close(fd)
        fd = -1
        guard status == 0 else { throw BundleError(.io, "cannot write \(currentPath) in the bundle: \(String(cString: strerror(errno)))") }
    }

    func commit() throws {
        do { try FileSystemSync.syncFileSystem(containing: temp) } catch let error as StoreError { throw BundleError(.io, error.message) }
        guard !FileManager.default.fileExists(atPath: destination.path) else {
            throw BundleError(.exists, "\(destination.path) appeared while the bundle was written; it is left untouched")
        }
        guard rename(temp.path, destination.path) == 0 else {
            throw BundleError(.io, "cannot move the bundle to \(destination.path): \(String(cString: strerror(errno)))")
        }
        committed = true
        do { try FileSystemSync.syncDirectory(destination.deletingLastPathComponent()) } catch let error as StoreError {
            throw BundleError(.io, error.message)
        }
    }
}

/// A bag written as one zip file whose entries sit under a top-level directory named after the
/// file (`bundle.zip` holds `bundle/bagit.txt`, `bundle/data/…`), as zipped bags conventionally
/// are. The zip streams into an unnamed file beside the destination (`AtomicFile`: `O_TMPFILE`),
/// linked into place only when complete, so a failed or killed export leaves nothing behind.
final class ZipBagStorage: BagStorage {
    /// The unnamed file the zip goes into; nil when it streams to a caller's sink instead.
    private let file: AtomicFile?
    private let archive: ArchiveWriter
    private let root: String
    private let date: Date

    init(destination: URL, date: Date) throws {
        self.date = date
        let file: AtomicFile
        do {
            file = try AtomicFile(destination: destination)
        } catch let error as StoreError {
            throw BundleError(.io, error.message)
        }
        self.file = file
        archive = try ArchiveWriter { bytes in
            do { try file.write(bytes) } catch let error as StoreError { throw BundleError(.io, error.message) }
        }
        root = destination.deletingPathExtension().lastPathComponent + "/"
    }

    /// A zip streamed to `sink` (e.g. an HTTP response), its entries under `rootName/`. The
    /// sink's owner discards what it received when the bag is not finished.
    init(rootName: String, date: Date, sink: @escaping (UnsafeRawBufferPointer) throws -> Void) throws {
        self.date = date
        file = nil
        archive = try ArchiveWriter(sink: sink)
        root = rootName + "/"
    }

    func beginFile(_ path: String) throws { try archive.beginEntry(path: root + path, date: date) }
    func write(_ bytes: UnsafeRawBufferPointer) throws { try archive.write(bytes) }
    func endFile() throws { try archive.endEntry() }

    func commit() throws {
        try archive.close()
        do { try file?.commit() } catch let error as StoreError { throw BundleError(.io, error.message) }
    }
}
