import Foundation
import Testing
import VaultBase
@testable import VaultStore
import GRDB
import VaultTestSupport

func sampleRecord(_ id: RecordingID = RecordingID(), path: String? = nil, startedAt: Date = Date(timeIntervalSince1970: 1_772_357_400)) -> RecordingRecord {
    RecordingRecord(id: id, state: .stored, startedAt: startedAt, ingestedAt: startedAt, durationMs: 4200, channels: 1,
                    inputSampleRate: 8000, opusSampleRate: 8000, bitrate: 16000, sourceFormat: "WAV PCM 16-bit",
                    subjectPseudonym: "ab", subjectMasked: "*******5678", campaign: "spring", agent: "a1",
                    opusSha256: String(repeating: "a", count: 64), opusSize: 100, sealedSha256: String(repeating: "b", count: 64),
                    sealedSize: 200, objectPath: path ?? "\(id.description.prefix(2))/\(id).cvseal", wrappedDataKey: Data(repeating: 1, count: 61),
                    kekVersion: 0, keySubject: "subject-a")
}

let sampleSubject = SubjectRecord(subject: "subject-a", masked: "*******5678", createdAt: Date(timeIntervalSince1970: 0))

/// A row maker for a plain test entry (the chain's own format lives in VaultAudit).
func audit(_ action: String) -> AuditRowMaker {
    { link in
        let entry = Data("\(link.seq):\(action):\(Array(link.previousLeafHash))".utf8)
        return AuditRow(seq: link.seq, at: "2026-03-01T09:30:00.000Z", actor: "tester", auth: "local", action: action, target: nil,
                        outcome: "ok", entry: entry, leafHash: Data(repeating: UInt8(link.seq), count: 32))
    }
}

@Suite("Catalog")
struct CatalogTests {
    let tmp = TemporaryDirectory()

    @Test("a committed ingest is a recording with its audit entry, and its journal entry is gone")
    func commitIngest() throws {
        let catalog = try Catalog(url: tmp.path("c.sqlite"), create: true)
        let record = sampleRecord()
        try catalog.beginIngest(.init(id: record.id, objectPath: record.objectPath, startedAt: Date()))
        #expect(try catalog.pendingIngests().map(\.id) == [record.id])
        try catalog.commitIngest(record, subject: sampleSubject, audit: audit("recording.ingest"))
        #expect(try catalog.pendingIngests().isEmpty)
        #expect(try catalog.recording(record.id) == record)
        #expect(try catalog.auditRows(AuditFilter(action: "recording.ingest")).count == 1)
    }

    @Test("the feature stores, through their protocols alone, read back what a unit of work wrote, as plain values")
    func throughTheProtocols() throws {
        let catalog = try Catalog(url: tmp.path("p.sqlite"), create: true)
        let stores: any CatalogStores = catalog
        let record = sampleRecord()
        try stores.beginIngest(.init(id: record.id, objectPath: record.objectPath, startedAt: record.startedAt))
        try catalog.commitIngest(record, subject: sampleSubject, audit: audit("recording.ingest"))
        #expect(try stores.recording(record.id) == record)
        #expect(try stores.recordings(ofSubject: "ab") == [record])
        #expect(try stores.searchRecordings(RecordingQuery(campaign: "spring")) == [record])
        #expect(try stores.subject("subject-a")?.masked == "*******5678")
        #expect(try stores.pendingIngests().isEmpty)
        #expect(try stores.auditRows(AuditFilter(action: "recording.ingest")).map(\.target) == [nil])
        #expect(try stores.erasureRequests(state: nil).isEmpty)
        #expect(try stores.activeHolds().isEmpty)
    }

