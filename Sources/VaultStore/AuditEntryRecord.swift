public import Foundation
public import GRDB

/// One entry of the vault's append-only action log (table `audit_log`; SQLite triggers refuse
/// updates and deletes). Targets are recording ids or pseudonyms, never phone numbers.
public struct AuditEntryRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "audit_log"

    /// Sequence number, assigned on insert.
    public var seq: Int64?
    /// When the entry was written (UTC wall clock; the sequence orders entries).
    public var at: Date
    /// Who acted: an operating-system user, an API token's name or a system job.
    public var actor: String
    /// How the actor authenticated (`local`, `token`, `system`).
    public var auth: String
    /// What was done, e.g. `recording.ingest`, `recording.audio.export`.
    public var action: String
    /// What it was done to (a recording id or pseudonym), if anything.
    public var target: String?
    /// `ok`, `denied` or `failed`.
    public var outcome: String
    /// Extra facts as a JSON object (hashes, reasons); never secrets or clear numbers.
    public var detail: String?

    /// Creates an entry; `seq` is assigned when it is inserted.
    public init(at: Date, actor: String, auth: String, action: String, target: String?, outcome: String, detail: String?) {
        self.at = at; self.actor = actor; self.auth = auth; self.action = action
        self.target = target; self.outcome = outcome; self.detail = detail
    }

    /// Takes the sequence number SQLite assigned.
    public mutating func didInsert(_ inserted: InsertionSuccess) { seq = inserted.rowID }
}
