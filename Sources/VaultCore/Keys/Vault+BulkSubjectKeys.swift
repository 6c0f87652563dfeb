import Foundation
import VaultCrypto
import VaultStore

extension Vault {
    /// Subject keys stored per transaction by ``bulkCreateSubjectKeys(count:prefix:)``.
    static let bulkSubjectKeyBatch = 10_000

    /// Creates `count` subject keys at once: for benchmarks (`Tools/bench`, key rotation) and bulk
    /// imports into a new vault, not for the ingest path.
    ///
    /// Each key is made exactly as ingest makes a new subject's key: a fresh random key wrapped
    /// under the current KEK with `KeyContext.subjectKey(subject:kekVersion:)`. They are stored
    /// 10,000 per transaction (`SubjectKeyStore.insertBatch`); a failure leaves the earlier batches
    /// stored. Subject `i` (`0..<count`) is named `prefix` followed by the 64 hex digits of
    /// SHA-256(`prefix` ‖ `i` in decimal): shaped and ordered like real pseudonyms, so the key
    /// database has a production-like size and index order. Fails (`StoreError.catalog`) when one
    /// of those subjects already has a key.
    ///
    /// It writes only the key database: no catalog subject rows and no audit entry (a subject key
    /// protects nothing until a recording refers to it). It holds the ingest lock shared, as an
    /// ingest does, so a concurrent rotation cannot retire the version the keys are wrapped under.
    /// Returns how many keys it created.
    @discardableResult
    public func bulkCreateSubjectKeys(count: Int, prefix: String) throws -> Int {
        precondition(count >= 0, "count must not be negative")
        let ingests = try FileLock.ingest(layout)
        try ingests.lockShared()
        defer { ingests.unlock() }
        var created = 0
        var rows = [SubjectKeyRow]()
        rows.reserveCapacity(min(count, Self.bulkSubjectKeyBatch))
        while created < count {
            let end = min(count, created + Self.bulkSubjectKeyBatch)
            let (version, kek) = try keyRing.currentKEK()
            rows.removeAll(keepingCapacity: true)
            for index in created..<end {
                let subject = prefix + SHA256Hasher.hash(Array("\(prefix)\(index)".utf8)).hexString
                let wrapped = try kek.wrap(try SymmetricKey.random(), context: KeyContext.subjectKey(subject: subject, kekVersion: version))
                rows.append(SubjectKeyRow(subject: subject, kekVersion: version, wrapped: Data(wrapped)))
            }
            try keyRing.subjects.insertBatch(rows)
            created = end
        }
        return created
    }
}
