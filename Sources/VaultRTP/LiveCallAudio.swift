public import Foundation
public import VaultAudio

/// A call received live, rendered to stereo PCM while it goes on, for an ingest that encodes and
/// seals it as it reads: caller left, callee right.
///
/// Datagrams go in from the receiving sockets' threads (``receive(_:time:side:source:)``); the
/// ingest's thread reads PCM, which blocks until the audio is ready. Each stream (a source and an
/// SSRC) is a ``StreamAssembler``, the same as a capture file's calls use: audio is placed after a
/// playout delay (its jitter buffer), and rendered a little behind that, so a packet up to
/// ``playoutDelay`` late still takes its place. Memory stays bounded: packets are forgotten once
/// rendered. ``finish(at:facts:notes:)`` ends the call; the rest is rendered and the read ends at
/// the last packet's audio, as for a capture's call. The statistics are then the source's
/// ``facts`` (the same metadata keys as a capture's call, `capture_format` = `live`).
///
/// `@unchecked Sendable`: every mutable field is guarded by `condition`.
public final class LiveCallAudio: PCMSource, @unchecked Sendable {
    /// Which channel a stream is on.
    public enum Side: Int, Sendable { case left = 0, right = 1 }

    /// Stereo at the highest decoded rate of the chosen codecs.
    public let format: PCMFormat
    /// E.g. `RTP PCMA live`.
    public let sourceDescription: String
    /// How long a packet waits for earlier ones before it is placed (seconds).
    public let playoutDelay: Double

    private let clock: @Sendable () -> Double
    private let signalled: Bool
    private let condition = NSCondition()
    private var sides: [SideState]
    private var renderers: [ChannelRenderer] = []
    private var callStart: Double?
    private var lastArrival = 0.0
    private var dtmf: [DTMFEvent] = []
    private var produced = 0
    private var endFrame: Int?
    private var finalFacts: [String: String] = [:]
    /// Encoders at work at once, across calls; this reader holds a permit from a read that
    /// returned audio to its next read (while it encodes and seals what it read).
    private let gate: EncoderGate
    private var holdsPermit = false

    /// How often a reader waiting for audio looks again (seconds).
    static let readerPeriod = 0.05

    /// How far behind the placement horizon rendering stays: more than a segment's re-anchoring
    /// may move a packet earlier than its arrival, so nothing placed later starts before it.
    private static let renderMargin = StreamAssembler.reanchorThreshold + 0.05

    /// A live call whose payload types are named by `rtpmap` (SDP `a=rtpmap` names, static ones
    /// included) and whose streams chose `codecs` (encoding names, for the output rate).
    public convenience init(rtpmap: [UInt8: String], codecs: [String], playoutDelay: Double = 0.3,
                clock: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) throws {
        var kinds: [UInt8: PayloadKind] = [:]
        for (pt, name) in rtpmap { kinds[pt] = payloadKind(encodingName: name) }
        let chosen = codecs.compactMap { name -> RTPAudioCodec? in if case .audio(let codec) = payloadKind(encodingName: name) { codec } else { nil } }
        try self.init(kinds: kinds, codecs: chosen, playoutDelay: playoutDelay, clock: clock)
    }

    /// A live call whose payload types carry `kinds`, rendered at the highest rate of `codecs`;
    /// `signalled` when SIP named its media (the `signalling` fact).
    init(kinds: [UInt8: PayloadKind], codecs chosen: [RTPAudioCodec], signalled: Bool = true, playoutDelay: Double = 0.3,
         clock: @escaping @Sendable () -> Double, gate: EncoderGate = .shared) throws {
        self.signalled = signalled
        self.gate = gate
        let rate = chosen.map(\.sampleRate).max() ?? 8000
        format = PCMFormat(sampleRate: rate, channels: 2)
        sourceDescription = "RTP \(chosen.isEmpty ? "silence" : Array(Set(chosen.map(\.rawValue))).sorted().joined(separator: "/")) live"
        self.playoutDelay = playoutDelay
        self.clock = clock
        sides = [SideState(kinds: kinds), SideState(kinds: kinds)]
        renderers = try sides.map { try ChannelRenderer(feed: $0.feed, rate: rate, outputRate: rate) }
    }

    // MARK: Input

    /// Names payload types not known yet (a capture's call learns a stream's types when the
    /// stream is found). Audio at a higher rate than the call's is not rendered: it is counted
    /// as unsupported, with its rate.
    func learn(_ kinds: [UInt8: PayloadKind]) {
        condition.lock()
        defer { condition.unlock() }
        var added: [UInt8: PayloadKind] = [:]
        for (pt, kind) in kinds {
            if case .audio(let codec) = kind, codec.sampleRate > format.sampleRate {
                added[pt] = .unsupported("\(codec.rawValue) at \(codec.sampleRate) Hz in a call rendered at \(format.sampleRate) Hz")
            } else {
                added[pt] = kind
            }
        }
        for side in sides { side.learn(added) }
    }

