import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A SIPREC client of the tests' own (an SRC, as an SBC would be): SIP over UDP, and RTP streams
/// of G.711 µ-law sent in real time from sockets of their own. Written from RFC 7866 and RFC 3550,
/// not from the server's code.
final class TestSRC: @unchecked Sendable {
    let serverPort: Int
    let callID: String
    let sip: UDPSocket
    private var cseq = 1
    private let fromTag = "src\(UInt32.random(in: 1...UInt32.max))"
    private(set) var toTag: String?

    init(serverPort: Int, callID: String = "siprec-\(UUID().uuidString)", localAddress: String = "127.0.0.1") throws {
        self.serverPort = serverPort
        self.callID = callID
        sip = try UDPSocket(address: localAddress)
    }

    /// The SDP offer: one sendonly PCMU line (with telephone-event) per label.
    static func offer(labels: [String], direction: String = "sendonly") -> String {
        var sdp = "v=0\r\no=SRC 1 1 IN IP4 127.0.0.1\r\ns=SIPREC\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
        for (i, label) in labels.enumerated() {
            sdp += "m=audio \(31000 + 2 * i) RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\na=label:\(label)\r\na=\(direction)\r\n"
        }
        return sdp
    }

    /// A request of this dialog, with `body` as one part or a multipart/mixed of SDP and metadata.
    func request(_ method: String, sdp: String?, metadata: String?, cseq number: Int? = nil, headers extra: [String] = []) -> String {
        let n = number ?? { cseq += 1; return cseq }()
        var body = "", contentType: String?
        switch (sdp, metadata) {
        case let (sdp?, metadata?):
            contentType = "multipart/mixed;boundary=OSS-unique-boundary-42"
            body = "--OSS-unique-boundary-42\r\nContent-Type: application/sdp\r\n\r\n\(sdp)\r\n"
                + "--OSS-unique-boundary-42\r\nContent-Type: application/rs-metadata+xml\r\nContent-Disposition: recording-session\r\n\r\n\(metadata)\r\n"
                + "--OSS-unique-boundary-42--\r\n"
        case let (sdp?, nil): contentType = "application/sdp"; body = sdp
        case let (nil, metadata?): contentType = "application/rs-metadata+xml"; body = metadata
        case (nil, nil): break
        }
        var text = "\(method) sip:srs@127.0.0.1:\(serverPort) SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP 127.0.0.1:\(sip.port);branch=z9hG4bK\(UInt32.random(in: 1...UInt32.max))\r\n"
            + "Max-Forwards: 70\r\nFrom: <sip:src@127.0.0.1>;tag=\(fromTag)\r\n"
            + "To: <sip:srs@127.0.0.1>\(toTag.map { ";tag=\($0)" } ?? "")\r\n"
            + "Call-ID: \(callID)\r\nCSeq: \(n) \(method)\r\nContact: <sip:src@127.0.0.1:\(sip.port)>\r\n"
        if method == "INVITE" { text += "Require: siprec\r\n" }
        for header in extra { text += header + "\r\n" }
        if let contentType { text += "Content-Type: \(contentType)\r\n" }
        text += "Content-Length: \(body.utf8.count)\r\n\r\n\(body)"
        return text
    }

    /// Sends a request and returns the final response's status line and body (retransmitting
    /// as RFC 3261 §17.1.1 says while no response comes).
    @discardableResult
    func send(_ request: String) throws -> (status: Int, headers: String, body: String) {
        for attempt in 0..<6 {
            try sip.send(Array(request.utf8), to: serverPort)
            let deadline = Date().addingTimeInterval(0.5 * Double(1 << attempt))
            while Date() < deadline {
                guard let reply = try sip.receive(timeout: deadline.timeIntervalSinceNow) else { break }
                let text = String(decoding: reply, as: UTF8.self)
                let parts = text.components(separatedBy: "\r\n\r\n")
                let statusLine = parts[0].split(separator: "\r\n").first ?? ""
                guard let status = Int(statusLine.split(separator: " ").dropFirst().first ?? ""), status >= 200 else { continue }
                if toTag == nil, let to = parts[0].split(separator: "\r\n").first(where: { $0.lowercased().hasPrefix("to:") }),
                   let range = to.range(of: ";tag=") {
                    toTag = String(to[range.upperBound...].prefix { $0 != ";" && $0 != ">" && $0 != " " })
                }
                return (status, parts[0], parts.dropFirst().joined(separator: "\r\n\r\n"))
            }
        }
        throw SRCError(message: "no final response to \(request.prefix(20))")
    }

