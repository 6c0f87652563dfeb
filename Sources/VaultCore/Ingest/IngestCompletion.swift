import Foundation
import VaultAudio
import VaultBase
import VaultCrypto
import VaultStore

/// What recovery needs to complete an ingest whose source cannot be read again (a live call):
/// everything of its recording row except what the sealed audio itself says (length, hashes,
/// sizes). The ingest journals it, with the wrapped data key, before its first sealed byte.
struct IngestCompletionPlan: Codable, Equatable {
    /// The plaintext segment size of a live call's sealed object: 4 KiB, about 1 s of the
    /// default 2 × 16 kbit/s, which bounds what a crash loses (the default 64 KiB would be 16 s).
    static let liveSegmentSize = 4 * 1024

    var keySubject: String
    var wrappedDataKey: Data
    var startedAt: Date
    var ingestedAt: Date
    var subjectPseudonym: String?
    var subjectMasked: String?
    var campaign: String?
    var agent: String?
    var metadata: [String: String]
    var channels: Int
    var inputSampleRate: Int
    var opusSampleRate: Int
    var bitrate: Int
    var sourceFormat: String
    /// The SIPREC metadata received so far, sealed (``RSMetadataSeal``); journaled again when
    /// an update arrives.
    var rsMetadata: Data? = nil
}

