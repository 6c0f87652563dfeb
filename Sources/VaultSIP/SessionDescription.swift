/// A session description (SDP, RFC 8866) as far as recording needs it: the connection address
/// and, per media line, its port, transport, payload formats with their encodings, label
/// (RFC 4574, how SIPREC names a stream), direction and SDES crypto attributes.
public struct SessionDescription: Sendable, Equatable {
    /// One `m=` line and its attributes.
    public struct Media: Sendable, Equatable {
        /// The media kind: "audio", "video", …
        public var kind: String
        /// The port (0: the stream is refused or disabled).
        public var port: Int
        /// The transport: "RTP/AVP", "RTP/SAVP", …
        public var transport: String
        /// The payload formats offered, in order of preference.
        public var formats: [Int]
        /// `a=rtpmap`: each format's encoding name (as written), clock rate and channels.
        public var encodings: [Int: Encoding]
        /// `a=label` (RFC 4574): the SIPREC stream's name, matched by the metadata.
        public var label: String?
        /// `a=sendonly`, `recvonly`, `sendrecv` or `inactive` (`sendrecv` when none is given).
        public var direction: Direction
        /// The media line's own `c=` address, when it has one.
        public var connection: String?
        /// `a=crypto` lines (RFC 4568), as written (they carry keys: never logged).
        public var crypto: [String]
        /// `a=ptime`, when given.
        public var ptime: Int?
    }

    /// A payload format's encoding.
    public struct Encoding: Sendable, Equatable {
        /// The encoding name, as written ("PCMU", "opus", "telephone-event").
        public var name: String
        /// The RTP clock rate.
        public var clockRate: Int
        /// Channels (1 when not given).
        public var channels: Int
    }

    /// Media direction.
    public enum Direction: String, Sendable, Equatable {
        /// The offerer only sends (a SIPREC client's streams).
        case sendonly
        /// The answerer only receives (the recorder's answer).
        case recvonly
        /// Both ways (the default when no direction is given).
        case sendrecv
        /// Neither: the stream is paused (a SIPREC pause).
        case inactive
    }

    /// The session-level `c=` address.
    public var connection: String?
    /// The session-level direction attribute, when given.
    public var direction: Direction?
    /// The media lines, in order.
    public var media: [Media]

