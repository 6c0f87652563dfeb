import Foundation
import VaultCrypto
import VaultStore

/// What a successful verification established.
public struct AuditVerification: Sendable {
    /// Entries checked (the whole log).
    public var entries: Int64
    /// The root hash of the whole log.
    public var rootHash: [UInt8]
    /// Stored checkpoints whose signature and root matched.
    public var checkpointsChecked: Int
    /// The largest tree size a valid signed checkpoint covers (0 when none).
    public var signedSize: Int64
    /// The external checkpoint the log was proven to extend, if one was given.
    public var extends: Checkpoint?
    /// The RFC 6962 consistency proof from `extends` to the whole log (empty when sizes are equal).
    public var consistencyProof: [[UInt8]]

    /// The size of the tree head kept outside the catalog that the log was proven to extend; nil
    /// when the vault keeps none.
    public var keptHeadSize: Int64? = nil

    /// Entries written after the last signed checkpoint: chained, but not yet signed.
    public var unsignedTail: Int64 { entries - signedSize }
}

extension AuditLog {
    /// Recomputes the whole log from its stored bytes and proves it sound, or throws
    /// `AuditError(.tampered)` naming the entry or range that was changed, or `.truncated` when
    /// a checkpoint (stored or `external`) covers more entries than the log holds.
    ///
    /// Checks, entry by entry: sequence numbers run 1, 2, 3… without gaps; the stored leaf hash is
    /// SHA-256(0x00 ‖ entry); the entry's `prev` is the previous leaf hash and its `seq` its own;
    /// the filter columns equal the entry's fields. Then every stored checkpoint's signature and
    /// root, and `external`'s, with a consistency proof from it to the current tree. Streams the
    /// log (memory stays small), except that proving `external` keeps the leaf hashes (32 bytes each).
    public func verify(against external: Checkpoint? = nil) throws -> AuditVerification {
        let stored = try catalogCheckpoints()
        let kept = try keptHead()
        var wanted = Set(stored.map(\.treeSize))
        if let external { wanted.insert(external.treeSize) }
        if let kept { wanted.insert(kept.treeSize) }
        var roots: [Int64: [UInt8]] = [0: MerkleTree.emptyRoot]
        var leaves = [[UInt8]]()
        let walker = ChainWalker()
        try catalogForEachRawRow { row in
            try walker.consume(row)
            if wanted.contains(walker.size) { roots[walker.size] = walker.builder.root }
            if external != nil { leaves.append(walker.previousLeaf) }
        }
        let size = walker.size
        // The head kept outside the catalog first: it tells a rollback or a re-chained log from
        // a clean one even when every checkpoint in the catalog was removed with the entries.
        if let kept { try Self.checkExtends(kept, size: size, rootAtKept: roots[kept.treeSize]) }
        var lastGood: Int64 = 0
        for checkpoint in stored {
            try check(checkpoint, size: size, roots: roots, lastGood: lastGood, kind: "stored")
            lastGood = checkpoint.treeSize
        }
        var proof = [[UInt8]]()
        if let external {
            try check(external, size: size, roots: roots, lastGood: 0, kind: "given")
            proof = MerkleTree.consistencyProof(oldSize: Int(external.treeSize), leaves: leaves[...])
            guard MerkleTree.verifyConsistency(oldSize: Int(external.treeSize), oldRoot: external.rootHash, newSize: Int(size),
                                               newRoot: walker.builder.root, proof: proof) else {
                throw AuditError(.tampered, "the log is not a consistent extension of the checkpoint at size \(external.treeSize)")
            }
        }
        return AuditVerification(entries: size, rootHash: walker.builder.root, checkpointsChecked: stored.count,
                                 signedSize: max(stored.last?.treeSize ?? 0, external?.treeSize ?? 0, kept?.treeSize ?? 0),
                                 extends: external, consistencyProof: proof, keptHeadSize: kept?.treeSize)
    }

    private func check(_ checkpoint: Checkpoint, size: Int64, roots: [Int64: [UInt8]], lastGood: Int64, kind: String) throws {
        guard checkpoint.origin == origin else {
            throw AuditError(.malformed, "the \(kind) checkpoint is for log \(checkpoint.origin), not \(origin)")
        }
        guard checkpoint.treeSize <= size else {
            throw AuditError(.truncated, "the log holds \(size) entries but a \(kind) checkpoint signed \(checkpoint.treeSize): entries \(size + 1)–\(checkpoint.treeSize) were cut off")
        }
        guard roots[checkpoint.treeSize] == checkpoint.rootHash else {
            throw AuditError(.tampered, "entries \(lastGood + 1)–\(checkpoint.treeSize) differ from what the \(kind) checkpoint at size \(checkpoint.treeSize) signed: changed, inserted or deleted and re-chained")
        }
    }
}
