public import Foundation
public import VaultBase
internal import GRDB

/// A prohibited phrase found in a recording's (redacted) transcript, as the catalog keeps it
/// (VaultCore's `PhraseHit` is how it is shown). The call's agent, campaign and start are copied
/// from its recording when the hit is stored, so a report reads one table.
public struct PhraseHitRecord: Codable, Sendable, Equatable, CatalogRecord {
    static let tableName = "phrase_hits"

    /// A hit's review state.
    public enum State: String, Codable, Sendable, CaseIterable {
        /// Not reviewed yet.
        case new
        /// A reviewer confirmed the violation.
        case confirmed
        /// A reviewer found no violation.
        case falsePositive = "false_positive"
    }

    /// The hit's id (a UUID).
    public var id: String
    /// The recording whose transcript holds it.
    public var recordingId: RecordingID
    /// The recording's version whose transcript was scanned.
    public var version: Int
    /// The lexicon version that found it (0: the configuration's lexicon, no change stored).
    public var lexiconVersion: Int
    /// The lexicon's category.
    public var category: String
    /// Its severity (`low`, `medium`, `high`).
    public var severity: String
    /// The phrase as the lexicon writes it.
    public var phrase: String
    /// The words as said (redacted).
    public var words: String
    /// The redacted words around them.
    public var context: String
    /// Who said it, when the transcript says.
    public var speaker: String?
    /// When it was said, in milliseconds from the start of the call, for timed transcripts.
    public var startMs: Int?
    /// When it ends, in milliseconds.
    public var endMs: Int?
    /// The call's agent.
    public var agent: String?
    /// The call's campaign.
    public var campaign: String?
    /// When the call started.
    public var callStartedAt: Date
    /// When the scan found it.
    public var foundAt: Date
    /// Its review state.
    public var state: State
    /// Who reviewed it.
    public var reviewer: String?
    /// The reviewer's note.
    public var note: String?
    /// When it was reviewed.
    public var reviewedAt: Date?

    /// Creates a new (unreviewed) hit.
    public init(id: String, recordingId: RecordingID, version: Int, lexiconVersion: Int, category: String, severity: String, phrase: String,
                words: String, context: String, speaker: String?, startMs: Int?, endMs: Int?, agent: String?, campaign: String?,
                callStartedAt: Date, foundAt: Date) {
        self.id = id; self.recordingId = recordingId; self.version = version; self.lexiconVersion = lexiconVersion
        self.category = category; self.severity = severity
        self.phrase = phrase; self.words = words; self.context = context; self.speaker = speaker; self.startMs = startMs
        self.endMs = endMs; self.agent = agent; self.campaign = campaign; self.callStartedAt = callStartedAt; self.foundAt = foundAt
        self.state = .new
    }
}

/// One change of a vault's lexicon: its number is the lexicon's version from then on. A file
/// applied replaces the phrases; an exception (a false positive a reviewer confirmed) is added to
/// whatever file is current, and stays across later files.
public struct LexiconChangeRecord: Codable, Sendable, Equatable, CatalogRecord {
    static let tableName = "lexicon_changes"

    /// What changed.
    public enum Kind: String, Codable, Sendable {
        /// A lexicon file applied (`yaml`).
        case apply
        /// An exception added (`exception`, from the review of `hitId`).
        case exception
    }

    /// The version this change makes (1, 2, …).
    public var version: Int
    /// What changed.
    public var kind: Kind
    /// The applied file, for `apply`.
    public var yaml: String?
    /// The exception's words, for `exception`.
    public var exception: String?
    /// The hit whose review added it, for `exception`.
    public var hitId: String?
    /// Who made the change.
    public var actor: String
    /// When.
    public var at: Date

    /// A change; its `version` is assigned when it is stored.
    public init(kind: Kind, yaml: String? = nil, exception: String? = nil, hitId: String? = nil, actor: String, at: Date) {
        self.version = 0; self.kind = kind; self.yaml = yaml; self.exception = exception; self.hitId = hitId; self.actor = actor; self.at = at
    }
}

