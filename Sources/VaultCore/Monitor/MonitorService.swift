public import Foundation
import VaultAudit
import VaultBase
import VaultPolicy
import VaultRedact
public import VaultStore

/// Compliance monitoring's use cases (issue 21): the prohibited phrases found in stored
/// transcripts, listed and counted per agent or campaign. Transcripts are scanned when they are
/// stored (`ingest`, `transcripts add`), after redaction, in the same unit of work.
public struct MonitorService: Sendable {
    let vault: Vault

    /// The hits `query` selects, newest call first.
    public func hits(_ query: PhraseHitQuery) async throws -> [PhraseHit] {
        try await BlockingWork.run { try vault.catalog.phraseHits(query).map(PhraseHit.init) }
    }

    /// Hits per 100 transcribed calls, per agent or campaign, for calls started in `[since, until)`.
    public func report(since: Date?, until: Date?, by grouping: CallGrouping) async throws -> ComplianceReport {
        try await BlockingWork.run {
            let calls = try vault.catalog.transcribedCalls(since: since, until: until, by: grouping)
            // Every hit of the period (not a page of them): counted, not shown.
            let hits = try vault.catalog.phraseHits(PhraseHitQuery(since: since, until: until, limit: Int(Int32.max)))
            return ComplianceReport(grouping: grouping, since: since, until: until, calls: calls, hits: hits)
        }
    }
}

extension Vault {
    /// Compliance monitoring's use cases.
    public var monitor: MonitorService { MonitorService(vault: self) }

    /// The lexicon's phrases in a stored transcript's redacted text, as hit rows for `recording`
    /// and one `monitor.hit` audit draft each. Pure apart from the clock and fresh ids.
    func phraseHits(in text: TranscriptText?, of recording: RecordingRecord, actor: VaultActor) -> ([PhraseHitRecord], [AuditDraft]) {
        guard let text else { return ([], []) }
        let found = phraseScanner.scan(scalars: text.scalars)
        guard !found.isEmpty else { return ([], []) }
        let at = now
        var rows: [PhraseHitRecord] = [], drafts: [AuditDraft] = []
        for hit in found {
            let place = text.locate(hit.start..<hit.end)
            let around = text.scalars[max(0, hit.start - 20)..<min(text.scalars.count, hit.end + 20)]
            let context = String(String.UnicodeScalarView(around.compactMap(Unicode.Scalar.init).map { $0 == "\n" || $0 == "\r" ? " " : $0 }))
            let row = PhraseHitRecord(
                id: UUID().uuidString.lowercased(), recordingId: recording.id, version: recording.version, category: hit.category,
                severity: hit.severity.rawValue, phrase: hit.phrase, words: hit.text, context: context, speaker: place.speaker,
                startMs: place.startMs, endMs: place.endMs, agent: recording.agent, campaign: recording.campaign,
                callStartedAt: recording.startedAt, foundAt: at)
            rows.append(row)
            var detail = ["hit": row.id, "category": row.category, "severity": row.severity, "phrase": row.phrase, "version": "\(row.version)"]
            if let speaker = row.speaker { detail["speaker"] = speaker }
            if let s = row.startMs, let e = row.endMs { detail["start_ms"] = "\(s)"; detail["end_ms"] = "\(e)" }
            drafts.append(draft(.monitorHit, actor: actor, target: recording.id.description, detail: detail))
        }
        return (rows, drafts)
    }
}

/// Prohibited-phrase hits per 100 transcribed calls, per agent or campaign: what
/// `callvault monitor report --json` and `GET /v1/monitor/report` show.
public struct ComplianceReport: Codable, Sendable, Equatable {
    /// One agent's or campaign's line.
    public struct Line: Codable, Sendable, Equatable {
        /// The agent or campaign (null: calls that name none).
        public var name: String?
        /// Calls with a stored transcript.
        public var calls: Int
        /// Hits in them, and of those the high-severity ones.
        public var hits: Int, highSeverity: Int
        /// Hits per 100 calls, to two decimals.
        public var hitsPer100Calls: Double
        /// Hits per category.
        public var categories: [String: Int]

        /// The keys, as the JSON spells them.
        public enum CodingKeys: String, CodingKey {
            case name, calls, hits, highSeverity = "high_severity", hitsPer100Calls = "hits_per_100_calls", categories
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(name, forKey: .name); try c.encode(calls, forKey: .calls); try c.encode(hits, forKey: .hits)
            try c.encode(highSeverity, forKey: .highSeverity); try c.encode(hitsPer100Calls, forKey: .hitsPer100Calls)
            try c.encode(categories, forKey: .categories)
        }
    }

    /// `agent` or `campaign`.
    public var by: String
    /// The period, ISO 8601 UTC (null: open).
    public var since: String?, until: String?
    /// One line per agent or campaign, most hits per 100 calls first.
    public var lines: [Line]

    /// The report of `hits` over `calls`.
    init(grouping: CallGrouping, since: Date?, until: Date?, calls: [String?: Int], hits: [PhraseHitRecord]) {
        by = grouping.rawValue
        self.since = since.map(Timestamp.format)
        self.until = until.map(Timestamp.format)
        var lines: [String?: Line] = [:]
        for (name, count) in calls { lines[name] = Line(name: name, calls: count, hits: 0, highSeverity: 0, hitsPer100Calls: 0, categories: [:]) }
        for hit in hits {
            let name = grouping == .agent ? hit.agent : hit.campaign
            var line = lines[name] ?? Line(name: name, calls: 0, hits: 0, highSeverity: 0, hitsPer100Calls: 0, categories: [:])
            line.hits += 1
            if hit.severity == Lexicon.Severity.high.rawValue { line.highSeverity += 1 }
            line.categories[hit.category, default: 0] += 1
            lines[name] = line
        }
        self.lines = lines.values.map { line in
            var line = line
            line.hitsPer100Calls = line.calls == 0 ? 0 : (Double(line.hits) * 10_000 / Double(line.calls)).rounded() / 100
            return line
        }.sorted { ($0.hitsPer100Calls, $0.hits, $1.name ?? "") > ($1.hitsPer100Calls, $1.hits, $0.name ?? "") }
    }

    /// The keys, as the JSON spells them.
    public enum CodingKeys: String, CodingKey { case by, since, until, lines }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(by, forKey: .by); try c.encode(since, forKey: .since); try c.encode(until, forKey: .until); try c.encode(lines, forKey: .lines)
    }
}
