public import Foundation
public import Logging
import PostgresNIO
public import VaultBase
public import VaultStore

/// The vault's catalog on PostgreSQL: every feature store of `CatalogStores`, so several vault
/// nodes share one catalog.
///
/// Rules, as for SQLite's `Catalog`: every method is synchronous and runs off the cooperative
/// pool; a write is one short transaction (`write(_:_:)` runs a unit of work in one); no
/// transaction spans an `await`. What SQLite gets from its single writer, PostgreSQL gets from
/// locks taken inside the transaction: the audit chain's appends are serialised by a
/// transaction-scoped advisory lock (so the chain never forks, whichever node appends), and a
/// consent claim locks its number (`ConsentWrites.state`), so two nodes never both allow a call
/// inside a frequency window.
public final class PostgresCatalog: Sendable {
    /// What is logged each time opening a connection tries again while the server cannot be
    /// reached: the first try again of a connection as a warning, the rest at debug level.
    public static let connectRetryMessage = "the PostgreSQL server cannot be reached; trying again"

    let session: PostgresSession
    let logger: Logger
    /// This process's node presence and the cluster's leader lease, on a connection of its own.
    let nodeSession: PostgresNodeSession
    /// Where the catalog is.
    public let location: PostgresLocation

    /// Opens the catalog at `location` (the password from `password`, normally `PGPASSWORD`),
    /// applying pending migrations. With `create`, the database must hold no callvault catalog
    /// yet; without it, it must hold one. A statement not answered within `statementTimeout`
    /// fails, and its connection is closed.
    public init(location: PostgresLocation, password: String?, create: Bool = false, statementTimeout: Duration = .seconds(60),
                logger: Logger) throws {
        self.location = location
        self.logger = logger
        session = try PostgresSession(location: location, password: password, statementTimeout: statementTimeout, logger: logger)
        nodeSession = PostgresNodeSession(session: session, logger: logger)
        try migrate(create: create)
    }

    deinit {
        // Before the session's event loop stops: the node's connection is closed on it.
        nodeSession.close()
    }

    private func migrate(create: Bool) throws {
        try transaction("cannot open the catalog \(location)") { db in
            try db.execute("SELECT pg_advisory_xact_lock(?)", [PostgresSchema.migrationLock])
            try db.execute("CREATE TABLE IF NOT EXISTS callvault_migrations (identifier text PRIMARY KEY, applied_at timestamptz NOT NULL)")
            let applied = Set(try db.rows("SELECT identifier FROM callvault_migrations").map { try $0.value("identifier", as: String.self) })
            if create, !applied.isEmpty {
                throw StoreError(.vaultExists, "the database \(location) already holds a callvault catalog; give each vault a database of its own")
            }
            if !create, applied.isEmpty {
                throw StoreError(.notAVault, "the database \(location) holds no callvault catalog")
            }
            for migration in PostgresSchema.migrations where !applied.contains(migration.identifier) {
                try db.script(migration.sql)
                try db.execute("INSERT INTO callvault_migrations (identifier, applied_at) VALUES (?, now())", [migration.identifier])
            }
        }
    }

    /// Drops every table of the catalog: for `callvault init` undoing a catalog it created a
    /// moment ago when a later step failed, so the database is left as it was found.
    public func dropCreatedCatalog() throws {
        try transaction("cannot remove the half-made catalog \(location)") { db in
            try db.execute("SELECT pg_advisory_xact_lock(?)", [PostgresSchema.migrationLock])
            try db.script(PostgresSchema.dropAll)
        }
    }

    // MARK: Running statements

    /// Runs `body` in one transaction on one connection: committed when it returns, rolled back
    /// when it throws. Errors come out as `StoreError`s that start with `what`.
    @discardableResult
    func transaction<T>(_ what: @autoclosure () -> String, _ body: (SQLConnection) throws -> T) throws -> T {
        do {
            return try session.withConnection(what(), logger: logger) { db in
                try db.execute("BEGIN")
                do {
                    let result = try body(db)
                    try db.execute("COMMIT")
                    return result
                } catch let error as PSQLError where error.code != .server {
                    throw error  // the connection is gone, and the server rolled the transaction back
                } catch let error as StatementTimedOut {
                    throw error  // the connection is being closed, which rolls the transaction back
                } catch {
                    _ = try? db.execute("ROLLBACK")
                    throw error
                }
            }
        } catch {
            throw StoreErrorMapping.map(error, what())
        }
    }

    /// Runs `body` outside a transaction (single statements: each is its own snapshot).
    @discardableResult
    func read<T>(_ what: @autoclosure () -> String, _ body: (SQLConnection) throws -> T) throws -> T {
        do {
            return try session.withConnection(what(), logger: logger) { db in try body(db) }
        } catch {
            throw StoreErrorMapping.map(error, what())
        }
    }

