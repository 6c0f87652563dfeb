public import Foundation
internal import GRDB
public import VaultBase

extension Catalog {
    /// A transcript add in progress (the `version_journal` row), enough for recovery to finish it
    /// or undo it after a crash.
    public struct PendingVersion: Sendable, Equatable {
        /// The recording.
        public var id: RecordingID
        /// The audio version the recording has once the add commits.
        public var version: Int
        /// The audio object before the add.
        public var oldObjectPath: String
        /// The re-encoded audio object, or nil when the audio is kept (no timed span to mute).
        public var newObjectPath: String?
        /// The sealed redacted transcript.
        public var transcriptPath: String
        /// The subject entry whose key is replaced (when the audio is re-encoded).
        public var subject: String?
        /// The subject key the new data key is wrapped under (when the audio is re-encoded).
        public var newKeyID: String?
        /// When the add started.
        public var startedAt: Date

        /// Creates a journal entry.
        public init(id: RecordingID, version: Int, oldObjectPath: String, newObjectPath: String?, transcriptPath: String,
                    subject: String?, newKeyID: String?, startedAt: Date) {
            self.id = id; self.version = version; self.oldObjectPath = oldObjectPath; self.newObjectPath = newObjectPath
            self.transcriptPath = transcriptPath; self.subject = subject; self.newKeyID = newKeyID; self.startedAt = startedAt
        }
    }

    /// Moving a recording to a new subject key, and the rest of the old key's recordings with it.
    public struct Rekey: Sendable {
        /// The key that wrapped the old data key; queued for destruction.
        public var oldKeyID: String
        /// The other recordings under the old key, with their data keys wrapped under the new one.
        public var rewrapped: [(RecordingID, Data)]
        /// The new key.
        public var newKeyID: String
        /// The subject entry whose key generation advances.
        public var subject: String
        /// Its new generation (the old one plus one).
        public var newGeneration: Int

        /// Creates a rekeying.
        public init(oldKeyID: String, rewrapped: [(RecordingID, Data)], newKeyID: String, subject: String, newGeneration: Int) {
            self.oldKeyID = oldKeyID; self.rewrapped = rewrapped; self.newKeyID = newKeyID; self.subject = subject; self.newGeneration = newGeneration
        }
    }

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
