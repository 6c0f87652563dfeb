/// How recordings are encoded to Opus. Defaults suit speech archives.
public struct OpusEncodingOptions: Sendable, Equatable {
    /// Bits a second for each channel; the stream's total is this times the channel count.
    /// Default 16,000 (16 kbit/s a channel).
    public var bitratePerChannel: Int
    /// Encoder complexity, 0 (fastest) to 10 (best). Default 10, as ffmpeg and opusenc use.
    public var complexity: Int
    /// Frame length in milliseconds: 10, 20, 40 or 60. Default 20.
    public var frameMilliseconds: Int

    /// Creates options; every parameter has the documented default.
    public init(bitratePerChannel: Int = 16_000, complexity: Int = 10, frameMilliseconds: Int = 20) {
        self.bitratePerChannel = bitratePerChannel
        self.complexity = complexity
        self.frameMilliseconds = frameMilliseconds
    }

    /// Checks the options against what Opus allows.
    public func validate() throws {
        guard (6_000...256_000).contains(bitratePerChannel) else {
            throw AudioError(.encoderFailed, "bitrate \(bitratePerChannel) bit/s a channel is outside Opus's 6000-256000")
        }
        guard (0...10).contains(complexity) else { throw AudioError(.encoderFailed, "complexity \(complexity) is outside 0-10") }
        guard [10, 20, 40, 60].contains(frameMilliseconds) else {
            throw AudioError(.encoderFailed, "frame length \(frameMilliseconds) ms is not one of 10, 20, 40, 60")
        }
    }

    /// The rates Opus encodes at natively.
    public static let opusRates = [8_000, 12_000, 16_000, 24_000, 48_000]

    /// The rate a stream of `inputRate` is encoded at: the input's own rate when Opus supports
    /// it, else the nearest supported rate above it (48 kHz for anything above 48 kHz), so no
    /// bandwidth is thrown away.
    public static func encodingRate(forInputRate inputRate: Int) -> Int {
        opusRates.first { $0 >= inputRate } ?? 48_000
    }
}