    @Test("a version switch moves the row, the other recordings and the key generation at once, or refuses and changes nothing")
    func switchVersion() throws {
        let catalog = try Catalog(url: tmp.path("c.sqlite"), create: true)
        let record = sampleRecord(), sibling = sampleRecord()
        try catalog.commitIngest(record, subject: sampleSubject, audit: audit("recording.ingest"))
        try catalog.commitIngest(sibling, subject: sampleSubject, audit: audit("recording.ingest"))
        #expect(record.version == 1)
        let pending = PendingVersion(id: record.id, version: 2, oldObjectPath: record.objectPath, newObjectPath: "x/v2.cvseal",
                                             transcriptPath: "x/v2.transcript.cvseal", subject: "subject-a", newKeyID: "subject-a#2",
                                             startedAt: Date(timeIntervalSince1970: 1_772_357_400))
        #expect(try catalog.beginVersion(pending))
        #expect(try !catalog.beginVersion(pending))  // one add of a recording at a time
        #expect(try catalog.pendingVersions() == [pending])

        var next = record
        next.version = 2
        next.objectPath = "x/v2.cvseal"
        next.keySubject = "subject-a#2"
        next.wrappedDataKey = Data(repeating: 2, count: 61)
        let rekey = SubjectRekey(oldKeyID: "subject-a", rewrapped: [(sibling.id, Data(repeating: 3, count: 61))],
                                  newKeyID: "subject-a#2", subject: "subject-a", newGeneration: 2)
        // The recordings under the old key are not what was rewrapped: refused, nothing changed.
        let incomplete = SubjectRekey(oldKeyID: "subject-a", rewrapped: [], newKeyID: "subject-a#2", subject: "subject-a", newGeneration: 2)
        #expect(throws: StoreError.self) { try catalog.switchVersion(next, expected: record, rekey: incomplete, at: Date(), audit: audit("transcript.add")) }
        // The row changed since it was read: refused.
        var stale = record
        stale.opusSha256 = String(repeating: "c", count: 64)
        #expect(throws: StoreError.self) { try catalog.switchVersion(next, expected: stale, rekey: rekey, at: Date(), audit: audit("transcript.add")) }
        #expect(try catalog.recording(record.id) == record)
        #expect(try catalog.subject("subject-a")?.keyGeneration == 1)
        #expect(try catalog.auditRows(AuditFilter(action: "transcript.add")).isEmpty)
        #expect(try catalog.isKeyInUse("subject-a#2", subject: "subject-a") == false)

        try catalog.switchVersion(next, expected: record, rekey: rekey, at: Date(), audit: audit("transcript.add"))
        #expect(try catalog.recording(record.id) == next)
        #expect(try catalog.recording(sibling.id)?.keySubject == "subject-a#2")
        #expect(try catalog.recording(sibling.id)?.wrappedDataKey == Data(repeating: 3, count: 61))
        #expect(try catalog.subject("subject-a")?.keyGeneration == 2)
        #expect(try catalog.pendingKeyDestructions() == ["subject-a"])
        #expect(try catalog.auditRows(AuditFilter(action: "transcript.add")).count == 1)
        #expect(try catalog.isKeyInUse("subject-a#2", subject: "subject-a"))
        try catalog.endVersion(record.id)
        #expect(try catalog.pendingVersions().isEmpty)
    }

    @Test("a commit that fails leaves neither the recording nor its audit entry")
    func commitIsAtomic() throws {
        let catalog = try Catalog(url: tmp.path("c.sqlite"), create: true)
        let first = sampleRecord()
        try catalog.commitIngest(first, subject: sampleSubject, audit: audit("recording.ingest"))
        // Same object path: the UNIQUE constraint fails inside the transaction.
        let clash = sampleRecord(path: first.objectPath)
        try catalog.beginIngest(.init(id: clash.id, objectPath: clash.objectPath, startedAt: Date()))
        let error = #expect(throws: StoreError.self) { try catalog.commitIngest(clash, subject: sampleSubject, audit: audit("recording.ingest")) }
        #expect(error?.code == .catalog)
        #expect(try catalog.recording(clash.id) == nil)
        #expect(try catalog.auditCount() == 1)
        #expect(try catalog.pendingIngests().map(\.id) == [clash.id])
    }

