public import VaultAudio

/// The stereo PCM of an assembled call, rendered as it is read: each channel decodes its
/// packets in time order, fills gaps (Opus concealment for up to 120 ms, then silence; silence
/// for the other codecs), drops overlaps, and is resampled to the call's rate when its own is
/// lower. Never compresses time: a packet plays at the position its RTP timestamp and arrival
/// give it. Not `Sendable` (owns decoders).
public final class CallAudioSource: PCMSource {
    /// Stereo at the call's rate.
    public let format: PCMFormat
    /// E.g. `RTP PCMU from pcap`.
    public let sourceDescription: String
    /// The call's length in frames.
    public var expectedFrames: Int? { total }
    private let total: Int
    private var produced = 0
    private let channels: [ChannelRenderer]

    init(_ call: AssembledCall) throws {
        format = PCMFormat(sampleRate: call.sampleRate, channels: 2)
        let codecs = (call.left.codecs + call.right.codecs).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        sourceDescription = "RTP \(codecs.isEmpty ? "silence" : codecs.joined(separator: "/")) from \(call.call.capture.format.rawValue)"
        total = call.frames
        channels = try [call.leftSchedule, call.rightSchedule].map {
            try ChannelRenderer(feed: ScheduleFeed($0, bytes: call.call.capture.bytes), rate: $0.sampleRate, outputRate: call.sampleRate)
        }
    }

    /// Fills `buffer` with up to `frames` interleaved stereo frames.
    public func read(into buffer: UnsafeMutablePointer<Float>, frames: Int) throws -> Int {
        let n = min(frames, total - produced)
        guard n > 0 else { return 0 }
        for (c, channel) in channels.enumerated() {
            try channel.take(n) { samples in
                for i in 0..<n { buffer[i * 2 + c] = samples[i] }
            }
        }
        produced += n
        return n
    }
}

/// Where a channel's renderer takes its packets from: the next scheduled packet in start order
/// (nil when none is ready), and a packet's payload bytes.
protocol ChannelFeed: AnyObject {
    /// The next packet in start order, or nil when there is none (yet).
    func nextItem() -> ChannelSchedule.Item?
    /// Calls `body` with `item`'s payload (and may then forget it: each item is read once).
    func withPayload(of item: ChannelSchedule.Item, _ body: (UnsafeRawBufferPointer) -> Void)
    /// The latest end of the packets ready to be handed out now, in frames at `rate` placed as
    /// the renderer places them; nil when none is.
    func readyEnd(rate: Int) -> Int?
    /// Whether packets are still coming: a renderer that finds none ready then renders silence
    /// that counts as time passed (a live call), instead of the silence after the last packet.
    var isLive: Bool { get }
}

extension ChannelFeed {
    /// A capture's schedule is whole.
    var isLive: Bool { false }
    /// Not needed for a whole schedule.
    func readyEnd(rate: Int) -> Int? { nil }
}

/// A whole schedule over a capture's bytes (a call of a capture file).
final class ScheduleFeed: ChannelFeed {
    private let schedule: ChannelSchedule
    private let bytes: [UInt8]
    private var next = 0

    init(_ schedule: ChannelSchedule, bytes: [UInt8]) {
        self.schedule = schedule
        self.bytes = bytes
    }

    func nextItem() -> ChannelSchedule.Item? {
        guard next < schedule.items.count else { return nil }
        defer { next += 1 }
        return schedule.items[next]
    }

    func withPayload(of item: ChannelSchedule.Item, _ body: (UnsafeRawBufferPointer) -> Void) {
        bytes.withUnsafeBytes { all in body(UnsafeRawBufferPointer(rebasing: all[item.offset..<(item.offset + item.length)])) }
    }
}

