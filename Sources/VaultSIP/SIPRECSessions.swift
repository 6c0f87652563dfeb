/// The SIPREC server's signalling as a pure state machine (RFC 3261 for the dialog, RFC 7866 for
/// recording sessions): requests go in, the responses to send and what the recorder must do come
/// out. No sockets and no clock of its own, so every rule is unit tested; the listener in the
/// server feeds it datagrams and carries out its actions.
///
/// - A request seen before (same Call-ID, CSeq and top Via branch: a UDP retransmission) is
///   answered with the response it got, and causes nothing again: never a second recording.
/// - INVITE without a To tag opens a recording session: its SDP must offer at least one audio line
///   in a codec `decodable` accepts, or it is refused with 488; a malformed body is 400; when
///   `maximumSessions` are open it is 503 with Retry-After. The answer (200 OK) is `recvonly` on
///   the ports `allocate` gives, port 0 on the lines not recorded.
/// - An INVITE without SDP (a delayed offer, RFC 3261 §13.2.1) gets the offer in its 200 OK: one
///   `recvonly` line per stream the metadata names (with its label; two unlabelled lines without
///   metadata) in every codec `decodable` accepts; the SRC's ACK carries the answer, and the
///   session starts with the lines it accepted. An ACK without a usable answer ends the session
///   (`hangUp`: the recorder sends BYE).
/// - A re-INVITE or UPDATE in the dialog may pause (every line `inactive`), resume, or update the
///   metadata; BYE ends the session (481 for an unknown dialog); CANCEL of an answered INVITE is
///   200 and changes nothing; OPTIONS is 200 (the keep-alive); ACK is absorbed; anything else 405.
public struct SIPRECSessions: Sendable {
    /// What the recorder must do.
    public enum Action: Sendable, Equatable {
        /// Send this message back to where the request came from.
        case send(SIPMessage)
        /// Start recording session `callID`: the offer, and per accepted line its index in the
        /// SDP, the local RTP port and the payload format chosen.
        case start(callID: String, offer: SIPRECOffer, streams: [Stream])
        /// Media of a session paused (every line inactive) or resumed.
        case pause(callID: String), resume(callID: String)
        /// A re-INVITE or UPDATE gave SRTP lines new keys: the session's streams as they are now.
        case rekey(callID: String, streams: [Stream])
        /// A session timer (RFC 4028) was set or refreshed: the session lasts `interval` seconds
        /// from now unless refreshed; `refresher` says who refreshes it.
        case sessionTimer(callID: String, interval: Int, refresher: Refresher)
        /// New metadata for a session (a re-INVITE or UPDATE that carries it).
        case updateMetadata(callID: String, metadata: RecordingMetadata, xml: [UInt8])
        /// The session ended (its BYE).
        case stop(callID: String)
        /// A delayed offer was sent in a 200 OK: the ports allocated for it stay reserved until
        /// the ACK starts the session (or it ends without starting).
        case reserve(callID: String)
        /// End a session that never started (an ACK without a usable answer): send it a BYE
        /// (``bye(callID:sentBy:branch:)``) and free what was reserved for it.
        case hangUp(callID: String)
    }

    /// One recorded stream of a session.
    public struct Stream: Sendable, Equatable {
        /// The media line's index in the offer.
        public var line: Int
        /// The `a=label` that names it in the metadata.
        public var label: String?
        /// The local port RTP is received on.
        public var port: Int
        /// The payload format chosen, and its encoding.
        public var format: Int, encoding: SessionDescription.Encoding
        /// For an SRTP line (`RTP/SAVP`): the SRC's key, which its media is protected with, and the
        /// one the answer states for this side (a recorder sends nothing with it). Never logged.
        public var crypto: SDESCrypto? = nil, answerCrypto: SDESCrypto? = nil
    }

    /// Who refreshes a session timer (RFC 4028): the SRC (`uac`), which the server ends the
    /// session without, or the recorder (`uas`), which then sends UPDATEs of its own.
    public enum Refresher: String, Sendable, Equatable { case uac, uas }

    /// The smallest session interval accepted (RFC 4028's minimum); smaller ones are answered 422.
    public static let minimumSessionInterval = 90

