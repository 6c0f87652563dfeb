import Foundation
import Testing
import VaultBase
@testable import VaultCore
import VaultStore
import VaultTestSupport

/// A vault whose catalog is PostgreSQL, shared by nodes: what recovery on one node may touch.
@Suite("A vault on a PostgreSQL catalog")
struct PostgresVaultTests {
    func postgresVault() throws -> TestVault {
        let database = try TestPostgres.database("core")
        let t = TestVault()
        t.catalog = database.location
        t.environment = ["PGPASSWORD": database.password]
        return t
    }

    @Test("recovery on open ends this node's interrupted ingests, and never another node's, which may be in flight")
    func recoveryLeavesOtherNodesIngests() async throws {
        try await OffPool.run {
            let t = try postgresVault()
            let vault = try t.create()
            let ownNode = try #require(vault.journalNode)
            #expect(ownNode.hasSuffix(t.vaultURL.standardizedFileURL.path))
            let mine = RecordingID(), theirs = RecordingID()
            try vault.catalog.beginIngest(PendingIngest(id: mine, objectPath: "aa/\(mine).cvseal", startedAt: t.clock.now(), node: ownNode))
            try vault.catalog.beginIngest(PendingIngest(id: theirs, objectPath: "bb/\(theirs).cvseal", startedAt: t.clock.now(), node: "other-host:/srv/vault"))
            let reopened = try t.open()
            #expect(try reopened.catalog.pendingIngests().map(\.id) == [theirs])
            // An ingest through this node journals under its name and commits.
            _ = try reopened.ingest(IngestRequest(source: try t.wav(seconds: 0.3)), actor: .tester)
            #expect(try reopened.catalog.recordingCount() == 1)
        }
    }
}
