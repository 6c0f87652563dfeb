internal import GRDB

extension CatalogMigration {
    /// Migration v13: authenticated consent grants.
    static let v13 = CatalogMigration("v13: authenticated consent grants") { db in
        // The same, over each authorisation row: an inserted grant would make checks allow.
        try db.alter(table: "consent_grants") { t in t.add(column: "mac", .blob) }
    }
}