    private struct Session: Sendable {
        var toTag: String
        var streams: [Stream]
        var offer: SessionDescription
        var paused = false
        /// The INVITE's From and To (To with our tag) and the SRC's Contact: what a BYE of ours needs.
        var remoteParty: String, localParty: String, remoteTarget: String
        /// Our CSeq for requests we send in this dialog.
        var localCSeq: UInt32 = 0
        /// The session timer, when the SRC asked for one.
        var timer: (interval: Int, refresher: Refresher)?
        /// A delayed offer's INVITE (its metadata), until the ACK brings the answer.
        var awaitingAnswer: SIPRECOffer?
    }

    private var sessions: [String: Session] = [:]
    /// Responses already sent, by request identity, for retransmissions (bounded: oldest dropped).
    private var answered: [String: SIPMessage] = [:]
    private var answeredOrder: [String] = []
    private let maximumSessions: Int
    private let address: String
    private let decodable: @Sendable (SessionDescription.Encoding) -> Bool
    private var nextTag: UInt64 = 0

    /// Sessions open now.
    public var openSessions: Int { sessions.count }

    /// Ends a session the server gave up on (its media stopped and no BYE came): it is forgotten,
    /// so its slot and ports can be used again. Returns whether there was one.
    @discardableResult
    public mutating func expire(callID: String) -> Bool { sessions.removeValue(forKey: callID) != nil }

    /// Ends a session from our side (its media stopped and no BYE came): forgets it and returns
    /// the BYE to send to the SRC (RFC 3261 §15: to its Contact, From and To swapped, a CSeq of
    /// our own), or nil when there is no such session. `sentBy` is our Via's transport and
    /// address (`SIP/2.0/UDP 192.0.2.1:5060`), `branch` a fresh branch (`z9hG4bK…`).
    public mutating func bye(callID: String, sentBy: String, branch: String) -> SIPMessage? {
        guard var session = sessions.removeValue(forKey: callID) else { return nil }
        return Self.request("BYE", in: &session, callID: callID, sentBy: sentBy, branch: branch)
    }

    /// A request of ours in a session's dialog: to the SRC's Contact, From and To swapped, our next CSeq.
    private static func request(_ method: String, in session: inout Session, callID: String, sentBy: String, branch: String,
                                headers extra: [SIPMessage.Header] = []) -> SIPMessage {
        session.localCSeq += 1
        return SIPMessage(.request(method: method, uri: session.remoteTarget), headers: [
            .init("Via", "\(sentBy);branch=\(branch)"), .init("Max-Forwards", "70"),
            .init("From", session.localParty), .init("To", session.remoteParty), .init("Call-ID", callID),
            .init("CSeq", "\(session.localCSeq) \(method)"),
        ] + extra + [.init("Content-Length", "0")])
    }

    /// An UPDATE without a body that refreshes session `callID`'s timer (RFC 4028 §7.4, for a
    /// session the recorder refreshes), or nil when there is no such session.
    public mutating func refresh(callID: String, sentBy: String, branch: String) -> SIPMessage? {
        guard var session = sessions[callID], let timer = session.timer else { return nil }
        defer { sessions[callID] = session }
        return Self.request("UPDATE", in: &session, callID: callID, sentBy: sentBy, branch: branch,
                            headers: [.init("Session-Expires", "\(timer.interval);refresher=uas"), .init("Supported", "timer")])
    }

    /// What a request says of the session timer: nil without `Session-Expires`; else the interval
    /// and who refreshes (the SRC when it supports timers and did not ask us to, else us), or the
    /// 422 to answer when the interval is below ``minimumSessionInterval``.
    static func timer(of request: SIPMessage) -> TimerRequest {
        guard let value = request["Session-Expires"] else { return .none }
        let parts = value.split(separator: ";").map { $0.trimmingWhitespace() }
        guard let interval = parts.first.flatMap({ Int($0) }), interval > 0 else {
            return .refused(request.response(400, "Bad Request"))
        }
        guard interval >= minimumSessionInterval else {
            return .refused(request.response(422, "Session Interval Too Small", headers: [.init("Min-SE", "\(minimumSessionInterval)")]))
        }
        let asked = parts.dropFirst().first { $0.lowercased().hasPrefix("refresher=") }.map { String($0.dropFirst("refresher=".count)).lowercased() }
        let supported = (request.values("Supported") + request.values("Require")).joined(separator: ",")
            .split(separator: ",").contains { $0.trimmingWhitespace().lowercased() == "timer" }
        // RFC 4028 §9: a UAC that does not support timers cannot refresh; an asked refresher stays.
        let refresher: Refresher = !supported ? .uas : asked == "uas" ? .uas : .uac
        return .asked(interval: interval, refresher: refresher)
    }

