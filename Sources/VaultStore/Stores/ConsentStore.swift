public import Foundation
internal import GRDB

/// Consent writes, inside a unit of work (`CatalogTransaction.consent`): numbers, grants, opt-outs,
/// the blacklist, tags and call attempts. Reads that decide a check stay on the consent readers
/// (`Catalog.consentRecord`, `consentRecords`, `ConsentSnapshotReader`); `state` here reads inside
/// the transaction, for a claim that decides and records in one.
public protocol ConsentWrites {
    /// Makes sure the number has its row, and its sealed copy when one is given and none is kept.
    func ensureNumber(subject: String, sealedNumber: Data?) throws
    /// Records (or renews) a grant, MAC included.
    func upsertGrant(_ grant: ConsentGrantRow) throws
    /// The unrevoked grant of `subject` for `purpose`, if there is one.
    func activeGrant(subject: String, purpose: String) throws -> ConsentGrantRow?
    /// Rewrites a grant's withdrawal and MAC.
    func updateGrant(_ grant: ConsentGrantRow) throws
    /// Opts the number out at `at` (the first opt-out's time stays).
    func optOut(subject: String, at: Date) throws
    /// Blacklists the number at `at` with `reason`, or clears it (`at` nil).
    func setBlacklisted(subject: String, at: Date?, reason: String?) throws
    /// Sets (or clears) the number's customer tag.
    func setTag(subject: String, tag: String?) throws
    /// The number's consent state as of this transaction, with attempts after `since`.
    func state(subject: String, since: Date) throws -> ConsentRecord
    /// Records a call attempt.
    func recordAttempt(subject: String, purpose: String, at: Date) throws
    /// The id of the number's open erasure request, if there is one.
    func openErasureRequest(subject: String) throws -> String?
    /// Opens an erasure request.
    func insertErasureRequest(_ request: ErasureRequestRecord) throws
    /// Bulk-loads numbers with grants (each `seal`ed), reusing prepared statements.
    func importGrants(_ numbers: [(subject: String, purposes: [String])], source: String, at: Date, seal: ConsentGrantSealer) throws
}

/// `ConsentWrites` on SQLite.
struct SQLiteConsentWrites: ConsentWrites {
    let db: Database

    func ensureNumber(subject: String, sealedNumber: Data?) throws { try Catalog.ensureNumber(db, subject: subject, sealedNumber: sealedNumber) }

    func upsertGrant(_ grant: ConsentGrantRow) throws {
        try db.execute(sql: """
            INSERT INTO consent_grants (subject, purpose, source, evidence, granted_at, revoked_at, mac) VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(subject, purpose) DO UPDATE SET source = excluded.source, evidence = excluded.evidence,
              granted_at = excluded.granted_at, revoked_at = excluded.revoked_at, mac = excluded.mac
            """, arguments: [grant.subject, grant.purpose, grant.source, grant.evidence, grant.grantedAt, grant.revokedAt, grant.mac])
    }

    func activeGrant(subject: String, purpose: String) throws -> ConsentGrantRow? {
        try Row.fetchOne(db, sql: "SELECT * FROM consent_grants WHERE subject = ? AND purpose = ? AND revoked_at IS NULL",
                         arguments: [subject, purpose]).map(ConsentGrantRow.init(row:))
    }

    func updateGrant(_ grant: ConsentGrantRow) throws {
        try db.execute(sql: "UPDATE consent_grants SET revoked_at = ?, mac = ? WHERE subject = ? AND purpose = ?",
                       arguments: [grant.revokedAt, grant.mac, grant.subject, grant.purpose])
    }

    func optOut(subject: String, at: Date) throws {
        try db.execute(sql: "UPDATE consent_numbers SET opted_out_at = COALESCE(opted_out_at, ?) WHERE subject = ?", arguments: [at, subject])
    }

    func setBlacklisted(subject: String, at: Date?, reason: String?) throws {
        try db.execute(sql: "UPDATE consent_numbers SET blacklisted_at = ?, blacklist_reason = ? WHERE subject = ?",
                       arguments: [at, at == nil ? nil : reason, subject])
    }

