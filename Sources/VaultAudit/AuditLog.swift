public import Foundation
public import Logging
public import VaultBase
public import VaultCrypto
public import VaultStore

/// The vault's tamper-evident log of actions: a hash chain of canonical JSON entries, which are
/// also the leaves of an RFC 6962 Merkle tree whose heads are signed as C2SP checkpoints.
///
/// Appends are durable when ``append(_:)`` returns. Concurrent appenders are grouped into one
/// transaction (group commit): the first caller to find no write in progress writes everything
/// queued, and the others wait for it, so one fsync serves many entries.
///
/// `Sendable`: the catalog and signer are `Sendable`, and the group-commit queue is guarded by
/// a condition lock.
public final class AuditLog: Sendable {
    /// The log's name in checkpoints, `callvault/<vault id>`.
    public let origin: String
    /// The key that signs checkpoints.
    public let signer: Ed25519PrivateKey
    /// A checkpoint is written when the log has grown and the last one is at least this old (seconds).
    public let checkpointInterval: TimeInterval
    private let catalog: any AuditRowStore
    /// The latest signed tree head kept outside the catalog, when the vault has such a place.
    let head: (any TreeHeadStore)?
    private let clock: any VaultClock
    private let logger: Logger
    private let queue = GroupCommitQueue()
    /// The last checkpoint this process knows of (size, time), so the per-batch "is one due?" check
    /// costs no I/O; guarded by `checkpointLock`, which also serialises making checkpoints.
    private let checkpointLock = NSLock()
    nonisolated(unsafe) private var lastCheckpoint: (size: Int64, at: Date)?
    /// Who may sign checkpoints when due, in a vault several nodes share; nil: this process.
    private let lease: (any LeaderLease)?
    /// When another process last held the lease (guarded by `checkpointLock`): this one does not
    /// ask again for `checkpointInterval`.
    nonisolated(unsafe) private var leaseRefusedAt: Date?

    /// Creates the log of a vault.
    ///
    /// With a `lease`, checkpoints fall due only for the process that holds it (one node of a
    /// cluster signs them); ``checkpoint()`` asked for explicitly signs whoever asks.
    public init(catalog: any AuditRowStore, origin: String, signer: Ed25519PrivateKey, clock: any VaultClock,
                checkpointInterval: TimeInterval = 60, head: (any TreeHeadStore)? = nil, lease: (any LeaderLease)? = nil,
                logger: Logger) {
        self.catalog = catalog
        self.lease = lease
        self.head = head
        self.origin = origin
        self.signer = signer
        self.clock = clock
        self.checkpointInterval = checkpointInterval
        self.logger = logger
    }

    /// The vault's public key, for auditors.
    public var publicKey: Ed25519PublicKey { signer.publicKey }

    // MARK: Appending

    /// Appends an entry and returns it once it is durable. Blocking: call it off the cooperative pool.
    @discardableResult
    public func append(_ draft: AuditDraft) throws -> AuditEntry {
        try queue.submit(draft) { drafts in
            let entries = try write(drafts)
            // Once per batch, by the leader: sign the tree head if one is due.
            checkpointIfDue(size: entries.last!.seq)
            return entries
        }
    }

    private func write(_ drafts: [AuditDraft]) throws -> [AuditEntry] {
        let time = clock.now()
        var entries = [AuditEntry]()
        entries.reserveCapacity(drafts.count)
        _ = try catalog.appendAudit(drafts.map { draft in
            { link in
                let entry = AuditEntry(draft: draft, link: link, time: time)
                entries.append(entry)
                return entry.row
            }
        })
        return entries
    }

    /// Appends many entries in one transaction, in order, and returns them once durable (for
    /// jobs that log an entry per item, e.g. erasure steps, and for bulk loads).
    @discardableResult
    public func append(contentsOf drafts: [AuditDraft]) throws -> [AuditEntry] {
        let entries = try write(drafts)
        if let last = entries.last { checkpointIfDue(size: last.seq) }
        return entries
    }

    /// A row maker for an entry written inside another transaction (e.g. with a recording's
    /// catalog row), so the action and its entry commit together.
    public func rowMaker(for draft: AuditDraft) -> AuditRowMaker {
        let clock = self.clock
        return { link in AuditEntry(draft: draft, link: link, time: clock.now()).row }
    }

    // MARK: Checkpoints

