import Foundation
import Hummingbird
import VaultBase
import VaultCore
import VaultPolicy
import VaultWire

/// The dialers' endpoints: consent checks (one number, with an optional claim; a batch, streamed),
/// opt-outs and consent records; and the DPO's consent history. A deny is an answer (200 with
/// `decision: deny`), never an HTTP error.
struct ConsentRoutes {
    let vault: Vault
    let configuration: ServerConfiguration

    struct CheckRequest: Decodable {
        var number: String
        var purpose: String
        var claim: Bool?
        var at: String?
    }

    struct BatchRequest: Decodable {
        var purpose: String
        var at: String?
        var numbers: [String]
    }

    struct OptOutRequest: Decodable {
        var number: String
        /// Where the opt-out came from: ivr, sms, agent, web, email, dpo.
        var channel: String
        var note: String?
    }

    struct ConsentRequest: Decodable {
        var number: String
        var purpose: String
        var source: String
        var evidence: String
    }

    struct HistoryRequest: Decodable {
        var number: String
    }

    /// The largest body of a single check (`POST /v1/consent/check`).
    static let checkBodyLimit = 64 * 1024

    static let optOutChannels: Set<String> = ["ivr", "sms", "agent", "web", "email", "dpo"]

    func register(_ registry: EndpointRegistry) {
        let vault = self.vault, limit = configuration.maxJSONBodySize, maxBatch = configuration.maxBatchNumbers

        registry.add(.post, "/v1/consent/check", roles: [.dialer]) { call in
            let body = try await Self.checkRequest(call.request)
            let phone = try Field.phone(body.number, vault: vault)
            let purpose = try Field.text(body.purpose, field: "purpose", maximum: 100)
            let claim = body.claim ?? false
            let at = try body.at.map { try Field.time($0, field: "at") }
            if claim, at != nil { throw APIError.badRequest("a claim is made now: 'at' cannot be combined with 'claim'", code: "invalid_field") }
            let actor = call.actor
            let decision: ConsentDecision
            if claim {
                // A claim writes (attempt + audit entry, fsynced): the service runs it off the cooperative pool.
                decision = try await vault.consent.claim(phone: phone, purpose: purpose, actor: actor)
            } else {
                // A plain check is one prepared point read on a read-only consent reader, in
                // autocommit under WAL (it never waits for a writer and never syncs): shorter than
                // the two thread hops BlockingWork would add, so it runs inline on the hot path.
                decision = try vault.consent.check(phone: phone, purpose: purpose, at: at)
            }
            return .json(Self.decisionJSON(decision, claimed: claim && decision.allowed))
        }

        registry.add(.post, "/v1/consent/check-batch", roles: [.dialer]) { call in
            let body = try await call.request.decodeJSON(BatchRequest.self, limit: limit)
            let purpose = try Field.text(body.purpose, field: "purpose", maximum: 100)
            let at = try body.at.map { try Field.time($0, field: "at") }
            guard !body.numbers.isEmpty else { throw APIError.badRequest("'numbers' is empty", code: "invalid_field") }
            guard body.numbers.count <= maxBatch else {
                throw APIError(.contentTooLarge, "too_many_numbers", "at most \(maxBatch) numbers a batch; split it")
            }
            // Invalid numbers get an error line of their own; the valid ones are screened together,
            // from one snapshot of the catalog.
            var phones = [PhoneNumber](), positions = [Int](), invalid = [Int: String]()
            phones.reserveCapacity(body.numbers.count)
            for (index, text) in body.numbers.enumerated() {
                do {
                    phones.append(try PhoneNumber(parsing: text, defaultCountryCode: vault.configuration.defaultCountryCode))
                    positions.append(index)
                } catch {
                    invalid[index] = "\(error)"
                }
            }
            let toScreen = phones, invalidNumbers = invalid, screenedIndexes = positions
            let decisions = try await vault.consent.screen(toScreen, purpose: purpose, at: at)
            let total = body.numbers.count
            // The answer is streamed in chunks of lines, never built whole.
            let responseBody = ResponseBody { writer in
                var chunk = "{\"purpose\":\(JSONText.quoted(purpose)),\"count\":\(total),\"results\":["
                var next = 0
                for index in 0..<total {
                    if index > 0 { chunk += "," }
                    if let reason = invalidNumbers[index] {
                        chunk += "{\"index\":\(index),\"error\":{\"code\":\"invalid_number\",\"message\":\(JSONText.quoted("not a phone number: \(reason)"))}}"
                    } else {
                        precondition(screenedIndexes[next] == index)
                        chunk += "{\"index\":\(index),\(Self.decisionFields(decisions[next]))}"
                        next += 1
                    }
                    if chunk.utf8.count >= 32 * 1024 {
                        try await writer.write(ByteBuffer(string: chunk))
                        chunk.removeAll(keepingCapacity: true)
                    }
                }
                chunk += "]}"
                try await writer.write(ByteBuffer(string: chunk))
                try await writer.finish(nil)
            }
            return Response(status: .ok, headers: [.contentType: "application/json"], body: responseBody)
        }

        registry.add(.post, "/v1/opt-outs", roles: [.dialer, .dpo]) { call in
            let body = try await call.request.decodeJSON(OptOutRequest.self, limit: 64 * 1024)
            let phone = try Field.phone(body.number, vault: vault)
            guard Self.optOutChannels.contains(body.channel) else {
                throw APIError.badRequest("'channel' must be one of \(Self.optOutChannels.sorted().joined(separator: ", "))", code: "invalid_field")
            }
            let note = try body.note.map { try Field.text($0, field: "note") }
            let reason = "opt-out via \(body.channel)" + (note.map { ": \($0)" } ?? "")
            let actor = call.actor
            let request = try await vault.consent.optOut(phone: phone, reason: reason, actor: actor)
            return .json("{\"number\":\(JSONText.quoted(phone.masked)),\"opted_out\":true,\"erasure_request\":\(JSONText.quoted(request))}", status: .created)
        }

        registry.add(.post, "/v1/consents", roles: [.dialer]) { call in
            let body = try await call.request.decodeJSON(ConsentRequest.self, limit: 64 * 1024)
            let phone = try Field.phone(body.number, vault: vault)
            let purpose = try Field.text(body.purpose, field: "purpose", maximum: 100)
            let source = try Field.text(body.source, field: "source", maximum: 200)
            let evidence = try Field.text(body.evidence, field: "evidence")
            let actor = call.actor
            try await vault.consent.grant(phone: phone, purpose: purpose, source: source, evidence: evidence, actor: actor)
            return .json("{\"number\":\(JSONText.quoted(phone.masked)),\"purpose\":\(JSONText.quoted(purpose)),\"granted\":true}", status: .created)
        }

        registry.add(.post, "/v1/consent/history", roles: [.dpo]) { call in
            let body = try await call.request.decodeJSON(HistoryRequest.self, limit: 64 * 1024)
            let phone = try Field.phone(body.number, vault: vault)
            let events = try await vault.consent.history(phone: phone)
            let lines = events.map { e in
                "{\"at\":\(JSONText.quoted(Timestamp.format(e.at))),\"kind\":\(JSONText.quoted(e.kind)),\"purpose\":\(JSONText.quotedOrNull(e.purpose)),\"detail\":\(JSONText.quotedOrNull(e.detail))}"
            }
            return .json("{\"number\":\(JSONText.quoted(phone.masked)),\"events\":[\(lines.joined(separator: ","))]}")
        }
    }

