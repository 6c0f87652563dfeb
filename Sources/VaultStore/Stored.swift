internal import GRDB
import VaultBase

/// A catalog row type's table. The row types themselves (`RecordingRecord`, `HoldRecord`, …) are
/// plain `Codable` values: what the store protocols and `VaultCore` hand around, and what a
/// second catalog (PostgreSQL) returns too. GRDB sees them only through `Stored`, inside this module.
protocol CatalogRecord: Codable, Sendable {
    /// The SQLite table the rows live in.
    static var tableName: String { get }
}

/// The GRDB face of a catalog row: fetched and persisted with snake_case columns, its fields
/// encoded and decoded by the row's own `Codable` conformance (dates and blobs as GRDB stores
/// them, enums and ids as their text).
struct Stored<Record: CatalogRecord>: Codable, FetchableRecord, PersistableRecord {
    /// The row.
    var record: Record

    static var databaseTableName: String { Record.tableName }
    static var databaseColumnDecodingStrategy: DatabaseColumnDecodingStrategy { .convertFromSnakeCase }
    static var databaseColumnEncodingStrategy: DatabaseColumnEncodingStrategy { .convertToSnakeCase }

    init(_ record: Record) { self.record = record }
    init(from decoder: any Decoder) throws { record = try Record(from: decoder) }
    func encode(to encoder: any Encoder) throws { try record.encode(to: encoder) }
}

extension CatalogRecord {
    /// Inserts the row.
    func insert(_ db: Database, onConflict conflictResolution: Database.ConflictResolution? = nil) throws {
        try Stored(self).insert(db, onConflict: conflictResolution)
    }

    /// Updates the row with the same primary key.
    func update(_ db: Database) throws { try Stored(self).update(db) }

    /// The row whose primary key is `key`.
    static func find(_ db: Database, key: some DatabaseValueConvertible) throws -> Self? {
        try Stored<Self>.fetchOne(db, key: key)?.record
    }
}

extension QueryInterfaceRequest {
    /// The rows the request selects.
    func records<Record: CatalogRecord>(_ db: Database) throws -> [Record] where RowDecoder == Stored<Record> {
        try fetchAll(db).map(\.record)
    }

    /// The first row the request selects.
    func record<Record: CatalogRecord>(_ db: Database) throws -> Record? where RowDecoder == Stored<Record> {
        try fetchOne(db)?.record
    }
}

extension Row {
    /// The recording id in `column` (stored as its lower-case text).
    func recordingID(_ column: String) throws -> RecordingID {
        guard let text = self[column] as String?, let id = RecordingID(text) else {
            throw StoreError(.catalog, "the catalog holds a malformed recording id in \(column)")
        }
        return id
    }
}
