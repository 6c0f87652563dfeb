import Foundation
import NIOConcurrencyHelpers
import VaultRTP
import VaultSIP

/// One recording session in progress: what its RTP sockets received, and when it was paused.
///
/// Datagrams are kept as a live ``Capture`` so that the call is assembled by the same code as a
/// capture file's calls (`CallFinder.receivedCall`, `AssembledCall`). Each port takes RTP from one
/// source, the first that sent to it: datagrams from any other are counted and dropped. While
/// the session is paused nothing that arrives is kept, so a paused span is silence and never holds
/// the media sent meanwhile.
///
/// `@unchecked Sendable`: every mutable field is inside `state`, behind its lock.
final class LiveCall: @unchecked Sendable {
    /// The SIPREC dialog's Call-ID (the recorder's session, not the recorded call).
    let sessionCallID: String
    /// The SDP offer's payload names (`a=rtpmap`, static types included).
    let rtpmap: [UInt8: String]
    /// When the INVITE arrived (seconds since the epoch, the server's clock).
    let invitedAt: Double

    private struct State {
        var capture: Capture
        var metadata: RecordingMetadata?
        var metadataXML: [UInt8]?
        /// The one source each port takes RTP from.
        var sources: [UInt16: Endpoint] = [:]
        var pausedSince: Double?
        var pausedSpans: [(start: Double, end: Double)] = []
        var received = 0, fromOtherSources = 0, whilePaused = 0
        /// When a datagram last arrived on each port.
        var lastDatagram: [UInt16: Double] = [:]
        /// The streams of every dialog that records this call (a second SRC or a failover adds its own).
        var streams: [SIPRECSessions.Stream]
        /// Dialogs recording this call now.
        var openDialogs = 1
        var notes: [String] = []
    }

    private let state: NIOLockedValueBox<State>

    init(sessionCallID: String, offer: SIPRECOffer, streams: [SIPRECSessions.Stream], invitedAt: Double) {
        self.sessionCallID = sessionCallID
        var rtpmap: [UInt8: String] = [:]
        for media in offer.sdp?.media ?? [] {
            for (format, encoding) in media.encodings { if let pt = UInt8(exactly: format) { rtpmap[pt] = encoding.name } }
        }
        self.rtpmap = rtpmap
        self.invitedAt = invitedAt
        state = NIOLockedValueBox(State(capture: Capture(live: "siprec session"), metadata: offer.metadata,
                                        metadataXML: offer.metadataXML, streams: streams))
    }

    /// A further dialog records the same session (the same call forked to a second SRC, or a
    /// failover re-INVITE from another one): its streams join this call. Where two dialogs send
    /// the same audio, the renderer keeps the first packet for each moment and drops overlaps, so
    /// a fork is not heard twice and a failover fills the gap.
    func attach(_ streams: [SIPRECSessions.Stream]) {
        state.withLockedValue { state in
            state.streams += streams
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

    /// Keeps one datagram that arrived on `port` from `source` at `time`, unless the session is
    /// paused or the port already takes RTP from another source.
    func receive(_ payload: UnsafeRawBufferPointer, from source: Endpoint, on local: Endpoint, at time: Double) {
        state.withLockedValue { state in
            state.lastDatagram[local.port] = time
            if let expected = state.sources[local.port], expected != source {
                state.fromOtherSources += 1
                return
            }
            state.sources[local.port] = source
            if state.pausedSince != nil {
                state.whilePaused += 1
                return
            }
            state.received += 1
            state.capture.append(payload, time: time, source: source, destination: local)
        }
    }

    /// When the last datagram arrived on any of `ports` (`since` when none has).
    func lastActivity(ports: [Int], since: Double) -> Double {
        state.withLockedValue { state in
            ports.compactMap { UInt16(exactly: $0).flatMap { state.lastDatagram[$0] } }.max().map { max($0, since) } ?? since
        }
    }

    /// Datagrams kept so far.
    var receivedDatagrams: Int { state.withLockedValue { $0.received } }

    /// Stops keeping media from `time` on.
    func pause(at time: Double) {
        state.withLockedValue { state in if state.pausedSince == nil { state.pausedSince = time } }
    }

    /// Keeps media again from `time` on.
    func resume(at time: Double) {
        state.withLockedValue { state in
            if let since = state.pausedSince {
                state.pausedSpans.append((since, time))
                state.pausedSince = nil
            }
        }
    }

    /// New metadata from a re-INVITE or UPDATE. A partial update (`datamode` partial) adds to
    /// what is known; a complete one replaces it.
    func updateMetadata(_ metadata: RecordingMetadata, xml: [UInt8]) {
        state.withLockedValue { state in
            if metadata.dataMode?.lowercased() == "partial", var known = state.metadata {
                for participant in metadata.participants {
                    if let k = known.participants.firstIndex(where: { $0.id == participant.id }) { known.participants[k] = participant } else { known.participants.append(participant) }
                }
                for stream in metadata.streams where !known.streams.contains(where: { $0.id == stream.id }) { known.streams.append(stream) }
                known.callID = known.callID ?? metadata.callID
                state.metadata = known
            } else {
                state.metadata = metadata
            }
            state.metadataXML = xml
        }
    }

    /// What the session recorded, as it ends at `time`.
    func finish(at time: Double, address: IPAddress) -> FinishedCall {
        state.withLockedValue { state in
            if let since = state.pausedSince {
                state.pausedSpans.append((since, time))
                state.pausedSince = nil
            }
            let streams = state.streams
            var sides = RecordedCallSides.decide(metadata: state.metadata, labels: streams.map(\.label))
            sides.notes += state.notes
            var left = Set<Endpoint>(), right = Set<Endpoint>()
            for (index, stream) in streams.enumerated() {
                let endpoint = Endpoint(address: address, port: UInt16(stream.port))
                let name = stream.label ?? "#\(index)"
                if sides.callerLabels.contains(name) { left.insert(endpoint) } else { right.insert(endpoint) }
            }
            return FinishedCall(capture: state.capture, left: left, right: right, rtpmap: rtpmap, sides: sides,
                                metadata: state.metadata, metadataXML: state.metadataXML, pausedSpans: state.pausedSpans,
                                invitedAt: invitedAt, endedAt: time,
                                counts: (state.received, state.fromOtherSources, state.whilePaused))
        }
    }
}

/// A recording session that ended: everything needed to store it.
struct FinishedCall: Sendable {
    var capture: Capture
    /// The local RTP endpoints of the caller's streams (left channel) and of the callee's (right).
    var left: Set<Endpoint>, right: Set<Endpoint>
    var rtpmap: [UInt8: String]
    var sides: RecordedCallSides
    var metadata: RecordingMetadata?
    var metadataXML: [UInt8]?
    /// Paused spans, in the server's clock.
    var pausedSpans: [(start: Double, end: Double)]
    var invitedAt: Double, endedAt: Double
    /// Datagrams kept, dropped from a second source, dropped while paused.
    var counts: (kept: Int, otherSources: Int, whilePaused: Int)
}
