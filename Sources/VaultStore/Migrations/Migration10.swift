internal import GRDB

extension CatalogMigration {
    /// Migration v10: consent without rowid.
    static let v10 = CatalogMigration("v10: consent without rowid") { db in
        try moveConsentTablesWithoutRowID(db)
    }

    /// Migration v10: `consent_numbers` and `consent_grants` become `WITHOUT ROWID` tables
    /// clustered on their primary keys (the pseudonym; pseudonym and purpose), with the same
    /// columns. A rowid table with a text key is two B-trees (the key's index, then the row by
    /// rowid), so a check's lookup of both tables touched four; now it touches two, and a sorted
    /// screen walks each table forward. Rows are copied in key order (dense pages), then the old
    /// tables are dropped; it runs inside the migration's transaction, so a crash leaves either
    /// the old tables or the new ones. On a large vault it is long and runs once, at the first
    /// open: at 10 million numbers it writes the new tables (2.2 GB) and zeroes the old ones'
    /// pages (3.6 GB, `secure_delete`), 13 minutes on a busy 2-core machine. The file keeps its
    /// size (the old pages become free pages, reused by later writes); `VACUUM` on the closed
    /// vault's catalog gives the space back.
    private static func moveConsentTablesWithoutRowID(_ db: Database) throws {
        try db.create(table: "consent_numbers_v10", options: .withoutRowID) { t in
            t.primaryKey("subject", .text)
            t.column("sealed_number", .blob)
            t.column("tag", .text)
            t.column("opted_out_at", .datetime)
            t.column("blacklisted_at", .datetime)
            t.column("blacklist_reason", .text)
        }
        try db.execute(sql: """
            INSERT INTO consent_numbers_v10 (subject, sealed_number, tag, opted_out_at, blacklisted_at, blacklist_reason)
            SELECT subject, sealed_number, tag, opted_out_at, blacklisted_at, blacklist_reason FROM consent_numbers ORDER BY subject
            """)
        try db.create(table: "consent_grants_v10", options: .withoutRowID) { t in
            t.column("subject", .text).notNull()
            t.column("purpose", .text).notNull()
            t.column("source", .text).notNull()
            t.column("evidence", .text).notNull()
            t.column("granted_at", .datetime).notNull()
            t.column("revoked_at", .datetime)
            t.primaryKey(["subject", "purpose"])
        }
        try db.execute(sql: """
            INSERT INTO consent_grants_v10 (subject, purpose, source, evidence, granted_at, revoked_at)
            SELECT subject, purpose, source, evidence, granted_at, revoked_at FROM consent_grants ORDER BY subject, purpose
            """)
        try db.drop(table: "consent_numbers")
        try db.drop(table: "consent_grants")
        try db.rename(table: "consent_numbers_v10", to: "consent_numbers")
        try db.rename(table: "consent_grants_v10", to: "consent_grants")
    }
}
