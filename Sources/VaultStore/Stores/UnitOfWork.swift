import Foundation
internal import GRDB

/// One unit of work: writes of any feature and the audit entries that record them, committed
/// together in one transaction, or not at all. The body is synchronous: a transaction never spans
/// an `await` (callers run it on the blocking pool). What a second catalog (PostgreSQL) must
/// implement; no SQLite type appears here.
public protocol CatalogTransaction {
    /// API token writes.
    var tokens: any TokenWrites { get }
    /// Console account writes.
    var users: any UserWrites { get }
    /// Legal hold writes.
    var holds: any HoldWrites { get }
    /// Consent writes.
    var consent: any ConsentWrites { get }
    /// Retention writes (restrictions, purges).
    var retention: any RetentionWrites { get }
    /// Erasure writes.
    var erasure: any ErasureWrites { get }
    /// Recording writes (ingest commits, version switches).
    var recordings: any RecordingWrites { get }
    /// Subject writes.
    var subjects: any SubjectWrites { get }
    /// Prohibited-phrase hit writes.
    var monitor: any MonitorWrites { get }
    /// Appends audit entries after the last one, chained, in this transaction; returns their rows.
    @discardableResult
    func appendAudit(_ makers: [AuditRowMaker]) throws -> [AuditRow]
}

/// What runs units of work.
public protocol UnitOfWork: Sendable {
    /// Runs `body` in one write transaction; `what` names it in errors ("cannot store the API token").
    func write<T>(_ what: String, _ body: (any CatalogTransaction) throws -> T) throws -> T
}

extension Catalog: UnitOfWork {
    public func write<T>(_ what: String, _ body: (any CatalogTransaction) throws -> T) throws -> T {
        try writeCatalog(what) { db in try body(SQLiteTransaction(db: db)) }
    }
}

/// A `CatalogTransaction` over the writer connection's open transaction.
struct SQLiteTransaction: CatalogTransaction {
    let db: Database

    var tokens: any TokenWrites { SQLiteTokenWrites(db: db) }
    var users: any UserWrites { SQLiteUserWrites(db: db) }
    var holds: any HoldWrites { SQLiteHoldWrites(db: db) }
    var consent: any ConsentWrites { SQLiteConsentWrites(db: db) }
    var retention: any RetentionWrites { SQLiteRetentionWrites(db: db) }
    var erasure: any ErasureWrites { SQLiteErasureWrites(db: db) }
    var recordings: any RecordingWrites { SQLiteRecordingWrites(db: db) }
    var subjects: any SubjectWrites { SQLiteSubjectWrites(db: db) }
    var monitor: any MonitorWrites { SQLiteMonitorWrites(db: db) }

    @discardableResult
    func appendAudit(_ makers: [AuditRowMaker]) throws -> [AuditRow] { try Catalog.appendAudit(makers, in: db) }
}