    /// Parses SDP text; lines may end in CRLF or LF. Unknown lines and attributes are ignored;
    /// the static payload types a sender may leave without `a=rtpmap` get their RFC 3551 encoding.
    ///
    /// `lenient` (for captures, whose datagrams may be cut short): a line that cannot be read is
    /// skipped instead of refusing the whole description.
    public static func parse(_ text: String, lenient: Bool = false) throws(SIPError) -> SessionDescription {
        var sdp = SessionDescription(connection: nil, direction: nil, media: [])
        var sawVersion = false
        var explicit: [Bool] = []  // per media line: whether it states its own direction
        for line in text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            do throws(SIPError) {
            guard line.count >= 2, line[line.index(after: line.startIndex)] == "=" else { continue }
            let type = line.first!, value = String(line.dropFirst(2))
            switch type {
            case "v":
                sawVersion = true
            case "c":
                let parts = value.split(separator: " ")
                guard parts.count == 3 else { throw SIPError(.malformedSDP, "a c= line that is not 'IN IP4|IP6 address'") }
                guard let address = parts[2].split(separator: "/").first.map(String.init) else {
                    throw SIPError(.malformedSDP, "a c= line without an address")
                }
                if sdp.media.isEmpty { sdp.connection = address } else { sdp.media[sdp.media.count - 1].connection = address }
            case "m":
                let parts = value.split(separator: " ")
                guard parts.count >= 3, let portText = parts[1].split(separator: "/").first, let port = Int(portText), (0...65535).contains(port) else {
                    throw SIPError(.malformedSDP, "an m= line without a media kind, a port and a transport")
                }
                let formats = parts.dropFirst(3).compactMap { Int($0) }
                var media = Media(kind: String(parts[0]), port: port, transport: String(parts[2]), formats: formats, encodings: [:],
                                  label: nil, direction: .sendrecv, connection: nil, crypto: [], ptime: nil)
                for format in formats { media.encodings[format] = Self.staticEncodings[format] }
                sdp.media.append(media)
                explicit.append(false)
            case "a":
                let (name, attribute) = value.firstIndex(of: ":").map { (String(value[..<$0]), String(value[value.index(after: $0)...])) } ?? (value, "")
                if let direction = Direction(rawValue: name) {
                    if sdp.media.isEmpty {
                        sdp.direction = direction
                    } else {
                        sdp.media[sdp.media.count - 1].direction = direction
                        explicit[explicit.count - 1] = true
                    }
                    continue
                }
                guard !sdp.media.isEmpty else { continue }
                let m = sdp.media.count - 1
                switch name.lowercased() {
                case "label": sdp.media[m].label = attribute.trimmingWhitespace()
                case "crypto": sdp.media[m].crypto.append(attribute)
                case "ptime": sdp.media[m].ptime = Int(attribute.trimmingWhitespace())
                case "rtpmap":
                    let parts = attribute.split(separator: " ", maxSplits: 1)
                    guard parts.count == 2, let format = Int(parts[0]) else { throw SIPError(.malformedSDP, "an a=rtpmap without a payload type and an encoding") }
                    let encoding = parts[1].split(separator: "/")
                    guard encoding.count >= 2, let rate = Int(encoding[1]), rate > 0 else { throw SIPError(.malformedSDP, "an a=rtpmap without a clock rate") }
                    sdp.media[m].encodings[format] = Encoding(name: String(encoding[0]), clockRate: rate,
                                                              channels: encoding.count > 2 ? Int(encoding[2]) ?? 1 : 1)
                default: break
                }
            default:
                continue
            }
            } catch {
                if !lenient { throw error }
            }
        }
        guard sawVersion else { throw SIPError(.malformedSDP, "no v= line: not a session description") }
        if let direction = sdp.direction {
            for m in sdp.media.indices where !explicit[m] { sdp.media[m].direction = direction }  // the session's, unless a line says its own
        }
        return sdp
    }

    /// The session-level lines of a description the recorder writes (an answer, or a delayed
    /// offer's offer): origin, session name, where RTP must be sent, timing.
    static func sessionLines(address: String, sessionID: UInt64) -> String {
        let family = address.contains(":") ? "IP6" : "IP4"
        return "v=0\r\no=callvault \(sessionID) \(sessionID) IN \(family) \(address)\r\ns=callvault recording\r\nc=IN \(family) \(address)\r\nt=0 0\r\n"
    }

    /// An `a=rtpmap` line for payload `format`.
    static func rtpmapLine(_ format: Int, _ e: Encoding) -> String {
        "a=rtpmap:\(format) \(e.name)/\(e.clockRate)\(e.channels > 1 ? "/\(e.channels)" : "")\r\n"
    }

    /// RFC 3551's static audio payload types.
    static let staticEncodings: [Int: Encoding] = [
        0: Encoding(name: "PCMU", clockRate: 8000, channels: 1), 3: Encoding(name: "GSM", clockRate: 8000, channels: 1),
        4: Encoding(name: "G723", clockRate: 8000, channels: 1), 8: Encoding(name: "PCMA", clockRate: 8000, channels: 1),
        9: Encoding(name: "G722", clockRate: 8000, channels: 1), 18: Encoding(name: "G729", clockRate: 8000, channels: 1),
    ]

    /// The answer text (RFC 3264): one media line per offered one, in order; each accepted line
    /// (`accepted[i]` is its port and chosen payload format, and for SRTP the answer's own SDES
    /// key) is `recvonly` with that format (and telephone-event if offered), the others port 0.
    /// `address` is where RTP must be sent.
    public func answer(address: String, sessionID: UInt64, accepted: [(port: Int, format: Int, crypto: SDESCrypto?)?]) -> String {
        var text = Self.sessionLines(address: address, sessionID: sessionID)
        for (i, media) in self.media.enumerated() {
            guard i < accepted.count, let chosen = accepted[i] else {
                text += "m=\(media.kind) 0 \(media.transport) \(media.formats.first ?? 0)\r\n"
                continue
            }
            var formats = [chosen.format]
            if let dtmf = media.formats.first(where: { media.encodings[$0]?.name.lowercased() == "telephone-event" }) { formats.append(dtmf) }
            text += "m=\(media.kind) \(chosen.port) \(media.transport) \(formats.map(String.init).joined(separator: " "))\r\n"
            for format in formats {
                if let e = media.encodings[format] { text += Self.rtpmapLine(format, e) }
            }
            if let label = media.label { text += "a=label:\(label)\r\n" }
            if let crypto = chosen.crypto { text += "a=crypto:\(crypto.attribute)\r\n" }
            text += "a=recvonly\r\n"
        }
        return text
    }
}
