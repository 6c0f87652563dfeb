public import Foundation
import VaultBase
import VaultCrypto
import VaultS3
import VaultStore

/// Where backups are kept, as the operator names it: a directory, or an S3 bucket
/// (`s3://BUCKET?endpoint=URL&region=REGION[&prefix=P]`, its keys from `AWS_ACCESS_KEY_ID` and
/// `AWS_SECRET_ACCESS_KEY`), off the site for a disaster that takes the vault's disks.
public enum BackupLocation: Sendable, Equatable, CustomStringConvertible {
    /// A directory (created if missing; outside the vault and the key store).
    case directory(URL)
    /// A bucket and key prefix.
    case bucket(String)

    /// `s3://…` is a bucket; anything else a directory path.
    public init(_ text: String) {
        self = text.hasPrefix("s3://") ? .bucket(text) : .directory(URL(fileURLWithPath: text))
    }

    /// The path, or the bucket's location (never a key).
    public var description: String {
        switch self {
        case .directory(let url): url.standardizedFileURL.path
        case .bucket(let text): text
        }
    }

    /// The destination it names; a malformed s3:// location or missing keys are `misconfigured`.
    func destination(environment: [String: String], scratch: URL) throws -> any BackupDestination {
        switch self {
        case .directory(let url):
            return DirectoryBackups(root: url.standardizedFileURL)
        case .bucket(let text):
            do {
                let location = try S3Location(parsing: text)
                return BucketBackups(client: S3Client(location: location, credentials: try S3Credentials.fromEnvironment(environment)),
                                     scratch: scratch)
            } catch let error as S3Error {
                throw VaultError(.misconfigured, "backup location \(text): \(error.message)")
            }
        }
    }
}

/// What backups and restores need of where backups are kept; the layout is the same in a
/// directory and in a bucket:
///
/// ```
/// objects/ab/<id>.cvseal          sealed objects, shared by every backup there (copied once)
/// backups/<id>/catalog.sqlite     a backup's catalog, manifest.json and manifest.sig
/// ```
///
/// A backup is its files written first and its manifest published last: in a directory a hidden
/// `backups/.<id>.partial/` renamed into place; in a bucket `manifest.sig` uploaded last, so a
/// backup whose `manifest.sig` is missing is unfinished and is never listed.
protocol BackupDestination: Sendable {
    /// The destination as messages and the audit log name it.
    var name: String { get }
    /// Whether it lies inside `directory` (the vault's or the key store's: refused), symlinks resolved.
    func isInside(_ directory: URL) -> Bool
    /// Whether it shares keys with the vault's own object bucket (`objectStore`, vault.json's
    /// `objects`): one prefix inside the other in the same bucket (refused: the backup's objects
    /// would be the vault's orphans).
    func overlaps(objectStore: String?) -> Bool
    /// Makes it ready for a backup and takes its lock (one backup at a time; `conflict` when
    /// another holds it; `lockDirectory` keeps a bucket's lock file); removes what an unfinished
    /// backup left. The lock is held until the returned lock is released; `backups` are the
    /// finished backups' ids then, as ``backupIDs()`` (from the same look: a bucket lists once).
    func beginWriting(lockDirectory: URL) throws -> (lock: FileLock, backups: [String])
    /// Finished backups' ids, oldest first (ids sort by time).
    func backupIDs() throws -> [String]
    /// A backup's file (`catalog.sqlite`, `manifest.json`, `manifest.sig`); `StoreError(.notFound)` when missing.
    func openFile(_ file: String, ofBackup id: String) throws -> any ObjectReader
    /// An object (a path under `objects/`); `StoreError(.notFound)` when missing.
    func openObject(_ path: String) throws -> any ObjectReader
    /// The size of the object at `path`, nil when there is none.
    func objectSize(_ path: String) throws -> Int64?
    /// Copies what `reader` yields to the object at `path`; the bytes copied and their SHA-256
    /// (the manifest's). It appears whole or not at all.
    func copyObject(_ path: String, from reader: any ObjectReader) throws -> (bytes: Int64, sha256: [UInt8])
    /// A new local directory where the backup `id`'s files are written before ``publish(_:staged:)``.
    func stage(_ id: String) throws -> URL
    /// Makes the staged backup a backup: everything it names durable first, its manifest last.
    func publish(_ id: String, staged: URL) throws
    /// Removes a staged backup that failed.
    func discard(staged: URL)
    /// Removes a finished backup's files (not its objects).
    func removeBackup(_ id: String) throws
    /// Removes one file of a finished backup (its `keys.age`), if it is there.
    func removeFile(_ file: String, ofBackup id: String) throws
    /// Every object's path (and any leftover of an object copy a killed backup left).
    func objectPaths() throws -> [String]
    /// Removes an object.
    func removeObject(_ path: String) throws
    /// The signed fence a promoted standby left (`fence.json`), nil when there is none.
    func fenceDocument() throws -> Data?
    /// Puts up `document` as `fence.json`, whole or not at all, durably.
    func putFence(_ document: Data) throws
}

