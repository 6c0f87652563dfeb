internal import GRDB

extension CatalogMigration {
    /// Migration v14: what recovery needs to complete an ingest whose source cannot be read again.
    static let v14 = CatalogMigration("v14: ingest completion plans") { db in
        // A live call's ingest records its wrapped data key and the recording's facts here before
        // its first sealed byte, so a crash mid-call is completed as an interrupted recording.
        try db.alter(table: "ingest_journal") { t in t.add(column: "completion", .blob) }
    }
}
