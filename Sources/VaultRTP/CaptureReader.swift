public import Foundation
internal import CVaultPcap

/// An IPv4 or IPv6 address, kept as 16 bytes (IPv4 as an IPv4-mapped IPv6 address).
public struct IPAddress: Hashable, Sendable, Comparable, CustomStringConvertible {
    var hi: UInt64
    var lo: UInt64

    /// Whether this is an IPv4 address.
    public var isIPv4: Bool { hi == 0 && lo >> 32 == 0xFFFF }

    init(v4 bytes: UnsafeRawBufferPointer) {
        hi = 0
        lo = 0xFFFF << 32 | UInt64(bytes[0]) << 24 | UInt64(bytes[1]) << 16 | UInt64(bytes[2]) << 8 | UInt64(bytes[3])
    }

    init(v6 bytes: UnsafeRawBufferPointer) {
        hi = 0
        lo = 0
        for i in 0..<8 { hi = hi << 8 | UInt64(bytes[i]) }
        for i in 8..<16 { lo = lo << 8 | UInt64(bytes[i]) }
    }

    /// Parses dotted IPv4 or textual IPv6; nil when it is neither.
    public init?(_ text: String) {
        var v4 = in_addr()
        var v6 = in6_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            self = withUnsafeBytes(of: &v4) { IPAddress(v4: $0) }
        } else if inet_pton(AF_INET6, text, &v6) == 1 {
            self = withUnsafeBytes(of: &v6) { IPAddress(v6: $0) }
        } else {
            return nil
        }
    }

    /// Dotted decimal for IPv4, RFC 5952 text for IPv6.
    public var description: String {
        if isIPv4 {
            return "\(lo >> 24 & 0xFF).\(lo >> 16 & 0xFF).\(lo >> 8 & 0xFF).\(lo & 0xFF)"
        }
        var bytes = [UInt8](repeating: 0, count: 16)
        for i in 0..<8 { bytes[i] = UInt8(truncatingIfNeeded: hi >> (56 - 8 * UInt64(i))) }
        for i in 0..<8 { bytes[8 + i] = UInt8(truncatingIfNeeded: lo >> (56 - 8 * UInt64(i))) }
        var text = [CChar](repeating: 0, count: 64)
        _ = inet_ntop(AF_INET6, bytes, &text, 64)
        return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Orders addresses numerically.
    public static func < (a: IPAddress, b: IPAddress) -> Bool { (a.hi, a.lo) < (b.hi, b.lo) }
}

/// A UDP endpoint: address and port.
public struct Endpoint: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The address.
    public var address: IPAddress
    /// The UDP port.
    public var port: UInt16

    /// Creates an endpoint.
    public init(address: IPAddress, port: UInt16) {
        self.address = address
        self.port = port
    }

    /// `a.b.c.d:port` or `[v6]:port`.
    public var description: String { address.isIPv4 ? "\(address):\(port)" : "[\(address)]:\(port)" }

    /// Orders by address, then port.
    public static func < (a: Endpoint, b: Endpoint) -> Bool { (a.address, a.port) < (b.address, b.port) }
}

/// The container a capture file uses.
public enum CaptureFormat: String, Sendable {
    /// libpcap's classic format.
    case pcap
    /// pcap next generation.
    case pcapng
    /// rtptools' `#!rtpplay1.0` format.
    case rtpdump
    /// RTP received live on the recorder's own sockets (never a file format: never sniffed or read).
    case live

    /// The format the first bytes of a file announce; nil when they announce none of these.
    public static func sniff(_ bytes: [UInt8]) -> CaptureFormat? {
        guard bytes.count >= 4 else { return nil }
        let magic = UInt32(bytes[0]) << 24 | UInt32(bytes[1]) << 16 | UInt32(bytes[2]) << 8 | UInt32(bytes[3])
        switch magic {
        case 0xA1B2_C3D4, 0xD4C3_B2A1, 0xA1B2_3C4D, 0x4D3C_B2A1: return .pcap
        case 0x0A0D_0D0A: return .pcapng
        default:
            return bytes.starts(with: Array("#!rtpplay".utf8)) ? .rtpdump : nil
        }
    }

    /// The format of the file at `url` by its magic bytes; nil when it is not a capture or cannot be read.
    public static func sniff(url: URL) -> CaptureFormat? {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return nil }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: 16) else { return nil }
        return sniff(Array(data))
    }
}