    /// Rows of one table as catalog records.
    func records<Record: Decodable>(_ type: Record.Type, _ what: String, _ sql: String, _ arguments: [any SQLBindable] = []) throws -> [Record] {
        try read(what) { db in try db.rows(sql, arguments).map { try $0.decode(Record.self) } }
    }
}

// MARK: - Settings, journals

extension PostgresCatalog: SettingsStore, JournalStore {
    public func storePolicy(yaml: String, sha256: String, at: Date) throws {
        try read("cannot store the policy") { db in
            try db.execute("INSERT INTO policies (yaml, sha256, applied_at) VALUES (?, ?, ?)", [yaml, sha256, at])
        }
    }

    public func currentPolicyYAML() throws -> String? {
        try read("cannot read the policy") { db in try db.row("SELECT yaml FROM policies ORDER BY id DESC LIMIT 1")?.value("yaml") }
    }

    public func storeKEKCheck(version: Int, checkValue: Data) throws {
        try read("cannot store the KEK check of version \(version)") { db in
            try db.execute("""
                INSERT INTO kek_checks (version, check_value) VALUES (?, ?)
                ON CONFLICT (version) DO UPDATE SET check_value = excluded.check_value
                """, [version, checkValue])
        }
    }

    public func kekCheck(version: Int) throws -> Data? {
        try read("cannot read the KEK check of version \(version)") { db in
            try db.row("SELECT check_value FROM kek_checks WHERE version = ?", [version])?.bytes("check_value")
        }
    }

    public func beginIngest(_ pending: PendingIngest) throws {
        try read("cannot journal the ingest of \(pending.id)") { db in
            try db.execute("INSERT INTO ingest_journal (recording_id, object_path, started_at, completion, node) VALUES (?, ?, ?, ?, ?)",
                           [pending.id, pending.objectPath, pending.startedAt, pending.completion, pending.node])
        }
    }

    public func recordCompletion(_ completion: Data, of id: RecordingID) throws {
        try read("cannot journal how to complete the ingest of \(id)") { db in
            try db.execute("UPDATE ingest_journal SET completion = ? WHERE recording_id = ?", [completion, id])
        }
    }

    public func endIngest(_ id: RecordingID) throws {
        try read("cannot clear the ingest journal of \(id)") { db in try db.execute("DELETE FROM ingest_journal WHERE recording_id = ?", [id]) }
    }

    public func pendingIngests() throws -> [PendingIngest] {
        try read("cannot read the ingest journal") { db in
            try db.rows("SELECT recording_id, object_path, started_at, completion, node FROM ingest_journal ORDER BY started_at").map {
                PendingIngest(id: try $0.recordingID("recording_id"), objectPath: try $0.value("object_path"),
                              startedAt: try $0.value("started_at"), completion: try $0.bytes("completion"), node: try $0.optional("node"))
            }
        }
    }

    public func beginVersion(_ pending: PendingVersion) throws -> Bool {
        try read("cannot journal the transcript add of \(pending.id)") { db in
            try db.execute("""
                INSERT INTO version_journal (recording_id, version, old_object_path, new_object_path, transcript_path, subject, new_key_id,
                                             started_at, node)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (recording_id) DO NOTHING
                """, [pending.id, pending.version, pending.oldObjectPath, pending.newObjectPath, pending.transcriptPath,
                      pending.subject, pending.newKeyID, pending.startedAt, pending.node]) == 1
        }
    }

    public func pendingVersions() throws -> [PendingVersion] {
        try read("cannot read the version journal") { db in
            try db.rows("SELECT * FROM version_journal ORDER BY started_at").map {
                PendingVersion(id: try $0.recordingID("recording_id"), version: Int(try $0.value("version", as: Int64.self)),
                               oldObjectPath: try $0.value("old_object_path"), newObjectPath: try $0.optional("new_object_path"),
                               transcriptPath: try $0.value("transcript_path"), subject: try $0.optional("subject"),
                               newKeyID: try $0.optional("new_key_id"), startedAt: try $0.value("started_at"), node: try $0.optional("node"))
            }
        }
    }

    public func endVersion(_ id: RecordingID) throws {
        try read("cannot clear the version journal of \(id)") { db in try db.execute("DELETE FROM version_journal WHERE recording_id = ?", [id]) }
    }

    public func isKeyInUse(_ keyID: String, subject: String?) throws -> Bool {
        try read("cannot read key use") { db in
            if try db.row("SELECT 1 FROM recordings WHERE key_subject = ? AND state != 'purged' LIMIT 1", [keyID]) != nil { return true }
            guard let subject, let row = try db.row("SELECT * FROM subjects WHERE subject = ?", [subject]) else { return false }
            return try row.decode(SubjectRecord.self).keyID == keyID
        }
    }
}

