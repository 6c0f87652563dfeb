import Foundation
import VaultSIP

/// What the SIP signalling of one dialog (one Call-ID) says about its media: the caller's and
/// the callee's SDP (addresses, ports, payload-type map), the From/To user parts and the times.
struct SIPDialog {
    var callID: String
    var fromUser: String?
    var toUser: String?
    var inviteTime: Double?
    var byeTime: Double?
    /// When the last message of the dialog was seen.
    var lastMessage = 0.0
    /// The caller's From tag (from the first INVITE).
    var callerTag: String?
    /// Media endpoints from the INVITE's SDP (offer) and from the 200 OK's SDP (answer).
    var callerMedia: [Endpoint] = []
    var calleeMedia: [Endpoint] = []
    /// Payload type → encoding name, from every SDP of the dialog.
    var rtpmap: [UInt8: String] = [:]
    /// Endpoints an answered offer moved to T.38 fax (m=image): from the answer's time until a
    /// later answered offer moves them back to audio (nil: to the end of the capture).
    var imageMedia: [ImageInterval] = []
    /// The last offer's m=image and m=audio endpoints, applied only once it is answered with SDP.
    var pendingImage: [Endpoint] = []
    var pendingAudio: [Endpoint] = []
    /// Whether an SDP offered SRTP (RTP/SAVP or RTP/SAVPF).
    var encrypted = false
    /// The encodings the last answer (200 OK SDP) chose.
    var answered: [String] = []

    /// Reads every SIP message over UDP in `capture`, keyed by Call-ID, in first-seen order.
    static func dialogs(in capture: Capture) -> [SIPDialog] {
        var order = [String]()
        var byID = [String: SIPDialog]()
        for datagram in capture.datagrams where datagram.length > 16 {
            let message = capture.bytes.withUnsafeBytes { all in
                // A capture may have cut the datagram short: its body is what arrived.
                Self.message(in: UnsafeRawBufferPointer(rebasing: all[datagram.offset..<(datagram.offset + datagram.length)]))
            }
            guard let message, let callID = message["Call-ID"] else { continue }
            if byID[callID] == nil { order.append(callID) }
            byID[callID, default: SIPDialog(callID: callID)].observe(message, time: datagram.time)
        }
        return order.compactMap { byID[$0] }.filter(\.hasMedia)
    }

    /// The SIP message a UDP payload holds (its body as far as it arrived), or nil when it holds none.
    static func message(in payload: UnsafeRawBufferPointer) -> SIPMessage? {
        guard payload.count > 16, let first = payload.first, first >= 0x41, first <= 0x5A else { return nil }  // an upper-case letter
        return try? SIPMessage.parse(Array(payload), shortBody: true)
    }

    /// Whether an SDP of the dialog named a media endpoint.
    var hasMedia: Bool { !callerMedia.isEmpty || !calleeMedia.isEmpty }

    /// Whether the SDP names `endpoint` as one of the dialog's media endpoints.
    func names(_ endpoint: Endpoint) -> Bool { callerMedia.contains(endpoint) || calleeMedia.contains(endpoint) }

    /// Whether a stream from `source` to `destination` is the caller's (left channel): it comes
    /// from the offer's endpoint or goes to the answer's.
    func isFromCaller(source: Endpoint, destination: Endpoint) -> Bool {
        callerMedia.contains(source) || calleeMedia.contains(destination)
    }

    /// Whether a datagram from or to `endpoint` at `time` is on a port SDP moved to T.38 fax.
    func carriesFax(_ endpoint: Endpoint, at time: Double) -> Bool {
        imageMedia.contains { $0.endpoint == endpoint && $0.contains(time) }
    }

