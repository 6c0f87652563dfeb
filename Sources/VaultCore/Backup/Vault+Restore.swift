public import Foundation
public import Logging
import VaultAudit
import VaultBase
import VaultCrypto
import VaultStore

/// What a restore did, and how long each step took.
public struct RestoreReport: Sendable, Codable, Equatable {
    /// One step and its wall-clock duration.
    public struct Step: Sendable, Codable, Equatable {
        /// What the step did.
        public var name: String
        /// How long it took, in seconds.
        public var seconds: Double
    }

    /// The backup restored.
    public var backupID: String
    /// The vault's id (the same as the backed-up vault's).
    public var vaultID: String
    /// The restored vault's directory.
    public var vault: String
    /// Objects copied and checked (or reused).
    public var objects: Int
    /// Of those, the ones a standby already held, checked when it applied an earlier backup,
    /// hard-linked instead of copied (0 for a plain restore).
    public var objectsReused: Int
    /// Their bytes, with the catalog's.
    public var bytes: Int64
    /// Audit entries verified against the backup's checkpoint.
    public var auditEntries: Int64
    /// Recordings whose data keys were checked to unwrap.
    public var keysChecked: Int
    /// Recordings whose data keys were rewrapped after the backup (taken from the key store's journal).
    public var keysAdopted: Int
    /// Recordings whose data keys were destroyed after the backup (purged, erased, re-versioned): marked purged.
    public var keysDestroyed: Int
    /// Opt-outs recorded after the backup, suppressed again with their erasure requests.
    public var optOutsReplayed: Int
    /// Erasure requests the restore completed (replayed ones and those open in the backup).
    public var erasuresCompleted: Int
    /// Each step, in order.
    public var steps: [Step]

    enum CodingKeys: String, CodingKey {
        case backupID = "backup_id", vaultID = "vault_id", vault, objects, objectsReused = "objects_reused", bytes, auditEntries = "audit_entries", keysChecked = "keys_checked"
        case keysAdopted = "keys_adopted", keysDestroyed = "keys_destroyed", optOutsReplayed = "opt_outs_replayed"
        case erasuresCompleted = "erasures_completed", steps
    }
}

extension Vault {
    /// Rebuilds a vault at `configuration.vaultURL` (new or empty) from a backup in `directory`
    /// or bucket `location` (`backupID`, or the newest), with the key store at
    /// `configuration.keyStoreURL`, and opens it.
    ///
    /// Before the vault opens for writes: the manifest's signature under the key store's audit
    /// key, every copied file's size and SHA-256, the catalog against the objects, the audit
    /// chain against the backup's checkpoint, and every recording's data key unwrapping (or its
    /// key found rewrapped or destroyed in the key store's journal). Anything wrong stops it,
    /// named, and leaves nothing at the destination. Then the key store's audit head moves to the
    /// backup's checkpoint, the vault opens, `vault.restore` is its first entry, the journal is
    /// replayed (keys rewrapped since adopted, keys destroyed since made purges, opt-outs since
    /// suppressed again) and open erasures run, so nobody erased since the backup comes back.
    ///
    /// With `keysFrom`, the key store is taken from the backup itself (its `keys.age`, when it was
    /// taken with a standby recipient) into `configuration.keyStoreURL`, which must be missing or
    /// empty: for a site that lost its key store too. The backup's manifest must verify under the
    /// audit key given before `keys.age` is read. Its journal is the backup's own, so what was
    /// erased after the backup is not known (as with any key store that old); a failed restore
    /// removes the key store it wrote.
    public static func restore(from location: BackupLocation, backupID: String?, configuration: VaultConfiguration,
                               keysFrom: BackupKeySource? = nil, actor: VaultActor, logger: Logger) async throws -> (Vault, RestoreReport) {
        try await BlockingWork.runLong("callvault-restore") {
            try restoreNow(from: location, backupID: backupID, configuration: configuration, keysFrom: keysFrom, actor: actor, logger: logger)
        }
    }

