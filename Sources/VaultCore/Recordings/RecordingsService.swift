public import Foundation
public import VaultBase
public import VaultStore
public import VaultRedact

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
        try await search(RecordingSearch(since: since, until: until, campaign: campaign, agent: agent, subject: subject, limit: limit, offset: offset))
    }

    /// Recordings matching every filter `search` sets, in its order.
    public func search(_ search: RecordingSearch) async throws -> [Recording] {
        try await BlockingWork.run { try vault.searchRecordings(search).map(Recording.init) }
    }

    /// One page of a search: at most `search.limit` recordings and, when more follow, the cursor
    /// the next page starts after (taken from the stored row, at the catalog's own precision).
    public func page(_ search: RecordingSearch) async throws -> RecordingPage {
        try await BlockingWork.run {
            var probe = search
            probe.limit = search.limit + 1
            let rows = try vault.searchRecordings(probe)
            let shown = rows.prefix(search.limit)
            let next = rows.count > search.limit ? shown.last.map { RecordingCursor(startedAt: $0.startedAt, id: $0.id) } : nil
            return RecordingPage(recordings: shown.map(Recording.init), next: next)
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

    /// Adds a transcript held in memory (a live call's, as its recogniser streamed it) exactly as
    /// ``addTranscript(_:transcript:format:actor:)`` adds a file.
    @discardableResult
    public func addTranscript(_ id: RecordingID, bytes: [UInt8], format: TranscriptFormat, actor: VaultActor) async throws -> Recording {
        try await BlockingWork.runLong("callvault-transcript") { Recording(try vault.addTranscript(id, bytes: bytes, format: format, actor: actor)) }
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

    /// The SIPREC metadata a live call's SRC sent, decrypted; the read is audited first.
    public func readRSMetadata(_ id: RecordingID, actor: VaultActor, restrictedAccessReason: String? = nil) async throws -> RSMetadata {
        try await BlockingWork.run { try vault.readRSMetadata(id, actor: actor, restrictedAccessReason: restrictedAccessReason) }
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

/// One page of a recordings search.
public struct RecordingPage: Sendable, Equatable {
    /// The page's recordings, in the search's order.
    public var recordings: [Recording]
    /// Where the next page starts, nil on the last page.
    public var next: RecordingCursor?
}

/// A recordings search: every filter set must match. The subject is a number (looked up through
/// its pseudonym, never stored or compared in clear).
public struct RecordingSearch: Sendable, Equatable {
    /// Calls that started at or after this time.
    public var since: Date?
    /// Calls that started before this time.
    public var until: Date?
    /// The campaign, exactly.
    public var campaign: String?
    /// The agent, exactly.
    public var agent: String?
    /// The subject's number.
    public var subject: PhoneNumber?
    /// The state (`stored`, `restricted`, `purged`, `shredded`).
    public var state: String?
    /// With or without a transcript.
    public var hasTranscript: Bool?
    /// Under an active legal hold or not.
    public var held: Bool?
    /// Newest call first.
    public var newestFirst: Bool
    /// Only rows after this one in the search's order (keyset paging).
    public var after: RecordingCursor?
    /// At most this many rows.
    public var limit: Int
    /// Rows skipped first.
    public var offset: Int

    /// A search; with no filters it matches every recording, oldest first.
    public init(since: Date? = nil, until: Date? = nil, campaign: String? = nil, agent: String? = nil, subject: PhoneNumber? = nil,
                state: String? = nil, hasTranscript: Bool? = nil, held: Bool? = nil, newestFirst: Bool = false, after: RecordingCursor? = nil,
                limit: Int = 100, offset: Int = 0) {
        self.since = since; self.until = until; self.campaign = campaign; self.agent = agent; self.subject = subject
        self.state = state; self.hasTranscript = hasTranscript; self.held = held; self.newestFirst = newestFirst; self.after = after
        self.limit = limit; self.offset = offset
    }
}
