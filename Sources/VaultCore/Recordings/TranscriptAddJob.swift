import Foundation
import VaultAudio
import VaultBase
import VaultCrypto
import VaultPolicy
import VaultRedact
import VaultStore

/// The durable steps of adding a transcript to a stored recording, as an explicit state machine.
///
/// ```
/// planned ─journal()─▶ journaled ─writeVersion()─▶ versionWritten ─place()─▶ placed ─switchCatalog()─▶ switched
///    ─destroyOldVersion()─▶ oldVersionDestroyed ─finish()─▶ done
///    └── rollBack() from planned … placed ──▶ rolledBack        (from switched on, rollBack() completes instead)
/// ```
///
/// - `journaled`: `version_journal` names every path the add may write and the new subject key.
/// - `versionWritten`: in `objects/.partial/`: the sealed redacted transcript and, when the
///   transcript has timed spans to mute, the new audio version: the old object decrypted, decoded,
///   muted, re-encoded and sealed under a new data key, streaming (plaintext only in memory). The
///   new data key is wrapped under the subject's next key, and the subject's other recordings'
///   data keys are rewrapped under it, as a purge does.
/// - `placed`: both fsynced at their final paths.
/// - `switched`: one catalog transaction: the row points at the new version (hashes, transcript,
///   wrapped key, version), the other recordings move to the new key, the old key is queued for
///   destruction, and the `transcript.add` entry carries both versions' hashes and the spans.
/// - `oldVersionDestroyed`: the old subject key is destroyed (so the old data key is gone, in any
///   copy of the catalog too) and the old object deleted.
/// - `done`: the journal entry is gone.
///
/// A crash before `switched` is rolled back by recovery at the next open (new files and the unused
/// new key deleted); from `switched` on it is completed (old key destroyed, old object deleted).
/// A transcript without timed spans (plain text, or nothing to redact) keeps the audio: only the
/// transcript is sealed, under the recording's data key, and no key changes.
public enum TranscriptAddState: String, Sendable, CaseIterable {
    /// The transcript is redacted in memory and the recording checked; nothing is stored yet.
    case planned
    /// The journal names the paths and keys the add may create.
    case journaled
    /// The new sealed objects are complete in `objects/.partial/`.
    case versionWritten
    /// The new objects are fsynced at their final paths.
    case placed
    /// The catalog points at the new version; the old key is queued for destruction.
    case switched
    /// The old version's key and object are gone.
    case oldVersionDestroyed
    /// The journal entry is gone.
    case done
    /// Everything of this add was removed; the recording is as it was.
    case rolledBack
}

/// One transcript add in progress. Not `Sendable` (one thread drives it); holds the ingest lock
/// shared from `init` to `deinit`, so recovery never mistakes it for a dead one.
final class TranscriptAddJob {
    private(set) var state = TranscriptAddState.planned
    let record: RecordingRecord
    private let vault: Vault
    private let actor: VaultActor
    private let lock: FileLock
    private let redacted: RedactedTranscript
    private let format: TranscriptFormat
    let pending: PendingVersion
    /// How the data key moves, when the audio is re-encoded.
    private let rekey: (oldKeyID: String, newKeyID: String, subject: String, newGeneration: Int)?
    private var audioPartial: PartialObject?
    private var transcriptPartial: PartialObject?
    /// The new audio version `writeVersion()` sealed, when the audio is re-encoded.
    private struct NewAudio {
        var summary: TranscodeSummary
        var opusSha256: String
        var sealedSha256: String
        var sealedSize: Int
        /// The new data key, wrapped under the new subject key.
        var wrappedKey: [UInt8]
        /// The subject's other recordings' data keys, rewrapped under the new subject key.
        var rewrapped: [(RecordingID, Data)]
    }
    private var newAudio: NewAudio?
    private var transcriptSha256: String?
    /// A SIPREC call's metadata sealed again under the new version's data key (the old one is destroyed).
    private var resealedRSMetadata: SealedRSMetadata?
    private(set) var committed: RecordingRecord?

