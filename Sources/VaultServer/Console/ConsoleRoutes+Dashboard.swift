import Foundation
import HTTPTypes
import Hummingbird
import VaultBase
import VaultCore
import VaultStore

/// The console's first page for every role: what needs attention (erasures due, key age against
/// the 90-day rotation, the last checkpoint's age, ingests left to recover, retention).
extension ConsoleRoutes {
    func registerDashboard(_ registry: EndpointRegistry) {
        page(registry, .get, "/ui/") { console, visit, _ in try await console.dashboard(visit) }
    }

    func dashboard(_ visit: Visit) async throws -> Response {
        _ = try await signedIn(visit)
        let now = vault.configuration.clock.now()
        let status = try await vault.status(atRiskWithin: 24 * 3600)
        let checkpoint = try await vault.audit.latestCheckpoint()
        let holds = try await vault.retention.holds()
        let keyAge = Int(now.timeIntervalSince(status.currentKEKCreatedAt) / 86_400)
        let rotationDays = Int((status.nextRotationDue.timeIntervalSince(now) / 86_400).rounded(.up))
        let words = ConsoleText.table(visit.language)
        let storage = ByteCountFormatter.string(fromByteCount: status.sealedBytes, countStyle: .binary)
        let rows: [[String: Any]] = [
            ["label": "recordingsKept", "value": "\(status.recordingsKept) · \(storage)", "bad": false],
            ["label": "nextPurge", "value": status.nextScheduledPurge.map { pages.time(Timestamp.format($0)) } ?? "—", "bad": false],
            ["label": "rolledBack", "value": "\(status.ingestsRolledBack24h)", "bad": status.ingestsRolledBack24h > 0],
            ["label": "erasuresOpen", "value": "\(status.openErasureRequests)", "bad": status.erasuresOverdue > 0],
            ["label": "erasuresAtRisk", "value": "\(status.erasuresAtRisk)", "bad": status.erasuresAtRisk > 0],
            ["label": "erasuresOverdue", "value": "\(status.erasuresOverdue)", "bad": status.erasuresOverdue > 0],
            ["label": "keyAge", "value": "v\(status.currentKEKVersion) · \(keyAge) d", "bad": rotationDays <= 0],
            ["label": "rotationDue", "value": pages.time(Timestamp.format(status.nextRotationDue)), "bad": rotationDays <= 0],
            ["label": "auditEntries", "value": "\(status.auditEntries)", "bad": false],
            ["label": "lastCheckpoint", "value": checkpoint.map { "\($0.treeSize)" } ?? "—", "bad": checkpoint == nil && status.auditEntries > 0],
            ["label": "lastBackup", "value": status.lastBackup.map { "\(pages.time(Timestamp.format($0.at))) · \($0.backupID)"
                + ($0.succeeded ? "" : " · \(words["backupFailed"] ?? "")") } ?? "—",
             "bad": status.lastBackup?.succeeded != true],
            ["label": "pendingIngests", "value": "\(status.pendingIngests)", "bad": status.pendingIngests > 0],
            ["label": "activeHolds", "value": "\(holds.count)", "bad": false],
            ["label": "service", "value": "\(vault.catalogDescription.hasPrefix("postgres://") ? "PostgreSQL" : "SQLite") · "
                + "\(vault.objectStoreDescription.hasPrefix("s3://") ? "S3" : (words["localFiles"] ?? "")) · \(words["serving"] ?? "")", "bad": false],
        ]
        let items = rows.map { row -> [String: Any] in
            var item = row
            item["label"] = words[row["label"] as! String] ?? ""
            return item
        }
        return pages.render("dashboard", visit, title: "dashboard", extra: ["items": items])
    }
}
