public import Foundation
public import VaultBase
public import VaultStore

/// Recordings' use cases, as `vault.recordings`: listing and searching (metadata, subjects
/// masked, not audited), reading the audio and the redacted transcript (audited before a byte is
/// decrypted) and adding a transcript. Async, the blocking work inside (`BlockingWork`); every
/// recording comes out as the one `Recording` representation.
public struct RecordingsService: Sendable {
    let vault: Vault

    /// Every recording, oldest call first.
    public func list() async throws -> [Recording] {
        try await BlockingWork.run { try vault.allRecordings().map(Recording.init) }
    }

    /// One recording; `StoreError(.notFound)` when there is none with that id.
    public func get(_ id: RecordingID) async throws -> Recording {
        try await BlockingWork.run { Recording(try vault.recording(id)) }
    }

    /// Recordings matching every given filter (call start in `since..<until`, campaign, agent,
    /// subject number), oldest call first, at most `limit` after skipping `offset`.
    public func search(since: Date? = nil, until: Date? = nil, campaign: String? = nil, agent: String? = nil,
                       subject: PhoneNumber? = nil, limit: Int = 100, offset: Int = 0) async throws -> [Recording] {
        try await BlockingWork.run {
            try vault.searchRecordings(since: since, until: until, campaign: campaign, agent: agent, subject: subject,
                                       limit: limit, offset: offset).map(Recording.init)
        }
    }

    /// Opens a recording's audio for streaming, audited first (`recording.audio.export`, with
    /// `detail`); purged, shredded and (without a stated reason) restricted recordings are refused.
    public func openAudio(_ id: RecordingID, actor: VaultActor, restrictedAccessReason: String? = nil,
                          detail: [String: String] = [:]) async throws -> RecordingAudioStream {
        let reader = try await BlockingWork.run {
            RecordingAudioStream.Box(try vault.openAudio(id, actor: actor, restrictedAccessReason: restrictedAccessReason, detail: detail))
        }
        return RecordingAudioStream(reader)
    }

    /// Writes a recording's decrypted Ogg Opus to `destination`, whole or not at all; audited first.
    @discardableResult
    public func exportAudio(_ id: RecordingID, to destination: URL, actor: VaultActor,
                            restrictedAccessReason: String? = nil) async throws -> Recording {
        try await BlockingWork.runLong("callvault-audio-export") {
            Recording(try vault.exportAudio(id, to: destination, actor: actor, restrictedAccessReason: restrictedAccessReason))
        }
    }

    /// Adds a transcript (redacted first; the audio muted under timed spans) to a recording that has none.
    @discardableResult
    public func addTranscript(_ id: RecordingID, transcript: URL, format: String? = nil, actor: VaultActor) async throws -> Recording {
        try await BlockingWork.runLong("callvault-transcript") { Recording(try vault.addTranscript(id, transcript: transcript, format: format, actor: actor)) }
    }

    /// Re-checks one recording's sealed object as `Vault.verify` checks each (present, same size
    /// and SHA-256, every segment authentic, decrypting to the recorded Ogg Opus SHA-256); nil
    /// when it is sound (or shredded, which is no problem). Audited (`vault.verify`, target the id).
    public func verify(_ id: RecordingID, actor: VaultActor) async throws -> VerificationReport.Problem? {
        try await BlockingWork.run {
            let record = try vault.recording(id)
            var problem: VerificationReport.Problem?
            if record.state != .purged, case .problem(let found) = try vault.check(record) { problem = found }
            try vault.logAudit(.vaultVerify, actor: actor, target: id.description, outcome: problem == nil ? .ok : .failed,
                               detail: ["checked": "1", "problems": problem == nil ? "0" : "1"])
            return problem
        }
    }

    /// A recording's redacted transcript, decrypted; the read is audited first.
    public func readTranscript(_ id: RecordingID, actor: VaultActor,
                               restrictedAccessReason: String? = nil) async throws -> (recording: Recording, data: [UInt8]) {
        try await BlockingWork.run {
            let (record, data) = try vault.readTranscript(id, actor: actor, restrictedAccessReason: restrictedAccessReason)
            return (Recording(record), data)
        }
    }
}

/// A recording's decrypted Ogg Opus, read chunk by chunk off the cooperative pool; every chunk
/// authenticated, both hashes compared at the end (a mismatch is thrown then). One reader at a time.
public final class RecordingAudioStream: Sendable {
    /// Carries the reader (not `Sendable`: one thread at a time) into and out of the pool.
    final class Box: @unchecked Sendable {
        let reader: RecordingAudioReader
        init(_ reader: RecordingAudioReader) { self.reader = reader }
    }

    private let box: Box

    /// The recording read.
    public let recording: Recording

    init(_ box: Box) {
        self.box = box
        self.recording = Recording(box.reader.record)
    }

    /// The next chunk (up to one sealed segment); nil at the verified end.
    public func next() async throws -> [UInt8]? {
        try await BlockingWork.run { [box] in try box.reader.next().map(Array.init) }
    }
}

extension Vault {
    /// Recordings' use cases.
    public var recordings: RecordingsService { RecordingsService(vault: self) }
}