    /// What a request says of the session timer.
    enum TimerRequest {
        /// No `Session-Expires`.
        case none
        /// A timer of `interval` seconds that `refresher` refreshes.
        case asked(interval: Int, refresher: Refresher)
        /// The answer to give instead (400, 422 with `Min-SE`).
        case refused(SIPMessage)
    }

    /// The URI of a Contact (or From) value: inside its angle brackets, else before its parameters.
    static func uri(of value: String) -> String {
        if let open = value.firstIndex(of: "<"), let close = value[open...].firstIndex(of: ">") {
            return String(value[value.index(after: open)..<close])
        }
        let bare = value.split(separator: ";", maxSplits: 1).first.map(String.init) ?? value
        return bare.trimmingWhitespace()
    }

    /// A table that answers with RTP at `address`, records at most `maximumSessions` at once, and
    /// accepts the encodings `decodable` says the vault decodes.
    public init(address: String, maximumSessions: Int, decodable: @escaping @Sendable (SessionDescription.Encoding) -> Bool) {
        self.address = address
        self.maximumSessions = maximumSessions
        self.decodable = decodable
    }

    /// Handles one message. `allocate(n)` returns `n` free RTP ports (even, each with the odd one
    /// above it for RTCP), or nil when the range is exhausted.
    /// Whether `message` asks for a new recording session: an INVITE outside any dialog that is
    /// not a retransmission of one already answered (what a per-source rate limit counts).
    public func isNewSession(_ message: SIPMessage) -> Bool {
        guard message.method == "INVITE", message["To"].flatMap(SIPMessage.tag(of:)) == nil,
              let callID = message["Call-ID"], let cseq = message.cseq, sessions[callID] == nil else { return false }
        return answered["\(callID)|\(cseq.number)|INVITE|\(Self.branch(message) ?? "")"] == nil
    }

    public mutating func handle(_ message: SIPMessage, allocate: (Int) -> [Int]?) -> [Action] {
        guard let method = message.method else { return [] }  // responses: the recorder sends no requests yet
        if method == "ACK" { return acknowledge(message) }
        guard let callID = message["Call-ID"], let cseq = message.cseq, cseq.method == method else {
            return [.send(message.response(400, "Bad Request"))]
        }
        let key = "\(callID)|\(cseq.number)|\(method)|\(Self.branch(message) ?? "")"
        if let previous = answered[key] { return [.send(previous)] }
        var actions = handleNew(message, method: method, callID: callID, allocate: allocate)
        // Only what a retransmission must not redo is remembered (OPTIONS and CANCEL are harmless
        // to answer again), which also bounds what a flood of keep-alives can make it hold.
        if case .send(let response)? = actions.first, ["INVITE", "BYE", "UPDATE"].contains(method) {
            remember(key, response)
        }
        if actions.isEmpty { actions = [.send(message.response(500, "Server Internal Error"))] }
        return actions
    }

