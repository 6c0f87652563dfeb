import Foundation
public import VaultAudio

/// Statistics of one direction of a call, summed over its SSRCs.
public struct DirectionStatistics: Sendable, Equatable {
    /// RTP packets captured, duplicates included (what `tshark -z rtp,streams` counts).
    public var packets = 0
    /// Sequence numbers never seen.
    public var lost = 0
    /// Packets whose sequence number is lower than one already seen.
    public var reordered = 0
    /// Packets seen twice (same SSRC and sequence number).
    public var duplicates = 0
    /// Mean RFC 3550 interarrival jitter, milliseconds.
    public var jitterMs = 0.0
    /// Largest RFC 3550 interarrival jitter, milliseconds.
    public var maxJitterMs = 0.0
    /// SSRCs seen (more than one means the source changed mid-call).
    public var ssrcs = 0
    /// Codec names, e.g. `PCMU`.
    public var codecs: [String] = []
    /// Comfort-noise packets (rendered as silence).
    public var comfortNoise = 0
    /// Packets the capture cut short.
    public var truncatedPackets = 0

    /// Adds one stream's counts (packets, loss, reordering, duplicates, comfort noise, truncated
    /// packets, the largest jitter); the mean jitter, SSRCs and codecs are the caller's.
    mutating func add(_ stream: DirectionStatistics) {
        packets += stream.packets
        lost += stream.lost
        reordered += stream.reordered
        duplicates += stream.duplicates
        comfortNoise += stream.comfortNoise
        truncatedPackets += stream.truncatedPackets
        maxJitterMs = max(maxJitterMs, stream.maxJitterMs)
    }
}

/// One RFC 4733 key press: when it started. The key itself is never kept.
public struct DTMFEvent: Sendable, Equatable {
    /// Seconds from the call's first RTP packet.
    public var offset: Double
}

/// A call ready to render: per-direction statistics, DTMF times and the packet schedule.
public struct AssembledCall: Sendable {
    /// The call.
    public let call: RTPCall
    /// Left channel (caller) statistics.
    public let left: DirectionStatistics
    /// Right channel (callee) statistics.
    public let right: DirectionStatistics
    /// Key presses (times only).
    public let dtmf: [DTMFEvent]
    /// The output rate: the highest decoded rate of the call's codecs.
    public let sampleRate: Int
    /// Frames of the recording at ``sampleRate``.
    public let frames: Int
    /// Notes for the recording's metadata (one-way call, unsupported payloads, cut capture, …).
    public let notes: [String]
    let leftSchedule: ChannelSchedule
    let rightSchedule: ChannelSchedule

    /// The recording's duration, seconds.
    public var duration: Double { Double(frames) / Double(sampleRate) }

    /// Assembles `call`; throws `limitExceeded` when its packets span more than `limits` allow
    /// (capture times that jump by years in a small file), before any audio is rendered.
    init(_ call: RTPCall, limits: AudioLimits) throws {
        self.call = call
        // The span from the earliest to the latest capture time of any packet: a capture's
        // packets need not be in time order (a mutated or merged file), so first and last in
        // file order say nothing about how long the call is.
        var times = call.streams.flatMap { $0.packets.map(\.time) }
        times.sort()
        let start = times.first ?? 0
        let end = times.last ?? 0
        if let gap = zip(times, times.dropFirst()).map({ $1 - $0 }).max(), gap > Double(limits.maximumSilentGapSeconds) {
            throw RTPError(.limitExceeded, "call \(call.index): no packet for \(Int(gap.rounded())) s, more than the "
                           + "\(limits.maximumSilentGapSeconds) s a call may be silent: not one call")
        }
        var dtmf = [DTMFEvent]()
        let (l, ls) = Self.direction(call.left, capture: call.capture, callStart: start, dtmf: &dtmf)
        let (r, rs) = Self.direction(call.right, capture: call.capture, callStart: start, dtmf: &dtmf)
        left = l
        right = r
        leftSchedule = ls
        rightSchedule = rs
        self.dtmf = dtmf.sorted { $0.offset < $1.offset }
        sampleRate = max(ls.sampleRate, rs.sampleRate)
        // The recording spans the first to the last RTP packet, plus the last packet's own audio.
        let lastItem = (ls.items + rs.items).max { $0.start < $1.start }
        let seconds = end - start + min(lastItem?.seconds ?? 0.02, 0.06)
        guard seconds.isFinite, seconds <= Double(limits.maximumSeconds) else {
            throw RTPError(.limitExceeded, "call \(call.index): its packets span \(seconds.isFinite ? String(format: "%.0f s", seconds) : "an unbounded time"), "
                           + "more than the \(AudioLimits.hours(limits.maximumSeconds)) maximum call length (policy recordings.maximum_call_hours)")
        }
        frames = max(1, Int((seconds * Double(sampleRate)).rounded(.up)))
        var notes = [String]()
        if call.right.isEmpty { notes.append("one-way: right channel silent") }
        if call.left.isEmpty { notes.append("one-way: left channel silent") }
        if ls.items.isEmpty && !call.left.isEmpty { notes.append("left channel has no decodable audio") }
        if rs.items.isEmpty && !call.right.isEmpty { notes.append("right channel has no decodable audio") }
        for report in call.unsupportedReport { notes.append("unsupported payload: \(report)") }
        if l.ssrcs > 1 || r.ssrcs > 1 { notes.append("SSRC changed mid-call") }
        if l.truncatedPackets + r.truncatedPackets > 0 { notes.append("\(l.truncatedPackets + r.truncatedPackets) truncated packet(s)") }
        if let since = call.faxSince {
            notes.append(String(format: "fax (T.38) after %.2fs", since - start))
        }
        if call.capture.cutMidFile { notes.append("capture cut mid-file") }
        self.notes = notes
    }

