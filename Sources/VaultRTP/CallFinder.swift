import Foundation
public import VaultAudio

/// Which party the vault's subject is: the called number (outbound, the default) or the calling one.
public enum CallDirection: String, Sendable, CaseIterable {
    /// The agent called the customer: the subject is the callee (To).
    case outbound
    /// The customer called in: the subject is the caller (From).
    case inbound
}

/// One RTP stream: the packets of one SSRC from one endpoint to another, and what they carry.
public struct RTPStream: Sendable {
    /// The sender.
    public var source: Endpoint
    /// The receiver.
    public var destination: Endpoint
    /// The synchronisation source.
    public var ssrc: UInt32
    /// The packets in capture order (duplicates included).
    public var packets: [RTPPacket]
    /// What each payload type carries.
    public var kinds: [UInt8: PayloadKind]

    /// When the first packet was captured.
    public var firstTime: Double { packets.first?.time ?? 0 }
    /// When the last packet was captured.
    public var lastTime: Double { packets.last?.time ?? 0 }
    /// `src -> dst ssrc=0x…`.
    public var label: String { "\(source) -> \(destination) ssrc=0x\(String(ssrc, radix: 16))" }

    /// The audio codec most of the stream's packets carry, if any.
    public var mainCodec: RTPAudioCodec? {
        var counts = [RTPAudioCodec: Int]()
        for packet in packets { if case .audio(let codec)? = kinds[packet.payloadType] { counts[codec, default: 0] += 1 } }
        return counts.max { $0.value < $1.value }?.key
    }

    /// Names of the payloads in this stream that cannot be decoded, with packet counts.
    public var unsupportedPayloads: [String: Int] {
        var out = [String: Int]()
        for packet in packets { if case .unsupported(let name)? = kinds[packet.payloadType] { out[name, default: 0] += 1 } }
        return out
    }
}

/// One call found in a capture: the streams of each direction, and what SIP said about it.
public struct RTPCall: Sendable {
    /// The call's position in the capture (1-based, by first packet).
    public var index: Int
    /// The capture it came from.
    public var capture: Capture
    /// Streams rendered on the left channel: the SIP caller (From), or without SIP the direction heard first.
    public var left: [RTPStream]
    /// Streams rendered on the right channel: the callee (To), or the other direction.
    public var right: [RTPStream]
    /// The SIP Call-ID, when signalling was captured. Not stored in clear (see ``metadata``).
    public var callID: String?
    /// The caller's user part (From), when signalling was captured. Never stored in clear.
    public var fromUser: String?
    /// The callee's user part (To), when signalling was captured. Never stored in clear.
    public var toUser: String?
    /// When SIP moved the call's media to T.38 fax (an answered offer with `m=image`), capture time.
    public var faxSince: Double?
    /// UDP datagrams on the call's fax endpoints while they carried T.38 (UDPTL), not taken as RTP.
    public var t38Packets = 0

    /// Capture time of the call's first RTP packet.
    public var firstTime: Double { (left + right).map(\.firstTime).min() ?? 0 }
    /// Capture time of the call's last RTP packet.
    public var lastTime: Double { (left + right).map(\.lastTime).max() ?? 0 }
    /// Every stream, left first.
    public var streams: [RTPStream] { left + right }

    /// Whether any stream carries audio this build decodes (or telephone events only: a silent recording).
    public var isDecodable: Bool {
        streams.contains { $0.mainCodec != nil } || !streams.contains { !$0.unsupportedPayloads.isEmpty }
    }

    /// Payloads that cannot be decoded, per stream, e.g. `10.0.0.1:4000 -> 10.0.0.2:5000 ssrc=0x1: G729 (1071 packets)`.
    public var unsupportedReport: [String] {
        streams.flatMap { stream in
            stream.unsupportedPayloads.sorted { $0.key < $1.key }.map { "\(stream.label): \($0.key) (\($0.value) packets)" }
        }
    }

    /// The number of the subject: the callee for outbound calls, the caller for inbound ones.
    public func subjectUser(direction: CallDirection) -> String? {
        direction == .outbound ? toUser : fromUser
    }

    /// Assembles the call: statistics, DTMF events, and the stereo source (built lazily by ``makeSource()``).
    public func assemble(limits: AudioLimits = AudioLimits()) throws -> AssembledCall { try AssembledCall(self, limits: limits) }
}