    /// Takes one message of the dialog, seen at `time`: INVITE (its From/To and offer), the 200 OK
    /// to an INVITE (the answer), UPDATE with SDP, BYE.
    mutating func observe(_ message: SIPMessage, time: Double) {
        lastMessage = time
        let method = message.cseq?.method
        // Who sent a request (a response's From is its request's): the caller's tag is the first
        // INVITE's From tag, so a re-INVITE or UPDATE from the callee offers the callee's media.
        let fromTag = message["From"].flatMap(SIPMessage.tag(of:))
        let byCaller = callerTag == nil || fromTag == nil || fromTag == callerTag
        if message.method == "INVITE" {
            if inviteTime == nil {
                inviteTime = time
                fromUser = message["From"].flatMap(SIPMessage.user)
                toUser = message["To"].flatMap(SIPMessage.user)
                callerTag = fromTag
            }
            if let sdp = message.sdp { merge(sdp, offer: true, fromCaller: byCaller, time: time) }
        } else if message.status == 200, method == "INVITE" {
            if fromUser == nil {
                fromUser = message["From"].flatMap(SIPMessage.user)
                toUser = message["To"].flatMap(SIPMessage.user)
                callerTag = fromTag
            }
            if let sdp = message.sdp { merge(sdp, offer: false, fromCaller: !byCaller, time: time) }
        } else if message.method == "BYE" {
            byeTime = byeTime ?? time
        } else if message.method == "UPDATE", let sdp = message.sdp {
            merge(sdp, offer: true, fromCaller: byCaller, time: time)
        }
    }

    /// Takes an offer (`offer`) or an answer's SDP, sent by the caller (`fromCaller`) or the callee.
    private mutating func merge(_ sdp: SDP, offer: Bool, fromCaller caller: Bool, time: Double) {
        // A T.38 offer counts only once answered with T.38: a refusal (488, no SDP) leaves the
        // audio as it was, and the next offer replaces it.
        if offer {
            pendingImage = sdp.image
            pendingAudio = sdp.audio
        } else {
            // An answer with audio on an endpoint that was on fax moves it back to RTP.
            let audio = Set(pendingAudio + sdp.audio)
            for i in imageMedia.indices where imageMedia[i].until == nil && audio.contains(imageMedia[i].endpoint) {
                imageMedia[i].until = time
            }
            if !sdp.image.isEmpty {
                for endpoint in pendingImage + sdp.image
                where !imageMedia.contains(where: { $0.endpoint == endpoint && $0.until == nil }) {
                    imageMedia.append(ImageInterval(endpoint: endpoint, since: time))
                }
            }
            pendingImage = []
            pendingAudio = []
            answered = Array(sdp.rtpmap.values)
        }
        for endpoint in sdp.audio {
            if caller {
                if !callerMedia.contains(endpoint) { callerMedia.append(endpoint) }
            } else if !calleeMedia.contains(endpoint) {
                calleeMedia.append(endpoint)
            }
        }
        rtpmap.merge(sdp.rtpmap) { $1 }
        encrypted = encrypted || sdp.encrypted
    }
}

/// When one media endpoint carried T.38 fax (UDPTL) instead of RTP.
struct ImageInterval: Sendable {
    var endpoint: Endpoint
    var since: Double
    var until: Double?

    /// Whether a datagram captured at `time` falls in the fax interval.
    func contains(_ time: Double) -> Bool { time >= since && until.map { time < $0 } ?? true }
}

extension SIPMessage {
    /// The user part of a From/To value (`"Name" <sip:user@host>;tag=x` → `user`).
    static func user(_ value: String) -> String? {
        guard let range = value.range(of: "sip:") ?? value.range(of: "sips:") ?? value.range(of: "tel:") else { return nil }
        let rest = value[range.upperBound...]
        let end = rest.firstIndex { "@;>".contains($0) } ?? rest.endIndex
        let user = String(rest[..<end])
        return user.isEmpty ? nil : user
    }

    /// The message's SDP (its body, or the SDP part of a multipart body), when it has audio or image media.
    var sdp: SDP? {
        guard let offer = try? SIPRECOffer(self, lenient: true), let description = offer.sdp,
              description.media.contains(where: { $0.kind == "audio" || $0.kind == "image" }) else { return nil }
        return SDP(description)
    }
}

/// The media endpoints of an SDP body, as call finding needs them.
struct SDP {
    var audio: [Endpoint] = []
    var image: [Endpoint] = []
    var rtpmap: [UInt8: String] = [:]
    var encrypted = false

    init(_ description: SessionDescription) {
        for media in description.media where media.port != 0 {
            guard let text = media.connection ?? description.connection, let address = IPAddress(text),
                  let port = UInt16(exactly: media.port) else { continue }
            if media.kind == "audio" {
                audio.append(Endpoint(address: address, port: port))
                if media.transport.uppercased().contains("SAVP") { encrypted = true }
                for (format, encoding) in media.encodings {
                    if let pt = UInt8(exactly: format) { rtpmap[pt] = encoding.name }
                }
            } else if media.kind == "image" {
                image.append(Endpoint(address: address, port: port))
            }
        }
    }
}