/// One UDP datagram of a capture: when it was seen, its endpoints and where its payload is.
public struct Datagram: Sendable {
    /// Capture time, seconds since the Unix epoch.
    public var time: Double
    /// The sender.
    public var source: Endpoint
    /// The receiver.
    public var destination: Endpoint
    /// The payload's offset in ``Capture/bytes``.
    public var offset: Int
    /// The payload's length (possibly shorter than the UDP length when the capture cut it).
    public var length: Int
    /// Whether the capture holds fewer payload bytes than the UDP header announced.
    public var truncated: Bool
}

/// Every UDP datagram of one capture file, payloads in one byte array.
public struct Capture: Sendable {
    /// The file.
    public var url: URL
    /// Its container.
    public var format: CaptureFormat
    /// The UDP payloads, back to back.
    public var bytes: [UInt8] = []
    /// The datagrams, in capture order.
    public var datagrams: [Datagram] = []
    /// Link-layer frames read.
    public var frames = 0
    /// IP fragments that could not be used (only unfragmented datagrams are read).
    public var fragmentsSkipped = 0
    /// Whether the file ends inside a record.
    public var cutMidFile = false

    /// Reads a pcap, pcapng or rtpdump file.
    public static func read(url: URL) throws -> Capture {
        guard FileManager.default.isReadableFile(atPath: url.path) else {
            throw RTPError(.unreadable, "\(url.path): cannot read the file")
        }
        guard let format = CaptureFormat.sniff(url: url) else {
            throw RTPError(.notACapture, "\(url.path): not a pcap, pcapng or rtpdump capture")
        }
        return try read(url: url, format: format)
    }

    private init(url: URL, format: CaptureFormat) {
        self.url = url
        self.format = format
    }

    /// A few datagrams captured live, as a capture of their own (for call finding's payload
    /// classification, which reads a capture).
    init(live datagrams: [(time: Double, source: Endpoint, destination: Endpoint, payload: [UInt8])]) {
        self.init(url: URL(fileURLWithPath: "live"), format: .live)
        for d in datagrams {
            self.datagrams.append(Datagram(time: d.time, source: d.source, destination: d.destination, offset: bytes.count,
                                           length: d.payload.count, truncated: false))
            bytes += d.payload
        }
    }

    /// Reads a capture whose format is already known (from its first bytes), front to back once:
    /// `url` may be a pipe (`/dev/fd/N`) whose first bytes nobody has consumed.
    public static func read(url: URL, format: CaptureFormat) throws -> Capture {
        guard format != .live else { throw RTPError(.notACapture, "\(url.path): a live capture is not read from a file") }
        var capture = Capture(url: url, format: format)
        if format == .rtpdump {
            try capture.readRTPDump()
        } else {
            try capture.readPcap()
        }
        return capture
    }

    // MARK: pcap / pcapng through libpcap

    private mutating func readPcap() throws {
        let file = try PcapFile(url: url)
        let link = file.linkType
        guard LinkLayer(dlt: link) != nil else {
            throw RTPError(.unsupportedLinkType, "\(url.path): link type \(file.linkTypeName) (\(link)) is not supported (Ethernet, Linux cooked, raw IP and loopback are)")
        }
        var decoder = FrameDecoder(layer: LinkLayer(dlt: link)!)
        defer { fragmentsSkipped = decoder.fragmentsSkipped }
        while true {
            let status = try file.next { time, data in
                frames += 1
                decoder.decode(data, time: time) { append($0) }
            }
            if status == .end { break }
            if status == .truncated {
                if frames == 0 { throw RTPError(.truncated, "\(url.path): the capture is cut before its first packet") }
                cutMidFile = true
                break
            }
        }
    }

    /// Keeps one decoded datagram's payload.
    private mutating func append(_ datagram: CapturedDatagram) {
        datagrams.append(Datagram(time: datagram.time, source: datagram.source, destination: datagram.destination,
                                  offset: bytes.count, length: datagram.payload.count, truncated: datagram.truncated))
        bytes.append(contentsOf: datagram.payload)
    }

    // MARK: rtpdump (rtptools)

