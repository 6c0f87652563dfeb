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
}
