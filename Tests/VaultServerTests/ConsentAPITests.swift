import Foundation
import Testing
import VaultBase
import VaultCore
import VaultServer
import VaultTestSupport

@Suite("Consent endpoints")
struct ConsentAPITests {
    @Test("grant, check, opt-out: a deny is 200 with decision deny; audited under the token's name")
    func flow() async throws {
        let t = try await TestServer { $0.tokenRecheckInterval = .seconds(60) }  // cached: the fast path answers plain checks
        let dialer = try t.token(.dialer, name: "ivr-1")
        let number = "+8613800138001"
        var reply = try await t.client.send("POST", "/v1/consent/check", token: dialer, json: ["number": number, "purpose": "marketing"])
        #expect(reply.status == 200)
        #expect(reply.json["decision"] as? String == "deny")
        #expect((reply.json["reasons"] as? [String])?.contains("no_consent") == true)

        reply = try await t.client.send("POST", "/v1/consents", token: dialer,
                                        json: ["number": number, "purpose": "marketing", "source": "signup-agreement", "evidence": "doc-42"])
        #expect(reply.status == 201)
        #expect(reply.json["number"] as? String != number)  // masked, never echoed in clear
        reply = try await t.client.send("POST", "/v1/consent/check", token: dialer, json: ["number": number, "purpose": "marketing"])
        #expect(reply.json["decision"] as? String == "allow")
        #expect(reply.json["claimed"] as? Bool == false)

        reply = try await t.client.send("POST", "/v1/opt-outs", token: dialer, json: ["number": number, "channel": "sms"])
        #expect(reply.status == 201)
        #expect((reply.json["erasure_request"] as? String)?.isEmpty == false)
        reply = try await t.client.send("POST", "/v1/consent/check", token: dialer, json: ["number": number, "purpose": "marketing", "claim": true])
        #expect(reply.status == 200)
        #expect(reply.json["decision"] as? String == "deny")
        #expect((reply.json["reasons"] as? [String])?.contains("opted_out") == true)

        let actors = try await t.vault.audit.entries().filter { $0.action.hasPrefix("consent.") }.map(\.actor)
        #expect(actors == ["ivr-1", "ivr-1", "ivr-1"])  // grant, opt-out, claim; plain checks are not audited
        let dpo = try t.token(.dpo)
        reply = try await t.client.send("POST", "/v1/consent/history", token: dpo, json: ["number": number])
        #expect(reply.status == 200)
        #expect((reply.json["events"] as? [[String: Any]])?.isEmpty == false)
        await t.stop()
    }

    @Test("8 dialers claiming the same numbers at once never exceed the frequency limit (1 a 72 h)")
    func claimRace() async throws {
        let t = try await TestServer()
        let numbers = (0..<25).map { "+86138001390\(String(format: "%02d", $0))" }
        try t.vault.importConsents(try numbers.map { try PhoneNumber(parsing: $0) }, purposes: ["marketing"], source: "test", actor: TestServer.admin)
        let tokens = try (0..<8).map { try t.token(.dialer, name: "dialer-\($0)") }
        let client = t.client
        let allowed = try await withThrowingTaskGroup(of: [String].self) { group in
            for (i, token) in tokens.enumerated() {
                group.addTask {
                    var won = [String]()
                    // Each client walks the numbers from its own offset, so claims overlap in time.
                    for k in 0..<numbers.count {
                        let number = numbers[(k + i * 3) % numbers.count]
                        let reply = try await client.send("POST", "/v1/consent/check", token: token,
                                                          json: ["number": number, "purpose": "marketing", "claim": true])
                        guard reply.status == 200 else { throw TestServerError(message: "claim: \(reply.status) \(reply.text)") }
                        if reply.json["decision"] as? String == "allow" { won.append(number) }
                    }
                    return won
                }
            }
            return try await group.reduce(into: [String]()) { $0 += $1 }
        }
        #expect(allowed.count == numbers.count)
        #expect(Set(allowed) == Set(numbers))
        // The catalog agrees: one attempt per number, and every claim audited with its outcome.
        for number in numbers {
            let attempts = try t.vault.consentHistory(phone: try PhoneNumber(parsing: number)).filter { $0.kind == "attempt" }
            #expect(attempts.count == 1, "\(number)")
        }
        let claims = try await t.vault.audit.entries(action: "consent.claim")
        #expect(claims.count == 8 * numbers.count)
        #expect(claims.filter { $0.outcome == "ok" }.count == numbers.count)
        await t.stop()
    }