    /// Redacts the transcript and checks the recording may take it; throws, with nothing stored, when not.
    convenience init(vault: Vault, id: RecordingID, transcript url: URL, format name: String?, actor: VaultActor) throws {
        let format = try IngestJob.transcriptFormat(name, url: url)
        try self.init(vault: vault, id: id, redacted: try IngestJob.redactTranscript(at: url, format: format), format: format, actor: actor)
    }

    /// Checks the recording may take `redacted` (a transcript already redacted in memory); throws,
    /// with nothing stored, when not.
    init(vault: Vault, id: RecordingID, redacted: RedactedTranscript, format: TranscriptFormat, actor: VaultActor) throws {
        self.vault = vault
        self.actor = actor
        self.format = format
        self.redacted = redacted
        // A new version is sealed under a new subject key: never under a KEK past its rotation period.
        try vault.rotateIfDue()
        self.lock = try FileLock.ingest(vault.layout)
        try lock.lockShared()
        let record = try vault.recording(id)
        self.record = record
        try Self.checkAllowed(record, vault: vault, actor: actor)
        let startedAt = vault.now
        if redacted.audioSpans.isEmpty {
            rekey = nil
            pending = PendingVersion(
                id: id, version: record.version, oldObjectPath: record.objectPath, newObjectPath: nil,
                transcriptPath: vault.objects.transcriptRelativePath(for: id, version: record.version),
                subject: nil, newKeyID: nil, startedAt: startedAt, node: vault.journalNode)
        } else {
            let version = record.version + 1
            let subjectName = record.subjectPseudonym ?? KeyContext.anonymousSubject(for: id)
            guard let oldKeyID = record.keySubject, let subject = try vault.catalog.subject(subjectName), subject.state == .active else {
                throw CryptoError(.keyStore, "recording \(id): its subject key entry is missing or not active; the audio cannot be re-keyed")
            }
            var next = subject
            next.keyGeneration += 1
            rekey = (oldKeyID, next.keyID, subjectName, next.keyGeneration)
            let audioPath = vault.objects.relativePath(for: id, version: version)
            pending = PendingVersion(
                id: id, version: version, oldObjectPath: record.objectPath, newObjectPath: audioPath,
                transcriptPath: vault.objects.transcriptRelativePath(for: id, version: version),
                subject: subjectName, newKeyID: next.keyID, startedAt: startedAt, node: vault.journalNode)
        }
    }

    /// The refusals, each audited as a denied `transcript.add` with its reason.
    static func checkAllowed(_ record: RecordingRecord, vault: Vault, actor: VaultActor) throws {
        let id = record.id
        func refuse(_ reason: String, _ error: VaultError) throws -> Never {
            try vault.logAudit(.transcriptAdd, actor: actor, target: id.description, outcome: .denied, detail: ["reason": reason])
            throw error
        }
        switch record.state {
        case .purged:
            try refuse("purged", VaultError(.purged, "recording \(id) was purged at \(record.purgedAt.map(Timestamp.format) ?? "?"): there is no audio to add a transcript to"))
        case .shredded:
            try refuse("shredded", try vault.shreddedError(record))
        case .restricted:
            try refuse("restricted", VaultError(.refused, "recording \(id) is restricted until \(record.restrictedUntil.map(Timestamp.format) ?? "?") (its subject asked for erasure): it is kept as it is, and no transcript is added"))
        case .stored:
            break
        }
        if record.transcriptSha256 != nil {
            try refuse("has_transcript", VaultError(.refused, "recording \(id) already has a transcript (format \(record.transcriptFormat ?? "?")); a recording keeps one transcript, and it is not replaced"))
        }
        if try vault.catalog.isHeld(record) {
            try refuse("legal_hold", VaultError(.refused, "recording \(id) is under a legal hold: its audio is evidence and is kept exactly as it is, so no transcript is added (release the hold first)"))
        }
    }

