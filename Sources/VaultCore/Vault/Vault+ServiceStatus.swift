public import Foundation
import VaultCrypto
import VaultAudit
import VaultBase
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
    /// The newest backup that finished in the last 35 days (by anyone: `callvault backup` or the
    /// server's schedule), from the audit log; nil when none did.
    public var lastBackup: BackupStatus?
    /// When the newest successful backup of the last 35 days finished; nil when none did.
    public var lastSuccessfulBackup: Date?
}

/// A finished backup, as the audit log records it.
public struct BackupStatus: Sendable, Equatable {
    /// The backup's id.
    public var backupID: String
    /// When it finished.
    public var at: Date
    /// Whether it was written whole (false: it failed, nothing of it is a backup).
    public var succeeded: Bool
}

extension Vault {
    /// The service's state, read from the catalog and key store in a few short reads.
    /// `atRiskWithin`: how near a deadline counts as at risk.
    package func serviceStatus(atRiskWithin: TimeInterval) throws -> ServiceStatus {
        let open = try catalog.erasureRequests(state: .open)
        let time = now
        let kek = keyRing.keyStore.currentKEK
        let totals = try catalog.recordingTotals()
        let backups = try recentBackups()
        return ServiceStatus(
            pendingIngests: try catalog.pendingIngests().count,
            openErasureRequests: open.count,
            erasuresAtRisk: open.filter { $0.deadline > time && $0.deadline <= time + atRiskWithin }.count,
            erasuresOverdue: open.filter { $0.deadline <= time }.count,
            currentKEKVersion: kek.version, currentKEKCreatedAt: kek.createdAt, nextRotationDue: keyRotationDue,
            auditEntries: try auditLog.count(),
            recordingsKept: totals.count, sealedBytes: totals.sealedBytes,
            nextScheduledPurge: totals.oldestStart.map { VaultPolicy.Retention.adding(months: policy.retention.maximumMonths, to: $0) },
            ingestsRolledBack24h: try auditEntries(since: time - 86_400, action: AuditAction.recordingIngestRollback.rawValue).count,
            lastBackup: backups.last, lastSuccessfulBackup: backups.last { $0.succeeded }?.at)
    }

    /// The backups finished in the last 35 days, oldest first (their `phase: done` audit entries).
    func recentBackups() throws -> [BackupStatus] {
        try auditEntries(since: now - 35 * 86_400, action: AuditAction.vaultBackup.rawValue)
            .filter { $0.detail["phase"] == "done" }
            .compactMap { entry -> BackupStatus? in
                guard let at = Timestamp.parse(entry.time) else { return nil }
                return BackupStatus(backupID: entry.target ?? "", at: at, succeeded: entry.outcome == AuditOutcome.ok.rawValue)
            }
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
