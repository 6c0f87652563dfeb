public import Foundation
internal import GRDB
public import VaultBase

/// The vault's catalog: a SQLite database (WAL mode) through GRDB.
///
/// Rules, after GRDB's own: every write is one short transaction; no transaction spans an
/// `await` (all methods here are synchronous and run off the cooperative pool by callers);
/// `Database` never escapes a closure. `Sendable`: GRDB's `DatabasePool` serialises writes
/// and lets reads run concurrently.
public final class Catalog: Sendable {
    private let pool: DatabasePool
    /// The database file.
    public let url: URL

    /// Opens (and, with `create`, creates) the catalog at `url`, applying pending migrations.
    public init(url: URL, create: Bool = false) throws {
        self.url = url
        if !create, !FileManager.default.fileExists(atPath: url.path) {
            throw StoreError(.notAVault, "the catalog \(url.path) is missing")
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(15)  // the CLI and the server share the file
        configuration.label = "callvault.catalog"
        do {
            pool = try DatabasePool(path: url.path, configuration: configuration)
            try Self.migrator.migrate(pool)
        } catch let error as DatabaseError {
            throw StoreError(.catalog, "cannot open the catalog \(url.path): \(error.message ?? "\(error)")")
        }
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: recordings, ingest journal, audit log") { db in
            try db.create(table: "recordings") { t in
                t.primaryKey("id", .text)
                t.column("state", .text).notNull()
                t.column("started_at", .datetime).notNull().indexed()
                t.column("ingested_at", .datetime).notNull()
                t.column("duration_ms", .integer).notNull()
                t.column("channels", .integer).notNull()
                t.column("input_sample_rate", .integer).notNull()
                t.column("opus_sample_rate", .integer).notNull()
                t.column("bitrate", .integer).notNull()
                t.column("source_format", .text).notNull()
                t.column("subject_pseudonym", .text).indexed()
                t.column("subject_masked", .text)
                t.column("campaign", .text)
                t.column("agent", .text)
                t.column("opus_sha256", .text).notNull()
                t.column("opus_size", .integer).notNull()
                t.column("sealed_sha256", .text).notNull()
                t.column("sealed_size", .integer).notNull()
                t.column("object_path", .text).notNull().unique()
                t.column("wrapped_data_key", .blob).notNull()
                t.column("kek_version", .integer).notNull()
            }
            try db.create(table: "ingest_journal") { t in
                t.primaryKey("recording_id", .text)
                t.column("object_path", .text).notNull()
                t.column("started_at", .datetime).notNull()
            }
            try db.create(table: "kek_checks") { t in
                t.primaryKey("version", .integer)
                t.column("check_value", .blob).notNull()
            }
            try db.create(table: "audit_log") { t in
                t.autoIncrementedPrimaryKey("seq")
                t.column("at", .datetime).notNull()
                t.column("actor", .text).notNull()
                t.column("auth", .text).notNull()
                t.column("action", .text).notNull().indexed()
                t.column("target", .text)
                t.column("outcome", .text).notNull()
                t.column("detail", .text)
            }
            try db.execute(sql: """
                CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
                BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
                BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                """)
        }
        return migrator
    }

    private func write<T>(_ what: String, _ body: (Database) throws -> T) throws -> T {
        do { return try pool.write(body) } catch let error as DatabaseError {
            throw StoreError(.catalog, "\(what): \(error.message ?? "\(error)")")
        }
    }

    private func read<T>(_ what: String, _ body: (Database) throws -> T) throws -> T {
        do { return try pool.read(body) } catch let error as DatabaseError {
            throw StoreError(.catalog, "\(what): \(error.message ?? "\(error)")")
        }
    }

    // MARK: Ingest journal

    /// A recording whose ingest has started but not committed.
    public struct PendingIngest: Sendable, Equatable {
        /// The recording id reserved for it.
        public var id: RecordingID
        /// Where its object goes, relative to `objects/`.
        public var objectPath: String
        /// When it started.
        public var startedAt: Date

