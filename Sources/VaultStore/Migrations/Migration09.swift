internal import GRDB

extension CatalogMigration {
    /// Migration v9: api tokens.
    static let v9 = CatalogMigration("v9: api tokens") { db in
        // HTTP API bearer tokens: only the SHA-256 of each token is kept. A name is unique
        // among live tokens (it is the actor in the audit log); a revoked token's name may be reused.
        try db.create(table: "api_tokens") { t in
            t.primaryKey("id", .text)
            t.column("name", .text).notNull()
            t.column("role", .text).notNull()
            t.column("token_sha256", .blob).notNull().unique()
            t.column("created_at", .datetime).notNull()
            t.column("revoked_at", .datetime)
        }
        try db.execute(sql: "CREATE UNIQUE INDEX api_tokens_live_name ON api_tokens(name) WHERE revoked_at IS NULL")
    }
}