/// One channel: decodes scheduled packets into a FIFO at the channel's own rate, resampling to
/// the output rate when it differs.
final class ChannelRenderer {
    private let feed: any ChannelFeed
    private let rate: Int
    private var written = 0  // frames at `rate` rendered so far
    private var decoders = [RTPAudioCodec: RTPPayloadDecoder]()
    private var native = [Float]()  // decoded at `rate`, not yet resampled
    private var fifo = [Float]()  // at the output rate
    private var fifoStart = 0
    private let resampler: PCMResampler?
    private var flushed = false
    private var scratch = [Float]()
    /// Longest stretch concealed by Opus PLC before plain silence.
    private let concealLimit: Int

    /// A renderer of `feed`'s packets at the channel's `rate` (the highest of its codecs), resampled
    /// to `outputRate`.
    init(feed: any ChannelFeed, rate: Int, outputRate: Int) throws {
        self.feed = feed
        self.rate = rate
        concealLimit = rate * 120 / 1000
        resampler = rate == outputRate ? nil : try PCMResampler(inputRate: rate, outputRate: outputRate, channels: 1)
    }

    // MARK: Live feeds
    //
    // A live channel is rendered while packets still arrive, and must come out sample for sample as
    // the same packets read from a file would: a gap is rendered only once it is known. Up to the
    // concealment limit (120 ms) a gap waits for the packet after it (its length decides how much
    // Opus concealment it gets); a gap known to be longer is rendered as the file path renders it
    // (concealment up to the limit, decoder reset, silence) as far as the caller allows, and the
    // packet after it then continues the silence.

    /// Frames handed out so far.
    private var taken = 0
    /// Where the audio of the packets pulled so far ends (frames at `rate`).
    private var knownEnd = 0
    /// The codec of the last packet decoded, whose decoder conceals a gap after it.
    private var lastCodec: RTPAudioCodec?
    /// The current gap's concealment and decoder reset are done (a live gap rendered before the
    /// packet after it was known).
    private var gapOpened = false

    /// How far (output frames from the start) this channel can be rendered now without knowing
    /// more than the packets that start before `limit` (seconds).
    func renderable(limit: Double) -> Int {
        let limitFrames = Int((limit * Double(rate)).rounded(.down))
        let known = knownAudioEnd
        return gapOpened || limitFrames - known > concealLimit ? max(limitFrames, known) : known
    }

    /// Where the audio known so far ends (frames), `renderable` aside.
    var knownAudioEnd: Int { max(knownEnd, feed.readyEnd(rate: rate) ?? 0) }

    /// Renders a live gap up to `target` (frames): concealment and reset once, then silence.
    private func openGap(to target: Int) {
        if !gapOpened, let codec = lastCodec, let decoder = decoder(for: codec) {
            let factor = rate / codec.sampleRate
            let concealed = codec == .opus ? concealLimit / factor : 0
            if concealed > 0 {
                scratch.removeAll(keepingCapacity: true)
                decoder.conceal(frames: concealed, into: &scratch)
                append(scratch, factor: factor)
                written += concealed * factor
            }
            decoder.reset()
        }
        gapOpened = true
        if target > written {
            native.append(contentsOf: repeatElement(0, count: target - written))
            written = target
        }
    }

