public import Foundation
internal import GRDB

/// Recording writes, inside a unit of work (`CatalogTransaction.recordings`): the commit of an
/// ingest and the switch to a new audio version.
public protocol RecordingWrites {
    /// An ingest's last step: the subject (if new) and the recording row, and the end of its
    /// journal entry. Fails (`StoreError(.catalog)`) when the subject's key was replaced since the
    /// data key was wrapped (a purge or a transcript add of another of its recordings).
    func commitIngest(_ recording: RecordingRecord, subject: SubjectRecord) throws
    /// A transcript add's commit: the row becomes `record`; with `rekey`, the other recordings
    /// under the old key move to their rewrapped data keys, the subject's key generation advances
    /// and the old key is queued for destruction. Fails (`StoreError(.catalog)`) when the row is no
    /// longer `expected`, or the recordings under the old key or the generation changed meanwhile.
    func switchVersion(_ record: RecordingRecord, expected: RecordingRecord, rekey: Catalog.Rekey?, at: Date) throws
}

/// Subject writes, inside a unit of work (`CatalogTransaction.subjects`).
public protocol SubjectWrites {
    /// Shred, step 1: marks an active subject `shredding` at `at`; false when unknown or not active.
    func beginShred(_ subject: String, at: Date) throws -> Bool
}

/// `RecordingWrites` on SQLite.
struct SQLiteRecordingWrites: RecordingWrites {
    let db: Database

    func commitIngest(_ recording: RecordingRecord, subject: SubjectRecord) throws {
        try subject.insert(db, onConflict: .ignore)
        if let keySubject = recording.keySubject, let current = try SubjectRecord.find(db, key: subject.subject), current.keyID != keySubject {
            throw StoreError(.catalog, "the key of the subject of recording \(recording.id) was replaced during its ingest; nothing was stored, ingest it again")
        }
        try recording.insert(db)
        try db.execute(sql: "DELETE FROM ingest_journal WHERE recording_id = ?", arguments: [recording.id.description])
    }

    func switchVersion(_ record: RecordingRecord, expected: RecordingRecord, rekey: Catalog.Rekey?, at: Date) throws {
        guard try RecordingRecord.find(db, key: record.id.description) == expected else {
            throw StoreError(.catalog, "recording \(record.id) changed while its transcript was being added; nothing was changed, run it again")
        }
        if let rekey {
            try SQLiteRetentionWrites.moveOffKey(db, rekey.oldKeyID, except: record.id, rewrapped: rekey.rewrapped, newKeyID: rekey.newKeyID, at: at,
                                                 changed: "recordings under \(rekey.oldKeyID) changed while a transcript was being added; nothing was changed, run it again")
            // (Both in this transaction: a refusal below rolls the move back.)
            try db.execute(sql: "UPDATE subjects SET key_generation = ? WHERE subject = ? AND key_generation = ?",
                           arguments: [rekey.newGeneration, rekey.subject, rekey.newGeneration - 1])
            guard db.changesCount == 1 else {
                throw StoreError(.catalog, "the key generation of \(rekey.subject) changed while a transcript was being added; nothing was changed, run it again")
            }
        }
        try record.update(db)
    }
}

/// `SubjectWrites` on SQLite.
struct SQLiteSubjectWrites: SubjectWrites {
    let db: Database

    func beginShred(_ subject: String, at: Date) throws -> Bool {
        guard var record = try SubjectRecord.find(db, key: subject), record.state == .active else { return false }
        record.state = .shredding
        record.shredRequestedAt = at
        try record.update(db)
        return true
    }
}
