import VaultCrypto

/// The RFC 6962 (Certificate Transparency) Merkle tree over audit entries:
/// leaf = SHA-256(0x00 ‖ entry), node = SHA-256(0x01 ‖ left ‖ right), and MTH of n leaves splits
/// at the largest power of two below n. Inclusion and consistency proofs follow RFC 6962 §2.1.1-2
/// (generation) and RFC 9162 §2.1.3.2 and §2.1.4.2 (verification).
public enum MerkleTree {
    /// The hash of the empty tree, SHA-256 of nothing.
    public static let emptyRoot = SHA256Hasher.hash([])

    /// SHA-256(0x00 ‖ data).
    public static func leafHash(_ data: some Collection<UInt8>) -> [UInt8] {
        let hasher = SHA256Hasher()
        hasher.update([0])
        hasher.update(Array(data))
        return hasher.finalize()
    }

    /// SHA-256(0x01 ‖ left ‖ right).
    public static func nodeHash(_ left: [UInt8], _ right: [UInt8]) -> [UInt8] {
        let hasher = SHA256Hasher()
        hasher.update([1])
        hasher.update(left)
        hasher.update(right)
        return hasher.finalize()
    }

    /// The root of `leaves` (leaf hashes), computed recursively as RFC 6962 defines it.
    public static func root(_ leaves: ArraySlice<[UInt8]>) -> [UInt8] {
        switch leaves.count {
        case 0: return emptyRoot
        case 1: return leaves.first!
        default:
            let k = splitPoint(leaves.count)
            return nodeHash(root(leaves.prefix(k)), root(leaves.dropFirst(k)))
        }
    }

    /// The largest power of two smaller than n (n > 1).
    static func splitPoint(_ n: Int) -> Int {
        var k = 1
        while k << 1 < n { k <<= 1 }
        return k
    }

    /// The audit path of leaf `index` in the tree of `leaves` (RFC 6962 PATH), leaf to root.
    public static func inclusionProof(index: Int, leaves: ArraySlice<[UInt8]>) -> [[UInt8]] {
        precondition(index >= 0 && index < leaves.count)
        guard leaves.count > 1 else { return [] }
        let k = splitPoint(leaves.count)
        if index < k {
            return inclusionProof(index: index, leaves: leaves.prefix(k)) + [root(leaves.dropFirst(k))]
        }
        return inclusionProof(index: index - k, leaves: leaves.dropFirst(k)) + [root(leaves.prefix(k))]
    }

    /// The consistency proof from the first `oldSize` leaves to all of `leaves` (RFC 6962 PROOF).
    public static func consistencyProof(oldSize: Int, leaves: ArraySlice<[UInt8]>) -> [[UInt8]] {
        precondition(oldSize >= 0 && oldSize <= leaves.count)
        guard oldSize > 0, oldSize < leaves.count else { return [] }
        return subproof(m: oldSize, leaves: leaves, complete: true)
    }

    private static func subproof(m: Int, leaves: ArraySlice<[UInt8]>, complete: Bool) -> [[UInt8]] {
        let n = leaves.count
        if m == n { return complete ? [] : [root(leaves)] }
        let k = splitPoint(n)
        if m <= k {
            return subproof(m: m, leaves: leaves.prefix(k), complete: complete) + [root(leaves.dropFirst(k))]
        }
        return subproof(m: m - k, leaves: leaves.dropFirst(k), complete: false) + [root(leaves.prefix(k))]
    }

    /// Checks an inclusion proof (RFC 9162 §2.1.3.2).
    public static func verifyInclusion(leafHash: [UInt8], index: Int, treeSize: Int, proof: [[UInt8]], root: [UInt8]) -> Bool {
        guard index >= 0, index < treeSize else { return false }
        var fn = index, sn = treeSize - 1
        var r = leafHash
        for p in proof {
            if sn == 0 { return false }
            if fn & 1 == 1 || fn == sn {
                r = nodeHash(p, r)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 { fn >>= 1; sn >>= 1 }
                }
            } else {
                r = nodeHash(r, p)
            }
            fn >>= 1; sn >>= 1
        }
        return sn == 0 && r == root
    }

    /// Checks a consistency proof between two tree heads (RFC 9162 §2.1.4.2).
    public static func verifyConsistency(oldSize: Int, oldRoot: [UInt8], newSize: Int, newRoot: [UInt8], proof: [[UInt8]]) -> Bool {
        guard oldSize <= newSize else { return false }
        if oldSize == newSize { return proof.isEmpty && oldRoot == newRoot }
        if oldSize == 0 { return proof.isEmpty }
        guard !proof.isEmpty else { return false }
        var path = proof
        if oldSize & (oldSize - 1) == 0 { path.insert(oldRoot, at: 0) }  // old size a power of two
        guard !path.isEmpty else { return false }
        var fn = oldSize - 1, sn = newSize - 1
        while fn & 1 == 1 { fn >>= 1; sn >>= 1 }
        var fr = path[0], sr = path[0]
        for c in path.dropFirst() {
            if sn == 0 { return false }
            if fn & 1 == 1 || fn == sn {
                fr = nodeHash(c, fr)
                sr = nodeHash(c, sr)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 { fn >>= 1; sn >>= 1 }
                }
            } else {
                sr = nodeHash(sr, c)
            }
            fn >>= 1; sn >>= 1
        }
        return sn == 0 && fr == oldRoot && sr == newRoot
    }
}

