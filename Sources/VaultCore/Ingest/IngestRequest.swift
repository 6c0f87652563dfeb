public import Foundation
public import VaultBase
public import VaultAudio

/// One recording to ingest and what is known about it.
public struct IngestRequest: Sendable {
    /// The source file (a WAV file).
    public var source: URL
    /// The called party, when known.
    public var subject: PhoneNumber?
    /// The campaign, when known.
    public var campaign: String?
    /// The agent, when known.
    public var agent: String?
    /// When the call started; nil means the ingest time.
    public var startedAt: Date?
    /// Source-specific facts kept with the recording (e.g. RTP packet counts, loss, jitter, DTMF
    /// counts). Never phone numbers, digits keyed or other protected values.
    public var metadata: [String: String] = [:]
    /// A transcript of the recording (read into memory, redacted, sealed beside the audio; the
    /// audio it marks as sensitive is muted before encoding). Nil for none.
    public var transcript: URL?
    /// The transcript's format: `text`, `asr-json`, `whisper-json`, `vtt` or `srt`; nil infers it
    /// from the file's extension.
    public var transcriptFormat: String?
    /// A transcript given in memory (an HTTP upload's part, say), used instead of `transcript`;
    /// its format is `transcriptFormat` (default `text`). Redacted, sealed and muted exactly as
    /// a transcript file is; these bytes are never written anywhere.
    public var transcriptBytes: [UInt8]?
    /// Stops the ingest from outside (a client that left, a server stopping); nil for none.
    public var cancellation: IngestCancellation?
    /// The encoder settings of this ingest; nil for the vault's (a live recording server may
    /// choose a lower complexity to keep up with many calls at once).
    public var opus: OpusEncodingOptions?
    /// The id the recording is stored under, when the caller named it beforehand (a live call,
    /// which the API can pause by it while it is recorded); nil for a new one.
    public var id: RecordingID?
    /// Whether a crash mid-ingest is completed from what was sealed by then, as an `interrupted`
    /// recording, instead of rolled back: for a source that cannot be read again (a live call).
    /// Such an ingest seals in smaller segments, so a crash loses only the last few seconds.
    public var completesAfterCrash = false
    /// The SIPREC metadata of a live call, which its server keeps appending to while the call is
    /// recorded: sealed with the recording at the commit (and journaled sealed, with
    /// `completesAfterCrash`, whenever a document arrives); nil for none.
    public var rsMetadata: RSMetadataFeed?

    /// Creates a request.
    public init(source: URL, subject: PhoneNumber? = nil, campaign: String? = nil, agent: String? = nil, startedAt: Date? = nil) {
        self.source = source
        self.subject = subject
        self.campaign = campaign
        self.agent = agent
        self.startedAt = startedAt
    }
}