extension BackupDestination {
    /// A backup's manifest, its signature checked against `publicKey`.
    func manifest(_ id: String, publicKey: Ed25519PublicKey) throws -> BackupManifest {
        let bytes: Data, signature: Data
        do {
            bytes = try Self.readAll(try openFile("manifest.json", ofBackup: id))
        } catch {
            throw VaultError(.damagedBackup, "backup \(id): manifest.json is missing or unreadable")
        }
        do {
            let text = String(decoding: try Self.readAll(try openFile("manifest.sig", ofBackup: id)), as: UTF8.self)
            guard let decoded = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)) else { throw CocoaError(.fileReadCorruptFile) }
            signature = decoded
        } catch {
            throw VaultError(.damagedBackup, "backup \(id): manifest.sig is missing or unreadable")
        }
        guard publicKey.isValidSignature(Array(signature), for: Array(bytes)) else {
            throw VaultError(.damagedBackup, "backup \(id): manifest.json does not match its signature under this key store's audit key "
                             + "(the manifest was changed, or the key store is another vault's)")
        }
        let manifest: BackupManifest
        do { manifest = try BackupManifest.decode(bytes) } catch {
            throw VaultError(.damagedBackup, "backup \(id): manifest.json is not a backup manifest")
        }
        guard manifest.format == BackupManifest.currentFormat else {
            throw VaultError(.damagedBackup, "backup \(id): format \(manifest.format) is not \(BackupManifest.currentFormat)")
        }
        return manifest
    }

    /// A backup's manifest as written, its signature not checked (to find the key store it needs).
    func unverifiedManifest(_ id: String) -> BackupManifest? {
        (try? openFile("manifest.json", ofBackup: id)).flatMap { try? BackupManifest.decode(Self.readAll($0)) }
    }

    /// Everything `reader` yields (a manifest: small).
    static func readAll(_ reader: any ObjectReader) throws -> Data {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = try buffer.withUnsafeMutableBytes { try reader.read(into: $0) }
            if n == 0 { return data }
            data.append(contentsOf: buffer[0..<n])
        }
    }
}

/// Backups in a directory (0700): objects copied as hidden partial files renamed into place, a
/// backup staged in `backups/.<id>.partial/` and renamed into place after one `syncfs`, and a
/// `backup.lock` flock.
struct DirectoryBackups: BackupDestination {
    let root: URL

    var objectsURL: URL { root.appendingPathComponent("objects") }
    var backupsURL: URL { root.appendingPathComponent("backups") }
    func backupURL(_ id: String) -> URL { backupsURL.appendingPathComponent(id) }
    func objectURL(_ path: String) -> URL { objectsURL.appendingPathComponent(path) }

    var name: String { root.path }

    func isInside(_ directory: URL) -> Bool {
        // Through symlinks too: /backup -> /srv/vault/x is inside the vault.
        let base = directory.resolvingSymlinksInPath().path, path = Self.resolved(root).path
        return path == base || path.hasPrefix(base + "/")
    }

    /// `url` with its symlinks resolved, the part that does not exist yet appended as written.
    static func resolved(_ url: URL) -> URL {
        var existing = url, rest: [String] = []
        while !FileManager.default.fileExists(atPath: existing.path), existing.path != "/" {
            rest.insert(existing.lastPathComponent, at: 0)
            existing.deleteLastPathComponent()
        }
        return rest.reduce(existing.resolvingSymlinksInPath()) { $0.appendingPathComponent($1) }
    }

