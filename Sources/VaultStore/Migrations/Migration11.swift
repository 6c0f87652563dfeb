internal import GRDB

extension CatalogMigration {
    /// Migration v11: recording versions.
    static let v11 = CatalogMigration("v11: recording versions") { db in
        // Audio versions: a transcript added after ingest re-encodes the audio with its spans muted.
        try db.alter(table: "recordings") { t in t.add(column: "version", .integer).notNull().defaults(to: 1) }
        // One row per transcript add in progress (see `PendingVersion`).
        try db.create(table: "version_journal") { t in
            t.primaryKey("recording_id", .text)
            t.column("version", .integer).notNull()
            t.column("old_object_path", .text).notNull()
            t.column("new_object_path", .text)
            t.column("transcript_path", .text).notNull()
            t.column("subject", .text)
            t.column("new_key_id", .text)
            t.column("started_at", .datetime).notNull()
        }
    }
}
