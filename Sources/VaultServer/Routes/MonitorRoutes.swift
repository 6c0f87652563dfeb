import Foundation
import Hummingbird
import VaultBase
import VaultCore
import VaultStore

/// Compliance monitoring's endpoints (issue 21): the prohibited phrases found in stored
/// transcripts, the per-agent or per-campaign report, recordings that look incomplete and calls
/// that possibly failed to record. For auditors and DPOs (the QA and
/// compliance side); a hit's words are the redacted ones.
struct MonitorRoutes {
    let vault: Vault

    /// `GET /v1/monitor/hits`'s answer.
    struct HitList: Encodable {
        var hits: [PhraseHit]
    }

    /// `GET /v1/monitor/quality`'s answer.
    struct RecordingList: Encodable {
        var recordings: [Recording]
    }

    /// `GET /v1/monitor/unrecorded`'s answer.
    struct UnrecordedList: Encodable {
        var calls: [UnrecordedCall]
    }

    /// A review: `confirmed` or `false_positive`, a note, and for a false positive the words that
    /// make it one (added to the lexicon's exceptions).
    struct ReviewRequest: Decodable {
        var state: String
        var note: String?
        var exception: String?
    }

    func register(_ registry: EndpointRegistry) {
        let vault = self.vault

        registry.add(.get, "/v1/monitor/hits", roles: [.auditor, .dpo]) { call in
            let q = call.request
            let since = try q.timeQuery("since"), until = try q.timeQuery("until")
            let recording = try q.query("recording_id").map { text in
                guard let id = RecordingID(text) else { throw APIError.badRequest("'recording_id' is not a recording id (a UUID)", code: "invalid_field") }
                return id
            }
            let state = try q.query("state").map { text in
                guard let state = PhraseHitRecord.State(rawValue: text) else {
                    throw APIError.badRequest("'state' must be new, confirmed or false_positive", code: "invalid_field")
                }
                return state
            }
            let limit = try AuditorRoutes.integer(q.query("limit"), field: "limit", range: 1...1000) ?? 100
            let query = PhraseHitQuery(since: since, until: until, agent: q.query("agent"), campaign: q.query("campaign"),
                                       category: q.query("category"), recording: recording, state: state, limit: limit)
            return try .json(HitList(hits: try await vault.monitor.hits(query)))
        }

        registry.add(.post, "/v1/monitor/hits/{id}/review", roles: [.auditor, .dpo]) { call in
            let id = call.context.parameters.get("id") ?? ""
            let body = try await call.request.decodeJSON(ReviewRequest.self, limit: 16 * 1024)
            guard let verdict = PhraseHitRecord.State(rawValue: body.state), verdict != .new else {
                throw APIError.badRequest("'state' must be confirmed or false_positive", code: "invalid_field")
            }
            let note = try body.note.map { try Field.text($0, field: "note") }
            if body.exception != nil, verdict != .falsePositive {
                throw APIError.badRequest("'exception' goes with state false_positive", code: "invalid_field")
            }
            let actor = call.actor
            return try .json(try await vault.monitor.review(id, verdict: verdict, note: note, exception: body.exception, actor: actor))
        }

        registry.add(.get, "/v1/monitor/unrecorded", roles: [.auditor, .dpo]) { call in
            let since = try call.request.timeQuery("since"), until = try call.request.timeQuery("until")
            let window = try AuditorRoutes.integer(call.request.query("window_minutes"), field: "window_minutes", range: 1...10_080) ?? 120
            let limit = try AuditorRoutes.integer(call.request.query("limit"), field: "limit", range: 1...1000) ?? 100
            let calls = try await vault.monitor.unrecorded(since: since, until: until, window: .seconds(window * 60), limit: limit)
            return try .json(UnrecordedList(calls: calls))
        }

        registry.add(.get, "/v1/monitor/quality", roles: [.auditor, .dpo]) { call in
            let q = call.request
            let since = try q.timeQuery("since"), until = try q.timeQuery("until")
            let flag = try q.query("flag").map { text in
                guard MonitorService.qualityFlags.contains(text) else {
                    throw APIError.badRequest("'flag' must be one of \(MonitorService.qualityFlags.joined(separator: ", "))", code: "invalid_field")
                }
                return text
            }
            let all = try AuditorRoutes.boolean(q.query("all"), field: "all") ?? false
            let limit = try AuditorRoutes.integer(q.query("limit"), field: "limit", range: 1...1000) ?? 100
            let recordings = try await vault.monitor.quality(since: since, until: until, agent: q.query("agent"), campaign: q.query("campaign"),
                                                             flag: flag, all: all, limit: limit)
            return try .json(RecordingList(recordings: recordings))
        }

        registry.add(.get, "/v1/monitor/report", roles: [.auditor, .dpo]) { call in
            let since = try call.request.timeQuery("since"), until = try call.request.timeQuery("until")
            let grouping = try call.request.query("by").map { text in
                guard let grouping = CallGrouping(rawValue: text) else { throw APIError.badRequest("'by' must be agent or campaign", code: "invalid_field") }
                return grouping
            } ?? .agent
            return try .json(try await vault.monitor.report(since: since, until: until, by: grouping))
        }
    }
}
