internal import GRDB

extension CatalogMigration {
    /// Migration v6: recording metadata.
    static let v6 = CatalogMigration("v6: recording metadata") { db in
        try db.alter(table: "recordings") { t in t.add(column: "metadata", .text) }
    }
}
