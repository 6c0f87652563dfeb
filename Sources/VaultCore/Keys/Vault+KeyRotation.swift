public import Foundation
import VaultAudit
import VaultCrypto
public import VaultStore

/// The state of a vault's keys, for `keys status`.
public struct KeyStatus: Sendable {
    /// One KEK version.
    public struct Version: Sendable {
        /// Its number.
        public var version: Int
        /// When it was created.
        public var createdAt: Date
        /// When its material was destroyed, if it was.
        public var retiredAt: Date?
        /// Subject keys it wraps.
        public var subjectKeys: Int
        /// Whether it wraps the audit signing key.
        public var wrapsSigningKey: Bool
        /// Whether it is the version new keys are wrapped under.
        public var isCurrent: Bool
    }
    /// Every version, oldest first.
    public var versions: [Version]
    /// The rotation period from policy, in days.
    public var rotationPeriodDays: Int
    /// When the current version reaches the end of the period.
    public var nextRotationDue: Date
    /// Subject entries by state.
    public var subjects: [SubjectRecord.State: Int]
    /// True when keys are still wrapped under an older version (a rotation to finish).
    public var rotationUnfinished: Bool { versions.contains { !$0.isCurrent && $0.retiredAt == nil && ($0.subjectKeys > 0 || $0.wrapsSigningKey) } }
}

/// What a rotation did.
public struct RotationResult: Sendable {
    /// The version keys were wrapped under before.
    public var from: Int
    /// The version they are wrapped under now.
    public var to: Int
    /// Whether a new version was created (false when an interrupted rotation was finished).
    public var createdVersion: Bool
    /// Subject keys rewrapped.
    public var rewrapped: Int
    /// Versions retired (material destroyed).
    public var retired: [Int]
}

extension Vault {
    /// Rotates the KEK: creates version N+1 and rewraps the subject keys and the audit signing key
    /// under it (no audio is re-encrypted), in crash-safe batches, then retires every version that
    /// no longer wraps anything. If an earlier rotation was interrupted, it finishes that one
    /// instead of creating another version. Audited (`key.rotate`, `key.retire`).
    ///
    /// Steps, each durable before the next: (1) the new key file is written; (2) its check value
    /// goes into the catalog; (3) the manifest makes it current, with the audit entry written
    /// first; (4) subject keys are rewrapped 10,000 per transaction, so every key stays readable
    /// under one version or the other; (5) the signing key is rewrapped (atomic file replace);
    /// (6) old versions are retired, when no ingest is running.
    @discardableResult
    package func rotateKeys(actor: VaultActor) throws -> RotationResult {
        let lock = try FileLock(url: keyRing.keyStore.url.appendingPathComponent("rotation.lock"))
        try lock.lockExclusive()
        defer { lock.unlock() }
        try keyRing.refresh()
        let from = keyRing.keyStore.currentKEKVersion
        var created = false
        if try !keyStatus().rotationUnfinished {
            let (version, kek, pkcs11) = try keyRing.keyStore.preparingKEKVersion()
            try catalog.storeKEKCheck(version: version, checkValue: Data(try kek.wrap(try SymmetricKey.random(),
                                                                                        context: KeyContext.kekCheck(version: version))))
            try logAudit(.keyRotate, actor: actor, target: nil, detail: ["from_version": "\(from)", "to_version": "\(version)"])
            keyRing.replace(try keyRing.keyStore.activatingKEKVersion(version, createdAt: now, pkcs11: pkcs11))
            created = true
        }
        let (to, kek) = try keyRing.currentKEK()
        var rewrapped = 0
        var after: Int64 = 0
        while true {
            let batch = try keyRing.subjects.rows(notUnder: to, afterRowID: after, limit: 10_000)
            guard let last = batch.last else { break }
            let rows = try batch.map(\.row).map { row in
                let key = try keyRing.kek(version: row.kekVersion).unwrap(
                    Array(row.wrapped), context: KeyContext.subjectKey(subject: row.subject, kekVersion: row.kekVersion))
                return SubjectKeyRow(subject: row.subject, kekVersion: to,
                                           wrapped: Data(try kek.wrap(key, context: KeyContext.subjectKey(subject: row.subject, kekVersion: to))))
            }
            try keyRing.subjects.update(rows)
            rewrapped += rows.count
            after = last.rowID
        }
        if let stored = try keyRing.keyStore.privateFile(named: Self.auditSigningKeyFile), Self.auditSigningKeyVersion(stored) != to {
            try keyRing.keyStore.replacePrivateFile(named: Self.auditSigningKeyFile, contents: try Self.wrapAuditSigningKey(auditLog.signer, keyRing: keyRing))
        }
        let retired = try retireUnusedKEKVersions(actor: actor)
        logger.notice("KEK rotated", metadata: ["keys.from": "\(from)", "keys.to": "\(to)", "keys.rewrapped": "\(rewrapped)"])
        return RotationResult(from: from, to: to, createdVersion: created, rewrapped: rewrapped, retired: retired)
    }

