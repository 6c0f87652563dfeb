public import Foundation
import VaultAudit
public import VaultBase
import VaultCrypto
import VaultStore

/// What shredding a subject did.
public struct ShredResult: Sendable {
    /// The subject's pseudonym.
    public var subject: String
    /// How many recordings became permanently unreadable.
    public var recordings: Int
    /// When the key was destroyed.
    public var shreddedAt: Date
}

extension Vault {
    /// Crypto-shredding: destroys the subject key of `phone`, so every recording of that subject
    /// becomes permanently unreadable, in the vault and in any copy of its data files.
    ///
    /// A three-step job, resumable at open (``finishInterruptedShreds()``):
    /// 1. the subject is marked `shredding` together with its audit entry (log before act);
    /// 2. its key is deleted from the key store, and the key database's log truncated;
    /// 3. the subject and its recordings are marked `shredded`.
    package func shredSubject(phone: PhoneNumber, reason: String, actor: VaultActor) throws -> ShredResult {
        let subject = pseudonymizer.pseudonym(e164: phone.e164)
        guard let record = try catalog.subject(subject) else {
            throw StoreError(.notFound, "no recordings or keys of \(phone.masked) in this vault")
        }
        if record.state == .shredded {
            throw VaultError(.refused, "\(phone.masked) was already shredded at \(record.shreddedAt.map(Timestamp.format) ?? "?")")
        }
        if record.state == .active {
            let entry = draft(.subjectShred, actor: actor, target: subject, detail: ["reason": reason])
            let audit = auditLog.rowMaker(for: entry), at = now
            try catalog.write("cannot mark subject for shredding") { tx in
                if try tx.subjects.beginShred(subject, at: at) { try tx.appendAudit([audit]) }
            }
        }
        let shreddedAt = try completeShred(subject)
        let recordings = try catalog.recordings(ofSubject: subject).filter { $0.state == .shredded }.count
        auditLog.checkpointIfDue()
        return ShredResult(subject: subject, recordings: recordings, shreddedAt: shreddedAt)
    }

    /// Steps 2 and 3 of a shred.
    private func completeShred(_ subject: String) throws -> Date {
        let keyIDs = try catalog.subjectKeyIDs(subject) + [subject]
        try keyRing.subjects.destroy(keyIDs)
        keyIDs.forEach(keyRing.forget)
        let at = now
        try catalog.completeShred(subject, at: at)
        logger.notice("subject key destroyed", metadata: ["subject.pseudonym": "\(subject)"])
        return at
    }

    /// Finishes shreds a crash interrupted after step 1.
    func finishInterruptedShreds() throws {
        for subject in try catalog.subjects(in: .shredding) { _ = try completeShred(subject.subject) }
    }

    /// Moves data keys still wrapped directly under a KEK (vaults made before subject keys) under
    /// subject keys: the recording's known subject, or an anonymous subject of its own.
    func upgradeLegacyDataKeys() throws {
        let legacy = try catalog.recordingsWithoutKeySubject()
        guard !legacy.isEmpty else { return }
        for record in legacy {
            let dataKey = try unwrapDataKey(of: record)
            let subject = record.subjectPseudonym ?? KeyContext.anonymousSubject(for: record.id)
            guard let subjectKey = try keyRing.subjectKey(subject, create: true) else { continue }
            let wrapped = try KeyWrap.wrap(dataKey, under: subjectKey, context: KeyContext.dataKey(recording: record.id, subject: subject))
            try catalog.rekey(record.id, wrappedDataKey: Data(wrapped),
                              subject: SubjectRecord(subject: subject, masked: record.subjectMasked, createdAt: record.ingestedAt))
        }
        logger.notice("moved data keys under subject keys", metadata: ["keys.upgraded": "\(legacy.count)"])
    }
}