    /// Metadata for the recording: statistics and notes. No numbers, no digits keyed, no Call-ID in clear.
    public var metadata: [String: String] {
        Self.metadata(format: call.capture.format, callIndex: call.index, signalling: call.callID != nil, left: left, right: right,
                      dtmf: dtmf, t38Packets: call.faxSince != nil ? call.t38Packets : nil, sampleRate: sampleRate, notes: notes)
    }

    /// The metadata keys of a call (this module's README lists them), for a capture's call and a live one alike.
    static func metadata(format: CaptureFormat, callIndex: Int, signalling: Bool, left: DirectionStatistics, right: DirectionStatistics,
                         dtmf: [DTMFEvent], t38Packets: Int?, sampleRate: Int, notes: [String]) -> [String: String] {
        var m = [String: String]()
        m["capture_format"] = format.rawValue
        m["call_index"] = "\(callIndex)"
        if signalling { m["signalling"] = "SIP" }
        for (side, s) in [("left", left), ("right", right)] {
            m["\(side).packets"] = "\(s.packets)"
            m["\(side).lost"] = "\(s.lost)"
            m["\(side).reordered"] = "\(s.reordered)"
            m["\(side).duplicates"] = "\(s.duplicates)"
            m["\(side).jitter_ms"] = String(format: "%.2f", s.jitterMs)
            m["\(side).jitter_max_ms"] = String(format: "%.2f", s.maxJitterMs)
            m["\(side).codec"] = s.codecs.isEmpty ? "none" : s.codecs.joined(separator: "+")
            m["\(side).ssrcs"] = "\(s.ssrcs)"
            if s.comfortNoise > 0 { m["\(side).comfort_noise"] = "\(s.comfortNoise)" }
        }
        m["packets"] = "\(left.packets + right.packets)"
        m["lost"] = "\(left.lost + right.lost)"
        m["reordered"] = "\(left.reordered + right.reordered)"
        m["duplicates"] = "\(left.duplicates + right.duplicates)"
        m["jitter_ms"] = String(format: "%.2f", max(left.jitterMs, right.jitterMs))
        m["dtmf_events"] = "\(dtmf.count)"
        if let t38Packets { m["t38_packets"] = "\(t38Packets)" }
        if !dtmf.isEmpty { m["dtmf_times_s"] = dtmf.map { String(format: "%.2f", $0.offset) }.joined(separator: ",") }
        m["sample_rate"] = "\(sampleRate)"
        if !notes.isEmpty { m["notes"] = notes.joined(separator: "; ") }
        return m
    }

    /// The stereo source: caller left, callee right, time-aligned.
    public func makeSource() throws -> any PCMSource {
        try CallAudioSource(self)
    }

    // MARK: per direction

    static func direction(_ streams: [RTPStream], capture: Capture, callStart: Double,
                          dtmf: inout [DTMFEvent]) -> (DirectionStatistics, ChannelSchedule) {
        var stats = DirectionStatistics()
        stats.ssrcs = Set(streams.map(\.ssrc)).count
        var items = [ChannelSchedule.Item]()
        var codecs = [String]()
        var jitterSum = 0.0, jitterCount = 0
        for stream in streams {
            var assembler = StreamAssembler(kinds: stream.kinds, clockRate: stream.mainCodec?.clockRate ?? 8000, callStart: callStart)
            capture.bytes.withUnsafeBytes { all in
                for packet in stream.packets {
                    var frames: Int?
                    if case .audio(let codec)? = stream.kinds[packet.payloadType] {
                        frames = RTPPayloadDecoder.frames(in: UnsafeRawBufferPointer(rebasing: all[packet.payloadOffset..<(packet.payloadOffset + packet.payloadLength)]), codec: codec)
                    }
                    let facts = StreamAssembler.Packet(time: packet.time, sequence: packet.sequence, timestamp: packet.timestamp,
                                                       payloadType: packet.payloadType, payload: packet.payloadOffset, length: packet.payloadLength,
                                                       truncated: capture.datagrams[packet.datagram].truncated, frames: frames)
                    if let event = assembler.arrive(facts) { dtmf.append(event) }
                }
            }
            items += assembler.release(upTo: nil)
            stats.add(assembler.stats)
            jitterSum += assembler.jitterSum
            jitterCount += assembler.jitterCount
            for codec in Set(stream.kinds.values.compactMap { kind -> String? in if case .audio(let c) = kind { c.rawValue } else { nil } }).sorted()
            where !codecs.contains(codec) {
                codecs.append(codec)
            }
        }
        stats.jitterMs = jitterCount > 0 ? jitterSum / Double(jitterCount) : 0
        stats.codecs = codecs
        return (stats, ChannelSchedule(items: items))
    }
}

/// The audio packets of one channel, with where each starts (seconds from the call's start).
struct ChannelSchedule: Sendable {
    struct Item: Sendable {
        var start: Double
        var codec: RTPAudioCodec
        var offset: Int
        var length: Int
        var frames: Int
        var seconds: Double { Double(frames) / Double(codec.sampleRate) }
    }
    var items: [Item]
    var sampleRate: Int
    var endSeconds: Double

    init(items: [Item]) {
        self.items = items.sorted { $0.start < $1.start }
        sampleRate = items.map(\.codec.sampleRate).max() ?? 8000
        endSeconds = items.map { $0.start + $0.seconds }.max() ?? 0
    }
}
