public import Foundation
import VaultAudio
import VaultSIP

/// One call a passive capture follows: its audio, rendered while it goes on, and what SIP said
/// of it. The tracker feeds it; an ingest reads ``audio``.
public final class PassiveCall: Sendable {
    /// The call's number in its capture (1-based, in order of first RTP packet).
    public let index: Int
    /// The call's audio, caller left and callee right (or, without SIP, the direction heard first left).
    public let audio: LiveCallAudio
    /// The SIP Call-ID, when the signalling was seen. Never stored in clear.
    public let callID: String?
    /// The caller's user part (From), when the signalling was seen. Never stored in clear.
    public let fromUser: String?
    /// The callee's user part (To), when the signalling was seen. Never stored in clear.
    public let toUser: String?
    /// Capture time of the call's first RTP packet.
    public let firstTime: Double

    init(index: Int, audio: LiveCallAudio, dialog: SIPDialog?, firstTime: Double) {
        self.index = index
        self.audio = audio
        callID = dialog?.callID
        fromUser = dialog?.fromUser
        toUser = dialog?.toUser
        self.firstTime = firstTime
    }

    /// The number of the subject: the callee for outbound calls, the caller for inbound ones.
    public func subjectUser(direction: CallDirection) -> String? {
        direction == .outbound ? toUser : fromUser
    }
}

/// Finds calls in datagrams as a live capture sees them, one at a time in arrival order: the
/// incremental form of ``CallFinder``, with the same rules. SIP dialogs (``SIPDialog``, the same
/// reading of INVITE, 200 OK, UPDATE and BYE) name the media endpoints; RTP to or from them is the
/// dialog's call, on the caller's side when it comes from the offer's endpoint or goes to the
/// answer's. RTP no SDP names is taken when its first packets pass the file path's RTP heuristic
/// and are classified as the file path classifies them; it is grouped by endpoint pair, the
/// direction heard first on the left. Each call's audio is a ``LiveCallAudio`` (the same
/// `StreamAssembler` as a capture's calls).
///
/// A call ends ``Configuration/byeGrace`` after its dialog's BYE, or after
/// ``Configuration/rtpTimeout`` without RTP. Memory is bounded: dialogs, undecided streams and
/// fragments are forgotten once stale, and calls beyond ``Configuration/maximumCalls`` are not
/// recorded (counted in ``refusedCalls``).
///
/// Not thread-safe: one capture thread calls it.
public final class PassiveCallTracker {
    /// How calls are followed.
    public struct Configuration: Sendable {
        /// A call without RTP for this many seconds has ended.
        public var rtpTimeout: Double
        /// How long after its BYE a call still takes RTP (packets in flight).
        public var byeGrace: Double
        /// Calls followed at once; more are not recorded.
        public var maximumCalls: Int
        /// Each call's jitter buffer (seconds).
        public var playoutDelay: Double

        /// Creates a configuration.
        public init(rtpTimeout: Double = 30, byeGrace: Double = 0.5, maximumCalls: Int = 500, playoutDelay: Double = 0.3) {
            self.rtpTimeout = rtpTimeout
            self.byeGrace = byeGrace
            self.maximumCalls = maximumCalls
            self.playoutDelay = playoutDelay
        }
    }

    /// What a datagram or the passing of time did.
    public enum Event: Sendable {
        /// A call's first RTP arrived: its audio can be read from now on.
        case started(PassiveCall)
        /// A call ended: its audio is finished (reads end at its last packet).
        case ended(PassiveCall)
        /// A call seen and not recorded, and why (the call limit; SRTP, whose keys a capture
        /// never sees).
        case notRecorded(reason: String)
    }

    /// Packets of a stream no SDP names, before the heuristic decides on it.
    static let decisionPackets = 12
    /// Dialogs kept at most (the oldest without a call go first).
    static let maximumDialogs = 20_000

    private struct StreamKey: Hashable { var source: Endpoint; var destination: Endpoint; var ssrc: UInt32 }
    private struct Held { var time: Double; var source: Endpoint; var destination: Endpoint; var payload: [UInt8] }
    private struct Pending { var packets: [Held] = []; var last = 0.0 }

