public import Foundation
internal import GRDB
public import VaultBase

/// An erasure request: opened by an opt-out or a DPO, executed by `erasure run`, ended by a
/// signed receipt.
public struct ErasureRequestRecord: Codable, Sendable, Equatable, CatalogRecord {
    static let tableName = "erasure_requests"

    /// Request states.
    public enum State: String, Codable, Sendable { case open, completed, failed }

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
public struct HoldRecord: Codable, Sendable, Equatable, CatalogRecord {
    static let tableName = "holds"

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
            try Stored<RecordingRecord>.filter(Column("started_at") < cutoff && ["stored", "restricted"].contains(Column("state"))).records(db)
        }
    }

    /// Restricted recordings whose restriction has ended by `at`.
    public func restrictionsEnded(by at: Date) throws -> [RecordingRecord] {
        try readCatalog("cannot read recordings") { db in
            try Stored<RecordingRecord>.filter(Column("state") == "restricted" && Column("restricted_until") <= at).records(db)
        }
    }

    /// A subject's recordings in any state.
    public func recordings(ofSubject subject: String) throws -> [RecordingRecord] {
        try readCatalog("cannot read recordings") { db in try Stored<RecordingRecord>.filter(Column("subject_pseudonym") == subject).records(db) }
    }

    /// Recordings whose data key is under `keyID`, in any state but purged.
    public func recordings(underKey keyID: String) throws -> [RecordingRecord] {
        try readCatalog("cannot read recordings") { db in
            try Stored<RecordingRecord>.filter(Column("key_subject") == keyID && Column("state") != "purged").records(db)
        }
    }

    /// Keys queued for destruction (a purge that crashed before destroying them).
    public func pendingKeyDestructions() throws -> [String] {
        try readCatalog("cannot read pending key destructions") { db in try String.fetchAll(db, sql: "SELECT key_subject FROM pending_key_destructions") }
    }

    /// Ends queued key destructions once the keys are gone.
    public func endKeyDestructions(_ keyIDs: [String]) throws {
        try writeCatalog("cannot clear key destructions") { db in
            let statement = try db.makeStatement(sql: "DELETE FROM pending_key_destructions WHERE key_subject = ?")
            for keyID in keyIDs { try statement.execute(arguments: [keyID]) }
        }
    }

    // MARK: Erasure

    /// Erasure requests, newest first, optionally only those in one state.
    public func erasureRequests(state: ErasureRequestRecord.State?) throws -> [ErasureRequestRecord] {
        try readCatalog("cannot read erasure requests") { db in
            var request = Stored<ErasureRequestRecord>.order(Column("requested_at").desc)
            if let state { request = request.filter(Column("state") == state.rawValue) }
            return try request.records(db)
        }
    }

    /// One erasure request, or nil.
    public func erasureRequest(_ id: String) throws -> ErasureRequestRecord? {
        try readCatalog("cannot read erasure requests") { db in try ErasureRequestRecord.find(db, key: id) }
    }

    /// Updates a subject's key generation (used by shredding, which destroys the current key).
    public func subjectKeyIDs(_ subject: String) throws -> [String] {
        guard let record = try self.subject(subject) else { return [] }
        return (1...record.keyGeneration).map { $0 == 1 ? subject : "\(subject)#\($0)" }
    }
}