    /// Takes one datagram received at `time` on the local port `destination` of `side`, from
    /// `source`. Not RTP (or RTCP): ignored. After ``finish(at:facts:notes:)``: ignored.
    public func receive(_ datagram: UnsafeRawBufferPointer, time: Double, side: Side, source: Endpoint, destination: Endpoint) {
        let bytes = datagram.bindMemory(to: UInt8.self)
        guard let header = RTPPacket.Header(bytes, truncated: false) else { return }
        condition.lock()
        defer { condition.unlock() }
        guard endFrame == nil else { return }
        if callStart == nil { callStart = time }
        lastArrival = max(lastArrival, time)
        let payload = UnsafeRawBufferPointer(rebasing: datagram[header.payloadStart..<header.payloadEnd])
        if let event = sides[side.rawValue].arrive(header, payload: payload, time: time, source: source, destination: destination,
                                                   callStart: callStart!) {
            dtmf.append(event)
        }
        // No wake-up: what is ready grows with the clock (the playout horizon), not with each
        // packet, so the reader renders on its own period in larger pieces.
    }

    /// Ends the call at `time`: nothing more is taken; what is buffered is rendered and the read
    /// ends with the last packet's audio. `facts` and `notes` join the statistics in ``facts``.
    public func finish(at time: Double, facts: [String: String] = [:], notes: [String] = []) {
        condition.lock()
        defer { condition.unlock() }
        // A reader that failed never reads again: its permit must not be lost with it.
        releasePermit()
        guard endFrame == nil else { return }
        for side in sides { side.release(upTo: nil) }
        let rate = Double(format.sampleRate)
        if let callStart {
            let lastSeconds = sides.compactMap(\.lastPlaced).max { $0.start < $1.start }?.seconds ?? 0.02
            endFrame = max(1, Int(((lastArrival - callStart + min(lastSeconds, 0.06)) * rate).rounded(.up)))
        } else {
            endFrame = 1
        }
        var allNotes: [String] = []
        if callStart == nil { allNotes.append("no RTP arrived") }
        if sides[0].statistics.packets == 0, callStart != nil { allNotes.append("one-way: left channel silent") }
        if sides[1].statistics.packets == 0, callStart != nil { allNotes.append("one-way: right channel silent") }
        if sides.contains(where: { $0.ssrcs.count > 1 }) { allNotes.append("SSRC changed mid-call") }
        let late = sides.map(\.late).reduce(0, +)
        if late > 0 { allNotes.append("\(late) packet(s) later than the \(Int(playoutDelay * 1000)) ms jitter buffer dropped") }
        for side in sides { allNotes += side.unsupportedNotes }
        allNotes += notes
        var metadata = AssembledCall.metadata(format: .live, callIndex: 1, signalling: signalled, left: sides[0].statistics, right: sides[1].statistics,
                                              dtmf: dtmf.sorted { $0.offset < $1.offset }, t38Packets: nil, sampleRate: format.sampleRate,
                                              notes: allNotes)
        metadata.merge(facts) { _, given in given }
        finalFacts = metadata
        condition.broadcast()
    }

    /// The call's statistics and notes, once ``finish(at:facts:notes:)`` has been called.
    public var facts: [String: String] {
        condition.lock()
        defer { condition.unlock() }
        return finalFacts
    }

    // MARK: Output