/// A call a dialer was allowed to place (a consent claim) with no recording of its number
/// within the reconciliation's window: possibly a call that failed to record. The one
/// representation the CLI's `--json`, the API and its schema share.
public struct UnrecordedCall: Codable, Sendable, Equatable {
    /// The number's pseudonym (`consent show` and the DPO's tools find the number by it).
    public var subjectPseudonym: String
    /// The purpose the claim was allowed for.
    public var purpose: String
    /// When the claim was allowed (ISO 8601 UTC).
    public var claimedAt: String

    /// The keys, as the JSON spells them.
    public enum CodingKeys: String, CodingKey, CaseIterable {
        case subjectPseudonym = "subject_pseudonym", purpose, claimedAt = "claimed_at"
    }

    /// A call.
    public init(subjectPseudonym: String, purpose: String, claimedAt: Date) {
        self.subjectPseudonym = subjectPseudonym; self.purpose = purpose; self.claimedAt = Timestamp.format(claimedAt)
    }
}

/// Which hits to list: every field narrows, nil means any.
public struct PhraseHitQuery: Sendable, Equatable {
    /// Calls that started at or after this.
    public var since: Date?
    /// Calls that started before this.
    public var until: Date?
    /// One agent's calls.
    public var agent: String?
    /// One campaign's calls.
    public var campaign: String?
    /// One category.
    public var category: String?
    /// One recording.
    public var recording: RecordingID?
    /// Hits in one review state.
    public var state: PhraseHitRecord.State?
    /// At most this many, newest calls first.
    public var limit: Int

    /// A query; by default every hit, at most 1,000.
    public init(since: Date? = nil, until: Date? = nil, agent: String? = nil, campaign: String? = nil, category: String? = nil,
                recording: RecordingID? = nil, state: PhraseHitRecord.State? = nil, limit: Int = 1_000) {
        self.since = since; self.until = until; self.agent = agent; self.campaign = campaign; self.category = category
        self.recording = recording; self.state = state; self.limit = limit
    }
}

/// What a compliance report counts calls by.
public enum CallGrouping: String, Sendable, CaseIterable {
    /// Per agent.
    case agent
    /// Per campaign.
    case campaign
}

/// Prohibited-phrase hits as a catalog keeps them, for reading (issue 21). Both catalogs implement it.
public protocol MonitorStore: Sendable {
    /// The hits `query` selects, newest call first (then in the order said).
    func phraseHits(_ query: PhraseHitQuery) throws -> [PhraseHitRecord]
    /// Recordings with a transcript whose call started in `[since, until)`, counted per agent or
    /// campaign (nil: none named): a report's denominators. Purged and shredded recordings are not counted.
    func transcribedCalls(since: Date?, until: Date?, by grouping: CallGrouping) throws -> [String?: Int]
    /// Allowed claims made in `[since, until)` with no recording of their number whose call
    /// started from `skew` before the claim to `window` after it; oldest first, at most `limit`.
    func unrecordedClaims(since: Date, until: Date, window: TimeInterval, skew: TimeInterval, limit: Int) throws -> [UnrecordedCall]
    /// The lexicon's current version: the last change's number, 0 when none was stored.
    func lexiconVersion() throws -> Int
    /// Every change of the lexicon, oldest first.
    func lexiconChanges() throws -> [LexiconChangeRecord]
}

/// Hit writes, inside a unit of work (`CatalogTransaction.monitor`).
public protocol MonitorWrites {
    /// Replaces a recording's hits with `hits` (a new transcript version was scanned).
    func replaceHits(of recording: RecordingID, with hits: [PhraseHitRecord]) throws
    /// Records a review of hit `id`: its state, reviewer, note and time; returns the hit as it
    /// now is. `StoreError(.notFound)` when there is no such hit.
    func review(_ id: String, state: PhraseHitRecord.State, reviewer: String, note: String?, at: Date) throws -> PhraseHitRecord
    /// Stores a lexicon change as the next version; returns that version.
    func appendLexiconChange(_ change: LexiconChangeRecord) throws -> Int
}

