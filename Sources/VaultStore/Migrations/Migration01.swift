internal import GRDB

extension CatalogMigration {
    /// Migration v1: recordings, ingest journal, audit log.
    static let v1 = CatalogMigration("v1: recordings, ingest journal, audit log") { db in
        try db.create(table: "recordings") { t in
            t.primaryKey("id", .text)
            t.column("state", .text).notNull()
            t.column("started_at", .datetime).notNull().indexed()
            t.column("ingested_at", .datetime).notNull()
            t.column("duration_ms", .integer).notNull()
            t.column("channels", .integer).notNull()
            t.column("input_sample_rate", .integer).notNull()
            t.column("opus_sample_rate", .integer).notNull()
            t.column("bitrate", .integer).notNull()
            t.column("source_format", .text).notNull()
            t.column("subject_pseudonym", .text).indexed()
            t.column("subject_masked", .text)
            t.column("campaign", .text)
            t.column("agent", .text)
            t.column("opus_sha256", .text).notNull()
            t.column("opus_size", .integer).notNull()
            t.column("sealed_sha256", .text).notNull()
            t.column("sealed_size", .integer).notNull()
            t.column("object_path", .text).notNull().unique()
            t.column("wrapped_data_key", .blob).notNull()
            t.column("kek_version", .integer).notNull()
        }
        try db.create(table: "ingest_journal") { t in
            t.primaryKey("recording_id", .text)
            t.column("object_path", .text).notNull()
            t.column("started_at", .datetime).notNull()
        }
        try db.create(table: "kek_checks") { t in
            t.primaryKey("version", .integer)
            t.column("check_value", .blob).notNull()
        }
        try db.create(table: "audit_log") { t in
            t.autoIncrementedPrimaryKey("seq")
            t.column("at", .datetime).notNull()
            t.column("actor", .text).notNull()
            t.column("auth", .text).notNull()
            t.column("action", .text).notNull().indexed()
            t.column("target", .text)
            t.column("outcome", .text).notNull()
            t.column("detail", .text)
        }
        try db.execute(sql: """
            CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
            CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
            """)
    }
}