    /// Objects a standby holds from the backup it applied before (checked then): an object the
    /// new backup lists with the same path, size and SHA-256 is hard-linked, not copied again.
    struct RestoreSeed {
        /// The earlier restore's `objects/`.
        var objectsURL: URL
        /// What the earlier backup's manifest said of each, by path.
        var files: [String: BackupManifest.File]
    }

    /// One recording's key, as the key check found it.
    enum KeyFinding {
        case adopt(RecordingID, keySubject: String, wrapped: Data, subject: String?, generation: Int)
        case destroyed(RecordingRecord)
    }

    static func restoreNow(from location: BackupLocation, backupID: String?, configuration: VaultConfiguration, keysFrom: BackupKeySource? = nil,
                           actor: VaultActor, logger: Logger, seed: RestoreSeed? = nil, expected: BackupManifest? = nil) throws -> (Vault, RestoreReport) {
        guard let keyStoreURL = configuration.keyStoreURL else {
            throw VaultError(.misconfigured, "a restore needs the key store: --key-store DIR (restored with keys restore, or the HSM's)")
        }
        let fm = FileManager.default
        let root = try location.destination(environment: configuration.environment, scratch: fm.temporaryDirectory)
        guard let id = try backupID ?? root.backupIDs().last else { throw StoreError(.notFound, "no backups in \(root.name)") }
        guard (try? root.openFile("manifest.json", ofBackup: id)) != nil else {
            throw StoreError(.notFound, "no backup \(id) in \(root.name)")
        }
        let layout = VaultLayout(root: configuration.vaultURL)
        let marker = RestoreMarker.url(layout)
        if fm.fileExists(atPath: layout.manifestURL.path) {
            throw StoreError(.vaultExists, fm.fileExists(atPath: marker.path)
                ? "\(layout.root.path) holds a restore that opened: callvault opens it to finish it (run callvault verify there)"
                : "a vault already exists at \(layout.root.path)")
        }
        // An interrupted restore (its marker, no vault.json) starts over; the key store's head it found is kept.
        let interrupted = try? RestoreMarker.read(layout)
        if let entries = try? fm.contentsOfDirectory(atPath: layout.root.path), !entries.isEmpty, interrupted == nil {
            throw StoreError(.vaultExists, "\(layout.root.path) is not empty; a restore needs a new or empty directory")
        }
        var steps = [RestoreReport.Step]()
        func step<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
            let start = ContinuousClock.now
            let result = try body()
            let elapsed = ContinuousClock.now - start
            steps.append(.init(name: name, seconds: elapsed.seconds))
            return result
        }

        // 0. With keysFrom: the key store from the backup, once its manifest verifies under the key given;
        // from then on the restore holds to that manifest (one put in its place since is refused).
        var expected = expected
        var keyStoreFromBackup = false
        let keyStoreExisted = fm.fileExists(atPath: keyStoreURL.path)
        /// Removes what step 0 wrote (a restore that fails leaves nothing behind).
        func removeKeyStoreFromBackup() {
            guard keyStoreFromBackup else { return }
            if !keyStoreExisted {
                try? fm.removeItem(at: keyStoreURL)
            } else if let entries = try? fm.contentsOfDirectory(atPath: keyStoreURL.path) {
                for entry in entries { try? fm.removeItem(at: keyStoreURL.appendingPathComponent(entry)) }
            }
        }
        func undoingKeyStore<T>(_ body: () throws -> T) throws -> T {
            do { return try body() } catch {
                removeKeyStoreFromBackup()
                throw error
            }
        }
        if let keysFrom {
            // A key store there already is used as it is, never overwritten: after an interrupted
            // restore into this vault (the one it unpacked, renamed into place whole), the run goes on
            // with it, once the backup verifies under the key given.
            let present = (try? fm.contentsOfDirectory(atPath: keyStoreURL.path)).map { !$0.isEmpty } ?? false
            if present, interrupted == nil {
                throw StoreError(.vaultExists, "the key store \(keyStoreURL.path) exists: restore with it (without --identity), or give an "
                                 + "empty --key-store for the backup's own")
            }
            try step(present ? "check the backup against the audit key given" : "take the key store from the backup") {
                let manifest: BackupManifest
                do { manifest = try root.manifest(id, publicKey: keysFrom.auditKey) } catch let error as VaultError {
                    throw VaultError(.damagedBackup, "backup \(id) does not verify under the audit key given (\(error.message)): check "
                                     + "--audit-key (`callvault audit public-key` of the vault) and --from")
                }
                guard manifest.backupID == id, manifest.publicKey == keysFrom.auditKey.rawRepresentation.hexString, expected == nil || manifest == expected else {
                    throw VaultError(.damagedBackup, "backup \(id): its manifest names another backup or audit key")
                }
                guard let entry = manifest.keyStore else {
                    throw VaultError(.refused, "backup \(id) carries no key store (it was not taken with --standby-recipient): restore with the "
                                     + "vault's key store, or one restored with callvault keys restore")
                }
                expected = manifest
                if present { return }
                keyStoreFromBackup = true
                do {
                    try unpackKeyStore(from: root, backup: id, entry: entry, identity: keysFrom.identity, vaultID: manifest.vaultID, into: keyStoreURL,
                                       hsmHint: "restore with the HSM's key store (--key-store, without --identity)")
                } catch {
                    removeKeyStoreFromBackup()
                    throw error
                }
            }
        }