/// Finds the calls in a capture.
public enum CallFinder {
    /// Every call in `capture`, in order of first packet. Throws ``RTPError/Code/noRTP`` when
    /// there is none.
    public static func calls(in capture: Capture) throws -> [RTPCall] {
        let dialogs = SIPDialog.dialogs(in: capture)
        var sdpEndpoints = Set<Endpoint>()
        for dialog in dialogs { sdpEndpoints.formUnion(dialog.callerMedia + dialog.calleeMedia) }

        // 1. Candidate streams by (source, destination, SSRC).
        let candidates = candidateStreams(in: capture)

        // 2. Keep what looks like RTP: steady sequence progression, enough packets (or named by SDP).
        var streams = [RTPStream]()
        for (key, packets) in candidates {
            let signalled = sdpEndpoints.contains(key.source) || sdpEndpoints.contains(key.destination)
            guard signalled ? packets.count >= 1 : looksLikeRTP(packets, source: key.source, destination: key.destination) else { continue }
            let dialog = dialogs.first { $0.names(key.source) || $0.names(key.destination) }
            var kinds = classify(packets, capture: capture, rtpmap: dialog?.rtpmap ?? [:])
            if dialog?.encrypted == true {
                // SRTP (RTP/SAVP): the payloads are encrypted; without the keys they are not audio.
                for (pt, kind) in kinds {
                    if case .audio(let codec) = kind { kinds[pt] = .unsupported("SRTP-encrypted \(codec.rawValue)") }
                }
            }
            // Datagrams on a port that an answered SDP moved to T.38 (m=image) are UDPTL while it
            // stays there, not RTP.
            var kept = packets
            if let dialog {
                for interval in dialog.imageMedia where interval.endpoint == key.source || interval.endpoint == key.destination {
                    kept.removeAll { interval.contains($0.time) }
                }
                if kept.isEmpty { continue }
            }
            streams.append(RTPStream(source: key.source, destination: key.destination, ssrc: key.ssrc, packets: kept, kinds: kinds))
        }
        guard !streams.isEmpty else {
            throw RTPError(.noRTP, "\(capture.url.path): no RTP stream found in the capture (\(capture.datagrams.count) UDP datagrams)")
        }

        // 3. Group into calls: by SIP dialog where the SDP names the endpoints, else by endpoint pair.
        struct Group { var dialog: SIPDialog?; var pair: [Endpoint]; var left: [RTPStream] = []; var right: [RTPStream] = []; var first: Double }
        var groups = [Group]()
        for stream in streams {
            if let d = dialogs.firstIndex(where: { $0.names(stream.source) || $0.names(stream.destination) }) {
                let dialog = dialogs[d]
                let fromCaller = dialog.isFromCaller(source: stream.source, destination: stream.destination)
                if let g = groups.firstIndex(where: { $0.dialog?.callID == dialog.callID }) {
                    if fromCaller { groups[g].left.append(stream) } else { groups[g].right.append(stream) }
                    groups[g].first = min(groups[g].first, stream.firstTime)
                } else {
                    var group = Group(dialog: dialog, pair: [], first: stream.firstTime)
                    if fromCaller { group.left.append(stream) } else { group.right.append(stream) }
                    groups.append(group)
                }
                continue
            }
            let pair = [stream.source, stream.destination].sorted()
            if let g = groups.firstIndex(where: { $0.dialog == nil && $0.pair == pair }) {
                // The direction heard first is on the left.
                let leftSource = groups[g].left.first?.source ?? groups[g].right.first?.destination
                if stream.source == leftSource { groups[g].left.append(stream) } else { groups[g].right.append(stream) }
                groups[g].first = min(groups[g].first, stream.firstTime)
            } else {
                groups.append(Group(dialog: nil, pair: pair, left: [stream], first: stream.firstTime))
            }
        }
        // A side with two different flows at once (SIPREC: one per participant) gives one to an empty side.
        for g in groups.indices where groups[g].right.isEmpty {
            let all = groups[g].left
            guard let firstFlow = all.first.map({ [$0.source, $0.destination] }) else { continue }
            if Set(all.map { [$0.source, $0.destination] }).count == 2 {
                groups[g].left = all.filter { [$0.source, $0.destination] == firstFlow }
                groups[g].right = all.filter { [$0.source, $0.destination] != firstFlow }
            }
        }
        groups.sort { $0.first < $1.first }
        return groups.enumerated().map { i, group in
            var call = RTPCall(index: i + 1, capture: capture, left: group.left.sorted { $0.firstTime < $1.firstTime },
                               right: group.right.sorted { $0.firstTime < $1.firstTime },
                               callID: group.dialog?.callID, fromUser: group.dialog?.fromUser, toUser: group.dialog?.toUser)
            if let intervals = group.dialog?.imageMedia, !intervals.isEmpty {
                call.faxSince = intervals.map(\.since).min()
                call.t38Packets = faxDatagrams(in: capture, intervals: intervals)
            }
            return call
        }
    }

    /// A stream's identity: who sent it, to where, under which SSRC.
    struct StreamKey: Hashable { var source: Endpoint; var destination: Endpoint; var ssrc: UInt32 }

