public import Foundation
public import VaultBase
import VaultAudit
import VaultCrypto
public import VaultStore

/// How a live call's SIPREC metadata is sealed: the documents as JSON (each one's XML bytes
/// untouched, in base64), in one sealed stream under the recording's data key whose object id is
/// the first 16 bytes of SHA-256("callvault.rs-metadata.v1" ‖ recording id bytes), so the blob of
/// one recording opens under no other. The catalog keeps it (`rs_metadata`); a new audio version
/// seals it again under the new data key, and a purge or shred deletes it with the key.
enum RSMetadataSeal {
    /// The object id the documents of `id` are sealed under.
    static func objectID(_ id: RecordingID) -> [UInt8] {
        Array(SHA256Hasher.hash(Array("callvault.rs-metadata.v1".utf8) + id.bytes).prefix(16))
    }

    /// Seals `documents` for recording `id` under `key`.
    static func seal(_ documents: [RSMetadataFeed.Document], of id: RecordingID, key: SymmetricKey) throws -> SealedRSMetadata {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .millisecondsSince1970
        let plain = Array(try encoder.encode(documents))
        var sealed: [UInt8] = []
        let writer = try SealedStreamWriter(key: key, objectID: objectID(id), segmentSize: 64 * 1024) { sealed += $0 }
        try writer.write(plain)
        try writer.finish()
        return SealedRSMetadata(sealed: Data(sealed), documents: documents.count)
    }

    /// The audit detail naming sealed documents: each one's SHA-256, in order, comma-separated
    /// (`rs_metadata_sha256` of a `recording.ingest` entry).
    static func auditDigests(_ documents: [RSMetadataFeed.Document]) -> String {
        documents.map(\.sha256).joined(separator: ",")
    }

    /// Opens what ``seal(_:of:key:)`` made; throws when it was changed, sealed for another
    /// recording or under another key, or (when `counted`) holds another number of documents
    /// than the catalog's count.
    static func open(_ metadata: SealedRSMetadata, of id: RecordingID, key: SymmetricKey, counted: Bool = true) throws -> [RSMetadataFeed.Document] {
        let bytes = Array(metadata.sealed)
        var offset = 0
        let plain: [UInt8]
        do {
            let reader = try SealedStreamReader(key: key) { buffer in
                let n = min(buffer.count, bytes.count - offset)
                bytes.withUnsafeBytes { buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[offset..<(offset + n)])) }
                offset += n
                return n
            }
            guard reader.header.objectID == objectID(id) else {
                throw VaultError(.objectMismatch, "recording \(id): its rs-metadata was sealed for another recording")
            }
            var read: [UInt8] = []
            while let chunk = try reader.next() { read += chunk }
            plain = read
        } catch let error as CryptoError {
            throw CryptoError(error.code, "recording \(id): its sealed rs-metadata is damaged: \(error.message)")
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        guard let documents = try? decoder.decode([RSMetadataFeed.Document].self, from: Data(plain)), !counted || documents.count == metadata.documents else {
            throw VaultError(.sealedHashMismatch, "recording \(id): its sealed rs-metadata does not hold the \(metadata.documents) documents the catalog counts")
        }
        return documents
    }
}

extension Vault {
    /// Decrypts the SIPREC metadata a live call's SRC sent (every document, as received).
    ///
    /// Log before act: the read is audited (`recording.rs_metadata.read`) before a byte is
    /// decrypted. Refused, and the refusal audited, exactly as a transcript's read: purged and
    /// shredded recordings, and restricted ones without a stated reason. `notFound` when the
    /// recording has none (it did not come from a SIPREC session).
    package func readRSMetadata(_ id: RecordingID, actor: VaultActor, restrictedAccessReason: String? = nil) throws -> RSMetadata {
        let record = try authorizeRead(id, action: .rsMetadataRead, actor: actor, restrictedAccessReason: restrictedAccessReason)
        guard let sealed = try catalog.rsMetadata(of: id) else {
            throw StoreError(.notFound, "recording \(id) has no rs-metadata (it was not recorded from a SIPREC session)")
        }
        try logAudit(.rsMetadataRead, actor: actor, target: id.description, detail: ["documents": "\(sealed.documents)"])
        return try openRSMetadata(sealed, of: record)
    }

    /// Opens a recording's sealed metadata under its data key, as every reader gives it. Not
    /// audited: callers audit.
    func openRSMetadata(_ sealed: SealedRSMetadata, of record: RecordingRecord) throws -> RSMetadata {
        let documents = try RSMetadataSeal.open(sealed, of: record.id, key: try unwrapDataKey(of: record))
        return RSMetadata(recordingId: record.id.description, documents: documents.map {
            RSMetadata.Document(receivedAt: Timestamp.format($0.receivedAt), sha256: $0.sha256,
                                xml: String(decoding: $0.xml, as: UTF8.self))
        })
    }
}
