public import Foundation
public import GRDB
public import VaultBase

/// An erasure request: opened by an opt-out or a DPO, executed by `erasure run`, ended by a
/// signed receipt.
public struct ErasureRequestRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "erasure_requests"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    /// Request states.
    public enum State: String, Codable, Sendable, DatabaseValueConvertible { case open, completed, failed }

    /// The request's id.
    public var id: String
    /// The subject's pseudonym.
    public var subject: String
    /// The masked number, for people reading the status.
    public var masked: String?
    /// When it was made.
    public var requestedAt: Date
    /// When it must be done by.
    public var deadline: Date
    /// Where it is.
    public var state: State
    /// Why (opt-out, DPO ticket).
    public var reason: String
    /// When it completed.
    public var completedAt: Date?
    /// Why it failed, when it did.
    public var failure: String?
    /// The signed erasure receipt (JSON), once completed.
    public var receipt: String?

    /// Creates an open request.
    public init(id: String, subject: String, masked: String?, requestedAt: Date, deadline: Date, reason: String) {
        self.id = id; self.subject = subject; self.masked = masked; self.requestedAt = requestedAt
        self.deadline = deadline; self.state = .open; self.reason = reason
    }
}

/// A legal hold on one recording or on every recording of a subject.
public struct HoldRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "holds"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    /// The hold's id.
    public var id: String
    /// The recording it holds, when it holds one.
    public var recordingId: RecordingID?
    /// The subject (pseudonym) whose recordings it holds, when it holds a subject.
    public var subject: String?
    /// Why.
    public var reason: String
    /// When placed.
    public var placedAt: Date
    /// When released, if it was.
    public var releasedAt: Date?

    /// Creates an active hold.
    public init(id: String, recordingId: RecordingID?, subject: String?, reason: String, placedAt: Date) {
        self.id = id; self.recordingId = recordingId; self.subject = subject; self.reason = reason; self.placedAt = placedAt
    }
}

extension Catalog {
    // MARK: Holds

    // MARK: Recordings over time

    /// Recordings whose call started before `cutoff` and that are still `stored` or `restricted`.
    public func recordings(startedBefore cutoff: Date) throws -> [RecordingRecord] {
        try readCatalog("cannot read recordings") { db in
            try RecordingRecord.filter(Column("started_at") < cutoff && ["stored", "restricted"].contains(Column("state"))).fetchAll(db)
        }
    }

    /// Restricted recordings whose restriction has ended by `at`.
    public func restrictionsEnded(by at: Date) throws -> [RecordingRecord] {
        try readCatalog("cannot read recordings") { db in
            try RecordingRecord.filter(Column("state") == "restricted" && Column("restricted_until") <= at).fetchAll(db)
        }
    }

    /// A subject's recordings in any state.
    public func recordings(ofSubject subject: String) throws -> [RecordingRecord] {
        try readCatalog("cannot read recordings") { db in try RecordingRecord.filter(Column("subject_pseudonym") == subject).fetchAll(db) }
    }

    /// Recordings whose data key is under `keyID`, in any state but purged.
    public func recordings(underKey keyID: String) throws -> [RecordingRecord] {
        try readCatalog("cannot read recordings") { db in
            try RecordingRecord.filter(Column("key_subject") == keyID && Column("state") != "purged").fetchAll(db)
        }
    }

    /// Marks a recording restricted until `until`, with its audit entry.
    public func restrict(_ id: RecordingID, until: Date, audit: @escaping AuditRowMaker) throws {
        try writeCatalog("cannot restrict the recording") { db in
            try db.execute(sql: "UPDATE recordings SET state = 'restricted', restricted_until = ? WHERE id = ? AND state IN ('stored', 'restricted')",
                           arguments: [until, id])
            _ = try Self.appendAudit([audit], in: db)
        }
    }

