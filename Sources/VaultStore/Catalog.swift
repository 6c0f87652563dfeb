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
    /// Read-only connections for single consent checks (see `ConsentReaders`).
    let consentReaders: ConsentReaders
    /// The database file.
    public let url: URL
    /// A file whose presence fences the catalog (`VaultLayout.fenceURL`): every write is refused
    /// (``StoreError/fenced``), by any process, from the moment it appears.
    let fenceFile: URL?

    /// Opens (and, with `create`, creates) the catalog at `url`, applying pending migrations;
    /// consent checks read through connections sized by `consentReaders`; once `fenceFile`
    /// exists, every write is refused.
    public init(url: URL, create: Bool = false, consentReaders options: ConsentReaderOptions = ConsentReaderOptions(),
                fenceFile: URL? = nil) throws {
        self.url = url
        self.fenceFile = fenceFile
        consentReaders = ConsentReaders(path: url.path, sql: Self.consentStateSQL, options: options)
        if !create, !FileManager.default.fileExists(atPath: url.path) {
            throw StoreError(.notAVault, "the catalog \(url.path) is missing")
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(15)  // the CLI and the server share the file
        configuration.label = "callvault.catalog"
        // Consent checks are random point reads over millions of rows: an 8 MiB page cache per
        // connection keeps the upper levels of the indexes in memory. (Memory-mapping the file was
        // tried: no faster here, and it makes a streaming audit verification's RSS grow with the log.)
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA cache_size = -8192") }
        do {
            pool = try DatabasePool(path: url.path, configuration: configuration)
            // Durable on commit: GRDB opens its WAL writer with synchronous=NORMAL, which may lose the
            // last commits in a power cut. FULL fsyncs the WAL at every commit, so an audit entry or
            // a recording exists after a crash exactly when its transaction returned. The pool has
            // one writer connection, so this holds for every write.
            try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
            let migrator = Self.migrator
            let upgrading = try pool.read { db in try !migrator.hasCompletedMigrations(db) }
            try migrator.migrate(pool)
            if upgrading { try pool.writeWithoutTransaction(Self.settleAfterMigrations) }
        } catch let error as DatabaseError {
            throw StoreError(.catalog, "cannot open the catalog \(url.path): \(error.message ?? "\(error)")")
        }
    }

    static var migrator: DatabaseMigrator { CatalogMigration.migrator }

    /// After migrations ran. A migration may rewrite whole tables (v10 copies every consent row)
    /// in one transaction, leaving them in the WAL: until they are copied back, every page a
    /// reader fetches is first looked up in the WAL index and read from the WAL instead of the
    /// memory map, so the WAL is checkpointed (passive: it waits for no reader). And when more
    /// than a quarter of the file is then free pages (the dropped tables), `VACUUM` rebuilds it:
    /// the live tables move to the front of the file, inside the readers' memory map (SQLite maps
    /// at most 2 GB), and the space goes back (20 s for a 10-million-number catalog). It is
    /// atomic; when it cannot run (no room for its copy, another process writing), the catalog
    /// stays as it is, correct, only larger, and `VACUUM` can be run by hand on the closed vault.
    static func settleAfterMigrations(_ db: Database) throws {
        _ = try db.checkpoint(.passive)
        let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
        let free = try Int.fetchOne(db, sql: "PRAGMA freelist_count") ?? 0
        guard free > pages / 4 else { return }
        do {
            try db.execute(sql: "VACUUM")
            // Copies the rebuilt file back and empties the WAL, which held all of it.
            _ = try db.checkpoint(.truncate)
        } catch is DatabaseError {}  // as above: left uncompacted (or its WAL left long)
    }

    func writeCatalog<T>(_ what: String, _ body: (Database) throws -> T) throws -> T { try write(what, body) }
    func readCatalog<T>(_ what: String, _ body: (Database) throws -> T) throws -> T { try read(what, body) }

    /// Runs `body` inside a write transaction (`BEGIN IMMEDIATE`) that writes nothing and is
    /// rolled back: while it runs, no connection of any process can commit.
    func holdingWrites<T>(_ what: String, _ body: () throws -> T) throws -> T {
        try StoreError.mappingDatabaseErrors(what) {
            try pool.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body()
                    return .rollback
                }
                return result!
            }
        }
    }

    /// A read of one statement, without a transaction around it.
    func readStatement<T>(_ what: String, _ body: (Database) throws -> T) throws -> T {
        try StoreError.mappingDatabaseErrors(what) { try pool.unsafeRead(body) }
    }

    private func write<T>(_ what: String, _ body: (Database) throws -> T) throws -> T {
        try refuseIfFenced(what)
        return try StoreError.mappingDatabaseErrors(what) { try pool.write(body) }
    }

    /// Throws ``StoreError/fenced`` once the fence file exists. One `access(2)` a write: nothing
    /// beside the commit's fsync, and it sees a fence another process put up.
    func refuseIfFenced(_ what: String) throws {
        guard let fenceFile, access(fenceFile.path, F_OK) == 0 else { return }
        throw StoreError(.fenced, "\(what): this vault is fenced (a standby was promoted in its place, see \(fenceFile.path)); it accepts no writes")
    }

    private func read<T>(_ what: String, _ body: (Database) throws -> T) throws -> T {
        try StoreError.mappingDatabaseErrors(what) { try pool.read(body) }
    }

    /// The value of a SQLite pragma on a writer connection (for diagnostics and tests).
    public func pragma(_ name: String) throws -> String {
        precondition(name.allSatisfy { $0.isLetter || $0 == "_" }, "pragma names are plain words")
        return try write("cannot read pragma \(name)") { db in
            try String.fetchOne(db, sql: "PRAGMA \(name)") ?? ""
        }
    }

    // MARK: Ingest journal


    /// Step 1 of an ingest: records the intent durably before any object byte is written.
    public func beginIngest(_ pending: PendingIngest) throws {
        try write("cannot journal the ingest of \(pending.id)") { db in
            try db.execute(sql: "INSERT INTO ingest_journal (recording_id, object_path, started_at) VALUES (?, ?, ?)",
                           arguments: [pending.id.description, pending.objectPath, pending.startedAt])
        }
    }

    /// Records how recovery may complete a journaled ingest (``PendingIngest/completion``).
    public func recordCompletion(_ completion: Data, of id: RecordingID) throws {
        try write("cannot journal how to complete the ingest of \(id)") { db in
            try db.execute(sql: "UPDATE ingest_journal SET completion = ? WHERE recording_id = ?", arguments: [completion, id.description])
        }
    }

    /// Ends a journal entry whose ingest was rolled back (its object already deleted).
    public func endIngest(_ id: RecordingID) throws {
        try write("cannot clear the ingest journal of \(id)") { db in
            try db.execute(sql: "DELETE FROM ingest_journal WHERE recording_id = ?", arguments: [id.description])
        }
    }

    /// Ingests that started and never committed (a crash, a kill, a full disk).
    public func pendingIngests() throws -> [PendingIngest] {
        try read("cannot read the ingest journal") { db in
            try Row.fetchAll(db, sql: "SELECT recording_id, object_path, started_at, completion FROM ingest_journal").map {
                PendingIngest(id: try $0.recordingID("recording_id"), objectPath: $0["object_path"], startedAt: $0["started_at"],
                              completion: $0["completion"])
            }
        }
    }

    // MARK: Subjects

    /// A subject entry, or nil.
    public func subject(_ subject: String) throws -> SubjectRecord? {
        try read("cannot read subject") { db in try SubjectRecord.find(db, key: subject) }
    }

    /// Subjects in a state (e.g. `shredding`, for recovery).
    public func subjects(in state: SubjectRecord.State) throws -> [SubjectRecord] {
        try read("cannot read subjects") { db in try Stored<SubjectRecord>.filter(Column("state") == state.rawValue).records(db) }
    }

    /// How many subject entries there are in each state.
    public func subjectCounts() throws -> [SubjectRecord.State: Int] {
        try read("cannot count subjects") { db in
            var counts = [SubjectRecord.State: Int]()
            for row in try Row.fetchAll(db, sql: "SELECT state, count(*) FROM subjects GROUP BY state") {
                if let state = SubjectRecord.State(rawValue: row[0]) { counts[state] = row[1] }
            }
            return counts
        }
    }

    /// Shred step 3 (after the key is destroyed): the subject and its recordings become
    /// `shredded`, and the phrase hits quoting their transcripts go.
    public func completeShred(_ subject: String, at: Date) throws {
        try write("cannot complete the shredding of a subject") { db in
            try db.execute(sql: "UPDATE subjects SET state = 'shredded', shredded_at = ? WHERE subject = ?", arguments: [at, subject])
            try db.execute(sql: "DELETE FROM phrase_hits WHERE recording_id IN (SELECT id FROM recordings WHERE subject_pseudonym = ? OR key_subject = ?)",
                           arguments: [subject, subject])
            try db.execute(sql: "DELETE FROM rs_metadata WHERE recording_id IN (SELECT id FROM recordings WHERE subject_pseudonym = ? OR key_subject = ?)",
                           arguments: [subject, subject])
            try db.execute(sql: "UPDATE recordings SET state = 'shredded' WHERE (subject_pseudonym = ? OR key_subject = ?) AND state IN ('stored', 'restricted')",
                           arguments: [subject, subject])
        }
    }

    /// How many recordings have their data key under a subject key.
    public func subjectKeyedRecordingCount() throws -> Int {
        try read("cannot count recordings") { db in try Stored<RecordingRecord>.filter(Column("key_subject") != nil).fetchCount(db) }
    }

    /// Recordings whose data key is still wrapped directly under a KEK (before subject keys).
    public func recordingsWithoutKeySubject() throws -> [RecordingRecord] {
        try read("cannot read recordings") { db in try Stored<RecordingRecord>.filter(Column("key_subject") == nil).records(db) }
    }

    /// Moves a recording's data key under a subject key (upgrade from KEK-wrapped data keys).
    public func rekey(_ id: RecordingID, wrappedDataKey: Data, subject: SubjectRecord) throws {
        try write("cannot re-key recording \(id)") { db in
            try subject.insert(db, onConflict: .ignore)
            try db.execute(sql: "UPDATE recordings SET wrapped_data_key = ?, kek_version = 0, key_subject = ? WHERE id = ?",
                           arguments: [wrappedDataKey, subject.subject, id.description])
        }
    }

    // MARK: Policies

    /// Stores a policy as the vault's current one (the newest row wins).
    public func storePolicy(yaml: String, sha256: String, at: Date) throws {
        try write("cannot store the policy") { db in
            try db.execute(sql: "INSERT INTO policies (yaml, sha256, applied_at) VALUES (?, ?, ?)", arguments: [yaml, sha256, at])
        }
    }

    /// The current policy's text, or nil in a vault made before policies were stored.
    public func currentPolicyYAML() throws -> String? {
        try read("cannot read the policy") { db in try String.fetchOne(db, sql: "SELECT yaml FROM policies ORDER BY id DESC LIMIT 1") }
    }

    // MARK: KEK checks

    /// Records the check value of a KEK version: a known key wrapped under it, so that a wrong
    /// KEK is recognised before anything is sealed under it.
    public func storeKEKCheck(version: Int, checkValue: Data) throws {
        try write("cannot store the KEK check of version \(version)") { db in
            try db.execute(sql: "INSERT OR REPLACE INTO kek_checks (version, check_value) VALUES (?, ?)", arguments: [version, checkValue])
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
            try Stored<RecordingRecord>.order(Column("started_at"), Column("id")).records(db)
        }
    }

    /// One recording, or nil.
    public func recording(_ id: RecordingID) throws -> RecordingRecord? {
        try read("cannot read recording \(id)") { db in try RecordingRecord.find(db, key: id.description) }
    }

    /// A recording's sealed SIPREC metadata (`rs_metadata`); nil when it has none.
    public func rsMetadata(of id: RecordingID) throws -> SealedRSMetadata? {
        try read("cannot read the rs-metadata of recording \(id)") { db in
            try Row.fetchOne(db, sql: "SELECT sealed, documents FROM rs_metadata WHERE recording_id = ?", arguments: [id.description])
                .map { SealedRSMetadata(sealed: $0["sealed"], documents: $0["documents"]) }
        }
    }

    /// How many recordings the catalog holds.
    public func recordingCount() throws -> Int {
        try read("cannot count recordings") { db in try Stored<RecordingRecord>.fetchCount(db) }
    }

    public func recordingTotals() throws -> RecordingTotals {
        try read("cannot count recordings") { db in
            let kept = Stored<RecordingRecord>.filter(["stored", "restricted"].contains(Column("state")))
            let row = try Row.fetchOne(db, kept.select(count(Column("id")), sum(Column("sealed_size")), min(Column("started_at"))))
            return RecordingTotals(count: row?[0] ?? 0, sealedBytes: row?[1] ?? 0, oldestStart: row?[2])
        }
    }

    // MARK: Audit log

    /// Appends audit entries, in order, in one transaction (one fsync for all: group commit).
    /// Each maker learns its link to the chain inside the transaction, so concurrent writers,
    /// in this process or another, can never fork the chain.
    public func appendAudit(_ makers: [AuditRowMaker]) throws -> [AuditRow] {
        try write("cannot write the audit log") { db in try Self.appendAudit(makers, in: db) }
    }

    static func appendAudit(_ makers: [AuditRowMaker], in db: Database) throws -> [AuditRow] {
        let last = try Row.fetchOne(db, sql: "SELECT seq, leaf_hash FROM audit_log ORDER BY seq DESC LIMIT 1")
        var link = AuditLink(seq: (last?["seq"] as Int64? ?? 0) + 1,
                             previousLeafHash: (last?["leaf_hash"] as Data?).map(Array.init) ?? [UInt8](repeating: 0, count: 32))
        var rows = [AuditRow]()
        rows.reserveCapacity(makers.count)
        let insert = try db.cachedStatement(sql: """
            INSERT INTO audit_log (seq, at, actor, auth, action, target, outcome, entry, leaf_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for make in makers {
            let row = try make(link)
            precondition(row.seq == link.seq, "an audit row must take the sequence number it is given")
            try insert.execute(arguments: [row.seq, row.at, row.actor, row.auth, row.action, row.target, row.outcome, row.entry, row.leafHash])
            rows.append(row)
            link = AuditLink(seq: link.seq + 1, previousLeafHash: Array(row.leafHash))
        }
        return rows
    }

    /// How many entries the unchained log of format v1 holds (kept read-only as `audit_log_v1`).
    public func legacyAuditCount() throws -> Int {
        try read("cannot read the v1 audit log") { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM audit_log_v1") ?? 0 }
    }

    /// How many entries the audit log holds (its last sequence number).
    public func auditCount() throws -> Int64 {
        try read("cannot read the audit log") { db in
            try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(seq), 0) FROM audit_log") ?? 0
        }
    }

    /// Audit rows matching `filter`, in sequence order.
    public func auditRows(_ filter: AuditFilter = AuditFilter()) throws -> [AuditRow] {
        try read("cannot read the audit log") { db in
            var request = Stored<AuditRow>.order(Column("seq"))
            if let since = filter.since { request = request.filter(Column("at") >= since) }
            if let until = filter.until { request = request.filter(Column("at") < until) }
            if let actor = filter.actor { request = request.filter(Column("actor") == actor) }
            if let action = filter.action { request = request.filter(Column("action") == action) }
            if let target = filter.target { request = request.filter(Column("target") == target) }
            if let after = filter.afterSeq { request = request.filter(Column("seq") > after) }
            if let limit = filter.limit { request = request.limit(limit) }
            return try request.records(db)
        }
    }

    /// The sequence numbers of the entries whose target is one of `targets`, ascending (indexed
    /// lookups, 500 targets a statement).
    public func auditSeqs(targets: [String]) throws -> [Int64] {
        try read("cannot read the audit log") { db in
            var seqs = Set<Int64>()
            var start = 0
            while start < targets.count {
                let chunk = Array(targets[start..<min(start + 500, targets.count)])
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                seqs.formUnion(try Int64.fetchAll(db, sql: "SELECT seq FROM audit_log WHERE target IN (\(marks))",
                                                  arguments: StatementArguments(chunk)))
                start += chunk.count
            }
            return seqs.sorted()
        }
    }

    /// One audit row, or nil.
    public func auditRow(seq: Int64) throws -> AuditRow? {
        try read("cannot read the audit log") { db in try AuditRow.find(db, key: seq) }
    }

    /// Calls `body` with every audit row in sequence order, streaming from one consistent
    /// snapshot (memory does not grow with the log). The row's buffers are valid only during the call.
    public func forEachAuditRow(_ body: (AuditRow) throws -> Void) throws {
        try read("cannot read the audit log") { db in
            let rows = try Row.fetchCursor(db, sql: "SELECT seq, at, actor, auth, action, target, outcome, entry, leaf_hash FROM audit_log ORDER BY seq")
            while let row = try rows.next() {
                try body(AuditRow(seq: row[0], at: row[1], actor: row[2], auth: row[3], action: row[4], target: row[5],
                                  outcome: row[6], entry: row[7], leafHash: row[8]))
            }
        }
    }


    /// Streams audit rows with `seq > after` in order as raw bytes (no strings, no JSON): the
    /// verifier's and checkpointer's hot loop. Memory stays at one row.
    public func forEachAuditRawRow(after: Int64 = 0, _ body: (AuditRawRow) throws -> Void) throws {
        try read("cannot read the audit log") { db in
            let rows = try Row.fetchCursor(db, sql: """
                SELECT seq, CAST(at AS BLOB), CAST(actor AS BLOB), CAST(auth AS BLOB), CAST(action AS BLOB),
                       CAST(outcome AS BLOB), CAST(target AS BLOB), entry, leaf_hash
                FROM audit_log WHERE seq > ? ORDER BY seq
                """, arguments: [after])
            while let row = try rows.next() {
                try body(AuditRawRow(seq: row[0], at: row[1] ?? Data(), actor: row[2] ?? Data(), auth: row[3] ?? Data(),
                                     action: row[4] ?? Data(), outcome: row[5] ?? Data(), target: row[6],
                                     entry: row[7] ?? Data(), leafHash: row[8] ?? Data()))
            }
        }
    }

    /// The leaf hashes of the first `count` entries, in order (for proofs).
    public func auditLeafHashes(count: Int64) throws -> [[UInt8]] {
        try read("cannot read the audit log") { db in
            var hashes = [[UInt8]]()
            hashes.reserveCapacity(Int(count))
            let rows = try Row.fetchCursor(db, sql: "SELECT leaf_hash FROM audit_log WHERE seq <= ? ORDER BY seq", arguments: [count])
            while let row = try rows.next() { hashes.append(Array(row[0] as Data)) }
            return hashes
        }
    }

    /// Stores a signed checkpoint (once per tree size).
    public func storeCheckpoint(_ checkpoint: CheckpointRow) throws {
        try write("cannot store a checkpoint") { db in try checkpoint.insert(db, onConflict: .ignore) }
    }

    /// Every stored checkpoint, smallest tree first.
    public func checkpoints() throws -> [CheckpointRow] {
        try read("cannot read checkpoints") { db in try Stored<CheckpointRow>.order(Column("tree_size")).records(db) }
    }

    /// The checkpoint of the largest tree, or nil.
    public func latestCheckpoint() throws -> CheckpointRow? {
        try read("cannot read checkpoints") { db in
            try Stored<CheckpointRow>.order(Column("tree_size").desc).record(db)
        }
    }
}
