public import Foundation
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
            return try request.order(Column("started_at"), Column("id")).limit(query.limit, offset: query.offset).records(db)
        }
    }
}