/// Builds the RFC 6962 root incrementally, one leaf at a time, in O(log n) memory: the stack of
/// perfect subtrees (as in a Merkle mountain range). The root at any size is the stack folded
/// from the right. Not `Sendable`.
public final class MerkleRootBuilder {
    private var stack: [(hash: [UInt8], size: Int)] = []
    private let hasher = SHA256Hasher()
    /// Leaves added so far.
    public private(set) var size = 0

    /// Starts an empty tree.
    public init() {}

    /// Resumes a tree of `size` leaves from its compact range (the hashes of its perfect subtrees,
    /// largest first, one per set bit of `size`); nil when the range does not fit the size.
    public init?(size: Int, compactRange: [[UInt8]]) {
        var sizes = [Int]()
        var bit = 1 << 62
        while bit > 0 {
            if size & bit != 0 { sizes.append(bit) }
            bit >>= 1
        }
        guard sizes.count == compactRange.count, compactRange.allSatisfy({ $0.count == 32 }) else { return nil }
        stack = Array(zip(compactRange, sizes)).map { (hash: $0.0, size: $0.1) }
        self.size = size
    }

    /// The hashes of the perfect subtrees, largest first: with the size, all that is needed to
    /// continue the tree.
    public var compactRange: [[UInt8]] { stack.map(\.hash) }

    /// Adds the next leaf hash.
    public func append(leafHash: [UInt8]) {
        var node = (hash: leafHash, size: 1)
        while let top = stack.last, top.size == node.size {
            stack.removeLast()
            node = (hash: hash(top.hash, node.hash), size: top.size * 2)
        }
        stack.append(node)
        size += 1
    }

    /// The root of the leaves added so far.
    public var root: [UInt8] {
        guard var acc = stack.last?.hash else { return MerkleTree.emptyRoot }
        for node in stack.dropLast().reversed() { acc = hash(node.hash, acc) }
        return acc
    }

    private func hash(_ left: [UInt8], _ right: [UInt8]) -> [UInt8] {
        hasher.reset()
        hasher.update([1])
        hasher.update(left)
        hasher.update(right)
        return hasher.finalize()
    }
}

/// Every level of an RFC 6962 tree, each stored flat (32 bytes a node), so that many audit paths
/// cost O(log n) each after one O(n) build (``MerkleTree/inclusionProof(index:leaves:)`` costs
/// O(n) a path). Built bottom-up: a level's last node, when it has no sibling, moves up
/// unchanged, which gives exactly the RFC 6962 tree (split at the largest power of two).
public struct MerkleTreeLevels: Sendable {
    /// Level 0 is the leaves; the last level holds the root alone.
    private let levels: [[UInt8]]
    /// The leaf count.
    public let size: Int

    /// Builds the tree over `leaves` (32-byte leaf hashes).
    public init(leaves: [[UInt8]]) {
        precondition(leaves.allSatisfy { $0.count == 32 }, "leaf hashes are 32 bytes")
        size = leaves.count
        var levels = [leaves.flatMap { $0 }]
        let hasher = SHA256Hasher()
        while levels[levels.count - 1].count > 32 {
            let below = levels[levels.count - 1]
            let count = below.count / 32
            var level = [UInt8]()
            level.reserveCapacity((count + 1) / 2 * 32)
            var i = 0
            while i < count {
                if i + 1 < count {
                    hasher.reset()
                    hasher.update([1])
                    below.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0[(i * 32)..<((i + 2) * 32)])) }
                    level += hasher.finalize()
                } else {
                    level += below[(i * 32)..<((i + 1) * 32)]
                }
                i += 2
            }
            levels.append(level)
        }
        self.levels = levels
    }

    /// The root hash (the empty tree's for no leaves).
    public var root: [UInt8] { size == 0 ? MerkleTree.emptyRoot : levels[levels.count - 1] }

    /// The audit path of leaf `index`, leaf to root, equal to ``MerkleTree/inclusionProof(index:leaves:)``.
    public func inclusionProof(index: Int) -> [[UInt8]] {
        precondition(index >= 0 && index < size)
        var path = [[UInt8]]()
        var i = index
        for level in levels.dropLast() {
            let sibling = i ^ 1
            if sibling < level.count / 32 { path.append(Array(level[(sibling * 32)..<((sibling + 1) * 32)])) }
            i >>= 1
        }
        return path
    }
}
