import Foundation
internal import CVaultSpanDSP

/// A ``PCMSource`` that passes another through with in-band DTMF tones (key presses heard as
/// audio: a card number typed during a call) replaced by silence in the channel that carries
/// them, so they never reach the stored audio. Only how many there were and when they started
/// are kept (``facts``: `inband_dtmf_events`, `inband_dtmf_times_s`); the keys are never read out
/// of the detector, let alone kept.
///
/// Each channel goes, at 8 kHz (resampled by soxr when the source is faster), through spandsp's
/// DTMF receiver (ITU-T Q.23/Q.24 tone pairs, its twist and level checks, which reject speech). A
/// tone is reported about 25 ms after it starts, so the output runs ``lookahead`` behind the
/// input: a span is muted from ``leadIn`` before its report to ``tail`` after the receiver says it
/// ended, and every frame handed out is final. Same format and frame count as the source.
public final class InbandDTMFSuppressor: PCMSource {
    /// How far the output runs behind what the receivers have heard (seconds).
    public static let lookahead = 0.08
    /// Muted before a tone's report (its onset is 2 spandsp blocks, about 26 ms, earlier).
    public static let leadIn = 0.05
    /// Muted after a tone's reported end.
    public static let tail = 0.03

    private let source: any PCMSource
    private let channels: Int
    private let rate: Int
    private var detectors: [DTMFReceiver]
    private var resamplers: [PCMResampler?]
    /// Interleaved frames read from the source and not handed out yet; `pendingStart` is the
    /// first one's frame position.
    private var pending: [Float] = []
    private var pendingStart = 0
    private var sourceEnded = false
    /// Per channel: muted frame ranges (merged), and where an ongoing tone's span began.
    private var muted: [[Range<Int>]]
    private var toneSince: [Int?]
    /// Per channel: the 8 kHz samples not yet given to the receiver, and how many were.
    private var narrow: [[Int16]]
    private var narrowFed: [Int]
    /// Per channel: the source frame its receiver has heard up to.
    private var detectedThrough: [Int]
    private var events: [Double] = []

    /// Wraps `source`.
    public init(_ source: any PCMSource) throws {
        self.source = source
        let channels = source.format.channels, rate = source.format.sampleRate
        self.channels = channels
        self.rate = rate
        detectors = try (0..<channels).map { _ in try DTMFReceiver() }
        resamplers = try (0..<channels).map { _ in rate == 8000 ? nil : try PCMResampler(inputRate: rate, outputRate: 8000, channels: 1) }
        muted = Array(repeating: [], count: channels)
        toneSince = Array(repeating: nil, count: channels)
        narrow = Array(repeating: [], count: channels)
        narrowFed = Array(repeating: 0, count: channels)
        detectedThrough = Array(repeating: 0, count: channels)
    }

    public var format: PCMFormat { source.format }
    public var sourceDescription: String { source.sourceDescription }
    public var expectedFrames: Int? { source.expectedFrames }
    public var notes: [String] { source.notes }

    /// The source's facts, with the tones' count and start times (seconds, 3 decimals).
    public var facts: [String: String] {
        var facts = source.facts
        facts["inband_dtmf_events"] = "\(events.count)"
        if !events.isEmpty { facts["inband_dtmf_times_s"] = events.sorted().map { String(format: "%.3f", $0) }.joined(separator: ",") }
        return facts
    }

    public func read(into buffer: UnsafeMutablePointer<Float>, frames: Int) throws -> Int {
        // A frame is final once every channel's receiver has heard `lookahead` past it (the
        // resampler, when there is one, holds some input back from the receiver).
        let hold = Int(Self.lookahead * Double(rate))
        func ready() -> Int {
            sourceEnded ? pending.count / channels : max(0, (detectedThrough.min() ?? 0) - hold - pendingStart)
        }
        while !sourceEnded && ready() < frames {
            try pull(max(frames, 1024))
        }
        let ready = ready()
        let n = min(frames, ready)
        guard n > 0 else { return 0 }
        // Each muted span (and a tone still going on) silences its channel where it overlaps the block.
        let block = pendingStart..<(pendingStart + n)
        for c in 0..<channels {
            for span in muted[c] + [toneSince[c].map { $0..<Int.max }].compactMap({ $0 }) where span.overlaps(block) {
                for f in (max(span.lowerBound, block.lowerBound) - pendingStart)..<(min(span.upperBound, block.upperBound) - pendingStart) {
                    pending[f * channels + c] = 0
                }
            }
        }
        pending.withUnsafeBufferPointer { buffer.update(from: $0.baseAddress!, count: n * channels) }
        pending.removeFirst(n * channels)
        pendingStart += n
        return n
    }

