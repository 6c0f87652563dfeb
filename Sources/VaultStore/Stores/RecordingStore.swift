public import Foundation
public import VaultBase
internal import GRDB

/// Recording writes, inside a unit of work (`CatalogTransaction.recordings`): the commit of an
/// ingest and the switch to a new audio version.
public protocol RecordingWrites {
    /// An ingest's last step: the subject (if new) and the recording row, and the end of its
    /// journal entry. Fails (`StoreError(.catalog)`) when the subject's key was replaced since the
    /// data key was wrapped (a purge or a transcript add of another of its recordings), or when
    /// the journal entry is gone (recovery on another node rolled the ingest back).
    func commitIngest(_ recording: RecordingRecord, subject: SubjectRecord) throws
    /// A transcript add's commit: the row becomes `record`; with `rekey`, the other recordings
    /// under the old key move to their rewrapped data keys, the subject's key generation advances
    /// and the old key is queued for destruction. Fails (`StoreError(.catalog)`) when the row is no
    /// longer `expected`, or the recordings under the old key or the generation changed meanwhile.
    func switchVersion(_ record: RecordingRecord, expected: RecordingRecord, rekey: SubjectRekey?, at: Date) throws
    /// A restore's replay: the recording's data key becomes the one the key store journalled
    /// (rewrapped under `keySubject` after the backup), and its subject's key generation at least `generation`.
    func adoptDataKey(_ id: RecordingID, wrapped: Data, keySubject: String, subject: String?, generation: Int) throws
    /// A restore's replay: the recording's data key was destroyed after the backup (a purge, an
    /// erasure, a new audio version), so it becomes `purged` at `at`.
    func markKeyDestroyed(_ id: RecordingID, at: Date) throws
    /// A live call's SIPREC metadata, sealed under the recording's data key (replacing what the
    /// recording had: a new audio version seals it under its new key).
    func putRSMetadata(_ id: RecordingID, _ metadata: SealedRSMetadata) throws
}

/// Subject writes, inside a unit of work (`CatalogTransaction.subjects`).
public protocol SubjectWrites {
    /// Shred, step 1: marks an active subject `shredding` at `at`; false when unknown or not active.
    func beginShred(_ subject: String, at: Date) throws -> Bool
}

/// `RecordingWrites` on SQLite.
struct SQLiteRecordingWrites: RecordingWrites {
    let db: Database

    func adoptDataKey(_ id: RecordingID, wrapped: Data, keySubject: String, subject: String?, generation: Int) throws {
        try db.execute(sql: "UPDATE recordings SET wrapped_data_key = ?, key_subject = ? WHERE id = ?", arguments: [wrapped, keySubject, id.description])
        if let subject {
            try db.execute(sql: "UPDATE subjects SET key_generation = max(key_generation, ?) WHERE subject = ?", arguments: [generation, subject])
        }
    }

    func markKeyDestroyed(_ id: RecordingID, at: Date) throws {
        try db.execute(sql: "UPDATE recordings SET state = 'purged', purged_at = ?, wrapped_data_key = x'', restricted_until = NULL WHERE id = ? AND state != 'purged'",
                       arguments: [at, id.description])
        try db.execute(sql: "DELETE FROM phrase_hits WHERE recording_id = ?", arguments: [id.description])
        try db.execute(sql: "DELETE FROM rs_metadata WHERE recording_id = ?", arguments: [id.description])
    }

    func putRSMetadata(_ id: RecordingID, _ metadata: SealedRSMetadata) throws {
        try db.execute(sql: "INSERT OR REPLACE INTO rs_metadata (recording_id, sealed, documents) VALUES (?, ?, ?)",
                       arguments: [id.description, metadata.sealed, metadata.documents])
    }

    func commitIngest(_ recording: RecordingRecord, subject: SubjectRecord) throws {
        try subject.insert(db, onConflict: .ignore)
        if let keySubject = recording.keySubject, let current = try SubjectRecord.find(db, key: subject.subject), current.keyID != keySubject {
            throw StoreError(.catalog, "the key of the subject of recording \(recording.id) was replaced during its ingest; nothing was stored, ingest it again")
        }
        try recording.insert(db)
        try db.execute(sql: "DELETE FROM ingest_journal WHERE recording_id = ?", arguments: [recording.id.description])
        guard db.changesCount == 1 else { throw StoreError.ingestEnded(recording.id) }
    }

