public import Foundation
import VaultAudit
import VaultBase
import VaultCrypto
public import VaultPolicy
public import VaultRedact
public import VaultStore

/// Compliance monitoring's use cases (issue 21): the prohibited phrases found in stored
/// transcripts, listed and counted per agent or campaign. Transcripts are scanned when they are
/// stored (`ingest`, `transcripts add`), after redaction, in the same unit of work.
public struct MonitorService: Sendable {
    let vault: Vault

    /// The hits `query` selects, newest call first. A restricted recording's hits withhold their
    /// words, context and speaker (`withheld`): its transcript is not shown without restricted access.
    public func hits(_ query: PhraseHitQuery) async throws -> [PhraseHit] {
        try await BlockingWork.run {
            let rows = try vault.catalog.phraseHits(query)
            var restricted: [RecordingID: Bool] = [:]
            return try rows.map { row in
                if restricted[row.recordingId] == nil {
                    restricted[row.recordingId] = try vault.catalog.recording(row.recordingId)?.state == .restricted
                }
                return PhraseHit(row, withholding: restricted[row.recordingId]!)
            }
        }
    }

    /// Records a reviewer's verdict on hit `id` (`confirmed` or `falsePositive`, with a note),
    /// audited as `monitor.review`. A false positive may name the `exception` words that make
    /// it one ("高收益债券", a product's name): they become a new lexicon version, audited as
    /// `monitor.lexicon`, and no later transcript is flagged for them.
    public func review(_ id: String, verdict: PhraseHitRecord.State, note: String?, exception: String? = nil,
                       actor: VaultActor) async throws -> PhraseHit {
        try await BlockingWork.run { try vault.reviewHit(id, verdict: verdict, note: note, exception: exception, actor: actor) }
    }

    /// The lexicon transcripts are scanned with now, and its version (0: none stored).
    public func lexicon() async throws -> (version: Int, lexicon: Lexicon) {
        try await BlockingWork.run {
            let current = try vault.lexicon.current(in: vault.catalog)
            return (current.version, current.lexicon)
        }
    }

    /// The lexicon's changes, oldest first: each a version.
    public func lexiconChanges() async throws -> [LexiconChangeRecord] {
        try await BlockingWork.run { try vault.catalog.lexiconChanges() }
    }

    /// Makes the lexicon file `yaml` the vault's from now on (a new version; exceptions reviews
    /// added stay), audited as `monitor.lexicon` with its SHA-256. Transcripts stored earlier keep
    /// their hits. Returns the new version.
    public func applyLexicon(yaml: String, actor: VaultActor) async throws -> Int {
        try await BlockingWork.run { try vault.applyLexicon(yaml: yaml, actor: actor) }
    }

    /// The flags a recording's completeness is judged by: its `quality.flags`, and `interrupted`.
    public static let qualityFlags = ["silent", "one_sided", "clipping", "long_silence", "short", "packet_loss", "interrupted"]

    /// Recordings whose calls started in `[since, until)` that look incomplete: silent,
    /// one-sided, clipped, long dead air, short, lossy (their `quality.flags`), or interrupted (the
    /// recorder stopped mid-call); with `flag`, only those flagged so; with `all`, every recording
    /// with quality facts. Oldest first, at most `limit`.
    public func quality(since: Date?, until: Date?, agent: String? = nil, campaign: String? = nil, flag: String? = nil,
                        all: Bool = false, limit: Int = .max) async throws -> [Recording] {
        if let flag, !Self.qualityFlags.contains(flag) {
            throw VaultError(.refused, "'\(flag)' is no quality flag (\(Self.qualityFlags.joined(separator: ", ")))")
        }
        return try await BlockingWork.run {
            var found: [Recording] = []
            var search = RecordingSearch(since: since, until: until, campaign: campaign, agent: agent, limit: 1_000)
            while true {
                let page = try vault.searchRecordings(search)
                found += page.map(Recording.init).filter { r in
                    guard r.state != RecordingState.purged.rawValue, r.state != RecordingState.shredded.rawValue else { return false }
                    let flags = (r.quality?.flags ?? []) + (r.interrupted ? ["interrupted"] : [])
                    if let flag { return flags.contains(flag) }
                    return all ? r.quality != nil : !flags.isEmpty
                }
                guard found.count < limit, page.count == search.limit, let last = page.last else { return Array(found.prefix(limit)) }
                search.after = RecordingCursor(startedAt: last.startedAt, id: last.id)
            }
        }
    }

