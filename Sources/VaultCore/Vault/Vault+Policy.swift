import VaultAudit
import VaultCrypto
public import VaultPolicy

extension Vault {
    /// Stores `policy` as the vault's policy, audited; blocking (``applyPolicy(_:actor:)`` is the front door).
    package func storePolicy(_ policy: VaultPolicy, actor: VaultActor) throws {
        let sha = SHA256Hasher.hash(Array(policy.source.utf8)).hexString
        try logAudit(.policyApply, actor: actor, target: nil, detail: [
            "sha256": sha, "rotation_period_days": "\(policy.keys.rotationPeriodDays)",
            "retention_minimum_months": "\(policy.retention.minimumMonths)", "erasure_deadline_hours": "\(policy.erasure.deadlineHours)",
        ])
        try catalog.storePolicy(yaml: policy.source, sha256: sha, at: now)
    }
}

extension Vault {
    /// Makes `policy` the vault's policy from now on (the running `Vault` keeps the one it opened
    /// with; reopen to use the new one). Audited (`policy.apply`) with the policy's SHA-256.
    public func applyPolicy(_ policy: VaultPolicy, actor: VaultActor) async throws {
        try await BlockingWork.run { try self.storePolicy(policy, actor: actor) }
    }
}