    private mutating func handleNew(_ message: SIPMessage, method: String, callID: String, allocate: (Int) -> [Int]?) -> [Action] {
        let toTag = message["To"].flatMap(SIPMessage.tag(of:))
        switch method {
        case "OPTIONS":
            return [.send(message.response(200, "OK", headers: Self.capabilities))]
        case "INVITE" where toTag == nil:
            return invite(message, callID: callID, allocate: allocate)
        case "INVITE", "UPDATE":
            guard var session = sessions[callID], toTag == session.toTag else { return [.send(message.response(481, "Call/Transaction Does Not Exist"))] }
            let offer: SIPRECOffer
            do { offer = try SIPRECOffer(message) } catch { return [.send(message.response(400, "Bad Request"))] }
            var actions: [Action] = []
            // A refresh (RFC 4028 §10): the timer starts again, with what this request says.
            switch Self.timer(of: message) {
            case .refused(let refusal): return [.send(refusal)]
            case .asked(let interval, let refresher): session.timer = (interval, refresher)
            case .none: break
            }
            if let sdp = offer.sdp {
                // The same media lines, or the offer is not one this session can take.
                guard sdp.media.count == session.offer.media.count,
                      session.streams.allSatisfy({ sdp.media[$0.line].kind == "audio" && sdp.media[$0.line].formats.contains($0.format) }) else {
                    return [.send(message.response(488, "Not Acceptable Here"))]
                }
                // An SRTP line keeps SRTP with a usable key; a new key (rekeying) takes over.
                var rekeyed = false
                for i in session.streams.indices where session.streams[i].crypto != nil {
                    let media = sdp.media[session.streams[i].line]
                    guard media.transport.uppercased().contains("SAVP"),
                          let crypto = media.usableCrypto else {
                        return [.send(message.response(488, "Not Acceptable Here"))]
                    }
                    if crypto != session.streams[i].crypto {
                        session.streams[i].crypto = crypto
                        session.streams[i].answerCrypto = SDESCrypto.random(tag: crypto.tag, suite: crypto.suite)
                        rekeyed = true
                    }
                }
                if rekeyed { actions.append(.rekey(callID: callID, streams: session.streams)) }
                let inactive = session.streams.allSatisfy { sdp.media[$0.line].direction == .inactive }
                if inactive != session.paused {
                    session.paused = inactive
                    actions.append(inactive ? .pause(callID: callID) : .resume(callID: callID))
                }
                session.offer = sdp
            }
            if let metadata = offer.metadata, let xml = offer.metadataXML { actions.append(.updateMetadata(callID: callID, metadata: metadata, xml: xml)) }
            sessions[callID] = session
            if let timer = session.timer { actions.append(.sessionTimer(callID: callID, interval: timer.interval, refresher: timer.refresher)) }
            let body = Array(answer(session, direction: session.paused ? "inactive" : "recvonly").utf8)
            return [.send(message.response(200, "OK", toTag: session.toTag, headers: sdpHeaders(message) + Self.timerHeaders(session.timer),
                                           body: body))] + actions
        case "BYE":
            // The dialog's To tag is required: a Call-ID alone must not end a recording.
            guard let session = sessions[callID], toTag == session.toTag else { return [.send(message.response(481, "Call/Transaction Does Not Exist"))] }
            sessions[callID] = nil
            return [.send(message.response(200, "OK")), .stop(callID: callID)]
        case "CANCEL":
            // Every INVITE is answered at once, so a CANCEL always comes after the final response.
            return [.send(message.response(sessions[callID] == nil ? 481 : 200, sessions[callID] == nil ? "Call/Transaction Does Not Exist" : "OK"))]
        default:
            return [.send(message.response(405, "Method Not Allowed", headers: Self.capabilities))]
        }
    }

    private mutating func invite(_ message: SIPMessage, callID: String, allocate: (Int) -> [Int]?) -> [Action] {
        if sessions[callID] != nil { return [.send(message.response(482, "Loop Detected"))] }  // a second INVITE of an open session
        guard sessions.count < maximumSessions else {
            return [.send(message.response(503, "Service Unavailable", headers: [.init("Retry-After", "5")]))]
        }
        let offer: SIPRECOffer
        do { offer = try SIPRECOffer(message) } catch { return [.send(message.response(400, "Bad Request"))] }
        var timer: (interval: Int, refresher: Refresher)?
        switch Self.timer(of: message) {
        case .refused(let refusal): return [.send(refusal)]
        case .asked(let interval, let refresher): timer = (interval, refresher)
        case .none: break
        }
        guard let sdp = offer.sdp else { return delayedOffer(message, offer: offer, callID: callID, timer: timer, allocate: allocate) }
        var chosen: [(line: Int, format: Int, encoding: SessionDescription.Encoding, crypto: SDESCrypto?)] = []
        for (i, media) in sdp.media.enumerated() where media.kind == "audio" && media.port != 0 {
            // SRTP with SDES keys: the first crypto line this build can use (RFC 4568 lists them in
            // order of preference); without one, or with DTLS-SRTP (no a=crypto), the line is not recorded.
            var crypto: SDESCrypto?
            if media.transport.uppercased().contains("SAVP") {
                guard let usable = media.usableCrypto else { continue }
                crypto = usable
            }
            if let format = media.formats.first(where: { media.encodings[$0].map(decodable) == true }), let encoding = media.encodings[format] {
                chosen.append((i, format, encoding, crypto))
            }
        }
        guard !chosen.isEmpty else { return [.send(message.response(488, "Not Acceptable Here"))] }
        guard let ports = allocate(chosen.count), ports.count == chosen.count else {
            return [.send(message.response(503, "Service Unavailable", headers: [.init("Retry-After", "5")]))]
        }
        let streams = zip(chosen, ports).map { c, port in
            Stream(line: c.line, label: sdp.media[c.line].label, port: port, format: c.format, encoding: c.encoding,
                   crypto: c.crypto, answerCrypto: c.crypto.map { SDESCrypto.random(tag: $0.tag, suite: $0.suite) })
        }
        nextTag &+= 1
        let toTag = "cv\(nextTag)"
        let from = message["From"] ?? "", to = message["To"] ?? ""
        var session = Session(toTag: toTag, streams: streams, offer: sdp, remoteParty: from,
                              localParty: SIPMessage.hasTag(to) ? to : "\(to);tag=\(toTag)",
                              remoteTarget: Self.uri(of: message["Contact"] ?? from))
        session.timer = timer
        sessions[callID] = session
        let body = Array(answer(session, direction: "recvonly").utf8)
        var actions: [Action] = [.send(message.response(200, "OK", toTag: session.toTag, headers: sdpHeaders(message) + Self.timerHeaders(timer), body: body)),
                                 .start(callID: callID, offer: offer, streams: streams)]
        if let timer { actions.append(.sessionTimer(callID: callID, interval: timer.interval, refresher: timer.refresher)) }
        return actions
    }