    @Test("recordings list oldest call first and survive reopening")
    func listAndReopen() throws {
        let url = tmp.path("c.sqlite")
        let catalog = try Catalog(url: url, create: true)
        let late = sampleRecord(startedAt: Date(timeIntervalSince1970: 2_000_000_000))
        let early = sampleRecord(startedAt: Date(timeIntervalSince1970: 1_000_000_000))
        try catalog.commitIngest(late, subject: sampleSubject, audit: audit("recording.ingest"))
        try catalog.commitIngest(early, subject: sampleSubject, audit: audit("recording.ingest"))
        #expect(try Catalog(url: url).recordings().map(\.id) == [early.id, late.id])
        #expect(try catalog.recordingCount() == 2)
    }

    @Test("the audit log refuses updates and deletes, even by hand in SQLite")
    func auditIsAppendOnly() throws {
        let url = tmp.path("c.sqlite")
        let catalog = try Catalog(url: url, create: true)
        let rows = try catalog.appendAudit([audit("vault.init")])
        #expect(rows.map(\.seq) == [1])
        for sql in ["UPDATE audit_log SET actor = 'mallory'", "DELETE FROM audit_log"] {
            let result = try Subprocess.run("python3", ["-c", """
                import sqlite3, sys
                db = sqlite3.connect(sys.argv[1])
                try:
                    db.execute(sys.argv[2]); db.commit(); print("changed")
                except sqlite3.DatabaseError as e:
                    print(e)
                """, url.path, sql])
            #expect(result.stdout.contains("append-only"), "\(sql): \(result.stdout)\(result.stderr)")
        }
        #expect(try catalog.auditRows().map(\.actor) == ["tester"])
    }

    @Test("appends link each entry to the one before, across batches, in sequence")
    func chainLinks() throws {
        let catalog = try Catalog(url: tmp.path("c.sqlite"), create: true)
        _ = try catalog.appendAudit([audit("a"), audit("b")])
        _ = try catalog.appendAudit([audit("c")])
        let rows = try catalog.auditRows()
        #expect(rows.map(\.seq) == [1, 2, 3])
        #expect(rows[0].entry == Data("1:a:\(Array(repeating: UInt8(0), count: 32))".utf8))
        #expect(rows[2].entry == Data("3:c:\(Array(repeating: UInt8(2), count: 32))".utf8))
        var streamed = [Int64]()
        try catalog.forEachAuditRow { streamed.append($0.seq) }
        #expect(streamed == [1, 2, 3])
        #expect(try catalog.auditLeafHashes(count: 2) == [Array(repeating: 1, count: 32), Array(repeating: 2, count: 32)])
        #expect(try catalog.auditRows(AuditFilter(action: "b")).map(\.seq) == [2])
    }

    @Test("checkpoints are stored once per size and refuse edits")
    func checkpoints() throws {
        let catalog = try Catalog(url: tmp.path("c.sqlite"), create: true)
        try catalog.storeCheckpoint(CheckpointRow(treeSize: 2, rootHash: Data([1]), note: "n2", at: "t"))
        try catalog.storeCheckpoint(CheckpointRow(treeSize: 5, rootHash: Data([2]), note: "n5", at: "t"))
        #expect(try catalog.checkpoints().map(\.treeSize) == [2, 5])
        #expect(try catalog.latestCheckpoint()?.note == "n5")
    }

    @Test("the catalog runs in WAL mode with synchronous FULL")
    func durability() throws {
        let catalog = try Catalog(url: tmp.path("c.sqlite"), create: true)
        #expect(try catalog.pragma("journal_mode") == "wal")
        #expect(try catalog.pragma("synchronous") == "2")
    }

    @Test("KEK check values are stored per version")
    func kekChecks() throws {
        let catalog = try Catalog(url: tmp.path("c.sqlite"), create: true)
        try catalog.storeKEKCheck(version: 1, checkValue: Data([9, 9]))
        #expect(try catalog.kekCheck(version: 1) == Data([9, 9]))
        #expect(try catalog.kekCheck(version: 2) == nil)
    }

