import Foundation

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
            let text = String(decoding: bytes, as: UTF8.self)
            guard let message = SIPMessage(text) else { continue }
            guard let callID = message.header("call-id", compact: "i") else { continue }
            var dialog = byID[callID] ?? SIPDialog(callID: callID)
            if byID[callID] == nil { order.append(callID) }
            let method = message.cseqMethod
            if message.method == "INVITE" {
                if dialog.inviteTime == nil {
                    dialog.inviteTime = datagram.time
                    dialog.fromUser = message.header("from", compact: "f").flatMap(SIPMessage.user)
                    dialog.toUser = message.header("to", compact: "t").flatMap(SIPMessage.user)
                }
                if let sdp = message.sdp { dialog.merge(sdp, caller: true, time: datagram.time) }
            } else if message.status == 200, method == "INVITE" {
                if dialog.fromUser == nil {
                    dialog.fromUser = message.header("from", compact: "f").flatMap(SIPMessage.user)
                    dialog.toUser = message.header("to", compact: "t").flatMap(SIPMessage.user)
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

/// One SIP request or response, parsed just enough for call finding.
struct SIPMessage {
    var method: String?
    var status: Int?
    var headers: [(String, String)] = []
    var body: String

    init?(_ text: String) {
        let parts = text.components(separatedBy: "\r\n\r\n")
        guard let head = parts.first else { return nil }
        let lines = head.components(separatedBy: "\r\n")
        guard let start = lines.first else { return nil }
        let words = start.split(separator: " ")
        guard words.count >= 2 else { return nil }
        if words[0] == "SIP/2.0" {
            guard let code = Int(words[1]) else { return nil }
            status = code
        } else if words.last == "SIP/2.0" {
            method = String(words[0])
        } else {
            return nil
        }
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.append((line[..<colon].trimmingCharacters(in: .whitespaces).lowercased(),
                            line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        body = parts.dropFirst().joined(separator: "\r\n\r\n")
    }

    func header(_ name: String, compact: String) -> String? {
        headers.first { $0.0 == name || $0.0 == compact }?.1
    }

    var cseqMethod: String? {
        header("cseq", compact: "cseq").flatMap { $0.split(separator: " ").last.map(String.init) }
    }

    var sdp: SDP? { body.contains("m=audio") || body.contains("m=image") ? SDP(body) : nil }

    /// The user part of a From/To value (`"Name" <sip:user@host>;tag=x` → `user`).
    static func user(_ value: String) -> String? {
        guard let range = value.range(of: "sip:") ?? value.range(of: "sips:") ?? value.range(of: "tel:") else { return nil }
        let rest = value[range.upperBound...]
        let end = rest.firstIndex { "@;>".contains($0) } ?? rest.endIndex
        let user = String(rest[..<end])
        return user.isEmpty ? nil : user
    }
}

/// The audio parts of an SDP body.
struct SDP {
    var audio: [Endpoint] = []
    var image: [Endpoint] = []
    var rtpmap: [UInt8: String] = [:]
    var encrypted = false

    init(_ text: String) {
        var sessionAddress: IPAddress?
        var mediaAddress: IPAddress?
        var pendingPort: UInt16?
        var inAudio = false
        var imagePort: UInt16?
        func flush() {
            if let port = pendingPort, let address = mediaAddress ?? sessionAddress, port != 0 {
                audio.append(Endpoint(address: address, port: port))
            }
            if let port = imagePort, let address = mediaAddress ?? sessionAddress, port != 0 {
                image.append(Endpoint(address: address, port: port))
            }
            imagePort = nil
            pendingPort = nil
            mediaAddress = nil
        }
        for raw in text.split(whereSeparator: \.isNewline) {
            let line = String(raw)
            if line.hasPrefix("c=") {
                let fields = line.dropFirst(2).split(separator: " ")
                if fields.count >= 3, let address = IPAddress(String(fields[2].split(separator: "/")[0])) {
                    if pendingPort != nil || imagePort != nil || inAudio { mediaAddress = address } else { sessionAddress = address }
                }
            } else if line.hasPrefix("m=") {
                flush()
                let fields = line.dropFirst(2).split(separator: " ")
                inAudio = fields.first == "audio"
                if inAudio, fields.count >= 2 { pendingPort = UInt16(fields[1]) }
                if fields.first == "image", fields.count >= 2 { imagePort = UInt16(fields[1]) }
                if inAudio, fields.count >= 3, fields[2].contains("SAVP") { encrypted = true }
            } else if line.hasPrefix("a=rtpmap:"), inAudio {
                let fields = line.dropFirst(9).split(separator: " ")
                if fields.count >= 2, let pt = UInt8(fields[0]) {
                    rtpmap[pt] = String(fields[1].split(separator: "/")[0])
                }
            }
        }
        flush()
    }
}
