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
    private let catalog: Catalog
    private let clock: any VaultClock
    private let logger: Logger
    private let queue = GroupCommitQueue()

    /// Creates the log of a vault.
    public init(catalog: Catalog, origin: String, signer: Ed25519PrivateKey, clock: any VaultClock,
                checkpointInterval: TimeInterval = 60, logger: Logger) {
        self.catalog = catalog
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
        let entry = try queue.submit(draft) { drafts in
            var entries = [AuditEntry]()
            _ = try catalog.appendAudit(drafts.map { draft in
                { link in
                    let entry = AuditEntry(draft: draft, link: link, time: self.clock.now())
                    entries.append(entry)
                    return entry.row
                }
            })
            return entries
        }
        try checkpointIfDue()
        return entry
    }

    /// Appends many entries in one transaction, in order, and returns them once durable (for
    /// jobs that log an entry per item, e.g. erasure steps, and for bulk loads).
    @discardableResult
    public func append(contentsOf drafts: [AuditDraft]) throws -> [AuditEntry] {
        let time = clock.now()
        let rows = try catalog.appendAudit(drafts.map { draft in { link in AuditEntry(draft: draft, link: link, time: time).row } })
        try checkpointIfDue()
        return try rows.map { try AuditEntry(canonical: $0.entry) }
    }

    /// A row maker for an entry written inside another transaction (e.g. with a recording's
    /// catalog row), so the action and its entry commit together.
    public func rowMaker(for draft: AuditDraft) -> AuditRowMaker {
        let clock = self.clock
        return { link in AuditEntry(draft: draft, link: link, time: clock.now()).row }
    }

    // MARK: Checkpoints

    /// Signs the current tree head, stores it and returns it.
    @discardableResult
    public func checkpoint() throws -> Checkpoint {
        let size = try catalog.auditCount()
        let builder = MerkleRootBuilder()
        for hash in try catalog.auditLeafHashes(count: size) { builder.append(leafHash: hash) }
        let checkpoint = try Checkpoint(origin: origin, treeSize: size, rootHash: builder.root, signer: signer)
        try catalog.storeCheckpoint(CheckpointRow(treeSize: size, rootHash: Data(checkpoint.rootHash), note: checkpoint.note,
                                                  at: Timestamp.format(clock.now())))
        logger.debug("audit checkpoint", metadata: ["audit.tree_size": "\(size)"])
        return checkpoint
    }

    /// Writes a checkpoint when the log has grown since the last one and that one is at least
    /// ``checkpointInterval`` old (or there is none), so no growth stays unsigned longer than that
    /// while the vault is in use.
    public func checkpointIfDue() throws {
        let latest = try catalog.latestCheckpoint()
        let size = try catalog.auditCount()
        guard size > (latest?.treeSize ?? 0) else { return }
        if let latest, let at = Timestamp.parse(latest.at), clock.now().timeIntervalSince(at) < checkpointInterval { return }
        try checkpoint()
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

    /// The canonical bytes of the entries matching `filter`, in order: exactly the Merkle leaf data.
    public func canonicalEntries(_ filter: AuditFilter = AuditFilter()) throws -> [Data] {
        try catalog.auditRows(filter).map(\.entry)
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
    func catalogForEachRow(_ body: (AuditRow) throws -> Void) throws { try catalog.forEachAuditRow(body) }
    func catalogRow(seq: Int64) throws -> AuditRow? { try catalog.auditRow(seq: seq) }
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
