import Foundation
import HTTPTypes
import NIOCore
import NIOHTTPTypes
import VaultCore
import VaultPolicy

/// Answers the happy path of a plain consent check (`POST /v1/consent/check` without a claim)
/// from decoded HTTP parts on the event loop, before Hummingbird sees it, and hands everything
/// else to Hummingbird unchanged. It serves the connections `ConsentCheckWireFastPath` has
/// handed over (a dialer that also claims, or sends a request outside the wire path's subset).
///
/// The invariant: the answer is the route's answer (`ConsentRoutes`), byte for byte in status,
/// body and headers; only the time differs. `ConsentCheckAnswerer` decides (it answers only when
/// every step of the route succeeds). On anything else (no or unknown token, another role,
/// another media type, a body the flat reader leaves to `JSONDecoder`, an invalid field, a
/// claim, a thrown error, a `Connection` or `Expect` header, trailers, a body over the route's
/// limit) it forwards the request's parts as received, and the route answers (errors mapped by
/// `APIError` alone).
///
/// Order: responses must leave in request order. The handler counts forwarded requests whose
/// response has not ended yet (Hummingbird's `.end` passes through `write`) and answers itself
/// only when that count is zero; otherwise the request is forwarded too.
///
/// It sits between `HTTP1ToHTTPServerCodec` and Hummingbird's handlers (`APIHTTP1Channel`),
/// behind the `HTTPConnectionStateHandler` the wire path adds at the hand-over, which sees every
/// request and response, so the idle timeout and graceful shutdown count fast-path requests too.
final class ConsentCheckFastPath: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// What the fast path needs of the server; shared by every connection.
    typealias Dependencies = ConsentCheckAnswerer.Dependencies

    /// The path answered.
    static let path = ConsentCheckAnswerer.path

    private enum State {
        /// Between requests.
        case idle
        /// A candidate request: its head and body so far, held until its end.
        case buffering(HTTPRequest, ByteBuffer)
        /// A request handed to Hummingbird; its remaining parts follow it.
        case forwarding
    }

    private var answerer: ConsentCheckAnswerer
    private var state = State.idle
    /// Forwarded requests whose response has not ended.
    private var forwardedInFlight = 0
    private var needsFlush = false

    init(_ dependencies: Dependencies) {
        self.answerer = ConsentCheckAnswerer(dependencies)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        answerer.bind(to: context.eventLoop)
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
        guard head.method == .post, head.path == path, HostHeaderMiddleware.hasOneHost(head) else { return false }
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
        return answerer.answer(authorization: authorization?.utf8, contentType: contentType?.utf8, body: body.readableBytesView)
            .map { ByteBuffer(string: $0) }
    }

    /// Writes a 200 with the headers Hummingbird gives the route's `Response.json`.
    private func write(_ body: ByteBuffer, context: ChannelHandlerContext) {
        var fields = HTTPFields()
        fields[.contentType] = "application/json"
        fields[.contentLength] = String(body.readableBytes)
        fields[.date] = answerer.httpDate()
        fields[.server] = answerer.dependencies.serverName
        context.write(wrapOutboundOut(.head(HTTPResponse(status: .ok, headerFields: fields))), promise: nil)
        context.write(wrapOutboundOut(.body(body)), promise: nil)
        context.write(wrapOutboundOut(.end(nil)), promise: nil)
        needsFlush = true
    }
}