    /// The RTP packets of a capture by stream, in order of first packet.
    static func candidateStreams(in capture: Capture) -> [(key: StreamKey, packets: [RTPPacket])] {
        var order = [StreamKey]()
        var packetsByKey = [StreamKey: [RTPPacket]]()
        for index in capture.datagrams.indices {
            guard let packet = RTPPacket.parse(capture, datagram: index) else { continue }
            let d = capture.datagrams[index]
            let key = StreamKey(source: d.source, destination: d.destination, ssrc: packet.ssrc)
            if packetsByKey[key] == nil { order.append(key) }
            packetsByKey[key, default: []].append(packet)
        }
        return order.map { ($0, packetsByKey[$0]!) }
    }

    /// The datagrams sent from or to an endpoint while SDP had it on T.38 (each counted once).
    static func faxDatagrams(in capture: Capture, intervals: [ImageInterval]) -> Int {
        capture.datagrams.reduce(0) { count, d in
            intervals.contains { ($0.endpoint == d.source || $0.endpoint == d.destination) && $0.contains(d.time) } ? count + 1 : count
        }
    }

    /// The RTP heuristic for streams no SDP names: at least 3 packets of one SSRC whose sequence
    /// numbers mostly step forward by small amounts, in payload types that are not RTCP.
    static func looksLikeRTP(_ packets: [RTPPacket], source: Endpoint, destination: Endpoint) -> Bool {
        guard packets.count >= 3 else { return false }
        // Well-known non-media ports (DNS, DHCP, NTP, NetBIOS, SNMP, IKE, syslog, SSDP, mDNS, SIP).
        let reserved: Set<UInt16> = [53, 67, 68, 123, 137, 138, 161, 162, 500, 514, 1900, 4500, 5060, 5061, 5353]
        guard !reserved.contains(source.port), !reserved.contains(destination.port) else { return false }
        var steady = 0, forward = 0
        var types = [UInt8: Int]()
        for packet in packets { types[packet.payloadType, default: 0] += 1 }
        for i in 1..<packets.count {
            let delta = Int16(bitPattern: packets[i].sequence &- packets[i - 1].sequence)
            if delta >= -64 && delta <= 128 { steady += 1 }
            if Int32(bitPattern: packets[i].timestamp &- packets[i - 1].timestamp) >= 0 { forward += 1 }
        }
        let pairs = Double(packets.count - 1)
        return Double(steady) >= 0.75 * pairs && Double(forward) >= 0.75 * pairs
            && Double(types.values.max() ?? 0) >= 0.5 * Double(packets.count)
    }

    /// What each payload type of one stream carries: static types by RFC 3551, dynamic ones by
    /// the SDP's rtpmap, else by their shape (telephone events: 4-byte payloads with an event
    /// code ≤ 16; Opus: valid TOC bytes whose frame lengths match the 48 kHz timestamp steps).
    static func classify(_ packets: [RTPPacket], capture: Capture, rtpmap: [UInt8: String]) -> [UInt8: PayloadKind] {
        var byType = [UInt8: [RTPPacket]]()
        for packet in packets { byType[packet.payloadType, default: []].append(packet) }
        var kinds = [UInt8: PayloadKind]()
        for (pt, list) in byType {
            if let name = rtpmap[pt] {
                kinds[pt] = payloadKind(encodingName: name)
            } else if pt < 35, let name = staticPayloadNames[pt] {
                kinds[pt] = payloadKind(encodingName: name)
            } else if pt < 96 && pt >= 35 && pt < 72 || pt < 35 {
                kinds[pt] = .unsupported("PT \(pt)")
            } else if isTelephoneEvent(list, capture: capture) {
                kinds[pt] = .telephoneEvent
            } else if isOpus(list, capture: capture) {
                kinds[pt] = .audio(.opus)
            } else {
                kinds[pt] = .unsupported("dynamic PT \(pt)")
            }
        }
        return kinds
    }

    static func isTelephoneEvent(_ packets: [RTPPacket], capture: Capture) -> Bool {
        packets.allSatisfy { $0.payloadLength == 4 && capture.bytes[$0.payloadOffset] <= 16 }
    }

    static func isOpus(_ packets: [RTPPacket], capture: Capture) -> Bool {
        let sorted = packets.sorted { $0.sequence &- packets[0].sequence < $1.sequence &- packets[0].sequence }
        var frames = [Int?]()
        capture.bytes.withUnsafeBytes { all in
            for p in sorted {
                frames.append(RTPPayloadDecoder.opusFrames(UnsafeRawBufferPointer(rebasing: all[p.payloadOffset..<(p.payloadOffset + p.payloadLength)])))
            }
        }
        let valid = frames.compactMap { $0 }.count
        guard valid * 10 >= frames.count * 9 else { return false }
        guard sorted.count >= 10 else { return false }
        var matching = 0, pairs = 0
        for i in 1..<sorted.count where sorted[i].sequence == sorted[i - 1].sequence &+ 1 {
            pairs += 1
            if let f = frames[i - 1], sorted[i].timestamp &- sorted[i - 1].timestamp == UInt32(f) { matching += 1 }
        }
        return pairs >= 5 && matching * 2 >= pairs
    }
}
