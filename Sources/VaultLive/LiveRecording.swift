public import Foundation
import VaultBase
import VaultCrypto

/// A call being recorded live, as `GET /v1/recordings/live` lists it and the pause and resume
/// calls answer: the id it will be stored under (the id of its `Recording` once it ends), when it
/// started, and whether it is paused and by whom. Never a number, a SIP URI or a Call-ID.
public struct LiveRecording: Codable, Sendable, Equatable {
    /// The recording id the call is stored under when it ends.
    public var id: String
    /// When its first INVITE arrived (ISO 8601 UTC).
    public var startedAt: String
    /// Whether media is being discarded now (silence in the stored audio).
    public var paused: Bool
    /// Who holds it paused: `sip` (the SRC's re-INVITE), `api`, or both; empty when recording.
    public var pausedBy: [String]
    /// SHA-256 (hex) of the recorded call's SIP Call-ID, when the metadata names it: how an agent
    /// desktop that knows its call finds the recording to pause.
    public var callIdSha256: String?

    /// The keys, as the JSON and the OpenAPI schema spell them.
    public enum CodingKeys: String, CodingKey, CaseIterable {
        case id, startedAt = "started_at", paused, pausedBy = "paused_by", callIdSha256 = "call_id_sha256"
    }

    init(_ call: LiveCall) {
        id = call.recordingID.description
        startedAt = Timestamp.format(Date(timeIntervalSince1970: call.invitedAt))
        let holders = call.pausedBy
        paused = !holders.isEmpty
        pausedBy = holders.sorted().map(\.rawValue)
        callIdSha256 = call.recordedCallID.map { SHA256Hasher.hash(Array($0.utf8)).hexString }
    }

    /// Every key written, `null` for what is unknown.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id); try c.encode(startedAt, forKey: .startedAt)
        try c.encode(paused, forKey: .paused); try c.encode(pausedBy, forKey: .pausedBy)
        try c.encode(callIdSha256, forKey: .callIdSha256)
    }
}
