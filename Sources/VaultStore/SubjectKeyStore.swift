public import Foundation
internal import GRDB

/// The wrapped subject keys, in `subject-keys.sqlite` inside the key store (never in the vault's
/// data, so a copy of the catalog and objects alone cannot be read): a vault of one node's. A
/// vault whose catalog several nodes share keeps them in its catalog instead
/// (`SharedSubjectKeys`).
///
/// Each row is one subject's key wrapped under a KEK version. Deleting a row destroys the key:
/// the database runs with `secure_delete` (freed pages are zeroed) and ``destroy(_:)`` truncates
/// the WAL afterwards, so the wrapped bytes leave the file. It stores wrapped keys only.
/// `Sendable`: GRDB's `DatabasePool` serialises writes.
public final class SubjectKeyStore: SubjectKeyStorage {
    private let pool: DatabasePool
    /// The database file.
    public let url: URL

    /// One wrapped subject key.
    public typealias Row = SubjectKeyRow

    /// Opens the subject key database at `url`, creating it (mode 0600) only when `create` is true.
    public init(url: URL, create: Bool) throws {
        self.url = url
        let existed = FileManager.default.fileExists(atPath: url.path)
        guard existed || create else { throw StoreError(.notFound, "the subject key database \(url.path) is missing") }
        var configuration = Configuration()
        configuration.busyMode = .timeout(15)
        configuration.label = "callvault.subject-keys"
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA secure_delete = ON") }
        do {
            pool = try DatabasePool(path: url.path, configuration: configuration)
            try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
            if !existed { try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path) }
            var migrator = DatabaseMigrator()
            migrator.registerMigration("v1: subject keys") { db in
                try db.create(table: "subject_keys") { t in
                    t.primaryKey("subject", .text)
                    t.column("kek_version", .integer).notNull().indexed()
                    t.column("wrapped", .blob).notNull()
                }
            }
            migrator.registerMigration("v2: the key journal") { db in
                // What a restore of an older catalog must replay (ARCHITECTURE.md, "Backups"): keys
                // destroyed since, data keys rewrapped since, opt-outs recorded since.
                try db.create(table: "destroyed_keys") { t in t.primaryKey("subject", .text) }
                try db.create(table: "rewrapped_data_keys") { t in
                    t.primaryKey("recording", .text)
                    t.column("key_subject", .text).notNull().indexed()
                    t.column("wrapped", .blob).notNull()
                }
                // One row per opt-out (a number may opt out again after consenting anew).
                try db.create(table: "opt_outs") { t in
                    t.primaryKey("request", .text)
                    t.column("subject", .text).notNull().indexed()
                    t.column("requested_at", .double).notNull()
                }
            }
            try migrator.migrate(pool)
        } catch let error as DatabaseError {
            throw StoreError(.catalog, "cannot open the subject keys \(url.path): \(error.message ?? "\(error)")")
        }
    }

    private func write<T>(_ what: String, _ body: (Database) throws -> T) throws -> T {
        try StoreError.mappingDatabaseErrors(what) { try pool.write(body) }
    }

    private func read<T>(_ what: String, _ body: (Database) throws -> T) throws -> T {
        try StoreError.mappingDatabaseErrors(what) { try pool.read(body) }
    }

    /// The wrapped key of `subject`, or nil when it has none (never had, or destroyed).
    public func row(for subject: String) throws -> Row? {
        try read("cannot read a subject key") { db in
            try GRDB.Row.fetchOne(db, sql: "SELECT subject, kek_version, wrapped FROM subject_keys WHERE subject = ?",
                                  arguments: [subject]).map { Row(subject: $0[0], kekVersion: $0[1], wrapped: $0[2]) }
        }
    }

    /// Stores a new subject key; returns the row that ends up stored (another writer's, if one
    /// stored a key for the same subject first).
    public func insert(_ row: Row) throws -> Row {
        try write("cannot store a subject key") { db in
            try db.execute(sql: "INSERT OR IGNORE INTO subject_keys (subject, kek_version, wrapped) VALUES (?, ?, ?)",
                           arguments: [row.subject, row.kekVersion, row.wrapped])
            return try GRDB.Row.fetchOne(db, sql: "SELECT subject, kek_version, wrapped FROM subject_keys WHERE subject = ?",
                                         arguments: [row.subject]).map { Row(subject: $0[0], kekVersion: $0[1], wrapped: $0[2]) }!
        }
    }

    /// Destroys subject keys: deletes their rows, then checkpoints and truncates the WAL so the
    /// wrapped bytes are gone from the files. Each leaves a tombstone (its id, nothing else), and
    /// the journalled data keys under it go too. Returns how many existed.
    @discardableResult
    public func destroy(_ subjects: [String]) throws -> Int {
        let count = try write("cannot destroy subject keys") { db in
            var count = 0
            for subject in subjects {
                try db.execute(sql: "DELETE FROM subject_keys WHERE subject = ?", arguments: [subject])
                count += db.changesCount
                try db.execute(sql: "INSERT OR IGNORE INTO destroyed_keys (subject) VALUES (?)", arguments: [subject])
                try db.execute(sql: "DELETE FROM rewrapped_data_keys WHERE key_subject = ?", arguments: [subject])
            }
            return count
        }
        try truncateLog()
        return count
    }

    // MARK: The key journal (what a restore replays)

    /// Whether `subject`'s key was destroyed here.
    public func wasDestroyed(_ subject: String) throws -> Bool {
        try read("cannot read the key journal") { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM destroyed_keys WHERE subject = ?)", arguments: [subject]) ?? false
        }
    }

    /// Journals data keys rewrapped under a new subject key (a purge, a version switch), so a
    /// restore of an older catalog finds each recording's current wrapped key. The newest wins.
    public func journalRewraps(_ rewraps: [(recording: String, keySubject: String, wrapped: Data)]) throws {
        guard !rewraps.isEmpty else { return }
        try write("cannot journal rewrapped data keys") { db in
            let statement = try db.makeStatement(sql: "INSERT OR REPLACE INTO rewrapped_data_keys (recording, key_subject, wrapped) VALUES (?, ?, ?)")
            for rewrap in rewraps { try statement.execute(arguments: [rewrap.recording, rewrap.keySubject, rewrap.wrapped]) }
        }
    }

    /// The journalled data key of `recording`: the subject key that wraps it and the wrapped bytes.
    public func journalledDataKey(of recording: String) throws -> (keySubject: String, wrapped: Data)? {
        try read("cannot read the key journal") { db in
            try GRDB.Row.fetchOne(db, sql: "SELECT key_subject, wrapped FROM rewrapped_data_keys WHERE recording = ?",
                                  arguments: [recording]).map { ($0[0], $0[1]) }
        }
    }

    /// Journals an opt-out (every opt-out opens an erasure request), so a restore of an older
    /// catalog suppresses the number again and erases what it holds of it.
    public func journalOptOut(subject: String, request: String, at: Date) throws {
        try write("cannot journal the opt-out") { db in
            try db.execute(sql: "INSERT OR IGNORE INTO opt_outs (subject, request, requested_at) VALUES (?, ?, ?)",
                           arguments: [subject, request, at.timeIntervalSince1970])
        }
    }

    /// Journals many opt-outs in one transaction (a copy of another store's journal).
    public func journalOptOuts(_ optOuts: [(subject: String, request: String, requestedAt: Date)]) throws {
        guard !optOuts.isEmpty else { return }
        try write("cannot journal the opt-outs") { db in
            for optOut in optOuts {
                try db.execute(sql: "INSERT OR IGNORE INTO opt_outs (subject, request, requested_at) VALUES (?, ?, ?)",
                               arguments: [optOut.subject, optOut.request, optOut.requestedAt.timeIntervalSince1970])
            }
        }
    }

    /// Every journalled opt-out, oldest first.
    public func journalledOptOuts() throws -> [(subject: String, request: String, requestedAt: Date)] {
        try read("cannot read the key journal") { db in
            try GRDB.Row.fetchAll(db, sql: "SELECT subject, request, requested_at FROM opt_outs ORDER BY requested_at, subject")
                .map { ($0[0], $0[1], Date(timeIntervalSince1970: $0[2])) }
        }
    }

    /// Every tombstone: the subjects whose keys were destroyed here.
    public func destroyedSubjects() throws -> [String] {
        try read("cannot read the key journal") { db in try String.fetchAll(db, sql: "SELECT subject FROM destroyed_keys ORDER BY subject") }
    }

    /// Every journalled data key.
    public func journalledRewraps() throws -> [(recording: String, keySubject: String, wrapped: Data)] {
        try read("cannot read the key journal") { db in
            try GRDB.Row.fetchAll(db, sql: "SELECT recording, key_subject, wrapped FROM rewrapped_data_keys ORDER BY recording").map { ($0[0], $0[1], $0[2]) }
        }
    }

    /// Writes a consistent copy of the database to `destination` (for backups).
    public func snapshot(to destination: URL) throws {
        try StoreError.mappingDatabaseErrors("cannot copy the subject keys") {
            try pool.writeWithoutTransaction { db in try db.execute(sql: "VACUUM INTO ?", arguments: [destination.path]) }
        }
    }

    /// Checkpoints the WAL into the database and truncates it to zero bytes.
    public func truncateLog() throws {
        try StoreError.mappingDatabaseErrors("cannot checkpoint the subject keys") {
            try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        }
    }

    /// How many keys each KEK version wraps.
    public func countsByKEKVersion() throws -> [Int: Int] {
        try read("cannot count subject keys") { db in
            var counts = [Int: Int]()
            for row in try GRDB.Row.fetchAll(db, sql: "SELECT kek_version, count(*) FROM subject_keys GROUP BY kek_version") {
                counts[row[0]] = row[1]
            }
            return counts
        }
    }

    /// Up to `limit` keys not wrapped under `version`, in storage (rowid) order after rowid
    /// `after`, with their rowids. Storage order keeps a batch on neighbouring pages: pseudonyms
    /// are hashes, so subject order would scatter a batch over the whole file.
    public func rows(notUnder version: Int, afterRowID after: Int64, limit: Int) throws -> [(rowID: Int64, row: Row)] {
        try read("cannot read subject keys") { db in
            try GRDB.Row.fetchAll(db, sql: """
                SELECT rowid, subject, kek_version, wrapped FROM subject_keys
                WHERE rowid > ? AND kek_version != ? ORDER BY rowid LIMIT ?
                """, arguments: [after, version, limit]).map { ($0[0], Row(subject: $0[1], kekVersion: $0[2], wrapped: $0[3])) }
        }
    }

    /// Replaces wrapped keys (after a rewrap) in one transaction: every key stays readable under
    /// one version or the other whatever happens.
    public func update(_ rows: [Row]) throws {
        try write("cannot rewrap subject keys") { db in
            let statement = try db.makeStatement(sql: "UPDATE subject_keys SET kek_version = ?, wrapped = ? WHERE subject = ?")
            for row in rows { try statement.execute(arguments: [row.kekVersion, row.wrapped, row.subject]) }
        }
    }

    /// Calls `body` with every key, in subject order, from one snapshot.
    public func forEach(_ body: (Row) throws -> Void) throws {
        try read("cannot read subject keys") { db in
            let cursor = try GRDB.Row.fetchCursor(db, sql: "SELECT subject, kek_version, wrapped FROM subject_keys ORDER BY subject")
            while let row = try cursor.next() { try body(Row(subject: row[0], kekVersion: row[1], wrapped: row[2])) }
        }
    }

    /// Inserts many keys in one transaction (bulk loads, benchmarks).
    public func insertBatch(_ rows: [Row]) throws {
        try write("cannot store subject keys") { db in
            let statement = try db.makeStatement(sql: "INSERT INTO subject_keys (subject, kek_version, wrapped) VALUES (?, ?, ?)")
            for row in rows { try statement.execute(arguments: [row.subject, row.kekVersion, row.wrapped]) }
        }
    }
}