extension Catalog: MonitorStore {
    public func phraseHits(_ query: PhraseHitQuery) throws -> [PhraseHitRecord] {
        try readCatalog("cannot read phrase hits") { db in
            var request = Stored<PhraseHitRecord>.all()
            if let since = query.since { request = request.filter(Column("call_started_at") >= since) }
            if let until = query.until { request = request.filter(Column("call_started_at") < until) }
            if let agent = query.agent { request = request.filter(Column("agent") == agent) }
            if let campaign = query.campaign { request = request.filter(Column("campaign") == campaign) }
            if let category = query.category { request = request.filter(Column("category") == category) }
            if let recording = query.recording { request = request.filter(Column("recording_id") == recording.description) }
            if let state = query.state { request = request.filter(Column("state") == state.rawValue) }
            return try request.order(Column("call_started_at").desc, Column("recording_id"), Column("start_ms"), Column("id"))
                .limit(query.limit).records(db)
        }
    }

    public func transcribedCalls(since: Date?, until: Date?, by grouping: CallGrouping) throws -> [String?: Int] {
        try readCatalog("cannot count calls") { db in
            let column = grouping == .agent ? "agent" : "campaign"
            var sql = "SELECT \(column), COUNT(*) FROM recordings WHERE transcript_path IS NOT NULL AND state IN ('stored', 'restricted')"
            var arguments: StatementArguments = []
            if let since { sql += " AND started_at >= ?"; arguments += [since] }
            if let until { sql += " AND started_at < ?"; arguments += [until] }
            var counts: [String?: Int] = [:]
            for row in try Row.fetchAll(db, sql: sql + " GROUP BY \(column)", arguments: arguments) {
                counts[row[0] as String?] = row[1]
            }
            return counts
        }
    }

    public func unrecordedClaims(since: Date, until: Date, window: TimeInterval, skew: TimeInterval, limit: Int) throws -> [UnrecordedCall] {
        try readCatalog("cannot reconcile claims with recordings") { db in
            // Dates as GRDB stores them, so the comparison inside SQL is the stored text's order.
            try Row.fetchAll(db, sql: """
                SELECT a.subject, a.purpose, a.at FROM call_attempts a
                WHERE a.at >= ? AND a.at < ? AND NOT EXISTS (
                    SELECT 1 FROM recordings r WHERE r.subject_pseudonym = a.subject
                    AND r.started_at >= strftime('%Y-%m-%d %H:%M:%f', a.at, ?) AND r.started_at < strftime('%Y-%m-%d %H:%M:%f', a.at, ?))
                ORDER BY a.at, a.id LIMIT ?
                """, arguments: [since, until, "-\(Int(skew)) seconds", "+\(Int(window)) seconds", limit])
                .map { UnrecordedCall(subjectPseudonym: $0["subject"], purpose: $0["purpose"], claimedAt: $0["at"]) }
        }
    }

    public func lexiconVersion() throws -> Int {
        try readCatalog("cannot read the lexicon's version") { db in try Int.fetchOne(db, sql: "SELECT MAX(version) FROM lexicon_changes") ?? 0 }
    }

    public func lexiconChanges() throws -> [LexiconChangeRecord] {
        try readCatalog("cannot read the lexicon's changes") { db in try Stored<LexiconChangeRecord>.order(Column("version")).records(db) }
    }
}

/// `MonitorWrites` on SQLite.
struct SQLiteMonitorWrites: MonitorWrites {
    let db: Database

    func replaceHits(of recording: RecordingID, with hits: [PhraseHitRecord]) throws {
        try db.execute(sql: "DELETE FROM phrase_hits WHERE recording_id = ?", arguments: [recording.description])
        for hit in hits { try hit.insert(db) }
    }

    func review(_ id: String, state: PhraseHitRecord.State, reviewer: String, note: String?, at: Date) throws -> PhraseHitRecord {
        guard var hit = try PhraseHitRecord.find(db, key: id) else { throw StoreError(.notFound, "no phrase hit \(id)") }
        hit.state = state; hit.reviewer = reviewer; hit.note = note; hit.reviewedAt = at
        try hit.update(db)
        return hit
    }