        /// Creates a journal entry.
        public init(id: RecordingID, objectPath: String, startedAt: Date) {
            self.id = id
            self.objectPath = objectPath
            self.startedAt = startedAt
        }
    }

    /// Step 1 of an ingest: records the intent durably before any object byte is written.
    public func beginIngest(_ pending: PendingIngest) throws {
        try write("cannot journal the ingest of \(pending.id)") { db in
            try db.execute(sql: "INSERT INTO ingest_journal (recording_id, object_path, started_at) VALUES (?, ?, ?)",
                           arguments: [pending.id, pending.objectPath, pending.startedAt])
        }
    }

    /// The last step of an ingest: the recording row, its audit entry and the end of its journal
    /// entry, in one transaction. Before it commits the recording does not exist; after, it is whole.
    public func commitIngest(_ recording: RecordingRecord, audit: AuditEntryRecord) throws {
        try write("cannot commit recording \(recording.id)") { db in
            try recording.insert(db)
            var entry = audit
            try entry.insert(db)
            try db.execute(sql: "DELETE FROM ingest_journal WHERE recording_id = ?", arguments: [recording.id])
        }
    }

    /// Ends a journal entry whose ingest was rolled back (its object already deleted).
    public func endIngest(_ id: RecordingID) throws {
        try write("cannot clear the ingest journal of \(id)") { db in
            try db.execute(sql: "DELETE FROM ingest_journal WHERE recording_id = ?", arguments: [id])
        }
    }

    /// Ingests that started and never committed (a crash, a kill, a full disk).
    public func pendingIngests() throws -> [PendingIngest] {
        try read("cannot read the ingest journal") { db in
            try Row.fetchAll(db, sql: "SELECT recording_id, object_path, started_at FROM ingest_journal").map {
                PendingIngest(id: $0["recording_id"], objectPath: $0["object_path"], startedAt: $0["started_at"])
            }
        }
    }

    // MARK: KEK checks

    /// Records the check value of a KEK version: a known key wrapped under it, so that a wrong
    /// KEK is recognised before anything is sealed under it.
    public func storeKEKCheck(version: Int, checkValue: Data) throws {
        try write("cannot store the KEK check of version \(version)") { db in
            try db.execute(sql: "INSERT INTO kek_checks (version, check_value) VALUES (?, ?)", arguments: [version, checkValue])
        }
    }

    /// The check value of a KEK version, or nil when none was stored.
    public func kekCheck(version: Int) throws -> Data? {
        try read("cannot read the KEK check of version \(version)") { db in
            try Data.fetchOne(db, sql: "SELECT check_value FROM kek_checks WHERE version = ?", arguments: [version])
        }
    }

    // MARK: Recordings

    /// Every recording, oldest call first.
    public func recordings() throws -> [RecordingRecord] {
        try read("cannot list recordings") { db in
            try RecordingRecord.order(Column("started_at"), Column("id")).fetchAll(db)
        }
    }

    /// One recording, or nil.
    public func recording(_ id: RecordingID) throws -> RecordingRecord? {
        try read("cannot read recording \(id)") { db in try RecordingRecord.fetchOne(db, key: id) }
    }

    /// How many recordings the catalog holds.
    public func recordingCount() throws -> Int {
        try read("cannot count recordings") { db in try RecordingRecord.fetchCount(db) }
    }

    // MARK: Audit log

    /// Appends an entry durably and returns it with its sequence number.
    @discardableResult
    public func appendAudit(_ entry: AuditEntryRecord) throws -> AuditEntryRecord {
        try write("cannot write the audit log") { db in
            var entry = entry
            try entry.insert(db)
            return entry
        }
    }

    /// Audit entries in sequence order, optionally only those of one action.
    public func auditEntries(action: String? = nil) throws -> [AuditEntryRecord] {
        try read("cannot read the audit log") { db in
            var request = AuditEntryRecord.order(Column("seq"))
            if let action { request = request.filter(Column("action") == action) }
            return try request.fetchAll(db)
        }
    }
}