    func setTag(subject: String, tag: String?) throws {
        try db.execute(sql: "UPDATE consent_numbers SET tag = ? WHERE subject = ?", arguments: [tag, subject])
    }

    func state(subject: String, since: Date) throws -> ConsentRecord { try Catalog.consentRecord(db, subject: subject, since: since) }

    func recordAttempt(subject: String, purpose: String, at: Date) throws {
        try db.execute(sql: "INSERT INTO call_attempts (subject, purpose, at) VALUES (?, ?, ?)", arguments: [subject, purpose, at])
    }

    func openErasureRequest(subject: String) throws -> String? {
        try String.fetchOne(db, sql: "SELECT id FROM erasure_requests WHERE subject = ? AND state = 'open'", arguments: [subject])
    }

    func insertErasureRequest(_ request: ErasureRequestRecord) throws { try request.insert(db) }

    func importGrants(_ numbers: [(subject: String, purposes: [String])], source: String, at: Date, seal: ConsentGrantSealer) throws {
        let number = try db.makeStatement(sql: "INSERT OR IGNORE INTO consent_numbers (subject) VALUES (?)")
        let grant = try db.makeStatement(sql: "INSERT OR REPLACE INTO consent_grants (subject, purpose, source, evidence, granted_at, mac) VALUES (?, ?, ?, 'import', ?, ?)")
        for item in numbers {
            try number.execute(arguments: [item.subject])
            for purpose in item.purposes {
                let mac = seal(ConsentGrantRow(subject: item.subject, purpose: purpose, source: source, evidence: "import", grantedAt: at))
                try grant.execute(arguments: [item.subject, purpose, source, at, mac])
            }
        }
    }
}

/// Consent as a catalog keeps it, for reading (checks, screens, history, the blacklist, and
/// `verify`'s pass over the grants). SQLite's `Catalog` implements it.
public protocol ConsentStore: Sendable {
    /// What decides a check for one subject: opt-out, blacklist, tag, grants, attempts since `since`.
    func consentRecord(subject: String, since: Date) throws -> ConsentRecord
    /// The same for many subjects from one snapshot, each transformed as it is read, in order.
    func consentRecords<T: Sendable>(subjects: [String], since: Date, _ transform: @Sendable (Int, ConsentRecord) -> T) throws -> [T]
    /// Every grant row, for `verify`.
    func forEachConsentGrant(_ body: (ConsentGrantRow) throws -> Void) throws
    /// The blacklisted subjects, with when and why.
    func blacklist() throws -> [(subject: String, at: Date, reason: String?, sealedNumber: Data?)]
    /// A subject's consent events, oldest first.
    func consentHistory(subject: String) throws -> [ConsentEvent]
    /// Seals the grants written before grants were sealed (no MAC yet); returns how many.
    func sealUnsealedConsentGrants(_ seal: ConsentGrantSealer) throws -> Int
    /// A reader for one thread whose checks may share a snapshot while nothing changes; nil when
    /// the catalog has none (callers then use `consentRecord(subject:since:)`).
    func makeConsentPointReader(maximumHold: Duration) -> (any ConsentPointReader)?
}

/// Consent reads for one thread (see `ConsentStore.makeConsentPointReader`). Never answers from
/// a state older than the latest commit.
public protocol ConsentPointReader: AnyObject {
    /// `ConsentStore.consentRecord(subject:since:)`, from this reader.
    func consentRecord(subject: String, since: Date) throws -> ConsentRecord
    /// Lets go of a snapshot held longer than `age`.
    func releaseSnapshot(heldLongerThan age: Duration)
}

extension Catalog: ConsentStore {
    public func makeConsentPointReader(maximumHold: Duration) -> (any ConsentPointReader)? {
        makeConsentSnapshotReader(maximumHold: maximumHold)
    }
}

extension ConsentSnapshotReader: ConsentPointReader {}
