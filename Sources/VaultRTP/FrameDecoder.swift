/// One UDP datagram seen by a capture, as decoded from its frame; `payload` is valid only inside
/// the callback that hands it out.
public struct CapturedDatagram {
    /// Capture time, seconds since the Unix epoch.
    public var time: Double
    /// The sender.
    public var source: Endpoint
    /// The receiver.
    public var destination: Endpoint
    /// The UDP payload, as far as the frame holds it.
    public var payload: UnsafeRawBufferPointer
    /// Whether the frame holds fewer payload bytes than the UDP header announced.
    public var truncated: Bool

    /// A datagram (tests and replays build their own).
    public init(time: Double, source: Endpoint, destination: Endpoint, payload: UnsafeRawBufferPointer, truncated: Bool = false) {
        self.time = time
        self.source = source
        self.destination = destination
        self.payload = payload
        self.truncated = truncated
    }
}

/// Decodes link-layer frames to the UDP datagrams they carry: Ethernet with VLAN tags, Linux
/// cooked v1/v2, raw IP and loopback; IPv4 with fragment reassembly, IPv6 with extension headers,
/// IP-in-IP; and SIP over TCP, each message reassembled from its segments (``TCPSIPStreams``) and
/// handed on as one datagram. The one reading of a frame, for capture files (``Capture``) and live
/// interfaces (``LiveCapture``) alike.
///
/// Fragments wait here until their datagram is whole; ``forgetFragments(olderThan:)`` bounds how
/// long (a live capture runs for months).
struct FrameDecoder {
    let layer: LinkLayer
    /// IP fragments that could not be used (yet, or at all).
    private(set) var fragmentsSkipped = 0
    private var fragments = [FragmentKey: FragmentBuffer]()
    private var tcp = TCPSIPStreams()

    init(layer: LinkLayer) { self.layer = layer }

    /// Decodes one frame captured at `time`, handing each UDP datagram in it to `emit`.
    mutating func decode(_ data: UnsafeRawBufferPointer, time: Double, _ emit: (CapturedDatagram) -> Void) {
        switch layer {
        case .ethernet:
            var offset = 12
            guard data.count >= 14 else { return }
            var type = be16(data, offset)
            offset += 2
            while type == 0x8100 || type == 0x88A8 || type == 0x9100 {
                guard data.count >= offset + 4 else { return }
                type = be16(data, offset + 2)
                offset += 4
            }
            etherType(type, UnsafeRawBufferPointer(rebasing: data[offset...]), time: time, emit)
        case .sll:
            guard data.count >= 16 else { return }
            etherType(be16(data, 14), UnsafeRawBufferPointer(rebasing: data[16...]), time: time, emit)
        case .sll2:
            guard data.count >= 20 else { return }
            etherType(be16(data, 0), UnsafeRawBufferPointer(rebasing: data[20...]), time: time, emit)
        case .raw:
            ip(data, time: time, emit)
        case .null, .loop:
            guard data.count >= 4 else { return }
            ip(UnsafeRawBufferPointer(rebasing: data[4...]), time: time, emit)
        }
    }

    /// Drops fragments whose datagram began before `time` and is still incomplete.
    mutating func forgetFragments(olderThan time: Double) {
        fragments = fragments.filter { $0.value.firstSeen >= time }
    }

    /// Drops the SIP-over-TCP directions idle since before `time`.
    mutating func forgetStreams(idleSince time: Double) {
        tcp.forget(idleSince: time)
    }

    private mutating func etherType(_ type: UInt16, _ data: UnsafeRawBufferPointer, time: Double, _ emit: (CapturedDatagram) -> Void) {
        if type == 0x0800 || type == 0x86DD { ip(data, time: time, emit) }
    }