    /// Purge, step 1, in one transaction: the recording becomes `purged` (its wrapped data key
    /// blanked), the others under the same key move to their rewrapped data keys under `newKeyID`,
    /// the subject's key generation advances, the old key is queued for destruction, and the
    /// audit entry is written. Fails (and changes nothing) when the set of recordings under the
    /// old key is not what the caller rewrapped, e.g. an ingest added one meanwhile.
    public func purge(_ id: RecordingID, oldKeyID: String, rewrapped: [(RecordingID, Data)], newKeyID: String?,
                      subject: String?, newGeneration: Int?, at: Date, audit: @escaping AuditRowMaker) throws {
        try writeCatalog("cannot purge recording \(id)") { db in
            // A hold placed since the caller decided wins: checked in the purge's own transaction.
            let held = try Int.fetchOne(db, sql: """
                SELECT count(*) FROM holds WHERE released_at IS NULL
                AND (recording_id = ?1 OR subject = (SELECT subject_pseudonym FROM recordings WHERE id = ?1))
                """, arguments: [id.description]) ?? 0
            guard held == 0 else { throw StoreError(.conflict, "recording \(id) is under a legal hold") }
            let under = Set(try String.fetchAll(db, sql: "SELECT id FROM recordings WHERE key_subject = ? AND state != 'purged'", arguments: [oldKeyID]))
            guard under == Set(rewrapped.map { $0.0.description } + [id.description]) else {
                throw StoreError(.catalog, "recordings under \(oldKeyID) changed during the purge; run it again")
            }
            try db.execute(sql: "UPDATE recordings SET state = 'purged', purged_at = ?, wrapped_data_key = x'', restricted_until = NULL WHERE id = ?",
                           arguments: [at, id])
            for (other, wrapped) in rewrapped {
                try db.execute(sql: "UPDATE recordings SET wrapped_data_key = ?, key_subject = ? WHERE id = ?", arguments: [wrapped, newKeyID, other])
            }
            if let subject, let newGeneration {
                try db.execute(sql: "UPDATE subjects SET key_generation = ? WHERE subject = ?", arguments: [newGeneration, subject])
            }
            try db.execute(sql: "INSERT OR IGNORE INTO pending_key_destructions (key_subject, requested_at) VALUES (?, ?)", arguments: [oldKeyID, at])
            _ = try Self.appendAudit([audit], in: db)
        }
    }

    /// Keys queued for destruction (a purge that crashed before destroying them).
    public func pendingKeyDestructions() throws -> [String] {
        try readCatalog("cannot read pending key destructions") { db in try String.fetchAll(db, sql: "SELECT key_subject FROM pending_key_destructions") }
    }

    /// Ends a queued key destruction once the key is gone.
    public func endKeyDestruction(_ keyID: String) throws { try endKeyDestructions([keyID]) }

    /// Ends queued key destructions once the keys are gone.
    public func endKeyDestructions(_ keyIDs: [String]) throws {
        try writeCatalog("cannot clear key destructions") { db in
            let statement = try db.makeStatement(sql: "DELETE FROM pending_key_destructions WHERE key_subject = ?")
            for keyID in keyIDs { try statement.execute(arguments: [keyID]) }
        }
    }

    // MARK: Erasure

    /// Erasure requests, newest first, optionally only those in one state.
    public func erasureRequests(state: ErasureRequestRecord.State? = nil) throws -> [ErasureRequestRecord] {
        try readCatalog("cannot read erasure requests") { db in
            var request = ErasureRequestRecord.order(Column("requested_at").desc)
            if let state { request = request.filter(Column("state") == state) }
            return try request.fetchAll(db)
        }
    }

    /// Opens an erasure request (with its audit entry) unless one is open for the subject;
    /// returns the open request's id.
    public func openErasure(_ request: ErasureRequestRecord, audit: @escaping AuditRowMaker) throws -> String {
        try writeCatalog("cannot open the erasure request") { db in
            if let open = try String.fetchOne(db, sql: "SELECT id FROM erasure_requests WHERE subject = ? AND state = 'open'", arguments: [request.subject]) {
                return open
            }
            try request.insert(db)
            _ = try Self.appendAudit([audit], in: db)
            return request.id
        }
    }