    private func expect(_ expected: TranscriptAddState) {
        precondition(state == expected, "transcript add step out of order: in \(state), expected \(expected)")
    }

    /// planned → journaled.
    func journal() throws {
        expect(.planned)
        guard try vault.catalog.beginVersion(pending) else {
            try vault.logAudit(.transcriptAdd, actor: actor, target: record.id.description, outcome: .denied, detail: ["reason": "in_progress"])
            throw VaultError(.refused, "a transcript is already being added to recording \(record.id) (by another process, or by one that crashed: the next open of the vault cleans it up)")
        }
        state = .journaled
    }

    /// journaled → versionWritten: the new audio version (when there are spans) and the sealed transcript, in partials.
    func writeVersion() throws {
        expect(.journaled)
        // The transcript is sealed under the data key of the audio version it belongs to.
        let transcriptKey: SymmetricKey
        if let rekey, let audioPath = pending.newObjectPath {
            let dataKey = try SymmetricKey.random()
            transcriptKey = dataKey
            guard let newSubjectKey = try vault.keyRing.subjectKey(rekey.newKeyID, create: true),
                  let oldSubjectKey = try vault.keyRing.subjectKey(rekey.oldKeyID, create: false) else {
                throw CryptoError(.keyStore, "recording \(record.id): cannot load or create the subject keys to re-key it")
            }
            let wrapped = try KeyWrap.wrap(dataKey, under: newSubjectKey, context: KeyContext.dataKey(recording: record.id, subject: rekey.newKeyID))
            // The subject's other recordings follow it to the new key (their audio is untouched).
            var rewrapped = [(RecordingID, Data)]()
            for other in try vault.catalog.recordings(underKey: rekey.oldKeyID) where other.id != record.id && other.state != .shredded {
                let key = try KeyWrap.unwrap(Array(other.wrappedDataKey), under: oldSubjectKey, context: KeyContext.dataKey(recording: other.id, subject: rekey.oldKeyID))
                rewrapped.append((other.id, Data(try KeyWrap.wrap(key, under: newSubjectKey, context: KeyContext.dataKey(recording: other.id, subject: rekey.newKeyID)))))
            }
            // Journalled in the key store, so restoring a catalog from before the switch still opens them.
            try vault.keyRing.subjects.journalRewraps(rewrapped.map { ($0.0.description, rekey.newKeyID, $0.1) })
            if let sealed = try vault.catalog.rsMetadata(of: record.id) {
                let documents = try RSMetadataSeal.open(sealed, of: record.id, key: try vault.unwrapDataKey(of: record))
                resealedRSMetadata = try RSMetadataSeal.seal(documents, of: record.id, key: dataKey)
            }
            let partial = try vault.objects.createPartial(forRelativePath: audioPath)
            audioPartial = partial
            let sealedHash = SHA256Hasher(), opusHash = SHA256Hasher()
            let sealer = try SealedStreamWriter(key: dataKey, objectID: record.id.bytes, segmentSize: vault.configuration.segmentSize) { bytes in
                sealedHash.update(bytes)
                try partial.write(bytes)
            }
            // Old version: decrypted and authenticated segment by segment, straight into the decoder.
            let opener = try SealedObjectOpener(vault: vault, record: record)
            let summary: TranscodeSummary
            do {
                let decoder = try OggOpusDecoder(read: { try opener.read(into: $0) })
                let muted = MutingPCMSource(decoder, muting: redacted.audioSpans.map { $0.startMs..<$0.endMs })
                // A stored recording was checked at its ingest; a policy shortened since must not
                // make it impossible to transcribe, so the ceiling of any policy applies.
                let limits = AudioLimits(maximumSeconds: VaultPolicy.maximumCallHoursCeiling * 3600)
                summary = try OggOpusTranscoder.transcode(muted, options: vault.configuration.opus, limits: limits,
                                                          serial: Int32(bitPattern: UInt32.random(in: 1...UInt32.max))) { bytes in
                    opusHash.update(bytes)
                    try sealer.write(bytes)
                }
            } catch let error as AudioError {
                throw AudioError(error.code, "recording \(record.id): its stored audio cannot be re-encoded: \(error.message)")
            }
            try sealer.finish()
            try opener.finish()  // every old byte authenticated, both old hashes checked
            let durationMs = Int((summary.durationSeconds * 1000).rounded())
            guard abs(durationMs - record.durationMs) <= 20 else {
                throw AudioError(.decodeFailed, "recording \(record.id): the re-encoded audio lasts \(durationMs) ms, the stored one \(record.durationMs) ms")
            }
            newAudio = NewAudio(summary: summary, opusSha256: opusHash.finalize().hexString, sealedSha256: sealedHash.finalize().hexString,
                                sealedSize: partial.byteCount, wrappedKey: wrapped, rewrapped: rewrapped)
        } else {
            transcriptKey = try vault.unwrapDataKey(of: record)
        }
        let tPartial = try vault.objects.createPartial(forRelativePath: pending.transcriptPath)
        transcriptPartial = tPartial
        let tSealer = try SealedStreamWriter(key: transcriptKey, objectID: IngestJob.transcriptObjectID(record.id),
                                             segmentSize: vault.configuration.segmentSize) { bytes in try tPartial.write(bytes) }
        try tSealer.write(redacted.data)
        try tSealer.finish()
        transcriptSha256 = SHA256Hasher.hash(redacted.data).hexString
        state = .versionWritten
    }

