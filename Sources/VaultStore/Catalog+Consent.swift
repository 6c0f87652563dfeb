public import Foundation
import Dispatch
internal import GRDB
internal import GRDBSQLite

/// What the catalog holds about one number's consent (the decision itself belongs to `VaultPolicy`).
public struct ConsentRecord: Sendable, Equatable {
    /// When it opted out.
    public var optedOutAt: Date?
    /// When it was blacklisted.
    public var blacklistedAt: Date?
    /// Its customer tag.
    public var tag: String?
    /// Purposes with an unrevoked grant.
    public var grantedPurposes: Set<String>
    /// Call attempts since the time asked for, any purpose, oldest first.
    public var attempts: [Date]

    /// A number the vault knows nothing of.
    public static let unknown = ConsentRecord(optedOutAt: nil, blacklistedAt: nil, tag: nil, grantedPurposes: [], attempts: [])

    /// Creates a record (a catalog's reader fills it from its rows).
    public init(optedOutAt: Date?, blacklistedAt: Date?, tag: String?, grantedPurposes: Set<String>, attempts: [Date]) {
        self.optedOutAt = optedOutAt; self.blacklistedAt = blacklistedAt; self.tag = tag
        self.grantedPurposes = grantedPurposes; self.attempts = attempts
    }
}

/// One line of a number's consent history.
public struct ConsentEvent: Sendable, Equatable {
    /// When.
    public var at: Date
    /// What: `grant`, `revoke`, `opt-out`, `blacklist`, `attempt`.
    public var kind: String
    /// The purpose, when it has one.
    public var purpose: String?
    /// Source and evidence of a grant, reason of a blacklisting.
    public var detail: String?

    /// Creates an event.
    public init(at: Date, kind: String, purpose: String?, detail: String?) {
        self.at = at; self.kind = kind; self.purpose = purpose; self.detail = detail
    }
}

/// One authorisation row as stored, with the MAC the vault sealed it with (migration v13): the
/// fields are what a check relies on (the subject and purpose allowed, since when, whether
/// revoked) and the evidence behind it. The MAC is computed above the catalog, with a key the
/// catalog never holds.
public struct ConsentGrantRow: Sendable, Equatable {
    /// The number's pseudonym.
    public var subject: String
    /// The purpose allowed.
    public var purpose: String
    /// Where the consent came from (`import` rows: the import's source).
    public var source: String
    /// A reference to the evidence.
    public var evidence: String
    /// When it was granted (or last renewed).
    public var grantedAt: Date
    /// When it was withdrawn; nil while it stands.
    public var revokedAt: Date?
    /// HMAC-SHA256 over the fields above; nil on a row written before rows were sealed.
    public var mac: Data?

    /// A row with its fields.
    public init(subject: String, purpose: String, source: String, evidence: String, grantedAt: Date, revokedAt: Date? = nil, mac: Data? = nil) {
        (self.subject, self.purpose, self.source, self.evidence) = (subject, purpose, source, evidence)
        (self.grantedAt, self.revokedAt, self.mac) = (grantedAt, revokedAt, mac)
    }

    init(row: Row) {
        self.init(subject: row["subject"], purpose: row["purpose"], source: row["source"], evidence: row["evidence"],
                  grantedAt: row["granted_at"], revokedAt: row["revoked_at"], mac: row["mac"])
    }
}

/// Computes the MAC of a grant row (the caller's key); the catalog stores what it returns.
public typealias ConsentGrantSealer = @Sendable (ConsentGrantRow) -> Data

extension Catalog {
    /// Everything a decision needs about one number, in one statement (a check's hot path):
    /// the number's row (if any), its unrevoked purposes, and its attempts since the window start.
    private static let stateSQL = """
        SELECT n.opted_out_at, n.blacklisted_at, n.tag,
               (SELECT group_concat(purpose, char(31)) FROM consent_grants WHERE subject = ?1 AND revoked_at IS NULL),
               (SELECT group_concat(at, char(31)) FROM (SELECT at FROM call_attempts WHERE subject = ?1 AND at > ?2 ORDER BY at))
        FROM (SELECT 1) LEFT JOIN consent_numbers n ON n.subject = ?1
        """

