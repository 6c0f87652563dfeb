import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import VaultAudit
import VaultBase
import VaultCore
import VaultCrypto

/// The audit log in the console (auditors): filtered entries, one entry whole, verifying the
/// chain, and the latest signed checkpoint to download.
extension ConsoleRoutes {
    /// Entries per page.
    static let auditPageSize = 100

    func registerAudit(_ registry: EndpointRegistry) {
        page(registry, .get, "/ui/audit") { console, visit, _ in try await console.auditLog(visit) }
        page(registry, .get, "/ui/audit/entries/{seq}") { console, visit, context in try await console.auditEntry(visit, seq: context.parameters.get("seq")) }
        page(registry, .post, "/ui/audit/verify") { console, visit, _ in try await console.verifyAudit(visit) }
        page(registry, .get, "/ui/audit/checkpoint") { console, visit, _ in try await console.checkpoint(visit) }
    }

    func auditLog(_ visit: Visit) async throws -> Response {
        _ = try await signedIn(visit, roles: [.auditor])
        let q = visit.request.uri.queryParameters
        func text(_ name: String) -> String? { q.get(name).flatMap { $0.isEmpty ? nil : String($0.prefix(200)) } }
        let since = try text("since").map { try Self.localTime($0, field: "since") }
        let until = try text("until").map { try Self.localTime($0, field: "until") }
        let after = text("after").flatMap { Int64($0) }.map { max(0, $0) }
        if let action = text("action"), AuditAction(rawValue: action) == nil {
            throw APIError.badRequest("'\(action)' is not an audit action")
        }
        let entries = try await vault.audit.entries(since: since, until: until, actor: text("actor"), action: text("action"), target: text("target"),
                                                    afterSeq: after, limit: Self.auditPageSize + 1)
        let rows: [[String: Any]] = entries.prefix(Self.auditPageSize).map { e in
            ["seq": "\(e.seq)", "time": pages.time(e.time), "actor": e.actor, "auth": e.authentication, "action": e.action,
             "target": e.target ?? "", "outcome": e.outcome, "denied": e.outcome != "ok"]
        }
        var extra: [String: Any] = [
            "rows": rows, "actions": AuditAction.allCases.map { ["name": $0.rawValue, "selected": $0.rawValue == text("action")] },
            "q": ["since": text("since") ?? "", "until": text("until") ?? "", "actor": text("actor") ?? "", "target": text("target") ?? ""],
        ]
        if entries.count > Self.auditPageSize, let last = entries.prefix(Self.auditPageSize).last {
            var next = URLComponents()
            next.path = "/ui/audit"
            next.queryItems = ["since", "until", "actor", "action", "target"].compactMap { name in text(name).map { URLQueryItem(name: name, value: $0) } }
                + [URLQueryItem(name: "after", value: "\(last.seq)")]
            extra["next"] = next.string
        }
        return pages.render("audit", visit, title: "auditLog", extra: extra)
    }

    func auditEntry(_ visit: Visit, seq: String?) async throws -> Response {
        _ = try await signedIn(visit, roles: [.auditor])
        guard let seq = seq.flatMap({ Int64($0) }), seq >= 1,
              let entry = try await vault.audit.entries(afterSeq: seq - 1, limit: 1).first, entry.seq == seq else {
            throw APIError(.notFound, "not_found", "no audit entry with that sequence number")
        }
        let json = try JSONSerialization.jsonObject(with: Data(entry.canonicalBytes))
        let pretty = String(decoding: try JSONSerialization.data(withJSONObject: json, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]),
                            as: UTF8.self)
        return pages.render("audit-entry", visit, title: "auditEntry", extra: ["seq": "\(seq)", "json": pretty])
    }

    /// Verifies the whole chain and every checkpoint (audited as `audit.verify`); the answer is
    /// a page, a broken chain included (it is the answer, not a failure of the page).
    func verifyAudit(_ visit: Visit) async throws -> Response {
        let account = try await signedIn(visit, roles: [.auditor])
        let words = ConsoleText.table(visit.language)
        do {
            let result = try await vault.audit.verify(actor: account.actor)
            let message = ConsoleText.fill(words["verifiedDetail"] ?? "", ["entries": "\(result.entries)", "checkpoints": "\(result.checkpointsChecked)",
                                                                          "root": result.rootHash.hexString])
            return pages.message(visit, heading: "verified", literal: message, status: .ok, back: "/ui/audit")
        } catch let error as AuditError where error.code == .tampered || error.code == .truncated {
            return pages.message(visit, heading: "notVerified", literal: error.message, status: .ok, back: "/ui/audit")
        }
    }

    /// The latest signed checkpoint as its note text (`audit verify --checkpoint` takes it).
    func checkpoint(_ visit: Visit) async throws -> Response {
        _ = try await signedIn(visit, roles: [.auditor])
        guard let checkpoint = try await vault.audit.latestCheckpoint() else {
            throw APIError(.notFound, "not_found", "no checkpoint has been signed yet")
        }
        var headers = ConsolePages.securityHeaders
        headers[.contentType] = "text/plain; charset=utf-8"
        headers[.contentDisposition] = "attachment; filename=\"checkpoint-\(checkpoint.treeSize).txt\""
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: checkpoint.note)))
    }
}