    @Test("v10 moves an existing catalog's consent rows into WITHOUT ROWID tables unchanged, compacts the file, and checks read them")
    func consentWithoutRowIDMigration() throws {
        let url = tmp.path("v8.sqlite")
        let numbers = "SELECT subject, sealed_number, tag, opted_out_at, blacklisted_at, blacklist_reason FROM consent_numbers ORDER BY subject"
        let grants = "SELECT subject, purpose, source, evidence, granted_at, revoked_at FROM consent_grants ORDER BY subject, purpose"
        let (numbersBefore, grantsBefore) = try {
            // A catalog as a vault from before v10 left it, with consent rows in the old tables.
            let queue = try DatabaseQueue(path: url.path)
            try Catalog.migrator.migrate(queue, upTo: "v8: transcripts")
            return try queue.write { db in
                try db.execute(sql: """
                    INSERT INTO consent_numbers (subject, sealed_number, tag, opted_out_at, blacklisted_at, blacklist_reason) VALUES
                      ('c3', NULL, NULL, NULL, NULL, NULL),
                      ('b2', x'0102', 'complaint_sensitive', NULL, '2026-03-01 09:00:00.000', 'abuse'),
                      ('a1', NULL, NULL, '2026-03-02 10:00:00.000', NULL, NULL);
                    INSERT INTO consent_grants (subject, purpose, source, evidence, granted_at, revoked_at) VALUES
                      ('c3', 'marketing', 'signup', 'ref-3', '2026-01-03 00:00:00.000', NULL),
                      ('a1', 'service', 'sms', 'ref-2', '2026-01-02 00:00:00.000', '2026-02-01 00:00:00.000'),
                      ('a1', 'marketing', 'sms', 'ref-1', '2026-01-01 00:00:00.000', NULL);
                    INSERT INTO call_attempts (subject, purpose, at) VALUES ('c3', 'marketing', '2026-03-03 12:00:00.000');
                    INSERT INTO consent_numbers (subject)
                      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000) SELECT printf('z%064d', i) FROM n;
                    INSERT INTO consent_grants (subject, purpose, source, evidence, granted_at)
                      SELECT subject, 'marketing', 'import', 'bulk', '2026-01-04 00:00:00.000' FROM consent_numbers WHERE subject LIKE 'z%';
                    """)
                return (try Row.fetchAll(db, sql: numbers), try Row.fetchAll(db, sql: grants))
            }
        }()
        let catalog = try Catalog(url: url)
        try catalog.readCatalog("test") { db in
            #expect(try Row.fetchAll(db, sql: numbers) == numbersBefore)
            #expect(try Row.fetchAll(db, sql: grants) == grantsBefore)
            for table in ["consent_numbers", "consent_grants"] {
                let sql = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?", arguments: [table])
                #expect(sql?.hasSuffix("WITHOUT ROWID") == true, "\(table): \(sql ?? "missing")")
            }
            #expect(try String.fetchAll(db, sql: "SELECT name FROM sqlite_schema WHERE name LIKE '%_v10'").isEmpty)
        }
        // The dropped tables were most of the file: the upgrade compacted it.
        #expect(try catalog.pragma("freelist_count") == "0")
        let since = Date(timeIntervalSince1970: 0)
        let c3 = try catalog.consentRecord(subject: "c3", since: since)
        #expect(c3.grantedPurposes == ["marketing"] && c3.attempts.count == 1 && c3.optedOutAt == nil)
        let a1 = try catalog.consentRecord(subject: "a1", since: since)
        #expect(a1.grantedPurposes == ["marketing"] && a1.optedOutAt != nil)
        let b2 = try catalog.consentRecord(subject: "b2", since: since)
        #expect(b2.grantedPurposes.isEmpty && b2.blacklistedAt != nil && b2.tag == "complaint_sensitive")
        // The new tables take writes as the old ones did (upserts on their primary keys).
        try catalog.importConsents([(subject: "b2", purposes: ["marketing"]), (subject: "d4", purposes: ["marketing"])], source: "test", at: since, seal: { _ in Data() })
        #expect(try catalog.consentRecord(subject: "b2", since: since).grantedPurposes == ["marketing"])
        #expect(try catalog.consentRecord(subject: "d4", since: since).grantedPurposes == ["marketing"])
    }

