import Foundation
import Testing
import VaultBase
import VaultCore
import VaultTestSupport

/// The API over a vault whose catalog is PostgreSQL: the consent check's fast paths read nothing
/// on an event loop there (waiting on the network from one is a crash), so the route answers, the
/// same as on SQLite.
@Suite struct PostgresServerTests {
    @Test("with the fast path on, checks and claims on a PostgreSQL vault get the route's answers")
    func consentChecksOnPostgres() async throws {
        let database = try await OffPool.run { try TestPostgres.database("server") }
        let t = try await TestServer(postgres: database) { $0.consentCheckFastPath = true }
        try t.vault.importConsents([try PhoneNumber(parsing: "+8613800138000")], purposes: ["marketing"], source: "test", actor: TestServer.admin)
        let dialer = try t.token(.dialer)
        let check = try await t.client.send("POST", "/v1/consent/check", token: dialer, json: ["number": "+8613800138000", "purpose": "marketing"])
        #expect(check.status == 200 && String(decoding: check.body, as: UTF8.self).contains(#""decision":"allow""#))
        let claim = try await t.client.send("POST", "/v1/consent/check", token: dialer,
                                            json: ["number": "+8613800138000", "purpose": "marketing", "claim": true])
        #expect(claim.status == 200 && String(decoding: claim.body, as: UTF8.self).contains(#""claimed":true"#))
        let unknown = try await t.client.send("POST", "/v1/consent/check", token: dialer, json: ["number": "+8613900000000", "purpose": "marketing"])
        #expect(String(decoding: unknown.body, as: UTF8.self).contains("no_consent"))
        #expect(try await t.client.send("POST", "/v1/consent/check", token: "wrong", json: ["number": "+8613800138000", "purpose": "marketing"]).status == 401)
        await t.stop()
    }
}
