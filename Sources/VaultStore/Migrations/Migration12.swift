internal import GRDB

extension CatalogMigration {
    /// Migration v12: authenticated token rows.
    static let v12 = CatalogMigration("v12: authenticated token rows") { db in
        // An HMAC over each token row's fields, under a key only the key store holds.
        try db.alter(table: "api_tokens") { t in t.add(column: "mac", .blob) }
    }
}
