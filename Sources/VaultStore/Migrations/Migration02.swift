internal import GRDB

extension CatalogMigration {
    /// Migration v2: hash-chained audit log and checkpoints.
    static let v2 = CatalogMigration("v2: hash-chained audit log and checkpoints") { db in
        // The v1 log had no chain; it is kept, read-only, under another name.
        try db.execute(sql: """
            DROP TRIGGER audit_log_no_update;
            DROP TRIGGER audit_log_no_delete;
            DROP INDEX audit_log_on_action;
            ALTER TABLE audit_log RENAME TO audit_log_v1;
            CREATE TRIGGER audit_log_v1_no_update BEFORE UPDATE ON audit_log_v1
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
            CREATE TRIGGER audit_log_v1_no_delete BEFORE DELETE ON audit_log_v1
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
            """)
        try db.create(table: "audit_log") { t in
            t.primaryKey("seq", .integer)
            t.column("at", .text).notNull().indexed()
            t.column("actor", .text).notNull().indexed()
            t.column("auth", .text).notNull()
            t.column("action", .text).notNull().indexed()
            t.column("target", .text).indexed()
            t.column("outcome", .text).notNull()
            t.column("entry", .blob).notNull()
            t.column("leaf_hash", .blob).notNull()
        }
        try db.create(table: "audit_checkpoints") { t in
            t.primaryKey("tree_size", .integer)
            t.column("root_hash", .blob).notNull()
            t.column("note", .text).notNull()
            t.column("at", .text).notNull()
        }
        try db.execute(sql: """
            CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
            CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
            CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE ON audit_checkpoints
            BEGIN SELECT RAISE(ABORT, 'checkpoints are append-only'); END;
            CREATE TRIGGER audit_checkpoints_no_delete BEFORE DELETE ON audit_checkpoints
            BEGIN SELECT RAISE(ABORT, 'checkpoints are append-only'); END;
            """)
    }
}
