import Foundation
import HTTPTypes
import NIOCore
import NIOHTTPTypes
import VaultCore
import VaultPolicy

/// Answers the happy path of a plain consent check (`POST /v1/consent/check` without a claim)
/// on the event loop, before Hummingbird sees it, and hands everything else to Hummingbird
/// unchanged.
///
/// Why: a plain check is one point read, and dialers send them at call rate; Hummingbird's
/// async request path (async channel, a task per connection, router, response body writer)
/// costs more than the read itself. Issue #8 measures the check against nginx's `return 200`.
///
/// The invariant: the answer is the route's answer (`ConsentRoutes`), byte for byte in status,
/// body and headers; only the time differs. So the fast path answers only when every step
/// succeeds with the route's own helpers (a token cached by `TokenAuthenticator`, the dialer
/// role, `ConsentRoutes.flatCheckRequest`, the `Field` checks, `Vault.checkConsent` without a
/// claim). On anything else (no or stale token, another role, another media type, a body the
/// flat reader leaves to `JSONDecoder`, an invalid field, a claim, a thrown error, a
/// `Connection` or `Expect` header, trailers, a body over the route's limit) it forwards the
/// request's parts as received, and the route answers (errors mapped by `APIError` alone).
///
/// Order: responses must leave in request order. The handler counts forwarded requests whose
/// response has not ended yet (Hummingbird's `.end` passes through `write`) and answers itself
/// only when that count is zero; otherwise the request is forwarded too.
///
/// It sits between `HTTP1ToHTTPServerCodec` and Hummingbird's handlers, behind a
/// `HTTPConnectionStateHandler` of its own (see `VaultAPIServer`) that sees every request and
/// response, so the idle timeout and graceful shutdown count fast-path requests too.
final class ConsentCheckFastPath: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// What the fast path needs of the server; shared by every connection.
    struct Dependencies: Sendable {
        var vault: Vault
        var authenticator: TokenAuthenticator
        var metrics: ServerMetrics
        /// The id of `POST /v1/consent/check` in `metrics` (the route's own entry).
        var metricsID: Int
        /// The `Server` header value Hummingbird adds.
        var serverName: String
    }

    /// The path answered.
    static let path = "/v1/consent/check"

    private enum State {
        /// Between requests.
        case idle
        /// A candidate request: its head and body so far, held until its end.
        case buffering(HTTPRequest, ByteBuffer)
        /// A request handed to Hummingbird; its remaining parts follow it.
        case forwarding
    }

    private let dependencies: Dependencies
    private var state = State.idle
    /// Forwarded requests whose response has not ended.
    private var forwardedInFlight = 0
    private var needsFlush = false
    /// The last `Authorization` value on this connection and its cache key: a client repeats
    /// it on every request, and hashing it each time would cost more than the lookup.
    private var lastAuthorization: String?
    private var lastCacheKey: [UInt8]?
    private var dateSecond = -1
    private var dateText = ""

    init(_ dependencies: Dependencies) {
        self.dependencies = dependencies
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch (unwrapInboundIn(data), state) {
        case (.head(let head), _):
            if forwardedInFlight == 0, Self.isCandidate(head) {
                state = .buffering(head, context.channel.allocator.buffer(capacity: 0))
            } else {
                forwardedInFlight += 1
                state = .forwarding
                context.fireChannelRead(data)
            }
        case (.body(var part), .buffering(let head, var body)):
            if body.readableBytes + part.readableBytes > ConsentRoutes.checkBodyLimit {
                forward(head: head, body: body, context: context)
                context.fireChannelRead(data)
            } else {
                state = .idle  // drops the reference so `body` grows in place
                body.writeBuffer(&part)
                state = .buffering(head, body)
            }
        case (.end(let trailers), .buffering(let head, let body)):
            state = .idle
            if trailers == nil, let answer = answer(head, body) {
                write(answer, context: context)
            } else {
                forward(head: head, body: body, context: context)
                context.fireChannelRead(data)
            }
        case (.end, _):
            state = .idle
            context.fireChannelRead(data)
        case (.body, _):
            context.fireChannelRead(data)
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if needsFlush {
            needsFlush = false
            context.flush()
        }
        context.fireChannelReadComplete()
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { forwardedInFlight -= 1 }
        context.write(data, promise: promise)
    }

    /// A plain `POST /v1/consent/check` the fast path may try: no query, and no hop-by-hop
    /// header whose handling is Hummingbird's (`Connection: close`, `Expect`).
    private static func isCandidate(_ head: HTTPRequest) -> Bool {
        guard head.method == .post, head.path == path else { return false }
        for field in head.headerFields where field.name == .connection || field.name == .expect { return false }
        return true
    }

    /// Hands a buffered request's head and body to Hummingbird; its later parts follow.
    private func forward(head: HTTPRequest, body: ByteBuffer, context: ChannelHandlerContext) {
        forwardedInFlight += 1
        state = .forwarding
        context.fireChannelRead(wrapInboundOut(.head(head)))
        if body.readableBytes > 0 { context.fireChannelRead(wrapInboundOut(.body(body))) }
    }

    /// The route's answer to a complete request, or nil when the route must answer it.
    private func answer(_ head: HTTPRequest, _ body: ByteBuffer) -> ByteBuffer? {
        let start = ContinuousClock.now
        let dependencies = self.dependencies
        // One pass over the fields; a repeated one is left to the route (which reads them joined).
        var authorization: String?, contentType: String?
        for field in head.headerFields {
            if field.name == .authorization {
                guard authorization == nil else { return nil }
                authorization = field.value
            } else if field.name == .contentType {
                guard contentType == nil else { return nil }
                contentType = field.value
            }
        }
        if authorization != lastAuthorization {
            lastAuthorization = authorization
            lastCacheKey = TokenAuthenticator.cacheKey(authorization: authorization)
        }
        guard let cacheKey = lastCacheKey, let token = dependencies.authenticator.cachedToken(cacheKey: cacheKey),
              token.role == .dialer else { return nil }
        // The route's media-type rule (`ConsentRoutes.checkRequest`).
        if let contentType, !contentType.lowercased().hasPrefix("application/json") { return nil }
        guard let request = ConsentRoutes.flatCheckRequest(body.readableBytesView), request.claim != true else { return nil }
        let decision: ConsentDecision
        do {
            let phone = try Field.phone(request.number, vault: dependencies.vault)
            let purpose = try Field.text(request.purpose, field: "purpose", maximum: 100)
            let at = try request.at.map { try Field.time($0, field: "at") }
            decision = try dependencies.vault.checkConsent(phone: phone, purpose: purpose, at: at, claim: false, actor: token.actor)
        } catch {
            return nil
        }
        let json = ConsentRoutes.decisionJSON(decision, claimed: false)
        dependencies.metrics.record(dependencies.metricsID, status: 200, duration: ContinuousClock.now - start)
        return ByteBuffer(string: json)
    }

    /// Writes a 200 with the headers Hummingbird gives the route's `Response.json`.
    private func write(_ body: ByteBuffer, context: ChannelHandlerContext) {
        var fields = HTTPFields()
        fields[.contentType] = "application/json"
        fields[.contentLength] = String(body.readableBytes)
        fields[.date] = httpDate()
        fields[.server] = dependencies.serverName
        context.write(wrapOutboundOut(.head(HTTPResponse(status: .ok, headerFields: fields))), promise: nil)
        context.write(wrapOutboundOut(.body(body)), promise: nil)
        context.write(wrapOutboundOut(.end(nil)), promise: nil)
        needsFlush = true
    }

    /// The `Date` header (RFC 9110 IMF-fixdate), formatted once a second.
    private func httpDate() -> String {
        var now = time(nil)
        if now != dateSecond {
            dateSecond = now
            var parts = tm()
            gmtime_r(&now, &parts)
            let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
            let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
            func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
            dateText = "\(days[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon)]) \(parts.tm_year + 1900) "
                + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
        }
        return dateText
    }
}
