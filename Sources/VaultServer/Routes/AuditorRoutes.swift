import Foundation
import HTTPTypes
import Hummingbird
import VaultAudit
import VaultBase
import VaultCore
import VaultCrypto
import VaultStore

/// The auditors' endpoints: recording search and metadata, decrypted audio (streamed, with
/// HTTP ranges), redacted transcripts, and the audit log (entries, verification, checkpoints,
/// inclusion proofs), and evidence bundles. Reads of content are audited by the vault before a
/// byte is decrypted.
struct AuditorRoutes {
    let vault: Vault

    /// The header that states why a restricted recording is read (required for those).
    static let restrictedReasonHeader = HTTPField.Name("X-Restricted-Access-Reason")!

    struct VerifyRequest: Decodable {
        /// A signed checkpoint kept elsewhere (its note text) the log must extend.
        var checkpoint: String?
    }

    func register(_ registry: EndpointRegistry) {
        let vault = self.vault

        registry.add(.get, "/v1/recordings", roles: [.auditor]) { call in
            let q = call.request
            let since = try q.timeQuery("since"), until = try q.timeQuery("until")
            let subject = try q.query("subject").map { try Field.phone($0, field: "subject", vault: vault) }
            let limit = try Self.integer(q.query("limit"), field: "limit", range: 1...1000) ?? 100
            let offset = try Self.integer(q.query("offset"), field: "offset", range: 0...Int(Int32.max)) ?? 0
            let campaign = q.query("campaign"), agent = q.query("agent")
            let state = try q.query("state").map { text in
                guard RecordingState(rawValue: text) != nil else {
                    throw APIError.badRequest("'state' must be stored, restricted, purged or shredded", code: "invalid_field")
                }
                return text
            }
            let order = q.query("order") ?? "oldest"
            guard order == "oldest" || order == "newest" else { throw APIError.badRequest("'order' must be oldest or newest", code: "invalid_field") }
            let search = RecordingSearch(since: since, until: until, campaign: campaign, agent: agent, subject: subject, state: state,
                                         hasTranscript: try Self.boolean(q.query("has_transcript"), field: "has_transcript"),
                                         held: try Self.boolean(q.query("held"), field: "held"), newestFirst: order == "newest",
                                         limit: limit, offset: offset)
            let recordings = try await vault.recordings.search(search)
            return .json("{\"recordings\":[\(recordings.map(\.json).joined(separator: ","))]}")
        }

        registry.add(.get, "/v1/recordings/{id}", roles: [.auditor]) { call in
            let id = try Field.recordingID(call.context.parameters.get("id") ?? "")
            return .json(try await vault.recordings.get(id).json)
        }

        registry.add(.get, "/v1/recordings/{id}/audio", roles: [.auditor]) { call in
            try await Self.audio(call, vault: vault)
        }

        registry.add(.post, "/v1/evidence-bundles", roles: [.auditor]) { call in
            try await Self.evidenceBundle(call, vault: vault)
        }

        registry.add(.get, "/v1/recordings/{id}/transcript", roles: [.auditor]) { call in
            let id = try Field.recordingID(call.context.parameters.get("id") ?? "")
            let reason = call.request.headers[Self.restrictedReasonHeader]
            let actor = call.actor
            let (record, bytes) = try await vault.recordings.readTranscript(id, actor: actor, restrictedAccessReason: reason)
            return .json("{\"recording_id\":\(JSONText.quoted(id.description)),\"format\":\(JSONText.quotedOrNull(record.transcriptFormat)),"
                         + "\"sha256\":\(JSONText.quotedOrNull(record.transcriptSha256)),\"redacted\":true,"
                         + "\"text\":\(JSONText.quoted(String(decoding: bytes, as: UTF8.self)))}")
        }

        registry.add(.get, "/v1/recordings/{id}/rs-metadata", roles: [.auditor]) { call in
            let id = try Field.recordingID(call.context.parameters.get("id") ?? "")
            let reason = call.request.headers[Self.restrictedReasonHeader]
            return .json(try await vault.recordings.readRSMetadata(id, actor: call.actor, restrictedAccessReason: reason).json)
        }

        registry.add(.get, "/v1/audit/entries", roles: [.auditor]) { call in
            let q = call.request
            let since = try q.timeQuery("since"), until = try q.timeQuery("until")
            let after = try Self.integer(q.query("after_seq"), field: "after_seq", range: 0...Int.max).map(Int64.init)
            let limit = try Self.integer(q.query("limit"), field: "limit", range: 1...10_000) ?? 1000
            let actorFilter = q.query("actor"), action = q.query("action"), target = q.query("target")
            let entries = try await vault.audit.entries(since: since, until: until, actor: actorFilter, action: action, target: target,
                                                        afterSeq: after, limit: limit)
            let items = entries.map { String(decoding: $0.canonicalBytes, as: UTF8.self) }
            return .json("{\"entries\":[\(items.joined(separator: ","))]}")
        }

        registry.add(.post, "/v1/audit/verify", roles: [.auditor]) { call in
            let body = try await call.request.decodeJSON(VerifyRequest.self, limit: 64 * 1024)
            let actor = call.actor
            do {
                let result = try await vault.audit.verify(againstNote: body.checkpoint, actor: actor)
                return .json("{\"ok\":true,\"entries\":\(result.entries),\"root_hash\":\"\(result.rootHash.hexString)\","
                             + "\"checkpoints_checked\":\(result.checkpointsChecked),\"signed_size\":\(result.signedSize),\"unsigned_tail\":\(result.unsignedTail),"
                             + "\"extends_checkpoint\":\(result.extends != nil)}")
            } catch let error as AuditError where error.code == .tampered || error.code == .truncated {
                // A failed verification is the answer to the request, not a server failure.
                return .json("{\"ok\":false,\"error\":{\"code\":\"\(error.code)\",\"message\":\(JSONText.quoted(error.message))}}")
            }
        }

        registry.add(.get, "/v1/audit/checkpoint", roles: [.auditor]) { _ in
            guard let checkpoint = try await vault.audit.latestCheckpoint() else {
                throw APIError(.notFound, "not_found", "no checkpoint has been signed yet")
            }
            return .json(Self.json(checkpoint))
        }

        registry.add(.get, "/v1/audit/entries/{seq}/proof", roles: [.auditor]) { call in
            guard let seq = Int64(call.context.parameters.get("seq") ?? ""), seq >= 1 else {
                throw APIError(.notFound, "not_found", "no audit entry with that sequence number")
            }
            let proof = try await vault.audit.inclusionProof(seq: seq)
            return try .json(proof)
        }
    }

    static func json(_ c: Checkpoint) -> String {
        "{\"origin\":\(JSONText.quoted(c.origin)),\"tree_size\":\(c.treeSize),\"root_hash\":\"\(c.rootHash.hexString)\",\"note\":\(JSONText.quoted(c.note))}"
    }

    /// An optional boolean query parameter (`true` or `false`).
    static func boolean(_ text: String?, field: String) throws -> Bool? {
        switch text {
        case nil: return nil
        case "true": return true
        case "false": return false
        default: throw APIError.badRequest("'\(field)' must be true or false", code: "invalid_field")
        }
    }

    /// An optional integer query parameter within `range`.
    static func integer(_ text: String?, field: String, range: ClosedRange<Int>) throws -> Int? {
        guard let text else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw APIError.badRequest("'\(field)' must be an integer from \(range.lowerBound) to \(range.upperBound)", code: "invalid_field")
        }
        return value
    }
}