// MARK: - Recordings and subjects

extension PostgresCatalog: RecordingStore, SubjectStore {
    public func recordings() throws -> [RecordingRecord] {
        try records(RecordingRecord.self, "cannot list recordings", "SELECT * FROM recordings ORDER BY started_at, id")
    }

    public func recording(_ id: RecordingID) throws -> RecordingRecord? {
        try records(RecordingRecord.self, "cannot read recording \(id)", "SELECT * FROM recordings WHERE id = ?", [id]).first
    }

    /// A recording's sealed SIPREC metadata (`rs_metadata`); nil when it has none.
    public func rsMetadata(of id: RecordingID) throws -> SealedRSMetadata? {
        try read("cannot read the rs-metadata of recording \(id)") { db in
            try db.row("SELECT sealed, documents FROM rs_metadata WHERE recording_id = ?", [id]).map {
                SealedRSMetadata(sealed: try $0.value("sealed"), documents: Int(try $0.value("documents", as: Int64.self)))
            }
        }
    }

    public func recordingCount() throws -> Int {
        try read("cannot count recordings") { db in Int(try db.row("SELECT count(*) FROM recordings")?.first(as: Int64.self) ?? 0) }
    }

    public func recordingTotals() throws -> RecordingTotals {
        try read("cannot count recordings") { db in
            guard let row = try db.row("""
                SELECT count(*) AS count, coalesce(sum(sealed_size), 0)::bigint AS bytes, min(started_at) AS oldest
                FROM recordings WHERE state IN ('stored', 'restricted')
                """) else { return RecordingTotals(count: 0, sealedBytes: 0, oldestStart: nil) }
            return RecordingTotals(count: Int(try row.value("count", as: Int64.self)), sealedBytes: try row.value("bytes", as: Int64.self),
                                   oldestStart: try row.optional("oldest", as: Date.self))
        }
    }

    public func searchRecordings(_ query: RecordingQuery) throws -> [RecordingRecord] {
        var filter = SQLFilter()
        filter.add("started_at >= ?", query.since)
        filter.add("started_at < ?", query.until)
        filter.add("campaign = ?", query.campaign)
        filter.add("agent = ?", query.agent)
        filter.add("subject_pseudonym = ?", query.subjectPseudonym)
        filter.add("state = ?", query.state)
        if let hasTranscript = query.hasTranscript { filter.add(hasTranscript ? "transcript_path IS NOT NULL" : "transcript_path IS NULL") }
        if let held = query.held {
            // The one hold rule (`isHeld`): an active hold on the recording, or on its subject.
            filter.add(held ? """
                (recordings.id IN (SELECT recording_id FROM holds WHERE released_at IS NULL AND recording_id IS NOT NULL)
                 OR recordings.subject_pseudonym IN (SELECT subject FROM holds WHERE released_at IS NULL AND subject IS NOT NULL))
                """ : """
                NOT EXISTS (SELECT 1 FROM holds WHERE holds.released_at IS NULL AND (holds.recording_id = recordings.id
                            OR (recordings.subject_pseudonym IS NOT NULL AND holds.subject = recordings.subject_pseudonym)))
                """)
        }
        if let after = query.after {
            filter.add(query.newestFirst ? "(started_at, id) < (?, ?)" : "(started_at, id) > (?, ?)", after.startedAt, after.id.description)
        }
        let direction = query.newestFirst ? "DESC" : "ASC"
        return try records(RecordingRecord.self, "cannot search recordings",
                           "SELECT * FROM recordings\(filter.clause) ORDER BY started_at \(direction), id \(direction) LIMIT ? OFFSET ?",
                           filter.arguments + [query.limit, query.offset])
    }

    public func recordings(startedBefore cutoff: Date) throws -> [RecordingRecord] {
        try records(RecordingRecord.self, "cannot read recordings",
                    "SELECT * FROM recordings WHERE started_at < ? AND state IN ('stored', 'restricted') ORDER BY started_at, id", [cutoff])
    }

    public func restrictionsEnded(by at: Date) throws -> [RecordingRecord] {
        try records(RecordingRecord.self, "cannot read recordings",
                    "SELECT * FROM recordings WHERE state = 'restricted' AND restricted_until <= ? ORDER BY started_at, id", [at])
    }

    public func recordings(ofSubject subject: String) throws -> [RecordingRecord] {
        try records(RecordingRecord.self, "cannot read recordings", "SELECT * FROM recordings WHERE subject_pseudonym = ? ORDER BY started_at, id", [subject])
    }