    /// How long after a claim its call's recording may start, by default: two hours (a dialer
    /// claims numbers ahead of its queue).
    public static let defaultReconciliationWindow: Duration = .seconds(2 * 3600)
    /// How long before its claim a recording may start (clocks of dialer and recorder differ).
    public static let reconciliationSkew: TimeInterval = 60

    /// The period reconciled when none is given: the last 7 days.
    public static let defaultReconciliationPeriod: Duration = .seconds(7 * 86_400)

    /// Claims allowed in `[since, until)` (by default the last 7 days) with no recording of their
    /// number starting within `window` of them (a minute earlier allowed): possibly calls that
    /// failed to record. Only claims whose window has passed are judged (`until` is at most now
    /// less the window).
    public func unrecorded(since: Date? = nil, until: Date? = nil, window: Duration = defaultReconciliationWindow,
                           limit: Int = 1_000) async throws -> [UnrecordedCall] {
        try await BlockingWork.run {
            let since = since ?? vault.now.addingTimeInterval(-Self.defaultReconciliationPeriod.seconds)
            let end = min(until ?? .distantFuture, vault.now.addingTimeInterval(-window.seconds))
            guard end > since else { return [] }
            return try vault.catalog.unrecordedClaims(since: since, until: end, window: window.seconds, skew: Self.reconciliationSkew, limit: limit)
        }
    }

    /// Takes one result of a live call's recogniser into `transcript`; for a final one, redacts
    /// it with the words before it and returns the phrases it brings that were not reported yet
    /// (the same finding as a stored transcript's), each as the alert a webhook posts.
    public func take(_ result: LiveTranscriptResult, into transcript: inout LiveTranscript) async throws -> [LivePhraseAlert] {
        guard let window = try transcript.take(result) else { return [] }
        let recording = transcript.recordingID
        // The catalog is asked for the lexicon's version at most once a second (off this pool);
        // redacting and scanning a window of a few hundred words is well under a millisecond of
        // CPU, done here: an alert waits for no thread hop.
        let lexicon: VaultLexicon.Current
        if let fresh = vault.lexicon.fresh() { lexicon = fresh } else {
            lexicon = try await BlockingWork.run { try vault.lexicon.current(in: vault.catalog) }
        }
        guard let text = try IngestJob.redact(window.document, format: .asrJSON, name: "the live transcript of \(recording)").text else { return [] }
        let found = LocatedPhraseHit.find(in: text, with: lexicon.scanner), at = vault.now
        return transcript.newHits(found, in: text, window: window).map { LivePhraseAlert($0, recording: recording, lexiconVersion: lexicon.version, at: at) }
    }

    /// Audits one attempt to post `alert` to the monitoring webhook: `status` is the receiver's
    /// HTTP status, or nil with `error` when none came (refused, timed out).
    public func recordAlertDelivery(_ alert: LivePhraseAlert, attempt: Int, status: Int?, error: String?, actor: VaultActor) async throws {
        var detail = ["alert": alert.id, "category": alert.category, "severity": alert.severity, "phrase": alert.phrase, "attempt": "\(attempt)"]
        if let status { detail["http_status"] = "\(status)" }
        if let error { detail["error"] = error }
        let delivered = status.map { (200..<300).contains($0) } ?? false, facts = detail
        _ = try await BlockingWork.run {
            try vault.logAudit(.monitorAlert, actor: actor, target: alert.recordingId, outcome: delivered ? .ok : .failed, detail: facts)
        }
    }

