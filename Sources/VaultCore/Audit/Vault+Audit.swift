public import Foundation
public import VaultAudit
public import VaultBase
import VaultStore

/// The audit log's use cases, as `vault.audit`: verification, search, export, checkpoints and
/// inclusion proofs. Async: the log's blocking work (SQLite, hashing, signing) runs on the
/// blocking pool (`BlockingWork`), so callers never wrap it. Verifications and exports are
/// themselves audited.
public struct AuditService: Sendable {
    let vault: Vault
    private var log: AuditLog { vault.auditLog }

    /// Verifies the whole log (optionally as an extension of a checkpoint kept elsewhere, given
    /// as its signed note) and records the verification, whatever its result, as a new entry.
    public func verify(againstNote note: String? = nil, actor: VaultActor) async throws -> AuditVerification {
        try await BlockingWork.runLong("callvault-audit-verify") { try vault.verifyAuditLog(againstNote: note, actor: actor) }
    }

    /// Entries matching the filter (times as dates); `afterSeq` and `limit` page through them.
    public func entries(since: Date? = nil, until: Date? = nil, actor: String? = nil, action: String? = nil,
                        target: String? = nil, afterSeq: Int64? = nil, limit: Int? = nil) async throws -> [AuditEntry] {
        try await BlockingWork.run { try vault.auditEntries(since: since, until: until, actor: actor, action: action, target: target,
                                                            afterSeq: afterSeq, limit: limit) }
    }

    /// The canonical bytes of the entries in the time range (the exact Merkle leaves), for
    /// export; the export is recorded after the entries are read.
    public func export(since: Date? = nil, until: Date? = nil, actor: VaultActor) async throws -> [Data] {
        try await BlockingWork.runLong("callvault-audit-export") { try vault.exportAuditEntries(since: since, until: until, actor: actor) }
    }

    /// Signs the current tree head (an extension of every head signed before) and returns it.
    public func checkpoint() async throws -> Checkpoint { try await BlockingWork.run { try log.checkpoint() } }

    /// The latest signed checkpoint, nil before the first.
    public func latestCheckpoint() async throws -> Checkpoint? { try await BlockingWork.run { try log.latestCheckpoint() } }

    /// An inclusion proof of entry `seq` against the latest checkpoint.
    public func inclusionProof(seq: Int64) async throws -> InclusionProof { try await BlockingWork.run { try log.inclusionProof(seq: seq) } }

    /// Signs a checkpoint when enough entries or time have passed since the last (the server's job).
    public func checkpointIfDue() async { _ = try? await BlockingWork.run { log.checkpointIfDue() } }

    /// Records that a live recording session was refused: its SIP `status`, `reason` (words, never
    /// a number or a URI) and the recording client's address.
    public func recordRefusedLiveSession(status: Int?, reason: String, client: String?, actor: VaultActor) async throws {
        var facts = ["reason": reason]
        if let status { facts["sip_status"] = "\(status)" }
        if let client { facts["client"] = client }
        let vault = self.vault, detail = facts
        _ = try await BlockingWork.run {
            try vault.logAudit(.recordingLiveRefused, actor: actor, target: nil, outcome: .denied, detail: detail)
        }
    }

    /// Audits a live call's recording paused (or resumed) from the API, at `seconds` into it.
    public func recordLivePause(_ paused: Bool, recording id: RecordingID, seconds: Double, actor: VaultActor) async throws {
        let vault = self.vault, detail = ["at_s": String(format: "%.3f", seconds)]
        _ = try await BlockingWork.run {
            try vault.logAudit(paused ? .recordingLivePause : .recordingLiveResume, actor: actor, target: id.description, detail: detail)
        }
    }

    /// The vault's Ed25519 public key (SPKI PEM), as `openssl pkeyutl -verify -pubin` reads it.
    public var publicKeyPEM: String { log.publicKey.pem }
}

extension Vault {
    /// The audit log's use cases.
    public var audit: AuditService { AuditService(vault: self) }
}

extension Vault {
    /// Verifies the audit log (optionally as an extension of a checkpoint kept elsewhere, given
    /// as its signed note) and records the verification, whatever its result, as a new entry.
    func verifyAuditLog(againstNote note: String? = nil, actor: VaultActor) throws -> AuditVerification {
        do {
            let external = try note.map { try Checkpoint(note: $0, publicKey: auditLog.publicKey) }
            let result = try auditLog.verify(against: external)
            try logAudit(.auditVerify, actor: actor, target: nil, detail: [
                "entries": "\(result.entries)", "root_hash": result.rootHash.hexString,
                "checkpoint_size": external.map { "\($0.treeSize)" } ?? "",
            ])
            return result
        } catch let error as AuditError {
            try logAudit(.auditVerify, actor: actor, target: nil, outcome: .failed, detail: ["error": "audit.\(error.code)"])
            throw error
        }
    }

    /// Entries matching `filter`, with times given as dates; `afterSeq` and `limit` page through them.
    func auditEntries(since: Date? = nil, until: Date? = nil, actor: String? = nil, action: String? = nil,
                             target: String? = nil, afterSeq: Int64? = nil, limit: Int? = nil) throws -> [AuditEntry] {
        var filter = auditFilter(since: since, until: until, actor: actor, action: action, target: target)
        filter.afterSeq = afterSeq
        filter.limit = limit
        return try auditLog.entries(filter)
    }

    /// The canonical bytes of the entries matching the filter (the exact Merkle leaves), for
    /// export. The export itself is recorded after the entries are read.
    func exportAuditEntries(since: Date? = nil, until: Date? = nil, actor: VaultActor) throws -> [Data] {
        let entries = try auditLog.canonicalEntries(auditFilter(since: since, until: until))
        try logAudit(.auditExport, actor: actor, target: nil, detail: [
            "entries": "\(entries.count)", "since": since.map(Timestamp.format) ?? "", "until": until.map(Timestamp.format) ?? "",
        ])
        return entries
    }

    private func auditFilter(since: Date?, until: Date?, actor: String? = nil, action: String? = nil, target: String? = nil) -> AuditFilter {
        AuditFilter(since: since.map(Timestamp.format), until: until.map(Timestamp.format), actor: actor, action: action, target: target)
    }
}
