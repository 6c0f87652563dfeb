/// The shape of a PCM stream: how many samples a second, how many channels.
public struct PCMFormat: Sendable, Equatable {
    /// Frames (samples per channel) a second.
    public var sampleRate: Int
    /// Interleaved channels per frame.
    public var channels: Int

    /// Creates a format.
    public init(sampleRate: Int, channels: Int) {
        self.sampleRate = sampleRate
        self.channels = channels
    }
}

/// A pull source of interleaved 32-bit float PCM in [-1, 1], such as a WAV file or an
/// assembled RTP call. Implementations own their C handles and are not `Sendable`.
public protocol PCMSource: AnyObject {
    /// The stream's format; fixed for the stream's life.
    var format: PCMFormat { get }
    /// Where the audio comes from, in words, as the catalog records it (e.g. `WAV A-law`,
    /// `RTP PCMU/PCMA from pcap`). Never a phone number.
    var sourceDescription: String { get }
    /// Fills `buffer` with up to `frames` interleaved frames and returns how many it wrote;
    /// 0 means the end of the stream.
    func read(into buffer: UnsafeMutablePointer<Float>, frames: Int) throws -> Int
    /// The frames the source expects to produce, when it knows (a WAV header's count, an
    /// assembled call's length), so a transcode can refuse an over-long source before reading it.
    var expectedFrames: Int? { get }
    /// Facts about the input for the recording's metadata notes (e.g. a WAV cut short), known
    /// once the source has been read to its end. Never a number or audio content.
    var notes: [String] { get }
    /// Facts for the recording's metadata that are known only once the source has been read to
    /// its end (a live call's RTP statistics); keys the request already sets win. Never a
    /// number or audio content.
    var facts: [String: String] { get }
}

extension PCMSource {
    /// Unknown by default.
    public var expectedFrames: Int? { nil }
    /// None by default.
    public var notes: [String] { [] }
    /// None by default.
    public var facts: [String: String] { [:] }
}