    /// Deletes a subject's consent data (grants and call attempts; the sealed number) but keeps
    /// the suppression: the pseudonym stays opted out, so it is never called again.
    public func eraseConsentData(subject: String, audit: @escaping AuditRowMaker) throws {
        try writeCatalog("cannot erase consent data") { db in
            try db.execute(sql: "DELETE FROM consent_grants WHERE subject = ?", arguments: [subject])
            try db.execute(sql: "DELETE FROM call_attempts WHERE subject = ?", arguments: [subject])
            try db.execute(sql: "INSERT OR IGNORE INTO consent_numbers (subject) VALUES (?)", arguments: [subject])
            try db.execute(sql: "UPDATE consent_numbers SET sealed_number = NULL, tag = NULL, opted_out_at = COALESCE(opted_out_at, CURRENT_TIMESTAMP) WHERE subject = ?",
                           arguments: [subject])
            _ = try Self.appendAudit([audit], in: db)
        }
    }

    /// Erasure of subjects whose recordings are all dealt with, many at once: for each, its consent
    /// data is deleted (the pseudonym stays opted out), its keys are queued for destruction
    /// (`pending_key_destructions`), and the request is closed with its receipt and audit entries,
    /// all in one transaction.
    public func completeErasures(_ items: [(request: ErasureRequestRecord, keyIDs: [String], receipt: String, audit: [AuditRowMaker])], at: Date) throws {
        try writeCatalog("cannot complete erasure requests") { db in
            let grants = try db.makeStatement(sql: "DELETE FROM consent_grants WHERE subject = ?")
            let attempts = try db.makeStatement(sql: "DELETE FROM call_attempts WHERE subject = ?")
            let number = try db.makeStatement(sql: "INSERT OR IGNORE INTO consent_numbers (subject) VALUES (?)")
            let suppress = try db.makeStatement(sql: "UPDATE consent_numbers SET sealed_number = NULL, tag = NULL, opted_out_at = COALESCE(opted_out_at, ?) WHERE subject = ?")
            let queue = try db.makeStatement(sql: "INSERT OR IGNORE INTO pending_key_destructions (key_subject, requested_at) VALUES (?, ?)")
            let close = try db.makeStatement(sql: "UPDATE erasure_requests SET state = 'completed', completed_at = ?, receipt = ?, failure = NULL WHERE id = ?")
            for item in items {
                let subject = item.request.subject
                try grants.execute(arguments: [subject])
                try attempts.execute(arguments: [subject])
                try number.execute(arguments: [subject])
                try suppress.execute(arguments: [at, subject])
                for keyID in item.keyIDs { try queue.execute(arguments: [keyID, at]) }
                try close.execute(arguments: [at, item.receipt, item.request.id])
            }
            _ = try Self.appendAudit(items.flatMap(\.audit), in: db)
        }
    }

    /// One erasure request, or nil.
    public func erasureRequest(_ id: String) throws -> ErasureRequestRecord? {
        try readCatalog("cannot read erasure requests") { db in try ErasureRequestRecord.fetchOne(db, key: id) }
    }

    /// Closes a request as completed with its receipt, or as failed with the reason.
    public func finishErasure(_ id: String, completedAt: Date, receipt: String?, failure: String?, audit: @escaping AuditRowMaker) throws {
        try writeCatalog("cannot finish the erasure request") { db in
            try db.execute(sql: "UPDATE erasure_requests SET state = ?, completed_at = ?, receipt = ?, failure = ? WHERE id = ?",
                           arguments: [failure == nil ? "completed" : "failed", completedAt, receipt, failure, id])
            _ = try Self.appendAudit([audit], in: db)
        }
    }

    /// Updates a subject's key generation (used by shredding, which destroys the current key).
    public func subjectKeyIDs(_ subject: String) throws -> [String] {
        guard let record = try self.subject(subject) else { return [] }
        return (1...record.keyGeneration).map { $0 == 1 ? subject : "\(subject)#\($0)" }
    }
}
