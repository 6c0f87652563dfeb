import Foundation
import Logging
import VaultAudio
import VaultBase
import VaultCrypto
import VaultRedact
import VaultStore

/// The durable steps of one ingest, as an explicit state machine.
///
/// ```
/// planned ──journal()──▶ journaled ──writeObject()──▶ objectWritten ──place()──▶ placed ──commit()──▶ committed
///     └──────────────── rollBack() from any state but committed ──▶ rolledBack
/// ```
///
/// - `journaled`: the catalog's ingest journal names the recording id and object path.
/// - `objectWritten`: the sealed object (and the sealed redacted transcript, when one was given) is complete
///   in `objects/.partial/` (plaintext only ever in memory).
/// - `placed`: fsynced and renamed to its final path.
/// - `committed`: the recording row and its audit entry are in the catalog and the journal entry is gone,
///   in one transaction.
///
/// A crash in any state before `committed` leaves a journal entry; ``Vault/recoverInterruptedIngests()``
/// then deletes whatever object exists and ends the entry, so the recording never half-exists.
public enum IngestState: String, Sendable, CaseIterable {
    /// The source is open and validated; nothing is stored yet.
    case planned
    /// The journal names the recording id and object path.
    case journaled
    /// The sealed object is complete in `objects/.partial/`.
    case objectWritten
    /// The object is fsynced at its final path.
    case placed
    /// The recording and its audit entry are in the catalog; the journal entry is gone.
    case committed
    /// Everything of this ingest was removed.
    case rolledBack
}

/// One ingest in progress. Owns the source reader, the partial object and the data key;
/// not `Sendable` (one thread drives it).
final class IngestJob {
    private(set) var state = IngestState.planned
    let id: RecordingID
    let objectPath: String
    private let vault: Vault
    private let request: IngestRequest
    private let source: any PCMSource
    private let actor: VaultActor
    private let lock: FileLock
    private let startedAt: Date
    /// The subject entry whose key wraps this recording's data key.
    let keySubject: String
    private var partial: PartialObject?
    private var written: (summary: TranscodeSummary, opusSha256: String, sealedSha256: String, sealedSize: Int, wrappedKey: [UInt8])?
    /// The redacted transcript to seal beside the audio (never the original text), and its format.
    private let transcript: (redacted: RedactedTranscript, format: TranscriptFormat)?
    /// Where the sealed transcript goes, when there is one.
    let transcriptPath: String?
    private var transcriptPartial: PartialObject?
    private var transcriptSha256: String?
    /// The data key, from the first sealed byte on (the SIPREC metadata is sealed under it too).
    private var dataKey: SymmetricKey?
    /// The completion plan as last journaled, and the metadata generation it holds.
    private var plan: (plan: IngestCompletionPlan, rsMetadataGeneration: Int)?

