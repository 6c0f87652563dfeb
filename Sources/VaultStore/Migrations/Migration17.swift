internal import GRDB

extension CatalogMigration {
    /// Migration v17: compliance monitoring (issue 21): prohibited phrases found in transcripts,
    /// one row a hit, with the call's agent, campaign and start copied for reports and the
    /// lexicon version that found it; the lexicon's changes (a file applied, an exception a
    /// review confirmed), numbered: the lexicon's versions; and allowed claims by time, for the
    /// reconciliation of claims with recordings.
    static let v17 = CatalogMigration("v17: phrase hits and lexicon versions") { db in
        try db.create(table: "phrase_hits") { t in
            t.primaryKey("id", .text)
            t.column("recording_id", .text).notNull()
            t.column("version", .integer).notNull()
            t.column("lexicon_version", .integer).notNull()
            t.column("category", .text).notNull()
            t.column("severity", .text).notNull()
            t.column("phrase", .text).notNull()
            t.column("words", .text).notNull()
            t.column("context", .text).notNull()
            t.column("speaker", .text)
            t.column("start_ms", .integer)
            t.column("end_ms", .integer)
            t.column("agent", .text)
            t.column("campaign", .text)
            t.column("call_started_at", .datetime).notNull()
            t.column("found_at", .datetime).notNull()
            t.column("state", .text).notNull()
            t.column("reviewer", .text)
            t.column("note", .text)
            t.column("reviewed_at", .datetime)
        }
        try db.create(index: "phrase_hits_recording", on: "phrase_hits", columns: ["recording_id"])
        try db.create(index: "phrase_hits_call_started_at", on: "phrase_hits", columns: ["call_started_at"])
        try db.create(index: "phrase_hits_agent", on: "phrase_hits", columns: ["agent", "call_started_at"])
        try db.create(index: "phrase_hits_campaign", on: "phrase_hits", columns: ["campaign", "call_started_at"])
        try db.create(index: "call_attempts_at", on: "call_attempts", columns: ["at"])
        try db.create(table: "lexicon_changes") { t in
            t.primaryKey("version", .integer)
            t.column("kind", .text).notNull()
            t.column("yaml", .text)
            t.column("exception", .text)
            t.column("hit_id", .text)
            t.column("actor", .text).notNull()
            t.column("at", .datetime).notNull()
        }
    }
}
