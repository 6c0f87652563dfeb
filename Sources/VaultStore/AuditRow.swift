public import Foundation

/// Where the next audit entry attaches to the chain: its sequence number and the leaf hash of the
/// entry before it (32 zero bytes for the first entry).
public struct AuditLink: Sendable, Equatable {
    /// The sequence number the new entry gets (1 for the first).
    public let seq: Int64
    /// The leaf hash of the entry before it.
    public let previousLeafHash: [UInt8]

    /// Creates a link (a catalog's append hands one to each maker).
    public init(seq: Int64, previousLeafHash: [UInt8]) {
        self.seq = seq
        self.previousLeafHash = previousLeafHash
    }
}

/// Builds the row of a new audit entry for its place in the chain. Called inside the write
/// transaction that inserts it, so it must be quick and must not block.
public typealias AuditRowMaker = (AuditLink) throws -> AuditRow

/// One audit log row: the entry's canonical bytes (the Merkle leaf data), its leaf hash, and
/// copies of a few fields for filtering. The canonical bytes are the truth; `VaultAudit`'s
/// verifier checks the copies against them. SQLite triggers refuse updates and deletes.
public struct AuditRow: Codable, Sendable, Equatable, CatalogRecord {
    static let tableName = "audit_log"

    /// Sequence number, from 1, without gaps.
    public var seq: Int64
    /// The entry's time, ISO 8601 UTC with milliseconds (sorts as text).
    public var at: String
    /// The actor's name.
    public var actor: String
    /// How the actor authenticated.
    public var auth: String
    /// The action's name.
    public var action: String
    /// The target, if any (a recording id or a pseudonym).
    public var target: String?
    /// `ok`, `denied` or `failed`.
    public var outcome: String
    /// The entry's canonical JSON bytes.
    public var entry: Data
    /// SHA-256(0x00 ‖ entry), the RFC 6962 leaf hash; the next entry's `prev`.
    public var leafHash: Data

    /// Creates a row.
    public init(seq: Int64, at: String, actor: String, auth: String, action: String, target: String?, outcome: String,
                entry: Data, leafHash: Data) {
        self.seq = seq; self.at = at; self.actor = actor; self.auth = auth; self.action = action
        self.target = target; self.outcome = outcome; self.entry = entry; self.leafHash = leafHash
    }
}

/// Which audit rows to read. Every condition given must hold.
public struct AuditFilter: Sendable, Equatable {
    /// At or after this time (ISO 8601 UTC text as stored).
    public var since: String?
    /// Before this time.
    public var until: String?
    /// This actor.
    public var actor: String?
    /// This action.
    public var action: String?
    /// This target.
    public var target: String?
    /// Only entries after this sequence number (paging).
    public var afterSeq: Int64?
    /// At most this many entries.
    public var limit: Int?

    /// Creates a filter; nil conditions match everything.
    public init(since: String? = nil, until: String? = nil, actor: String? = nil, action: String? = nil, target: String? = nil,
                afterSeq: Int64? = nil, limit: Int? = nil) {
        self.since = since; self.until = until; self.actor = actor; self.action = action; self.target = target
        self.afterSeq = afterSeq; self.limit = limit
    }
}

/// A signed checkpoint as stored: the tree size, its root hash and the signed note.
public struct CheckpointRow: Codable, Sendable, Equatable, CatalogRecord {
    static let tableName = "audit_checkpoints"

    /// How many entries the checkpoint covers.
    public var treeSize: Int64
    /// The RFC 6962 root hash of the first `treeSize` entries.
    public var rootHash: Data
    /// The signed note (C2SP tlog-checkpoint format).
    public var note: String
    /// When it was made (ISO 8601 UTC).
    public var at: String
    /// The root's compact range: the hashes of its perfect subtrees, largest first (32 bytes
    /// each), from which the next checkpoint continues. Nil for checkpoints made before it was kept.
    public var compactRange: Data?

    /// Creates a row.
    public init(treeSize: Int64, rootHash: Data, note: String, at: String, compactRange: Data? = nil) {
        self.treeSize = treeSize; self.rootHash = rootHash; self.note = note; self.at = at; self.compactRange = compactRange
    }
}
