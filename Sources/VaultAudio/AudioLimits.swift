/// Bounds on what an input may ask of the pipeline, so that no file or upload can make it
/// allocate or work without end: sample rates a telephone or studio recording has, a channel
/// count a call has, and a longest recording (the policy's maximum call length).
///
/// Checked when a source is opened (its format, and the length its header announces) and again
/// while it is read, since a header can lie about its length.
public struct AudioLimits: Sendable, Equatable {
    /// Sample rates accepted, frames a second.
    public var sampleRates: ClosedRange<Int>
    /// Most channels accepted.
    public var maximumChannels: Int
    /// Longest recording accepted, seconds.
    public var maximumSeconds: Int
    /// Longest stretch of a captured call with no packet at all, seconds: a few packets hours
    /// apart are not a call, and would render hours of silence from a few hundred bytes.
    public var maximumSilentGapSeconds: Int

    /// The longest recording when no policy says otherwise: 12 hours.
    public static let defaultMaximumSeconds = 12 * 3600

    /// Creates limits; the defaults are 15 minutes without a packet, 1–384 kHz (a second of audio is then at least 500 bytes of any WAV encoding, so a small file cannot claim hours), 16 channels, 12 hours.
    public init(sampleRates: ClosedRange<Int> = 1_000...384_000, maximumChannels: Int = 16,
                maximumSeconds: Int = AudioLimits.defaultMaximumSeconds, maximumSilentGapSeconds: Int = 15 * 60) {
        self.sampleRates = sampleRates
        self.maximumChannels = maximumChannels
        self.maximumSeconds = maximumSeconds
        self.maximumSilentGapSeconds = maximumSilentGapSeconds
    }

    /// Throws `limitExceeded`, naming `name` and the limit, unless `format` is within the limits.
    public func check(_ format: PCMFormat, name: String) throws(AudioError) {
        guard sampleRates.contains(format.sampleRate) else {
            throw AudioError(.limitExceeded, "\(name): a sample rate of \(format.sampleRate) Hz is outside the \(sampleRates.lowerBound)–\(sampleRates.upperBound) Hz accepted")
        }
        guard (1...maximumChannels).contains(format.channels) else {
            throw AudioError(.limitExceeded, "\(name): \(format.channels) channels is outside the 1–\(maximumChannels) accepted")
        }
    }

    /// Throws `limitExceeded` when `frames` at `sampleRate` is longer than ``maximumSeconds``.
    public func check(frames: Int, sampleRate: Int, name: String) throws(AudioError) {
        guard frames <= maximumSeconds * sampleRate else {  // at most 24 h × 384 kHz: no overflow
            throw AudioError(.limitExceeded, "\(name): the recording is longer than the \(Self.hours(maximumSeconds)) maximum call length (policy recordings.maximum_call_hours)")
        }
    }

    /// `12 h`, or `90 s` when not whole hours.
    public static func hours(_ seconds: Int) -> String {
        seconds % 3600 == 0 ? "\(seconds / 3600) h" : "\(seconds) s"
    }
}