    /// Signs the current tree head, stores it and returns it. The root is recomputed from the
    /// stored entry bytes (never taken from stored hashes), continuing from the last checkpoint's
    /// compact range when its fold equals the root that checkpoint signed; a log that does not
    /// check out is refused (`AuditError(.tampered)`) rather than signed. With a ``TreeHeadStore``,
    /// the new head must extend the one kept there (`.truncated` when the log is shorter,
    /// `.tampered` when its first entries hash to another root), and replaces it once stored.
    @discardableResult
    public func checkpoint() throws -> Checkpoint {
        try checkpointLock.withLock {
            let kept = try keptHead()
            let walker = try resumeWalker()
            var rootAtKept: [UInt8]? = kept.flatMap { $0.treeSize == walker.size ? walker.builder.root : nil }
            try catalog.forEachAuditRawRow(after: walker.size) { row in
                try walker.consume(row)
                if walker.size == kept?.treeSize { rootAtKept = walker.builder.root }
            }
            if let kept {
                try Self.checkExtends(kept, size: walker.size, rootAtKept: rootAtKept)
            }
            let checkpoint = try Checkpoint(origin: origin, treeSize: walker.size, rootHash: walker.builder.root, signer: signer)
            let at = clock.now()
            try catalog.storeCheckpoint(CheckpointRow(treeSize: walker.size, rootHash: Data(checkpoint.rootHash), note: checkpoint.note,
                                                      at: Timestamp.format(at), compactRange: Data(walker.builder.compactRange.joined())))
            lastCheckpoint = (walker.size, at)
            if let head, kept?.treeSize != walker.size { try head.store(checkpoint.note) }
            logger.debug("audit checkpoint", metadata: ["audit.tree_size": "\(walker.size)"])
            return checkpoint
        }
    }

    /// The checkpoint kept outside the catalog, signature-checked; nil when there is none.
    func keptHead() throws -> Checkpoint? {
        guard let head, let note = try head.load() else { return nil }
        do {
            return try Checkpoint(note: note, publicKey: publicKey)
        } catch {
            throw AuditError(.tampered, "the tree head kept in the key store is not a checkpoint this vault signed")
        }
    }

    /// Throws unless a log of `size` entries, whose first `kept.treeSize` hash to `rootAtKept`,
    /// extends `kept`. `rootAtKept` is nil when the walk began past the kept size, from a signed
    /// checkpoint of this vault: the vault signs only extensions of the kept head, so that one
    /// extends it.
    static func checkExtends(_ kept: Checkpoint, size: Int64, rootAtKept: [UInt8]?) throws {
        guard size >= kept.treeSize else {
            // Fewer entries than were signed: the missing ones cannot be told apart from here, so
            // every way to get there is named (the entries left cannot be checked against the head).
            throw AuditError(.truncated, "the log holds \(size) entries but the tree head kept in the key store signed \(kept.treeSize): "
                             + "entries \(size + 1)–\(kept.treeSize) were cut off, entries were deleted and the log re-chained, "
                             + "or the vault directory was rolled back to an earlier copy")
        }
        if let rootAtKept, rootAtKept != kept.rootHash {
            throw AuditError(.tampered, "the first \(kept.treeSize) entries no longer hash to the root kept in the key store: "
                             + "entries were changed, inserted or deleted and the log re-chained")
        }
    }

    /// A walker positioned after the latest checkpoint whose compact range folds to its signed
    /// root, or at the start of the log.
    private func resumeWalker() throws -> ChainWalker {
        guard let latest = try catalog.latestCheckpoint(), latest.treeSize > 0, let range = latest.compactRange,
              range.count % 32 == 0,
              let builder = MerkleRootBuilder(size: Int(latest.treeSize), compactRange: stride(from: 0, to: range.count, by: 32).map { Array(range[$0..<($0 + 32)]) }),
              builder.root == Array(latest.rootHash),
              let signed = try? Checkpoint(note: latest.note, publicKey: publicKey), signed.rootHash == builder.root,
              let last = try catalog.auditRow(seq: latest.treeSize) else {
            return ChainWalker()
        }
        return ChainWalker(size: latest.treeSize, previousLeaf: MerkleTree.leafHash(last.entry), builder: builder)
    }

    /// Writes a checkpoint when the log has grown past the last one and that one is at least
    /// ``checkpointInterval`` old (or there is none), so no growth stays unsigned longer than that
    /// while the vault is in use. Costs no I/O when none is due. With a lease, a checkpoint falls
    /// due only for its holder, after the catalog's latest one (another node's, say) is read
    /// again; a process refused the lease does not ask again for a `checkpointInterval`. A failure
    /// is logged, not thrown: the entries that prompted it are already durable, and `audit
    /// verify` reports the cause.
    public func checkpointIfDue(size: Int64? = nil) {
        do {
            let known: (size: Int64, at: Date)? = try checkpointLock.withLock {
                if lastCheckpoint == nil, let row = try catalog.latestCheckpoint() {
                    lastCheckpoint = (row.treeSize, Timestamp.parse(row.at) ?? .distantPast)
                }
                return lastCheckpoint
            }
            let current = try size ?? catalog.auditCount()
            guard current > (known?.size ?? 0) else { return }
            if let known, clock.now().timeIntervalSince(known.at) < checkpointInterval { return }
            if let lease, try !mayCheckpoint(size: current, lease: lease) { return }
            try checkpoint()
        } catch {
            logger.error("could not write an audit checkpoint", metadata: ["error": "\(error)"])
        }
    }

