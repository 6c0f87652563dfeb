public import Foundation
import VaultAudit
public import VaultBase
public import VaultCrypto
import VaultStore

/// What one backup did.
public struct BackupResult: Sendable, Codable, Equatable {
    /// The backup's id (its start time).
    public var backupID: String
    /// Where it went: the backup directory, or the bucket's location.
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

    /// Backs the vault up into `location` (a directory, created if needed, or a bucket) while it keeps serving; keeps the
    /// newest `keep` backups there when given (their objects stay while a kept backup needs them). With
    /// `standbyRecipient`, the backup also carries the key store age-encrypted to that recipient (`keys.age`), for a
    /// standby that follows the backups (``StandbySite``, a vault whose catalog is SQLite) or a restore with that
    /// recipient's identity (``Vault/restore(from:backupID:configuration:keysFrom:actor:logger:)``); without it, no key
    /// material goes in.
    public func run(to location: BackupLocation, keep: Int? = nil, standbyRecipient: AgeX25519PublicKey? = nil,
                    actor: VaultActor) async throws -> BackupResult {
        try await BlockingWork.runLong("callvault-backup") {
            try vault.backup(to: location, keep: keep, standbyRecipient: standbyRecipient, actor: actor)
        }
    }

    /// Looks for a promoted standby's fence at `location` (see ``Vault/isFenced``): when one names this vault, the
    /// vault is fenced from now on and the fence is returned.
    public func checkFence(at location: BackupLocation) async throws -> Fence? {
        try await BlockingWork.run { try vault.checkFence(at: location) }
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
    /// signed head), the catalog copied from one read snapshot as a SQLite catalog file
    /// (``CatalogCopying``: `VACUUM INTO`, or PostgreSQL's tables from one transaction), then every object
    /// that snapshot names copied (or found from an earlier backup) and hashed, the manifest
    /// signed, and the backup published with its manifest last (``BackupDestination``): a backup
    /// is whole or absent. Objects are never copied twice: they are immutable and their paths
    /// never reused.
    package func backup(to location: BackupLocation, keep: Int?, standbyRecipient: AgeX25519PublicKey? = nil,
                        actor: VaultActor) throws -> BackupResult {
        if let keep, keep < 1 { throw VaultError(.refused, "--keep must be at least 1") }
        let destination = try location.destination(environment: configuration.environment,
                                                   scratch: layout.root.appendingPathComponent(".backup-scratch"))
        guard !destination.isInside(layout.root) else {
            throw VaultError(.refused, "the backup directory \(destination.name) is inside the vault")
        }
        guard !destination.isInside(keyRing.keyStore.url) else {
            throw VaultError(.refused, "the backup directory \(destination.name) is inside the key store: a backup holds no keys")
        }
        guard !destination.overlaps(objectStore: self.manifest.objectStore) else {
            throw VaultError(.refused, "the backup location \(destination.name) shares keys with the vault's own bucket; use another bucket or a prefix outside the vault's")
        }
        // A vault whose standby was promoted is the old primary: it stops here.
        if let fence = try checkFence(in: destination) {
            throw VaultError(.fenced, "this vault is fenced: its standby was promoted at \(fence.promotedAt) from backup \(fence.backupID); "
                             + "back up the promoted vault instead")
        }
        // One backup at a time into a location, across the nodes of a shared catalog too: each
        // removes what an unfinished one left, and prunes what no backup it sees lists.
        guard let result = try catalog.whileHolding("backup \(destination.name)", {
            try backupHoldingLock(into: destination, keep: keep, standbyRecipient: standbyRecipient, actor: actor)
        }) else {
            throw VaultError(.conflict, "another node is backing up into \(destination.name); try again when it has finished")
        }
        return result
    }

    /// ``backup(to:keep:standbyRecipient:actor:)`` once no other node backs up into `destination`.
    private func backupHoldingLock(into destination: any BackupDestination, keep: Int?, standbyRecipient: AgeX25519PublicKey?,
                                   actor: VaultActor) throws -> BackupResult {
        let (lock, existing) = try destination.beginWriting(lockDirectory: layout.root)
        defer { lock.unlock() }
        let publicKey = auditLog.publicKey
        let previous = try existing.last.map { id -> BackupManifest in
            let manifest = try destination.manifest(id, publicKey: publicKey)
            guard manifest.vaultID == self.manifest.vaultID else {
                throw VaultError(.refused, "\(destination.name) holds backups of vault \(manifest.vaultID); use a directory of this vault's own")
            }
            return manifest
        }
        let id = Self.backupID(at: now, taken: Set(existing))
        var start = ["to": destination.name, "phase": "start"]
        if let standbyRecipient { start["key_store_to"] = standbyRecipient.description }
        try logAudit(.vaultBackup, actor: actor, target: id, detail: start)
        var staged: URL?
        do {
            let partial = try destination.stage(id)
            staged = partial
            let result = try writeBackup(id: id, into: destination, staged: partial, previous: previous, existing: existing, keep: keep,
                                         standbyRecipient: standbyRecipient)
            try logAudit(.vaultBackup, actor: actor, target: id, detail: [
                "phase": "done", "manifest_sha256": result.manifestSha256, "objects": "\(result.objects)",
                "objects_copied": "\(result.objectsCopied)", "bytes_copied": "\(result.bytesCopied)",
            ])
            auditLog.checkpointIfDue()
            logger.info("backup written", metadata: ["backup.id": "\(id)", "backup.objects": "\(result.objects)",
                                                     "backup.objects_copied": "\(result.objectsCopied)"])
            return result
        } catch {
            if let staged { destination.discard(staged: staged) }
            let code = VaultError(wrapping: error).code
            _ = try? logAudit(.vaultBackup, actor: actor, target: id, outcome: .failed, detail: ["phase": "done", "error": "\(code)"])
            throw error
        }
    }

    private func writeBackup(id: String, into destination: any BackupDestination, staged: URL, previous: BackupManifest?,
                             existing: [String], keep: Int?, standbyRecipient: AgeX25519PublicKey?) throws -> BackupResult {
        let startedAt = now
        let checkpoint = try auditLog.checkpoint()
        let catalogCopy = staged.appendingPathComponent("catalog.sqlite")
        try catalog.copy(to: catalogCopy)
        // After the catalog's snapshot: every key that copy names is in the key store's copy, or
        // in its journal as destroyed or rewrapped since.
        let keyStore = try standbyRecipient.map { try writeStandbyKeyStore(to: staged.appendingPathComponent(BackupManifest.keyStoreFile), recipient: $0) }
        let catalogHash = SHA256Hasher()
        let catalogBytes = try BackupCopy.read(catalogCopy) { catalogHash.update($0) }
        let known = Dictionary((previous?.objects ?? []).map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        let named = try Catalog.objectPaths(inCopy: catalogCopy)
        // Mostly per-file system calls and hashing (or uploads): a worker per core; the manifest keeps the catalog's order.
        let lock = NSLock()
        var entries = [BackupManifest.File?](repeating: nil, count: named.count)
        var goneAt = Set<Int>(), copied = 0, bytes = catalogBytes
        try BlockingWork.concurrently(named.count) { index in
            let (recording, path) = named[index]
            if let entry = known[path], try destination.objectSize(path) == entry.bytes {
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
            let (size, sha256) = try destination.copyObject(path, from: reader)
            let entry = BackupManifest.File(path: path, sha256: sha256.hexString, bytes: size)
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
            objects: files, goneDuringBackup: gone, keyStore: keyStore, sharedCatalog: isShared ? true : nil)
        let encoded = try manifest.encoded()
        try encoded.write(to: staged.appendingPathComponent("manifest.json"))
        let signature = Data(try auditLog.signer.signature(for: Array(encoded))).base64EncodedString()
        try Data((signature + "\n").utf8).write(to: staged.appendingPathComponent("manifest.sig"))
        try destination.publish(id, staged: staged)
        // The lock is still held: the backups there are the ones found when it was taken, and this one.
        let (pruned, removed) = try prune(destination, backups: (existing + [id]).sorted(), newest: (id, manifest), keep: keep)
        return BackupResult(backupID: id, directory: destination.name, objects: files.count, objectsCopied: copied, bytesCopied: bytes,
                            goneDuringBackup: gone.count, pruned: pruned, objectsRemoved: removed,
                            manifestSha256: SHA256Hasher.hash(Array(encoded)).hexString)
    }

    /// Writes the key store to `url`, age-encrypted to a standby's `recipient`; its manifest entry.
    private func writeStandbyKeyStore(to url: URL, recipient: AgeX25519PublicKey) throws -> BackupManifest.File {
        var members = try keyStoreMembers()
        defer { Self.wipe(&members) }
        let file = try AtomicFile(destination: url)
        let hash = SHA256Hasher()
        var bytes: Int64 = 0
        try writeKeyStoreArchive(members, to: .x25519(recipient)) { buffer in
            hash.update(buffer)
            bytes += Int64(buffer.count)
            try file.write(buffer)
        }
        try file.commit()
        return BackupManifest.File(path: BackupManifest.keyStoreFile, sha256: hash.finalize().hexString, bytes: bytes)
    }

    /// Whether the object at `path` of `recording` went after the catalog snapshot was taken: the
    /// recording is purged or shredded now, or its current objects are others (a new version).
    private func goneSinceSnapshot(recording: String, path: String) throws -> Bool {
        guard let id = RecordingID(recording), let record = try catalog.recording(id) else { return false }
        if record.state == .purged || record.state == .shredded { return true }
        return record.objectPath != path && record.transcriptPath != path
    }

    /// Removes backups beyond the newest `keep` of `backups` (every backup in `destination`, oldest
    /// first), then every object no remaining backup lists. `newest` is the one just written,
    /// whose manifest is not read back.
    private func prune(_ destination: any BackupDestination, backups: [String], newest: (id: String, manifest: BackupManifest),
                       keep: Int?) throws -> (pruned: [String], objectsRemoved: Int) {
        var ids = backups
        var pruned = [String]()
        if let keep, ids.count > keep {
            pruned = Array(ids.prefix(ids.count - keep))
            for id in pruned { try destination.removeBackup(id) }
            ids.removeFirst(pruned.count)
        }
        var needed = Set<String>()
        for id in ids {
            // A backup this key cannot vouch for is left alone, and so are all objects.
            guard let manifest = id == newest.id ? newest.manifest : try? destination.manifest(id, publicKey: auditLog.publicKey) else {
                return (pruned, 0)
            }
            needed.formUnion(manifest.objects.map(\.path))
            needed.formUnion(manifest.goneDuringBackup)
            // Only the newest backup keeps the key store it carried: an older one's holds keys shredded
            // since, which must not outlive the erasure deadline in a backup kept for weeks.
            if manifest.keyStore != nil, id != ids.last { try destination.removeFile(BackupManifest.keyStoreFile, ofBackup: id) }
        }
        var removed = 0
        for path in try destination.objectPaths() where !needed.contains(path) {
            try destination.removeObject(path)
            removed += 1
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
