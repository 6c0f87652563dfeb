import Foundation
import VaultBase
public import VaultStore

extension PostgresCatalog: UnitOfWork {
    /// Runs `body` in one transaction; its writes and audit entries commit together or not at all.
    public func write<T>(_ what: String, _ body: (any CatalogTransaction) throws -> T) throws -> T {
        try transaction(what) { db in try body(PostgresTransaction(db: db)) }
    }
}

/// A `CatalogTransaction` over one connection's open transaction.
struct PostgresTransaction: CatalogTransaction {
    let db: SQLConnection

    var tokens: any TokenWrites { PostgresTokenWrites(db: db) }
    var users: any UserWrites { PostgresUserWrites(db: db) }
    var holds: any HoldWrites { PostgresHoldWrites(db: db) }
    var consent: any ConsentWrites { PostgresConsentWrites(db: db) }
    var retention: any RetentionWrites { PostgresRetentionWrites(db: db) }
    var erasure: any ErasureWrites { PostgresErasureWrites(db: db) }
    var recordings: any RecordingWrites { PostgresRecordingWrites(db: db) }
    var subjects: any SubjectWrites { PostgresSubjectWrites(db: db) }
    var monitor: any MonitorWrites { PostgresMonitorWrites(db: db) }

    @discardableResult
    func appendAudit(_ makers: [AuditRowMaker]) throws -> [AuditRow] { try PostgresCatalog.appendAudit(makers, in: db) }
}

/// The columns of each table that a record leaves out when nil (so an update clears them).
enum NullableColumns {
    static let recordings = ["subject_pseudonym", "subject_masked", "campaign", "agent", "key_subject", "metadata", "restricted_until",
                             "purged_at", "transcript_path", "transcript_format", "transcript_sha256"]
    static let subjects = ["masked", "shred_requested_at", "shredded_at"]
    static let apiTokens = ["revoked_at", "mac"]
    static let users = ["totp_secret", "totp_last_step", "locked_until", "disabled_at", "language", "mac"]
    static let phraseHits = ["speaker", "start_ms", "end_ms", "agent", "campaign", "reviewer", "note", "reviewed_at"]
}

struct PostgresUserWrites: UserWrites {
    let db: SQLConnection

    func insert(_ user: UserRecord) throws {
        if try self.user(named: user.name) != nil { throw StoreError(.conflict, "a console account is already named '\(user.name)'") }
        try db.insert(user, into: "users")
    }

    func user(named name: String) throws -> UserRecord? {
        try db.row("SELECT * FROM users WHERE name = ? FOR UPDATE", [name])?.decode(UserRecord.self)
    }

    func update(_ user: UserRecord) throws { try db.update(user, in: "users", key: "id", clearing: NullableColumns.users) }
}

struct PostgresTokenWrites: TokenWrites {
    let db: SQLConnection

    func insert(_ token: APITokenRecord) throws {
        if try liveToken(named: token.name) != nil { throw StoreError(.conflict, "a live API token is already named '\(token.name)'") }
        try db.insert(token, into: "api_tokens")
    }

    func liveToken(named name: String) throws -> APITokenRecord? {
        try db.row("SELECT * FROM api_tokens WHERE name = ? AND revoked_at IS NULL", [name])?.decode(APITokenRecord.self)
    }

    func update(_ token: APITokenRecord) throws { try db.update(token, in: "api_tokens", key: "id", clearing: NullableColumns.apiTokens) }

    func unsealed() throws -> [APITokenRecord] {
        try db.rows("SELECT * FROM api_tokens WHERE mac IS NULL ORDER BY created_at, id").map { try $0.decode(APITokenRecord.self) }
    }
}

struct PostgresHoldWrites: HoldWrites {
    let db: SQLConnection

    func place(_ hold: HoldRecord) throws { try db.insert(hold, into: "holds") }

    func release(recording: RecordingID?, subject: String?, at: Date) throws -> Int {
        var sql = "UPDATE holds SET released_at = ? WHERE released_at IS NULL"
        var arguments: [any SQLBindable] = [at]
        if let recording { sql += " AND recording_id = ?"; arguments.append(recording) }
        if let subject { sql += " AND subject = ?"; arguments.append(subject) }
        return try db.execute(sql, arguments)
    }
}

struct PostgresConsentWrites: ConsentWrites {
    let db: SQLConnection

    func ensureNumber(subject: String, sealedNumber: Data?) throws {
        try db.execute("INSERT INTO consent_numbers (subject, sealed_number) VALUES (?, ?) ON CONFLICT (subject) DO NOTHING", [subject, sealedNumber])
        if let sealedNumber {
            try db.execute("UPDATE consent_numbers SET sealed_number = ? WHERE subject = ? AND sealed_number IS NULL", [sealedNumber, subject])
        }
    }