    /// Reads up to `count` frames from the source and runs the receivers over them.
    private func pull(_ count: Int) throws {
        var chunk = [Float](repeating: 0, count: count * channels)
        let n = try chunk.withUnsafeMutableBufferPointer { try source.read(into: $0.baseAddress!, frames: count) }
        if n == 0 {
            sourceEnded = true
            for c in 0..<channels {
                if let resampler = resamplers[c] { try resampler.process(nil, frames: 0) { narrow[c] += Self.int16($0) } }
                detect(channel: c, final: true)
            }
            return
        }
        pending += chunk[0..<(n * channels)]
        for c in 0..<channels {
            var mono = [Float](repeating: 0, count: n)
            for f in 0..<n { mono[f] = chunk[f * channels + c] }
            if let resampler = resamplers[c] {
                try mono.withUnsafeBufferPointer { try resampler.process($0.baseAddress, frames: n) { narrow[c] += Self.int16($0) } }
            } else {
                narrow[c] += mono.withUnsafeBufferPointer { Self.int16($0) }
            }
            detect(channel: c, final: false)
        }
    }

    /// Feeds the channel's 8 kHz samples to its receiver 10 ms at a time, noting where tones
    /// start and end (as source frames).
    private func detect(channel c: Int, final: Bool) {
        let step = 80
        var offset = 0
        while narrow[c].count - offset >= step || (final && narrow[c].count > offset) {
            let piece = min(step, narrow[c].count - offset)
            let tone = narrow[c].withUnsafeBufferPointer { detectors[c].feed(UnsafeBufferPointer(rebasing: $0[offset..<(offset + piece)])) }
            offset += piece
            narrowFed[c] += piece
            let at = Int((Double(narrowFed[c]) / 8000 * Double(rate)).rounded())  // the source frame reached
            detectedThrough[c] = at
            if tone, toneSince[c] == nil {
                let start = max(0, at - Int((Self.leadIn + Double(piece) / 8000) * Double(rate)))
                toneSince[c] = start
                events.append(Double(start) / Double(rate))
            } else if !tone, let since = toneSince[c] {
                let end = at + Int(Self.tail * Double(rate))
                muted[c].append(since..<end)
                toneSince[c] = nil
            }
        }
        narrow[c].removeFirst(offset)
        if final, let since = toneSince[c] {
            muted[c].append(since..<Int.max)
            toneSince[c] = nil
        }
        // Spans wholly handed out are forgotten.
        muted[c].removeAll { $0.upperBound <= pendingStart }
    }

    private static func int16(_ samples: UnsafeBufferPointer<Float>) -> [Int16] {
        samples.map { Int16(clamping: Int(($0 * 32767).rounded())) }
    }
}

/// One spandsp DTMF receiver. Owns its `dtmf_rx_state_t`; digits are never collected (its
/// digit callback drops them), only whether a tone pair is present now.
final class DTMFReceiver {
    private let state: OpaquePointer

    init() throws {
        guard let state = dtmf_rx_init(nil, { _, _, _ in }, nil) else {
            throw AudioError(.unsupportedEncoding, "spandsp's DTMF receiver cannot be set up")
        }
        self.state = state
    }

    deinit { dtmf_rx_free(state) }

    /// Feeds 8 kHz samples; whether a tone pair is being received at their end.
    func feed(_ samples: UnsafeBufferPointer<Int16>) -> Bool {
        guard let base = samples.baseAddress, !samples.isEmpty else { return false }
        _ = dtmf_rx(state, base, Int32(samples.count))
        let status = dtmf_rx_status(state)
        return status != 0 && status != Int32(UInt8(ascii: "x"))
    }
}