    /// Prepares an ingest of an opened source; holds the ingest lock shared until the job ends.
    init(vault: Vault, request: IngestRequest, source given: any PCMSource, actor: VaultActor) throws {
        // Key presses heard as audio (in-band DTMF: a card number typed) never reach the stored
        // audio, whatever the source; only their count and times are kept.
        let source: any PCMSource = try InbandDTMFSuppressor(given)
        self.vault = vault
        self.request = request
        self.actor = actor
        self.id = request.id ?? RecordingID()
        self.objectPath = vault.objects.relativePath(for: id)
        // The transcript is read and redacted in memory before anything is stored; only the
        // redacted bytes are kept, and the audio spans it names are muted before encoding.
        if request.transcript != nil || request.transcriptBytes != nil {
            let format: TranscriptFormat, redacted: RedactedTranscript
            if let bytes = request.transcriptBytes {
                format = try Self.transcriptFormat(request.transcriptFormat ?? "text", url: URL(fileURLWithPath: "transcript"))
                redacted = try Self.redact(bytes, format: format, name: "the transcript")
            } else {
                let url = request.transcript!
                format = try Self.transcriptFormat(request.transcriptFormat, url: url)
                redacted = try Self.redactTranscript(at: url, format: format)
            }
            self.transcript = (redacted, format)
            self.transcriptPath = vault.objects.transcriptRelativePath(for: id)
            let muted = redacted.audioSpans.map { $0.startMs..<$0.endMs }
            self.source = muted.isEmpty ? source : MutingPCMSource(source, muting: muted)
        } else {
            self.transcript = nil
            self.transcriptPath = nil
            self.source = source
        }
        self.startedAt = vault.now
        let pseudonym = request.subject.map { vault.pseudonymizer.pseudonym(e164: $0.e164) }
        self.keySubject = try pseudonym.map { try vault.catalog.subject($0)?.keyID ?? $0 } ?? KeyContext.anonymousSubject(for: id)
        // Nothing new is sealed under a KEK past its rotation period (and another process may have
        // rotated since this vault was opened). Before the ingest lock, so the rotation can retire
        // the old version at once when no other ingest runs.
        try vault.rotateIfDue()
        self.lock = try FileLock.ingest(vault.layout)
        try lock.lockShared()
        if let pseudonym, let subject = try vault.catalog.subject(pseudonym), subject.state != .active {
            throw VaultError(.refused, "\(request.source.path): the subject \(subject.masked ?? "of this recording") was shredded; new recordings of it are not accepted")
        }
    }

    /// The object id of a recording's sealed transcript: the first 16 bytes of
    /// SHA-256("callvault.transcript.v1" ‖ recording id bytes).
    static func transcriptObjectID(_ id: RecordingID) -> [UInt8] {
        Array(SHA256Hasher.hash(Array("callvault.transcript.v1".utf8) + id.bytes).prefix(16))
    }

    /// The format named by `name`, or inferred from the file's extension.
    static func transcriptFormat(_ name: String?, url: URL) throws -> TranscriptFormat {
        let text = name ?? {
            switch url.pathExtension.lowercased() {
            case "json": "asr-json"
            case "vtt": "vtt"
            case "srt": "srt"
            case "txt", "text": "text"
            default: ""
            }
        }()
        if text == "whisper-json" { return .asrJSON }
        guard let format = TranscriptFormat(rawValue: text) else {
            throw VaultError(.malformedTranscript, name == nil
                ? "\(url.path): cannot tell the transcript's format from its extension; give --transcript-format text|asr-json|whisper-json|vtt|srt"
                : "transcript format '\(text)' is not one of text, asr-json, whisper-json, vtt, srt")
        }
        return format
    }