    /// Fills `buffer` with up to `frames` stereo frames as soon as they are ready (blocking);
    /// 0 once the finished call is read to its end.
    public func read(into buffer: UnsafeMutablePointer<Float>, frames: Int) throws -> Int {
        condition.lock()
        defer { condition.unlock() }
        // What was read before is encoded: another call's encoder may go.
        releasePermit()
        let rate = Double(format.sampleRate)
        while true {
            let ready: Int
            if let endFrame {
                for side in sides {
                    side.feed.limit = .infinity
                    side.feed.complete = true
                }
                ready = endFrame - produced
                if ready <= 0 { releasePermit(); return 0 }
            } else if let callStart {
                let horizon = clock() - playoutDelay
                for side in sides { side.release(upTo: horizon) }
                let limit = horizon - Self.renderMargin - callStart
                for side in sides { side.feed.limit = limit }
                // Each channel as far as it is known (a gap waits for the packet after it unless it
                // is already longer than concealment covers), and not past the end of the audio
                // received on either: a stretch without any packet is rendered as silence once a
                // packet after it arrives (time is never compressed), and a call whose media
                // stopped does not end in the silence that followed.
                let channels = renderers.map { $0.renderable(limit: limit) }.min() ?? 0
                let audio = renderers.map(\.knownAudioEnd).max() ?? 0
                // Never past the last arrival: a file's call ends there (plus its last packet's
                // audio, added once the call is finished), and a packet may be placed after it.
                let arrived = Int(((lastArrival - callStart) * rate).rounded(.down))
                ready = min(channels, audio, arrived) - produced
            } else {
                ready = 0
            }
            if ready > 0, !holdsPermit {
                // Waits for a permit without the lock, so packets keep arriving meanwhile; then
                // looks again (the call may have finished).
                condition.unlock()
                gate.acquire()
                condition.lock()
                holdsPermit = true
                continue
            }
            if ready > 0 {
                // At most a tenth of a second at a time: the receiving threads wait for the lock meanwhile.
                let n = min(frames, ready, max(1, format.sampleRate / 10))
                for (c, renderer) in renderers.enumerated() {
                    try renderer.take(n) { samples in
                        for i in 0..<n { buffer[i * 2 + c] = samples[i] }
                    }
                }
                produced += n
                return n
            }
            // Woken early only when the call finishes; otherwise every 50 ms, when about that much more
            // audio has passed the horizon (a wake-up per packet cost a context switch each).
            releasePermit()
            _ = condition.wait(until: Date().addingTimeInterval(Self.readerPeriod))
        }
    }

    /// Gives the reader's permit back, if it holds one (`condition` held).
    private func releasePermit() {
        guard holdsPermit else { return }
        holdsPermit = false
        gate.release()
    }

    deinit {
        if holdsPermit { gate.release() }
    }
}

/// How many live calls' encoders work at once (one a core by default). Each live call is read
/// by a thread of its own; without a bound, a few hundred encoder threads share the cores
/// equally with the event loops that receive the calls' packets and serve the API, which then
/// get a few-hundredth of a core each: packets overflow the kernel's buffers and a live alert
/// waits seconds. With it, a call whose audio is ready waits for a permit instead (its packets
/// stay buffered: an encoder that falls behind costs memory, never audio).
final class EncoderGate: @unchecked Sendable {
    /// The process's gate: one permit a core.
    static let shared = EncoderGate(permits: max(1, ProcessInfo.processInfo.activeProcessorCount))

    private let condition = NSCondition()
    // Guarded by `condition`: permits free, and tickets (first come, first served: a reader that
    // gives its permit back and asks again at once queues behind those already waiting).
    private var free: Int
    private var nextTicket = 0, serving = 0

    /// A gate with `permits` permits.
    init(permits: Int) { free = permits }

    /// Permits not taken now.
    var available: Int {
        condition.lock()
        defer { condition.unlock() }
        return free
    }

    /// Readers waiting for a permit now.
    var waiting: Int {
        condition.lock()
        defer { condition.unlock() }
        return nextTicket - serving
    }

    /// Takes a permit, in the order asked, waiting for one.
    func acquire() {
        condition.lock()
        let ticket = nextTicket
        nextTicket += 1
        while free == 0 || serving != ticket { condition.wait() }
        serving += 1
        free -= 1
        condition.broadcast()  // the next ticket may go too, if a permit is left
        condition.unlock()
    }

    /// Gives a permit back.
    func release() {
        condition.lock()
        free += 1
        condition.broadcast()
        condition.unlock()
    }
}

/// One channel of a live call: its streams, the packets placed and not yet rendered, their bytes.
private final class SideState {
    private(set) var kinds: [UInt8: PayloadKind]
    let feed = LiveFeed()
    private var streams: [StreamKey: StreamAssembler] = [:]
    private var order: [StreamKey] = []
    private(set) var ssrcs = Set<UInt32>()
    private var seenTypes = Set<UInt8>()
    private var unsupported: [String: Int] = [:]
    private(set) var lastPlaced: ChannelSchedule.Item?
    /// Where the audio placed so far ends (seconds from the call's start).
    private(set) var placedEnd = 0.0

    /// A stream as a capture's are told apart: sender, receiver and SSRC.
    struct StreamKey: Hashable { var source: Endpoint; var destination: Endpoint; var ssrc: UInt32 }

    init(kinds: [UInt8: PayloadKind]) { self.kinds = kinds }

    /// Adds payload types not named yet; those already named keep their kind.
    func learn(_ more: [UInt8: PayloadKind]) {
        kinds.merge(more) { known, _ in known }
        for key in order { streams[key]!.learn(more) }
    }

