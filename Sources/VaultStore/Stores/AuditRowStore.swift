public import Foundation

/// The audit log's rows and checkpoints as a catalog keeps them: appended in their own
/// transaction (or with the writes they record, `CatalogTransaction.appendAudit`), read by the
/// log, `verify` and exports. SQLite's `Catalog` implements it; triggers refuse updates and deletes.
public protocol AuditRowStore: Sendable {
    /// Appends one row per maker, each linked to the one before, in one transaction.
    func appendAudit(_ makers: [AuditRowMaker]) throws -> [AuditRow]
    /// How many entries the log holds.
    func auditCount() throws -> Int64
    /// How many entries the unchained v1 log (kept read-only) holds.
    func legacyAuditCount() throws -> Int
    /// Rows matching a filter, in order.
    func auditRows(_ filter: AuditFilter) throws -> [AuditRow]
    /// The sequence numbers of the entries whose target is one of `targets`.
    func auditSeqs(targets: [String]) throws -> [Int64]
    /// One row, or nil.
    func auditRow(seq: Int64) throws -> AuditRow?
    /// Every row, in order, without holding them all.
    func forEachAuditRow(_ body: (AuditRow) throws -> Void) throws
    /// Every row after `after` as raw bytes (the verifier's fast pass).
    func forEachAuditRawRow(after: Int64, _ body: (AuditRawRow) throws -> Void) throws
    /// The leaf hashes of the first `count` entries.
    func auditLeafHashes(count: Int64) throws -> [[UInt8]]
    /// Stores a signed checkpoint (once per size).
    func storeCheckpoint(_ checkpoint: CheckpointRow) throws
    /// Every stored checkpoint, smallest first.
    func checkpoints() throws -> [CheckpointRow]
    /// The largest stored checkpoint.
    func latestCheckpoint() throws -> CheckpointRow?
}

extension Catalog: AuditRowStore {}

/// Everything a catalog backend provides: SQLite's `Catalog` and VaultPostgres' `PostgresCatalog`.
public typealias CatalogStores = UnitOfWork & RecordingStore & SubjectStore & ConsentStore & HoldStore & TokenStore & UserStore
    & ErasureStore & JournalStore & SettingsStore & AuditRowStore & MonitorStore & LeaderLease & NodePresence & SharedSubjectKeys & CatalogCopying & ClusterLocks

/// One audit row's bytes: every column as raw bytes, no strings.
public struct AuditRawRow {
    /// The sequence number.
    public var seq: Int64
    /// The filter columns' UTF-8 bytes.
    public var at, actor, auth, action, outcome: Data
    /// The target's bytes, nil when NULL.
    public var target: Data?
    /// The canonical entry bytes.
    public var entry: Data
    /// The stored leaf hash.
    public var leafHash: Data

    /// Creates a raw row (a catalog's reader fills it from its columns).
    public init(seq: Int64, at: Data, actor: Data, auth: Data, action: Data, outcome: Data, target: Data?, entry: Data, leafHash: Data) {
        self.seq = seq; self.at = at; self.actor = actor; self.auth = auth; self.action = action; self.outcome = outcome
        self.target = target; self.entry = entry; self.leafHash = leafHash
    }
}