    func upsertGrant(_ grant: ConsentGrantRow) throws {
        try db.execute("""
            INSERT INTO consent_grants (subject, purpose, source, evidence, granted_at, revoked_at, mac) VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (subject, purpose) DO UPDATE SET source = excluded.source, evidence = excluded.evidence,
              granted_at = excluded.granted_at, revoked_at = excluded.revoked_at, mac = excluded.mac
            """, [grant.subject, grant.purpose, grant.source, grant.evidence, grant.grantedAt, grant.revokedAt, grant.mac])
    }

    func activeGrant(subject: String, purpose: String) throws -> ConsentGrantRow? {
        try db.row("SELECT * FROM consent_grants WHERE subject = ? AND purpose = ? AND revoked_at IS NULL", [subject, purpose]).map(PostgresCatalog.grant)
    }

    func updateGrant(_ grant: ConsentGrantRow) throws {
        try db.execute("UPDATE consent_grants SET revoked_at = ?, mac = ? WHERE subject = ? AND purpose = ?",
                       [grant.revokedAt, grant.mac, grant.subject, grant.purpose])
    }

    func optOut(subject: String, at: Date) throws {
        try db.execute("UPDATE consent_numbers SET opted_out_at = COALESCE(opted_out_at, ?) WHERE subject = ?", [at, subject])
    }

    func setBlacklisted(subject: String, at: Date?, reason: String?) throws {
        try db.execute("UPDATE consent_numbers SET blacklisted_at = ?, blacklist_reason = ? WHERE subject = ?", [at, at == nil ? nil : reason, subject])
    }

    func setTag(subject: String, tag: String?) throws {
        try db.execute("UPDATE consent_numbers SET tag = ? WHERE subject = ?", [tag, subject])
    }

    /// The number's state, with its lock taken first: a claim on another node waits here until
    /// this transaction ends, then reads the attempt it recorded.
    func state(subject: String, since: Date) throws -> ConsentRecord {
        try db.execute("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", [subject])
        return try PostgresCatalog.consentRecord(db, subject: subject, since: since)
    }

    func recordAttempt(subject: String, purpose: String, at: Date) throws {
        try db.execute("INSERT INTO call_attempts (subject, purpose, at) VALUES (?, ?, ?)", [subject, purpose, at])
    }

    func openErasureRequest(subject: String) throws -> String? {
        try db.row("SELECT id FROM erasure_requests WHERE subject = ? AND state = 'open'", [subject])?.value("id")
    }

    func insertErasureRequest(_ request: ErasureRequestRecord) throws { try db.insert(request, into: "erasure_requests") }

    func importGrants(_ numbers: [(subject: String, purposes: [String])], source: String, at: Date, seal: ConsentGrantSealer) throws {
        for item in numbers {
            try db.execute("INSERT INTO consent_numbers (subject) VALUES (?) ON CONFLICT (subject) DO NOTHING", [item.subject])
            for purpose in item.purposes {
                let mac = seal(ConsentGrantRow(subject: item.subject, purpose: purpose, source: source, evidence: "import", grantedAt: at))
                try db.execute("""
                    INSERT INTO consent_grants (subject, purpose, source, evidence, granted_at, revoked_at, mac) VALUES (?, ?, ?, 'import', ?, NULL, ?)
                    ON CONFLICT (subject, purpose) DO UPDATE SET source = excluded.source, evidence = excluded.evidence,
                      granted_at = excluded.granted_at, revoked_at = NULL, mac = excluded.mac
                    """, [item.subject, purpose, source, at, mac])
            }
        }
    }
}

struct PostgresRetentionWrites: RetentionWrites {
    let db: SQLConnection

    func restrict(_ id: RecordingID, until: Date) throws {
        try db.execute("UPDATE recordings SET state = 'restricted', restricted_until = ? WHERE id = ? AND state IN ('stored', 'restricted')", [until, id])
    }

