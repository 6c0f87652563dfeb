import Foundation
import Logging
import NIOCore
import NIOEmbedded
import Testing
import VaultBase
import VaultCore
@testable import VaultServer
import VaultWire
import VaultTestSupport

@Suite("Consent check wire fast path")
struct ConsentCheckWireFastPathTests {
    static let body = #"{"number":"+8613800138000","purpose":"marketing"}"#

    static func request(token: String, body: String = body, headers: String = "Content-Type: application/json\r\n") -> String {
        "POST /v1/consent/check HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer \(token)\r\n\(headers)"
            + "Content-Length: \(body.utf8.count)\r\n\r\n\(body)"
    }

    static func scan(_ text: String, bodyLimit: Int = ConsentRoutes.checkBodyLimit) -> WireCheckScan {
        Array(text.utf8).withUnsafeBytes { ConsentCheckWireFastPath.scan($0, bodyLimit: bodyLimit) }
    }

    @Test("the scan reads a whole plain check, waits on every prefix of one, and leaves anything else to the decoder")
    func scanSubset() throws {
        let request = Self.request(token: "t")
        guard case .check(let authorization?, let contentType?, let body, let length) = Self.scan(request + "POST /next") else {
            Issue.record("not read: \(Self.scan(request))"); return
        }
        let bytes = Array(request.utf8)
        #expect(String(decoding: bytes[authorization], as: UTF8.self) == "Bearer t")
        #expect(String(decoding: bytes[contentType], as: UTF8.self) == "application/json")
        #expect(String(decoding: bytes[body], as: UTF8.self) == Self.body)
        #expect(length == bytes.count)
        for end in 0..<bytes.count {
            let prefix = bytes[..<end].withUnsafeBytes { ConsentCheckWireFastPath.scan($0, bodyLimit: ConsentRoutes.checkBodyLimit) }
            #expect(prefix == .incomplete, "prefix of \(end) bytes")
        }
        // Names in any case, optional whitespace around values, other headers ignored.
        let relaxed = "POST /v1/consent/check HTTP/1.1\r\nhOsT:localhost\r\nX-Trace: a b\t\r\ncontent-LENGTH:  2 \r\n\r\n{}"
        #expect(Self.scan(relaxed) == .check(authorization: nil, contentType: nil, body: relaxed.utf8.count - 2..<relaxed.utf8.count,
                                              length: relaxed.utf8.count))

        let valid = "Host: localhost\r\nContent-Length: 2\r\n"
        let others = [
            "post /v1/consent/check HTTP/1.1\r\n\(valid)\r\n{}",                      // method case
            "POST /v1/consent/check?x=1 HTTP/1.1\r\n\(valid)\r\n{}",                  // query
            "POST /v1/consent/check-batch HTTP/1.1\r\n\(valid)\r\n{}",
            "POST /v1/consent/check HTTP/1.0\r\n\(valid)\r\n{}",
            "POST /v1/consent/check HTTP/1.1\n\(valid)\r\n{}",                        // bare LF
            "POST /v1/consent/check HTTP/1.1\r\nHost: localhost\nContent-Length: 2\r\n\r\n{}",
            "POST /v1/consent/check HTTP/1.1\r\n\(valid) folded\r\n\r\n{}",          // obs-fold
            "POST /v1/consent/check HTTP/1.1\r\nHost : localhost\r\nContent-Length: 2\r\n\r\n{}",
            "POST /v1/consent/check HTTP/1.1\r\n\(valid)Content-Length: 2\r\n\r\n{}", // repeated length
            "POST /v1/consent/check HTTP/1.1\r\nHost: localhost\r\nContent-Length: +2\r\n\r\n{}",
            "POST /v1/consent/check HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2, 2\r\n\r\n{}",
            "POST /v1/consent/check HTTP/1.1\r\nHost: localhost\r\n\r\n",            // no length
            "POST /v1/consent/check HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}",         // no host
            "POST /v1/consent/check HTTP/1.1\r\n\(valid)Host: other\r\n\r\n{}",
            "POST /v1/consent/check HTTP/1.1\r\n\(valid)Transfer-Encoding: chunked\r\n\r\n{}",
            "POST /v1/consent/check HTTP/1.1\r\n\(valid)Connection: close\r\n\r\n{}",
            "POST /v1/consent/check HTTP/1.1\r\n\(valid)Expect: 100-continue\r\n\r\n{}",
            "POST /v1/consent/check HTTP/1.1\r\n\(valid)Upgrade: h2c\r\n\r\n{}",
            "POST /v1/consent/check HTTP/1.1\r\n\(valid)Authorization: a\r\nAuthorization: b\r\n\r\n{}",
            "POST /v1/consent/check HTTP/1.1\r\n\(valid)Content-Type: a\r\ncontent-type: b\r\n\r\n{}",
            "POST /v1/consent/check HTTP/1.1\r\n\(valid)X-Name: caf\u{e9}\r\n\r\n{}",   // not ASCII
            "POST /v1/consent/check HTTP/1.1\r\n\(valid)X-Name: a\u{0}b\r\n\r\n{}",
            "POST /v1/consent/check HTTP/1.1\r\n\(valid)X-Long: \(String(repeating: "a", count: 9000))\r\n\r\n{}",
            "GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n",
        ]
        for text in others { #expect(Self.scan(text) == .other, "\(text.prefix(120).debugDescription)") }
        #expect(Self.scan("POST /v1/consent/check HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\n{}", bodyLimit: 2) == .other)
        #expect(Self.scan("PUT /") == .other && Self.scan("POST /v1/consent/c") == .incomplete)
    }

    /// What the handler needs of `t`'s vault, with metrics of its own (no per-loop checkers:
    /// the answerer then asks `Vault.checkConsent`).
    static func dependencies(_ t: TestServer) -> (ConsentCheckAnswerer.Dependencies, ServerMetrics) {
        let metrics = ServerMetrics()
        let dependencies = ConsentCheckAnswerer.Dependencies(
            vault: t.vault, authenticator: TokenAuthenticator(vault: t.vault, recheckInterval: .seconds(60)),
            metrics: metrics, metricsID: metrics.register("POST /v1/consent/check"), serverName: "callvault")
        return (dependencies, metrics)
    }

    @Test("on the event loop: answers pipelined and split checks in order, then hands every later byte to the decoder as received")
    func handler() async throws {
        let t = try await ConsentCheckFastPathTests.server(fastPath: true)
        let secret = try t.token(.dialer)
        let (dependencies, metrics) = Self.dependencies(t)
        try Self.exerciseHandler(dependencies, secret: secret)
        #expect(metrics.render().contains(#"callvault_http_requests_total{endpoint="POST /v1/consent/check",status="200"} 4"#))
        await t.stop()
    }

    /// The handler in an `EmbeddedChannel`, all on the calling thread (as the embedded loop needs).
    static func exerciseHandler(_ dependencies: ConsentCheckAnswerer.Dependencies, secret: String) throws {
        let channel = EmbeddedChannel(handler: ConsentCheckWireFastPath(dependencies, idleTimeout: nil, logger: Logger(label: "test"), decodedFastPath: nil))
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        func answers() throws -> [String] {
            var texts = [String]()
            while let buffer = try channel.readOutbound(as: IOData.self) {
                guard case .byteBuffer(let bytes) = buffer else { continue }
                texts.append(String(buffer: bytes))
            }
            return texts
        }
        let check = request(token: secret)
        // Two checks in one read, then one split across three reads: three answers, nothing forwarded.
        try channel.writeInbound(ByteBuffer(string: check + check))
        let split = Array(check.utf8)
        for range in [0..<10, 10..<split.count - 3, split.count - 3..<split.count] {
            try channel.writeInbound(ByteBuffer(bytes: split[range]))
        }
        let replies = try answers()
        #expect(replies.count == 3)
        #expect(replies.allSatisfy { $0.hasPrefix("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 72\r\nDate: ") })
        #expect(replies.allSatisfy { $0.hasSuffix("\r\nServer: callvault\r\n\r\n" + #"{"decision":"allow","reasons":[],"next_allowed_at":null,"claimed":false}"#) })
        #expect(try channel.readInbound(as: ByteBuffer.self) == nil)

        // A claim is the route's: it and everything after it, even a plain check, go on unchanged.
        let claim = request(token: secret, body: #"{"number":"+8613800138000","purpose":"marketing","claim":true}"#)
        try channel.writeInbound(ByteBuffer(string: check + claim + check))
        try channel.writeInbound(ByteBuffer(string: check))
        #expect(try answers().count == 1)
        var forwarded = ""
        while let buffer = try channel.readInbound(as: ByteBuffer.self) { forwarded += String(buffer: buffer) }
        #expect(forwarded == claim + check + check)
        _ = try channel.finish(acceptAlreadyClosed: true)
    }

    @Test("graceful shutdown closes an idle connection at once and a busy one after the request it is reading; the idle timeout closes an idle one")
    func shutdownAndIdle() async throws {
        let t = try await ConsentCheckFastPathTests.server(fastPath: true)
        let secret = try t.token(.dialer)
        let (dependencies, _) = Self.dependencies(t)
        let check = Array(Self.request(token: secret).utf8)
        func channel() throws -> EmbeddedChannel {
            let handler = ConsentCheckWireFastPath(dependencies, idleTimeout: .seconds(3), logger: Logger(label: "test"), decodedFastPath: nil)
            let channel = EmbeddedChannel(handler: handler)
            try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
            return channel
        }
        // Idle: closed at once.
        let idle = try channel()
        idle.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
        #expect(!idle.isActive)
        // Half a request read: answered first, then closed.
        let busy = try channel()
        try busy.writeInbound(ByteBuffer(bytes: check[..<20]))
        busy.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
        #expect(busy.isActive)
        try busy.writeInbound(ByteBuffer(bytes: check[20...]))
        #expect(try busy.readOutbound(as: IOData.self) != nil)
        #expect(!busy.isActive)
        // Idle timeout: reads keep it open, 3 s without one close it.
        let timed = try channel()
        for _ in 0..<4 {
            timed.embeddedEventLoop.advanceTime(by: .seconds(2))
            try timed.writeInbound(ByteBuffer(bytes: check))
        }
        #expect(timed.isActive)
        timed.embeddedEventLoop.advanceTime(by: .seconds(3))
        #expect(!timed.isActive)
        await t.stop()
    }

    @Test("over a socket: the answer is the route's byte for byte (but the date), and a check after a claim on the same connection still sees it")
    func sameBytesAsRoute() async throws {
        let fast = try await ConsentCheckFastPathTests.server(fastPath: true)
        let slow = try await ConsentCheckFastPathTests.server(fastPath: false)
        let tokens = [try fast.token(.dialer, name: "ivr-1"), try slow.token(.dialer, name: "ivr-1")]
        @Sendable func withoutDate(_ bytes: [UInt8]) -> String {
            String(decoding: bytes, as: UTF8.self).split(separator: "\r\n", omittingEmptySubsequences: false)
                .filter { !$0.hasPrefix("Date: ") }.joined(separator: "\r\n")
        }
        let (fastPort, slowPort) = (fast.client.baseURL.port!, slow.client.baseURL.port!)
        let claim = #"{"number":"+8613800138000","purpose":"marketing","claim":true}"#
        let replies = try await OffPool.run { () throws -> [[String]] in
            try [(fastPort, tokens[0]), (slowPort, tokens[1])].map { port, token in
                let connection = try RawHTTPConnection(port: port)
                // Checks written in pieces, then a check, a claim and a check in one write.
                let check = Self.request(token: token)
                var replies = [String]()
                for _ in 0..<2 {
                    let bytes = Array(check.utf8)
                    try connection.write(String(decoding: bytes[..<40], as: UTF8.self))
                    Thread.sleep(forTimeInterval: 0.05)
                    try connection.write(String(decoding: bytes[40...], as: UTF8.self))
                    replies.append(withoutDate(try connection.readReplyBytes()))
                }
                try connection.write(check + Self.request(token: token, body: claim) + check)
                for _ in 0..<3 { replies.append(withoutDate(try connection.readReplyBytes())) }
                return replies
            }
        }
        #expect(replies[0] == replies[1])
        #expect(replies[0].count == 5)
        #expect(replies[0].last?.contains(#""decision":"deny""#) == true, "\(replies[0].last ?? "")")
        await fast.stop()
        await slow.stop()
    }

    @Test("a dialer's checks on the wire path see a claim and an opt-out committed elsewhere at once")
    func checksSeeOtherCommits() async throws {
        let t = try await ConsentCheckFastPathTests.server(fastPath: true)
        let (checker, claimer) = (try t.token(.dialer, name: "ivr-1"), try t.token(.dialer, name: "ivr-2"))
        let port = t.client.baseURL.port!
        let connection = try RawHTTPConnection(port: port)
        func check() throws -> String {  // a blocking round trip of a millisecond, against NIO's threads
            try connection.write(Self.request(token: checker))
            return try connection.readReply().text
        }
        for _ in 0..<3 { #expect(try check().contains(#""decision":"allow""#)) }
        let claimed = try await t.client.send("POST", "/v1/consent/check", token: claimer,
                                               json: ["number": "+8613800138000", "purpose": "marketing", "claim": true])
        #expect(claimed.text.contains(#""claimed":true"#))
        #expect(try check().contains(#""reasons":["frequency_limit"]"#), "the claim is not seen")
        _ = try t.vault.optOut(phone: try PhoneNumber(parsing: "+8613800138000"), actor: TestServer.admin)
        #expect(try check().contains(#""opted_out""#), "the opt-out is not seen")
        await t.stop()
    }
}