    /// Retires (destroys) every non-current version that `keys status` shows wraps nothing.
    /// Skipped while an ingest runs (it might still wrap a new subject key under an older version);
    /// `Vault.open` tries again, so a postponed retirement happens at the next command.
    @discardableResult
    func retireUnusedKEKVersions(actor: VaultActor) throws -> [Int] {
        guard try keyStatus().versions.contains(where: { !$0.isCurrent && $0.retiredAt == nil && $0.subjectKeys == 0 && !$0.wrapsSigningKey }) else {
            return []
        }
        let ingests = try FileLock.ingest(layout)
        guard ingests.tryLockExclusive() else {
            logger.notice("KEK retirement postponed: an ingest is running")
            return []
        }
        defer { ingests.unlock() }
        var retired = [Int]()
        for version in try keyStatus().versions where !version.isCurrent && version.retiredAt == nil
            && version.subjectKeys == 0 && !version.wrapsSigningKey {
            try logAudit(.keyRetire, actor: actor, target: nil, detail: ["version": "\(version.version)"])
            keyRing.replace(try keyRing.keyStore.retiringKEKVersion(version.version, at: now))
            retired.append(version.version)
        }
        return retired
    }

    /// Rotates first when the current KEK is as old as the policy's period allows: nothing new is
    /// ever sealed under an older KEK. Returns what the rotation did, or nil when none was due.
    @discardableResult
    package func rotateIfDue() throws -> RotationResult? {
        try keyRing.refresh()
        guard now >= keyRotationDue else { return nil }
        return try rotateKeys(actor: .keyRotation)
    }

    /// When the current KEK version reaches the end of the rotation period.
    var keyRotationDue: Date {
        keyRing.keyStore.currentKEK.createdAt.addingTimeInterval(TimeInterval(policy.keys.rotationPeriodDays) * 86_400)
    }

    /// Versions, what each wraps, and when the next rotation is due.
    package func keyStatus() throws -> KeyStatus {
        let store = keyRing.keyStore
        let counts = try keyRing.subjects.countsByKEKVersion()
        let signing = try store.privateFile(named: Self.auditSigningKeyFile).map(Self.auditSigningKeyVersion)
        return KeyStatus(
            versions: store.kekVersions.map {
                KeyStatus.Version(version: $0.version, createdAt: $0.createdAt, retiredAt: $0.retiredAt,
                                  subjectKeys: counts[$0.version] ?? 0, wrapsSigningKey: signing == $0.version,
                                  isCurrent: $0.version == store.currentKEKVersion)
            },
            rotationPeriodDays: policy.keys.rotationPeriodDays, nextRotationDue: keyRotationDue,
            subjects: try catalog.subjectCounts())
    }
}

/// What `keys verify` found.
public struct KeyVerification: Sendable {
    /// KEK versions whose check value unwrapped.
    public var keks: Int
    /// Subject keys that unwrapped.
    public var subjectKeys: Int
    /// Recording data keys that unwrapped.
    public var dataKeys: Int
    /// Recordings skipped because their subject is shredded.
    public var shreddedRecordings: Int
    /// Every key that failed, in words.
    public var failures: [String]
    /// True when every key unwrapped.
    public var isClean: Bool { failures.isEmpty }
}

extension Vault {
    /// Unwraps every wrapped key: each live KEK's check value, every subject key under its KEK
    /// version, the audit signing key, and every recording's data key under its subject key.
    /// Audited (`key.verify`).
    package func verifyKeys(actor: VaultActor) throws -> KeyVerification {
        try keyRing.refresh()
        var result = KeyVerification(keks: 0, subjectKeys: 0, dataKeys: 0, shreddedRecordings: 0, failures: [])
        for version in keyRing.keyStore.kekVersions where version.retiredAt == nil {
            do {
                guard let check = try catalog.kekCheck(version: version.version) else {
                    result.failures.append("KEK version \(version.version): no check value in the catalog")
                    continue
                }
                _ = try keyRing.kek(version: version.version).unwrap(Array(check), context: KeyContext.kekCheck(version: version.version))
                result.keks += 1
            } catch {
                result.failures.append("KEK version \(version.version): \(error)")
            }
        }
        // Keys of recordings that never were: an anonymous recording's key (`anon-<id>`) whose
        // recording is not in the catalog and not being ingested was left by an interrupted ingest.
        let recordingIDs = Set(try catalog.recordings().map(\.id.description))
            .union(try catalog.pendingIngests().map(\.id.description))
        try keyRing.subjects.forEach { row in
            let recording = row.subject.split(separator: "#").first.map { String($0.dropFirst(5)) } ?? ""  // anon-<id>#<generation>
            if row.subject.hasPrefix("anon-"), !recordingIDs.contains(recording) {
                result.failures.append("subject key \(row.subject): no recording uses it (left by an interrupted ingest)")
                return
            }
            do {
                _ = try keyRing.kek(version: row.kekVersion).unwrap(Array(row.wrapped), context: KeyContext.subjectKey(subject: row.subject, kekVersion: row.kekVersion))
                result.subjectKeys += 1
            } catch {
                result.failures.append("subject key \(row.subject) (KEK version \(row.kekVersion)): \(error)")
            }
        }
        do { _ = try Self.auditSigningKey(keyRing: keyRing) } catch { result.failures.append("audit signing key: \(error)") }
        for record in try catalog.recordings() where record.state != .purged {
            if record.state == .shredded {
                result.shreddedRecordings += 1
                continue
            }
            do {
                _ = try unwrapDataKey(of: record)
                result.dataKeys += 1
            } catch {
                result.failures.append("recording \(record.id): \(error)")
            }
        }
        try logAudit(.keyVerify, actor: actor, target: nil, outcome: result.isClean ? .ok : .failed, detail: [
            "subject_keys": "\(result.subjectKeys)", "data_keys": "\(result.dataKeys)", "failures": "\(result.failures.count)",
        ])
        return result
    }
}