    @Test("a screen split over several readers gives each number, in input order, what a single check reads")
    func parallelScreen() throws {
        let catalog = try Catalog(url: tmp.path("c.sqlite"), create: true,
                                  consentReaders: ConsentReaderOptions(screenParallelism: 3, minimumScreenShare: 10))
        let since = Date(timeIntervalSince1970: 1_772_000_000)
        let subjects = (0..<100).map { String(format: "s%03d", ($0 * 37) % 100) }  // not in key order
        try catalog.importConsents(subjects.indices.filter { $0 % 3 == 0 }.map { (subject: subjects[$0], purposes: ["marketing"]) },
                                   source: "test", at: since, seal: { _ in Data() })
        for subject in subjects.prefix(10) {
            try catalog.write("test") { tx in
                try tx.consent.ensureNumber(subject: subject, sealedNumber: nil)
                try tx.consent.setBlacklisted(subject: subject, at: since, reason: "test")
                try tx.appendAudit([audit("consent.blacklist")])
            }
            try catalog.write("test") { tx in
                try tx.consent.recordAttempt(subject: subject, purpose: "marketing", at: since + 60)
                try tx.appendAudit([audit("consent.claim")])
            }
        }
        let screened = subjects + ["unknown"]
        let results = try catalog.consentRecords(subjects: screened, since: since) { index, record in Pair(index: index, record: record) }
        #expect(results.map(\.index) == Array(screened.indices))
        for (subject, result) in zip(screened, results) {
            #expect(result.record == (try catalog.consentRecord(subject: subject, since: since)), "\(subject)")
        }
        #expect(results.filter { !$0.record.grantedPurposes.isEmpty }.count == 34)
        #expect(results.filter { $0.record.blacklistedAt != nil && $0.record.attempts.count == 1 }.count == 10)
    }

    /// A screened number's index and state.
    struct Pair: Sendable {
        var index: Int
        var record: ConsentRecord
    }

    @Test("a missing catalog is not silently created")
    func missing() {
        let error = #expect(throws: StoreError.self) { try Catalog(url: tmp.path("none.sqlite")) }
        #expect(error?.code == .notAVault)
    }
}

@Suite("Vault manifest")
struct VaultManifestTests {
    let tmp = TemporaryDirectory()

    @Test("writes and reads back; a missing or foreign directory says what it is")
    func manifest() throws {
        let layout = VaultLayout(root: tmp.url)
        let manifest = VaultManifest(vaultID: "v1", keyStorePath: "/k", createdAt: Date(timeIntervalSince1970: 1_772_357_400))
        try manifest.write(layout)
        #expect(try VaultManifest.read(layout) == manifest)
        #expect((#expect(throws: StoreError.self) { try VaultManifest.read(VaultLayout(root: tmp.path("nope"))) })?.code == .vaultMissing)
        let empty = tmp.path("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        #expect((#expect(throws: StoreError.self) { try VaultManifest.read(VaultLayout(root: empty)) })?.code == .notAVault)
        try Data("{".utf8).write(to: layout.manifestURL)
        #expect((#expect(throws: StoreError.self) { try VaultManifest.read(layout) })?.code == .notAVault)
    }

    @Test("a key store inside the vault is recognised")
    func containment() {
        let layout = VaultLayout(root: URL(fileURLWithPath: "/srv/vault"))
        #expect(layout.contains(URL(fileURLWithPath: "/srv/vault/keys")))
        #expect(!layout.contains(URL(fileURLWithPath: "/srv/vault-keys")))
        #expect(!layout.contains(URL(fileURLWithPath: "/etc/callvault/keys")))
    }
}

@Suite("SQLite time text")
struct SQLiteTimeTests {
    @Test("formats like GRDB stores dates, so text comparison orders instants")
    func format() throws {
        let date = Date(timeIntervalSince1970: 1_772_357_400.25)
        #expect(SQLiteTime.text(date) == "2026-03-01 09:30:00.250")
        #expect(SQLiteTime.text(Date(timeIntervalSince1970: 0)) == "1970-01-01 00:00:00.000")
        #expect(date.databaseValue.storage.value as? String == SQLiteTime.text(date))
    }
}

@Suite("Catalog migrations")
struct CatalogMigrationTests {
    @Test("the migrations are the ones shipped, in the order catalogs applied them; a new catalog records each")
    func shippedOrder() throws {
        let shipped = ["v1: recordings, ingest journal, audit log", "v2: hash-chained audit log and checkpoints", "v3: subject keys",
                       "v5: checkpoint compact ranges", "v4: policies", "v6: recording metadata", "v7: consent, holds, retention, erasure",
                       "v8: transcripts", "v9: api tokens", "v10: consent without rowid", "v11: recording versions",
                       "v12: authenticated token rows", "v13: authenticated consent grants"]
        #expect(Array(CatalogMigration.all.map(\.identifier).prefix(shipped.count)) == shipped)
        let tmp = TemporaryDirectory("callvault-migrations")
        let url = tmp.path("catalog.sqlite")
        _ = try Catalog(url: url, create: true)
        let applied = try Subprocess.run("python3", ["-c", "import sqlite3,sys; print('\\n'.join(r[0] for r in sqlite3.connect(sys.argv[1]).execute('SELECT identifier FROM grdb_migrations')))", url.path])
        #expect(Set(applied.stdout.split(separator: "\n").map(String.init)) == Set(CatalogMigration.all.map(\.identifier)))
    }
}

@Suite("Unit of work")
struct UnitOfWorkTests {
    let tmp = TemporaryDirectory()