    func purge(_ id: RecordingID, oldKeyID: String, rewrapped: [(RecordingID, Data)], newKeyID: String?,
               subject: String?, newGeneration: Int?, at: Date) throws {
        // A hold placed since the caller decided wins: checked in the purge's own transaction,
        // with the recording's row locked against a concurrent purge or switch.
        let recordingSubject: String? = try db.row("SELECT subject_pseudonym FROM recordings WHERE id = ? FOR UPDATE", [id])?.optional("subject_pseudonym")
        guard try !PostgresCatalog.isHeld(db, recording: id, subject: recordingSubject) else {
            throw StoreError(.conflict, "recording \(id) is under a legal hold")
        }
        try Self.moveOffKey(db, oldKeyID, except: id, rewrapped: rewrapped, newKeyID: newKeyID, at: at,
                            changed: "recordings under \(oldKeyID) changed during the purge; run it again")
        try db.execute("UPDATE recordings SET state = 'purged', purged_at = ?, wrapped_data_key = ''::bytea, restricted_until = NULL WHERE id = ?", [at, id])
        try db.execute("DELETE FROM phrase_hits WHERE recording_id = ?", [id])
        try db.execute("DELETE FROM rs_metadata WHERE recording_id = ?", [id])
        if let subject, let newGeneration {
            try db.execute("UPDATE subjects SET key_generation = ? WHERE subject = ?", [newGeneration, subject])
        }
    }

    /// `SQLiteRetentionWrites.moveOffKey`'s rule: every recording under the old key but `except`
    /// moves to its rewrapped key, and the old key is queued for destruction; the set of
    /// recordings under it must be exactly the ones the caller rewrapped.
    static func moveOffKey(_ db: SQLConnection, _ oldKeyID: String, except id: RecordingID, rewrapped: [(RecordingID, Data)],
                           newKeyID: String?, at: Date, changed: String) throws {
        let under = Set(try db.rows("SELECT id FROM recordings WHERE key_subject = ? AND state != 'purged' FOR UPDATE", [oldKeyID])
            .map { try $0.value("id", as: String.self) })
        guard under == Set(rewrapped.map { $0.0.description } + [id.description]) else { throw StoreError(.catalog, changed) }
        for (other, wrapped) in rewrapped {
            try db.execute("UPDATE recordings SET wrapped_data_key = ?, key_subject = ? WHERE id = ?", [wrapped, newKeyID, other])
        }
        try db.execute("INSERT INTO pending_key_destructions (key_subject, requested_at) VALUES (?, ?) ON CONFLICT (key_subject) DO NOTHING",
                       [oldKeyID, at])
    }
}

struct PostgresErasureWrites: ErasureWrites {
    let db: SQLConnection

    func complete(_ request: ErasureRequestRecord, keyIDs: [String], receipt: String, at: Date) throws {
        let subject = request.subject
        try db.execute("DELETE FROM consent_grants WHERE subject = ?", [subject])
        try db.execute("DELETE FROM call_attempts WHERE subject = ?", [subject])
        try db.execute("INSERT INTO consent_numbers (subject) VALUES (?) ON CONFLICT (subject) DO NOTHING", [subject])
        try db.execute("UPDATE consent_numbers SET sealed_number = NULL, tag = NULL, opted_out_at = COALESCE(opted_out_at, ?) WHERE subject = ?", [at, subject])
        for keyID in keyIDs {
            try db.execute("INSERT INTO pending_key_destructions (key_subject, requested_at) VALUES (?, ?) ON CONFLICT (key_subject) DO NOTHING", [keyID, at])
        }
        try db.execute("UPDATE erasure_requests SET state = 'completed', completed_at = ?, receipt = ?, failure = NULL WHERE id = ?",
                       [at, receipt, request.id])
    }

    func finish(_ id: String, completedAt: Date, receipt: String?, failure: String?) throws {
        try db.execute("UPDATE erasure_requests SET state = ?, completed_at = ?, receipt = ?, failure = ? WHERE id = ?",
                       [failure == nil ? "completed" : "failed", completedAt, receipt, failure, id])
    }
}

struct PostgresRecordingWrites: RecordingWrites {
    let db: SQLConnection

    func adoptDataKey(_ id: RecordingID, wrapped: Data, keySubject: String, subject: String?, generation: Int) throws {
        try db.execute("UPDATE recordings SET wrapped_data_key = ?, key_subject = ? WHERE id = ?", [wrapped, keySubject, id])
        if let subject {
            try db.execute("UPDATE subjects SET key_generation = GREATEST(key_generation, ?) WHERE subject = ?", [generation, subject])
        }
    }

    func markKeyDestroyed(_ id: RecordingID, at: Date) throws {
        try db.execute("UPDATE recordings SET state = 'purged', purged_at = ?, wrapped_data_key = ''::bytea, restricted_until = NULL WHERE id = ? AND state <> 'purged'",
                       [at, id])
        try db.execute("DELETE FROM phrase_hits WHERE recording_id = ?", [id])
        try db.execute("DELETE FROM rs_metadata WHERE recording_id = ?", [id])
    }

