import Foundation
import PostgresNIO
public import VaultStore

extension PostgresCatalog: SharedSubjectKeys {
    /// The catalog's own subject keys: every node reads and destroys the same ones.
    public var sharedSubjectKeys: (any SubjectKeyStorage)? { PostgresSubjectKeys(catalog: self) }
}

/// The subject keys on PostgreSQL (migration v5), wrapped under the KEK exactly as in the key
/// store's `subject-keys.sqlite`, with the same journal.
///
/// Destroying a key deletes its row at once, for every node. What PostgreSQL itself keeps of the
/// deleted bytes (dead tuples until vacuum, the write-ahead log, replicas, base backups) stays
/// wrapped under the KEK version that wrapped it, which no node can use any more once that
/// version is retired after the next rotation (`callvault keys rotate` retires it as soon as no
/// key is wrapped under it). `docs/keys.md` says so.
struct PostgresSubjectKeys: SubjectKeyStorage {
    let catalog: PostgresCatalog

    private static func row(_ row: SQLRow) throws -> SubjectKeyRow {
        SubjectKeyRow(subject: try row.value("subject", as: String.self), kekVersion: Int(try row.value("kek_version", as: Int64.self)),
                      wrapped: try row.bytes("wrapped") ?? Data())
    }

    func row(for subject: String) throws -> SubjectKeyRow? {
        try catalog.read("cannot read a subject key") { db in
            try db.row("SELECT subject, kek_version, wrapped FROM subject_keys WHERE subject = ?", [subject]).map(Self.row)
        }
    }

    func insert(_ row: SubjectKeyRow) throws -> SubjectKeyRow {
        try catalog.transaction("cannot store a subject key") { db in
            try db.execute("INSERT INTO subject_keys (subject, kek_version, wrapped) VALUES (?, ?, ?) ON CONFLICT (subject) DO NOTHING",
                           [row.subject, row.kekVersion, row.wrapped])
            guard let stored = try db.row("SELECT subject, kek_version, wrapped FROM subject_keys WHERE subject = ?", [row.subject]) else {
                throw StoreError(.catalog, "a subject key vanished as it was stored")
            }
            return try Self.row(stored)
        }
    }

    func destroy(_ subjects: [String]) throws -> Int {
        guard !subjects.isEmpty else { return 0 }
        return try catalog.transaction("cannot destroy subject keys") { db in
            let count = try db.execute("DELETE FROM subject_keys WHERE subject = ANY(?)", [subjects])
            try db.execute("INSERT INTO destroyed_keys (subject) SELECT unnest(?::text[]) ON CONFLICT DO NOTHING", [subjects])
            try db.execute("DELETE FROM rewrapped_data_keys WHERE key_subject = ANY(?)", [subjects])
            return count
        }
    }

    func wasDestroyed(_ subject: String) throws -> Bool {
        try catalog.read("cannot read the key journal") { db in
            try db.row("SELECT EXISTS (SELECT 1 FROM destroyed_keys WHERE subject = ?) AS destroyed", [subject])?.value("destroyed", as: Bool.self) ?? false
        }
    }

    func journalRewraps(_ rewraps: [(recording: String, keySubject: String, wrapped: Data)]) throws {
        guard !rewraps.isEmpty else { return }
        try catalog.transaction("cannot journal rewrapped data keys") { db in
            for rewrap in rewraps {
                try db.execute("""
                    INSERT INTO rewrapped_data_keys (recording, key_subject, wrapped) VALUES (?, ?, ?)
                    ON CONFLICT (recording) DO UPDATE SET key_subject = excluded.key_subject, wrapped = excluded.wrapped
                    """, [rewrap.recording, rewrap.keySubject, rewrap.wrapped])
            }
        }
    }

    func journalledDataKey(of recording: String) throws -> (keySubject: String, wrapped: Data)? {
        try catalog.read("cannot read the key journal") { db in
            try db.row("SELECT key_subject, wrapped FROM rewrapped_data_keys WHERE recording = ?", [recording]).map {
                (try $0.value("key_subject", as: String.self), try $0.bytes("wrapped") ?? Data())
            }
        }
    }

    func journalOptOut(subject: String, request: String, at: Date) throws {
        try catalog.transaction("cannot journal the opt-out") { db in
            try db.execute("INSERT INTO opt_outs (subject, request, requested_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING", [subject, request, at])
        }
    }

