import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import VaultBase
import VaultCore
import VaultStore

/// The DPO's console pages: erasure requests (with their 72-hour deadlines, states and signed
/// receipts), legal holds on recordings or numbers, and a number's consent history and
/// suppression, with opt-outs. Numbers come in by POST only and are shown masked.
extension ConsoleRoutes {
    func registerPrivacy(_ registry: EndpointRegistry) {
        page(registry, .get, "/ui/erasure") { console, visit, _ in try await console.erasures(visit) }
        page(registry, .post, "/ui/erasure") { console, visit, _ in try await console.requestErasure(visit) }
        page(registry, .get, "/ui/erasure/{id}/receipt") { console, visit, context in try await console.receipt(visit, id: context.parameters.get("id")) }
        page(registry, .get, "/ui/holds") { console, visit, _ in try await console.holds(visit) }
        page(registry, .post, "/ui/holds") { console, visit, _ in try await console.placeHold(visit) }
        page(registry, .post, "/ui/holds/release") { console, visit, _ in try await console.releaseHold(visit) }
        page(registry, .get, "/ui/consent") { console, visit, _ in try await console.consent(visit, number: nil) }
        page(registry, .post, "/ui/consent") { console, visit, _ in
            try await console.consent(visit, number: try Field.phone(visit.form["number"] ?? "", field: "number", vault: console.vault))
        }
        page(registry, .post, "/ui/consent/opt-out") { console, visit, _ in try await console.optOut(visit) }
    }

    /// A reason typed into a form: 4 to 500 characters.
    static func reason(_ visit: Visit) throws -> String {
        let reason = (visit.form["reason"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard (4...500).contains(reason.count) else { throw APIError.badRequest("a reason is 4 to 500 characters") }
        return reason
    }

    // MARK: - Erasure

    func erasures(_ visit: Visit, notice: String? = nil) async throws -> Response {
        _ = try await signedIn(visit, roles: [.dpo])
        let now = vault.configuration.clock.now()
        let requests = try await vault.erasure.requests()
        let rows: [[String: Any]] = requests.map { r in
            let hours = r.deadline.timeIntervalSince(now) / 3600
            return ["id": r.id, "number": r.masked ?? "", "state": r.state.rawValue, "reason": r.reason,
                    "requested": pages.time(Timestamp.format(r.requestedAt)), "deadline": pages.time(Timestamp.format(r.deadline)),
                    "left": r.state == .open ? (hours < 0 ? String(format: "−%.0f h", -hours) : String(format: "%.0f h", hours)) : "",
                    "late": r.state == .open && hours < 24, "receipt": r.receipt != nil, "failure": r.failure ?? ""]
        }
        return pages.render("erasure", visit, title: "erasure", extra: ["rows": rows, "notice": notice ?? ""])
    }

    func requestErasure(_ visit: Visit) async throws -> Response {
        let account = try await signedIn(visit, roles: [.dpo])
        let phone = try Field.phone(visit.form["number"] ?? "", field: "number", vault: vault)
        let request = try await vault.erasure.request(phone: phone, reason: try Self.reason(visit), actor: account.actor)
        let notice = ConsoleText.fill(ConsoleText.table(visit.language)["erasureRequested"] ?? "",
                                      ["number": request.masked ?? phone.masked, "deadline": pages.time(Timestamp.format(request.deadline))])
        return try await erasures(visit, notice: notice)
    }

    /// A completed erasure's signed receipt, as the JSON document `erasure verify-receipt` checks.
    func receipt(_ visit: Visit, id: String?) async throws -> Response {
        _ = try await signedIn(visit, roles: [.dpo])
        guard let request = try await vault.erasure.requests().first(where: { $0.id == id }) else {
            throw APIError(.notFound, "not_found", "no erasure request with that id")
        }
        guard let receipt = request.receipt else {
            throw APIError(.conflict, "not_completed", "this erasure request is \(request.state.rawValue); its receipt exists once it completes")
        }
        var headers = ConsolePages.securityHeaders
        headers[.contentType] = "application/json"
        headers[.contentDisposition] = "attachment; filename=\"erasure-receipt-\(request.id).json\""
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: receipt)))
    }

    // MARK: - Holds

    func holds(_ visit: Visit, notice: String? = nil) async throws -> Response {
        _ = try await signedIn(visit, roles: [.dpo])
        let holds = try await vault.retention.holds()
        let rows: [[String: Any]] = holds.map { h in
            ["id": h.id, "recording": h.recordingId?.description ?? "", "subject": h.subject.map { String($0.prefix(12)) + "…" } ?? "", "reason": h.reason,
             "placed": pages.time(Timestamp.format(h.placedAt))]
        }
        return pages.render("holds", visit, title: "holds", extra: ["rows": rows, "notice": notice ?? ""])
    }

    /// The hold's target: a recording id, or a number (typed, never shown back unmasked).
    private func holdTarget(_ visit: Visit) throws -> (RecordingID?, PhoneNumber?) {
        let id = (visit.form["recording"] ?? "").trimmingCharacters(in: .whitespaces)
        let number = (visit.form["number"] ?? "").trimmingCharacters(in: .whitespaces)
        switch (id.isEmpty, number.isEmpty) {
        case (false, true): return (try Field.recordingID(id), nil)
        case (true, false): return (nil, try Field.phone(number, field: "number", vault: vault))
        default: throw APIError.badRequest("give a recording id or a number, not both")
        }
    }

    func placeHold(_ visit: Visit) async throws -> Response {
        let account = try await signedIn(visit, roles: [.dpo])
        let (recording, phone) = try holdTarget(visit)
        if let recording { _ = try await vault.recordings.get(recording) }  // a hold on no recording is a typo
        _ = try await vault.retention.placeHold(recording: recording, phone: phone, reason: try Self.reason(visit), actor: account.actor)
        return try await holds(visit, notice: ConsoleText.table(visit.language)["holdPlaced"])
    }

    func releaseHold(_ visit: Visit) async throws -> Response {
        let account = try await signedIn(visit, roles: [.dpo])
        let (recording, phone) = try holdTarget(visit)
        let count = try await vault.retention.releaseHold(recording: recording, phone: phone, reason: try Self.reason(visit), actor: account.actor)
        return try await holds(visit, notice: ConsoleText.fill(ConsoleText.table(visit.language)["holdsReleased"] ?? "", ["count": "\(count)"]))
    }

    // MARK: - Consent

    func consent(_ visit: Visit, number: PhoneNumber?, notice: String? = nil) async throws -> Response {
        _ = try await signedIn(visit, roles: [.dpo])
        var extra: [String: Any] = ["notice": notice ?? ""]
        if let number {
            let events = try await vault.consent.history(phone: number)
            extra["looked"] = ["number": number.masked]
            extra["events"] = events.reversed().map { e -> [String: Any] in
                ["at": pages.time(Timestamp.format(e.at)), "kind": e.kind, "purpose": e.purpose ?? "", "detail": e.detail ?? ""]
            }
            let optedOut = events.contains { $0.kind == "opt-out" }
            extra["suppressed"] = optedOut || events.contains { $0.kind == "blacklist" }
        }
        return pages.render("consent", visit, title: "consent", extra: extra)
    }

    func optOut(_ visit: Visit) async throws -> Response {
        let account = try await signedIn(visit, roles: [.dpo])
        let phone = try Field.phone(visit.form["number"] ?? "", field: "number", vault: vault)
        _ = try await vault.consent.optOut(phone: phone, reason: try Self.reason(visit), actor: account.actor)
        return try await consent(visit, number: phone, notice: ConsoleText.table(visit.language)["optedOut"])
    }
}