    private mutating func ip(_ data: UnsafeRawBufferPointer, time: Double, depth: Int = 0, _ emit: (CapturedDatagram) -> Void) {
        guard !data.isEmpty, depth < 3 else { return }
        let version = data[0] >> 4
        if version == 4 {
            guard data.count >= 20 else { return }
            let ihl = Int(data[0] & 0x0F) * 4
            let total = Int(be16(data, 2))
            guard ihl >= 20, data.count >= ihl else { return }
            let end = min(data.count, total >= ihl ? total : data.count)
            let flags = be16(data, 6)
            let proto = data[9]
            let src = IPAddress(v4: UnsafeRawBufferPointer(rebasing: data[12..<16]))
            let dst = IPAddress(v4: UnsafeRawBufferPointer(rebasing: data[16..<20]))
            if flags & 0x2000 != 0 || flags & 0x1FFF != 0 {
                // A fragment: kept until its datagram is complete (SIP INVITEs are often fragmented).
                let key = FragmentKey(source: src, destination: dst, id: be16(data, 4), proto: proto)
                var entry = fragments[key] ?? FragmentBuffer(firstSeen: time)
                entry.parts[Int(flags & 0x1FFF) * 8] = Array(UnsafeRawBufferPointer(rebasing: data[ihl..<end]))
                if flags & 0x2000 == 0 { entry.total = Int(flags & 0x1FFF) * 8 + (end - ihl) }
                if let whole = entry.assembled() {
                    fragments[key] = nil
                    whole.withUnsafeBytes { body in
                        if proto == 17 { udp(body, src: src, dst: dst, time: time, emit) }
                        else if proto == 6 { tcp.segment(body, source: src, destination: dst, time: time, truncated: false, emit) }
                    }
                } else {
                    fragments[key] = entry
                    fragmentsSkipped += 1
                }
                return
            }
            let body = UnsafeRawBufferPointer(rebasing: data[ihl..<end])
            if proto == 17 {
                udp(body, src: src, dst: dst, time: time, emit)
            } else if proto == 6 {
                tcp.segment(body, source: src, destination: dst, time: time, truncated: data.count < total, emit)
            } else if proto == 4 || proto == 41 {
                ip(body, time: time, depth: depth + 1, emit)
            }
        } else if version == 6 {
            guard data.count >= 40 else { return }
            let payloadLength = Int(be16(data, 4))
            let end = min(data.count, 40 + payloadLength)
            var next = data[6]
            var offset = 40
            let src = IPAddress(v6: UnsafeRawBufferPointer(rebasing: data[8..<24]))
            let dst = IPAddress(v6: UnsafeRawBufferPointer(rebasing: data[24..<40]))
            while true {
                switch next {
                case 17:
                    guard offset <= end else { return }
                    udp(UnsafeRawBufferPointer(rebasing: data[offset..<end]), src: src, dst: dst, time: time, emit)
                    return
                case 6:
                    guard offset <= end else { return }
                    tcp.segment(UnsafeRawBufferPointer(rebasing: data[offset..<end]), source: src, destination: dst, time: time,
                                truncated: data.count < 40 + payloadLength, emit)
                    return
                case 4, 41:
                    guard offset <= end else { return }
                    ip(UnsafeRawBufferPointer(rebasing: data[offset..<end]), time: time, depth: depth + 1, emit)
                    return
                case 0, 43, 60:
                    guard end >= offset + 8 else { return }
                    next = data[offset]
                    offset += (Int(data[offset + 1]) + 1) * 8
                case 44:
                    guard end >= offset + 8 else { return }
                    let fragment = be16(data, offset + 2)
                    if fragment & 0xFFF9 != 0 {  // offset != 0 or more fragments
                        fragmentsSkipped += 1
                        return
                    }
                    next = data[offset]
                    offset += 8
                default:
                    return
                }
            }
        }
    }

    private func udp(_ data: UnsafeRawBufferPointer, src: IPAddress, dst: IPAddress, time: Double, _ emit: (CapturedDatagram) -> Void) {
        guard data.count >= 8 else { return }
        let length = Int(be16(data, 4))
        let declared = max(0, length - 8)
        let available = data.count - 8
        let count = length >= 8 ? min(declared, available) : available
        emit(CapturedDatagram(time: time, source: Endpoint(address: src, port: be16(data, 0)),
                         destination: Endpoint(address: dst, port: be16(data, 2)),
                         payload: UnsafeRawBufferPointer(rebasing: data[8..<(8 + count)]),
                         truncated: length >= 8 && available < declared))
    }
}

struct FragmentKey: Hashable, Sendable {
    var source: IPAddress
    var destination: IPAddress
    var id: UInt16
    var proto: UInt8
}

/// The fragments of one IPv4 datagram, by offset.
struct FragmentBuffer: Sendable {
    /// When its first fragment was seen.
    var firstSeen: Double
    var parts = [Int: [UInt8]]()
    var total: Int?

    /// The whole payload once every byte up to the last fragment is present.
    func assembled() -> [UInt8]? {
        guard let total else { return nil }
        var out = [UInt8]()
        out.reserveCapacity(total)
        while out.count < total {
            guard let part = parts[out.count], !part.isEmpty else { return nil }
            out += part
        }
        return out.count == total ? out : nil
    }
}

/// The link layers this build decodes.
enum LinkLayer {
    case ethernet, sll, sll2, raw, null, loop

    init?(dlt: Int32) {
        switch dlt {
        case 1: self = .ethernet           // DLT_EN10MB
        case 113: self = .sll              // DLT_LINUX_SLL
        case 276: self = .sll2             // DLT_LINUX_SLL2
        case 12, 14, 101, 228, 229: self = .raw  // DLT_RAW (Linux 12, BSD 14), LINKTYPE_RAW, IPV4, IPV6
        case 0: self = .null               // DLT_NULL (host-order family)
        case 108: self = .loop             // DLT_LOOP
        default: return nil
        }
    }
}