    public func recordings(underKey keyID: String) throws -> [RecordingRecord] {
        try records(RecordingRecord.self, "cannot read recordings",
                    "SELECT * FROM recordings WHERE key_subject = ? AND state != 'purged' ORDER BY started_at, id", [keyID])
    }

    public func recordingsWithoutKeySubject() throws -> [RecordingRecord] {
        try records(RecordingRecord.self, "cannot read recordings", "SELECT * FROM recordings WHERE key_subject IS NULL ORDER BY started_at, id")
    }

    public func subjectKeyedRecordingCount() throws -> Int {
        try read("cannot count recordings") { db in
            Int(try db.row("SELECT count(*) FROM recordings WHERE key_subject IS NOT NULL")?.first(as: Int64.self) ?? 0)
        }
    }

    public func subject(_ subject: String) throws -> SubjectRecord? {
        try records(SubjectRecord.self, "cannot read subject", "SELECT * FROM subjects WHERE subject = ?", [subject]).first
    }

    public func subjects(in state: SubjectRecord.State) throws -> [SubjectRecord] {
        try records(SubjectRecord.self, "cannot read subjects", "SELECT * FROM subjects WHERE state = ? ORDER BY subject", [state.rawValue])
    }

    public func subjectCounts() throws -> [SubjectRecord.State: Int] {
        try read("cannot count subjects") { db in
            var counts = [SubjectRecord.State: Int]()
            for row in try db.rows("SELECT state, count(*) AS n FROM subjects GROUP BY state") {
                if let state = SubjectRecord.State(rawValue: try row.value("state")) { counts[state] = Int(try row.value("n", as: Int64.self)) }
            }
            return counts
        }
    }

    public func subjectKeyIDs(_ subject: String) throws -> [String] {
        guard let record = try self.subject(subject) else { return [] }
        return (1...record.keyGeneration).map { $0 == 1 ? subject : "\(subject)#\($0)" }
    }

    public func completeShred(_ subject: String, at: Date) throws {
        try transaction("cannot complete the shredding of a subject") { db in
            try db.execute("UPDATE subjects SET state = 'shredded', shredded_at = ? WHERE subject = ?", [at, subject])
            try db.execute("DELETE FROM phrase_hits WHERE recording_id IN (SELECT id FROM recordings WHERE subject_pseudonym = ? OR key_subject = ?)",
                           [subject, subject])
            try db.execute("DELETE FROM rs_metadata WHERE recording_id IN (SELECT id FROM recordings WHERE subject_pseudonym = ? OR key_subject = ?)",
                           [subject, subject])
            try db.execute("""
                UPDATE recordings SET state = 'shredded' WHERE (subject_pseudonym = ? OR key_subject = ?) AND state IN ('stored', 'restricted')
                """, [subject, subject])
        }
    }

    public func rekey(_ id: RecordingID, wrappedDataKey: Data, subject: SubjectRecord) throws {
        try transaction("cannot re-key recording \(id)") { db in
            try db.insert(subject, into: "subjects", onConflict: "(subject) DO NOTHING")
            try db.execute("UPDATE recordings SET wrapped_data_key = ?, kek_version = 0, key_subject = ? WHERE id = ?",
                           [wrappedDataKey, subject.subject, id])
        }
    }
}

// MARK: - Console accounts

extension PostgresCatalog: UserStore {
    public func users() throws -> [UserRecord] {
        try records(UserRecord.self, "cannot read console accounts", "SELECT * FROM users ORDER BY created_at, id")
    }

    public func user(named name: String) throws -> UserRecord? {
        try records(UserRecord.self, "cannot read console accounts", "SELECT * FROM users WHERE name = ?", [name]).first
    }
}

// MARK: - Phrase hits

extension PostgresCatalog: MonitorStore {
    public func phraseHits(_ query: PhraseHitQuery) throws -> [PhraseHitRecord] {
        var filter = SQLFilter()
        filter.add("call_started_at >= ?", query.since)
        filter.add("call_started_at < ?", query.until)
        filter.add("agent = ?", query.agent)
        filter.add("campaign = ?", query.campaign)
        filter.add("category = ?", query.category)
        filter.add("recording_id = ?", query.recording)
        filter.add("state = ?", query.state?.rawValue)
        // SQLite's order: untimed hits first.
        return try records(PhraseHitRecord.self, "cannot read phrase hits",
                           "SELECT * FROM phrase_hits\(filter.clause) ORDER BY call_started_at DESC, recording_id, start_ms NULLS FIRST, id LIMIT ?",
                           filter.arguments + [query.limit])
    }

