import Foundation
import NIOConcurrencyHelpers
import VaultBase
import VaultCore
import VaultRTP
import VaultSIP
import VaultStore

/// One recorded call in progress: its RTP goes, as it arrives, to a ``LiveCallAudio`` that an
/// ingest encodes and seals while the call goes on (VaultRTP's stream assembly, the same as a
/// capture file's calls). Nothing of the call's audio is held beyond the jitter buffer.
///
/// Sides are decided when the first dialog starts (``RecordedCallSides`` over its metadata and
/// labels): the caller's ports feed the left channel, the callee's the right. Each port takes RTP
/// from one source, the first that sent to it: datagrams from any other are counted and dropped.
/// While the call is paused nothing that arrives is kept, so a paused span is silence and never
/// holds the media sent meanwhile.
///
/// `@unchecked Sendable`: every mutable field is inside `state`, behind its lock.
final class LiveCall: @unchecked Sendable {
    /// The first dialog's Call-ID (the recorder's session, not the recorded call).
    let sessionCallID: String
    /// The audio the ingest reads.
    let audio: LiveCallAudio
    /// When the first INVITE arrived (seconds since the epoch, the server's clock).
    let invitedAt: Double
    /// Who is who, decided from the first dialog's offer.
    let sides: RecordedCallSides
    /// The recorded call's Call-ID, when the metadata names it.
    let recordedCallID: String?
    /// When the recorded call started, when the metadata says (`start-time`, ISO 8601).
    let recordedCallStartedAt: Date?
    /// The id the call is stored under, known from its first INVITE (the API pauses it by this).
    let recordingID = RecordingID()
    /// The SIPREC metadata documents its dialogs sent, sealed with the recording.
    let rsMetadata = RSMetadataFeed()

    /// Who paused a call: its SRC (a re-INVITE with every line `inactive`) or the API.
    enum PauseSource: String, Hashable, Comparable {
        case signalling = "sip", api
        static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
    }

    private struct State {
        var metadata: RecordingMetadata?
        /// The channel of each local port, and the one source each port takes RTP from.
        var sideOfPort: [UInt16: LiveCallAudio.Side] = [:]
        var sources: [UInt16: Endpoint] = [:]
        var firstDatagram: Double?
        var pausedSince: Double?
        /// Who holds the pause: the call is paused while anyone does.
        var pausedBy: Set<PauseSource> = []
        var pausedSpans: [(start: Double, end: Double)] = []
        var received = 0, fromOtherSources = 0, whilePaused = 0
        /// SRTP lines' receivers by local port, their suites, and what they refused.
        var srtp: [UInt16: SRTPReceiver] = [:]
        var srtpSuites = Set<String>()
        var srtpFailures = 0, srtpReplays = 0
        /// When a datagram last arrived on each port.
        var lastDatagram: [UInt16: Double] = [:]
        /// Dialogs recording this call now.
        var openDialogs = 1
        var notes: [String] = []
        var finished = false
    }

    private let state: NIOLockedValueBox<State>

    init(sessionCallID: String, offer: SIPRECOffer, streams: [SIPRECSessions.Stream], invitedAt: Double,
         clock: @escaping @Sendable () -> Double) throws {
        self.sessionCallID = sessionCallID
        self.invitedAt = invitedAt
        var rtpmap: [UInt8: String] = [:]
        var offered: [String] = []
        let media = offer.sdp?.media ?? []
        for (index, line) in media.enumerated() {
            for (format, encoding) in line.encodings { if let pt = UInt8(exactly: format) { rtpmap[pt] = encoding.name } }
            if streams.contains(where: { $0.line == index }) { offered += line.formats.compactMap { line.encodings[$0]?.name } }
        }
        // The output rate covers every codec the accepted lines offer: an SRC may send any of them.
        audio = try LiveCallAudio(rtpmap: rtpmap, codecs: offered + streams.map(\.encoding.name), clock: clock)
        sides = RecordedCallSides.decide(metadata: offer.metadata, labels: streams.map(\.label))
        recordedCallID = offer.metadata?.callID
        recordedCallStartedAt = offer.metadata?.startTime.flatMap(Timestamp.parse)
        var state = State(metadata: offer.metadata)
        if let xml = offer.metadataXML { rsMetadata.append(xml, at: Date(timeIntervalSince1970: invitedAt)) }
        Self.assign(streams, sides: sides, into: &state.sideOfPort, offset: 0)
        try Self.key(streams, into: &state)
        self.state = NIOLockedValueBox(state)
    }