    func appendLexiconChange(_ change: LexiconChangeRecord) throws -> Int {
        var change = change
        change.version = (try Int.fetchOne(db, sql: "SELECT MAX(version) FROM lexicon_changes") ?? 0) + 1
        try change.insert(db)
        return change.version
    }
}

/// A prohibited-phrase hit as every caller sees it: the one representation that
/// `callvault monitor hits --json`, the HTTP API and the OpenAPI document's `PhraseHit` schema
/// share. Every key is always present (`null` when unknown); the words are the redacted ones.
public struct PhraseHit: Codable, Sendable, Equatable {
    /// The hit's id, and the recording whose transcript holds it.
    public var id: String, recordingId: String
    /// The recording's version whose transcript was scanned, and the lexicon version that found it.
    public var version: Int, lexiconVersion: Int
    /// The lexicon's category, the severity (`low`, `medium`, `high`) and the phrase as the lexicon writes it.
    public var category: String, severity: String, phrase: String
    /// The words as said and the words around them, redacted.
    public var words: String, context: String
    /// Who said it, when the transcript says.
    public var speaker: String?
    /// When it was said, in milliseconds from the start of the call (timed transcripts only).
    public var startMs: Int?, endMs: Int?
    /// The call's agent and campaign.
    public var agent: String?, campaign: String?
    /// When the call started and when the scan found it (ISO 8601 UTC).
    public var callStartedAt: String, foundAt: String
    /// `new`, `confirmed` or `false_positive`; who reviewed it, their note, and when.
    public var state: String, reviewer: String?, note: String?, reviewedAt: String?
    /// Whether its recording is restricted (an erasure keeps it for now): then its words, context
    /// and speaker are withheld (empty, null), as the transcript itself is without restricted access.
    public var withheld: Bool

    /// The keys, as the JSON and the OpenAPI schema spell them.
    public enum CodingKeys: String, CodingKey, CaseIterable {
        case id, recordingId = "recording_id", version, lexiconVersion = "lexicon_version", category, severity, phrase, words, context, speaker
        case startMs = "start_ms", endMs = "end_ms", agent, campaign, callStartedAt = "call_started_at", foundAt = "found_at"
        case state, reviewer, note, reviewedAt = "reviewed_at", withheld
    }

    /// The hit a stored row describes; `withholding` its transcript words (a restricted recording).
    public init(_ r: PhraseHitRecord, withholding: Bool = false) {
        id = r.id; recordingId = r.recordingId.description; version = r.version; lexiconVersion = r.lexiconVersion
        category = r.category; severity = r.severity; phrase = r.phrase; words = r.words; context = r.context
        speaker = r.speaker; startMs = r.startMs; endMs = r.endMs; agent = r.agent; campaign = r.campaign
        callStartedAt = Timestamp.format(r.callStartedAt); foundAt = Timestamp.format(r.foundAt)
        state = r.state.rawValue; reviewer = r.reviewer; note = r.note; reviewedAt = r.reviewedAt.map(Timestamp.format)
        withheld = withholding
        if withholding { words = ""; context = ""; speaker = nil }
    }

    /// Every key; optionals are written as `null` rather than left out.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id); try c.encode(recordingId, forKey: .recordingId); try c.encode(version, forKey: .version)
        try c.encode(lexiconVersion, forKey: .lexiconVersion)
        try c.encode(category, forKey: .category); try c.encode(severity, forKey: .severity); try c.encode(phrase, forKey: .phrase)
        try c.encode(words, forKey: .words); try c.encode(context, forKey: .context); try c.encode(speaker, forKey: .speaker)
        try c.encode(startMs, forKey: .startMs); try c.encode(endMs, forKey: .endMs); try c.encode(agent, forKey: .agent)
        try c.encode(campaign, forKey: .campaign); try c.encode(callStartedAt, forKey: .callStartedAt); try c.encode(foundAt, forKey: .foundAt)
        try c.encode(state, forKey: .state); try c.encode(reviewer, forKey: .reviewer); try c.encode(note, forKey: .note)
        try c.encode(reviewedAt, forKey: .reviewedAt); try c.encode(withheld, forKey: .withheld)
    }
}
