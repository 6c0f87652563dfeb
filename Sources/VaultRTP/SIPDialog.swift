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

    /// Reads every SIP message over UDP in `capture`, keyed by Call-ID, in first-seen order.
    static func dialogs(in capture: Capture) -> [SIPDialog] {
        var order = [String]()
        var byID = [String: SIPDialog]()
        for datagram in capture.datagrams where datagram.length > 16 {
            let bytes = capture.bytes[datagram.offset..<(datagram.offset + datagram.length)]
            guard let first = bytes.first, first >= 0x41, first <= 0x5A else { continue }  // an upper-case letter
            // A capture may have cut the datagram short: its body is what arrived.
            guard let message = try? SIPMessage.parse(Array(bytes), shortBody: true), let callID = message["Call-ID"] else { continue }
            var dialog = byID[callID] ?? SIPDialog(callID: callID)
            if byID[callID] == nil { order.append(callID) }
            let method = message.cseq?.method
            if message.method == "INVITE" {
                if dialog.inviteTime == nil {
                    dialog.inviteTime = datagram.time
                    dialog.fromUser = message["From"].flatMap(SIPMessage.user)
                    dialog.toUser = message["To"].flatMap(SIPMessage.user)
                }
                if let sdp = message.sdp { dialog.merge(sdp, caller: true, time: datagram.time) }
            } else if message.status == 200, method == "INVITE" {
                if dialog.fromUser == nil {
                    dialog.fromUser = message["From"].flatMap(SIPMessage.user)
                    dialog.toUser = message["To"].flatMap(SIPMessage.user)
                }
                if let sdp = message.sdp { dialog.merge(sdp, caller: false, time: datagram.time) }
            } else if message.method == "BYE" {
                dialog.byeTime = dialog.byeTime ?? datagram.time
            } else if message.method == "UPDATE", let sdp = message.sdp {
                dialog.merge(sdp, caller: true, time: datagram.time)
            }
            byID[callID] = dialog
        }
        return order.compactMap { byID[$0] }.filter { !$0.callerMedia.isEmpty || !$0.calleeMedia.isEmpty }
    }

    private mutating func merge(_ sdp: SDP, caller: Bool, time: Double) {
        // A T.38 offer counts only once answered with T.38: a refusal (488, no SDP) leaves the
        // audio as it was, and the next offer replaces it.
        if caller {
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
