public import Foundation
public import VaultBase
import VaultAudit
public import VaultStore

/// A recording's decrypted Ogg Opus, read chunk by chunk (e.g. into an HTTP response), never
/// whole in memory and never on disk. Every chunk is authenticated (AES-GCM segment); both
/// SHA-256 values are compared with the catalog's when the end is reached, and a mismatch is
/// thrown then. Not `Sendable`: one reader, one thread at a time.
public final class RecordingAudioReader {
    /// The recording read.
    public let record: RecordingRecord
    private let opener: SealedObjectOpener

    init(opener: SealedObjectOpener) {
        self.opener = opener
        self.record = opener.record
    }

    /// The next chunk of Ogg Opus bytes (up to one sealed segment); nil at the verified end.
    public func next() throws -> ArraySlice<UInt8>? { try opener.next() }
}

extension Vault {
    /// Opens a recording's audio for streaming. Log before act: the access is audited
    /// (`recording.audio.export`, with `detail`, e.g. the byte range served) before a byte is
    /// decrypted; purged, shredded and (without a stated reason) restricted recordings are
    /// refused exactly as ``exportAudio(_:to:actor:restrictedAccessReason:)`` refuses them.
    package func openAudio(_ id: RecordingID, actor: VaultActor, restrictedAccessReason: String? = nil,
                          detail: [String: String] = [:]) throws -> RecordingAudioReader {
        let record = try authorizeRead(id, action: .recordingAudioExport, actor: actor, restrictedAccessReason: restrictedAccessReason)
        try logAudit(.recordingAudioExport, actor: actor, target: id.description,
                  detail: detail.merging(["opus_sha256": record.opusSha256]) { $1 })
        return RecordingAudioReader(opener: try SealedObjectOpener(vault: self, record: record))
    }

    /// Recordings matching every given filter (call start in `since..<until`, campaign, agent,
    /// subject number), oldest call first, at most `limit` after skipping `offset`. Not audited:
    /// metadata only (subjects masked), as `recordings list`.
    package func searchRecordings(_ search: RecordingSearch) throws -> [RecordingRecord] {
        var query = RecordingQuery(since: search.since, until: search.until, campaign: search.campaign, agent: search.agent,
                                   subjectPseudonym: search.subject.map(pseudonym(of:)), limit: search.limit, offset: search.offset)
        query.state = search.state
        query.hasTranscript = search.hasTranscript
        query.held = search.held
        query.newestFirst = search.newestFirst
        query.after = search.after
        return try catalog.searchRecordings(query)
    }
}