    /// Waits up to `timeout` seconds for a request from the server (its BYE, say), answers it
    /// 200 OK and returns its text; nil when none came.
    func awaitRequest(timeout: Double) throws -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            guard let bytes = try sip.receive(timeout: deadline.timeIntervalSinceNow) else { return nil }
            let text = String(decoding: bytes, as: UTF8.self)
            guard !text.hasPrefix("SIP/2.0") else { continue }  // a late response
            let head = text.components(separatedBy: "\r\n\r\n")[0].split(separator: "\r\n")
            let copied = head.filter { line in ["via:", "from:", "to:", "call-id:", "cseq:"].contains { line.lowercased().hasPrefix($0) } }
            let ok = "SIP/2.0 200 OK\r\n" + copied.joined(separator: "\r\n") + "\r\nContent-Length: 0\r\n\r\n"
            try sip.send(Array(ok.utf8), to: serverPort)
            return text
        }
        return nil
    }

    /// Sends ACK for the INVITE's 2xx.
    func ack(cseq number: Int, sdp: String? = nil) throws {
        try sip.send(Array(request("ACK", sdp: sdp, metadata: nil, cseq: number).utf8), to: serverPort)
    }

    /// The audio ports of an SDP answer, in line order (0 for a refused line).
    static func ports(inAnswer sdp: String) -> [Int] {
        sdp.split(separator: "\r\n").filter { $0.hasPrefix("m=audio ") }.map { Int($0.split(separator: " ")[1]) ?? -1 }
    }
}

/// An RTP sender of G.711 µ-law, one SSRC, 20 ms packets.
final class RTPSender: @unchecked Sendable {  // used by one thread at a time
    let socket: UDPSocket
    let port: Int
    var ssrc = UInt32.random(in: 1...UInt32.max)
    var sequence = UInt16.random(in: 0...UInt16.max)
    var timestamp = UInt32.random(in: 0...UInt32.max)
    /// Samples sent so far (the tone's phase).
    private var sample = 0

    init(to port: Int) throws {
        socket = try UDPSocket()
        self.port = port
    }

    /// Sends the next 20 ms of a sine of `frequency` Hz (no send when `drop`, but time advances).
    func sendTone(_ frequency: Double, drop: Bool = false) throws {
        var payload = [UInt8](repeating: 0, count: 160)
        for i in 0..<160 {
            let value = 8000 * sin(2 * Double.pi * frequency * Double(sample + i) / 8000)
            payload[i] = Self.muLaw(Int16(value))
        }
        sample += 160
        if !drop { try socket.send(header(marker: false, payloadType: 0) + payload, to: port) }
        sequence &+= 1
        timestamp &+= 160
    }

    /// Sends one RFC 4733 telephone-event packet for `digit` (as the RTP of a key press does).
    func sendDTMF(_ digit: UInt8, end: Bool) throws {
        let payload: [UInt8] = [digit, end ? 0x8A : 0x0A, 0x03, 0x20]
        try socket.send(header(marker: !end, payloadType: 101) + payload, to: port)
        sequence &+= 1
    }

    private func header(marker: Bool, payloadType: UInt8) -> [UInt8] {
        [0x80, (marker ? 0x80 : 0) | payloadType, UInt8(sequence >> 8), UInt8(sequence & 0xFF),
         UInt8(timestamp >> 24), UInt8(timestamp >> 16 & 0xFF), UInt8(timestamp >> 8 & 0xFF), UInt8(timestamp & 0xFF),
         UInt8(ssrc >> 24), UInt8(ssrc >> 16 & 0xFF), UInt8(ssrc >> 8 & 0xFF), UInt8(ssrc & 0xFF)]
    }

    /// ITU-T G.711 µ-law encoding of one linear sample.
    static func muLaw(_ sample: Int16) -> UInt8 {
        let bias = 0x84, clip = 32635
        var value = Int(sample)
        let sign = value < 0 ? 0x80 : 0
        if value < 0 { value = -value }
        value = min(value, clip) + bias
        var exponent = 7
        var mask = 0x4000
        while exponent > 0 && value & mask == 0 { exponent -= 1; mask >>= 1 }
        let mantissa = (value >> (exponent + 3)) & 0x0F
        return UInt8(~(sign | exponent << 4 | mantissa) & 0xFF)
    }
}

/// A UDP socket on a loopback address (127.0.0.1 unless told) with a port of its own.
final class UDPSocket: @unchecked Sendable {
    let descriptor: Int32
    let port: Int

    init(address local: String = "127.0.0.1") throws {
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr(local)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard fd >= 0, bound == 0 else { throw SRCError(message: "cannot bind a UDP socket") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        descriptor = fd
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { close(descriptor) }

    func send(_ bytes: [UInt8], to port: Int) throws {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        let sent = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { sendto(descriptor, bytes, bytes.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard sent == bytes.count else { throw SRCError(message: "sendto failed") }
    }

    /// One datagram, or nil after `timeout` seconds.
    func receive(timeout: Double) throws -> [UInt8]? {
        var poll = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        guard Glibc.poll(&poll, 1, Int32(max(1, timeout * 1000))) > 0 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 65536)
        let count = recv(descriptor, &buffer, buffer.count, 0)
        return count > 0 ? Array(buffer.prefix(count)) : nil
    }
}

struct SRCError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
