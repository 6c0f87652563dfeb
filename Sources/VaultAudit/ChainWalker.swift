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
    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Starts at the beginning of the log, or resumes after entry `size` whose leaf was `previousLeaf`.
    init(size: Int64 = 0, previousLeaf: [UInt8] = [UInt8](repeating: 0, count: 32), builder: MerkleRootBuilder = MerkleRootBuilder()) {
        self.size = size
        self.previousLeaf = previousLeaf
        self.builder = builder
        expected.reserveCapacity(512)
    }

    /// Checks the next row and adds its leaf; throws `AuditError(.tampered)` naming what is wrong.
    func consume(_ row: AuditRawRow) throws {
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
        guard row.leafHash.count == 32, row.leafHash.withUnsafeBytes({ memcmp($0.baseAddress!, leaf, 32) }) == 0 else {
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
    private func prefixMatches(_ row: AuditRawRow) -> Bool {
        build { out in
            Self.literal(#"{"action":"#, &out); Self.string(row.action, &out)
            Self.literal(#","actor":{"auth":"#, &out); Self.string(row.auth, &out)
            Self.literal(#","name":"#, &out); Self.string(row.actor, &out)
            Self.literal(#"},"detail":{"#, &out)
        }
        return row.entry.withUnsafeBytes { entry in
            entry.count >= expected.count && memcmp(entry.baseAddress!, expected, expected.count) == 0
        }
    }

    // `},"outcome":<outcome>,"prev":"<hex>","seq":<seq>,"target":<target|null>,"time":<at>,"v":1}`.
    private func suffixMatches(_ row: AuditRawRow, seq: Int64) -> Bool {
        build { out in
            Self.literal(#"},"outcome":"#, &out); Self.string(row.outcome, &out)
            Self.literal(#","prev":""#, &out); Self.hex(previousLeaf, &out)
            Self.literal(#"","seq":"#, &out); Self.literal(String(seq), &out)
            Self.literal(#","target":"#, &out)
            if let target = row.target { Self.string(target, &out) } else { Self.literal("null", &out) }
            Self.literal(#","time":"#, &out); Self.string(row.at, &out)
            Self.literal(#","v":1}"#, &out)
        }
        return row.entry.withUnsafeBytes { entry in
            entry.count >= expected.count && memcmp(entry.baseAddress! + (entry.count - expected.count), expected, expected.count) == 0
        }
    }

    private func linksToPrevious(_ row: AuditRawRow, seq: Int64) -> Bool {
        build { out in
            Self.literal(#","prev":""#, &out); Self.hex(previousLeaf, &out)
            Self.literal(#"","seq":"#, &out); Self.literal(String(seq), &out); Self.literal(",", &out)
        }
        return row.entry.firstRange(of: expected) != nil
    }

    /// Fills the reused `expected` buffer through a local `inout` copy: appending to a class's
    /// stored property byte by byte costs an exclusivity check per byte.
    private func build(_ body: (inout [UInt8]) -> Void) {
        var out = [UInt8]()
        swap(&out, &expected)
        out.removeAll(keepingCapacity: true)
        body(&out)
        swap(&out, &expected)
    }

    private static func literal(_ text: String, _ out: inout [UInt8]) { out.append(contentsOf: text.utf8) }

    private static func hex(_ bytes: [UInt8], _ out: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bytes.count * 2) { digits in
            for (i, byte) in bytes.enumerated() {
                digits[2 * i] = hexDigits[Int(byte >> 4)]
                digits[2 * i + 1] = hexDigits[Int(byte & 0x0f)]
            }
            out.append(contentsOf: digits)
        }
    }

    /// Appends `bytes` as a canonical JSON string (the same escaping as ``CanonicalJSON``); text
    /// that needs no escaping, the usual case, is copied in one piece.
    private static func string(_ bytes: Data, _ out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        bytes.withUnsafeBytes { raw in
            if !raw.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
                out.append(contentsOf: raw)
                return
            }
            var escaped = [UInt8]()
            CanonicalJSON.writeString(String(decoding: raw, as: UTF8.self), into: &escaped)
            out.append(contentsOf: escaped.dropFirst().dropLast())
        }
        out.append(UInt8(ascii: "\""))
    }
}