    func putRSMetadata(_ id: RecordingID, _ metadata: SealedRSMetadata) throws {
        try db.execute("INSERT INTO rs_metadata (recording_id, sealed, documents) VALUES (?, ?, ?) "
                       + "ON CONFLICT (recording_id) DO UPDATE SET sealed = EXCLUDED.sealed, documents = EXCLUDED.documents",
                       [id, metadata.sealed, metadata.documents])
    }

    func commitIngest(_ recording: RecordingRecord, subject: SubjectRecord) throws {
        try db.insert(subject, into: "subjects", onConflict: "(subject) DO NOTHING")
        if let keySubject = recording.keySubject,
           let current = try db.row("SELECT * FROM subjects WHERE subject = ? FOR SHARE", [subject.subject])?.decode(SubjectRecord.self),
           current.keyID != keySubject {
            throw StoreError(.catalog, "the key of the subject of recording \(recording.id) was replaced during its ingest; nothing was stored, ingest it again")
        }
        try db.insert(recording, into: "recordings")
        guard try db.execute("DELETE FROM ingest_journal WHERE recording_id = ?", [recording.id]) == 1 else {
            throw StoreError.ingestEnded(recording.id)
        }
    }

    func switchVersion(_ record: RecordingRecord, expected: RecordingRecord, rekey: SubjectRekey?, at: Date) throws {
        guard try db.row("SELECT * FROM recordings WHERE id = ? FOR UPDATE", [record.id])?.decode(RecordingRecord.self) == expected else {
            throw StoreError(.catalog, "recording \(record.id) changed while its transcript was being added; nothing was changed, run it again")
        }
        if let rekey {
            try PostgresRetentionWrites.moveOffKey(db, rekey.oldKeyID, except: record.id, rewrapped: rekey.rewrapped, newKeyID: rekey.newKeyID, at: at,
                                                   changed: "recordings under \(rekey.oldKeyID) changed while a transcript was being added; nothing was changed, run it again")
            guard try db.execute("UPDATE subjects SET key_generation = ? WHERE subject = ? AND key_generation = ?",
                                 [rekey.newGeneration, rekey.subject, rekey.newGeneration - 1]) == 1 else {
                throw StoreError(.catalog, "the key generation of \(rekey.subject) changed while a transcript was being added; nothing was changed, run it again")
            }
        }
        try db.update(record, in: "recordings", key: "id", clearing: NullableColumns.recordings)
    }
}

struct PostgresSubjectWrites: SubjectWrites {
    let db: SQLConnection

    func beginShred(_ subject: String, at: Date) throws -> Bool {
        guard var record = try db.row("SELECT * FROM subjects WHERE subject = ? FOR UPDATE", [subject])?.decode(SubjectRecord.self),
              record.state == .active else { return false }
        record.state = .shredding
        record.shredRequestedAt = at
        try db.update(record, in: "subjects", key: "subject", clearing: NullableColumns.subjects)
        return true
    }
}

struct PostgresMonitorWrites: MonitorWrites {
    let db: SQLConnection

    func replaceHits(of recording: RecordingID, with hits: [PhraseHitRecord]) throws {
        try db.execute("DELETE FROM phrase_hits WHERE recording_id = ?", [recording])
        for hit in hits { try db.insert(hit, into: "phrase_hits") }
    }

    func review(_ id: String, state: PhraseHitRecord.State, reviewer: String, note: String?, at: Date) throws -> PhraseHitRecord {
        guard var hit = try db.rows("SELECT * FROM phrase_hits WHERE id = ? FOR UPDATE", [id]).first.map({ try $0.decode(PhraseHitRecord.self) }) else {
            throw StoreError(.notFound, "no phrase hit \(id)")
        }
        hit.state = state; hit.reviewer = reviewer; hit.note = note; hit.reviewedAt = at
        try db.update(hit, in: "phrase_hits", key: "id", clearing: NullableColumns.phraseHits)
        return hit
    }

    func appendLexiconChange(_ change: LexiconChangeRecord) throws -> Int {
        // Two nodes adding a change at once: one after the other, each its own version.
        try db.execute("SELECT pg_advisory_xact_lock(?)", [Self.lexiconLock])
        var change = change
        change.version = Int(try db.row("SELECT COALESCE(MAX(version), 0) AS latest FROM lexicon_changes")?.value("latest", as: Int64.self) ?? 0) + 1
        try db.insert(change, into: "lexicon_changes")
        return change.version
    }

    /// A number for `pg_advisory_xact_lock` that serialises lexicon changes (the bytes of "cvlexi").
    static let lexiconLock: Int64 = 0x6376_6C65_7869
}