    public func transcribedCalls(since: Date?, until: Date?, by grouping: CallGrouping) throws -> [String?: Int] {
        let column = grouping == .agent ? "agent" : "campaign"
        var filter = SQLFilter()
        filter.add("transcript_path IS NOT NULL")
        filter.add("state IN ('stored', 'restricted')")
        filter.add("started_at >= ?", since)
        filter.add("started_at < ?", until)
        let sql = "SELECT \(column) AS name, COUNT(*) AS calls FROM recordings\(filter.clause)"
        let arguments = filter.arguments
        return try read("cannot count calls") { db in
            var counts: [String?: Int] = [:]
            for row in try db.rows(sql + " GROUP BY \(column)", arguments) {
                counts[try row.optional("name", as: String.self)] = Int(try row.value("calls", as: Int64.self))
            }
            return counts
        }
    }

    public func unrecordedClaims(since: Date, until: Date, window: TimeInterval, skew: TimeInterval, limit: Int) throws -> [UnrecordedCall] {
        try read("cannot reconcile claims with recordings") { db in
            try db.rows("""
                SELECT a.subject, a.purpose, a.at FROM call_attempts a
                WHERE a.at >= ? AND a.at < ? AND NOT EXISTS (
                    SELECT 1 FROM recordings r WHERE r.subject_pseudonym = a.subject
                    AND r.started_at >= a.at - (? * interval '1 second') AND r.started_at < a.at + (? * interval '1 second'))
                ORDER BY a.at, a.id LIMIT ?
                """, [since, until, Int(skew), Int(window), limit])
                .map { UnrecordedCall(subjectPseudonym: try $0.value("subject"), purpose: try $0.value("purpose"), claimedAt: try $0.value("at")) }
        }
    }

    public func lexiconVersion() throws -> Int {
        try read("cannot read the lexicon's version") { db in
            Int(try db.row("SELECT COALESCE(MAX(version), 0) AS latest FROM lexicon_changes")?.value("latest", as: Int64.self) ?? 0)
        }
    }

    public func lexiconChanges() throws -> [LexiconChangeRecord] {
        try records(LexiconChangeRecord.self, "cannot read the lexicon's changes", "SELECT * FROM lexicon_changes ORDER BY version")
    }
}

// MARK: - Holds, tokens, erasure

extension PostgresCatalog: HoldStore, TokenStore, ErasureStore {
    public func activeHolds() throws -> [HoldRecord] {
        try records(HoldRecord.self, "cannot read holds", "SELECT * FROM holds WHERE released_at IS NULL ORDER BY placed_at, id")
    }

    public func isHeld(_ record: RecordingRecord) throws -> Bool {
        try read("cannot read holds") { db in try Self.isHeld(db, recording: record.id, subject: record.subjectPseudonym) }
    }

    /// The one hold rule: an active hold on the recording, or on its subject.
    static func isHeld(_ db: SQLConnection, recording: RecordingID, subject: String?) throws -> Bool {
        try db.row("SELECT 1 FROM holds WHERE released_at IS NULL AND (recording_id = ? OR (?::text IS NOT NULL AND subject = ?)) LIMIT 1",
                   [recording, subject, subject]) != nil
    }

    public func apiTokens() throws -> [APITokenRecord] {
        try records(APITokenRecord.self, "cannot read API tokens", "SELECT * FROM api_tokens ORDER BY created_at, id")
    }

    public func liveAPIToken(sha256: Data) throws -> APITokenRecord? {
        try records(APITokenRecord.self, "cannot read API tokens", "SELECT * FROM api_tokens WHERE token_sha256 = ? AND revoked_at IS NULL", [sha256]).first
    }

    public func erasureRequests(state: ErasureRequestRecord.State?) throws -> [ErasureRequestRecord] {
        if let state {
            return try records(ErasureRequestRecord.self, "cannot read erasure requests",
                               "SELECT * FROM erasure_requests WHERE state = ? ORDER BY requested_at DESC, id", [state.rawValue])
        }
        return try records(ErasureRequestRecord.self, "cannot read erasure requests", "SELECT * FROM erasure_requests ORDER BY requested_at DESC, id")
    }

    public func erasureRequest(_ id: String) throws -> ErasureRequestRecord? {
        try records(ErasureRequestRecord.self, "cannot read erasure requests", "SELECT * FROM erasure_requests WHERE id = ?", [id]).first
    }

    public func pendingKeyDestructions() throws -> [String] {
        try read("cannot read pending key destructions") { db in
            try db.rows("SELECT key_subject FROM pending_key_destructions ORDER BY requested_at, key_subject").map { try $0.value("key_subject") }
        }
    }

    public func endKeyDestructions(_ keyIDs: [String]) throws {
        try transaction("cannot clear key destructions") { db in
            for keyID in keyIDs { try db.execute("DELETE FROM pending_key_destructions WHERE key_subject = ?", [keyID]) }
        }
    }
}