    static func consentRecord(_ db: Database, subject: String, since: Date) throws -> ConsentRecord {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: stateSQL), arguments: [subject, SQLiteTime.text(since)]) else { return .unknown }
        let separator = Character(UnicodeScalar(31))
        let purposes: String? = row[3]
        let attempts: String? = row[4]
        return ConsentRecord(optedOutAt: row[0], blacklistedAt: row[1], tag: row[2],
                             grantedPurposes: Set((purposes ?? "").split(separator: separator).map(String.init)),
                             attempts: (attempts ?? "").split(separator: separator).compactMap { Date.fromDatabaseValue(String($0).databaseValue) })
    }

    /// One number's consent state, with attempts since `since`. One statement, so it runs
    /// without an explicit transaction (SQLite gives a single statement a consistent snapshot):
    /// this is a dialer's hot path, so it goes through a dedicated reader (`ConsentReaders`),
    /// and through the pool only when no reader can be opened.
    public func consentRecord(subject: String, since: Date) throws -> ConsentRecord {
        let sinceText = SQLiteTime.text(since)
        if let record = try consentReaders.withReader({ reader in try Self.consentRecord(reader, subject: subject, since: sinceText) }) {
            return record
        }
        return try readStatement("cannot read consent") { db in try Self.consentRecord(db, subject: subject, since: since) }
    }

    /// The SQL of `consentRecord`, for `ConsentReaders`.
    static var consentStateSQL: String { stateSQL }

    /// `consentRecord(_:subject:since:)` on a dedicated reader (`ConsentReaders`): the same
    /// statement and the same decoding, straight through SQLite.
    static func consentRecord(_ reader: ConsentReaders.Reader, subject: String, since: String) throws -> ConsentRecord {
        let statement = reader.statement
        defer {
            sqlite3_reset(statement)  // ends the statement's read transaction
            sqlite3_clear_bindings(statement)
        }
        return try subject.withCString { subjectText in
            try since.withCString { sinceText in
                // SQLITE_STATIC (nil): both strings outlive every use of the bindings, which the
                // deferred clear drops before they go.
                sqlite3_bind_text(statement, 1, subjectText, -1, nil)
                sqlite3_bind_text(statement, 2, sinceText, -1, nil)
                switch sqlite3_step(statement) {
                case SQLITE_ROW: break
                case SQLITE_DONE: return .unknown
                default: throw StoreError(.catalog, "cannot read consent: \(reader.errorMessage)")
                }
                func date(_ index: Int32) throws -> Date? {
                    let value = reader.value(index)
                    if value.isNull { return nil }
                    guard let date = Date.fromDatabaseValue(value) else { throw StoreError(.catalog, "cannot read consent: a malformed date") }
                    return date
                }
                func text(_ index: Int32) -> String? {
                    guard sqlite3_column_type(statement, index) != SQLITE_NULL, let text = sqlite3_column_text(statement, index) else { return nil }
                    return String(cString: text)
                }
                /// The parts of a `group_concat(…, char(31))` column, straight from SQLite's bytes.
                func parts(_ index: Int32) -> [String] {
                    guard let text = sqlite3_column_text(statement, index) else { return [] }
                    let bytes = UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(statement, index)))
                    return bytes.split(separator: 31).map { String(decoding: UnsafeBufferPointer(rebasing: $0), as: UTF8.self) }
                }
                return ConsentRecord(optedOutAt: try date(0), blacklistedAt: try date(1), tag: text(2),
                                     grantedPurposes: Set(parts(3)),
                                     attempts: parts(4).compactMap { Date.fromDatabaseValue($0.databaseValue) })
            }
        }
    }

    /// Many numbers' states from one snapshot (batch screening), each turned into a result by
    /// `transform` (called with the number's index in `subjects`); the results come back in
    /// input order. The numbers are visited in ascending pseudonym order, split into contiguous
    /// key ranges, one per reader (`ConsentReaderOptions.screenParallelism`), each on its own
    /// thread: sorted keys make every lookup walk its B-tree forward over pages just read instead
    /// of landing at random. The readers' read transactions start while a write transaction is
    /// held, so no commit can fall between them and they all see the same snapshot.
    public func consentRecords<T: Sendable>(subjects: [String], since: Date,
                                            _ transform: @Sendable (Int, ConsentRecord) -> T) throws -> [T] {
        let order = Self.keyOrder(subjects)
        let sinceText = SQLiteTime.text(since)
        let options = consentReaders.options
        let parallelism = max(1, min(options.screenParallelism, subjects.count / options.minimumScreenShare))
        let share = (order.count + parallelism - 1) / parallelism
        let parts = (0..<parallelism).map { order[min(order.count, $0 * share)..<min(order.count, ($0 + 1) * share)] }
        // Each result is written in place exactly once (no optionals to unwrap: this loop runs
        // a million times); on an error the ones written so far are destroyed before throwing.
        return try Array(unsafeUninitializedCapacity: subjects.count) { buffer, initializedCount in
            let output = DisjointWrites(buffer)
            var written = [Int](repeating: 0, count: parts.count)  // results written, per part
            do {
                try written.withUnsafeMutableBufferPointer { counts in
                    let done = DisjointWrites(counts)
                    let ran: Void? = try consentReaders.withReaders(parts.count) { readers in
                        defer { for reader in readers { sqlite3_exec(reader.connection, "COMMIT", nil, nil, nil) } }
                        try startSnapshot(on: readers)
                        let failure = FirstError()
                        DispatchQueue.concurrentPerform(iterations: readers.count) { part in
                            do {
                                try Self.visit(readers[part], subjects: subjects, order: parts[part], since: sinceText) { index, record in
                                    output.initialize(index, to: transform(index, record))
                                    done[part] += 1
                                }
                            } catch { failure.record(error) }
                        }
                        try failure.rethrow()
                    }
                    if ran == nil {  // no reader could be opened: the pool, one read transaction
                        try readCatalog("cannot read consent") { db in
                            for (part, positions) in parts.enumerated() {
                                for index in positions {
                                    output.initialize(index, to: transform(index, try Self.consentRecord(db, subject: subjects[index], since: since)))
                                    done[part] += 1
                                }
                            }
                        }
                    }
                }
            } catch {
                for (part, positions) in parts.enumerated() {
                    for index in positions.prefix(written[part]) { output.deinitialize(index) }
                }
                throw error
            }
            initializedCount = subjects.count
        }
    }

    /// The states of `subjects[i]` for every `i` in `order`, read by one reader, handed to `body`.
    private static func visit(_ reader: ConsentReaders.Reader, subjects: [String], order: ArraySlice<Int>, since: String,
                              _ body: (Int, ConsentRecord) -> Void) throws {
        for index in order { body(index, try consentRecord(reader, subject: subjects[index], since: since)) }
    }

    /// The indices of `subjects` in ascending order of their first eight UTF-8 bytes (big-endian,
    /// so the order of the keys' B-tree up to ties). Sorting integers, not strings, takes a small
    /// fraction of the time; ties (pseudonyms are 64 hex digits, so 32 bits decide) only cost a
    /// little locality, never a wrong answer.
    static func keyOrder(_ subjects: [String]) -> [Int] {
        var keyed = [(prefix: UInt64, index: Int)]()
        keyed.reserveCapacity(subjects.count)
        for (index, subject) in subjects.enumerated() {
            var prefix: UInt64 = 0
            var taken = 0
            for byte in subject.utf8.prefix(8) {
                prefix = prefix << 8 | UInt64(byte)
                taken += 1
            }
            keyed.append((prefix << (8 * UInt64(8 - taken)), index))  // `<<` by 64 is 0 in Swift
        }
        keyed.sort { $0.prefix < $1.prefix }
        return keyed.map(\.index)
    }

    /// Starts a read transaction on every reader, all on one snapshot: with one reader its own
    /// transaction is enough; with more, they start inside a write transaction, which keeps any
    /// connection (of this process or another) from committing until they all have.
    private func startSnapshot(on readers: [ConsentReaders.Reader]) throws {
        func start() throws {
            for reader in readers {
                // BEGIN defers the snapshot to the first read: read one row to take it now.
                guard sqlite3_exec(reader.connection, "BEGIN DEFERRED; SELECT 1 FROM consent_numbers LIMIT 1", nil, nil, nil) == SQLITE_OK else {
                    throw StoreError(.catalog, "cannot read consent: \(reader.errorMessage)")
                }
            }
        }
        guard readers.count > 1 else { return try start() }
        try holdingWrites("cannot read consent", start)
    }

    static func ensureNumber(_ db: Database, subject: String, sealedNumber: Data?) throws {
        try db.execute(sql: "INSERT OR IGNORE INTO consent_numbers (subject, sealed_number) VALUES (?, ?)", arguments: [subject, sealedNumber])
        if let sealedNumber {
            try db.execute(sql: "UPDATE consent_numbers SET sealed_number = ? WHERE subject = ? AND sealed_number IS NULL", arguments: [sealedNumber, subject])
        }
    }

    /// Visits every authorisation row, in key order (streamed: memory stays small).
    public func forEachConsentGrant(_ body: (ConsentGrantRow) throws -> Void) throws {
        try readCatalog("cannot read consent grants") { db in
            let rows = try Row.fetchCursor(db, sql: "SELECT * FROM consent_grants ORDER BY subject, purpose")
            while let row = try rows.next() { try body(ConsentGrantRow(row: row)) }
        }
    }

    /// Seals the authorisation rows written before rows were sealed (no MAC yet), in one
    /// transaction. Returns how many.
    public func sealUnsealedConsentGrants(_ seal: ConsentGrantSealer) throws -> Int {
        try writeCatalog("cannot seal consent grants") { db in
            let update = try db.makeStatement(sql: "UPDATE consent_grants SET mac = ? WHERE subject = ? AND purpose = ?")
            var count = 0
            // In batches (no update while a cursor reads; memory stays at one batch at 10 million rows).
            while true {
                let batch = try Row.fetchAll(db, sql: "SELECT * FROM consent_grants WHERE mac IS NULL LIMIT 10000").map(ConsentGrantRow.init(row:))
                if batch.isEmpty { return count }
                for grant in batch { try update.execute(arguments: [seal(grant), grant.subject, grant.purpose]) }
                count += batch.count
            }
        }
    }

    /// Blacklisted numbers: pseudonym, when, why, and the sealed copy.
    public func blacklist() throws -> [(subject: String, at: Date, reason: String?, sealedNumber: Data?)] {
        try readCatalog("cannot read the blacklist") { db in
            try Row.fetchAll(db, sql: "SELECT subject, blacklisted_at, blacklist_reason, sealed_number FROM consent_numbers WHERE blacklisted_at IS NOT NULL ORDER BY blacklisted_at")
                .map { ($0[0], $0[1], $0[2], $0[3]) }
        }
    }

    /// A number's consent history, oldest first.
    public func consentHistory(subject: String) throws -> [ConsentEvent] {
        try readCatalog("cannot read consent history") { db in
            var events = [ConsentEvent]()
            for row in try Row.fetchAll(db, sql: "SELECT purpose, source, evidence, granted_at, revoked_at FROM consent_grants WHERE subject = ?", arguments: [subject]) {
                events.append(ConsentEvent(at: row[3], kind: "grant", purpose: row[0], detail: "source \(row[1] as String), evidence \(row[2] as String)"))
                if let revoked: Date = row[4] { events.append(ConsentEvent(at: revoked, kind: "revoke", purpose: row[0], detail: nil)) }
            }
            if let row = try Row.fetchOne(db, sql: "SELECT opted_out_at, blacklisted_at, blacklist_reason FROM consent_numbers WHERE subject = ?", arguments: [subject]) {
                if let at: Date = row[0] { events.append(ConsentEvent(at: at, kind: "opt-out", purpose: nil, detail: nil)) }
                if let at: Date = row[1] { events.append(ConsentEvent(at: at, kind: "blacklist", purpose: nil, detail: row[2])) }
            }
            for row in try Row.fetchAll(db, sql: "SELECT at, purpose FROM call_attempts WHERE subject = ?", arguments: [subject]) {
                events.append(ConsentEvent(at: row[0], kind: "attempt", purpose: row[1], detail: nil))
            }
            return events.sorted { $0.at < $1.at }
        }
    }
}

