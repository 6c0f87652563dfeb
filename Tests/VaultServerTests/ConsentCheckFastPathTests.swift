import Foundation
import HTTPTypes
import NIOCore
import NIOEmbedded
import NIOHTTPTypes
import Testing
import VaultBase
import VaultCore
@testable import VaultServer
import VaultTestSupport

@Suite("Consent check fast path")
struct ConsentCheckFastPathTests {
    /// Tokens are trusted for a minute here, so the fast path can find them in the cache.
    static func server(fastPath: Bool) async throws -> TestServer {
        let t = try await TestServer { $0.tokenRecheckInterval = .seconds(60); $0.consentCheckFastPath = fastPath }
        try t.vault.importConsents([try PhoneNumber(parsing: "+8613800138000")], purposes: ["marketing"], source: "test", actor: TestServer.admin)
        return t
    }

    @Test("with the fast path on, every check gets the route's status, headers and body; /metrics counts the same")
    func sameAnswers() async throws {
        let fast = try await Self.server(fastPath: true), slow = try await Self.server(fastPath: false)
        let json = ["Content-Type": "application/json"]
        let cases: [(String, [String: String])] = [
            (#"{"number":"+8613800138000","purpose":"marketing"}"#, json),                     // allow
            (#"{"number":"+8613800138000","purpose":"marketing"}"#, [:]),                      // no content type
            (#"{"number":"+8613800138000","purpose":"marketing","claim":false,"x":null}"#, json),
            (#"{"number":"+8613800138000","purpose":"marketing","claim":null,"at":null}"#, json),
            (#"{"number":"+8613800138000","purpose":"marketing","at":"2026-03-01T21:30:00+08:00"}"#, json),  // quiet hours
            (#"{"number":"+8613800138001","purpose":"marketing"}"#, json),                     // no consent
            (#"{"number":"013800138000","purpose":"service"}"#, json),                         // national form
            (#"{"number":"+8613800138000","purpose":"mark\u0065ting"}"#, json),              // escapes: JSONDecoder
            (#"{"number":"+8613800138000","purpose":"marketing","claim":"no"}"#, json),
            (#"{"number":"12ab","purpose":"marketing"}"#, json),
            (#"{"number":"+8613800138000","purpose":" "}"#, json),
            (#"{"number":"+8613800138000","purpose":"astrology"}"#, json),
            (#"{"number":"+8613800138000","purpose":"marketing","at":"yesterday"}"#, json),
            (#"{"number":"+8613800138000","purpose":"marketing","at":"2026-03-02T10:00:00Z","claim":true}"#, json),
            ("number=1", ["Content-Type": "application/x-www-form-urlencoded"]),
            ("{", json), ("", json), ("[]", json),
            (#"{"number":"+8613800138000","purpose":"marketing","claim":true}"#, json),        // claim: allowed, recorded
            (#"{"number":"+8613800138000","purpose":"marketing"}"#, json),                     // now denied (frequency)
        ]
        let tokens = [try fast.token(.dialer, name: "ivr-1"), try slow.token(.dialer, name: "ivr-1")]
        let others = [try fast.token(.auditor), try slow.token(.auditor)]
        var answered = 0
        for (body, headers) in cases {
            // Twice: the first call fills the token cache, the second can take the fast path.
            for _ in 0..<2 {
                let replies = [
                    try await fast.client.send("POST", "/v1/consent/check", token: tokens[0], body: Data(body.utf8), headers: headers),
                    try await slow.client.send("POST", "/v1/consent/check", token: tokens[1], body: Data(body.utf8), headers: headers),
                ]
                #expect(replies[0].status == replies[1].status, "\(body)")
                if replies[0].status == 200 { answered += 1 }
                #expect(replies[0].text == replies[1].text, "\(body)")
                for name in ["content-type", "content-length", "server", "connection"] {
                    #expect(replies[0].headers[name] == replies[1].headers[name], "\(name): \(body)")
                }
                #expect(replies[0].headers["date"] != nil)
                if body.contains(#""claim":true"#) { break }  // claimed once on each server
            }
        }
        // Other callers: no token, a wrong one, another role.
        let body = Data(#"{"number":"+8613800138000","purpose":"marketing"}"#.utf8)
        for tokens in [[nil, nil], ["nope", "nope"], others.map(Optional.some)] {
            let a = try await fast.client.send("POST", "/v1/consent/check", token: tokens[0], body: body, headers: json)
            let b = try await slow.client.send("POST", "/v1/consent/check", token: tokens[1], body: body, headers: json)
            #expect(a.status == b.status && a.text == b.text && a.status >= 401, "\(a.status) \(a.text)")
        }
        #expect(try await fast.vault.audit.entries(action: "consent.claim").map(\.actor) == ["ivr-1"])
        // The same counts under the route's metrics entry.
        let admins = [try fast.token(.admin), try slow.token(.admin)]
        let endpointLines = { (text: String) in
            text.split(separator: "\n").filter { $0.contains(#"endpoint="POST /v1/consent/check""#) && ($0.contains("_total") || $0.contains("_count")) }
        }
        let metrics = [try await fast.client.send("GET", "/metrics", token: admins[0]).text, try await slow.client.send("GET", "/metrics", token: admins[1]).text]
        #expect(endpointLines(metrics[0]) == endpointLines(metrics[1]))
        #expect(answered > 10)
        #expect(endpointLines(metrics[0]).contains(#"callvault_http_requests_total{endpoint="POST /v1/consent/check",status="200"} \#(answered)"#))
        await fast.stop()
        await slow.stop()
    }

    @Test("pipelined on one connection: a claim, then two plain checks come back in order, the second seeing the claim")
    func pipelinedOrder() async throws {
        let t = try await Self.server(fastPath: true)
        try t.vault.importConsents([try PhoneNumber(parsing: "+8613800138002")], purposes: ["marketing"], source: "test", actor: TestServer.admin)
        let token = try t.token(.dialer)
        // Fills the token cache.
        _ = try await t.client.send("POST", "/v1/consent/check", token: token, json: ["number": "+8613800138009", "purpose": "marketing"])
        @Sendable func request(_ body: String) -> String {
            "POST /v1/consent/check HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer \(token)\r\n"
                + "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
        }
        let port = t.client.baseURL.port!
        // The raw client blocks while it waits: on a Dispatch thread, never the cooperative pool
        // the server's handlers need.
        let rounds = try await OffPool.run { () throws -> [[RawHTTPConnection.Reply]] in
            let connection = try RawHTTPConnection(port: port)
            return try (0..<2).map { _ in  // the second round starts with nothing in flight
                try connection.write(request(#"{"number":"+8613800138000","purpose":"marketing","claim":true}"#)
                    + request(#"{"number":"+8613800138000","purpose":"marketing"}"#)
                    + request(#"{"number":"+8613800138002","purpose":"marketing"}"#))
                return try (0..<3).map { _ in try connection.readReply() }
            }
        }
        for replies in rounds {
            #expect(replies.map(\.status) == [200, 200, 200])
            #expect(replies[1].text.contains(#""decision":"deny""#), "\(replies[1].text)")  // after the claim: too soon
            #expect(replies[2].text == #"{"decision":"allow","reasons":[],"next_allowed_at":null,"claimed":false}"#)
        }
        let claims = try await t.vault.audit.entries(action: "consent.claim")
        #expect(claims.count == 2 && claims.first?.outcome == "ok", "\(claims.map(\.outcome))")
        await t.stop()
    }

    @Test("the idle timeout counts fast-path requests: a busy connection stays open, an idle one is closed")
    func idleTimeout() async throws {
        let t = try await TestServer { $0.tokenRecheckInterval = .seconds(60); $0.idleTimeout = .seconds(3) }
        let token = try t.token(.dialer)
        let body = #"{"number":"+8613800138000","purpose":"marketing"}"#
        _ = try await t.client.send("POST", "/v1/consent/check", token: token, body: Data(body.utf8), headers: ["Content-Type": "application/json"])
        let request = "POST /v1/consent/check HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer \(token)\r\n"
            + "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
        let port = t.client.baseURL.port!
        // 4.8 s of checks, 400 ms apart, outlive the 3 s timeout; then 6 s of silence do not. The
        // client runs on a thread of its own, so its gaps never wait for a busy cooperative pool
        // (with the whole suite running in parallel, a starved sleep looked like an idle client).
        let (statuses, closedWhenIdle) = try await OffPool.run { () throws -> ([Int], Bool) in
            let connection = try RawHTTPConnection(port: port)
            var statuses = [Int]()
            for _ in 0..<12 {
                try connection.write(request)
                statuses.append(try connection.readReply().status)
                Thread.sleep(forTimeInterval: 0.4)
            }
            Thread.sleep(forTimeInterval: 6)
            try? connection.write(request)
            return (statuses, (try? connection.readReply()) == nil)
        }
        #expect(statuses == Array(repeating: 200, count: 12))
        #expect(closedWhenIdle, "the idle connection was still answered")
        await t.stop()
    }

    @Test("on the event loop: answers a plain check itself, forwards a claim unchanged, and waits for a forwarded answer")
    func handler() async throws {
        let t = try await Self.server(fastPath: true)
        let secret = try t.token(.dialer)
        let authenticator = TokenAuthenticator(vault: t.vault, recheckInterval: .seconds(60))
        _ = try await authenticator.authenticate(authorization: "Bearer \(secret)")
        try Self.exerciseHandler(ConsentCheckFastPath.Dependencies(
            vault: t.vault, authenticator: authenticator, metrics: ServerMetrics(), metricsID: 0, serverName: "callvault"), secret: secret)
        await t.stop()
    }

    /// The handler in an `EmbeddedChannel`, all on the calling thread (as the embedded loop needs).
    static func exerciseHandler(_ dependencies: ConsentCheckFastPath.Dependencies, secret: String) throws {
        var dependencies = dependencies
        let metrics = dependencies.metrics
        dependencies.metricsID = metrics.register("POST /v1/consent/check")
        let channel = EmbeddedChannel(handler: ConsentCheckFastPath(dependencies))
        func send(_ body: String) throws {
            var head = HTTPRequest(method: .post, scheme: "http", authority: "localhost", path: "/v1/consent/check")
            head.headerFields[.authorization] = "Bearer \(secret)"
            try channel.writeInbound(HTTPRequestPart.head(head))
            try channel.writeInbound(HTTPRequestPart.body(ByteBuffer(string: body)))
            try channel.writeInbound(HTTPRequestPart.end(nil))
        }
        let check = #"{"number":"+8613800138000","purpose":"marketing"}"#
        try send(check)
        #expect(try channel.readInbound(as: HTTPRequestPart.self) == nil)
        guard case .head(let head)? = try channel.readOutbound(as: HTTPResponsePart.self),
              case .body(let body)? = try channel.readOutbound(as: HTTPResponsePart.self),
              case .end(nil)? = try channel.readOutbound(as: HTTPResponsePart.self) else { Issue.record("no answer"); return }
        #expect(head.status == .ok && head.headerFields[.contentType] == "application/json")
        #expect(head.headerFields[.contentLength] == "\(body.readableBytes)")
        #expect(String(buffer: body) == #"{"decision":"allow","reasons":[],"next_allowed_at":null,"claimed":false}"#)
        #expect(metrics.render().contains(#"callvault_http_requests_total{endpoint="POST /v1/consent/check",status="200"} 1"#))

        // A claim is Hummingbird's: forwarded part by part; the next check waits its turn.
        try send(#"{"number":"+8613800138000","purpose":"marketing","claim":true}"#)
        try send(check)
        var forwarded = [HTTPRequestPart]()
        while let part = try channel.readInbound(as: HTTPRequestPart.self) { forwarded.append(part) }
        #expect(forwarded.count == 6)
        if case .body(let claim) = forwarded[1] { #expect(String(buffer: claim).contains("claim")) } else { Issue.record("no body") }
        #expect(try channel.readOutbound(as: HTTPResponsePart.self) == nil)
        // Once both forwarded answers have ended, the fast path answers again.
        for _ in 0..<2 { try channel.writeOutbound(HTTPResponsePart.end(nil)) }
        while try channel.readOutbound(as: HTTPResponsePart.self) != nil {}
        try send(check)
        #expect(try channel.readInbound(as: HTTPRequestPart.self) == nil)
        #expect(try channel.readOutbound(as: HTTPResponsePart.self) != nil)
        _ = try channel.finish()
    }
}

@Suite("Host header (RFC 9112 §3.2)")
struct HostHeaderTests {
    /// The raw client blocks while it waits, so it runs on a Dispatch thread of its own (`OffPool`),
    /// never on the cooperative pool the server's handlers need.
    @Test("a request without Host or with two is refused with 400, on the fast paths and the router alike")
    func exactlyOneHost() async throws {
        for fastPath in [true, false] {
            let t = try await ConsentCheckFastPathTests.server(fastPath: fastPath)
            let token = try t.token(.dialer)
            _ = try await t.client.send("POST", "/v1/consent/check", token: token, json: ["number": "+8613800138009", "purpose": "marketing"])
            let body = #"{"number":"+8613800138000","purpose":"marketing"}"#
            func check(_ hosts: String) -> String {
                "POST /v1/consent/check HTTP/1.1\r\n\(hosts)Authorization: Bearer \(token)\r\n"
                    + "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
            }
            for (request, status) in [
                (check("Host: localhost\r\n"), 200),
                (check(""), 400),
                (check("Host: localhost\r\nHost: evil.example\r\n"), 400),
                ("GET /healthz HTTP/1.1\r\n\r\n", 400),
                ("GET /healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400),
                ("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n", 200),
            ] {
                let port = t.client.baseURL.port!
                let reply = try await OffPool.run { () throws -> RawHTTPConnection.Reply in
                    let connection = try RawHTTPConnection(port: port)
                    try connection.write(request)
                    return try connection.readReply()
                }
                #expect(reply.status == status, "fast path \(fastPath), \(request.prefix(60)): \(reply.text)")
                if status == 400 { #expect(reply.text.contains("\"bad_host\"")) }
            }
            await t.stop()
        }
    }

    @Test("every router middleware is one the fast paths reproduce: middleware added to the router alone fails here (and turns the fast path off)")
    func noMiddlewareSkipped() async throws {
        let t = try await TestServer()
        let middleware = t.server.makeRouter(metrics: ServerMetrics()).middleware
        #expect(!middleware.isEmpty)
        #expect(Set(middleware).isSubset(of: ConsentCheckAnswerer.reproducedMiddleware),
                "add how the fast path reproduces \(Set(middleware).subtracting(ConsentCheckAnswerer.reproducedMiddleware)) to ConsentCheckAnswerer, or turn it off")
        await t.stop()
    }
}
