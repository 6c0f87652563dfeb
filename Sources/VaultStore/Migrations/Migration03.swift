internal import GRDB

extension CatalogMigration {
    /// Migration v3: subject keys.
    static let v3 = CatalogMigration("v3: subject keys") { db in
        try db.alter(table: "recordings") { t in t.add(column: "key_subject", .text).indexed() }
        try db.create(table: "subjects") { t in
            t.primaryKey("subject", .text)
            t.column("masked", .text)
            t.column("state", .text).notNull().indexed()
            t.column("created_at", .datetime).notNull()
            t.column("shred_requested_at", .datetime)
            t.column("shredded_at", .datetime)
        }
    }
}