    /// One call being followed.
    private struct Track {
        var call: PassiveCall
        /// The dialog it records, or the endpoint pair of a call without SIP.
        var dialogID: String?
        var pair: [Endpoint]?
        var lastPacket: Double
        var byeAt: Double?
        var t38Packets = 0
        /// Without SIP: the source heard first (left).
        var leftSource: Endpoint?
        /// With SIP: the first flow on the caller's side, and whether the callee sent anything.
        var callerFlow: [Endpoint]?
        var calleeSeen = false
        /// What each payload type carries, as far as known.
        var kinds: [UInt8: PayloadKind]
    }

    private let configuration: Configuration
    private let clock: @Sendable () -> Double
    private var dialogs: [String: SIPDialog] = [:]
    private var dialogOfEndpoint: [Endpoint: String] = [:]
    private var tracks: [Int: Track] = [:]
    private var trackOfDialog: [String: Int] = [:]
    private var trackOfPair: [[Endpoint]: Int] = [:]
    private var accepted: [StreamKey: Int] = [:]
    private var pending: [StreamKey: Pending] = [:]
    private var rejected: [StreamKey: Double] = [:]
    /// Streams held while a payload type new to their call is classified by its shape, as the
    /// file path classifies it: then they go on in arrival order.
    private var holding: [StreamKey: Hold] = [:]
    /// Dialogs whose call is not recorded (the limit, SRTP), with when their RTP was last seen.
    private var refusedDialogs: [String: Double] = [:]
    private struct Hold { var track: Int; var packets: [Held] }
    private var nextIndex = 1
    /// Calls not recorded because ``Configuration/maximumCalls`` were being followed.
    public private(set) var refusedCalls = 0

    /// A tracker whose calls' playout follows `clock` (seconds since the epoch; a replay injects
    /// the capture's own times).
    public init(configuration: Configuration = Configuration(), clock: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) {
        self.configuration = configuration
        self.clock = clock
    }

    /// Calls being followed now.
    public var openCalls: Int { tracks.count }

    // MARK: Datagrams

    /// Takes one datagram; returns the calls it started.
    public func take(_ datagram: CapturedDatagram) -> [Event] {
        if let message = SIPDialog.message(in: datagram.payload), let callID = message["Call-ID"] {
            return takeSIP(message, callID: callID, time: datagram.time)
        }
        let signalled = (dialogOfEndpoint[datagram.source] ?? dialogOfEndpoint[datagram.destination]).flatMap { dialogs[$0] }
        // A port SDP moved to T.38 carries UDPTL, not RTP.
        if let dialog = signalled, dialog.carriesFax(datagram.source, at: datagram.time) || dialog.carriesFax(datagram.destination, at: datagram.time) {
            if let t = trackOfDialog[dialog.callID] { tracks[t]?.t38Packets += 1 }
            return []
        }
        guard let header = Self.header(of: datagram) else { return [] }
        if let dialog = signalled { return feedSignalled(datagram, header: header, dialog: dialog) }
        let key = StreamKey(source: datagram.source, destination: datagram.destination, ssrc: header.ssrc)
        if let t = accepted[key], tracks[t] != nil {
            feed(datagram, header: header, track: t)
            return []
        }
        if rejected[key] != nil {
            rejected[key] = datagram.time
            return []
        }
        var entry = pending[key] ?? Pending()
        entry.packets.append(Held(time: datagram.time, source: datagram.source, destination: datagram.destination, payload: Array(datagram.payload)))
        entry.last = datagram.time
        pending[key] = entry
        return entry.packets.count >= Self.decisionPackets ? decide(key) : []
    }

