import Foundation
import Hummingbird
import VaultBase
import VaultCore
import VaultStore

/// The data-protection officer's endpoints: erasure requests (create, list, receipts) and legal
/// holds (place, list, release). The erasure itself runs in the background jobs (or
/// `callvault erasure run`).
struct DPORoutes {
    let vault: Vault
    let configuration: ServerConfiguration

    struct ErasureRequest: Decodable {
        var number: String
        var reason: String
    }

    struct HoldRequest: Decodable {
        var recordingID: String?
        var number: String?
        var reason: String
        enum CodingKeys: String, CodingKey { case recordingID = "recording_id", number, reason }
    }

    func register(_ registry: EndpointRegistry) {
        let vault = self.vault

        registry.add(.post, "/v1/erasure-requests", roles: [.dpo]) { call in
            let body = try await call.request.decodeJSON(ErasureRequest.self, limit: 64 * 1024)
            let phone = try Field.phone(body.number, vault: vault)
            let reason = try Field.text(body.reason, field: "reason")
            let actor = call.actor
            let request = try await vault.erasure.request(phone: phone, reason: reason, actor: actor)
            return .json(Self.json(request), status: .created)
        }

        registry.add(.get, "/v1/erasure-requests", roles: [.dpo]) { call in
            let state = try call.request.query("state").map { text in
                guard let state = ErasureRequestRecord.State(rawValue: text) else {
                    throw APIError.badRequest("'state' must be open, completed or failed", code: "invalid_field")
                }
                return state
            }
            let requests = try await vault.erasure.requests()
            let items = requests.filter { state == nil || $0.state == state }.map(Self.json)
            return .json("{\"erasure_requests\":[\(items.joined(separator: ","))]}")
        }

        registry.add(.get, "/v1/erasure-requests/{id}/receipt", roles: [.dpo]) { call in
            let id = call.context.parameters.get("id") ?? ""
            let requests = try await vault.erasure.requests()
            guard let request = requests.first(where: { $0.id == id }) else {
                throw APIError(.notFound, "not_found", "no erasure request with that id")
            }
            guard let receipt = request.receipt else {
                throw APIError(.conflict, "not_completed", "erasure request \(id) is \(request.state.rawValue); its receipt exists once it completes")
            }
            return .json(receipt)
        }

        registry.add(.post, "/v1/holds", roles: [.dpo]) { call in
            let body = try await call.request.decodeJSON(HoldRequest.self, limit: 64 * 1024)
            let (recording, phone) = try Self.target(body, vault: vault)
            let reason = try Field.text(body.reason, field: "reason")
            let actor = call.actor
            let hold = try await vault.retention.placeHold(recording: recording, phone: phone, reason: reason, actor: actor)
            return .json(Self.json(hold), status: .created)
        }

        registry.add(.get, "/v1/holds", roles: [.dpo]) { _ in
            let holds = try await vault.retention.holds()
            return .json("{\"holds\":[\(holds.map(Self.json).joined(separator: ","))]}")
        }

        registry.add(.post, "/v1/holds/release", roles: [.dpo]) { call in
            let body = try await call.request.decodeJSON(HoldRequest.self, limit: 64 * 1024)
            let (recording, phone) = try Self.target(body, vault: vault)
            let reason = try Field.text(body.reason, field: "reason")
            let actor = call.actor
            let count = try await vault.retention.releaseHold(recording: recording, phone: phone, reason: reason, actor: actor)
            return .json("{\"released\":\(count)}")
        }
    }

    /// A hold names exactly one recording or one number.
    static func target(_ body: HoldRequest, vault: Vault) throws -> (RecordingID?, PhoneNumber?) {
        switch (body.recordingID, body.number) {
        case (let id?, nil):
            guard let recording = RecordingID(id) else { throw APIError.badRequest("'recording_id' is not a recording id (a UUID)", code: "invalid_field") }
            return (recording, nil)
        case (nil, let number?):
            return (nil, try Field.phone(number, vault: vault))
        default:
            throw APIError.badRequest("give exactly one of 'recording_id' and 'number'", code: "invalid_field")
        }
    }

    static func json(_ r: ErasureRequestRecord) -> String {
        "{\"id\":\(JSONText.quoted(r.id)),\"number\":\(JSONText.quotedOrNull(r.masked)),\"state\":\"\(r.state.rawValue)\",\"reason\":\(JSONText.quoted(r.reason)),"
            + "\"requested_at\":\(JSONText.quoted(Timestamp.format(r.requestedAt))),\"deadline\":\(JSONText.quoted(Timestamp.format(r.deadline))),"
            + "\"completed_at\":\(JSONText.quotedOrNull(r.completedAt.map(Timestamp.format))),\"failure\":\(JSONText.quotedOrNull(r.failure)),"
            + "\"has_receipt\":\(r.receipt != nil)}"
    }

    static func json(_ h: HoldRecord) -> String {
        "{\"id\":\(JSONText.quoted(h.id)),\"recording_id\":\(JSONText.quotedOrNull(h.recordingId?.description)),\"subject\":\(JSONText.quotedOrNull(h.subject)),"
            + "\"reason\":\(JSONText.quoted(h.reason)),\"placed_at\":\(JSONText.quoted(Timestamp.format(h.placedAt))),"
            + "\"released_at\":\(JSONText.quotedOrNull(h.releasedAt.map(Timestamp.format)))}"
    }
}
