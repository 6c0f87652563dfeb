import Foundation
import Testing
import VaultCore
import VaultServer
import VaultTestSupport

/// Every endpoint against every caller: no token and bad tokens get 401, every role not listed
/// for the endpoint gets 403, listed roles get past authorisation; public endpoints need no token.
@Suite("Authorisation matrix")
struct AuthorizationTests {
    /// Who may call what, as issue #8 states it (written here independently of the server's table).
    static let expected: [String: Set<APIRole>?] = [
        "GET /healthz": nil, "GET /readyz": nil, "GET /openapi.yaml": nil,
        "GET /metrics": [.admin],
        "GET /v1/tokens": [.admin], "GET /v1/keys": [.admin], "GET /v1/policy": [.admin],
        "POST /v1/consent/check": [.dialer],
        "POST /v1/consent/check-batch": [.dialer],
        "POST /v1/opt-outs": [.dialer, .dpo],
        "POST /v1/consents": [.dialer],
        "POST /v1/consent/history": [.dpo],
        "POST /v1/recordings": [.recorder],
        "GET /v1/recordings/live": [.recorder, .auditor],
        "POST /v1/recordings/live/{id}/pause": [.recorder],
        "POST /v1/recordings/live/{id}/transcript": [.recorder],
        "POST /v1/recordings/live/{id}/resume": [.recorder],
        "GET /v1/recordings": [.auditor], "GET /v1/recordings/{id}": [.auditor],
        "GET /v1/recordings/{id}/audio": [.auditor], "GET /v1/recordings/{id}/transcript": [.auditor],
        "GET /v1/recordings/{id}/rs-metadata": [.auditor],
        "GET /v1/audit/entries": [.auditor], "POST /v1/audit/verify": [.auditor],
        "POST /v1/evidence-bundles": [.auditor],
        "GET /v1/audit/checkpoint": [.auditor], "GET /v1/audit/entries/{seq}/proof": [.auditor],
        "POST /v1/erasure-requests": [.dpo], "GET /v1/erasure-requests": [.dpo],
        "GET /v1/erasure-requests/{id}/receipt": [.dpo],
        "POST /v1/holds": [.dpo], "GET /v1/holds": [.dpo], "POST /v1/holds/release": [.dpo],
        "GET /v1/monitor/hits": [.auditor, .dpo], "GET /v1/monitor/report": [.auditor, .dpo],
        "POST /v1/monitor/hits/{id}/review": [.auditor, .dpo], "GET /v1/monitor/unrecorded": [.auditor, .dpo],
        "GET /v1/monitor/quality": [.auditor, .dpo],
    ]

    @Test("the server's endpoints are exactly the expected ones, with the expected roles")
    func table() async throws {
        let t = try await TestServer()
        let actual = Dictionary(uniqueKeysWithValues: t.server.endpoints.map { ("\($0.method) \($0.path)", $0.roles) })
        #expect(Set(actual.keys) == Set(Self.expected.keys))
        for (endpoint, roles) in Self.expected { #expect(actual[endpoint] == roles, "\(endpoint)") }
        await t.stop()
    }

    @Test("401 without a valid token, 403 for every role not listed, through for the listed ones")
    func matrix() async throws {
        let t = try await TestServer()
        let tokens = try t.tokens()
        let revoked = try t.token(.admin, name: "revoked-admin")
        try t.vault.revokeAPIToken(name: "revoked-admin", actor: TestServer.admin)
        for endpoint in t.server.endpoints {
            let method = endpoint.method.rawValue
            let path = endpoint.path.replacingOccurrences(of: "{id}", with: UUID().uuidString.lowercased())
                .replacingOccurrences(of: "{seq}", with: "1")
            guard let roles = endpoint.roles else {
                let reply = try await t.client.send(method, path)
                #expect(reply.status == 200, "\(endpoint) without a token: \(reply.status)")
                continue
            }
            for bad in [nil, "cvt_" + String(repeating: "0", count: 64), "not-a-token", revoked] as [String?] {
                let reply = try await t.client.send(method, path, token: bad)
                #expect(reply.status == 401, "\(endpoint) with \(bad == nil ? "no token" : "a bad token"): \(reply.status)")
                #expect((reply.json["error"] as? [String: Any])?["code"] as? String == "unauthorized")
                #expect(reply.headers["www-authenticate"]?.hasPrefix("Bearer") == true)
            }
            for (role, token) in tokens {
                let reply = try await t.client.send(method, path, token: token, json: method == "GET" ? nil : [String: Any]())
                if roles.contains(role) {
                    #expect(![401, 403].contains(reply.status) && reply.status < 500, "\(endpoint) as \(role): \(reply.status) \(reply.text)")
                } else {
                    #expect(reply.status == 403, "\(endpoint) as \(role): \(reply.status)")
                    #expect((reply.json["error"] as? [String: Any])?["code"] as? String == "forbidden")
                }
            }
        }
        await t.stop()
    }

    @Test("a revoked token stops working at once (recheck interval 0), and its actor is the token's name")
    func revocationAndActor() async throws {
        let t = try await TestServer()
        let token = try t.token(.dialer, name: "dialer-7")
        let check: [String: Any] = ["number": "+8613800138000", "purpose": "marketing", "claim": true]
        #expect(try await t.client.send("POST", "/v1/consent/check", token: token, json: check).status == 200)
        let claims = try await t.vault.audit.entries(action: "consent.claim")
        #expect(claims.last?.actor == "dialer-7")
        #expect(claims.last?.authentication == "token:dialer")
        try t.vault.revokeAPIToken(name: "dialer-7", actor: TestServer.admin)
        #expect(try await t.client.send("POST", "/v1/consent/check", token: token, json: check).status == 401)
        #expect(try await t.vault.audit.entries(action: "token.revoke").last?.target == "dialer-7")
        await t.stop()
    }
}
