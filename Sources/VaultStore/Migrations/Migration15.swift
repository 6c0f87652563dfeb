internal import GRDB

extension CatalogMigration {
    /// Migration v15: console accounts.
    static let v15 = CatalogMigration("v15: console accounts") { db in
        // People who sign in to the web console; machines keep using api_tokens. Names stay
        // unique after an account is disabled, so the audit log's actor names one person.
        try db.create(table: "users") { t in
            t.primaryKey("id", .text)
            t.column("name", .text).notNull().unique()
            t.column("role", .text).notNull()
            t.column("password_hash", .text).notNull()
            t.column("totp_secret", .blob)
            t.column("totp_last_step", .integer)
            t.column("failed_sign_ins", .integer).notNull().defaults(to: 0)
            t.column("locked_until", .datetime)
            t.column("disabled_at", .datetime)
            t.column("created_at", .datetime).notNull()
            t.column("language", .text)
            t.column("mac", .blob)
        }
    }
}