// MARK: - Consent

extension PostgresCatalog: ConsentStore {
    /// One number's state in one statement (one snapshot): opt-out, blacklist, tag, the purposes
    /// granted and the attempts after `since`, oldest first.
    static let stateSQL = """
        SELECT n.opted_out_at, n.blacklisted_at, n.tag,
               ARRAY(SELECT purpose FROM consent_grants WHERE subject = $1 AND revoked_at IS NULL ORDER BY purpose) AS purposes,
               ARRAY(SELECT at FROM call_attempts WHERE subject = $1 AND at > $2 ORDER BY at) AS attempts
        FROM (SELECT 1) AS one LEFT JOIN consent_numbers n ON n.subject = $1
        """

    static func consentRecord(_ db: SQLConnection, subject: String, since: Date) throws -> ConsentRecord {
        guard let row = try db.row(stateSQL, [subject, since]) else { return .unknown }
        return ConsentRecord(optedOutAt: try row.optional("opted_out_at"), blacklistedAt: try row.optional("blacklisted_at"),
                             tag: try row.optional("tag"), grantedPurposes: Set(try row.value("purposes", as: [String].self)),
                             attempts: try row.value("attempts", as: [Date].self))
    }

    public func consentRecord(subject: String, since: Date) throws -> ConsentRecord {
        try read("cannot read consent") { db in try Self.consentRecord(db, subject: subject, since: since) }
    }

    public func consentRecords<T: Sendable>(subjects: [String], since: Date, _ transform: @Sendable (Int, ConsentRecord) -> T) throws -> [T] {
        // One snapshot for the whole screen: a repeatable-read transaction.
        try transaction("cannot read consent") { db in
            try db.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            return try subjects.enumerated().map { index, subject in transform(index, try Self.consentRecord(db, subject: subject, since: since)) }
        }
    }

    public func forEachConsentGrant(_ body: (ConsentGrantRow) throws -> Void) throws {
        try read("cannot read consent grants") { db in
            for row in try db.rows("SELECT * FROM consent_grants ORDER BY subject, purpose") { try body(try Self.grant(row)) }
        }
    }

    static func grant(_ row: SQLRow) throws -> ConsentGrantRow {
        ConsentGrantRow(subject: try row.value("subject"), purpose: try row.value("purpose"), source: try row.value("source"),
                        evidence: try row.value("evidence"), grantedAt: try row.value("granted_at"), revokedAt: try row.optional("revoked_at"),
                        mac: try row.bytes("mac"))
    }

    public func sealUnsealedConsentGrants(_ seal: ConsentGrantSealer) throws -> Int {
        try transaction("cannot seal consent grants") { db in
            var count = 0
            while true {
                let batch = try db.rows("SELECT * FROM consent_grants WHERE mac IS NULL ORDER BY subject, purpose LIMIT 10000").map(Self.grant)
                if batch.isEmpty { return count }
                for grant in batch {
                    try db.execute("UPDATE consent_grants SET mac = ? WHERE subject = ? AND purpose = ?", [seal(grant), grant.subject, grant.purpose])
                }
                count += batch.count
            }
        }
    }

    public func blacklist() throws -> [(subject: String, at: Date, reason: String?, sealedNumber: Data?)] {
        try read("cannot read the blacklist") { db in
            try db.rows("""
                SELECT subject, blacklisted_at, blacklist_reason, sealed_number FROM consent_numbers
                WHERE blacklisted_at IS NOT NULL ORDER BY blacklisted_at, subject
                """).map { (try $0.value("subject"), try $0.value("blacklisted_at"), try $0.optional("blacklist_reason"), try $0.bytes("sealed_number")) }
        }
    }

    public func consentHistory(subject: String) throws -> [ConsentEvent] {
        try read("cannot read consent history") { db in
            var events = [ConsentEvent]()
            for row in try db.rows("SELECT purpose, source, evidence, granted_at, revoked_at FROM consent_grants WHERE subject = ?", [subject]) {
                let purpose: String = try row.value("purpose")
                events.append(ConsentEvent(at: try row.value("granted_at"), kind: "grant", purpose: purpose,
                                           detail: "source \(try row.value("source", as: String.self)), evidence \(try row.value("evidence", as: String.self))"))
                if let revoked: Date = try row.optional("revoked_at") { events.append(ConsentEvent(at: revoked, kind: "revoke", purpose: purpose, detail: nil)) }
            }
            if let row = try db.row("SELECT opted_out_at, blacklisted_at, blacklist_reason FROM consent_numbers WHERE subject = ?", [subject]) {
                if let at: Date = try row.optional("opted_out_at") { events.append(ConsentEvent(at: at, kind: "opt-out", purpose: nil, detail: nil)) }
                if let at: Date = try row.optional("blacklisted_at") {
                    events.append(ConsentEvent(at: at, kind: "blacklist", purpose: nil, detail: try row.optional("blacklist_reason")))
                }
            }
            for row in try db.rows("SELECT at, purpose FROM call_attempts WHERE subject = ? ORDER BY at, id", [subject]) {
                events.append(ConsentEvent(at: try row.value("at"), kind: "attempt", purpose: try row.value("purpose"), detail: nil))
            }
            return events.sorted { $0.at < $1.at }
        }
    }

