public import Foundation
public import VaultBase
import GRDB

/// A search over recordings' metadata: every filter that is set must match.
public struct RecordingQuery: Sendable, Equatable {
    /// Calls that started at or after this time.
    public var since: Date?
    /// Calls that started before this time.
    public var until: Date?
    /// The campaign, exactly.
    public var campaign: String?
    /// The agent, exactly.
    public var agent: String?
    /// The subject's pseudonym.
    public var subjectPseudonym: String?
    /// The recording's state (`stored`, `restricted`, `purged`, `shredded`), exactly.
    public var state: String?
    /// With (true) or without (false) a transcript.
    public var hasTranscript: Bool?
    /// Under an active legal hold, on the recording or its subject (true), or under none (false).
    public var held: Bool?
    /// Newest call first instead of oldest first.
    public var newestFirst: Bool = false
    /// Keyset paging: only rows after this one in the query's order (deep pages cost what the
    /// first does, unlike `offset`).
    public var after: RecordingCursor?
    /// At most this many rows.
    public var limit: Int
    /// Rows skipped first (paging).
    public var offset: Int

    /// Creates a query; with no filters it matches every recording.
    public init(since: Date? = nil, until: Date? = nil, campaign: String? = nil, agent: String? = nil,
                subjectPseudonym: String? = nil, limit: Int = 100, offset: Int = 0) {
        self.since = since; self.until = until; self.campaign = campaign; self.agent = agent
        self.subjectPseudonym = subjectPseudonym; self.limit = limit; self.offset = offset
    }
}

/// A place in a search's order: the last row of a page, from which the next page starts.
public struct RecordingCursor: Sendable, Equatable {
    /// The row's call start.
    public var startedAt: Date
    /// The row's id (ties on `startedAt` are ordered by id).
    public var id: RecordingID

    /// A cursor at a row.
    public init(startedAt: Date, id: RecordingID) {
        self.startedAt = startedAt
        self.id = id
    }

    /// The cursor as one token for an address (`<µs since 1970>_<id>`: the finest precision a
    /// catalog stores, so the row it names compares equal to it).
    public var token: String { "\(Int64((startedAt.timeIntervalSince1970 * 1_000_000).rounded()))_\(id)" }

    /// The cursor a `token` names, nil when it names none.
    public init?(token: String) {
        let parts = token.split(separator: "_", maxSplits: 1)
        guard parts.count == 2, let us = Int64(parts[0]), let id = RecordingID(String(parts[1])) else { return nil }
        self.init(startedAt: Date(timeIntervalSince1970: Double(us) / 1_000_000), id: id)
    }
}

extension Catalog {
    /// Recordings matching `query`, oldest call first (index on `started_at`).
    public func searchRecordings(_ query: RecordingQuery) throws -> [RecordingRecord] {
        try readCatalog("cannot search recordings") { db in
            var request = Stored<RecordingRecord>.all()
            if let since = query.since { request = request.filter(Column("started_at") >= since) }
            if let until = query.until { request = request.filter(Column("started_at") < until) }
            if let campaign = query.campaign { request = request.filter(Column("campaign") == campaign) }
            if let agent = query.agent { request = request.filter(Column("agent") == agent) }
            if let subject = query.subjectPseudonym { request = request.filter(Column("subject_pseudonym") == subject) }
            if let state = query.state { request = request.filter(Column("state") == state) }
            if let hasTranscript = query.hasTranscript {
                request = request.filter(hasTranscript ? Column("transcript_path") != nil : Column("transcript_path") == nil)
            }
            if let held = query.held {
                // The one hold rule (`isHeld`): an active hold on the recording, or on its subject.
                // Held rows are few: found through the holds (by primary key and subject index),
                // not by testing every row; the rest are found by testing each.
                let rule = held ? SQL("""
                    (recordings.id IN (SELECT recording_id FROM holds WHERE released_at IS NULL AND recording_id IS NOT NULL)
                     OR recordings.subject_pseudonym IN (SELECT subject FROM holds WHERE released_at IS NULL AND subject IS NOT NULL))
                    """) : SQL("""
                    NOT EXISTS (SELECT 1 FROM holds WHERE holds.released_at IS NULL AND (holds.recording_id = recordings.id
                                OR (recordings.subject_pseudonym IS NOT NULL AND holds.subject = recordings.subject_pseudonym)))
                    """)
                request = request.filter(rule.sqlExpression)
            }
            if let after = query.after {
                // A range on started_at first (a seek on the index), then the tie on id.
                let at = Column("started_at"), id = Column("id")
                request = request.filter(query.newestFirst
                    ? at <= after.startedAt && (at < after.startedAt || id < after.id.description)
                    : at >= after.startedAt && (at > after.startedAt || id > after.id.description))
            }
            let order = query.newestFirst ? [Column("started_at").desc, Column("id").desc] : [Column("started_at").asc, Column("id").asc]
            return try request.order(order).limit(query.limit, offset: query.offset).records(db)
        }
    }
}
