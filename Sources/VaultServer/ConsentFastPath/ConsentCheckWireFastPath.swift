import HummingbirdCore
import Logging
import NIOCore
import VaultWire

/// Answers plain consent checks straight from a connection's bytes, in front of NIO's HTTP/1
/// decoder, for as long as the connection sends nothing else; from its first other request on,
/// every byte goes to the decoder and Hummingbird, and the handler only passes bytes along.
///
/// Why: a dialer's connection is a stream of plain checks, and measured against nginx's
/// `return 200` (issue #8) the decoder, the HTTPTypes conversion and the response encoder cost
/// more than the check itself.
///
/// The invariants:
/// - The answer is the route's. The request must fit the strict subset `scan` reads, and
///   `ConsentCheckAnswerer` answers only when every step of the route succeeds; a test compares
///   the response bytes with the route's. Anything else is handed over with every byte as
///   received, at a request boundary, so the decoder reads it as if the handler were not there.
/// - Order: responses are written in request order as the requests are read, and nothing is
///   answered here after a hand-over, so forwarded answers can only follow.
/// - The connection's rules still hold while it answers: the idle timeout (no bytes read for
///   `idleTimeout` closes the connection), graceful shutdown (`ChannelShouldQuiesceEvent` closes
///   it at the next request boundary), and back-pressure (no read while the channel is not
///   writable). At the hand-over an `HTTPConnectionStateHandler` with the idle timeout is put in
///   front of `ConsentCheckFastPath`, and those rules are Hummingbird's again.
final class ConsentCheckWireFastPath: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = IOData
    typealias OutboundOut = IOData

    private var answerer: ConsentCheckAnswerer
    private let idleTimeout: TimeAmount?
    private let logger: Logger
    /// The connection's decoded-parts fast path, in front of which the state handler goes at the
    /// hand-over (nil: none is added).
    private let decodedFastPath: ConsentCheckFastPath?

    /// True once the bytes are the decoder's.
    private var handedOver = false
    /// The unread bytes of a request not yet complete.
    private var pending: ByteBuffer?
    private var needsFlush = false
    private var lastReadAt = NIODeadline.now()
    private var idleTask: Scheduled<Void>?
    /// A read the channel asked for while it was not writable.
    private var readHeld = false
    /// Graceful shutdown asked while a request was incomplete: close after answering it.
    private var quiescing = false

    init(_ dependencies: ConsentCheckAnswerer.Dependencies, idleTimeout: TimeAmount?, logger: Logger,
         decodedFastPath: ConsentCheckFastPath?) {
        self.answerer = ConsentCheckAnswerer(dependencies)
        self.idleTimeout = idleTimeout
        self.logger = logger
        self.decodedFastPath = decodedFastPath
    }

    // MARK: Reading

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !handedOver else { return context.fireChannelRead(data) }
        var buffer = unwrapInboundIn(data)
        lastReadAt = context.eventLoop.now
        if var front = pending {
            pending = nil
            front.writeBuffer(&buffer)
            buffer = front
        }
        while buffer.readableBytes > 0 {
            let scan = buffer.withUnsafeReadableBytes { Self.scan($0, bodyLimit: ConsentRoutes.checkBodyLimit) }
            guard case .check(let authorization, let contentType, let body, let length) = scan else {
                if scan == .incomplete { pending = buffer } else { handOver(buffer, context: context) }
                return
            }
            let json = buffer.withUnsafeReadableBytes { bytes in
                answerer.answer(authorization: authorization.map { UnsafeRawBufferPointer(rebasing: bytes[$0]) },
                                contentType: contentType.map { UnsafeRawBufferPointer(rebasing: bytes[$0]) },
                                body: UnsafeRawBufferPointer(rebasing: bytes[body]))
            }
            guard let json else { return handOver(buffer, context: context) }
            write(json, context: context)
            buffer.moveReaderIndex(forwardBy: length)
        }
        if quiescing { closeAfterFlush(context: context) }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        flushIfNeeded(context: context)
        context.fireChannelReadComplete()
    }

    /// From here on every byte is the decoder's: the unread ones first.
    private func handOver(_ unread: ByteBuffer, context: ChannelHandlerContext) {
        handedOver = true
        idleTask?.cancel()
        idleTask = nil
        if let decodedFastPath {
            let stateHandler = HTTPConnectionStateHandler(idleTimeout: idleTimeout.map { Duration.nanoseconds($0.nanoseconds) }, logger: logger)
            do {
                try context.pipeline.syncOperations.addHandler(stateHandler, position: .before(decodedFastPath))
            } catch {
                logger.error("cannot hand the connection over to the HTTP decoder", metadata: ["error": "\(error)"])
                return context.close(promise: nil)
            }
        }
        context.fireChannelRead(wrapInboundOut(unread))
        if quiescing { context.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent()) }
    }

    // MARK: Writing

    /// Writes a 200 with the headers Hummingbird gives the route's `Response.json`, in its order.
    private func write(_ json: String, context: ChannelHandlerContext) {
        let date = answerer.httpDate(), server = answerer.dependencies.serverName
        var response = context.channel.allocator.buffer(capacity: 128 + date.utf8.count + server.utf8.count + json.utf8.count)
        response.writeStaticString("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ")
        response.writeString(String(json.utf8.count))
        response.writeStaticString("\r\nDate: ")
        response.writeString(date)
        response.writeStaticString("\r\nServer: ")
        response.writeString(server)
        response.writeStaticString("\r\n\r\n")
        response.writeString(json)
        context.write(wrapOutboundOut(.byteBuffer(response)), promise: nil)
        needsFlush = true
    }

    private func flushIfNeeded(context: ChannelHandlerContext) {
        if needsFlush {
            needsFlush = false
            context.flush()
        }
    }

    private func closeAfterFlush(context: ChannelHandlerContext) {
        flushIfNeeded(context: context)
        context.close(promise: nil)
    }

    // MARK: Back-pressure

    func read(context: ChannelHandlerContext) {
        if !handedOver, !context.channel.isWritable {
            readHeld = true
        } else {
            context.read()
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if readHeld, context.channel.isWritable {
            readHeld = false
            context.read()
        }
        context.fireChannelWritabilityChanged()
    }

    // MARK: Idle timeout and shutdown

    func handlerAdded(context: ChannelHandlerContext) {
        answerer.bind(to: context.eventLoop)
        lastReadAt = context.eventLoop.now
        if context.channel.isActive { scheduleIdleCheck(in: idleTimeout, context: context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        idleTask?.cancel()
        idleTask = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        lastReadAt = context.eventLoop.now
        scheduleIdleCheck(in: idleTimeout, context: context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        idleTask?.cancel()
        idleTask = nil
        context.fireChannelInactive()
    }

    private func scheduleIdleCheck(in delay: TimeAmount?, context: ChannelHandlerContext) {
        guard !handedOver, idleTask == nil, let delay, let idleTimeout else { return }
        idleTask = context.eventLoop.assumeIsolated().scheduleTask(in: delay) { [self] in
            idleTask = nil
            guard !handedOver else { return }
            let idleFor = context.eventLoop.now - lastReadAt
            if idleFor >= idleTimeout {
                closeAfterFlush(context: context)
            } else {
                scheduleIdleCheck(in: idleTimeout - idleFor, context: context)
            }
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard !handedOver else { return context.fireUserInboundEventTriggered(event) }
        flushIfNeeded(context: context)
        if event is ChannelShouldQuiesceEvent {
            if pending == nil { context.close(promise: nil) } else { quiescing = true }
            return
        }
        if let event = event as? ChannelEvent, event == .inputClosed, let unread = pending {
            // A request cut short: the decoder reports it as it would without this handler.
            pending = nil
            handOver(unread, context: context)
        }
        context.fireUserInboundEventTriggered(event)
    }
}

@available(*, unavailable)
extension ConsentCheckWireFastPath: Sendable {}

extension ConsentCheckWireFastPath {
    /// The only request line read.
    static let requestLine = Array("POST \(ConsentCheckAnswerer.path) HTTP/1.1\r\n".utf8)

    /// `WireCheckScan.scan` for the plain check's request line.
    static func scan(_ bytes: UnsafeRawBufferPointer, bodyLimit: Int) -> WireCheckScan {
        WireCheckScan.scan(bytes, requestLine: requestLine, bodyLimit: bodyLimit)
    }
}