    /// versionWritten → placed.
    func place() throws {
        expect(.versionWritten)
        let lockedUntil = vault.policy.retention.minimumEnd(startedAt: record.startedAt)
        if let audioPartial, let path = pending.newObjectPath {
            try vault.objects.place(audioPartial, at: path, retainUntil: lockedUntil)
            self.audioPartial = nil
        }
        try vault.objects.place(transcriptPartial!, at: pending.transcriptPath, retainUntil: lockedUntil)
        transcriptPartial = nil
        state = .placed
    }

    /// placed → switched: the catalog row, the rekeying and the audit entry, atomically.
    func switchCatalog() throws {
        expect(.placed)
        let transcriptSha256 = transcriptSha256!
        var next = record
        var metadata = (try? JSONSerialization.jsonObject(with: Data((record.metadata ?? "{}").utf8))) as? [String: Any] ?? [:]
        let spans = redacted.audioSpans.map { "\($0.startMs)-\($0.endMs):\($0.kind.rawValue)" }.joined(separator: ",")
        if !redacted.audioSpans.isEmpty { metadata["redacted_spans"] = spans }
        metadata["redacted_count"] = "\(redacted.spans.count)"
        next.metadata = String(decoding: try JSONSerialization.data(withJSONObject: metadata, options: [.sortedKeys]), as: UTF8.self)
        next.transcriptPath = pending.transcriptPath
        next.transcriptFormat = format.rawValue
        next.transcriptSha256 = transcriptSha256
        var detail = ["version": "\(pending.version)", "transcript_sha256": transcriptSha256,
                      "redacted_spans": spans, "redacted_count": "\(redacted.spans.count)"]
        var catalogRekey: SubjectRekey?
        if let rekey, let audio = newAudio, let path = pending.newObjectPath {
            next.version = pending.version
            next.objectPath = path
            next.opusSha256 = audio.opusSha256
            next.opusSize = audio.summary.oggBytes
            next.sealedSha256 = audio.sealedSha256
            next.sealedSize = audio.sealedSize
            next.durationMs = Int((audio.summary.durationSeconds * 1000).rounded())
            next.bitrate = vault.configuration.opus.bitratePerChannel * next.channels
            next.wrappedDataKey = Data(audio.wrappedKey)
            next.kekVersion = 0
            next.keySubject = rekey.newKeyID
            detail.merge(["old_version": "\(record.version)", "old_opus_sha256": record.opusSha256, "old_sealed_sha256": record.sealedSha256,
                          "opus_sha256": audio.opusSha256, "sealed_sha256": audio.sealedSha256]) { $1 }
            catalogRekey = SubjectRekey(oldKeyID: rekey.oldKeyID, rewrapped: audio.rewrapped, newKeyID: rekey.newKeyID,
                                         subject: rekey.subject, newGeneration: rekey.newGeneration)
        }
        let entry = vault.draft(.transcriptAdd, actor: actor, target: record.id.description, detail: detail)
        // The new transcript's prohibited phrases replace the old one's.
        let (hits, hitEntries) = try vault.phraseHits(in: redacted.text, of: next, actor: actor)
        let audit = ([entry] + hitEntries).map(vault.auditLog.rowMaker(for:)), at = vault.now, expected = record, rekeyed = catalogRekey
        let resealed = catalogRekey == nil ? nil : resealedRSMetadata
        try vault.catalog.write("cannot switch recording \(record.id) to its new version") { tx in
            try tx.recordings.switchVersion(next, expected: expected, rekey: rekeyed, at: at)
            if let resealed { try tx.recordings.putRSMetadata(next.id, resealed) }
            try tx.monitor.replaceHits(of: next.id, with: hits)
            try tx.appendAudit(audit)
        }
        committed = next
        state = .switched
    }

