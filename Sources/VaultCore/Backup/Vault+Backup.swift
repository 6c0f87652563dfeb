public import Foundation
import VaultAudit
public import VaultBase
import VaultCrypto
import VaultStore

/// What one backup did.
public struct BackupResult: Sendable, Codable, Equatable {
    /// The backup's id (its start time).
    public var backupID: String
    /// The backup directory.
    public var directory: String
    /// Objects the backup lists.
    public var objects: Int
    /// Of those, the ones copied now (the others were in the directory from an earlier backup).
    public var objectsCopied: Int
    /// Bytes copied now (objects and the catalog).
    public var bytesCopied: Int64
    /// Objects whose recordings were purged while the backup ran.
    public var goneDuringBackup: Int
    /// Older backups removed to keep `keep`.
    public var pruned: [String]
    /// Objects no kept backup needs any more, removed.
    public var objectsRemoved: Int
    /// The manifest's SHA-256 (hex), as the audit log records it.
    public var manifestSha256: String

    enum CodingKeys: String, CodingKey {
        case backupID = "backup_id", directory, objects, objectsCopied = "objects_copied", bytesCopied = "bytes_copied"
        case goneDuringBackup = "gone_during_backup", pruned, objectsRemoved = "objects_removed", manifestSha256 = "manifest_sha256"
    }
}

/// Backups' use cases, as `vault.backups`: a point-in-time copy of the live vault (catalog, sealed
/// objects, the audit log up to a checkpoint signed for it) into a directory, incremental over
/// the backups already there. No key material goes in (docs/backups.md).
public struct BackupService: Sendable {
    let vault: Vault

    /// Backs the vault up into `directory` (created if needed) while it keeps serving; keeps the
    /// newest `keep` backups there when given (their objects stay while a kept backup needs them).
    public func run(to directory: URL, keep: Int? = nil, actor: VaultActor) async throws -> BackupResult {
        try await BlockingWork.runLong("callvault-backup") { try vault.backup(to: directory, keep: keep, actor: actor) }
    }

    /// The backups finished in the last 35 days, oldest first, from the audit log (whoever took them).
    public func recent() async throws -> [BackupStatus] { try await BlockingWork.run { try vault.recentBackups() } }
}

extension Vault {
    /// Backups' use cases.
    public var backups: BackupService { BackupService(vault: self) }
}

