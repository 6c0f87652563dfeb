import VaultBase
import VaultCrypto
import VaultStore

/// Reads one recording's sealed object back: unwraps its data key, checks the header names
/// this recording, and streams verified plaintext, hashing both sides on the way.
/// Not `Sendable`; one per read.
final class SealedObjectOpener {
    let record: RecordingRecord
    private let file: any ObjectReader
    private let reader: SealedStreamReader
    private let sealedHash = SHA256Hasher()
    private let opusHash = SHA256Hasher()
    private let sealedCount: Counter

    init(vault: Vault, record: RecordingRecord) throws {
        self.record = record
        let key = try vault.unwrapDataKey(of: record)
        let file = try vault.objects.openForReading(relativePath: record.objectPath)
        self.file = file
        let hasher = sealedHash, counter = Counter()
        sealedCount = counter
        reader = try SealedStreamReader(key: key) { buffer in
            let n = try file.read(into: buffer)
            hasher.update(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
            counter.value += n
            return n
        }
        guard reader.header.objectID == record.id.bytes else {
            throw VaultError(.objectMismatch, "recording \(record.id): its object was sealed for another recording")
        }
    }

    /// A byte count shared with the read closure.
    final class Counter { var value = 0 }

    /// Streams the verified Ogg Opus bytes to `body`, then checks both hashes against the catalog.
    func stream(_ body: (ArraySlice<UInt8>) throws -> Void) throws {
        while let chunk = try next() { try body(chunk) }
    }

    /// Verified Ogg Opus bytes left over from the last chunk, for ``read(into:)``.
    private var leftover: ArraySlice<UInt8> = []
    /// Whether the end was reached (and both hashes checked).
    private var ended = false

    /// The next authenticated chunk of Ogg Opus bytes; nil at the end, once both hashes matched
    /// the catalog's (a mismatch throws instead).
    func next() throws -> ArraySlice<UInt8>? {
        if ended { return nil }
        let chunk: ArraySlice<UInt8>?
        do {
            chunk = try reader.next()
        } catch let error as CryptoError {
            throw CryptoError(error.code, "recording \(record.id): sealed object is damaged: \(error.message)")
        }
        if let chunk {
            chunk.withUnsafeBytes { opusHash.update($0) }
            return chunk
        }
        ended = true
        try checkHashes()
        return nil
    }

    /// The pull form of ``next()``, for a decoder: fills `buffer` with verified Ogg Opus bytes
    /// and returns how many, 0 at the end, where both hashes are checked against the catalog.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while leftover.isEmpty {
            guard let chunk = try next() else { return 0 }
            leftover = chunk
        }
        let n = min(buffer.count, leftover.count)
        leftover.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress!, byteCount: n) }
        leftover = leftover.dropFirst(n)
        return n
    }

    /// Reads (and discards) whatever a pull reader left, so the hashes are checked over every byte.
    func finish() throws {
        while try next() != nil {}
    }

    private func checkHashes() throws {
        let sealed = sealedHash.finalize().hexString
        guard sealed == record.sealedSha256, sealedCount.value == record.sealedSize else {
            throw VaultError(.sealedHashMismatch, "recording \(record.id): sealed object (\(sealedCount.value) bytes, SHA-256 \(sealed)) differs from the catalog's (\(record.sealedSize) bytes, \(record.sealedSha256))")
        }
        let opus = opusHash.finalize().hexString
        guard opus == record.opusSha256 else {
            throw VaultError(.opusHashMismatch, "recording \(record.id): Ogg Opus SHA-256 \(opus) differs from the catalog's \(record.opusSha256)")
        }
    }
}

extension Vault {
    /// Unwraps a recording's data key under its subject's key (or, for rows from before subject
    /// keys, under the KEK version that wrapped it). A shredded subject is a `.shredded` error.
    func unwrapDataKey(of record: RecordingRecord) throws -> SymmetricKey {
        guard let subject = record.keySubject else {
            do {
                return try keyRing.kek(version: record.kekVersion).unwrap(
                    Array(record.wrappedDataKey), context: KeyContext.legacyDataKey(recording: record.id, kekVersion: record.kekVersion))
            } catch let error as CryptoError where error.code == .wrongKey {
                throw CryptoError(.wrongKey, "recording \(record.id): its data key does not unwrap under KEK version \(record.kekVersion) (wrong key, or the wrapped key was moved or altered)")
            }
        }
        guard record.state != .shredded, let subjectKey = try keyRing.subjectKey(subject, create: false) else {
            throw try shreddedError(record)
        }
        do {
            return try KeyWrap.unwrap(Array(record.wrappedDataKey), under: subjectKey,
                                      context: KeyContext.dataKey(recording: record.id, subject: subject))
        } catch let error as CryptoError where error.code == .wrongKey {
            throw CryptoError(.wrongKey, "recording \(record.id): its data key does not unwrap under its subject's key (the wrapped key was moved or altered)")
        }
    }

    /// The error for a recording whose subject key is gone, saying when it was shredded.
    func shreddedError(_ record: RecordingRecord) throws -> VaultError {
        let subject = try record.keySubject.flatMap { try catalog.subject($0) }
        let when = (subject?.shreddedAt ?? subject?.shredRequestedAt).map(Timestamp.format) ?? "an unknown time"
        return VaultError(.shredded, "recording \(record.id) is shredded: its subject's key was destroyed at \(when); it can never be decrypted again")
    }
}