    /// switched → oldVersionDestroyed: the old subject key (with it the old data key) and the old object go.
    func destroyOldVersion() throws {
        expect(.switched)
        try Self.destroyOldVersion(of: pending, vault: vault)
        state = .oldVersionDestroyed
    }

    /// The old key and object of a switched add (also what recovery runs).
    static func destroyOldVersion(of pending: PendingVersion, vault: Vault) throws {
        guard pending.newObjectPath != nil else { return }
        try vault.finishInterruptedPurges()  // the old key, queued by the switch
        try vault.objects.discard(relativePath: pending.oldObjectPath)
    }

    /// oldVersionDestroyed → done.
    func finish() throws {
        expect(.oldVersionDestroyed)
        try vault.catalog.endVersion(record.id)
        state = .done
        vault.auditLog.checkpointIfDue()
    }

    /// Before `switched`: removes what exists of the new version and the unused new key, and ends
    /// the journal entry. From `switched` on the add is complete in the catalog, so this finishes it.
    func rollBack() {
        switch state {
        case .done, .rolledBack:
            return
        case .switched, .oldVersionDestroyed:
            do {
                if state == .switched { try destroyOldVersion() }
                try finish()
            } catch {
                vault.logger.error("transcript add incomplete; recovery will finish it", metadata: ["recording.id": "\(record.id)", "error": "\(error)"])
            }
            return
        case .planned:
            state = .rolledBack
        case .journaled, .versionWritten, .placed:
            audioPartial = nil
            transcriptPartial = nil
            do {
                try Self.undo(pending, vault: vault)
            } catch {
                vault.logger.error("transcript add rollback incomplete; recovery will finish it", metadata: ["recording.id": "\(record.id)", "error": "\(error)"])
            }
            state = .rolledBack
        }
    }

    /// Undoes an add that never switched: its new objects, its new key when nothing uses it, its journal entry.
    static func undo(_ pending: PendingVersion, vault: Vault) throws {
        if let path = pending.newObjectPath { try vault.objects.discard(relativePath: path) }
        try vault.objects.remove(relativePath: pending.transcriptPath)
        if let keyID = pending.newKeyID, try !vault.catalog.isKeyInUse(keyID, subject: pending.subject) {
            _ = try vault.keyRing.subjects.destroy([keyID])
            vault.keyRing.forget(keyID)
        }
        try vault.catalog.endVersion(pending.id)
    }

    /// Runs every step; before the switch any failure rolls back, after it the add completes.
    func run() throws -> RecordingRecord {
        do {
            try journal()
            try writeVersion()
            try place()
            try switchCatalog()
            try destroyOldVersion()
            try finish()
            return committed!
        } catch {
            rollBack()
            throw error
        }
    }

    deinit { lock.unlock() }
}