extension Vault {
    /// A backup: the `vault.backup` start entry and a checkpoint (so the copied log extends a
    /// signed head), the catalog copied from one read snapshot (`VACUUM INTO`), then every object
    /// that snapshot names copied (or found from an earlier backup) and hashed, the manifest
    /// signed, one `syncfs`, and the backup's directory renamed into place: a backup is whole or
    /// absent. Objects are never copied twice: they are immutable and their paths never reused.
    package func backup(to directory: URL, keep: Int?, actor: VaultActor) throws -> BackupResult {
        guard let sqlite = catalog as? Catalog else {
            throw VaultError(.refused, "this vault's catalog is PostgreSQL: back it up with PostgreSQL's own tools (pg_basebackup with WAL "
                             + "archiving); callvault backup copies SQLite catalogs")
        }
        if let keep, keep < 1 { throw VaultError(.refused, "--keep must be at least 1") }
        let root = BackupLayout(root: directory.standardizedFileURL)
        guard !layout.contains(root.root) else {
            throw VaultError(.refused, "the backup directory \(root.root.path) is inside the vault")
        }
        let keyStorePath = keyRing.keyStore.url.standardizedFileURL.path
        guard root.root.path != keyStorePath, !root.root.path.hasPrefix(keyStorePath + "/") else {
            throw VaultError(.refused, "the backup directory \(root.root.path) is inside the key store: a backup holds no keys")
        }
        let fm = FileManager.default
        for url in [root.root, root.objectsURL, root.backupsURL] {
            try fm.createDirectory(at: url, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        // One backup at a time into a directory (the schedule and an operator's may meet).
        let lock = try FileLock(url: root.root.appendingPathComponent("backup.lock"))
        guard lock.tryLockExclusive() else {
            throw VaultError(.conflict, "another backup is being written into \(root.root.path); try again when it has finished")
        }
        defer { lock.unlock() }
        // A backup killed part-way left a hidden partial directory: never a backup, removed.
        for name in try fm.contentsOfDirectory(atPath: root.backupsURL.path) where name.hasPrefix(".") && name.hasSuffix(".partial") {
            try fm.removeItem(at: root.backupsURL.appendingPathComponent(name))
        }
        let publicKey = auditLog.publicKey
        let existing = root.backupIDs()
        let previous = try existing.last.map { id -> BackupManifest in
            let manifest = try root.manifest(id, publicKey: publicKey)
            guard manifest.vaultID == self.manifest.vaultID else {
                throw VaultError(.refused, "\(root.root.path) holds backups of vault \(manifest.vaultID); use a directory of this vault's own")
            }
            return manifest
        }
        let id = Self.backupID(at: now, taken: Set(existing))
        try logAudit(.vaultBackup, actor: actor, target: id, detail: ["to": root.root.path, "phase": "start"])
        let partial = root.backupsURL.appendingPathComponent(".\(id).partial")
        do {
            let result = try writeBackup(id: id, into: root, partial: partial, sqlite: sqlite, previous: previous, keep: keep)
            try logAudit(.vaultBackup, actor: actor, target: id, detail: [
                "phase": "done", "manifest_sha256": result.manifestSha256, "objects": "\(result.objects)",
                "objects_copied": "\(result.objectsCopied)", "bytes_copied": "\(result.bytesCopied)",
            ])
            auditLog.checkpointIfDue()
            logger.info("backup written", metadata: ["backup.id": "\(id)", "backup.objects": "\(result.objects)",
                                                     "backup.objects_copied": "\(result.objectsCopied)"])
            return result
        } catch {
            try? fm.removeItem(at: partial)
            let code = VaultError(wrapping: error).code
            _ = try? logAudit(.vaultBackup, actor: actor, target: id, outcome: .failed, detail: ["phase": "done", "error": "\(code)"])
            throw error
        }
    }

    private func writeBackup(id: String, into root: BackupLayout, partial: URL, sqlite: Catalog, previous: BackupManifest?,
                             keep: Int?) throws -> BackupResult {
        let fm = FileManager.default
        let startedAt = now
        let checkpoint = try auditLog.checkpoint()
        try fm.createDirectory(at: partial, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        let catalogCopy = partial.appendingPathComponent("catalog.sqlite")
        try sqlite.copy(to: catalogCopy)
        let catalogHash = SHA256Hasher()
        let catalogBytes = try BackupCopy.read(catalogCopy) { catalogHash.update($0) }
        let known = Dictionary((previous?.objects ?? []).map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        let named = try Catalog.objectPaths(inCopy: catalogCopy)
        for parent in Set(named.map { root.objectURL($0.path).deletingLastPathComponent() }) {
            try fm.createDirectory(at: parent, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        // Mostly per-file system calls and hashing: a worker per core; the manifest keeps the catalog's order.
        let lock = NSLock()
        var entries = [BackupManifest.File?](repeating: nil, count: named.count)
        var goneAt = Set<Int>(), copied = 0, bytes = catalogBytes
        try BlockingWork.concurrently(named.count) { index in
            let (recording, path) = named[index]
            let destination = root.objectURL(path)
            if let entry = known[path], let size = (try? FileManager.default.attributesOfItem(atPath: destination.path))?[.size] as? Int64,
               size == entry.bytes {
                lock.withLock { entries[index] = entry }
                return
            }
            let reader: any ObjectReader
            do {
                reader = try objects.openForReading(relativePath: path)
            } catch let error as StoreError where error.code == .notFound {
                // Purged (or replaced by a new audio version) since the snapshot: its key is destroyed.
                guard try goneSinceSnapshot(recording: recording, path: path) else {
                    throw VaultError(.damagedBackup, "the object \(path) of recording \(recording) is missing from the vault; run callvault verify")
                }
                lock.withLock { _ = goneAt.insert(index) }
                return
            }
            let hash = SHA256Hasher()
            let size = try BackupCopy.copy(from: reader, to: destination) { hash.update($0) }
            let entry = BackupManifest.File(path: path, sha256: hash.finalize().hexString, bytes: size)
            lock.withLock {
                entries[index] = entry
                copied += 1
                bytes += size
            }
        }
        let files = entries.compactMap { $0 }
        let gone = goneAt.sorted().map { named[$0].path }
        let manifest = BackupManifest(
            format: BackupManifest.currentFormat, vaultID: self.manifest.vaultID, vaultCreatedAt: Timestamp.format(self.manifest.createdAt),
            backupID: id, startedAt: Timestamp.format(startedAt), checkpoint: checkpoint.note,
            publicKey: auditLog.publicKey.rawRepresentation.hexString,
            catalog: BackupManifest.File(path: "catalog.sqlite", sha256: catalogHash.finalize().hexString, bytes: catalogBytes),
            objects: files, goneDuringBackup: gone)
        let encoded = try manifest.encoded()
        try encoded.write(to: partial.appendingPathComponent("manifest.json"))
        let signature = Data(try auditLog.signer.signature(for: Array(encoded))).base64EncodedString()
        try Data((signature + "\n").utf8).write(to: partial.appendingPathComponent("manifest.sig"))
        // Everything the manifest names is durable before the backup appears.
        try FileSystemSync.syncFileSystem(containing: root.root)
        try fm.moveItem(at: partial, to: root.backupURL(id))
        try FileSystemSync.syncDirectory(root.backupsURL)
        let (pruned, removed) = try prune(root, keep: keep)
        return BackupResult(backupID: id, directory: root.root.path, objects: files.count, objectsCopied: copied, bytesCopied: bytes,
                            goneDuringBackup: gone.count, pruned: pruned, objectsRemoved: removed,
                            manifestSha256: SHA256Hasher.hash(Array(encoded)).hexString)
    }

    /// Whether the object at `path` of `recording` went after the catalog snapshot was taken: the
    /// recording is purged or shredded now, or its current objects are others (a new version).
    private func goneSinceSnapshot(recording: String, path: String) throws -> Bool {
        guard let id = RecordingID(recording), let record = try catalog.recording(id) else { return false }
        if record.state == .purged || record.state == .shredded { return true }
        return record.objectPath != path && record.transcriptPath != path
    }

    /// Removes backups beyond the newest `keep`, then every object no remaining backup lists.
    private func prune(_ root: BackupLayout, keep: Int?) throws -> (pruned: [String], objectsRemoved: Int) {
        let fm = FileManager.default
        var ids = root.backupIDs()
        var pruned = [String]()
        if let keep, ids.count > keep {
            pruned = Array(ids.prefix(ids.count - keep))
            for id in pruned { try fm.removeItem(at: root.backupURL(id)) }
            ids.removeFirst(pruned.count)
        }
        var needed = Set<String>()
        for id in ids {
            // A backup this key cannot vouch for is left alone, and so are all objects.
            guard let manifest = try? root.manifest(id, publicKey: auditLog.publicKey) else { return (pruned, 0) }
            needed.formUnion(manifest.objects.map(\.path))
            needed.formUnion(manifest.goneDuringBackup)
        }
        var removed = 0
        let base = root.objectsURL.path + "/"
        guard let walker = fm.enumerator(atPath: root.objectsURL.path) else { return (pruned, 0) }
        while let relative = walker.nextObject() as? String {
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: base + relative, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            if !needed.contains(relative) {
                try fm.removeItem(atPath: base + relative)
                removed += 1
            }
        }
        return (pruned, removed)
    }

    /// A backup id for `date` (`yyyyMMdd'T'HHmmss'Z'`), with `-2`, `-3`… when taken.
    static func backupID(at date: Date, taken: Set<String>) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        let base = formatter.string(from: date)
        var id = base, n = 1
        while taken.contains(id) { n += 1; id = "\(base)-\(n)" }
        return id
    }
}