    /// The encodings a delayed offer lists, in order of preference, with their payload types:
    /// the static ones, then dynamic ones (Opus; RFC 4733 events, never rendered).
    private static let offeredEncodings: [(format: Int, encoding: SessionDescription.Encoding)] = [
        (0, .init(name: "PCMU", clockRate: 8000, channels: 1)), (8, .init(name: "PCMA", clockRate: 8000, channels: 1)),
        (9, .init(name: "G722", clockRate: 8000, channels: 1)), (111, .init(name: "opus", clockRate: 48000, channels: 2)),
    ]

    /// An INVITE without SDP: the 200 OK offers a `recvonly` line per stream (the metadata's
    /// labels, or two lines), on ports reserved until the ACK's answer starts the session.
    private mutating func delayedOffer(_ message: SIPMessage, offer: SIPRECOffer, callID: String,
                                       timer: (interval: Int, refresher: Refresher)?, allocate: (Int) -> [Int]?) -> [Action] {
        var labels: [String?] = []
        for label in offer.metadata?.streams.compactMap(\.label) ?? [] where !labels.contains(label) { labels.append(label) }
        if labels.isEmpty { labels = [nil, nil] }
        let encodings = Self.offeredEncodings.filter { decodable($0.encoding) }
        guard !encodings.isEmpty, labels.count <= 16 else { return [.send(message.response(488, "Not Acceptable Here"))] }
        guard let ports = allocate(labels.count), ports.count == labels.count else {
            return [.send(message.response(503, "Service Unavailable", headers: [.init("Retry-After", "5")]))]
        }
        nextTag &+= 1
        let toTag = "cv\(nextTag)"
        var text = SessionDescription.sessionLines(address: address, sessionID: nextTag)
        for (label, port) in zip(labels, ports) {
            text += "m=audio \(port) RTP/AVP \((encodings.map(\.format) + [101]).map(String.init).joined(separator: " "))\r\n"
            for (format, e) in encodings { text += SessionDescription.rtpmapLine(format, e) }
            text += SessionDescription.rtpmapLine(101, .init(name: "telephone-event", clockRate: 8000, channels: 1)) + "a=fmtp:101 0-15\r\n"
            if let label { text += "a=label:\(label)\r\n" }
            text += "a=recvonly\r\n"
        }
        guard let ours = try? SessionDescription.parse(text) else { return [.send(message.response(500, "Server Internal Error"))] }
        let from = message["From"] ?? "", to = message["To"] ?? ""
        // The streams as offered (port and first format); the answer's choice replaces the format.
        let streams = ports.enumerated().map { i, port in
            Stream(line: i, label: labels[i], port: port, format: encodings[0].format, encoding: encodings[0].encoding)
        }
        var session = Session(toTag: toTag, streams: streams, offer: ours, remoteParty: from,
                              localParty: SIPMessage.hasTag(to) ? to : "\(to);tag=\(toTag)",
                              remoteTarget: Self.uri(of: message["Contact"] ?? from))
        session.timer = timer
        session.awaitingAnswer = offer
        sessions[callID] = session
        return [.send(message.response(200, "OK", toTag: toTag, headers: sdpHeaders(message) + Self.timerHeaders(timer), body: Array(text.utf8))),
                .reserve(callID: callID)]
    }