    /// Sets up an SRTP receiver for each stream that has an SDES key (replacing the old one when
    /// the SRC rekeys).
    private static func key(_ streams: [SIPRECSessions.Stream], into state: inout State) throws {
        for stream in streams {
            guard let crypto = stream.crypto, let port = UInt16(exactly: stream.port) else { continue }
            state.srtp[port] = try SRTPReceiver(crypto)
            state.srtpSuites.insert(crypto.suite.rawValue)
        }
    }

    /// The SRC gave its SRTP lines new keys (a re-INVITE): packets are taken with them from now on.
    func rekey(_ streams: [SIPRECSessions.Stream]) throws {
        try state.withLockedValue { state in try Self.key(streams, into: &state) }
    }

    /// Puts each stream's port on the caller's (left) or the callee's (right) channel.
    private static func assign(_ streams: [SIPRECSessions.Stream], sides: RecordedCallSides, into map: inout [UInt16: LiveCallAudio.Side], offset: Int) {
        for (index, stream) in streams.enumerated() {
            guard let port = UInt16(exactly: stream.port) else { continue }
            let name = stream.label ?? "#\(offset + index)"
            map[port] = sides.callerLabels.contains(name) ? .left : .right
        }
    }

    /// A further dialog records the same session (the same call forked to a second SRC, or a
    /// failover re-INVITE from another one): its streams join this call, on the sides their
    /// labels have. Where two dialogs send the same audio, placement keeps the first packet for
    /// each moment and drops overlaps, so a fork is not heard twice and a failover fills the gap.
    func attach(_ streams: [SIPRECSessions.Stream]) throws {
        try state.withLockedValue { state in
            Self.assign(streams, sides: sides, into: &state.sideOfPort, offset: state.sideOfPort.count)
            try Self.key(streams, into: &state)
            state.openDialogs += 1
            if state.openDialogs == 2 { state.notes.append("recorded by more than one SIPREC session (fork or failover)") }
        }
    }

    /// A dialog of this call ended; returns whether it was the last one.
    func detach() -> Bool {
        state.withLockedValue { state in
            state.openDialogs -= 1
            return state.openDialogs <= 0
        }
    }

    /// Adds a note kept with the recording.
    func note(_ text: String) {
        state.withLockedValue { state in if !state.notes.contains(text) { state.notes.append(text) } }
    }

    /// Takes one datagram that arrived on `local` from `source` at `time`, unless the call is
    /// paused or the port already takes RTP from another source. On an SRTP line it is
    /// authenticated and decrypted first; what fails is counted and dropped.
    func receive(_ payload: UnsafeRawBufferPointer, from source: Endpoint, on local: Endpoint, at time: Double) {
        let taken = state.withLockedValue { state -> (LiveCallAudio.Side, SRTPReceiver?)? in
            guard !state.finished else { return nil }
            state.lastDatagram[local.port] = time
            if let expected = state.sources[local.port], expected != source {
                state.fromOtherSources += 1
                return nil
            }
            state.sources[local.port] = source
            if state.pausedSince != nil {
                state.whilePaused += 1
                return nil
            }
            state.received += 1
            if state.firstDatagram == nil { state.firstDatagram = time }
            return (state.sideOfPort[local.port] ?? .right, state.srtp[local.port])
        }
        guard let (side, srtp) = taken else { return }
        guard let srtp else {
            audio.receive(payload, time: time, side: side, source: source, destination: local)
            return
        }
        var packet = [UInt8](payload)
        packet.withUnsafeMutableBytes { bytes in
            switch srtp.unprotect(bytes) {
            case .success(let length):
                audio.receive(UnsafeRawBufferPointer(rebasing: bytes[0..<length]), time: time, side: side, source: source, destination: local)
            case .failure(let failure):
                state.withLockedValue { state in
                    state.received -= 1
                    if failure == .replay { state.srtpReplays += 1 } else { state.srtpFailures += 1 }
                }
            }
        }
    }