/// A buffer written by several threads, each index by exactly one thread, and read only after
/// they all finished (the invariant that makes it `Sendable`).
private struct DisjointWrites<Element>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Element>
    init(_ buffer: UnsafeMutableBufferPointer<Element>) { self.buffer = buffer }
    /// An initialised element.
    subscript(index: Int) -> Element {
        get { buffer[index] }
        nonmutating set { buffer[index] = newValue }
    }
    /// Initialises an uninitialised element.
    func initialize(_ index: Int, to value: Element) { (buffer.baseAddress! + index).initialize(to: value) }
    /// Destroys an initialised element.
    func deinitialize(_ index: Int) { (buffer.baseAddress! + index).deinitialize(count: 1) }
}

/// The first error thrown by any of several threads.
private final class FirstError: @unchecked Sendable {
    private let lock = NSLock()
    private var error: (any Error)?
    func record(_ error: any Error) { lock.withLock { if self.error == nil { self.error = error } } }
    func rethrow() throws { if let error = lock.withLock({ self.error }) { throw error } }
}

/// Dates as GRDB stores them (`YYYY-MM-DD HH:MM:SS.SSS`, UTC), formatted without a formatter
/// object: binding a `Date` makes GRDB format it with a `DateFormatter`, far too slow for a
/// per-check argument. Text comparison orders these like the instants.
enum SQLiteTime {
    static func text(_ date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        var seconds = time_t(milliseconds >= 0 ? milliseconds / 1000 : (milliseconds - 999) / 1000)
        let millis = Int(milliseconds - Int64(seconds) * 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let year = Int(parts.tm_year) + 1900
        guard (0...9999).contains(year) else {  // not four digits: the general (slower) way
            func pad(_ value: Int, _ width: Int) -> String {
                let digits = String(value)
                return String(repeating: "0", count: max(0, width - digits.count)) + digits
            }
            return "\(pad(year, 4))-\(pad(Int(parts.tm_mon) + 1, 2))-\(pad(Int(parts.tm_mday), 2)) "
                + "\(pad(Int(parts.tm_hour), 2)):\(pad(Int(parts.tm_min), 2)):\(pad(Int(parts.tm_sec), 2)).\(pad(millis, 3))"
        }
        // Per check: the 23 characters written in place, one allocation.
        return String(unsafeUninitializedCapacity: 23) { buffer in
            func put(_ value: Int, _ width: Int, at offset: Int) {
                var value = value
                for position in stride(from: offset + width - 1, through: offset, by: -1) {
                    buffer[position] = UInt8(ascii: "0") + UInt8(value % 10)
                    value /= 10
                }
            }
            put(year, 4, at: 0); buffer[4] = UInt8(ascii: "-")
            put(Int(parts.tm_mon) + 1, 2, at: 5); buffer[7] = UInt8(ascii: "-")
            put(Int(parts.tm_mday), 2, at: 8); buffer[10] = UInt8(ascii: " ")
            put(Int(parts.tm_hour), 2, at: 11); buffer[13] = UInt8(ascii: ":")
            put(Int(parts.tm_min), 2, at: 14); buffer[16] = UInt8(ascii: ":")
            put(Int(parts.tm_sec), 2, at: 17); buffer[19] = UInt8(ascii: ".")
            put(millis, 3, at: 20)
            return 23
        }
    }
}