        // 1. The manifest, under the key store's audit key.
        let (keyRing, signer, manifest, checkpoint) = try undoingKeyStore { try step("check the manifest against the key store") {
            guard let unverified = root.unverifiedManifest(id) else { throw VaultError(.damagedBackup, "backup \(id): manifest.json is not a backup manifest") }
            let keyStore = try KeyStore.open(at: keyStoreURL, vaultID: unverified.vaultID)
            let keyRing = try KeyRing(keyStore: keyStore, createSubjectKeys: false)
            let signer = try auditSigningKey(keyRing: keyRing)
            let manifest = try root.manifest(id, publicKey: signer.publicKey)
            // The manifest names this backup, and is the one the caller checked (a standby), not one put in its place since.
            guard manifest.backupID == id, expected == nil || manifest == expected else {
                throw VaultError(.damagedBackup, "backup \(id): its manifest names another backup, or changed while it was read")
            }
            guard manifest.publicKey == signer.publicKey.rawRepresentation.hexString else {
                throw VaultError(.damagedBackup, "backup \(id) names another audit key than the key store's")
            }
            let checkpoint: Checkpoint
            do { checkpoint = try Checkpoint(note: manifest.checkpoint, publicKey: signer.publicKey) } catch {
                throw VaultError(.damagedBackup, "backup \(id): its checkpoint is not one this vault signed")
            }
            return (keyRing, signer, manifest, checkpoint)
        } }

