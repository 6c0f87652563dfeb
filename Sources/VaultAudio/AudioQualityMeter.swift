import Foundation

/// Facts about a recording's audio, measured while it is encoded (issue 21): how much of each
/// channel holds sound, the longest stretch where every channel is silent, and clipped samples;
/// and the flags a completeness check raises on them. Measured on what is stored: spans muted for
/// redaction or paused count as silence.
public struct AudioQuality: Sendable, Equatable, Codable {
    /// One channel's facts.
    public struct Channel: Sendable, Equatable, Codable {
        /// The share of 20 ms windows louder than ``AudioQualityMeter/activeThresholdDBFS`` (0…1).
        public var active: Double
        /// Samples at or beyond full scale (|x| ≥ 0.999).
        public var clipped: Int
        /// The loudest window's level in dBFS (−100 for digital silence).
        public var peakDBFS: Double
    }

    /// A completeness or quality problem.
    public enum Flag: String, Sendable, Codable, CaseIterable {
        /// No channel holds sound: a dead line or a broken capture.
        case silent
        /// One channel holds sound, another hardly any: one party was not recorded.
        case oneSided = "one_sided"
        /// More than 0.1 % of a channel's samples are clipped.
        case clipping
        /// Every channel is silent for longer than ``AudioQualityMeter/longSilenceMs``: dead air.
        case longSilence = "long_silence"
        /// Shorter than ``AudioQualityMeter/shortMs``: a call cut short or never connected.
        case short
    }

    /// Per channel, in channel order.
    public var channels: [Channel]
    /// The longest stretch where every channel is silent, in milliseconds.
    public var longestSilenceMs: Int
    /// The audio's length, in milliseconds.
    public var durationMs: Int
    /// The rate it was measured at, in Hz.
    public var sampleRate: Int

    /// The flags these facts raise, in the order of ``Flag``.
    public var flags: [Flag] {
        var flags: [Flag] = []
        let active = channels.map(\.active)
        if active.allSatisfy({ $0 < AudioQualityMeter.silentShare }) { flags.append(.silent) }
        else if active.count >= 2, active.contains(where: { $0 < AudioQualityMeter.silentShare }),
                active.contains(where: { $0 >= AudioQualityMeter.speakingShare }) { flags.append(.oneSided) }
        let samples = max(1, durationMs * sampleRate / 1000)
        if channels.contains(where: { Double($0.clipped) / Double(samples) > AudioQualityMeter.clippedShare }) { flags.append(.clipping) }
        if longestSilenceMs > AudioQualityMeter.longSilenceMs, !flags.contains(.silent) { flags.append(.longSilence) }
        if durationMs < AudioQualityMeter.shortMs { flags.append(.short) }
        return flags
    }
}

/// Measures ``AudioQuality`` over interleaved float samples as they stream by: constant memory
/// (one window's sums per channel), one pass.
public struct AudioQualityMeter: Sendable {
    /// A window louder than this (RMS, dBFS) holds sound: well above line noise and comfort
    /// noise, below the quietest speech (about −40 dBFS on a telephone line).
    public static let activeThresholdDBFS = -45.0
    /// A channel active in less than this share of windows counts as silent.
    public static let silentShare = 0.02
    /// A channel active in at least this share of windows counts as speaking.
    public static let speakingShare = 0.10
    /// Clipped samples above this share of a channel's flag it.
    public static let clippedShare = 0.001
    /// Dead air longer than this is flagged (60 s).
    public static let longSilenceMs = 60_000
    /// A recording shorter than this is flagged (3 s).
    public static let shortMs = 3_000
    /// The window, in milliseconds.
    public static let windowMs = 20

    private let channelCount: Int
    private let windowFrames: Int
    private let rate: Int
    private var sums: [Double]
    private var inWindow = 0
    private var windows = 0
    private var activeWindows: [Int]
    private var clipped: [Int]
    private var peak: [Double]
    private var frames = 0
    private var silentRun = 0
    private var longestSilentRun = 0

    /// A meter for `channels` channels at `sampleRate` Hz.
    public init(channels: Int, sampleRate: Int) {
        channelCount = max(1, channels)
        rate = max(1, sampleRate)
        windowFrames = max(1, rate * Self.windowMs / 1000)
        sums = Array(repeating: 0, count: channelCount)
        activeWindows = Array(repeating: 0, count: channelCount)
        clipped = Array(repeating: 0, count: channelCount)
        peak = Array(repeating: -100, count: channelCount)
    }

    /// Adds interleaved samples (a whole number of frames).
    public mutating func add(_ samples: UnsafeBufferPointer<Float>) {
        var i = 0
        while i + channelCount <= samples.count {
            for c in 0..<channelCount {
                let x = samples[i + c]
                sums[c] += Double(x * x)
                if abs(x) >= 0.999 { clipped[c] += 1 }
            }
            i += channelCount
            frames += 1
            inWindow += 1
            if inWindow == windowFrames { closeWindow() }
        }
    }

    private mutating func closeWindow() {
        var anyActive = false
        for c in 0..<channelCount {
            let rms = (sums[c] / Double(inWindow)).squareRoot()
            let level = rms > 0 ? max(-100, 20 * log10(rms)) : -100
            peak[c] = max(peak[c], level)
            if level > Self.activeThresholdDBFS { activeWindows[c] += 1; anyActive = true }
            sums[c] = 0
        }
        windows += 1
        inWindow = 0
        if anyActive { silentRun = 0 } else { silentRun += 1; longestSilentRun = max(longestSilentRun, silentRun) }
    }

    /// The facts so far (a partial last window counts when it is at least half a window).
    public func result() -> AudioQuality {
        var meter = self
        if meter.inWindow * 2 >= meter.windowFrames { meter.closeWindow() }
        let windows = max(1, meter.windows)
        return AudioQuality(
            channels: (0..<channelCount).map { c in
                AudioQuality.Channel(active: Double(meter.activeWindows[c]) / Double(windows), clipped: meter.clipped[c],
                                     peakDBFS: (meter.peak[c] * 10).rounded() / 10)
            },
            longestSilenceMs: meter.longestSilentRun * Self.windowMs,
            durationMs: frames * 1000 / rate, sampleRate: rate)
    }
}