    func beginWriting(lockDirectory: URL) throws -> (lock: FileLock, backups: [String]) {
        let fm = FileManager.default
        for url in [root, objectsURL, backupsURL] {
            try fm.createDirectory(at: url, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        // One backup at a time into a directory (the schedule and an operator's may meet).
        let lock = try FileLock(url: root.appendingPathComponent("backup.lock"))
        guard lock.tryLockExclusive() else {
            throw VaultError(.conflict, "another backup is being written into \(root.path); try again when it has finished")
        }
        // A backup killed part-way left a hidden partial directory: never a backup, removed.
        for name in try fm.contentsOfDirectory(atPath: backupsURL.path) where name.hasPrefix(".") && name.hasSuffix(".partial") {
            try fm.removeItem(at: backupsURL.appendingPathComponent(name))
        }
        return (lock, try backupIDs())
    }

    func backupIDs() throws -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: backupsURL.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }

    func openFile(_ file: String, ofBackup id: String) throws -> any ObjectReader {
        try FileObjectReader(url: backupURL(id).appendingPathComponent(file))
    }

    func openObject(_ path: String) throws -> any ObjectReader { try FileObjectReader(url: objectURL(path)) }

    func objectSize(_ path: String) throws -> Int64? {
        (try? FileManager.default.attributesOfItem(atPath: objectURL(path).path))?[.size] as? Int64
    }

    func copyObject(_ path: String, from reader: any ObjectReader) throws -> (bytes: Int64, sha256: [UInt8]) {
        let destination = objectURL(path)
        try FileManager.default.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        let hash = SHA256Hasher()
        let bytes = try BackupCopy.copy(from: reader, to: destination) { hash.update($0) }
        return (bytes, hash.finalize())
    }

    func stage(_ id: String) throws -> URL {
        let partial = backupsURL.appendingPathComponent(".\(id).partial")
        try FileManager.default.createDirectory(at: partial, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        return partial
    }

    func publish(_ id: String, staged: URL) throws {
        // Everything the manifest names is durable before the backup appears.
        try FileSystemSync.syncFileSystem(containing: root)
        try FileManager.default.moveItem(at: staged, to: backupURL(id))
        try FileSystemSync.syncDirectory(backupsURL)
    }

    func discard(staged: URL) { try? FileManager.default.removeItem(at: staged) }

    func removeBackup(_ id: String) throws { try FileManager.default.removeItem(at: backupURL(id)) }

    func removeFile(_ file: String, ofBackup id: String) throws {
        let url = backupURL(id).appendingPathComponent(file)
        guard unlink(url.path) == 0 || errno == ENOENT else {
            throw StoreError(.io, "cannot remove \(url.path): \(String(cString: strerror(errno)))")
        }
    }

    func overlaps(objectStore: String?) -> Bool { false }

    func objectPaths() throws -> [String] {
        let fm = FileManager.default
        let base = objectsURL.path + "/"
        guard let walker = fm.enumerator(atPath: objectsURL.path) else { return [] }
        var paths = [String]()
        while let relative = walker.nextObject() as? String {
            var isDirectory: ObjCBool = false
            // Hidden partial copies a killed backup left are listed too, so a prune removes them.
            guard fm.fileExists(atPath: base + relative, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            paths.append(relative)
        }
        return paths
    }

    func removeObject(_ path: String) throws { try FileManager.default.removeItem(at: objectURL(path)) }

    func fenceDocument() throws -> Data? {
        FileManager.default.contents(atPath: root.appendingPathComponent(Fence.fileName).path)
    }

    func putFence(_ document: Data) throws {
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try FileSystemSync.writeDurably(document, to: root.appendingPathComponent(Fence.fileName))
    }
}

/// Backups in an S3 bucket (any S3 API: AWS, Ceph radosgw, MinIO), under the location's prefix.
/// Objects stream from the vault a part at a time through VaultS3's object store (multipart above
/// 32 MiB, each upload's SHA-256 signed and checked by the store, its size with HEAD); a backup's own files are written locally first (in
/// `scratch`, the vault's own directory) and uploaded, its `manifest.sig` last. The bucket is created (without Object Lock) when missing; one
/// with Object Lock works too while its default retention lets pruned backups go. The lock is a
/// flock on a file in the vault's directory named after the location: one backup at a time into
/// a bucket from this vault.
struct BucketBackups: BackupDestination {
    let client: S3Client
    let scratch: URL

    /// The bucket as an object store, spooling in `scratch`. Parts and reads of 32 MiB (memory: one
    /// a worker): an object of a long call goes up in one PUT and comes back in one GET. Each
    /// request whose answer has a body (a multipart upload's start and end, a ranged GET) can wait
    /// out a delayed ACK (40 ms on Linux, with radosgw, which writes the head and the body apart),
    /// so fewer, larger requests are what makes a backup keep up with a plain S3 client.
    var store: S3ObjectStore {
        S3ObjectStore(client: client, spoolDirectory: scratch.appendingPathComponent("spool"), partSize: 32 << 20, readChunk: 32 << 20)
    }

    var name: String { client.location.description }

    func isInside(_ directory: URL) -> Bool { false }

    func overlaps(objectStore: String?) -> Bool {
        guard let objectStore, let vaults = try? S3Location(parsing: objectStore) else { return false }
        let ours = client.location
        guard vaults.bucket == ours.bucket, vaults.endpoint.host == ours.endpoint.host, vaults.endpoint.port == ours.endpoint.port else { return false }
        return ours.prefix.hasPrefix(vaults.prefix) || vaults.prefix.hasPrefix(ours.prefix)
    }

    func beginWriting(lockDirectory: URL) throws -> (lock: FileLock, backups: [String]) {
        let tag = Array(SHA256Hasher.hash(Array(name.utf8)).prefix(8)).hexString
        let lock = try FileLock(url: lockDirectory.appendingPathComponent(".backup-\(tag).lock"))
        guard lock.tryLockExclusive() else {
            throw VaultError(.conflict, "another backup is being written into \(name); try again when it has finished")
        }
        if try !client.bucketExists() { try client.createBucket(objectLock: false) }
        // What a failed or killed backup left in the scratch space: its staged files and its spool.
        let fm = FileManager.default
        try fm.createDirectory(at: scratch, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        for name in try fm.contentsOfDirectory(atPath: scratch.path) where name.hasPrefix("backup-") {
            try fm.removeItem(at: scratch.appendingPathComponent(name))
        }
        try store.spool.create()
        _ = try store.sweepPartials()
        // An unfinished backup (no manifest.sig): its files go.
        let keys = try client.listKeys(prefix: "backups/")
        let finished = Self.finishedBackups(keys)
        for key in keys {
            let parts = key.split(separator: "/")
            if parts.count >= 3, !finished.contains(String(parts[1])) { try client.delete(key: key) }
        }
        return (lock, finished)
    }

    func backupIDs() throws -> [String] { Self.finishedBackups(try client.listKeys(prefix: "backups/")) }

    /// The ids of the backups among `keys` (under `backups/`) that have their `manifest.sig`, sorted.
    private static func finishedBackups(_ keys: [String]) -> [String] {
        keys.compactMap { key -> String? in
            let parts = key.split(separator: "/")
            return parts.count == 3 && parts[2] == "manifest.sig" ? String(parts[1]) : nil
        }.sorted()
    }

    func openFile(_ file: String, ofBackup id: String) throws -> any ObjectReader {
        try store.openForReading(relativePath: "backups/\(id)/\(file)")
    }

    func openObject(_ path: String) throws -> any ObjectReader { try store.openForReading(relativePath: "objects/\(path)") }

    func objectSize(_ path: String) throws -> Int64? { try client.head(key: "objects/\(path)").map { Int64($0.size) } }

    func copyObject(_ path: String, from reader: any ObjectReader) throws -> (bytes: Int64, sha256: [UInt8]) {
        try upload("objects/\(path)", from: reader)
    }

    /// Uploads what `reader` yields to `key`, a part at a time (nothing spooled: the source is the
    /// vault's own durable copy, or a staged file); the bytes uploaded and their SHA-256.
    @discardableResult
    private func upload(_ key: String, from reader: any ObjectReader) throws -> (bytes: Int64, sha256: [UInt8]) {
        try store.upload(from: reader, to: key)
    }

    func stage(_ id: String) throws -> URL {
        let staged = scratch.appendingPathComponent("backup-\(id)")
        try? FileManager.default.removeItem(at: staged)
        try FileManager.default.createDirectory(at: staged, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return staged
    }

    func publish(_ id: String, staged: URL) throws {
        // The catalog (and a standby's keys.age) and manifest.json first; manifest.sig, which makes it a backup, last.
        let keys = FileManager.default.fileExists(atPath: staged.appendingPathComponent(BackupManifest.keyStoreFile).path)
        for file in ["catalog.sqlite"] + (keys ? [BackupManifest.keyStoreFile] : []) + ["manifest.json", "manifest.sig"] {
            try upload("backups/\(id)/\(file)", from: try FileObjectReader(url: staged.appendingPathComponent(file)))
        }
        discard(staged: staged)
    }

    func discard(staged: URL) { try? FileManager.default.removeItem(at: staged) }

    func removeBackup(_ id: String) throws {
        // manifest.sig first: from then on it is no backup, whatever else is left.
        let keys = try client.listKeys(prefix: "backups/\(id)/")
        for key in keys.filter({ $0.hasSuffix("/manifest.sig") }) + keys.filter({ !$0.hasSuffix("/manifest.sig") }) {
            _ = try store.remove(relativePath: key)
        }
    }

    func removeFile(_ file: String, ofBackup id: String) throws { _ = try store.remove(relativePath: "backups/\(id)/\(file)") }

    func objectPaths() throws -> [String] {
        try client.listKeys(prefix: "objects/").map { String($0.dropFirst("objects/".count)) }
    }

    func removeObject(_ path: String) throws { _ = try store.remove(relativePath: "objects/\(path)") }

    func fenceDocument() throws -> Data? {
        do {
            return try Self.readAll(try store.openForReading(relativePath: Fence.fileName))
        } catch let error as StoreError where error.code == .notFound {
            return nil
        }
    }

    func putFence(_ document: Data) throws {
        _ = try client.putObject(key: Fence.fileName, body: [UInt8](document), lock: nil)
    }
}
