public import Foundation
import VaultCrypto
import VaultAudit
import VaultPolicy
import VaultStore

/// What a long-running vault service reports about itself (`/metrics`, `/readyz`).
public struct ServiceStatus: Sendable {
    /// Ingests journaled but not committed (in flight in some process, or left by a crash).
    public var pendingIngests: Int
    /// Open erasure requests.
    public var openErasureRequests: Int
    /// Open erasure requests whose deadline is within the at-risk window but not yet past.
    public var erasuresAtRisk: Int
    /// Open erasure requests past their deadline.
    public var erasuresOverdue: Int
    /// The KEK version new keys are wrapped under.
    public var currentKEKVersion: Int
    /// When that version was created.
    public var currentKEKCreatedAt: Date
    /// When it is due to be rotated under the policy.
    public var nextRotationDue: Date
    /// Entries in the audit log.
    public var auditEntries: Int64
    /// Recordings kept (stored or restricted).
    public var recordingsKept: Int = 0
    /// Their sealed objects' bytes.
    public var sealedBytes: Int64 = 0
    /// When the schedule may first purge a recording: the oldest kept call's maximum retention
    /// end (a hold or a restriction may keep it longer); nil when nothing is kept.
    public var nextScheduledPurge: Date?
    /// Ingests rolled back in the last 24 hours (failed uploads, interrupted calls recovered as rollbacks).
    public var ingestsRolledBack24h: Int = 0
}

extension Vault {
    /// The service's state, read from the catalog and key store in a few short reads.
    /// `atRiskWithin`: how near a deadline counts as at risk.
    package func serviceStatus(atRiskWithin: TimeInterval) throws -> ServiceStatus {
        let open = try catalog.erasureRequests(state: .open)
        let time = now
        let kek = keyRing.keyStore.currentKEK
        let totals = try catalog.recordingTotals()
        return ServiceStatus(
            pendingIngests: try catalog.pendingIngests().count,
            openErasureRequests: open.count,
            erasuresAtRisk: open.filter { $0.deadline > time && $0.deadline <= time + atRiskWithin }.count,
            erasuresOverdue: open.filter { $0.deadline <= time }.count,
            currentKEKVersion: kek.version, currentKEKCreatedAt: kek.createdAt, nextRotationDue: keyRotationDue,
            auditEntries: try auditLog.count(),
            recordingsKept: totals.count, sealedBytes: totals.sealedBytes,
            nextScheduledPurge: totals.oldestStart.map { VaultPolicy.Retention.adding(months: policy.retention.maximumMonths, to: $0) },
            ingestsRolledBack24h: try auditEntries(since: time - 86_400, action: AuditAction.recordingIngestRollback.rawValue).count)
    }

    /// Picks up a key rotation done by another process (e.g. `callvault keys rotate` while a
    /// server runs), so this process wraps new keys under the current KEK.
    package func refreshKeys() throws { try keyRing.refresh() }
}

extension Vault {
    /// The service's state (``serviceStatus(atRiskWithin:)``), read off the cooperative pool.
    public func status(atRiskWithin: TimeInterval) async throws -> ServiceStatus {
        try await BlockingWork.run { try self.serviceStatus(atRiskWithin: atRiskWithin) }
    }
}