    /// None: a check reads one statement (`consentRecord`), whichever connection it gets.
    public func makeConsentPointReader(maximumHold: Duration) -> (any ConsentPointReader)? { nil }
}

// MARK: - The audit log

extension PostgresCatalog: AuditRowStore {
    /// A number for `pg_advisory_xact_lock` that serialises appends to the chain across nodes
    /// (the bytes of "cvaudit").
    static let auditLock: Int64 = 0x63_7661_7564_6974

    public func appendAudit(_ makers: [AuditRowMaker]) throws -> [AuditRow] {
        try transaction("cannot write the audit log") { db in try Self.appendAudit(makers, in: db) }
    }

    /// Appends after the last row, inside the caller's transaction, holding the chain's lock until
    /// it commits: a second appender (this node or another) waits and then links to these rows.
    static func appendAudit(_ makers: [AuditRowMaker], in db: SQLConnection) throws -> [AuditRow] {
        try db.execute("SELECT pg_advisory_xact_lock(?)", [auditLock])
        let last = try db.row("SELECT seq, leaf_hash FROM audit_log ORDER BY seq DESC LIMIT 1")
        var link = AuditLink(seq: (try last?.value("seq", as: Int64.self) ?? 0) + 1,
                             previousLeafHash: try last?.bytes("leaf_hash").map(Array.init) ?? [UInt8](repeating: 0, count: 32))
        var rows = [AuditRow]()
        rows.reserveCapacity(makers.count)
        for make in makers {
            let row = try make(link)
            precondition(row.seq == link.seq, "an audit row must take the sequence number it is given")
            try db.execute("INSERT INTO audit_log (seq, at, actor, auth, action, target, outcome, entry, leaf_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           [row.seq, row.at, row.actor, row.auth, row.action, row.target, row.outcome, row.entry, row.leafHash])
            rows.append(row)
            link = AuditLink(seq: link.seq + 1, previousLeafHash: Array(row.leafHash))
        }
        return rows
    }

    public func auditCount() throws -> Int64 {
        try read("cannot read the audit log") { db in try db.row("SELECT COALESCE(MAX(seq), 0) FROM audit_log")?.first(as: Int64.self) ?? 0 }
    }

    /// A PostgreSQL catalog never held the unchained v1 log.
    public func legacyAuditCount() throws -> Int { 0 }

    public func auditRows(_ filter: AuditFilter) throws -> [AuditRow] {
        var conditions = SQLFilter()
        conditions.add("at >= ?", filter.since)
        conditions.add("at < ?", filter.until)
        conditions.add("actor = ?", filter.actor)
        conditions.add("action = ?", filter.action)
        conditions.add("target = ?", filter.target)
        conditions.add("seq > ?", filter.afterSeq)
        var sql = "SELECT * FROM audit_log\(conditions.clause) ORDER BY seq"
        var arguments = conditions.arguments
        if let limit = filter.limit { sql += " LIMIT ?"; arguments.append(limit) }
        return try records(AuditRow.self, "cannot read the audit log", sql, arguments)
    }

    public func auditSeqs(targets: [String]) throws -> [Int64] {
        try read("cannot read the audit log") { db in
            try db.rows("SELECT seq FROM audit_log WHERE target = ANY(?) ORDER BY seq", [targets]).map { try $0.value("seq") }
        }
    }

    public func auditRow(seq: Int64) throws -> AuditRow? {
        try records(AuditRow.self, "cannot read the audit log", "SELECT * FROM audit_log WHERE seq = ?", [seq]).first
    }

    /// Pages through the log in key order (1,000 rows a page): memory stays at one page.
    public func forEachAuditRow(_ body: (AuditRow) throws -> Void) throws {
        try forEachAuditPage(after: 0) { rows in for row in rows { try body(try row.decode(AuditRow.self)) } }
    }

    public func forEachAuditRawRow(after: Int64, _ body: (AuditRawRow) throws -> Void) throws {
        try forEachAuditPage(after: after) { rows in
            for row in rows {
                func bytes(_ column: String) throws -> Data { Data(try row.value(column, as: String.self).utf8) }
                try body(AuditRawRow(seq: try row.value("seq"), at: try bytes("at"), actor: try bytes("actor"), auth: try bytes("auth"),
                                     action: try bytes("action"), outcome: try bytes("outcome"),
                                     target: try row.optional("target", as: String.self).map { Data($0.utf8) },
                                     entry: try row.bytes("entry") ?? Data(), leafHash: try row.bytes("leaf_hash") ?? Data()))
            }
        }
    }

    private func forEachAuditPage(after: Int64, _ body: ([SQLRow]) throws -> Void) throws {
        var last = after
        while true {
            let page = try read("cannot read the audit log") { db in try db.rows("SELECT * FROM audit_log WHERE seq > ? ORDER BY seq LIMIT 1000", [last]) }
            guard let tail = page.last else { return }
            try body(page)
            last = try tail.value("seq")
        }
    }

    public func auditLeafHashes(count: Int64) throws -> [[UInt8]] {
        var hashes = [[UInt8]]()
        hashes.reserveCapacity(Int(count))
        try forEachAuditPage(after: 0) { rows in
            for row in rows where hashes.count < count { hashes.append(Array(try row.bytes("leaf_hash") ?? Data())) }
        }
        return hashes
    }

    public func storeCheckpoint(_ checkpoint: CheckpointRow) throws {
        try read("cannot store a checkpoint") { db in try db.insert(checkpoint, into: "audit_checkpoints", onConflict: "(tree_size) DO NOTHING") }
    }

    public func checkpoints() throws -> [CheckpointRow] {
        try records(CheckpointRow.self, "cannot read checkpoints", "SELECT * FROM audit_checkpoints ORDER BY tree_size")
    }

    public func latestCheckpoint() throws -> CheckpointRow? {
        try records(CheckpointRow.self, "cannot read checkpoints", "SELECT * FROM audit_checkpoints ORDER BY tree_size DESC LIMIT 1").first
    }
}

/// A `WHERE` clause of the conditions whose value is given: each optional filter of a search
/// adds its condition only when set.
struct SQLFilter {
    private var conditions: [String] = []
    /// The values of the conditions' `?`, in order.
    private(set) var arguments: [any SQLBindable] = []

