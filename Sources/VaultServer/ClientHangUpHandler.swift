import NIOCore

/// Notices when the client stops sending for good: it closed its half of the connection (the
/// server allows half-closure, so the channel itself stays open for the answer) or the
/// connection closed. An upload's ingest is cancelled then, so no work runs on for a client
/// that left.
final class ClientHangUpHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny

    private var promise: EventLoopPromise<Void>?

    /// Completes when the client has hung up (also when the handler goes away).
    private(set) var hungUp: EventLoopFuture<Void>?

    func handlerAdded(context: ChannelHandlerContext) {
        let promise = context.eventLoop.makePromise(of: Void.self)
        self.promise = promise
        hungUp = promise.futureResult
    }

    func handlerRemoved(context: ChannelHandlerContext) { fire() }

    func channelInactive(context: ChannelHandlerContext) {
        fire()
        context.fireChannelInactive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let channelEvent = event as? ChannelEvent, channelEvent == .inputClosed { fire() }
        context.fireUserInboundEventTriggered(event)
    }

    private func fire() {
        promise?.succeed()
        promise = nil
    }
}
