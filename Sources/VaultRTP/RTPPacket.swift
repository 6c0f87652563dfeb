public import VaultAudio

/// One RTP packet (RFC 3550) of a capture: its header fields and where its payload is.
public struct RTPPacket: Sendable {
    /// The datagram's index in ``Capture/datagrams``.
    public var datagram: Int
    /// Capture time, seconds since the Unix epoch.
    public var time: Double
    /// Payload type (7 bits).
    public var payloadType: UInt8
    /// The marker bit.
    public var marker: Bool
    /// Sequence number.
    public var sequence: UInt16
    /// RTP timestamp.
    public var timestamp: UInt32
    /// Synchronisation source.
    public var ssrc: UInt32
    /// The payload's offset in ``Capture/bytes`` (after CSRCs, extension; before padding).
    public var payloadOffset: Int
    /// The payload's length.
    public var payloadLength: Int

    /// Parses the RTP header of `datagram`; nil when it is not RTP version 2, is RTCP (payload
    /// types 72-76 with the marker, i.e. packet types 200-204), or its lengths do not add up.
    /// A datagram the capture truncated keeps what is left of its payload.
    public static func parse(_ capture: Capture, datagram index: Int) -> RTPPacket? {
        let d = capture.datagrams[index]
        return capture.bytes.withUnsafeBufferPointer { all -> RTPPacket? in
            guard let h = Header(UnsafeBufferPointer(rebasing: all[d.offset..<(d.offset + d.length)]), truncated: d.truncated) else { return nil }
            return RTPPacket(datagram: index, time: d.time, payloadType: h.payloadType, marker: h.marker, sequence: h.sequence,
                             timestamp: h.timestamp, ssrc: h.ssrc, payloadOffset: d.offset + h.payloadStart,
                             payloadLength: h.payloadEnd - h.payloadStart)
        }
    }

    /// An RTP header read from a datagram's bytes: the one reading of RFC 3550's fixed header,
    /// CSRCs, extension and padding, for captures and for live sockets alike.
    struct Header {
        var payloadType: UInt8, marker: Bool, sequence: UInt16, timestamp: UInt32, ssrc: UInt32
        /// The payload's range within the datagram.
        var payloadStart: Int, payloadEnd: Int

        /// Nil when `b` is not RTP version 2, is RTCP (payload types 72-76 with the marker, i.e.
        /// packet types 200-204), or its lengths do not add up. A datagram the capture truncated
        /// keeps what is left of its payload (its padding cannot be read).
        init?(_ b: UnsafeBufferPointer<UInt8>, truncated: Bool) {
            guard b.count >= 12, b[0] >> 6 == 2 else { return nil }
            let pt = b[1] & 0x7F
            guard !(72...76).contains(pt) else { return nil }  // RTCP SR/RR/SDES/BYE/APP
            let csrc = Int(b[0] & 0x0F)
            var start = 12 + 4 * csrc
            if b[0] & 0x10 != 0 {
                guard b.count >= start + 4 else { return nil }
                start += 4 + 4 * (Int(b[start + 2]) << 8 | Int(b[start + 3]))
            }
            var end = b.count
            if b[0] & 0x20 != 0 && !truncated {
                let padding = Int(b[b.count - 1])
                guard padding > 0, end - padding >= start else { return nil }
                end -= padding
            }
            guard start <= end else { return nil }
            payloadType = pt
            marker = b[1] & 0x80 != 0
            sequence = UInt16(b[2]) << 8 | UInt16(b[3])
            timestamp = UInt32(b[4]) << 24 | UInt32(b[5]) << 16 | UInt32(b[6]) << 8 | UInt32(b[7])
            ssrc = UInt32(b[8]) << 24 | UInt32(b[9]) << 16 | UInt32(b[10]) << 8 | UInt32(b[11])
            payloadStart = start
            payloadEnd = end
        }
    }
}

/// What a payload type carries in one stream.
public enum PayloadKind: Sendable, Equatable {
    /// Audio this build decodes.
    case audio(RTPAudioCodec)
    /// Comfort noise (RFC 3389): rendered as silence.
    case comfortNoise
    /// RFC 4733 telephone events: counted, never rendered, digits never kept.
    case telephoneEvent
    /// A payload this build cannot decode, by name (e.g. `G729`).
    case unsupported(String)
}

/// The encoding names of the static payload types (RFC 3551).
let staticPayloadNames: [UInt8: String] = [
    0: "PCMU", 2: "G726-32", 3: "GSM", 4: "G723", 5: "DVI4", 6: "DVI4", 7: "LPC", 8: "PCMA", 9: "G722",
    10: "L16", 11: "L16", 12: "QCELP", 13: "CN", 14: "MPA", 15: "G728", 16: "DVI4", 17: "DVI4", 18: "G729",
]

/// The kind of an encoding name from an SDP `a=rtpmap` (case-insensitive).
/// Whether this build decodes audio named `name` in an SDP `a=rtpmap` (PCMU, PCMA, G722, opus).
public func decodesAudio(encodingName name: String) -> Bool {
    if case .audio = payloadKind(encodingName: name) { return true }
    return false
}

/// What an encoding name in an SDP `a=rtpmap` (or a static type's RFC 3551 name) carries.
func payloadKind(encodingName name: String) -> PayloadKind {
    switch name.lowercased() {
    case "pcmu": .audio(.pcmu)
    case "pcma": .audio(.pcma)
    case "g722": .audio(.g722)
    case "opus": .audio(.opus)
    case "cn": .comfortNoise
    case "telephone-event": .telephoneEvent
    default: .unsupported(name.uppercased())
    }
}
