public import Foundation
public import VaultBase

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

    /// Creates a request.
    public init(source: URL, subject: PhoneNumber? = nil, campaign: String? = nil, agent: String? = nil, startedAt: Date? = nil) {
        self.source = source
        self.subject = subject
        self.campaign = campaign
        self.agent = agent
        self.startedAt = startedAt
    }
}
