internal import GRDB

extension CatalogMigration {
    /// Migration v8: transcripts.
    static let v8 = CatalogMigration("v8: transcripts") { db in
        try db.alter(table: "recordings") { t in
            t.add(column: "transcript_path", .text)
            t.add(column: "transcript_format", .text)
            t.add(column: "transcript_sha256", .text)
        }
    }
}