    static func token(_ name: String) -> APITokenRecord {
        APITokenRecord(id: name, name: name, role: "dialer", tokenSha256: Data(repeating: 1, count: 32), createdAt: Date(timeIntervalSince1970: 1_772_357_400))
    }

    @Test("a feature's writes and their audit entry commit together, or neither does")
    func allOrNothing() throws {
        let catalog = try Catalog(url: tmp.path("c.sqlite"), create: true)
        struct Abandon: Error {}
        #expect(throws: Abandon.self) {
            try catalog.write("test") { tx in
                try tx.tokens.insert(Self.token("a"))
                try tx.appendAudit([audit("token.create")])
                throw Abandon()
            }
        }
        #expect(try catalog.apiTokens().isEmpty && catalog.auditCount() == 0)
        try catalog.write("test") { tx in
            try tx.tokens.insert(Self.token("b"))
            try tx.appendAudit([audit("token.create")])
        }
        #expect(try catalog.apiTokens().map(\.name) == ["b"] && catalog.auditCount() == 1)
        // The store's own rules hold inside: one live token a name.
        #expect(throws: StoreError.self) { try catalog.write("test") { tx in try tx.tokens.insert(Self.token("b")) } }
        #expect(try catalog.auditCount() == 1)
    }
}

extension Catalog {
    /// A bulk import in its own unit of work (what `Vault.importConsents` does per 100,000 numbers).
    func importConsents(_ numbers: [(subject: String, purposes: [String])], source: String, at: Date, seal: ConsentGrantSealer) throws {
        try write("test import") { tx in try tx.consent.importGrants(numbers, source: source, at: at, seal: seal) }
    }
}

extension Catalog {
    /// An ingest's commit with its audit entry, in one unit of work (what `IngestJob` does),
    /// journaled first when the test did not.
    func commitIngest(_ recording: RecordingRecord, subject: SubjectRecord, audit maker: @escaping AuditRowMaker) throws {
        if try !pendingIngests().contains(where: { $0.id == recording.id }) {
            try beginIngest(PendingIngest(id: recording.id, objectPath: recording.objectPath, startedAt: recording.startedAt))
        }
        try write("test commit") { tx in
            try tx.recordings.commitIngest(recording, subject: subject)
            try tx.appendAudit([maker])
        }
    }

    /// A version switch with its audit entry, in one unit of work (what `TranscriptAddJob` does).
    func switchVersion(_ record: RecordingRecord, expected: RecordingRecord, rekey: SubjectRekey?, at: Date, audit maker: @escaping AuditRowMaker) throws {
        try write("test switch") { tx in
            try tx.recordings.switchVersion(record, expected: expected, rekey: rekey, at: at)
            try tx.appendAudit([maker])
        }
    }
}