    /// Hands the next `n` output frames to `body`, rendering as needed; silence past the last packet.
    func take(_ n: Int, _ body: (UnsafeBufferPointer<Float>) throws -> Void) throws {
        while fifo.count - fifoStart < n {
            if !renderMore() {
                if feed.isLive, resampler == nil {
                    // No packet before the caller's limit: a gap longer than concealment covers.
                    openGap(to: taken + n)
                    fifo.append(contentsOf: native)
                    native.removeAll(keepingCapacity: true)
                    continue
                }
                if let resampler, !flushed {
                    try resampler.process(nil, frames: 0) { fifo.append(contentsOf: $0) }
                    flushed = true
                    continue
                }
                fifo.append(contentsOf: repeatElement(0, count: n - (fifo.count - fifoStart)))
            }
            if !native.isEmpty {
                if let resampler {
                    try native.withUnsafeBufferPointer { buffer in
                        try resampler.process(buffer.baseAddress!, frames: buffer.count) { fifo.append(contentsOf: $0) }
                    }
                } else {
                    fifo.append(contentsOf: native)
                }
                native.removeAll(keepingCapacity: true)
            }
        }
        try fifo.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[fifoStart..<(fifoStart + n)])) }
        fifoStart += n
        taken += n
        if fifoStart > 1 << 16 {
            fifo.removeFirst(fifoStart)
            fifoStart = 0
        }
    }

    /// Silence owed before `held` is decoded: a gap is rendered a block at a time, so a gap of
    /// hours never becomes one allocation.
    private var pendingSilence = 0
    private var held: ChannelSchedule.Item?
    private static let silenceBlock = 8192

    /// Renders the next piece into `native`: a block of a pending gap's silence, a packet held
    /// behind its gap, or the next scheduled packet (with the gap before it); false at the end.
    private func renderMore() -> Bool {
        if pendingSilence > 0 {
            let k = min(pendingSilence, Self.silenceBlock)
            native.append(contentsOf: repeatElement(0, count: k))
            pendingSilence -= k
            return true
        }
        if let item = held {
            held = nil
            decode(item)
            return true
        }
        guard let item = feed.nextItem() else { return false }
        guard let decoder = decoder(for: item.codec), item.codec.sampleRate <= rate else {
            feed.withPayload(of: item) { _ in }  // not rendered: its bytes are not kept either
            return true
        }
        let factor = rate / item.codec.sampleRate
        let start = Int((item.start * Double(rate)).rounded())
        knownEnd = max(knownEnd, start + item.frames * factor)
        let gap = start - written
        if gap > 0, gapOpened {
            // The gap's start was rendered already (live): the rest is silence.
            pendingSilence = gap
            written += gap
            held = item
            return true
        }
        if gap > 0 {
            let concealed = item.codec == .opus ? min(gap, concealLimit) / factor : 0
            if concealed > 0 {
                scratch.removeAll(keepingCapacity: true)
                decoder.conceal(frames: concealed, into: &scratch)
                append(scratch, factor: factor)
            }
            pendingSilence = gap - concealed * factor
            written += gap
            if gap > concealLimit { decoder.reset() }
            if pendingSilence > 0 {
                held = item
                return true
            }
        }
        decode(item)
        return true
    }

    /// The decoder of `codec`, made on first use; nil when the codec cannot be decoded.
    private func decoder(for codec: RTPAudioCodec) -> RTPPayloadDecoder? {
        if let existing = decoders[codec] { return existing }
        guard let created = try? RTPPayloadDecoder(codec: codec) else { return nil }
        decoders[codec] = created
        return created
    }

    /// Decodes one packet into `native`, dropping what overlaps audio already rendered.
    private func decode(_ item: ChannelSchedule.Item) {
        gapOpened = false
        guard let decoder = decoder(for: item.codec), item.codec.sampleRate <= rate else { return }
        lastCodec = item.codec
        let factor = rate / item.codec.sampleRate
        let start = Int((item.start * Double(rate)).rounded())
        scratch.removeAll(keepingCapacity: true)
        feed.withPayload(of: item) { payload in _ = decoder.decode(payload, into: &scratch) }
        // Overlap with what is already rendered (a late or resent packet): drop its head.
        let overlap = max(0, written - start)
        let skip = min(scratch.count, (overlap + factor - 1) / factor)
        if skip < scratch.count {
            let kept = Array(scratch[skip...])
            append(kept, factor: factor)
            written += kept.count * factor
        }
    }

    /// Appends samples at a lower codec rate, upsampled by an integer `factor` (linear interpolation).
    private func append(_ samples: [Float], factor: Int) {
        guard factor > 1 else {
            native.append(contentsOf: samples)
            return
        }
        var previous = native.last ?? 0
        for s in samples {
            for k in 1...factor {
                native.append(previous + (s - previous) * Float(k) / Float(factor))
            }
            previous = s
        }
    }
}