    /// Hits per 100 transcribed calls, per agent or campaign, for calls started in `[since, until)`;
    /// hits reviewed as false positives are not counted.
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
    /// and one `monitor.hit` audit draft each, with the lexicon at its current version.
    func phraseHits(in text: TranscriptText?, of recording: RecordingRecord, actor: VaultActor) throws -> ([PhraseHitRecord], [AuditDraft]) {
        guard let text else { return ([], []) }
        let lexicon = try self.lexicon.current(in: catalog)
        // A transcript that repeats a phrase endlessly stores its first hits only: enough to act on.
        let found = LocatedPhraseHit.find(in: text, with: lexicon.scanner).prefix(Self.maximumHitsPerTranscript)
        guard !found.isEmpty else { return ([], []) }
        let at = now
        var rows: [PhraseHitRecord] = [], drafts: [AuditDraft] = []
        for (hit, place, context) in found.map({ ($0.hit, $0.location, $0.context) }) {
            let row = PhraseHitRecord(
                id: UUID().uuidString.lowercased(), recordingId: recording.id, version: recording.version,
                lexiconVersion: lexicon.version, category: hit.category,
                severity: hit.severity.rawValue, phrase: hit.phrase, words: hit.text, context: context, speaker: place.speaker,
                startMs: place.startMs, endMs: place.endMs, agent: recording.agent, campaign: recording.campaign,
                callStartedAt: recording.startedAt, foundAt: at)
            rows.append(row)
            var detail = ["hit": row.id, "category": row.category, "severity": row.severity, "phrase": row.phrase, "version": "\(row.version)",
                          "lexicon_version": "\(row.lexiconVersion)"]
            if let speaker = row.speaker { detail["speaker"] = speaker }
            if let s = row.startMs, let e = row.endMs { detail["start_ms"] = "\(s)"; detail["end_ms"] = "\(e)" }
            drafts.append(draft(.monitorHit, actor: actor, target: recording.id.description, detail: detail))
        }
        return (rows, drafts)
    }
}

extension Vault {
    /// The most hits stored (and audited) for one transcript.
    static let maximumHitsPerTranscript = 1_000

    /// The longest exception a review may add, in characters.
    static let maximumExceptionLength = 100

    /// A review, in one unit of work with its audit entries (and the lexicon change it makes).
    func reviewHit(_ id: String, verdict: PhraseHitRecord.State, note: String?, exception: String?, actor: VaultActor) throws -> PhraseHit {
        guard verdict != .new else { throw VaultError(.refused, "a review confirms a hit or finds it a false positive") }
        let exception = exception?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let exception {
            guard verdict == .falsePositive else { throw VaultError(.refused, "only a false positive adds an exception") }
            guard !exception.isEmpty, exception.count <= Self.maximumExceptionLength, !exception.contains(where: \.isNewline) else {
                throw VaultError(.refused, "an exception is one line of 1 to \(Self.maximumExceptionLength) characters")
            }
            // The lexicon is kept in clear: an exception that holds a number is refused, never stored.
            guard TextRedactor().redact(exception).spans.isEmpty else {
                throw VaultError(.refused, "an exception may not hold a phone, ID or card number")
            }
        }
        let at = now
        var drafts = [draft(.monitorReview, actor: actor, target: id, detail: ["state": verdict.rawValue, "note": note ?? ""].filter { !$0.value.isEmpty })]
        let change = exception.map { LexiconChangeRecord(kind: .exception, exception: $0, hitId: id, actor: actor.name, at: at) }
        let reviewer = actor.name
        let reviewed = try catalog.write("cannot record the review of phrase hit \(id)") { tx in
            let hit = try tx.monitor.review(id, state: verdict, reviewer: reviewer, note: note, at: at)
            if let change, let words = change.exception {
                // An exception names what makes this mention harmless around it ("高收益债券" around
                // "高收益"): never the phrase alone, which would switch it off everywhere.
                guard words.count > hit.words.count, words.lowercased().contains(hit.words.lowercased()) else {
                    throw VaultError(.refused, "an exception must hold the words found (\(hit.words)) and more")
                }
                let version = try tx.monitor.appendLexiconChange(change)
                // The words stay in the lexicon's changes; the log keeps their hash, no transcript words.
                drafts.append(draft(.monitorLexicon, actor: actor, target: "\(version)",
                                    detail: ["exception_sha256": SHA256Hasher.hash(Array(words.utf8)).hexString, "hit": id]))
            }
            try tx.appendAudit(drafts.map(auditLog.rowMaker(for:)))
            return hit
        }
        return PhraseHit(reviewed, withholding: try catalog.recording(reviewed.recordingId)?.state == .restricted)
    }

