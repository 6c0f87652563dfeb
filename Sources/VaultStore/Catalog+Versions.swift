import Foundation
internal import GRDB
public import VaultBase

extension Catalog {


    /// Step 1 of a transcript add: records the intent (and every path it may write) durably before
    /// any byte is written. Returns false, writing nothing, when another add of the same recording
    /// is in progress.
    public func beginVersion(_ pending: PendingVersion) throws -> Bool {
        try writeCatalog("cannot journal the transcript add of \(pending.id)") { db in
            guard try !Bool(exists: db, "SELECT 1 FROM version_journal WHERE recording_id = ?", [pending.id.description]) else { return false }
            try db.execute(sql: """
                INSERT INTO version_journal (recording_id, version, old_object_path, new_object_path, transcript_path, subject, new_key_id, started_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [pending.id.description, pending.version, pending.oldObjectPath, pending.newObjectPath, pending.transcriptPath,
                                 pending.subject, pending.newKeyID, pending.startedAt])
            return true
        }
    }

    /// Transcript adds that started and never ended.
    public func pendingVersions() throws -> [PendingVersion] {
        try readCatalog("cannot read the version journal") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM version_journal").map {
                PendingVersion(id: try $0.recordingID("recording_id"), version: $0["version"], oldObjectPath: $0["old_object_path"],
                               newObjectPath: $0["new_object_path"], transcriptPath: $0["transcript_path"], subject: $0["subject"],
                               newKeyID: $0["new_key_id"], startedAt: $0["started_at"])
            }
        }
    }

    /// Ends a transcript add's journal entry (done, or rolled back).
    public func endVersion(_ id: RecordingID) throws {
        try writeCatalog("cannot clear the version journal of \(id)") { db in
            try db.execute(sql: "DELETE FROM version_journal WHERE recording_id = ?", arguments: [id.description])
        }
    }

    /// Whether a subject key still wraps something: a recording's data key, or it is its subject's
    /// current key.
    public func isKeyInUse(_ keyID: String, subject: String?) throws -> Bool {
        try readCatalog("cannot read key use") { db in
            if try Bool(exists: db, "SELECT 1 FROM recordings WHERE key_subject = ? AND state != 'purged'", [keyID]) { return true }
            guard let subject, let row = try SubjectRecord.find(db, key: subject) else { return false }
            return row.keyID == keyID
        }
    }
}

private extension Bool {
    init(exists db: Database, _ sql: String, _ arguments: StatementArguments) throws {
        self = try Row.fetchOne(db, sql: sql, arguments: arguments) != nil
    }
}
