import Foundation
public import VaultCrypto
import VaultStore

/// Proof that one entry is in the log, checkable with SHA-256 and Ed25519 alone (see
/// `docs/audit-log.md`): the entry's canonical bytes, its RFC 6962 audit path, and the signed
/// checkpoint whose root the path leads to.
public struct InclusionProof: Sendable, Equatable, Codable {
    /// `callvault-inclusion-proof/v1`.
    public var format: String
    /// The entry's sequence number.
    public var seq: Int64
    /// Its leaf index (seq − 1).
    public var leafIndex: Int64
    /// The size of the tree the proof is against.
    public var treeSize: Int64
    /// The entry's canonical JSON, base64.
    public var entry: String
    /// SHA-256(0x00 ‖ entry), hex.
    public var leafHash: String
    /// The audit path, leaf to root, hex.
    public var auditPath: [String]
    /// The tree's root hash, hex.
    public var rootHash: String
    /// The signed checkpoint (C2SP note) for `treeSize` and `rootHash`.
    public var checkpoint: String

    enum CodingKeys: String, CodingKey {
        case format, seq, leafIndex = "leaf_index", treeSize = "tree_size", entry, leafHash = "leaf_hash"
        case auditPath = "audit_path", rootHash = "root_hash", checkpoint
    }

    /// Checks the proof: the leaf hash of the entry, the path to the root, and the checkpoint's
    /// signature under `publicKey` over that root and size. Throws what fails.
    public func verify(publicKey: Ed25519PublicKey) throws {
        guard format == "callvault-inclusion-proof/v1" else { throw AuditError(.malformed, "unknown proof format \(format)") }
        guard let entryBytes = Data(base64Encoded: entry) else { throw AuditError(.malformed, "the entry is not base64") }
        let leaf = MerkleTree.leafHash(entryBytes)
        guard leaf.hexString == leafHash else { throw AuditError(.tampered, "the entry does not hash to the proof's leaf hash") }
        let path = try auditPath.map { hex -> [UInt8] in
            guard let bytes = [UInt8](hexString: hex), bytes.count == 32 else { throw AuditError(.malformed, "bad audit path hash") }
            return bytes
        }
        let checkpoint = try Checkpoint(note: self.checkpoint, publicKey: publicKey)
        guard checkpoint.treeSize == treeSize, checkpoint.rootHash.hexString == rootHash else {
            throw AuditError(.tampered, "the checkpoint does not sign this tree size and root")
        }
        guard MerkleTree.verifyInclusion(leafHash: leaf, index: Int(leafIndex), treeSize: Int(treeSize), proof: path,
                                         root: checkpoint.rootHash) else {
            throw AuditError(.tampered, "the audit path does not lead from the entry to the signed root")
        }
        let parsed = try AuditEntry(canonical: entryBytes)
        guard parsed.seq == seq, leafIndex == seq - 1 else { throw AuditError(.tampered, "the entry's sequence number is not the proof's") }
    }
}

extension AuditLog {
    /// The inclusion proof of entry `seq` against the latest checkpoint, writing a new checkpoint
    /// first when the latest does not cover `seq` yet.
    public func inclusionProof(seq: Int64) throws -> InclusionProof {
        guard let row = try catalogRow(seq: seq) else { throw AuditError(.notFound, "no audit entry \(seq)") }
        var checkpoint = try latestCheckpoint()
        if checkpoint == nil || checkpoint!.treeSize < seq { checkpoint = try self.checkpoint() }
        let cp = checkpoint!
        let leaves = try catalogLeafHashes(count: cp.treeSize)
        guard MerkleTree.root(leaves[...]) == cp.rootHash else {
            throw AuditError(.tampered, "the log no longer matches its checkpoint at size \(cp.treeSize); run callvault audit verify")
        }
        return InclusionProof(
            format: "callvault-inclusion-proof/v1", seq: seq, leafIndex: seq - 1, treeSize: cp.treeSize,
            entry: row.entry.base64EncodedString(), leafHash: Array(row.leafHash).hexString,
            auditPath: MerkleTree.inclusionProof(index: Int(seq - 1), leaves: leaves[...]).map(\.hexString),
            rootHash: cp.rootHash.hexString, checkpoint: cp.note)
    }
}

extension AuditLog {
    /// Inclusion proofs of many entries against one fresh checkpoint, in the order of `seqs`,
    /// handed to `body` one at a time: the checkpoint is signed over the whole log, the tree is
    /// built once (``MerkleTreeLevels``) and checked against it, then each path costs O(log n).
    /// Returns the checkpoint. Memory: the leaf hashes and the tree (about 130 bytes an entry of
    /// the log) while it runs, never the proofs.
    @discardableResult
    public func inclusionProofs(seqs: [Int64], _ body: (InclusionProof) throws -> Void) throws -> Checkpoint {
        let checkpoint = try self.checkpoint()
        let tree = MerkleTreeLevels(leaves: try catalogLeafHashes(count: checkpoint.treeSize))
        guard tree.size == checkpoint.treeSize, tree.root == checkpoint.rootHash else {
            throw AuditError(.tampered, "the log no longer matches its checkpoint at size \(checkpoint.treeSize); run callvault audit verify")
        }
        for seq in seqs {
            guard seq >= 1, seq <= checkpoint.treeSize, let row = try catalogRow(seq: seq) else {
                throw AuditError(.notFound, "no audit entry \(seq) in the checkpoint of size \(checkpoint.treeSize)")
            }
            try body(InclusionProof(
                format: "callvault-inclusion-proof/v1", seq: seq, leafIndex: seq - 1, treeSize: checkpoint.treeSize,
                entry: row.entry.base64EncodedString(), leafHash: Array(row.leafHash).hexString,
                auditPath: tree.inclusionProof(index: Int(seq - 1)).map(\.hexString),
                rootHash: checkpoint.rootHash.hexString, checkpoint: checkpoint.note))
        }
        return checkpoint
    }

    /// The sequence numbers of the entries whose target is one of `targets`, ascending.
    public func seqs(targets: [String]) throws -> [Int64] { try catalogSeqs(targets: targets) }
}