    /// Adds `condition` (one `?`) when `value` is set.
    mutating func add<Value: SQLBindable>(_ condition: String, _ value: Value?) {
        guard let value else { return }
        conditions.append(condition)
        arguments.append(value)
    }

    /// Adds `condition` without a value.
    mutating func add(_ condition: String) { conditions.append(condition) }

    /// Adds `condition` with two `?`, in order.
    mutating func add<A: SQLBindable, B: SQLBindable>(_ condition: String, _ a: A, _ b: B) {
        conditions.append(condition)
        arguments += [a, b] as [any SQLBindable]
    }

    /// " WHERE a AND b", or "" when no condition was added.
    var clause: String { conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ") }
}

extension SQLRow {
    /// A recording id column.
    func recordingID(_ column: String) throws -> RecordingID {
        guard let id = RecordingID(try value(column, as: String.self)) else { throw StoreErrorMapping.unreadable(column) }
        return id
    }
}

extension SQLConnection {
    /// Inserts a catalog record as a row of `table` (`onConflict`: what follows `ON CONFLICT`).
    func insert(_ record: some Encodable, into table: String, onConflict: String? = nil) throws {
        let columns = try SQLRowEncoder.columns(of: record)
        let names = columns.map(\.0).joined(separator: ", ")
        let marks = Array(repeating: "?", count: columns.count).joined(separator: ", ")
        try execute("INSERT INTO \(table) (\(names)) VALUES (\(marks))" + (onConflict.map { " ON CONFLICT \($0)" } ?? ""), values: columns.map(\.1))
    }

    /// Updates the row of `table` whose `key` column equals the record's; every other column is
    /// set from the record, and `clearing` (columns the record leaves out when nil) to NULL.
    @discardableResult
    func update(_ record: some Encodable, in table: String, key: String, clearing optionals: [String]) throws -> Int {
        var columns = try SQLRowEncoder.columns(of: record)
        for column in optionals where !columns.contains(where: { $0.0 == column }) { columns.append((column, .null)) }
        guard let keyValue = columns.first(where: { $0.0 == key })?.1 else { throw StoreErrorMapping.unreadable(key) }
        let sets = columns.filter { $0.0 != key }
        let assignments = sets.map { "\($0.0) = ?" }.joined(separator: ", ")
        return try execute("UPDATE \(table) SET \(assignments) WHERE \(key) = ?", values: sets.map(\.1) + [keyValue])
    }
}
