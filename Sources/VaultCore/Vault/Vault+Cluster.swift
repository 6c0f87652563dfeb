import Foundation
import VaultAudit
import VaultStore

extension Vault {
    /// Whether several nodes may share this vault: its catalog is on PostgreSQL.
    public var isShared: Bool { manifest.catalog != nil }

    /// This node's name in a shared vault's journals and audit entries: its host name and vault
    /// directory; the vault directory alone for a vault of one node.
    public var nodeName: String { journalNode ?? layout.root.standardizedFileURL.path }

    /// Whether this process holds the cluster's leader lease now (taking it when it is free), and
    /// so runs the cluster's jobs: signing checkpoints, erasure, retention, key rotation and
    /// scheduled backups. Always true for a vault of one node.
    public func holdsLeaderLease() async throws -> Bool {
        if !isShared { return true }
        return try await BlockingWork.run { try self.catalog.holdsLeaderLease() }
    }

    /// Gives the leader lease up, if held (a graceful shutdown), so another node takes it at once.
    public func releaseLeaderLease() async {
        guard isShared else { return }
        _ = try? await BlockingWork.run { self.catalog.releaseLeaderLease() }
    }

    /// Audits that this node took the leader lease (`cluster.lead`, target the node).
    public func recordLeadership() async throws {
        try await BlockingWork.run {
            _ = try self.logAudit(.clusterLead, actor: .cluster, target: self.nodeName)
        }
    }
}
