public import Foundation
public import VaultBase
internal import GRDB

/// Retention writes, inside a unit of work (`CatalogTransaction.retention`): restricting a
/// recording and the catalog step of a purge.
public protocol RetentionWrites {
    /// Marks a stored or restricted recording restricted until `until`.
    func restrict(_ id: RecordingID, until: Date) throws
    /// Purge, its catalog step: the recording becomes `purged` (its wrapped data key blanked, its
    /// phrase hits deleted), the
    /// others under the same key move to their rewrapped data keys under `newKeyID`, the subject's
    /// key generation advances and the old key is queued for destruction. Refuses
    /// (`StoreError(.conflict)`) a recording a hold now covers, and (`StoreError(.catalog)`) when
    /// the recordings under the old key are not the ones the caller rewrapped (an ingest added one).
    func purge(_ id: RecordingID, oldKeyID: String, rewrapped: [(RecordingID, Data)], newKeyID: String?,
               subject: String?, newGeneration: Int?, at: Date) throws
}

/// Erasure writes, inside a unit of work (`CatalogTransaction.erasure`).
public protocol ErasureWrites {
    /// Completes a request whose recordings are all dealt with: the subject's consent data is
    /// deleted (the pseudonym stays opted out), `keyIDs` are queued for destruction, and the
    /// request closes with its receipt.
    func complete(_ request: ErasureRequestRecord, keyIDs: [String], receipt: String, at: Date) throws
    /// Closes a request as completed with its receipt, or as failed with the reason.
    func finish(_ id: String, completedAt: Date, receipt: String?, failure: String?) throws
}

/// `RetentionWrites` on SQLite.
struct SQLiteRetentionWrites: RetentionWrites {
    let db: Database

    func restrict(_ id: RecordingID, until: Date) throws {
        try db.execute(sql: "UPDATE recordings SET state = 'restricted', restricted_until = ? WHERE id = ? AND state IN ('stored', 'restricted')",
                       arguments: [until, id.description])
    }

    func purge(_ id: RecordingID, oldKeyID: String, rewrapped: [(RecordingID, Data)], newKeyID: String?,
               subject: String?, newGeneration: Int?, at: Date) throws {
        // A hold placed since the caller decided wins: checked in the purge's own transaction.
        let recordingSubject = try String.fetchOne(db, sql: "SELECT subject_pseudonym FROM recordings WHERE id = ?", arguments: [id.description])
        guard try !Catalog.isHeld(db, recording: id, subject: recordingSubject) else {
            throw StoreError(.conflict, "recording \(id) is under a legal hold")
        }
        try Self.moveOffKey(db, oldKeyID, except: id, rewrapped: rewrapped, newKeyID: newKeyID, at: at,
                            changed: "recordings under \(oldKeyID) changed during the purge; run it again")
        try db.execute(sql: "UPDATE recordings SET state = 'purged', purged_at = ?, wrapped_data_key = x'', restricted_until = NULL WHERE id = ?",
                       arguments: [at, id.description])
        // Its hits quote its transcript: they go with it.
        try db.execute(sql: "DELETE FROM phrase_hits WHERE recording_id = ?", arguments: [id.description])
        try db.execute(sql: "DELETE FROM rs_metadata WHERE recording_id = ?", arguments: [id.description])
        if let subject, let newGeneration {
            try db.execute(sql: "UPDATE subjects SET key_generation = ? WHERE subject = ?", arguments: [newGeneration, subject])
        }
    }

    /// Moves every recording under `oldKeyID` but `except` to its rewrapped data key under
    /// `newKeyID` and queues the old key for destruction: the step a purge and a version switch
    /// share. Throws `StoreError(.catalog, changed)` when the recordings under the old key are not
    /// `except` and the rewrapped ones (an ingest added one, a purge took one meanwhile).
    static func moveOffKey(_ db: Database, _ oldKeyID: String, except id: RecordingID, rewrapped: [(RecordingID, Data)],
                           newKeyID: String?, at: Date, changed: String) throws {
        let under = Set(try String.fetchAll(db, sql: "SELECT id FROM recordings WHERE key_subject = ? AND state != 'purged'", arguments: [oldKeyID]))
        guard under == Set(rewrapped.map { $0.0.description } + [id.description]) else { throw StoreError(.catalog, changed) }
        for (other, wrapped) in rewrapped {
            try db.execute(sql: "UPDATE recordings SET wrapped_data_key = ?, key_subject = ? WHERE id = ?", arguments: [wrapped, newKeyID, other.description])
        }
        try db.execute(sql: "INSERT OR IGNORE INTO pending_key_destructions (key_subject, requested_at) VALUES (?, ?)", arguments: [oldKeyID, at])
    }
}

/// `ErasureWrites` on SQLite (statements cached: a run completes hundreds of requests at once).
struct SQLiteErasureWrites: ErasureWrites {
    let db: Database

    func complete(_ request: ErasureRequestRecord, keyIDs: [String], receipt: String, at: Date) throws {
        let subject = request.subject
        try db.cachedStatement(sql: "DELETE FROM consent_grants WHERE subject = ?").execute(arguments: [subject])
        try db.cachedStatement(sql: "DELETE FROM call_attempts WHERE subject = ?").execute(arguments: [subject])
        try db.cachedStatement(sql: "INSERT OR IGNORE INTO consent_numbers (subject) VALUES (?)").execute(arguments: [subject])
        try db.cachedStatement(sql: "UPDATE consent_numbers SET sealed_number = NULL, tag = NULL, opted_out_at = COALESCE(opted_out_at, ?) WHERE subject = ?")
            .execute(arguments: [at, subject])
        let queue = try db.cachedStatement(sql: "INSERT OR IGNORE INTO pending_key_destructions (key_subject, requested_at) VALUES (?, ?)")
        for keyID in keyIDs { try queue.execute(arguments: [keyID, at]) }
        try db.cachedStatement(sql: "UPDATE erasure_requests SET state = 'completed', completed_at = ?, receipt = ?, failure = NULL WHERE id = ?")
            .execute(arguments: [at, receipt, request.id])
    }

    func finish(_ id: String, completedAt: Date, receipt: String?, failure: String?) throws {
        try db.execute(sql: "UPDATE erasure_requests SET state = ?, completed_at = ?, receipt = ?, failure = ? WHERE id = ?",
                       arguments: [failure == nil ? "completed" : "failed", completedAt, receipt, failure, id])
    }
}

/// Erasure requests and the key destructions they leave, for reading. SQLite's `Catalog` implements it.
public protocol ErasureStore: Sendable {
    /// Erasure requests, newest first, in one state or all.
    func erasureRequests(state: ErasureRequestRecord.State?) throws -> [ErasureRequestRecord]
    /// One erasure request, or nil.
    func erasureRequest(_ id: String) throws -> ErasureRequestRecord?
    /// Subject keys queued for destruction and not yet destroyed.
    func pendingKeyDestructions() throws -> [String]
    /// Ends queued key destructions once the keys are gone.
    func endKeyDestructions(_ keyIDs: [String]) throws
}

extension ErasureStore {
    /// Every erasure request, newest first.
    public func erasureRequests() throws -> [ErasureRequestRecord] { try erasureRequests(state: nil) }
    /// Ends a queued key destruction once the key is gone.
    public func endKeyDestruction(_ keyID: String) throws { try endKeyDestructions([keyID]) }
}

extension Catalog: ErasureStore {}
