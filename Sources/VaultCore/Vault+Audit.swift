public import Foundation
public import VaultAudit
import VaultBase
import VaultStore

extension Vault {
    /// Verifies the audit log (optionally as an extension of a checkpoint kept elsewhere, given
    /// as its signed note) and records the verification, whatever its result, as a new entry.
    public func verifyAuditLog(againstNote note: String? = nil, actor: VaultActor) throws -> AuditVerification {
        do {
            let external = try note.map { try Checkpoint(note: $0, publicKey: auditLog.publicKey) }
            let result = try auditLog.verify(against: external)
            try audit(.auditVerify, actor: actor, target: nil, detail: [
                "entries": "\(result.entries)", "root_hash": result.rootHash.hexString,
                "checkpoint_size": external.map { "\($0.treeSize)" } ?? "",
            ])
            return result
        } catch let error as AuditError {
            try audit(.auditVerify, actor: actor, target: nil, outcome: .failed, detail: ["error": "audit.\(error.code)"])
            throw error
        }
    }

    /// Entries matching `filter`, with times given as dates; `afterSeq` and `limit` page through them.
    public func auditEntries(since: Date? = nil, until: Date? = nil, actor: String? = nil, action: String? = nil,
                             target: String? = nil, afterSeq: Int64? = nil, limit: Int? = nil) throws -> [AuditEntry] {
        var filter = auditFilter(since: since, until: until, actor: actor, action: action, target: target)
        filter.afterSeq = afterSeq
        filter.limit = limit
        return try auditLog.entries(filter)
    }

    /// The canonical bytes of the entries matching the filter (the exact Merkle leaves), for
    /// export. The export itself is recorded after the entries are read.
    public func exportAuditEntries(since: Date? = nil, until: Date? = nil, actor: VaultActor) throws -> [Data] {
        let entries = try auditLog.canonicalEntries(auditFilter(since: since, until: until))
        try audit(.auditExport, actor: actor, target: nil, detail: [
            "entries": "\(entries.count)", "since": since.map(Timestamp.format) ?? "", "until": until.map(Timestamp.format) ?? "",
        ])
        return entries
    }

    private func auditFilter(since: Date?, until: Date?, actor: String? = nil, action: String? = nil, target: String? = nil) -> AuditFilter {
        AuditFilter(since: since.map(Timestamp.format), until: until.map(Timestamp.format), actor: actor, action: action, target: target)
    }
}