extension Vault {
    /// Completes an ingest a crash interrupted from what its partial object holds: the sealed
    /// segments that verify are opened, the Ogg Opus pages in them that are intact are sealed
    /// again as a complete object (the last page marked the end of the stream), placed at the
    /// recording's path and committed with its audit entry, as a recording marked `interrupted`
    /// whose duration is what was kept. Returns nil, having changed nothing that recovery's roll
    /// back does not remove, when no audio is intact (or the key is gone): the caller rolls back.
    ///
    /// Crash-safe in its turn: the partial it reads is removed only after the commit (by the
    /// sweep of leftover partials), so recovery after a crash here does it all again.
    func completeInterruptedIngest(_ pending: PendingIngest, plan: IngestCompletionPlan) throws -> RecordingRecord? {
        let id = pending.id
        guard let subjectKey = try keyRing.subjectKey(plan.keySubject, create: false),
              let dataKey = try? KeyWrap.unwrap(Array(plan.wrappedDataKey), under: subjectKey,
                                                context: KeyContext.dataKey(recording: id, subject: plan.keySubject)) else { return nil }
        // The partial object, or the whole object when the crash came after it was placed.
        let reader: any ObjectReader
        var placedAlready = false
        do {
            reader = try objects.openPartialForReading(relativePath: pending.objectPath)
        } catch let error as StoreError where error.code == .notFound {
            do {
                reader = try objects.openForReading(relativePath: pending.objectPath)
                placedAlready = true
            } catch let error as StoreError where error.code == .notFound {
                return nil
            }
        }
        let sealed: SealedStreamReader
        do {
            sealed = try SealedStreamReader(key: dataKey, source: { try reader.read(into: $0) })
        } catch {
            return nil  // cut inside its header (nothing was sealed), or unreadable
        }
        // The verified plaintext, segment by segment, as the salvage pulls it.
        var plain: [UInt8] = []
        var offset = 0
        func readPlain(_ buffer: UnsafeMutableRawBufferPointer) throws -> Int {
            while offset == plain.count {
                guard let next = try sealed.nextIntact() else { return 0 }
                plain = Array(next)
                offset = 0
            }
            let n = min(buffer.count, plain.count - offset)
            plain.withUnsafeBytes { buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[offset..<(offset + n)])) }
            offset += n
            return n
        }
        let recoveredPath = String(pending.objectPath.dropLast(".cvseal".count)) + ".recovered.cvseal"
        try objects.remove(relativePath: recoveredPath)  // a recovery that crashed before
        var partial: PartialObject? = try objects.createPartial(forRelativePath: recoveredPath)
        let sealedHash = SHA256Hasher(), opusHash = SHA256Hasher()
        let writer = try SealedStreamWriter(key: dataKey, objectID: id.bytes, segmentSize: configuration.segmentSize) { bytes in
            sealedHash.update(bytes)
            try partial!.write(bytes)
        }
        // Whatever stops the salvage (bytes that are no Ogg Opus stream, a partial that cannot be
        // read) leaves nothing to keep: the ingest is rolled back, and the vault still opens.
        let kept: OggOpusSalvage.Result?
        do {
            kept = try OggOpusSalvage.salvage(read: readPlain) { bytes in
                opusHash.update(bytes)
                try writer.write(bytes)
            }
        } catch {
            logger.error("an interrupted ingest's audio cannot be salvaged", metadata: ["recording.id": "\(id)", "error": "\(error)"])
            kept = nil
        }
        guard let kept else {
            partial = nil
            try objects.remove(relativePath: recoveredPath)
            return nil
        }
        try writer.finish()
        let sealedSize = partial!.byteCount
        // Over the partial's key, normally. When the crash came after the whole object was placed,
        // a store that keeps versions (S3, locked) would get a second one at that key: the salvaged
        // object goes beside it, and the placed one is removed once the catalog names the new one.
        let finalPath = placedAlready ? recoveredPath : pending.objectPath
        try objects.place(partial!, at: finalPath, retainUntil: policy.retention.minimumEnd(startedAt: plan.startedAt))
        partial = nil

        var metadata = plan.metadata
        metadata["interrupted"] = "true"
        let note = "the recorder stopped mid-call; recovery kept the \(String(format: "%.1f", kept.durationSeconds)) s sealed by then"
        metadata["notes"] = ([metadata["notes"]].compactMap { $0 } + [note]).joined(separator: "; ")
        let record = RecordingRecord(
            id: id, state: .stored, startedAt: plan.startedAt, ingestedAt: plan.ingestedAt,
            durationMs: Int((kept.durationSeconds * 1000).rounded()), channels: plan.channels,
            inputSampleRate: plan.inputSampleRate, opusSampleRate: plan.opusSampleRate, bitrate: plan.bitrate,
            sourceFormat: plan.sourceFormat, subjectPseudonym: plan.subjectPseudonym, subjectMasked: plan.subjectMasked,
            campaign: plan.campaign, agent: plan.agent, opusSha256: opusHash.finalize().hexString, opusSize: kept.bytes,
            sealedSha256: sealedHash.finalize().hexString, sealedSize: sealedSize, objectPath: finalPath,
            wrappedDataKey: plan.wrappedDataKey, kekVersion: 0, keySubject: plan.keySubject,
            metadata: String(decoding: try JSONSerialization.data(withJSONObject: metadata, options: [.sortedKeys]), as: UTF8.self))
        var detail = ["opus_sha256": record.opusSha256, "sealed_sha256": record.sealedSha256, "duration_ms": "\(record.durationMs)",
                      "started_at": Timestamp.format(record.startedAt), "interrupted": "true"]
        // The metadata journaled by then, kept as sealed when it still opens (a damaged one is dropped, and noted).
        var rsMetadata: SealedRSMetadata?
        if let sealed = plan.rsMetadata {
            let documents = try? RSMetadataSeal.open(SealedRSMetadata(sealed: sealed, documents: -1), of: id, key: dataKey, counted: false)
            if let documents {
                rsMetadata = SealedRSMetadata(sealed: sealed, documents: documents.count)
                detail["rs_metadata_sha256"] = RSMetadataSeal.auditDigests(documents)
            } else {
                logger.error("an interrupted ingest's journaled rs-metadata does not open; the recording is kept without it", metadata: ["recording.id": "\(id)"])
            }
        }
        let entry = draft(.recordingIngest, actor: .recovery, target: id.description, detail: detail)
        let subject = SubjectRecord(subject: record.subjectPseudonym ?? plan.keySubject, masked: plan.subjectMasked, createdAt: plan.ingestedAt)
        let audit = auditLog.rowMaker(for: entry)
        try catalog.write("cannot commit the interrupted recording \(id)") { tx in
            try tx.recordings.commitIngest(record, subject: subject)
            if let rsMetadata { try tx.recordings.putRSMetadata(id, rsMetadata) }
            try tx.appendAudit([audit])
        }
        if placedAlready {
            // Committed already: a placed object left behind is an orphan `verify` names, not a reason to fail the open.
            do { try objects.remove(relativePath: pending.objectPath) } catch {
                logger.error("the object an interrupted ingest had placed could not be removed after its recovery",
                             metadata: ["recording.id": "\(id)", "error": "\(VaultError(wrapping: error))"])
            }
        }
        return record
    }
}