    /// The body of a single check: the flat-object fast path, or `JSONDecoder` for anything
    /// else (and for its error messages).
    static func checkRequest(_ request: Request) async throws -> CheckRequest {
        if let contentType = request.headers[.contentType], !contentType.lowercased().hasPrefix("application/json") {
            throw APIError(.unsupportedMediaType, "unsupported_media_type", "send the body as application/json")
        }
        let buffer = try await request.body.collect(upTo: checkBodyLimit)
        if let body = flatCheckRequest(buffer.readableBytesView) { return body }
        guard buffer.readableBytes > 0 else { throw APIError.badRequest("the body is empty; send a JSON object", code: "malformed_json") }
        return try JSONDecoder().decode(CheckRequest.self, from: Data(buffer.readableBytesView))
    }

    /// The body of a single check read by `FlatJSONObject`, nil when it is not a flat object with
    /// string `number` and `purpose`, boolean-or-null `claim` and string-or-null `at`.
    static func flatCheckRequest(_ bytes: some Collection<UInt8>) -> CheckRequest? {
        guard let members = FlatJSONObject.parse(bytes),
              case .string(let number)? = members["number"], case .string(let purpose)? = members["purpose"] else { return nil }
        var claim: Bool?, at: String?
        switch members["claim"] {
        case .bool(let value)?: claim = value
        case .null?, nil: break
        default: return nil
        }
        switch members["at"] {
        case .string(let value)?: at = value
        case .null?, nil: break
        default: return nil
        }
        return CheckRequest(number: number, purpose: purpose, claim: claim, at: at)
    }

    /// `"decision":…,"reasons":[…],"next_allowed_at":…` of one decision.
    static func decisionFields(_ decision: ConsentDecision) -> String {
        let reasons = decision.reasons.map { "\"\($0.rawValue)\"" }.joined(separator: ",")
        return "\"decision\":\"\(decision.allowed ? "allow" : "deny")\",\"reasons\":[\(reasons)],\"next_allowed_at\":\(JSONText.quotedOrNull(decision.nextAllowedAt.map(Timestamp.format)))"
    }

    /// The JSON answer to one check.
    static func decisionJSON(_ decision: ConsentDecision, claimed: Bool) -> String {
        "{\(decisionFields(decision)),\"claimed\":\(claimed)}"
    }
}