    /// Ends the calls whose BYE grace or RTP timeout has passed at `now`, and forgets stale state;
    /// returns the calls it ended (and any undecided stream it started).
    public func expire(now: Double) -> [Event] {
        var events: [Event] = []
        // A stream that stopped before the heuristic had its packets is decided on what came.
        for (key, entry) in pending where now - entry.last > 1 { events += decide(key) }
        for (key, hold) in holding where now - (hold.packets.last?.time ?? now) > 0.2 { classifyHeld(key, force: true) }
        for (t, track) in tracks {
            if let bye = track.byeAt, now - bye >= configuration.byeGrace {
                events.append(end(t, notes: []))
            } else if now - track.lastPacket > configuration.rtpTimeout {
                let note = track.dialogID != nil && track.byeAt == nil
                    ? [String(format: "ended after %.0f s without RTP (no BYE seen)", configuration.rtpTimeout)] : []
                events.append(end(t, notes: note))
            }
        }
        rejected = rejected.filter { now - $0.value <= configuration.rtpTimeout }
        // A dialog without a call is kept while it may still get one.
        for (id, dialog) in dialogs where trackOfDialog[id] == nil {
            let idle = now - max(dialog.lastMessage, refusedDialogs[id] ?? 0)
            if dialog.byeTime != nil ? idle > 32 : idle > max(600, configuration.rtpTimeout) { forget(dialog: id) }
        }
        return events
    }

    /// Ends every call (the capture stops); returns them.
    public func finishAll(note: String) -> [Event] {
        var events: [Event] = []
        for key in pending.keys { events += decide(key) }
        for t in tracks.keys.sorted() { events.append(end(t, notes: [note])) }
        return events
    }

    // MARK: SIP

    private func takeSIP(_ message: SIPMessage, callID: String, time: Double) -> [Event] {
        if dialogs[callID] == nil, dialogs.count >= Self.maximumDialogs,
           let oldest = dialogs.filter({ trackOfDialog[$0.key] == nil }).min(by: { $0.value.lastMessage < $1.value.lastMessage })?.key {
            forget(dialog: oldest)
        }
        var dialog = dialogs[callID] ?? SIPDialog(callID: callID)
        dialog.observe(message, time: time)
        dialogs[callID] = dialog
        for endpoint in dialog.callerMedia + dialog.calleeMedia where dialogOfEndpoint[endpoint] != callID {
            // The first dialog naming an endpoint keeps it (as the file path groups streams) until
            // it has ended: a new call on ports an ended one used takes them over.
            if let owner = dialogOfEndpoint[endpoint], let other = dialogs[owner], other.byeTime == nil { continue }
            dialogOfEndpoint[endpoint] = callID
        }
        if let bye = dialog.byeTime, let t = trackOfDialog[callID], tracks[t]?.byeAt == nil { tracks[t]?.byeAt = bye }
        // Streams that arrived before the SDP naming them are the dialog's.
        var events: [Event] = []
        for (key, entry) in pending where dialog.names(key.source) || dialog.names(key.destination) {
            pending[key] = nil
            for held in entry.packets {
                events += held.payload.withUnsafeBytes { bytes in
                    let datagram = CapturedDatagram(time: held.time, source: held.source, destination: held.destination, payload: bytes)
                    return Self.header(of: datagram).map { feedSignalled(datagram, header: $0, dialog: dialog) } ?? []
                }
            }
        }
        return events
    }

    /// A call not recorded for the call limit: counted, and said once.
    private func refusal() -> Event {
        refusedCalls += 1
        return .notRecorded(reason: "\(configuration.maximumCalls) calls are being recorded (the limit)")
    }

    private func forget(dialog id: String) {
        refusedDialogs[id] = nil
        guard let dialog = dialogs.removeValue(forKey: id) else { return }
        for endpoint in dialog.callerMedia + dialog.calleeMedia where dialogOfEndpoint[endpoint] == id { dialogOfEndpoint[endpoint] = nil }
    }

    /// The RTP header of a datagram; nil when it is not RTP (or is RTCP).
    private static func header(of datagram: CapturedDatagram) -> RTPPacket.Header? {
        RTPPacket.Header(datagram.payload.bindMemory(to: UInt8.self), truncated: datagram.truncated)
    }

    private func feedSignalled(_ datagram: CapturedDatagram, header: RTPPacket.Header, dialog: SIPDialog) -> [Event] {
        var events: [Event] = []
        let t: Int
        if let existing = trackOfDialog[dialog.callID] {
            t = existing
        } else {
            if refusedDialogs[dialog.callID] != nil {
                refusedDialogs[dialog.callID] = datagram.time
                return []
            }
            if dialog.encrypted {
                // SRTP (RTP/SAVP): a capture never sees the keys, so the audio cannot be recorded.
                refusedDialogs[dialog.callID] = datagram.time
                return [.notRecorded(reason: "SRTP (RTP/SAVP) media: a passive capture has no keys to decrypt it")]
            }
            guard let made = start(dialog: dialog, first: datagram.time, payloadType: header.payloadType) else {
                refusedDialogs[dialog.callID] = datagram.time
                return [refusal()]
            }
            t = made
            trackOfDialog[dialog.callID] = t
            events.append(.started(tracks[t]!.call))
        }
        feed(datagram, header: header, track: t, dialog: dialog)
        return events
    }