    func arrive(_ header: RTPPacket.Header, payload: UnsafeRawBufferPointer, time: Double, source: Endpoint, destination: Endpoint,
                callStart: Double) -> DTMFEvent? {
        let key = StreamKey(source: source, destination: destination, ssrc: header.ssrc)
        if streams[key] == nil {
            streams[key] = StreamAssembler(kinds: kinds, clockRate: nil, callStart: callStart)
            order.append(key)
            ssrcs.insert(header.ssrc)
        }
        seenTypes.insert(header.payloadType)
        var frames: Int?, handle = 0
        switch kinds[header.payloadType] {
        case .audio(let codec)?:
            frames = RTPPayloadDecoder.frames(in: payload, codec: codec)
            if let frames, frames > 0 { handle = feed.store(payload) }
        case nil, .unsupported?:
            unsupported[kinds[header.payloadType].map { if case .unsupported(let name) = $0 { name } else { "" } } ?? "PT \(header.payloadType)", default: 0] += 1
        default:
            break
        }
        let packet = StreamAssembler.Packet(time: time, sequence: header.sequence, timestamp: header.timestamp, payloadType: header.payloadType,
                                            payload: handle, length: payload.count, truncated: false, frames: frames)
        let event = streams[key]!.arrive(packet)
        if handle != 0, !streams[key]!.keptLast { feed.forget(handle) }  // a duplicate, or too late
        return event
    }

    /// Places what arrived up to `horizon` (everything for nil) and hands it to the feed.
    func release(upTo horizon: Double?) {
        for key in order {
            let items = streams[key]!.release(upTo: horizon)
            guard !items.isEmpty else { continue }
            feed.add(items)
            placedEnd = max(placedEnd, items.map { $0.start + $0.seconds }.max() ?? 0)
            if let last = items.max(by: { $0.start < $1.start }), last.start >= (lastPlaced?.start ?? -.infinity) { lastPlaced = last }
        }
    }

    var late: Int { streams.values.map(\.late).reduce(0, +) }

    /// The channel's statistics, as a capture's call sums them.
    var statistics: DirectionStatistics {
        var stats = DirectionStatistics()
        var jitterSum = 0.0, jitterCount = 0
        for key in order {
            stats.add(streams[key]!.stats)
            jitterSum += streams[key]!.jitterSum
            jitterCount += streams[key]!.jitterCount
        }
        stats.jitterMs = jitterCount > 0 ? jitterSum / Double(jitterCount) : 0
        stats.ssrcs = ssrcs.count
        stats.codecs = Set(seenTypes.compactMap { pt -> String? in if case .audio(let codec)? = kinds[pt] { codec.rawValue } else { nil } }).sorted()
        return stats
    }

    var unsupportedNotes: [String] {
        unsupported.sorted { $0.key < $1.key }.map { "unsupported payload: \($0.value) packet(s) of \($0.key)" }
    }
}

/// The placed packets of one live channel in start order, and their payload bytes until rendered.
private final class LiveFeed: ChannelFeed {
    private var items: [ChannelSchedule.Item] = []
    private var next = 0
    private var payloads: [Int: [UInt8]] = [:]
    private var nextHandle = 1

    func store(_ payload: UnsafeRawBufferPointer) -> Int {
        defer { nextHandle += 1 }
        payloads[nextHandle] = Array(payload)
        return nextHandle
    }

    func forget(_ handle: Int) { payloads[handle] = nil }

    /// The latest end of the items that start before ``limit`` and are not handed out yet.
    func readyEnd(rate: Int) -> Int? {
        var end: Int?
        var i = next
        while i < items.count, items[i].start < limit {
            let item = items[i]
            end = max(end ?? .min, Int((item.start * Double(rate)).rounded()) + item.frames * (rate / item.codec.sampleRate))
            i += 1
        }
        return end
    }

    /// Items starting at or after this (seconds from the call's start) are not handed out yet:
    /// a packet placed later may still start before them.
    var limit = 0.0
    /// Set when the call has ended and every packet is placed: what follows the last one is the
    /// silence after the end, as for a capture's call.
    var complete = false
    var isLive: Bool { !complete }

    /// Adds placed items, keeping start order among those not yet rendered.
    func add(_ placed: [ChannelSchedule.Item]) {
        if next > 1024 {
            items.removeFirst(next)
            next = 0
        }
        for item in placed {
            var i = items.count
            while i > next, items[i - 1].start > item.start { i -= 1 }
            items.insert(item, at: i)
        }
    }

    func nextItem() -> ChannelSchedule.Item? {
        guard next < items.count, items[next].start < limit else { return nil }
        defer { next += 1 }
        return items[next]
    }

    func withPayload(of item: ChannelSchedule.Item, _ body: (UnsafeRawBufferPointer) -> Void) {
        guard let bytes = payloads.removeValue(forKey: item.offset) else { return }
        bytes.withUnsafeBytes(body)
    }
}