    func switchVersion(_ record: RecordingRecord, expected: RecordingRecord, rekey: SubjectRekey?, at: Date) throws {
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

/// Recordings as a catalog keeps them, for reading (what a second catalog implements beside
/// `RecordingWrites`). SQLite's `Catalog` implements it.
public protocol RecordingStore: Sendable {
    /// Every recording, oldest call first.
    func recordings() throws -> [RecordingRecord]
    /// One recording, or nil.
    func recording(_ id: RecordingID) throws -> RecordingRecord?
    /// How many recordings there are.
    func recordingCount() throws -> Int
    /// The recordings kept (stored or restricted): how many, their sealed bytes, the oldest call start.
    func recordingTotals() throws -> RecordingTotals
    /// Recordings matching a search, oldest call first, one page.
    func searchRecordings(_ query: RecordingQuery) throws -> [RecordingRecord]
    /// Stored or restricted recordings whose call started before `cutoff` (retention's candidates).
    func recordings(startedBefore cutoff: Date) throws -> [RecordingRecord]
    /// Restricted recordings whose restriction ended by `at`.
    func restrictionsEnded(by at: Date) throws -> [RecordingRecord]
    /// A subject's recordings.
    func recordings(ofSubject subject: String) throws -> [RecordingRecord]
    /// Recordings not purged whose data key is wrapped under the subject key `keyID`.
    func recordings(underKey keyID: String) throws -> [RecordingRecord]
    /// Recordings from before subject keys (data key under the KEK).
    func recordingsWithoutKeySubject() throws -> [RecordingRecord]
    /// How many recordings have a subject key.
    func subjectKeyedRecordingCount() throws -> Int
    /// A recording's sealed SIPREC metadata; nil when it has none (not a SIPREC call, or purged).
    func rsMetadata(of id: RecordingID) throws -> SealedRSMetadata?
}

/// Data subjects as a catalog keeps them, for reading. SQLite's `Catalog` implements it.
public protocol SubjectStore: Sendable {
    /// One subject, or nil.
    func subject(_ subject: String) throws -> SubjectRecord?
    /// The subjects in `state`.
    func subjects(in state: SubjectRecord.State) throws -> [SubjectRecord]
    /// How many subjects are in each state.
    func subjectCounts() throws -> [SubjectRecord.State: Int]
    /// The subject keys a subject's recordings use.
    func subjectKeyIDs(_ subject: String) throws -> [String]
    /// Shred step 3 (after the key is destroyed): the subject and its recordings become `shredded`.
    func completeShred(_ subject: String, at: Date) throws
    /// Moves a recording's data key under a subject key (upgrade from KEK-wrapped data keys).
    func rekey(_ id: RecordingID, wrappedDataKey: Data, subject: SubjectRecord) throws
}

extension Catalog: RecordingStore, SubjectStore {}

/// Moving a recording to a new subject key, and the rest of the old key's recordings with it.
public struct SubjectRekey: Sendable {
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

/// The recordings a vault keeps (stored or restricted), for its overview.
public struct RecordingTotals: Sendable, Equatable {
    /// How many.
    public var count: Int
    /// Their sealed objects' bytes.
    public var sealedBytes: Int64
    /// The earliest call start among them (the next the schedule may purge), nil when none.
    public var oldestStart: Date?

    /// Totals.
    public init(count: Int, sealedBytes: Int64, oldestStart: Date?) {
        self.count = count; self.sealedBytes = sealedBytes; self.oldestStart = oldestStart
    }
}

/// A recording's SIPREC metadata as the catalog keeps it: the documents sealed under the
/// recording's data key (VaultCore seals and opens them), and how many there are.
public struct SealedRSMetadata: Sendable, Equatable {
    /// The sealed documents.
    public var sealed: Data
    /// How many documents are sealed.
    public var documents: Int

    /// Sealed documents.
    public init(sealed: Data, documents: Int) {
        self.sealed = sealed
        self.documents = documents
    }
}