    /// When the last datagram arrived on any of `ports` (`since` when none has).
    func lastActivity(ports: [Int], since: Double) -> Double {
        state.withLockedValue { state in
            ports.compactMap { UInt16(exactly: $0).flatMap { state.lastDatagram[$0] } }.max().map { max($0, since) } ?? since
        }
    }

    /// Whether the call is paused now.
    var isPaused: Bool { state.withLockedValue { $0.pausedSince != nil } }

    /// Who holds the call paused now.
    var pausedBy: Set<PauseSource> { state.withLockedValue { $0.pausedBy } }

    /// Seconds from the call's first RTP packet (its INVITE before one came) to `time`.
    func seconds(at time: Double) -> Double {
        state.withLockedValue { max(0, time - ($0.firstDatagram ?? invitedAt)) }
    }

    /// Stops keeping media from `time` on, at the request of `source`; false when the call has
    /// ended.
    @discardableResult
    func pause(at time: Double, by source: PauseSource = .signalling) -> Bool {
        state.withLockedValue { state in
            guard !state.finished else { return false }
            if state.pausedSince == nil { state.pausedSince = time }
            state.pausedBy.insert(source)
            return true
        }
    }

    /// Keeps media again from `time` on, once no one else holds the call paused (an API pause
    /// outlasts the SRC's resume, and the other way round); false when the call has ended.
    @discardableResult
    func resume(at time: Double, by source: PauseSource = .signalling) -> Bool {
        state.withLockedValue { state in
            guard !state.finished else { return false }
            state.pausedBy.remove(source)
            if state.pausedBy.isEmpty, let since = state.pausedSince {
                state.pausedSpans.append((since, time))
                state.pausedSince = nil
                // The pause's silence is no media timeout: count from the resume.
                for port in state.lastDatagram.keys { state.lastDatagram[port] = time }
            }
            return true
        }
    }

    /// New metadata from a re-INVITE or UPDATE, or from another dialog of the same session, that
    /// arrived at `time`: kept with the recording (the sides stay as decided at the start).
    func updateMetadata(_ metadata: RecordingMetadata, xml: [UInt8], at time: Double) {
        state.withLockedValue { state in state.metadata = metadata }
        rsMetadata.append(xml, at: Date(timeIntervalSince1970: time))
    }

    /// Ends the call at `time`: its audio ends, and the facts of how it was recorded join the
    /// recording's metadata (paused spans in ms from the first RTP packet, drop counts, notes).
    func finish(at time: Double) {
        let (facts, notes) = state.withLockedValue { state -> ([String: String], [String]) in
            guard !state.finished else { return ([:], []) }
            state.finished = true
            if let since = state.pausedSince {
                state.pausedSpans.append((since, time))
                state.pausedSince = nil
            }
            let first = state.firstDatagram ?? invitedAt
            var facts: [String: String] = [:]
            let spans = state.pausedSpans.compactMap { span -> Recording.PausedSpan? in
                let start = max(0, span.start - first), end = max(0, span.end - first)
                return end > start ? Recording.PausedSpan(startS: start, endS: end) : nil
            }
            // Written as `Recording` reads it back.
            if !spans.isEmpty { facts["paused_spans"] = Recording.PausedSpan.formatList(spans) }
            if state.fromOtherSources > 0 { facts["datagrams_from_other_sources"] = "\(state.fromOtherSources)" }
            if state.whilePaused > 0 { facts["datagrams_while_paused"] = "\(state.whilePaused)" }
            if !state.srtpSuites.isEmpty { facts["srtp"] = state.srtpSuites.sorted().joined(separator: ",") }
            if state.srtpFailures > 0 { facts["srtp_auth_failures"] = "\(state.srtpFailures)" }
            if state.srtpReplays > 0 { facts["srtp_replays"] = "\(state.srtpReplays)" }
            return (facts, sides.notes + state.notes)
        }
        audio.finish(at: time, facts: facts, notes: notes)
    }
}
