internal import GRDB

extension CatalogMigration {
    /// Migration v18: the SIPREC metadata of live calls (issue 17), one row a recording: the
    /// documents the SRC sent, sealed under the recording's data key (never plaintext), and how
    /// many there are. The row goes when the recording is purged or shredded.
    static let v18 = CatalogMigration("v18: sealed rs-metadata") { db in
        try db.create(table: "rs_metadata") { t in
            t.primaryKey("recording_id", .text)
            t.column("sealed", .blob).notNull()
            t.column("documents", .integer).notNull()
        }
    }
}