    // MARK: Calls

    /// A new call for `dialog`, whose payload types are the SDP's (and the static ones); its first
    /// packet came at `first` with `payloadType`.
    private func start(dialog: SIPDialog, first: Double, payloadType: UInt8) -> Int? {
        var kinds: [UInt8: PayloadKind] = [:]
        for (pt, name) in staticPayloadNames { kinds[pt] = payloadKind(encodingName: name) }
        for (pt, name) in dialog.rtpmap { kinds[pt] = payloadKind(encodingName: name) }

        // Rendered at the rate of what the answer chose and the first packet carries.
        var codecs = dialog.answered.compactMap { name -> RTPAudioCodec? in if case .audio(let c) = payloadKind(encodingName: name) { c } else { nil } }
        if case .audio(let codec)? = kinds[payloadType] { codecs.append(codec) }
        return open(kinds: kinds, codecs: codecs, dialog: dialog, first: first) { track in track.dialogID = dialog.callID }
    }

    private func open(kinds: [UInt8: PayloadKind], codecs: [RTPAudioCodec], dialog: SIPDialog?, first: Double, _ setUp: (inout Track) -> Void) -> Int? {
        guard tracks.count < configuration.maximumCalls,
              let audio = try? LiveCallAudio(kinds: kinds, codecs: codecs, signalled: dialog != nil, playoutDelay: configuration.playoutDelay, clock: clock) else { return nil }
        let index = nextIndex
        nextIndex += 1
        var track = Track(call: PassiveCall(index: index, audio: audio, dialog: dialog, firstTime: first), lastPacket: first, kinds: kinds)
        setUp(&track)
        tracks[index] = track
        return index
    }

    /// Decides on an undecided stream: the file path's RTP heuristic and payload classification
    /// over its first packets. Taken, it joins (or starts) the call of its endpoint pair.
    private func decide(_ key: StreamKey) -> [Event] {
        guard let entry = pending.removeValue(forKey: key) else { return [] }
        let capture = Capture(live: entry.packets.map { ($0.time, $0.source, $0.destination, $0.payload) })
        let packets = capture.datagrams.indices.compactMap { RTPPacket.parse(capture, datagram: $0) }
        guard CallFinder.looksLikeRTP(packets, source: key.source, destination: key.destination) else {
            rejected[key] = entry.last
            return []
        }
        let kinds = CallFinder.classify(packets, capture: capture, rtpmap: [:])
        let pair = [key.source, key.destination].sorted()
        var events: [Event] = []
        let t: Int
        if let existing = trackOfPair[pair], tracks[existing] != nil {
            t = existing
            tracks[t]!.call.audio.learn(kinds)
            tracks[t]!.kinds.merge(kinds) { known, _ in known }
        } else {
            let codecs = Set(kinds.values.compactMap { kind -> RTPAudioCodec? in if case .audio(let c) = kind { c } else { nil } })
            guard let made = open(kinds: kinds, codecs: Array(codecs), dialog: nil, first: entry.packets[0].time, { track in
                track.pair = pair
                track.leftSource = key.source
            }) else {
                rejected[key] = entry.last
                return [refusal()]
            }
            t = made
            trackOfPair[pair] = t
            events.append(.started(tracks[t]!.call))
        }
        accepted[key] = t
        for held in entry.packets {
            held.payload.withUnsafeBytes { bytes in
                let datagram = CapturedDatagram(time: held.time, source: held.source, destination: held.destination, payload: bytes)
                if let header = Self.header(of: datagram) { feed(datagram, header: header, track: t) }
            }
        }
        return events
    }

