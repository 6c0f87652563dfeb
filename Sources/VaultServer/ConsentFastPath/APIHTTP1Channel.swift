import Hummingbird
import HummingbirdCore
import Logging
import NIOCore

/// Hummingbird's HTTP/1.1 channel with the consent-check fast paths: `ConsentCheckWireFastPath`
/// in front of NIO's HTTP/1 decoder, and `ConsentCheckFastPath` between the decoder and
/// Hummingbird's handlers for connections the wire path has handed over.
///
/// The idle timeout is the wire path's until the hand-over, then an `HTTPConnectionStateHandler`'s
/// that the wire path puts in front of `ConsentCheckFastPath` (so it sees the requests answered
/// there too); Hummingbird's own state handler, behind them, runs without one.
struct APIHTTP1Channel: HTTPChannelHandler {
    typealias Value = HTTP1Channel.Value

    let responder: HTTPChannelHandler.Responder
    let dependencies: ConsentCheckAnswerer.Dependencies
    let idleTimeout: TimeAmount?

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let decoded = NIOLoopBound(ConsentCheckFastPath(dependencies), eventLoop: channel.eventLoop)
        let base = HTTP1Channel(responder: responder, configuration: .init(additionalChannelHandlers: [decoded.value, ClientHangUpHandler()],
                                                                          idleTimeout: nil))
        do {
            try channel.pipeline.syncOperations.addHandler(
                ConsentCheckWireFastPath(dependencies, idleTimeout: idleTimeout, logger: logger, decodedFastPath: decoded.value))
        } catch {
            return channel.eventLoop.makeFailedFuture(error)
        }
        return base.setup(channel: channel, logger: logger)
    }

    func handle(value: Value, logger: Logger) async {
        await handleHTTP(asyncChannel: value, logger: logger)
    }
}
