import Foundation
import NIOCore
import VaultRTP
import VaultSIP

/// SIP over UDP: one message per datagram; a datagram that is not SIP is dropped (nothing can be
/// answered reliably), one that is SIP but malformed gets the state machine's 400.
final class SIPDatagramHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>

    private let server: SIPRECServer

    init(server: SIPRECServer) { self.server = server }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        let bytes = Array(envelope.data.readableBytesView)
        guard bytes.contains(where: { $0 != 0x0D && $0 != 0x0A }) else { return }  // RFC 5626 keep-alive (CRLF)
        guard let message = try? SIPMessage.parse(bytes) else { return }
        let remote = envelope.remoteAddress
        let channel = context.channel
        server.handle(message, from: remote, transport: "UDP") { response in
            let buffer = channel.allocator.buffer(bytes: response.bytes)
            channel.writeAndFlush(AddressedEnvelope(remoteAddress: remote, data: buffer), promise: nil)
        }
    }
}

/// SIP over TCP or TLS (behind NIOSSL): messages framed by Content-Length (`SIPStreamFramer`); a
/// stream that stops making sense is closed.
final class SIPStreamHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let server: SIPRECServer
    private let transport: String
    private var framer = SIPStreamFramer()

    /// A handler for one connection over `transport` (`TCP` or `TLS`, as our Via names it).
    init(server: SIPRECServer, transport: String) {
        self.server = server
        self.transport = transport
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        framer.append(unwrapInboundIn(data).readableBytesView)
        let channel = context.channel
        let remote = channel.remoteAddress
        do {
            while let message = try framer.next() {
                server.handle(message, from: remote, transport: transport) { response in
                    channel.writeAndFlush(channel.allocator.buffer(bytes: response.bytes), promise: nil)
                }
            }
        } catch {
            context.close(promise: nil)
        }
    }
}

/// RTP on one leased port: every datagram goes to its call with the arrival time.
final class RTPReceiveHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>

    private let call: LiveCall
    private let local: Endpoint
    private let clock: @Sendable () -> Double

    init(call: LiveCall, local: Endpoint, clock: @escaping @Sendable () -> Double) {
        self.call = call
        self.local = local
        self.clock = clock
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        guard let ip = envelope.remoteAddress.ipAddress, let address = IPAddress(ip), let port = envelope.remoteAddress.port,
              let sourcePort = UInt16(exactly: port) else { return }
        let time = clock()
        envelope.data.withUnsafeReadableBytes { bytes in
            call.receive(bytes, from: Endpoint(address: address, port: sourcePort), on: local, at: time)
        }
    }
}
