import Foundation
import VaultCrypto
import VaultStore

/// Walks audit rows in order and checks each against the chain, as cheaply as the hot loop of a
/// million-entry verification needs: sequence numbers without gaps; the stored leaf hash equals
/// SHA-256(0x00 ‖ entry); the entry starts and ends exactly with the bytes its filter columns and
/// its place in the chain imply (compared with `memcmp` against one reused buffer). Feeds every
/// leaf into a ``MerkleRootBuilder``. Not `Sendable`.
final class ChainWalker {
    /// Entries consumed so far (the last sequence number).
    private(set) var size: Int64
    /// The leaf hash of the last entry consumed (32 zeros before the first).
    private(set) var previousLeaf: [UInt8]
    /// The tree over the entries consumed.
    let builder: MerkleRootBuilder
    private let hasher = SHA256Hasher()
    private var expected = [UInt8]()
    private static let hex = Array("0123456789abcdef".utf8)

    /// Starts at the beginning of the log, or resumes after entry `size` whose leaf was `previousLeaf`.
    init(size: Int64 = 0, previousLeaf: [UInt8] = [UInt8](repeating: 0, count: 32), builder: MerkleRootBuilder = MerkleRootBuilder()) {
        self.size = size
        self.previousLeaf = previousLeaf
        self.builder = builder
        expected.reserveCapacity(512)
    }

    /// Checks the next row and adds its leaf; throws `AuditError(.tampered)` naming what is wrong.
    func consume(_ row: Catalog.AuditRawRow) throws {
        let seq = size + 1
        guard row.seq == seq else {
            throw AuditError(.tampered, row.seq > seq
                ? "entries \(seq)–\(row.seq - 1) are missing: deleted from the log"
                : "entry \(row.seq) is out of sequence")
        }
        hasher.reset()
        hasher.update([0])
        row.entry.withUnsafeBytes { hasher.update($0) }
        let leaf = hasher.finalize()
        guard row.leafHash.elementsEqual(leaf) else {
            throw AuditError(.tampered, "entry \(seq) was modified: its content no longer matches its recorded hash")
        }
        guard prefixMatches(row), suffixMatches(row, seq: seq) else {
            if !linksToPrevious(row, seq: seq) {
                throw AuditError(.tampered, seq == 1
                    ? "entry 1 does not start the chain: the log's beginning was replaced"
                    : "the chain breaks between entries \(seq - 1) and \(seq): an entry was modified, inserted or reordered there")
            }
            throw AuditError(.tampered, "entry \(seq): its filter columns (time, actor, action, target or outcome) were edited")
        }
        builder.append(leafHash: leaf)
        previousLeaf = leaf
        size = seq
    }

    // `{"action":<action>,"actor":{"auth":<auth>,"name":<actor>},"detail":{` (canonical key order).
    private func prefixMatches(_ row: Catalog.AuditRawRow) -> Bool {
        expected.removeAll(keepingCapacity: true)
        literal(#"{"action":"#); string(row.action)
        literal(#","actor":{"auth":"#); string(row.auth)
        literal(#","name":"#); string(row.actor)
        literal(#"},"detail":{"#)
        return row.entry.withUnsafeBytes { entry in
            entry.count >= expected.count && memcmp(entry.baseAddress!, expected, expected.count) == 0
        }
    }

    // `},"outcome":<outcome>,"prev":"<hex>","seq":<seq>,"target":<target|null>,"time":<at>,"v":1}`.
    private func suffixMatches(_ row: Catalog.AuditRawRow, seq: Int64) -> Bool {
        expected.removeAll(keepingCapacity: true)
        literal(#"},"outcome":"#); string(row.outcome)
        literal(#","prev":""#); hexPrevious()
        literal(#"","seq":"#); literal(String(seq))
        literal(#","target":"#)
        if let target = row.target { string(target) } else { literal("null") }
        literal(#","time":"#); string(row.at)
        literal(#","v":1}"#)
        return row.entry.withUnsafeBytes { entry in
            entry.count >= expected.count && memcmp(entry.baseAddress! + (entry.count - expected.count), expected, expected.count) == 0
        }
    }

    private func linksToPrevious(_ row: Catalog.AuditRawRow, seq: Int64) -> Bool {
        expected.removeAll(keepingCapacity: true)
        literal(#","prev":""#); hexPrevious(); literal(#"","seq":"#); literal(String(seq)); literal(",")
        return row.entry.firstRange(of: expected) != nil
    }

    private func literal(_ text: String) { expected.append(contentsOf: text.utf8) }

    private func hexPrevious() {
        for byte in previousLeaf {
            expected.append(Self.hex[Int(byte >> 4)])
            expected.append(Self.hex[Int(byte & 0x0f)])
        }
    }

    /// Appends `bytes` as a canonical JSON string (the same escaping as ``CanonicalJSON``).
    private func string(_ bytes: Data) {
        expected.append(UInt8(ascii: "\""))
        bytes.withUnsafeBytes { raw in
            for byte in raw {
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), 0..<0x20:
                    var escaped = [UInt8]()
                    CanonicalJSON.writeString(String(decoding: [byte], as: UTF8.self), into: &escaped)
                    expected.append(contentsOf: escaped.dropFirst().dropLast())
                default:
                    expected.append(byte)
                }
            }
        }
        expected.append(UInt8(ascii: "\""))
    }
}