        let createdRoot = !fm.fileExists(atPath: layout.root.path) || interrupted != nil
        let head = KeyStoreTreeHead(keyStore: keyRing.keyStore)
        // The head the key store held before any restore touched it: an interrupted run's, or now.
        let previousHead = try undoingKeyStore { interrupted != nil ? interrupted?.previousHead : try head.load() }
        var published = false
        do {
            if interrupted != nil { try layout.removeContents(directoryToo: false) }
            try fm.createDirectory(at: layout.objectsURL, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            try fm.setAttributes([.posixPermissions: 0o700], ofItemAtPath: layout.root.path)
            try RestoreMarker(backupID: id, checkpoint: manifest.checkpoint, previousHead: previousHead).write(layout)
            var bytes: Int64 = 0, reused = 0
            // 2. The catalog, byte for byte.
            try step("copy and check the catalog") {
                bytes += try copyChecked({ try root.openFile("catalog.sqlite", ofBackup: id) }, to: layout.catalogURL,
                                         expected: manifest.catalog, name: "catalog.sqlite", backup: id)
                let problems = try Catalog.structuralProblems(inCopy: layout.catalogURL)
                guard problems.isEmpty else {
                    throw VaultError(.damagedBackup, "backup \(id): catalog.sqlite fails SQLite's check: \(problems.prefix(3).joined(separator: "; "))")
                }
            }
            // 3. Every object, byte for byte.
            try step("copy and check \(manifest.objects.count) objects") {
                for parent in Set(manifest.objects.map { layout.objectsURL.appendingPathComponent($0.path).deletingLastPathComponent() }) {
                    try fm.createDirectory(at: parent, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
                }
                // Mostly per-file system calls and hashing: a worker per core.
                let lock = NSLock()
                var problems = [String](), copied: Int64 = 0
                try BlockingWork.concurrently(manifest.objects.count) { index in
                    let file = manifest.objects[index]
                    if let seed, seed.files[file.path] == file,
                       link(seed.objectsURL.appendingPathComponent(file.path).path, layout.objectsURL.appendingPathComponent(file.path).path) == 0 {
                        lock.withLock { reused += 1 }
                        return
                    }
                    do {
                        let size = try copyChecked({ try root.openObject(file.path) }, to: layout.objectsURL.appendingPathComponent(file.path),
                                                   expected: file, name: "objects/\(file.path)", backup: id)
                        lock.withLock { copied += size }
                    } catch let error as VaultError where error.code == .damagedBackup {
                        lock.withLock { problems.append(error.message) }
                    }
                }
                bytes += copied
                try FileSystemSync.syncFileSystem(containing: layout.root)
                try throwIfAny(problems.sorted(), backup: id)
            }
            // 4. The catalog against the objects.
            try step("check the catalog against the objects") {
                let listed = Set(manifest.objects.map(\.path)).union(manifest.goneDuringBackup)
                let missing = try Catalog.objectPaths(inCopy: layout.catalogURL).filter { !listed.contains($0.path) }
                try throwIfAny(missing.map { "recording \($0.recording): its object \($0.path) is not in the backup" }, backup: id)
            }
            let (auditEntries, findings, keysChecked): (Int64, [KeyFinding], Int) = try {
                let catalog = try Catalog(url: layout.catalogURL, consentReaders: configuration.consentReaders)
                // 5. The audit chain, against the checkpoint signed for the backup.
                let verification = try step("verify the audit log") {
                    let log = AuditLog(catalog: catalog, origin: "callvault/\(manifest.vaultID)", signer: signer, clock: configuration.clock, logger: logger)
                    do { return try log.verify(against: checkpoint) } catch let error as AuditError {
                        throw VaultError(.damagedBackup, "backup \(id): the audit log does not verify against the backup's checkpoint: \(error.message)")
                    }
                }
                // 6. The keys.
                // (What the journal says of missing keys is acted on once the vault is open.)
                let (findings, checked) = try step("check every data key") { try checkKeys(catalog: catalog, keyRing: keyRing, backup: id) }
                return (verification.entries, findings, checked)
            }()

            // 7. Open: the key store's head follows the restored log, vault.json appears (from here
            // on, opening the vault finishes the restore: the marker stays until the replay is done),
            // then the journal is replayed.
            try head.store(manifest.checkpoint)
            let createdAt = Timestamp.parse(manifest.vaultCreatedAt) ?? configuration.clock.now()
            try VaultManifest(vaultID: manifest.vaultID, keyStorePath: keyStoreURL.standardizedFileURL.path, createdAt: createdAt).write(layout)
            published = true
            let (vault, replay) = try step("open the vault and replay the key journal") { () -> (Vault, Replay) in
                let (vault, replay) = try Vault.openFinishingRestore(configuration, logger: logger, actor: actor, findings: findings)
                return (vault, replay ?? Replay())
            }
            let report = RestoreReport(backupID: id, vaultID: manifest.vaultID, vault: layout.root.path, objects: manifest.objects.count,
                                       objectsReused: reused, bytes: bytes, auditEntries: auditEntries, keysChecked: keysChecked, keysAdopted: replay.adopted,
                                       keysDestroyed: replay.destroyed, optOutsReplayed: replay.optOuts, erasuresCompleted: replay.erasures,
                                       steps: steps)
            logger.notice("vault restored", metadata: ["vault.id": "\(manifest.vaultID)", "backup.id": "\(id)"])
            return (vault, report)
        } catch {
            // Once vault.json is there the restore is finished by opening the vault, not undone.
            if published { throw error }
            if let previousHead { try? head.store(previousHead) } else {
                try? fm.removeItem(at: keyRing.keyStore.url.appendingPathComponent(KeyStoreTreeHead.fileName))
            }
            try? layout.removeContents(directoryToo: createdRoot)
            removeKeyStoreFromBackup()
            throw error
        }
    }

    /// Copies what `open` reads to `destination`, checking its size and SHA-256 against `expected`.
    private static func copyChecked(_ open: () throws -> any ObjectReader, to destination: URL, expected: BackupManifest.File, name: String,
                                    backup id: String) throws -> Int64 {
        let reader: any ObjectReader
        do { reader = try open() } catch let error as StoreError where error.code == .notFound {
            throw VaultError(.damagedBackup, "\(name) is missing")
        }
        let hash = SHA256Hasher()
        let size = try BackupCopy.copy(from: reader, to: destination) { hash.update($0) }
        guard size == expected.bytes else {
            throw VaultError(.damagedBackup, "\(name) has \(size) bytes, the manifest says \(expected.bytes) (truncated or replaced)")
        }
        guard hash.finalize().hexString == expected.sha256 else {
            throw VaultError(.damagedBackup, "\(name) does not match its SHA-256 in the manifest (its bytes changed)")
        }
        return size
    }

    private static func throwIfAny(_ problems: [String], backup id: String) throws {
        guard !problems.isEmpty else { return }
        let more = problems.count > 5 ? "; and \(problems.count - 5) more" : ""
        throw VaultError(.damagedBackup, "backup \(id) is damaged: \(problems.prefix(5).joined(separator: "; "))\(more)")
    }

    /// Checks that every kept recording's data key unwraps under the key store; a key gone since
    /// the backup is looked up in the journal: rewrapped (adopt it) or destroyed (a purge to replay).
    private static func checkKeys(catalog: Catalog, keyRing: KeyRing, backup id: String) throws -> ([KeyFinding], Int) {
        let (version, kek) = try keyRing.currentKEK()
        if let check = try catalog.kekCheck(version: version) {
            do { _ = try kek.unwrap(Array(check), context: KeyContext.kekCheck(version: version)) } catch {
                throw VaultError(.damagedBackup, "the key store's KEK version \(version) is not the one backup \(id) was sealed under")
            }
        } else {
            // Rotated since the backup: the audit key it unwrapped has already proven the key store.
            try catalog.storeKEKCheck(version: version, checkValue: Data(try kek.wrap(try SymmetricKey.random(), context: KeyContext.kekCheck(version: version))))
        }
        var findings = [KeyFinding](), destroyed = [RecordingID](), problems = [String](), checked = 0
        try catalog.forEachKeptRecordingKey { record in
            checked += 1
            guard let keySubject = record.keySubject else {
                do {
                    _ = try keyRing.kek(version: record.kekVersion).unwrap(Array(record.wrappedDataKey),
                                                                           context: KeyContext.legacyDataKey(recording: record.id, kekVersion: record.kekVersion))
                } catch { problems.append("recording \(record.id): its data key does not unwrap under KEK version \(record.kekVersion)") }
                return
            }
            if let subjectKey = try keyRing.subjectKey(keySubject, create: false) {
                do {
                    _ = try KeyWrap.unwrap(Array(record.wrappedDataKey), under: subjectKey, context: KeyContext.dataKey(recording: record.id, subject: keySubject))
                } catch { problems.append("recording \(record.id): its data key does not unwrap under its subject key") }
                return
            }
            if let journalled = try keyRing.subjects.journalledDataKey(of: record.id.description),
               let subjectKey = try keyRing.subjectKey(journalled.keySubject, create: false) {
                do {
                    _ = try KeyWrap.unwrap(Array(journalled.wrapped), under: subjectKey,
                                           context: KeyContext.dataKey(recording: record.id, subject: journalled.keySubject))
                } catch {
                    problems.append("recording \(record.id): its journalled data key does not unwrap")
                    return
                }
                let generation = journalled.keySubject.split(separator: "#").last.flatMap { Int($0) } ?? 1
                findings.append(.adopt(record.id, keySubject: journalled.keySubject, wrapped: journalled.wrapped,
                                       subject: record.subjectPseudonym, generation: generation))
            } else if try keyRing.subjects.wasDestroyed(keySubject) {
                destroyed.append(record.id)
            } else {
                problems.append("recording \(record.id): the key store has no key for it and never destroyed one (an older key store, or another vault's)")
            }
        }
        // The whole rows of the few whose keys are gone: the replay names their objects and hashes.
        for id in destroyed {
            guard let record = try catalog.recording(id) else { continue }
            findings.append(.destroyed(record))
        }
        try throwIfAny(problems, backup: id)
        return (findings, checked)
    }

    /// What the journal replay did.
    struct Replay {
        var adopted = 0, destroyed = 0, optOuts = 0, erasures = 0
    }

    /// The replay after a restore, on the opened vault: `vault.restore` first (log before act),
    /// then rewrapped keys adopted, recordings whose keys are destroyed purged (each audited, its
    /// object removed; a subject left without any key shredded), opt-outs since the backup
    /// suppressed again with their erasure requests, and the open erasures run.
    /// Opens a vault and, when it holds a restore's marker, finishes that restore (the replay).
    /// `findings`: the key check's, made on the same catalog file just before.
    static func openFinishingRestore(_ configuration: VaultConfiguration, logger: Logger, actor: VaultActor,
                                     findings: [KeyFinding]) throws -> (Vault, Replay?) {
        let vault = try Vault.open(configuration, logger: logger, finishingRestore: false)
        return (vault, try vault.finishRestore(actor: actor, findings: findings))
    }

    /// Step 7 of a restore, also run by ``open(_:logger:)`` when a restore was interrupted after
    /// vault.json appeared: the key journal replayed, then the marker removed. Nil without a marker.
    func finishRestore(actor: VaultActor, findings known: [KeyFinding]? = nil) throws -> Replay? {
        guard let marker = try RestoreMarker.read(layout) else { return nil }
        guard let sqlite = catalog as? Catalog else { throw VaultError(.internal, "a restored vault's catalog is SQLite") }
        // After an interruption the keys are checked again; a restore that just checked them passes what it found.
        let findings = try known ?? Self.checkKeys(catalog: sqlite, keyRing: keyRing, backup: marker.backupID).0
        let replay = try replayKeyJournal(findings, backup: marker, actor: actor)
        try FileManager.default.removeItem(at: RestoreMarker.url(layout))
        return replay
    }

    private func replayKeyJournal(_ findings: [KeyFinding], backup: RestoreMarker, actor: VaultActor) throws -> Replay {
        var replay = Replay()
        let previous = backup.previousHead.flatMap { try? Checkpoint(note: $0, publicKey: auditLog.publicKey) }
        let backupCheckpoint = try Checkpoint(note: backup.checkpoint, publicKey: auditLog.publicKey)
        // Opt-outs the restored catalog does not know, one per subject that has no open request
        // (an open request already suppresses the number and erases it).
        var optOuts = [(subject: String, request: String, requestedAt: Date)]()
        var suppressed = Set(try catalog.erasureRequests(state: .open).map(\.subject))
        for entry in try keyRing.subjects.journalledOptOuts().reversed() where !suppressed.contains(entry.subject) {
            suppressed.insert(entry.subject)  // the newest opt-out of a subject decides
            if try catalog.erasureRequest(entry.request) != nil { continue }
            optOuts.append(entry)
        }
        let adopted = findings.filter { if case .adopt = $0 { true } else { false } }.count
        try logAudit(.vaultRestore, actor: actor, target: backup.backupID, detail: [
            "backup": backup.backupID, "backup_tree_size": "\(backupCheckpoint.treeSize)",
            "backup_root": backupCheckpoint.rootHash.hexString,
            "previous_head_size": previous.map { "\($0.treeSize)" } ?? "none",
            "previous_head_root": previous.map { $0.rootHash.hexString } ?? "none",
            "keys_adopted": "\(adopted)", "keys_destroyed": "\(findings.count - adopted)", "opt_outs_replayed": "\(optOuts.count)",
        ])
        // A subject none of whose keys is left was shredded (or wholly erased) since: it is shredded here too.
        var shredded = Set<String>()
        let adoptedSubjects = Set(findings.compactMap { finding -> String? in
            if case .adopt(_, _, _, let subject, _) = finding { subject } else { nil }
        })
        for case .destroyed(let record) in findings {
            guard let subject = record.subjectPseudonym, !shredded.contains(subject), !adoptedSubjects.contains(subject),
                  let row = try catalog.subject(subject), row.state == .active else { continue }
            if try catalog.subjectKeyIDs(subject).allSatisfy({ try keyRing.subjects.row(for: $0) == nil }) { shredded.insert(subject) }
        }
        let at = now
        var destroyed = [RecordingRecord]()
        try catalog.write("cannot replay the key journal") { tx in
            var audit = [AuditRowMaker]()
            for finding in findings {
                switch finding {
                case .adopt(let id, let keySubject, let wrapped, let subject, let generation):
                    try tx.recordings.adoptDataKey(id, wrapped: wrapped, keySubject: keySubject, subject: subject, generation: generation)
                case .destroyed(let record):
                    // A shredded subject's objects stay, unreadable, as a shred leaves them.
                    if let subject = record.subjectPseudonym, shredded.contains(subject) { continue }
                    destroyed.append(record)
                    try tx.recordings.markKeyDestroyed(record.id, at: at)
                    audit.append(auditLog.rowMaker(for: draft(.recordingPurge, actor: actor, target: record.id.description, detail: [
                        "why": "restore: its data key was destroyed after backup \(backup.backupID)", "sealed_sha256": record.sealedSha256,
                    ])))
                }
            }
            try tx.appendAudit(audit)
        }
        replay.adopted = adopted
        replay.destroyed = findings.count - adopted
        for record in destroyed {
            _ = try objects.discard(relativePath: record.objectPath)
            if let transcript = record.transcriptPath { _ = try objects.discard(relativePath: transcript) }
        }
        for subject in shredded.sorted() {
            try logAudit(.subjectShred, actor: actor, target: subject, detail: ["reason": "restore: its keys were destroyed after backup \(backup.backupID)"])
            try catalog.completeShred(subject, at: at)
        }
        for entry in optOuts {
            let request = ErasureRequestRecord(id: entry.request, subject: entry.subject, masked: nil, requestedAt: entry.requestedAt,
                                               deadline: entry.requestedAt + TimeInterval(policy.erasure.deadlineHours) * 3600,
                                               reason: "opt-out recorded after backup \(backup.backupID), replayed at its restore")
            let audit = auditLog.rowMaker(for: draft(.consentOptOut, actor: actor, target: entry.subject, detail: [
                "erasure_request": entry.request, "deadline": Timestamp.format(request.deadline), "replayed": "restore",
            ]))
            try catalog.write("cannot replay an opt-out") { tx in
                try tx.consent.ensureNumber(subject: entry.subject, sealedNumber: nil)
                try tx.consent.optOut(subject: entry.subject, at: entry.requestedAt)
                try tx.appendAudit([audit])
                if try tx.consent.openErasureRequest(subject: entry.subject) == nil { try tx.consent.insertErasureRequest(request) }
            }
        }
        replay.optOuts = optOuts.count
        replay.erasures = try runErasures(actor: actor).count
        try auditLog.checkpoint()
        return replay
    }
}

/// The mark of a restore in progress (`VAULT/.restore.json`): which backup, its checkpoint, and
/// the key store's audit head before the restore moved it. Without vault.json, a new restore
/// starts over; with it, opening the vault finishes the replay and removes the mark.
struct RestoreMarker: Codable, Equatable {
    var backupID: String
    var checkpoint: String
    var previousHead: String?

    enum CodingKeys: String, CodingKey {
        case backupID = "backup_id", checkpoint, previousHead = "previous_head"
    }

    static func url(_ layout: VaultLayout) -> URL { layout.root.appendingPathComponent(".restore.json") }

    static func read(_ layout: VaultLayout) throws -> RestoreMarker? {
        let url = url(layout)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        return try JSONDecoder().decode(RestoreMarker.self, from: Data(contentsOf: url))
    }

    func write(_ layout: VaultLayout) throws {
        let url = Self.url(layout)
        try JSONEncoder().encode(self).write(to: url, options: .atomic)
        try FileSystemSync.syncDirectory(layout.root)
    }
}
