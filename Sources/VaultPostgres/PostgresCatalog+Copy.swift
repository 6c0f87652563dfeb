public import Foundation
import PostgresNIO
public import VaultStore

extension PostgresCatalog: CatalogCopying {
    /// Tables of the SQLite catalog that PostgreSQL's never had (the log of before the hash
    /// chain): empty in a copy.
    static let tablesOnlyInFiles: Set<String> = ["audit_log_v1"]
    /// PostgreSQL's tables a copy leaves out: the subject keys and their journal (a key store's
    /// in a catalog file; a key-store backup holds them, ``PostgresSubjectKeys/snapshot(to:)``) and
    /// the applied migrations.
    static let tablesNotCopied: Set<String> = ["subject_keys", "destroyed_keys", "rewrapped_data_keys", "opt_outs", "callvault_migrations"]
    /// PostgreSQL's columns a copy leaves out: the node a journal row belongs to (a catalog file
    /// has one node).
    static let columnsNotCopied: Set<String> = ["ingest_journal.node", "version_journal.node"]
    /// Rows fetched at a time.
    static let copyPage = 5_000

    /// Writes the catalog as a SQLite catalog file at `destination` (the format of a backup),
    /// every table from one snapshot (a repeatable-read, read-only transaction) while the nodes
    /// go on writing, through ``Catalog/load(into:_:)``: a table or column on one side that the
    /// other lacks, other than the ones named above, stops the copy, so a schema change that
    /// forgot the other side is never a silently thinner backup. Times go as whole milliseconds
    /// (rounded), the catalog file's precision.
    public func copy(to destination: URL) throws {
        try transaction("cannot copy the catalog to \(destination.path)") { db in
            try db.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            var types = [String: [String: String]]()
            // The schema's own tables: no view, and nothing an extension installed there (pg_stat_statements, PostGIS).
            for row in try db.rows("""
                SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c
                JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
                WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
                  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.deptype = 'e' AND d.classid = 'pg_class'::regclass
                                  AND d.objid = format('%I.%I', c.table_schema, c.table_name)::regclass)
                """) {
                types[try row.value("table_name", as: String.self), default: [:]][try row.value("column_name", as: String.self)] =
                    try row.value("data_type", as: String.self)
            }
            var copied = Set<String>()
            try Catalog.load(into: destination) { table, append in
                guard let columns = types[table.name] else {
                    if Self.tablesOnlyInFiles.contains(table.name) { return }
                    throw StoreError(.catalog, "the catalog on PostgreSQL has no table \(table.name), which a catalog file has")
                }
                copied.insert(table.name)
                let names = Set(table.columns.map(\.name))
                if let extra = columns.keys.sorted().first(where: { !names.contains($0) && !Self.columnsNotCopied.contains("\(table.name).\($0)") }) {
                    throw StoreError(.catalog, "the column \(table.name).\(extra) on PostgreSQL is not in a catalog file")
                }
                let expressions = try table.columns.enumerated().map { index, column in
                    guard let type = columns[column.name] else {
                        throw StoreError(.catalog, "the catalog on PostgreSQL has no column \(table.name).\(column.name), which a catalog file has")
                    }
                    return "\(try Self.copyExpression(column.name, type: type, kind: column.kind, table: table.name)) AS c\(index)"
                }
                try db.execute("DECLARE catalog_copy NO SCROLL CURSOR FOR SELECT \(expressions.joined(separator: ", ")) FROM \(Self.quoted(table.name))")
                while true {
                    let page = try db.rows("FETCH FORWARD \(Self.copyPage) FROM catalog_copy")
                    try append(try page.map { row in try table.columns.indices.map { try Self.copyValue(row, column: "c\($0)", kind: table.columns[$0].kind) } })
                    if page.count < Self.copyPage { break }
                }
                try db.execute("CLOSE catalog_copy")
            }
            if let left = Set(types.keys).subtracting(copied).subtracting(Self.tablesNotCopied).sorted().first {
                try? FileManager.default.removeItem(at: destination)
                throw StoreError(.catalog, "the table \(left) on PostgreSQL is not in a catalog file")
            }
        }
    }

    /// `name` as a quoted SQL identifier.
    static func quoted(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    /// The select expression that reads `column` (PostgreSQL's `type`) as a catalog file's `kind`.
    private static func copyExpression(_ name: String, type: String, kind: Catalog.ColumnKind, table: String) throws -> String {
        let column = quoted(name)
        switch (kind, type) {
        case (.datetime, "timestamp with time zone"):
            // GRDB's text, to the nearest millisecond (to_char's MS truncates).
            return "to_char((\(column) + interval '500 microseconds') AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS')"
        case (.integer, "bigint"), (.integer, "integer"), (.integer, "smallint"): return "\(column)::bigint"
        case (.integer, "boolean"): return "\(column)::int::bigint"
        case (.real, "double precision"), (.real, "real"): return "\(column)::float8"
        case (.text, "text"), (.text, "character varying"): return column
        case (.blob, "bytea"): return column
        default: throw StoreError(.catalog, "the column \(table).\(name) is \(type) on PostgreSQL and \(kind) in a catalog file")
        }
    }

    /// One value of a fetched row, as `copyExpression` selected it.
    private static func copyValue(_ row: SQLRow, column: String, kind: Catalog.ColumnKind) throws -> CatalogValue {
        if row.isNull(column) { return .null }
        switch kind {
        case .integer: return .integer(try row.value(column, as: Int64.self))
        case .real: return .real(try row.value(column, as: Double.self))
        case .text, .datetime: return .text(try row.value(column, as: String.self))
        case .blob: return .blob(try row.bytes(column) ?? Data())
        }
    }
}