    /// Hands a datagram to its call, on the side the call's rules give it; a stream whose packet
    /// carries a payload type the call does not know yet is held until the type is classified.
    private func feed(_ datagram: CapturedDatagram, header: RTPPacket.Header, track t: Int, dialog: SIPDialog? = nil) {
        guard let known = tracks[t]?.kinds else { return }
        let key = StreamKey(source: datagram.source, destination: datagram.destination, ssrc: header.ssrc)
        if holding[key] != nil || known[header.payloadType] == nil {
            holding[key, default: Hold(track: t, packets: [])].packets.append(
                Held(time: datagram.time, source: datagram.source, destination: datagram.destination, payload: Array(datagram.payload)))
            if let last = tracks[t]?.lastPacket { tracks[t]?.lastPacket = max(last, datagram.time) }
            classifyHeld(key, force: false)
            return
        }
        deliver(datagram, track: t, dialog: dialog)
    }

    /// Classifies the new payload types of a held stream once enough of their packets came (or,
    /// `force`d, on what came), then lets the stream go on.
    private func classifyHeld(_ key: StreamKey, force: Bool) {
        guard let hold = holding[key], let known = tracks[hold.track]?.kinds else { holding[key] = nil; return }
        let t = hold.track, held = hold.packets
        let dialog = tracks[t]?.dialogID.flatMap { dialogs[$0] }
        let capture = Capture(live: held.map { ($0.time, $0.source, $0.destination, $0.payload) })
        let packets = capture.datagrams.indices.compactMap { RTPPacket.parse(capture, datagram: $0) }
        let new = packets.filter { known[$0.payloadType] == nil }
        var counts: [UInt8: Int] = [:]
        for packet in new { counts[packet.payloadType, default: 0] += 1 }
        let kinds = CallFinder.classify(new, capture: capture, rtpmap: [:])
        // Telephone events show in 3 packets; anything else is judged on as many as Opus needs.
        let decided = force || counts.allSatisfy { pt, count in count >= Self.decisionPackets || (count >= 3 && kinds[pt] == .telephoneEvent) }
        guard decided else { return }
        holding[key] = nil
        tracks[t]?.kinds.merge(kinds) { known, _ in known }
        tracks[t]?.call.audio.learn(kinds)
        for packet in held {
            packet.payload.withUnsafeBytes { bytes in
                deliver(CapturedDatagram(time: packet.time, source: packet.source, destination: packet.destination, payload: bytes), track: t, dialog: dialog)
            }
        }
    }

    private func deliver(_ datagram: CapturedDatagram, track t: Int, dialog: SIPDialog?) {
        guard var track = tracks[t] else { return }
        let side: LiveCallAudio.Side
        if let dialog {
            let flow = [datagram.source, datagram.destination]
            if dialog.isFromCaller(source: datagram.source, destination: datagram.destination) {
                // A caller's side with two different flows and a silent callee (a SIPREC session's two
                // participants): the second flow is the other side, as the file path decides.
                if track.callerFlow == nil { track.callerFlow = flow }
                side = track.callerFlow != flow && !track.calleeSeen ? .right : .left
            } else {
                track.calleeSeen = true
                side = .right
            }
        } else {
            side = datagram.source == track.leftSource ? .left : .right
        }
        track.lastPacket = max(track.lastPacket, datagram.time)
        tracks[t] = track
        track.call.audio.receive(datagram.payload, time: datagram.time, side: side, source: datagram.source, destination: datagram.destination)
    }

    /// Ends a call: its audio is finished with the facts of how it was followed.
    private func end(_ t: Int, notes: [String]) -> Event {
        for (key, hold) in holding where hold.track == t { classifyHeld(key, force: true) }
        let track = tracks.removeValue(forKey: t)!
        var facts: [String: String] = [:]
        var allNotes = notes
        if let id = track.dialogID {
            trackOfDialog[id] = nil
            if let dialog = dialogs[id], let since = dialog.imageMedia.map(\.since).min() {
                facts["t38_packets"] = "\(track.t38Packets)"
                allNotes.append(String(format: "fax (T.38) after %.2fs", max(0, since - track.call.firstTime)))
            }
            forget(dialog: id)
        }
        if let pair = track.pair, trackOfPair[pair] == t { trackOfPair[pair] = nil }
        accepted = accepted.filter { $0.value != t }
        track.call.audio.finish(at: track.lastPacket, facts: facts, notes: allNotes)
        return .ended(track.call)
    }
}
