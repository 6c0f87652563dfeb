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
            try ChannelRenderer($0, bytes: call.call.capture.bytes, outputRate: call.sampleRate)
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

/// One channel: decodes scheduled packets into a FIFO at the channel's own rate, resampling to
/// the output rate when it differs.
final class ChannelRenderer {
    private let schedule: ChannelSchedule
    private let bytes: [UInt8]
    private let rate: Int
    private var next = 0
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

    init(_ schedule: ChannelSchedule, bytes: [UInt8], outputRate: Int) throws {
        self.schedule = schedule
        self.bytes = bytes
        rate = schedule.sampleRate
        concealLimit = rate * 120 / 1000
        resampler = rate == outputRate ? nil : try PCMResampler(inputRate: rate, outputRate: outputRate, channels: 1)
    }

    /// Hands the next `n` output frames to `body`, rendering as needed; silence past the last packet.
    func take(_ n: Int, _ body: (UnsafeBufferPointer<Float>) throws -> Void) throws {
        while fifo.count - fifoStart < n {
            if !renderMore() {
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
        guard next < schedule.items.count else { return false }
        let item = schedule.items[next]
        next += 1
        guard let decoder = decoder(for: item.codec) else { return true }
        let factor = rate / item.codec.sampleRate
        let start = Int((item.start * Double(rate)).rounded())
        let gap = start - written
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
        guard let decoder = decoder(for: item.codec) else { return }
        let factor = rate / item.codec.sampleRate
        let start = Int((item.start * Double(rate)).rounded())
        scratch.removeAll(keepingCapacity: true)
        bytes.withUnsafeBytes { all in
            _ = decoder.decode(UnsafeRawBufferPointer(rebasing: all[item.offset..<(item.offset + item.length)]), into: &scratch)
        }
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
