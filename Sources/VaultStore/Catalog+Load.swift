public import Foundation
internal import GRDB

/// A catalog that writes a consistent copy of itself as a SQLite catalog file, the one format a
/// backup holds and a restore reads: SQLite's `Catalog` with `VACUUM INTO`, PostgreSQL's table by
/// table from one snapshot (``Catalog/load(into:_:)``).
public protocol CatalogCopying: Sendable {
    /// Writes a consistent copy of the whole catalog to `destination`, a new file: one read
    /// snapshot, taken while writers go on. The subject keys are never in it (a key store's).
    func copy(to destination: URL) throws
}

extension Catalog: CatalogCopying {}

/// One column value as a catalog file stores it.
public enum CatalogValue: Sendable, Equatable {
    /// NULL.
    case null
    /// An integer (also a boolean: 0 or 1).
    case integer(Int64)
    /// A floating-point number.
    case real(Double)
    /// Text.
    case text(String)
    /// Bytes.
    case blob(Data)
}

extension Catalog {
    /// What a column of the catalog file holds, as its declared type says.
    public enum ColumnKind: Sendable, Equatable {
        /// Integers (and booleans as 0 or 1).
        case integer
        /// Floating-point numbers.
        case real
        /// Text.
        case text
        /// Bytes.
        case blob
        /// An instant as text, `YYYY-MM-DD HH:MM:SS.SSS` in UTC (GRDB's format, milliseconds).
        case datetime
    }

    /// One table of the catalog file, its columns in the order a row's values come.
    public struct LoadTable: Sendable {
        /// The table's name.
        public let name: String
        /// Its columns: name and kind.
        public let columns: [(name: String, kind: ColumnKind)]
    }

    /// Makes a new catalog file at `url` (the schema at this version's newest migration) and
    /// fills it from another catalog: `fill` is called once per table, in name order, with the
    /// table and a function that appends rows (each value in the table's column order; any
    /// number of calls). One transaction: the file is whole when this returns, and removed when
    /// anything throws. Rows the migrations themselves write are removed first, so the file holds
    /// exactly what `fill` gave.
    public static func load(into url: URL, _ fill: (LoadTable, _ append: ([[CatalogValue]]) throws -> Void) throws -> Void) throws {
        let fm = FileManager.default
        guard !fm.fileExists(atPath: url.path) else { throw StoreError(.vaultExists, "\(url.path) exists already") }
        var queue: DatabaseQueue?
        do {
            let database = try DatabaseQueue(path: url.path)
            queue = database
            try migrator.migrate(database)
            try database.write { db in
                for table in try loadTables(db) {
                    try db.execute(sql: "DELETE FROM \(table.name.quotedDatabaseIdentifier)")
                    let names = table.columns.map(\.name.quotedDatabaseIdentifier).joined(separator: ", ")
                    let marks = Array(repeating: "?", count: table.columns.count).joined(separator: ", ")
                    let insert = try db.makeStatement(sql: "INSERT INTO \(table.name.quotedDatabaseIdentifier) (\(names)) VALUES (\(marks))")
                    try fill(table) { rows in
                        for row in rows {
                            guard row.count == table.columns.count else {
                                throw StoreError(.catalog, "a row of \(row.count) values for \(table.name), which has \(table.columns.count) columns")
                            }
                            var values = [DatabaseValue]()
                            values.reserveCapacity(row.count)
                            for (value, column) in zip(row, table.columns) {
                                values.append(try databaseValue(value, table: table.name, column: column))
                            }
                            try insert.execute(arguments: StatementArguments(values))
                        }
                    }
                }
            }
            try database.close()
            queue = nil
        } catch {
            try? queue?.close()
            for suffix in ["", "-wal", "-shm", "-journal"] { try? fm.removeItem(atPath: url.path + suffix) }
            if let error = error as? DatabaseError {
                throw StoreError(.catalog, "cannot write the catalog copy \(url.path): \(error.message ?? "\(error)")")
            }
            throw error
        }
    }

    /// The tables a load fills: every table of the schema but SQLite's and GRDB's own.
    private static func loadTables(_ db: Database) throws -> [LoadTable] {
        let names = try String.fetchAll(db, sql: """
            SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'grdb_migrations' ORDER BY name
            """)
        return try names.map { name in
            let columns = try Row.fetchAll(db, sql: "SELECT name, type FROM pragma_table_info(?) ORDER BY cid", arguments: [name]).map { row in
                let column: String = row[0], declared: String = row[1]
                guard let kind = columnKind(declared) else {
                    throw StoreError(.catalog, "the column \(name).\(column) is declared \(declared), which a catalog copy does not know")
                }
                return (name: column, kind: kind)
            }
            return LoadTable(name: name, columns: columns)
        }
    }

    /// The kind of a column declared `declared` (GRDB's column types).
    private static func columnKind(_ declared: String) -> ColumnKind? {
        switch declared.uppercased() {
        case "INTEGER", "BOOLEAN": .integer
        case "DOUBLE", "REAL": .real
        case "TEXT": .text
        case "BLOB": .blob
        case "DATETIME": .datetime
        default: nil
        }
    }

    /// `value` as SQLite stores it in `column`; a value of another kind is refused.
    private static func databaseValue(_ value: CatalogValue, table: String, column: (name: String, kind: ColumnKind)) throws -> DatabaseValue {
        switch (value, column.kind) {
        case (.null, _): return .null
        case (.integer(let int), .integer), (.integer(let int), .real): return int.databaseValue
        case (.real(let double), .real): return double.databaseValue
        case (.text(let text), .text): return text.databaseValue
        case (.blob(let data), .blob): return data.databaseValue
        case (.text(let text), .datetime) where isDateTime(text): return text.databaseValue
        default: throw StoreError(.catalog, "the column \(table).\(column.name) (\(column.kind)) cannot hold the value given for it")
        }
    }

    /// Whether `text` is `YYYY-MM-DD HH:MM:SS.SSS`.
    private static func isDateTime(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 23 else { return false }
        for (index, byte) in bytes.enumerated() {
            switch index {
            case 4, 7: guard byte == UInt8(ascii: "-") else { return false }
            case 10: guard byte == UInt8(ascii: " ") else { return false }
            case 13, 16: guard byte == UInt8(ascii: ":") else { return false }
            case 19: guard byte == UInt8(ascii: ".") else { return false }
            default: guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return false }
            }
        }
        return true
    }
}