    /// Reads and redacts a transcript; its original bytes live only in this call.
    static func redactTranscript(at url: URL, format: TranscriptFormat) throws -> RedactedTranscript {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw StoreError(FileManager.default.fileExists(atPath: url.path) ? .io : .notFound, "\(url.path): cannot read the transcript")
        }
        return try redact(Array(data), format: format, name: url.path)
    }

    /// Redacts a transcript held in memory; `name` says what it is in an error.
    static func redact(_ bytes: [UInt8], format: TranscriptFormat, name: String) throws -> RedactedTranscript {
        do {
            return try TranscriptRedactor().redact(data: bytes, format: format, keepingText: true)
        } catch {
            // The redactor's messages name a line or offset only, never the text.
            throw VaultError(.malformedTranscript, "\(name): not a valid \(format.rawValue) transcript: \(error.message)")
        }
    }

    private func expect(_ expected: IngestState) {
        precondition(state == expected, "ingest step out of order: in \(state), expected \(expected)")
    }

    /// The encoder settings: the request's, or the vault's.
    private var opus: OpusEncodingOptions { request.opus ?? vault.configuration.opus }

    /// planned → journaled.
    func journal() throws {
        expect(.planned)
        try vault.catalog.beginIngest(PendingIngest(id: id, objectPath: objectPath, startedAt: startedAt, node: vault.journalNode))
        state = .journaled
    }

    /// journaled → objectWritten: decode, encode, hash and seal, streaming into the partial object.
    func writeObject() throws {
        expect(.journaled)
        let partial = try vault.objects.createPartial(for: id)
        self.partial = partial
        let dataKey = try SymmetricKey.random()
        guard let subjectKey = try vault.keyRing.subjectKey(keySubject, create: true) else {
            throw CryptoError(.keyStore, "cannot create the subject key of \(keySubject)")
        }
        let wrapped = try KeyWrap.wrap(dataKey, under: subjectKey, context: KeyContext.dataKey(recording: id, subject: keySubject))
        self.dataKey = dataKey
        var segmentSize = vault.configuration.segmentSize
        if request.completesAfterCrash {
            try journalCompletionPlan(wrappedKey: wrapped)
            segmentSize = min(segmentSize, IngestCompletionPlan.liveSegmentSize)
        }
        let sealedHash = SHA256Hasher()
        let opusHash = SHA256Hasher()
        let sealer = try SealedStreamWriter(key: dataKey, objectID: id.bytes, segmentSize: segmentSize) { bytes in
            sealedHash.update(bytes)
            try partial.write(bytes)
            // A metadata update arrived: journaled with the plan, on this thread, between segments.
            // A catalog that cannot take it now (busy, failing over) costs the call nothing: the
            // next segment tries again, and the commit seals the documents from the feed anyway.
            do { try self.journalRSMetadataIfChanged() } catch {
                self.vault.logger.warning("a SIPREC metadata update could not be journaled yet; retried at the next segment",
                                          metadata: ["recording.id": "\(self.id)", "error": "\(VaultError(wrapping: error).code)"])
            }
        }
        let serial = Int32(bitPattern: UInt32.random(in: 1...UInt32.max))
        let input: any PCMSource = request.cancellation.map { CancellableSource(source, $0) } ?? source
        let summary = try OggOpusTranscoder.transcode(input, options: opus, limits: vault.audioLimits, serial: serial) { bytes in
            opusHash.update(bytes)
            try sealer.write(bytes)
        }
        try sealer.finish()
        if let transcript {
            let tPartial = try vault.objects.createTranscriptPartial(for: id)
            self.transcriptPartial = tPartial
            let tSealer = try SealedStreamWriter(key: dataKey, objectID: Self.transcriptObjectID(id),
                                                 segmentSize: vault.configuration.segmentSize) { bytes in try tPartial.write(bytes) }
            try tSealer.write(transcript.redacted.data)
            try tSealer.finish()
            transcriptSha256 = SHA256Hasher.hash(transcript.redacted.data).hexString
        }
        written = (summary, opusHash.finalize().hexString, sealedHash.finalize().hexString, partial.byteCount, wrapped)
        state = .objectWritten
    }

    /// Journals how recovery completes this ingest if the process dies before it commits
    /// (``IngestCompletionPlan``), before the first sealed byte.
    private func journalCompletionPlan(wrappedKey: [UInt8]) throws {
        let format = source.format
        let plan = IngestCompletionPlan(
            keySubject: keySubject, wrappedDataKey: Data(wrappedKey), startedAt: request.startedAt ?? startedAt, ingestedAt: startedAt,
            subjectPseudonym: request.subject.map { vault.pseudonymizer.pseudonym(e164: $0.e164) }, subjectMasked: request.subject?.masked,
            campaign: request.campaign, agent: request.agent, metadata: request.metadata, channels: format.channels,
            inputSampleRate: format.sampleRate, opusSampleRate: OpusEncodingOptions.encodingRate(forInputRate: format.sampleRate),
            bitrate: opus.bitratePerChannel * format.channels, sourceFormat: source.sourceDescription)
        self.plan = (plan, 0)  // generation 0: no document yet
        if try !journalRSMetadataIfChanged() { try vault.catalog.recordCompletion(try JSONEncoder().encode(plan), of: id) }
    }

    /// Journals the plan again with the SIPREC metadata sealed in it, when documents arrived since
    /// it was last journaled (a live ingest only).
    @discardableResult
    private func journalRSMetadataIfChanged() throws -> Bool {
        guard let (journaledPlan, journaled) = self.plan, let feed = request.rsMetadata, let dataKey else { return false }
        var plan = journaledPlan
        let (documents, generation) = feed.snapshot
        guard generation != journaled, !documents.isEmpty else { return false }
        plan.rsMetadata = try RSMetadataSeal.seal(documents, of: id, key: dataKey).sealed
        try vault.catalog.recordCompletion(try JSONEncoder().encode(plan), of: id)
        self.plan = (plan, generation)
        return true
    }

    /// objectWritten → placed.
    func place() throws {
        expect(.objectWritten)
        // Locked (where the store can lock) until the call's minimum retention ends.
        let lockedUntil = vault.policy.retention.minimumEnd(startedAt: request.startedAt ?? startedAt)
        try vault.objects.place(partial!, at: objectPath, retainUntil: lockedUntil)
        partial = nil
        if let transcriptPartial, let transcriptPath {
            try vault.objects.place(transcriptPartial, at: transcriptPath, retainUntil: lockedUntil)
            self.transcriptPartial = nil
        }
        state = .placed
    }

    /// placed → committed: the recording row, its audit entry and the journal's end, atomically.
    func commit() throws -> RecordingRecord {
        expect(.placed)
        let w = written!
        var metadata = request.metadata
        let facts = source.facts
        for (key, value) in facts where key != "notes" && metadata[key] == nil { metadata[key] = value }
        let notes = [facts["notes"]].compactMap { $0 } + source.notes
        if !notes.isEmpty { metadata["notes"] = ([metadata["notes"]].compactMap { $0 } + notes).joined(separator: "; ") }
        // What the audio looks like: the completeness check's facts (`monitor quality`).
        let quality = w.summary.quality
        let measured = Recording.Quality(active: quality.channels.map(\.active), clipped: quality.channels.map(\.clipped),
                                      longestSilenceMs: quality.longestSilenceMs, flags: quality.flags.map(\.rawValue))
            .addingPacketLoss(from: metadata, channels: w.summary.input.channels)
        metadata.merge(measured.metadata) { _, new in new }
        if let transcript {
            // Time ranges and kinds only, never what was said.
            metadata["redacted_spans"] = transcript.redacted.audioSpans.map { "\($0.startMs)-\($0.endMs):\($0.kind.rawValue)" }.joined(separator: ",")
            metadata["redacted_count"] = "\(transcript.redacted.spans.count)"
        }
        var record = RecordingRecord(
            id: id, state: .stored, startedAt: request.startedAt ?? startedAt, ingestedAt: startedAt,
            durationMs: Int((w.summary.durationSeconds * 1000).rounded()), channels: w.summary.input.channels,
            inputSampleRate: w.summary.input.sampleRate, opusSampleRate: w.summary.opusRate,
            bitrate: opus.bitratePerChannel * w.summary.input.channels,
            sourceFormat: source.sourceDescription,
            subjectPseudonym: request.subject.map { vault.pseudonymizer.pseudonym(e164: $0.e164) },
            subjectMasked: request.subject?.masked, campaign: request.campaign, agent: request.agent,
            opusSha256: w.opusSha256, opusSize: w.summary.oggBytes, sealedSha256: w.sealedSha256, sealedSize: w.sealedSize,
            objectPath: objectPath, wrappedDataKey: Data(w.wrappedKey), kekVersion: 0, keySubject: keySubject,
            metadata: metadata.isEmpty ? nil : String(decoding: try JSONSerialization.data(withJSONObject: metadata, options: [.sortedKeys]), as: UTF8.self))
        // The call's start is what retention counts from: the log keeps it, so a start moved back in
        // the catalog (to purge a recording inside its minimum) is found by `verify`.
        var detail = ["opus_sha256": w.opusSha256, "sealed_sha256": w.sealedSha256, "duration_ms": "\(record.durationMs)",
                      "started_at": Timestamp.format(record.startedAt)]
        if let transcript, let transcriptSha256 {
            record.transcriptPath = transcriptPath
            record.transcriptFormat = transcript.format.rawValue
            record.transcriptSha256 = transcriptSha256
            detail["transcript_sha256"] = transcriptSha256
        }
        // The SIPREC metadata as it stands at the end of the call, sealed under the data key; the
        // log keeps how many documents and their hashes, never their text.
        var rsMetadata: SealedRSMetadata?
        if let feed = request.rsMetadata, let dataKey {
            let documents = feed.snapshot.documents
            if !documents.isEmpty {
                rsMetadata = try RSMetadataSeal.seal(documents, of: id, key: dataKey)
                detail["rs_metadata_sha256"] = RSMetadataSeal.auditDigests(documents)
            }
            if feed.dropped > 0 { detail["rs_metadata_dropped"] = "\(feed.dropped)" }
        }
        let entry = vault.draft(.recordingIngest, actor: actor, target: id.description, detail: detail)
        let subject = SubjectRecord(subject: record.subjectPseudonym ?? keySubject, masked: request.subject?.masked, createdAt: startedAt)
        // Prohibited phrases in the redacted transcript: stored and audited with the recording.
        let (hits, hitEntries) = try vault.phraseHits(in: transcript?.redacted.text, of: record, actor: actor)
        let audit = ([entry] + hitEntries).map(vault.auditLog.rowMaker(for:)), committing = record, id = id, sealedMetadata = rsMetadata
        try vault.catalog.write("cannot commit recording \(id)") { tx in
            try tx.recordings.commitIngest(committing, subject: subject)
            if let sealedMetadata { try tx.recordings.putRSMetadata(id, sealedMetadata) }
            if !hits.isEmpty { try tx.monitor.replaceHits(of: id, with: hits) }
            try tx.appendAudit(audit)
        }
        state = .committed
        vault.auditLog.checkpointIfDue()
        return record
    }

    /// Any state but committed → rolledBack: deletes what exists of the object and ends the journal entry.
    func rollBack() {
        guard state != .committed, state != .rolledBack else { return }
        partial = nil  // closes the descriptor
        transcriptPartial = nil
        if state != .planned, vault.isFenced {
            // Nothing is deleted from a fenced vault: the call's sealed audio and its journal stay, for salvage.
            vault.logger.error("the vault is fenced: this ingest stays journaled and its object is kept", metadata: ["recording.id": "\(id)"])
        } else if state != .planned {
            do {
                try vault.objects.discard(relativePath: objectPath)
                try vault.catalog.endIngest(id)
            } catch {
                // Recovery on the next open finishes the job; the journal entry is still there.
                vault.logger.error("rollback incomplete; recovery will finish it",
                                   metadata: ["recording.id": "\(id)", "error": "\(error)"])
            }
        }
        state = .rolledBack
    }

    /// Runs every step; on any failure rolls back and rethrows.
    func run() throws -> RecordingRecord {
        do {
            try journal()
            try writeObject()
            try place()
            return try commit()
        } catch {
            rollBack()
            throw error
        }
    }

    deinit { lock.unlock() }
}

/// A source that fails its next read once its ingest is cancelled.
private final class CancellableSource: PCMSource {
    private let source: any PCMSource
    private let cancellation: IngestCancellation
    var format: PCMFormat { source.format }
    var sourceDescription: String { source.sourceDescription }
    var expectedFrames: Int? { source.expectedFrames }
    var notes: [String] { source.notes }
    var facts: [String: String] { source.facts }

    init(_ source: any PCMSource, _ cancellation: IngestCancellation) {
        self.source = source
        self.cancellation = cancellation
    }

    func read(into buffer: UnsafeMutablePointer<Float>, frames: Int) throws -> Int {
        try cancellation.check()
        return try source.read(into: buffer, frames: frames)
    }
}