    /// Whether this process signs the checkpoint that looks due: the catalog's latest checkpoint,
    /// read again, leaves `size` unsigned for a `checkpointInterval`, and this process holds the lease.
    private func mayCheckpoint(size: Int64, lease: any LeaderLease) throws -> Bool {
        try checkpointLock.withLock {
            let now = clock.now()
            if let row = try catalog.latestCheckpoint() {
                lastCheckpoint = (row.treeSize, Timestamp.parse(row.at) ?? .distantPast)
                if size <= row.treeSize || now.timeIntervalSince(lastCheckpoint!.at) < checkpointInterval { return false }
            }
            if let refused = leaseRefusedAt, now.timeIntervalSince(refused) < checkpointInterval { return false }
            guard try lease.holdsLeaderLease() else {
                leaseRefusedAt = now
                return false
            }
            leaseRefusedAt = nil
            return true
        }
    }

    /// The stored checkpoint of the largest tree, parsed and signature-checked; nil when none.
    public func latestCheckpoint() throws -> Checkpoint? {
        try catalog.latestCheckpoint().map { try Checkpoint(note: $0.note, publicKey: publicKey) }
    }

    // MARK: Reading

    /// Entries matching `filter`, in sequence order.
    public func entries(_ filter: AuditFilter = AuditFilter()) throws -> [AuditEntry] {
        try catalog.auditRows(filter).map { try AuditEntry(canonical: $0.entry) }
    }

    /// Calls `body` with every entry in order, streaming (one row in memory at a time).
    public func forEachEntry(_ body: (AuditEntry) throws -> Void) throws {
        try catalog.forEachAuditRow { try body(try AuditEntry(canonical: $0.entry)) }
    }

    /// The canonical bytes of the entries matching `filter`, in order: exactly the Merkle leaf data.
    public func canonicalEntries(_ filter: AuditFilter = AuditFilter()) throws -> [Data] {
        try catalog.auditRows(filter).map(\.entry)
    }

    /// The canonical bytes of entry `seq` (its Merkle leaf data); `AuditError.notFound` when there is none.
    public func canonicalEntry(seq: Int64) throws -> Data {
        guard let row = try catalog.auditRow(seq: seq) else { throw AuditError(.notFound, "no audit entry \(seq)") }
        return row.entry
    }

    /// How many entries the log holds.
    public func count() throws -> Int64 { try catalog.auditCount() }

    // Catalog access for the verifier and proofs (kept here so `catalog` stays private).
    func catalogCheckpoints() throws -> [Checkpoint] {
        try catalog.checkpoints().map { row in
            do { return try Checkpoint(note: row.note, publicKey: publicKey) } catch let error as AuditError where error.code == .badSignature {
                throw AuditError(.tampered, "the stored checkpoint at size \(row.treeSize) carries no valid signature: it was forged or altered")
            }
        }
    }
    func catalogForEachRawRow(_ body: (AuditRawRow) throws -> Void) throws { try catalog.forEachAuditRawRow(after: 0, body) }
    func catalogRow(seq: Int64) throws -> AuditRow? { try catalog.auditRow(seq: seq) }
    func catalogSeqs(targets: [String]) throws -> [Int64] { try catalog.auditSeqs(targets: targets) }
    func catalogLeafHashes(count: Int64) throws -> [[UInt8]] { try catalog.auditLeafHashes(count: count) }
}

/// The queue behind group commit. Callers hand in a draft and block until a leader has written
/// it; whoever arrives while no write is running becomes the leader and writes every draft
/// queued so far in one transaction.
final class GroupCommitQueue: @unchecked Sendable {
    // Safe to share: every field is read and written with `condition` locked.
    private let condition = NSCondition()
    private var waiting: [Ticket] = []
    private var writing = false

    final class Ticket {
        let draft: AuditDraft
        var result: Result<AuditEntry, any Error>?
        init(_ draft: AuditDraft) { self.draft = draft }
    }

    func submit(_ draft: AuditDraft, write: ([AuditDraft]) throws -> [AuditEntry]) throws -> AuditEntry {
        let ticket = Ticket(draft)
        condition.lock()
        waiting.append(ticket)
        while ticket.result == nil {
            if writing {
                condition.wait()
                continue
            }
            writing = true
            let batch = waiting
            waiting.removeAll()
            condition.unlock()
            let outcome = Result { try write(batch.map(\.draft)) }
            condition.lock()
            for (index, t) in batch.enumerated() {
                t.result = outcome.map { $0[index] }
            }
            writing = false
            condition.broadcast()
        }
        condition.unlock()
        return try ticket.result!.get()
    }
}
