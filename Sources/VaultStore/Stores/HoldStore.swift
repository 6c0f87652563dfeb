public import Foundation
public import VaultBase
internal import GRDB

/// Legal holds as a catalog keeps them, for reading. SQLite's `Catalog` implements it.
public protocol HoldStore: Sendable {
    /// Active holds, oldest first.
    func activeHolds() throws -> [HoldRecord]
    /// Whether a recording is held (on its own or through its subject).
    func isHeld(_ record: RecordingRecord) throws -> Bool
}

/// Legal hold writes, inside a unit of work (`CatalogTransaction.holds`).
public protocol HoldWrites {
    /// Stores a new hold.
    func place(_ hold: HoldRecord) throws
    /// Releases the active holds on a recording or a subject at `at`; returns how many.
    func release(recording: RecordingID?, subject: String?, at: Date) throws -> Int
}

extension Catalog: HoldStore {
    public func activeHolds() throws -> [HoldRecord] {
        try readCatalog("cannot read holds") { db in try Stored<HoldRecord>.filter(Column("released_at") == nil).order(Column("placed_at")).records(db) }
    }

    public func isHeld(_ record: RecordingRecord) throws -> Bool {
        try readCatalog("cannot read holds") { db in try Self.isHeld(db, recording: record.id, subject: record.subjectPseudonym) }
    }

    /// Whether an active hold covers the recording, on its own or through its subject: the one
    /// hold rule, read here and inside a purge's transaction.
    static func isHeld(_ db: Database, recording: RecordingID, subject: String?) throws -> Bool {
        try Stored<HoldRecord>.filter(Column("released_at") == nil)
            .filter(Column("recording_id") == recording.description || (subject != nil && Column("subject") == subject))
            .fetchCount(db) > 0
    }
}

/// `HoldWrites` on SQLite.
struct SQLiteHoldWrites: HoldWrites {
    let db: Database

    func place(_ hold: HoldRecord) throws { try hold.insert(db) }

    func release(recording: RecordingID?, subject: String?, at: Date) throws -> Int {
        var request = Stored<HoldRecord>.filter(Column("released_at") == nil)
        if let recording { request = request.filter(Column("recording_id") == recording.description) }
        if let subject { request = request.filter(Column("subject") == subject) }
        return try request.updateAll(db, Column("released_at").set(to: at))
    }
}
