internal import GRDB

extension CatalogMigration {
    /// Migration v7: consent, holds, retention, erasure.
    static let v7 = CatalogMigration("v7: consent, holds, retention, erasure") { db in
        try db.alter(table: "recordings") { t in
            t.add(column: "restricted_until", .datetime)
            t.add(column: "purged_at", .datetime)
        }
        try db.alter(table: "subjects") { t in t.add(column: "key_generation", .integer).notNull().defaults(to: 1) }
        try db.create(table: "consent_numbers") { t in
            t.primaryKey("subject", .text)
            t.column("sealed_number", .blob)
            t.column("tag", .text)
            t.column("opted_out_at", .datetime)
            t.column("blacklisted_at", .datetime)
            t.column("blacklist_reason", .text)
        }
        try db.create(table: "consent_grants") { t in
            t.column("subject", .text).notNull()
            t.column("purpose", .text).notNull()
            t.column("source", .text).notNull()
            t.column("evidence", .text).notNull()
            t.column("granted_at", .datetime).notNull()
            t.column("revoked_at", .datetime)
            t.primaryKey(["subject", "purpose"])
        }
        try db.create(table: "call_attempts") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("subject", .text).notNull()
            t.column("purpose", .text).notNull()
            t.column("at", .datetime).notNull()
        }
        try db.create(index: "call_attempts_subject_at", on: "call_attempts", columns: ["subject", "at"])
        try db.create(table: "holds") { t in
            t.primaryKey("id", .text)
            t.column("recording_id", .text).indexed()
            t.column("subject", .text).indexed()
            t.column("reason", .text).notNull()
            t.column("placed_at", .datetime).notNull()
            t.column("released_at", .datetime)
        }
        try db.create(table: "erasure_requests") { t in
            t.primaryKey("id", .text)
            t.column("subject", .text).notNull().indexed()
            t.column("masked", .text)
            t.column("requested_at", .datetime).notNull()
            t.column("deadline", .datetime).notNull()
            t.column("state", .text).notNull().indexed()
            t.column("reason", .text).notNull()
            t.column("completed_at", .datetime)
            t.column("failure", .text)
            t.column("receipt", .text)
        }
        try db.create(table: "pending_key_destructions") { t in
            t.primaryKey("key_subject", .text)
            t.column("requested_at", .datetime).notNull()
        }
    }
}
