import Foundation
import Hummingbird
import VaultBase
import VaultCore

/// Health, readiness, the OpenAPI document (no token), metrics and the admin views.
struct OperationsRoutes {
    let vault: Vault
    let configuration: ServerConfiguration
    let metrics: ServerMetrics

    func register(_ registry: EndpointRegistry) {
        let vault = self.vault, configuration = self.configuration, metrics = self.metrics

        registry.addPublic(.get, "/healthz") { _, _ in .json("{\"status\":\"ok\"}") }

        registry.addPublic(.get, "/readyz") { _, _ in
            // Ready when the catalog answers a read, and not fenced (a standby was promoted: send traffic there).
            if vault.isFenced { return .json("{\"status\":\"fenced\"}", status: .serviceUnavailable) }
            do {
                _ = try await vault.status(atRiskWithin: 0)
                return .json("{\"status\":\"ready\"}")
            } catch {
                return .json("{\"status\":\"unavailable\"}", status: .serviceUnavailable)
            }
        }

        registry.addPublic(.get, "/openapi.yaml") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/yaml"],
                     body: ResponseBody(byteBuffer: ByteBuffer(bytes: OpenAPIDocument.yaml)))
        }

        registry.add(.get, "/metrics", roles: [.admin]) { _ in
            let status = try await vault.status(atRiskWithin: configuration.erasureAtRiskWindow)
            let now = vault.configuration.clock.now()
            var text = metrics.render()
            func gauge(_ name: String, _ help: String, _ value: String) {
                text += "# HELP \(name) \(help)\n# TYPE \(name) gauge\n\(name) \(value)\n"
            }
            gauge("callvault_ingest_backlog", "Ingests not yet committed: journaled in the catalog plus uploads being received.",
                  "\(status.pendingIngests + metrics.activeUploads)")
            gauge("callvault_erasure_requests_open", "Open erasure requests.", "\(status.openErasureRequests)")
            gauge("callvault_erasure_deadlines_at_risk", "Open erasure requests due within the at-risk window.", "\(status.erasuresAtRisk)")
            gauge("callvault_erasure_deadlines_missed", "Open erasure requests past their deadline.", "\(status.erasuresOverdue)")
            gauge("callvault_kek_age_seconds", "Age of the current key-encryption key.", "\(Int(now.timeIntervalSince(status.currentKEKCreatedAt)))")
            gauge("callvault_kek_rotation_due_seconds", "Seconds until the current KEK is due for rotation (negative: overdue).",
                  "\(Int(status.nextRotationDue.timeIntervalSince(now)))")
            gauge("callvault_audit_entries", "Entries in the audit log.", "\(status.auditEntries)")
            gauge("callvault_backup_last_success_timestamp_seconds", "When the newest successful backup of the last 35 days finished (0: none).",
                  "\(Int(status.lastSuccessfulBackup?.timeIntervalSince1970 ?? 0))")
            gauge("callvault_backup_last_failed", "1 when the newest backup of the last 35 days failed.", status.lastBackup?.succeeded == false ? "1" : "0")
            gauge("callvault_fenced", "1 when this vault is fenced: its standby was promoted, and it takes no writes.", vault.isFenced ? "1" : "0")
            gauge("callvault_cluster_leader", "1 while this node holds the cluster's leader lease and runs its jobs (checkpoints, erasure, retention, key rotation, backups).",
                  metrics.leading ? "1" : "0")
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
        }

        registry.add(.get, "/v1/tokens", roles: [.admin]) { _ in
            let tokens = try await vault.tokens.list()
            let items = tokens.map { t in
                "{\"id\":\(JSONText.quoted(t.id)),\"name\":\(JSONText.quoted(t.name)),\"role\":\(JSONText.quoted(t.role)),\"created_at\":\(JSONText.quoted(Timestamp.format(t.createdAt))),\"revoked_at\":\(JSONText.quotedOrNull(t.revokedAt.map(Timestamp.format)))}"
            }
            return .json("{\"tokens\":[\(items.joined(separator: ","))]}")
        }

        registry.add(.get, "/v1/keys", roles: [.admin]) { _ in
            let status = try await vault.keys.status()
            let versions = status.versions.map { v in
                "{\"version\":\(v.version),\"created_at\":\(JSONText.quoted(Timestamp.format(v.createdAt))),\"retired_at\":\(JSONText.quotedOrNull(v.retiredAt.map(Timestamp.format))),\"subject_keys\":\(v.subjectKeys),\"wraps_signing_key\":\(v.wrapsSigningKey),\"current\":\(v.isCurrent)}"
            }
            return .json("{\"rotation_period_days\":\(status.rotationPeriodDays),\"next_rotation_due\":\(JSONText.quoted(Timestamp.format(status.nextRotationDue))),\"versions\":[\(versions.joined(separator: ","))]}")
        }

        registry.add(.get, "/v1/policy", roles: [.admin]) { _ in
            Response(status: .ok, headers: [.contentType: "application/yaml"], body: ResponseBody(byteBuffer: ByteBuffer(string: vault.policy.source)))
        }
    }
}