    @Test("a batch check streams one result per number, in order, equal to the vault's own screen; bad numbers get an error entry")
    func batch() async throws {
        let t = try await TestServer()
        let dialer = try t.token(.dialer)
        let good = (0..<2000).map { "+86139\(String(format: "%08d", $0))" }
        try t.vault.importConsents(try good.prefix(1000).map { try PhoneNumber(parsing: $0) }, purposes: ["service"], source: "test", actor: TestServer.admin)
        var numbers = good
        numbers.insert("not a number", at: 17)
        let reply = try await t.client.send("POST", "/v1/consent/check-batch", token: dialer, json: ["purpose": "service", "numbers": numbers])
        #expect(reply.status == 200)
        let results = try #require(reply.json["results"] as? [[String: Any]])
        #expect(results.count == numbers.count)
        #expect(reply.json["count"] as? Int == numbers.count)
        let expected = try t.vault.screen(try good.map { try PhoneNumber(parsing: $0) }, purpose: "service")
        var g = 0
        for (i, result) in results.enumerated() {
            #expect(result["index"] as? Int == i)
            if i == 17 {
                #expect((result["error"] as? [String: Any])?["code"] as? String == "invalid_number")
                continue
            }
            #expect(result["decision"] as? String == (expected[g].allowed ? "allow" : "deny"), "\(i)")
            g += 1
        }
        #expect(results.filter { $0["decision"] as? String == "allow" }.count == 1000)
        await t.stop()
    }

    @Test("malformed input is a 4xx with {error: {code, message}}, never a 5xx")
    func malformed() async throws {
        let t = try await TestServer { $0.maxJSONBodySize = 4096; $0.maxBatchNumbers = 10; $0.tokenRecheckInterval = .seconds(60) }
        let dialer = try t.token(.dialer)
        let cases: [(String, String, Data?, [String: String], Int, String)] = [
            ("POST", "/v1/consent/check", Data("{".utf8), ["Content-Type": "application/json"], 400, "malformed_json"),
            ("POST", "/v1/consent/check", Data("[]".utf8), ["Content-Type": "application/json"], 400, "malformed_json"),
            ("POST", "/v1/consent/check", Data(#"{"number": 5, "purpose": "marketing"}"#.utf8), ["Content-Type": "application/json"], 400, "malformed_json"),
            ("POST", "/v1/consent/check", Data(#"{"purpose": "marketing"}"#.utf8), [:], 400, "malformed_json"),
            ("POST", "/v1/consent/check", Data(#"{"number": "12ab", "purpose": "marketing"}"#.utf8), [:], 400, "invalid_number"),
            ("POST", "/v1/consent/check", Data(#"{"number": "+8613800138000", "purpose": "astrology"}"#.utf8), [:], 422, "refused"),
            ("POST", "/v1/consent/check", Data(#"{"number": "+8613800138000", "purpose": "marketing", "at": "yesterday"}"#.utf8), [:], 400, "invalid_time"),
            ("POST", "/v1/consent/check", Data(#"{"number": "+8613800138000", "purpose": "marketing", "at": "2026-03-02T10:00:00Z", "claim": true}"#.utf8), [:], 400, "invalid_field"),
            ("POST", "/v1/consent/check", Data("number=1".utf8), ["Content-Type": "application/x-www-form-urlencoded"], 415, "unsupported_media_type"),
            ("POST", "/v1/consent/check", Data(), [:], 400, "malformed_json"),
            ("POST", "/v1/consent/check-batch", Data(String(repeating: "x", count: 10_000).utf8), [:], 413, "payload_too_large"),
            ("POST", "/v1/consent/check-batch", try JSONSerialization.data(withJSONObject: ["purpose": "service", "numbers": Array(repeating: "+8613800138000", count: 11)]), [:], 413, "too_many_numbers"),
            ("POST", "/v1/consent/check-batch", Data(#"{"purpose": "service", "numbers": []}"#.utf8), [:], 400, "invalid_field"),
            ("POST", "/v1/opt-outs", Data(#"{"number": "+8613800138000", "channel": "pigeon"}"#.utf8), [:], 400, "invalid_field"),
            ("POST", "/v1/consents", Data(#"{"number": "+8613800138000", "purpose": "marketing", "source": " ", "evidence": "x"}"#.utf8), [:], 400, "invalid_field"),
            ("GET", "/v1/nothing-here", nil, [:], 404, "not_found"),
            ("DELETE", "/v1/consent/check", nil, [:], 404, "not_found"),
        ]
        for (method, path, body, headers, status, code) in cases {
            // URLSession would label a body form-encoded; every case but the 415 one says JSON.
            let reply = try await t.client.send(method, path, token: dialer, body: body, headers: headers.isEmpty ? ["Content-Type": "application/json"] : headers)
            let error = reply.json["error"] as? [String: Any]
            #expect(reply.status == status, "\(method) \(path) \(String(decoding: body ?? Data(), as: UTF8.self).prefix(60)): \(reply.status) \(reply.text)")
            #expect(error?["code"] as? String == code, "\(path): \(reply.text)")
            #expect((error?["message"] as? String)?.isEmpty == false)
            #expect(reply.headers["content-type"] == "application/json")
        }
        await t.stop()
    }
}