    /// An ACK: for a delayed offer's session, its answer starts the session with the lines it
    /// accepted (a port, a format that was offered); without one the session is ended. Any other
    /// ACK is absorbed.
    private mutating func acknowledge(_ message: SIPMessage) -> [Action] {
        guard let callID = message["Call-ID"], var session = sessions[callID], let invite = session.awaitingAnswer,
              message["To"].flatMap(SIPMessage.tag(of:)) == session.toTag else { return [] }
        session.awaitingAnswer = nil
        guard let answer = try? SIPRECOffer(message), let sdp = answer.sdp, sdp.media.count == session.offer.media.count else {
            sessions[callID] = session
            return [.hangUp(callID: callID)]
        }
        var streams: [Stream] = []
        for stream in session.streams {
            let media = sdp.media[stream.line], offered = session.offer.media[stream.line]
            guard media.port != 0, media.direction != .inactive, media.direction != .recvonly,
                  let format = media.formats.first(where: { offered.encodings[$0] != nil && $0 != 101 }),
                  let encoding = offered.encodings[format] else { continue }
            streams.append(Stream(line: stream.line, label: stream.label, port: stream.port, format: format, encoding: encoding))
        }
        guard !streams.isEmpty else {
            sessions[callID] = session
            return [.hangUp(callID: callID)]
        }
        // From here on the session is as if the SRC had offered what it answered (our labels kept).
        var answered = sdp
        for i in answered.media.indices where answered.media[i].label == nil { answered.media[i].label = session.offer.media[i].label }
        for i in answered.media.indices { answered.media[i].encodings.merge(session.offer.media[i].encodings) { theirs, _ in theirs } }
        session.streams = streams
        session.offer = answered
        sessions[callID] = session
        var started = invite
        started.sdp = answered
        started.sdpText = answer.sdpText
        return [.start(callID: callID, offer: started, streams: streams)]
    }

    private func answer(_ session: Session, direction: String) -> String {
        let accepted = session.offer.media.indices.map { i in session.streams.first { $0.line == i }.map { ($0.port, $0.format, $0.answerCrypto) } }
        let text = session.offer.answer(address: address, sessionID: UInt64(session.toTag.dropFirst(2)) ?? 0, accepted: accepted)
        return direction == "recvonly" ? text : text.replacingOccurrences(of: "a=recvonly", with: "a=\(direction)")
    }

    private mutating func remember(_ key: String, _ response: SIPMessage) {
        answered[key] = response
        answeredOrder.append(key)
        if answeredOrder.count > 4096 { answered[answeredOrder.removeFirst()] = nil }
    }

    private static func branch(_ message: SIPMessage) -> String? {
        guard let via = message["Via"] else { return nil }
        guard let first = via.split(separator: ",").first else { return nil }
        return first.split(separator: ";").dropFirst().first { $0.trimmingWhitespace().lowercased().hasPrefix("branch=") }.map(String.init)
    }

    private static let capabilities: [SIPMessage.Header] = [
        .init("Allow", "INVITE, ACK, BYE, CANCEL, OPTIONS, UPDATE"), .init("Supported", "siprec, timer"),
        .init("Accept", "application/sdp, application/rs-metadata+xml, multipart/mixed"),
    ]

    /// A 2xx's session timer headers: the interval and refresher, and `Require: timer` when the
    /// SRC refreshes (RFC 4028 §9).
    private static func timerHeaders(_ timer: (interval: Int, refresher: Refresher)?) -> [SIPMessage.Header] {
        guard let timer else { return [] }
        return [.init("Session-Expires", "\(timer.interval);refresher=\(timer.refresher.rawValue)")]
            + (timer.refresher == .uac ? [.init("Require", "timer")] : [])
    }

    private func sdpHeaders(_ request: SIPMessage) -> [SIPMessage.Header] {
        let host = address.contains(":") ? "[\(address)]" : address
        return [.init("Contact", "<sip:callvault@\(host)>"), .init("Supported", "siprec, timer"), .init("Content-Type", "application/sdp")]
    }
}
