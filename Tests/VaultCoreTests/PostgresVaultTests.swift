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

    @Test("subject keys live in the catalog, so every node reads and destroys the same ones; keys a vault kept in its key store move there at open")
    func subjectKeysInTheCatalog() async throws {
        try await OffPool.run {
            let t = try postgresVault()
            let vault = try t.create()
            let phone = try PhoneNumber(parsing: "+8613812345678")
            let record = try vault.ingest(IngestRequest(source: try t.wav(seconds: 0.5), subject: phone), actor: .tester)
            let keyFile = t.keyStoreURL.appendingPathComponent("subject-keys.sqlite")
            #expect(!FileManager.default.fileExists(atPath: keyFile.path), "no subject key database in the key store of a shared catalog")
            var keys = [SubjectKeyRow]()
            try vault.keyRing.subjects.forEach { keys.append($0) }
            let keySubject = try #require(record.keySubject)
            #expect(keys.map(\.subject).contains(keySubject))

            // As a vault made before the catalog kept them: its keys in the key store only.
            let deleted = try TestPostgres.psql(try #require(t.catalog), password: try #require(t.environment?["PGPASSWORD"]), "DELETE FROM subject_keys")
            #expect(deleted.status == 0, "\(deleted.stderr)")
            #expect(throws: (any Error).self, "without its key the recording cannot be opened") {
                _ = try t.open().exportAudio(record.id, to: t.tmp.path("out.ogg"), actor: .tester)
            }
            do {
                let file = try SubjectKeyStore(url: keyFile, create: true)
                try file.insertBatch(keys)
                try file.journalOptOut(subject: "subject-z", request: "req-1", at: t.clock.now())
            }
            let reopened = try t.open()
            #expect(!FileManager.default.fileExists(atPath: keyFile.path), "moved into the catalog, the key store's copy is gone")
            _ = try reopened.exportAudio(record.id, to: t.tmp.path("moved.ogg"), actor: .tester)
            #expect(try reopened.keyRing.subjects.journalledOptOuts().map(\.request) == ["req-1"], "the journal moves too")
        }
    }
}
