public import Hummingbird
import NIOCore

/// The per-request context of the API (Hummingbird's core storage). Bodies are read with the
/// limits of `ServerConfiguration`, not the context's default.
public struct APIRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The client's connection.
    let channel: any Channel

    /// Creates the context for one request.
    public init(source: Source) {
        coreContext = .init(source: source)
        channel = source.channel
    }

    /// Calls `body` once the client has hung up (closed its sending half, or the connection).
    func whenClientHangsUp(_ body: @escaping @Sendable () -> Void) {
        channel.closeFuture.whenComplete { _ in body() }
        channel.pipeline.handler(type: ClientHangUpHandler.self).whenSuccess { handler in
            handler.hungUp?.whenComplete { _ in body() }
        }
    }
}