    private mutating func readRTPDump() throws {
        let data: [UInt8]
        do {
            // Through a file handle, not `Data(contentsOf:)`, which refuses a pipe (`/dev/fd/N`).
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            data = Array(try handle.readToEnd() ?? Data())
        } catch {
            throw RTPError(.unreadable, "\(url.path): cannot read the file: \(error.localizedDescription)")
        }
        guard let newline = data.firstIndex(of: 0x0A) else {
            throw RTPError(.truncated, "\(url.path): the rtpdump header line is not terminated")
        }
        let line = String(decoding: data[0..<newline], as: UTF8.self)
        // "#!rtpplay1.0 address/port"
        var destination = Endpoint(address: IPAddress("0.0.0.0")!, port: 0)
        if let spec = line.split(separator: " ").dropFirst().first {
            let parts = spec.split(separator: "/")
            if parts.count == 2, let address = IPAddress(String(parts[0])), let port = UInt16(parts[1]) {
                destination = Endpoint(address: address, port: port)
            }
        }
        var offset = newline + 1
        guard data.count >= offset + 16 else {
            throw RTPError(.truncated, "\(url.path): the rtpdump file header is cut short")
        }
        let seconds = Double(be32(data, offset)), micros = Double(be32(data, offset + 4))
        let start = seconds + micros / 1e6
        let source = Endpoint(address: IPAddress("0.0.0.0")!, port: 0)
        offset += 16
        while offset < data.count {
            guard data.count >= offset + 8 else { cutMidFile = true; break }
            let length = Int(be16(data, offset))
            let packetLength = Int(be16(data, offset + 2))
            let millis = Double(be32(data, offset + 4))
            guard length >= 8 else { cutMidFile = true; break }
            let end = offset + length
            frames += 1
            let bodyEnd = min(end, data.count)
            if packetLength > 0 {  // plen 0 marks RTCP
                let body = data[(offset + 8)..<bodyEnd]
                datagrams.append(Datagram(time: start + millis / 1000, source: source, destination: destination,
                                          offset: bytes.count, length: body.count, truncated: end > data.count))
                bytes.append(contentsOf: body)
            }
            if end > data.count { cutMidFile = true; break }
            offset = end
        }
        if frames == 0 && cutMidFile { throw RTPError(.truncated, "\(url.path): the rtpdump file is cut before its first packet") }
    }
}

@inline(__always) func be16(_ data: UnsafeRawBufferPointer, _ offset: Int) -> UInt16 {
    UInt16(data[offset]) << 8 | UInt16(data[offset + 1])
}

@inline(__always) func be16(_ data: [UInt8], _ offset: Int) -> UInt16 {
    UInt16(data[offset]) << 8 | UInt16(data[offset + 1])
}

@inline(__always) func be32(_ data: [UInt8], _ offset: Int) -> UInt32 {
    UInt32(data[offset]) << 24 | UInt32(data[offset + 1]) << 16 | UInt32(data[offset + 2]) << 8 | UInt32(data[offset + 3])
}

/// One libpcap offline handle (pcap or pcapng). Owns the `pcap_t`; not `Sendable`.
final class PcapFile {
    enum Status { case packet, end, truncated }
    private let handle: OpaquePointer
    let url: URL

    init(url: URL) throws {
        self.url = url
        var errorBuffer = [CChar](repeating: 0, count: Int(PCAP_ERRBUF_SIZE) + 1)
        guard let handle = pcap_open_offline(url.path, &errorBuffer) else {
            let reason = String(decoding: errorBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            let code: RTPError.Code = reason.contains("truncated") || reason.contains("cut short") ? .truncated : .notACapture
            throw RTPError(code, "\(url.path): libpcap cannot read it: \(reason)")
        }
        self.handle = handle
    }

    deinit { pcap_close(handle) }

    var linkType: Int32 { pcap_datalink(handle) }

    var linkTypeName: String {
        pcap_datalink_val_to_name(linkType).map { String(cString: $0) } ?? "unknown"
    }

    /// Reads the next frame and hands it to `body`.
    func next(_ body: (Double, UnsafeRawBufferPointer) -> Void) throws -> Status {
        var header: UnsafeMutablePointer<pcap_pkthdr>?
        var data: UnsafePointer<UInt8>?
        let result = pcap_next_ex(handle, &header, &data)
        switch result {
        case 1:
            guard let header, let data else { return .packet }
            let time = Double(header.pointee.ts.tv_sec) + Double(header.pointee.ts.tv_usec) / 1e6
            body(time, UnsafeRawBufferPointer(start: data, count: Int(header.pointee.caplen)))
            return .packet
        case PCAP_ERROR_BREAK:
            return .end
        default:
            let reason = String(cString: pcap_geterr(handle))
            if reason.contains("truncated") || reason.contains("cut short") || reason.contains("EOF") { return .truncated }
            throw RTPError(.truncated, "\(url.path): libpcap stopped reading: \(reason)")
        }
    }
}
