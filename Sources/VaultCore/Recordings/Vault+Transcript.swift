public import Foundation
public import VaultBase
import VaultAudit
import VaultCrypto
package import VaultRedact
public import VaultStore

extension Vault {
    /// Adds a transcript to a stored recording that has none (``TranscriptAddJob``).
    ///
    /// The transcript is redacted in memory first; a malformed one is `malformedTranscript` with
    /// nothing changed. When it has word or cue timings over redacted numbers, the audio gets a new
    /// version: the sealed object is decrypted into the Ogg Opus decoder, the spans are muted, the
    /// audio re-encoded and sealed under a new data key, the catalog switched to it in one
    /// transaction with a `transcript.add` entry holding both versions' hashes and the spans, then
    /// the old version's data key is destroyed (its subject key is replaced, as a purge does) and
    /// its object deleted. Without timed spans only the transcript is sealed, beside the audio.
    ///
    /// Refused, and the refusal audited: purged, shredded and restricted recordings, recordings
    /// that already have a transcript (one transcript a recording; it is never replaced), and
    /// recordings under a legal hold (held audio is evidence and is kept exactly as it is).
    /// Blocking: call it off the cooperative pool.
    package func addTranscript(_ id: RecordingID, transcript: URL, format: String? = nil, actor: VaultActor) throws -> RecordingRecord {
        try addTranscript(id, actor: actor) { try TranscriptAddJob(vault: self, id: id, transcript: transcript, format: format, actor: actor) }
    }

    /// Adds a transcript held in memory (a live call's, as its recogniser streamed it), exactly
    /// as a transcript file is added; `bytes` are never written anywhere but redacted.
    package func addTranscript(_ id: RecordingID, bytes: [UInt8], format: TranscriptFormat, actor: VaultActor) throws -> RecordingRecord {
        try addTranscript(id, actor: actor) {
            let redacted = try IngestJob.redact(bytes, format: format, name: "the transcript")
            return try TranscriptAddJob(vault: self, id: id, redacted: redacted, format: format, actor: actor)
        }
    }

    /// Runs the add `makeJob` prepares; a failure that is no refusal is audited.
    private func addTranscript(_ id: RecordingID, actor: VaultActor, _ makeJob: () throws -> TranscriptAddJob) throws -> RecordingRecord {
        do {
            let job = try makeJob()
            let record = try job.run()
            logger.info("transcript added", metadata: ["recording.id": "\(id)", "recording.version": "\(record.version)"])
            return record
        } catch let error as VaultError where [.refused, .purged, .shredded].contains(error.code) {
            throw error  // a refusal: audited as `denied`, with its reason, where it was decided
        } catch {
            _ = try? logAudit(.transcriptAdd, actor: actor, target: id.description, outcome: .failed, detail: ["error": Self.errorCode(error)])
            throw error
        }
    }

    /// Decrypts a recording's redacted transcript (the only form ever stored).
    ///
    /// Log before act: the read is audited (`transcript.read`) before a byte is decrypted. Refused,
    /// and the refusal audited, for purged and shredded recordings and, without a stated reason,
    /// restricted ones, exactly as ``exportAudio(_:to:actor:restrictedAccessReason:)``.
    package func readTranscript(_ id: RecordingID, actor: VaultActor, restrictedAccessReason: String? = nil) throws -> (record: RecordingRecord, data: [UInt8]) {
        let record = try authorizeRead(id, action: .transcriptRead, actor: actor, restrictedAccessReason: restrictedAccessReason)
        guard let sha = record.transcriptSha256 else {
            throw StoreError(.notFound, "recording \(id) has no transcript")
        }
        try logAudit(.transcriptRead, actor: actor, target: id.description, detail: ["transcript_sha256": sha])
        return (record, try openTranscript(of: record))
    }

    /// Decrypts and authenticates a recording's sealed transcript, checks it was sealed for this
    /// recording and that its SHA-256 is the catalog's. Not audited: callers audit.
    func openTranscript(of record: RecordingRecord) throws -> [UInt8] {
        guard let path = record.transcriptPath, let expected = record.transcriptSha256 else {
            throw StoreError(.notFound, "recording \(record.id) has no transcript")
        }
        let key = try unwrapDataKey(of: record)
        let file = try objects.openForReading(relativePath: path)
        let reader = try SealedStreamReader(key: key) { buffer in try file.read(into: buffer) }
        guard reader.header.objectID == IngestJob.transcriptObjectID(record.id) else {
            throw VaultError(.objectMismatch, "recording \(record.id): its transcript object was sealed for another object")
        }
        var bytes: [UInt8] = []
        do {
            while let chunk = try reader.next() { bytes += chunk }
        } catch let error as CryptoError {
            throw CryptoError(error.code, "recording \(record.id): sealed transcript is damaged: \(error.message)")
        }
        let hash = SHA256Hasher.hash(bytes).hexString
        guard hash == expected else {
            throw VaultError(.sealedHashMismatch, "recording \(record.id): transcript SHA-256 \(hash) differs from the catalog's \(expected)")
        }
        return bytes
    }
}