    /// A lexicon file applied as the next version, audited.
    func applyLexicon(yaml: String, actor: VaultActor) throws -> Int {
        do { _ = try Lexicon(yaml: yaml) } catch let error as PolicyError {
            throw VaultError(.malformedPolicy, "the lexicon is refused: \(error)")
        }
        let change = LexiconChangeRecord(kind: .apply, yaml: yaml, actor: actor.name, at: now)
        let sha = SHA256Hasher.hash(Array(yaml.utf8)).hexString
        return try catalog.write("cannot store the lexicon") { tx in
            let version = try tx.monitor.appendLexiconChange(change)
            try tx.appendAudit([auditLog.rowMaker(for: draft(.monitorLexicon, actor: actor, target: "\(version)", detail: ["sha256": sha]))])
            return version
        }
    }
}

/// A phrase found in a redacted transcript's text, placed: who said it and when, and the words
/// around it. The one finding of phrases in a transcript: the vault's (stored with the recording)
/// and `callvault monitor scan`'s (without a vault).
public struct LocatedPhraseHit: Sendable, Equatable, Encodable {
    /// What was found, with offsets into the transcript's text.
    public var hit: PhraseScanner.Hit
    /// Who said it and when.
    public var location: TranscriptText.Location
    /// Up to 20 characters either side of it, line breaks as spaces (redacted, as the text is).
    public var context: String

    /// Every phrase `scanner` finds in `text`, in order.
    public static func find(in text: TranscriptText, with scanner: PhraseScanner) -> [LocatedPhraseHit] {
        scanner.scan(scalars: text.scalars).map { hit in
            let around = text.scalars[max(0, hit.start - 20)..<min(text.scalars.count, hit.end + 20)]
            let context = String(String.UnicodeScalarView(around.compactMap(Unicode.Scalar.init).map { $0 == "\n" || $0 == "\r" ? " " : $0 }))
            return LocatedPhraseHit(hit: hit, location: text.locate(hit.start..<hit.end), context: context)
        }
    }

    private enum CodingKeys: String, CodingKey { case context, speaker, startMs = "start_ms", endMs = "end_ms" }

    /// The hit's own fields, then `speaker`, `start_ms`, `end_ms` (null when unknown) and `context`.
    public func encode(to encoder: any Encoder) throws {
        try hit.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(location.speaker, forKey: .speaker); try c.encode(location.startMs, forKey: .startMs)
        try c.encode(location.endMs, forKey: .endMs); try c.encode(context, forKey: .context)
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

        /// Every key, `null` for an unnamed line.
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
        // A hit a reviewer found a false positive is no violation: not counted.
        for hit in hits where hit.state != .falsePositive {
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

    /// Every key, `null` for an open end of the period.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(by, forKey: .by); try c.encode(since, forKey: .since); try c.encode(until, forKey: .until); try c.encode(lines, forKey: .lines)
    }
}
