import Foundation
import Testing
import VaultBase
import VaultCore
import VaultServer
import VaultTestSupport

@Suite("Background jobs")
struct BackgroundJobsTests {
    @Test("the serving vault executes an opt-out's erasure and signs checkpoints by itself")
    func erasureAndCheckpoints() async throws {
        let t = try await TestServer {
            $0.jobs = ServerConfiguration.Jobs(checkpointInterval: .milliseconds(100), erasureInterval: .milliseconds(100),
                                               retentionInterval: .milliseconds(100), keyRotationInterval: .seconds(3600),
                                               recoveryInterval: .milliseconds(100))
        }
        let dialer = try t.token(.dialer)
        let reply = try await t.client.send("POST", "/v1/opt-outs", token: dialer, json: ["number": "+8613800138123", "channel": "ivr"])
        #expect(reply.status == 201)
        var completed = false
        for _ in 0..<300 where !completed {  // up to 30 s: a loaded CI machine is slow
            try await Task.sleep(for: .milliseconds(100))
            completed = try t.vault.erasureRequests().allSatisfy { $0.state == .completed }
        }
        #expect(completed)
        let completion = try await t.vault.audit.entries(action: "erasure.complete")
        #expect(completion.first?.actor == "callvault-erasure")
        // The audit log waits a minute between checkpoints: move the clock and the job signs one.
        let before = try t.vault.auditLog.latestCheckpoint()?.treeSize ?? 0
        t.clock.advance(by: 61)
        var after = before
        for _ in 0..<300 where after == before {
            try await Task.sleep(for: .milliseconds(100))
            after = try t.vault.auditLog.latestCheckpoint()?.treeSize ?? 0
        }
        #expect(after > before)
        await t.stop()
    }

    @Test("scheduled backups: one at start when none is recent, the next when the newest is an interval old; /metrics and the dashboard say when")
    func scheduledBackups() async throws {
        let directory = TemporaryDirectory("callvault-backups")
        let t = try await TestServer {
            var jobs = ServerConfiguration.Jobs(keyRotationInterval: .seconds(3600))
            jobs.backup = ServerConfiguration.ScheduledBackup(location: .directory(directory.path("b")), interval: 3600, keep: 2, checkInterval: .milliseconds(100))
            $0.jobs = jobs
        }
        func backups() -> [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: directory.path("b/backups").path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
        }
        func waitFor(_ count: Int) async throws {
            for _ in 0..<300 where backups().count < count { try await Task.sleep(for: .milliseconds(100)) }
        }
        try await waitFor(1)
        #expect(backups().count == 1)
        let admin = try t.token(.admin)
        let metrics = try await t.client.send("GET", "/metrics", token: admin).text
        let stamp = Int(t.clock.now().timeIntervalSince1970)
        #expect(metrics.contains("callvault_backup_last_success_timestamp_seconds \(stamp)"), "\(metrics)")
        #expect(metrics.contains("callvault_backup_last_failed 0"))
        #expect(try await t.vault.audit.entries(action: "vault.backup").last?.actor == "callvault-backup")
        // Not due yet: nothing more. An interval later, the next; with keep 2, never more than two.
        try await Task.sleep(for: .milliseconds(500))
        #expect(backups().count == 1)
        t.clock.advance(by: 3601)
        try await waitFor(2)
        #expect(backups().count == 2)
        t.clock.advance(by: 3601)
        let first = backups().first
        for _ in 0..<300 where backups().first == first { try await Task.sleep(for: .milliseconds(100)) }
        #expect(backups().count == 2 && backups().first != first)
        let status = try await t.vault.status(atRiskWithin: 0)
        #expect(status.lastBackup?.succeeded == true && status.lastSuccessfulBackup == t.clock.now())
        await t.stop()
    }
}