    func journalledOptOuts() throws -> [(subject: String, request: String, requestedAt: Date)] {
        try catalog.read("cannot read the key journal") { db in
            try db.rows("SELECT subject, request, requested_at FROM opt_outs ORDER BY requested_at, subject").map {
                (try $0.value("subject", as: String.self), try $0.value("request", as: String.self), try $0.value("requested_at", as: Date.self))
            }
        }
    }

    func countsByKEKVersion() throws -> [Int: Int] {
        try catalog.read("cannot count subject keys") { db in
            var counts = [Int: Int]()
            for row in try db.rows("SELECT kek_version, count(*) AS keys FROM subject_keys GROUP BY kek_version") {
                counts[Int(try row.value("kek_version", as: Int64.self))] = Int(try row.value("keys", as: Int64.self))
            }
            return counts
        }
    }

    func rows(notUnder version: Int, afterRowID after: Int64, limit: Int) throws -> [(rowID: Int64, row: SubjectKeyRow)] {
        try catalog.read("cannot read subject keys") { db in
            try db.rows("""
                SELECT position, subject, kek_version, wrapped FROM subject_keys
                WHERE position > ? AND kek_version <> ? ORDER BY position LIMIT ?
                """, [after, version, limit]).map { (try $0.value("position", as: Int64.self), try Self.row($0)) }
        }
    }

    func update(_ rows: [SubjectKeyRow]) throws {
        try catalog.transaction("cannot rewrap subject keys") { db in
            for row in rows {
                try db.execute("UPDATE subject_keys SET kek_version = ?, wrapped = ? WHERE subject = ?", [row.kekVersion, row.wrapped, row.subject])
            }
        }
    }

    func forEach(_ body: (SubjectKeyRow) throws -> Void) throws {
        // One snapshot, a page at a time: a repeatable-read transaction over keyset pages.
        try catalog.transaction("cannot read subject keys") { db in
            try db.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            var after = ""
            while true {
                let page = try db.rows("SELECT subject, kek_version, wrapped FROM subject_keys WHERE subject > ? ORDER BY subject LIMIT 10000", [after])
                for row in page { try body(try Self.row(row)) }
                guard page.count == 10_000, let last = page.last else { return }
                after = try last.value("subject", as: String.self)
            }
        }
    }

    func snapshot(to destination: URL) throws {
        // Loaded into a database of the key store's kind beside the destination, then copied to it
        // compacted (VACUUM INTO): the destination is one whole file, or absent.
        let staging = destination.deletingLastPathComponent().appendingPathComponent(".\(destination.lastPathComponent)-\(UUID().uuidString.prefix(8))")
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: staging.path + suffix) } }
        try catalog.transaction("cannot copy the subject keys") { db in
            try db.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            let file = try SubjectKeyStore(url: staging, create: true)
            try file.destroy(try db.rows("SELECT subject FROM destroyed_keys ORDER BY subject").map { try $0.value("subject", as: String.self) })
            var after = ""
            while true {
                let page = try db.rows("SELECT subject, kek_version, wrapped FROM subject_keys WHERE subject > ? ORDER BY subject LIMIT 10000", [after])
                try file.insertBatch(try page.map(Self.row))
                guard page.count == 10_000, let last = page.last else { break }
                after = try last.value("subject", as: String.self)
            }
            try file.journalRewraps(try db.rows("SELECT recording, key_subject, wrapped FROM rewrapped_data_keys ORDER BY recording").map {
                (try $0.value("recording", as: String.self), try $0.value("key_subject", as: String.self), try $0.bytes("wrapped") ?? Data())
            })
            try file.journalOptOuts(try db.rows("SELECT subject, request, requested_at FROM opt_outs ORDER BY requested_at, subject").map {
                (try $0.value("subject", as: String.self), try $0.value("request", as: String.self), try $0.value("requested_at", as: Date.self))
            })
            try file.snapshot(to: destination)
        }
    }

    func insertBatch(_ rows: [SubjectKeyRow]) throws {
        guard !rows.isEmpty else { return }
        try catalog.transaction("cannot store subject keys") { db in
            for row in rows {
                try db.execute("INSERT INTO subject_keys (subject, kek_version, wrapped) VALUES (?, ?, ?)", [row.subject, row.kekVersion, row.wrapped])
            }
        }
    }
}
