import Testing
@testable import VaultAudit
import VaultCrypto

@Suite("RFC 6962 Merkle tree")
struct MerkleTreeTests {
    /// The leaves of the Certificate Transparency reference tests, with their published roots.
    static let ctLeaves: [[UInt8]] = [[], [0x00], [0x10], [0x20, 0x21], [0x30, 0x31], [0x40, 0x41, 0x42, 0x43],
                                      Array(0x50...0x57), Array(0x60...0x6f)]
    static let ctRoots = [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d", "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4", "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c", "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ]

    func leaves(_ n: Int) -> [[UInt8]] { (0..<n).map { MerkleTree.leafHash(Array("leaf \($0)".utf8)) } }

    @Test("roots match the Certificate Transparency reference vectors")
    func referenceRoots() {
        let hashes = Self.ctLeaves.map { MerkleTree.leafHash($0) }
        for n in 1...8 {
            #expect(MerkleTree.root(hashes.prefix(n)).hexString == Self.ctRoots[n - 1], "size \(n)")
        }
        #expect(MerkleTree.root([]).hexString == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test("the level tree gives the recursive root and every audit path, at every size")
    func levels() {
        for n in 0...70 {
            let all = leaves(n)
            let tree = MerkleTreeLevels(leaves: all)
            #expect(tree.root == MerkleTree.root(all[...]), "size \(n)")
            for index in 0..<n {
                let path = tree.inclusionProof(index: index)
                #expect(path == MerkleTree.inclusionProof(index: index, leaves: all[...]), "size \(n), leaf \(index)")
                #expect(MerkleTree.verifyInclusion(leafHash: all[index], index: index, treeSize: n, proof: path, root: tree.root))
            }
        }
    }

    @Test("the incremental builder gives the recursive root at every size")
    func builder() {
        let all = leaves(70)
        let builder = MerkleRootBuilder()
        #expect(builder.root == MerkleTree.emptyRoot)
        for n in 1...70 {
            builder.append(leafHash: all[n - 1])
            #expect(builder.root == MerkleTree.root(all.prefix(n)), "size \(n)")
        }
    }

    @Test("every inclusion proof verifies, and fails for another leaf, index or root")
    func inclusion() {
        let all = leaves(33)
        for n in 1...33 {
            let root = MerkleTree.root(all.prefix(n))
            for i in 0..<n {
                let proof = MerkleTree.inclusionProof(index: i, leaves: all.prefix(n))
                #expect(MerkleTree.verifyInclusion(leafHash: all[i], index: i, treeSize: n, proof: proof, root: root), "\(i) of \(n)")
                #expect(!MerkleTree.verifyInclusion(leafHash: all[(i + 1) % 33], index: i, treeSize: n, proof: proof, root: root))
                if n > 1 {
                    #expect(!MerkleTree.verifyInclusion(leafHash: all[i], index: (i + 1) % n, treeSize: n, proof: proof, root: root))
                }
                #expect(!MerkleTree.verifyInclusion(leafHash: all[i], index: i, treeSize: n, proof: proof, root: all[0] == root ? all[1] : all[0]))
            }
        }
    }

    @Test("every consistency proof verifies, and fails against a different old or new root")
    func consistency() {
        let all = leaves(33)
        for n in 1...33 {
            let newRoot = MerkleTree.root(all.prefix(n))
            for m in 1...n {
                let oldRoot = MerkleTree.root(all.prefix(m))
                let proof = MerkleTree.consistencyProof(oldSize: m, leaves: all.prefix(n))
                #expect(MerkleTree.verifyConsistency(oldSize: m, oldRoot: oldRoot, newSize: n, newRoot: newRoot, proof: proof), "\(m)→\(n)")
                if m < n {
                    let other = MerkleTree.root(leaves(40).suffix(m))
                    #expect(!MerkleTree.verifyConsistency(oldSize: m, oldRoot: other, newSize: n, newRoot: newRoot, proof: proof))
                    #expect(!MerkleTree.verifyConsistency(oldSize: m, oldRoot: oldRoot, newSize: n, newRoot: other, proof: proof))
                }
            }
        }
    }
}

@Suite("Canonical JSON")
struct CanonicalJSONTests {
    @Test("keys sort, nothing is spaced, strings escape minimally")
    func canonical() {
        let value = CanonicalJSON.object([
            "b": .string("q\"b\\s\nt\tc\u{1}é€😀/"), "a": .integer(-5), "c": .null, "d": .object(["z": .integer(1), "y": .string("")]),
        ])
        #expect(String(decoding: value.bytes, as: UTF8.self)
                == #"{"a":-5,"b":"q\"b\\s\nt\tc\u0001é€😀/","c":null,"d":{"y":"","z":1}}"#)
    }
}
