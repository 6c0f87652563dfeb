internal import GRDB

extension CatalogMigration {
    /// Migration v4: policies.
    static let v4 = CatalogMigration("v4: policies") { db in
        try db.create(table: "policies") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("yaml", .text).notNull()
            t.column("sha256", .text).notNull()
            t.column("applied_at", .datetime).notNull()
        }
    }
}
