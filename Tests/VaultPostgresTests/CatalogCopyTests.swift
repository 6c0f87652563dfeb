import Foundation
import Logging
import Testing
import VaultBase
import VaultPostgres
import VaultStore
import VaultTestSupport

/// A catalog's copy of itself (what a backup holds): a SQLite catalog file that reads back as
/// the catalog it was copied from, whichever backend that was.
@Suite struct CatalogCopyTests {
    typealias Backend = CatalogBehaviourTests.Backend

    @Test("a catalog's copy is a catalog file that reads back row for row: recordings, rs-metadata, the audit rows and checkpoints",
          arguments: Backend.allCases)
    func copyReadsBack(_ backend: Backend) async throws {
        try await OffPool.run {
            let (node, _, keep) = try CatalogBehaviourTests.nodes(backend, "copy")
            _ = keep
            let subject = SubjectRecord(subject: "subject-a", masked: "138****5678", createdAt: CatalogBehaviourTests.time(0))
            for n in 1...3 {
                try CatalogBehaviourTests.journal(node, CatalogBehaviourTests.recording(n))
                try node.write("test ingest") { tx in
                    try tx.recordings.commitIngest(CatalogBehaviourTests.recording(n), subject: subject)
                    try tx.recordings.putRSMetadata(CatalogBehaviourTests.recording(n).id, SealedRSMetadata(sealed: Data([0x43, UInt8(n)]), documents: n))
                    try tx.appendAudit([CatalogBehaviourTests.entry("recording.ingest", target: CatalogBehaviourTests.recording(n).id.description)])
                }
            }
            try CatalogBehaviourTests.journal(node, CatalogBehaviourTests.recording(4))  // an ingest in flight: its journal row is copied too
            try node.storeCheckpoint(CheckpointRow(treeSize: 3, rootHash: Data(repeating: 7, count: 32), note: "a signed note", at: "2026-12-05T10:00:00Z"))
            let directory = TemporaryDirectory("catalog-copy")
            let url = directory.path("copy.sqlite")
            try node.copy(to: url)
            #expect(throws: StoreError.self, "a copy never overwrites a file") { try node.copy(to: url) }
            let copy = try Catalog(url: url)
            #expect(try copy.recordings() == node.recordings())
            #expect(try copy.recordings().count == 3)
            for n in 1...3 {
                let id = CatalogBehaviourTests.recording(n).id
                #expect(try copy.rsMetadata(of: id) == node.rsMetadata(of: id))
            }
            #expect(try copy.pendingIngests().map(\.id) == [CatalogBehaviourTests.recording(4).id])
            #expect(try copy.auditCount() == 3)
            #expect(try copy.checkpoints() == node.checkpoints())
            #expect(try Catalog.objectPaths(inCopy: url).count == 6)
            #expect(try Catalog.structuralProblems(inCopy: url).isEmpty)
        }
    }

    @Test("a table or a column one side lacks, or a column of another type, stops the copy, naming it, and leaves no file; a view does not")
    func schemaDriftStopsTheCopy() async throws {
        try await OffPool.run {
            let database = try TestPostgres.database("copy-drift")
            let location = try PostgresLocation(parsing: database.location)
            let catalog = try PostgresCatalog(location: location, password: database.password, create: true, logger: Logger(label: "test"))
            let directory = TemporaryDirectory("catalog-copy-drift")
            let changes: [(String, String?)] = [
                ("CREATE VIEW recent_policies AS SELECT id FROM policies", nil),
                ("ALTER TABLE holds ADD COLUMN court text", "holds.court"), ("ALTER TABLE holds DROP COLUMN court", nil),
                ("ALTER TABLE holds ALTER COLUMN placed_at TYPE text", "holds.placed_at"),
                ("ALTER TABLE holds ALTER COLUMN placed_at TYPE timestamptz USING placed_at::timestamptz", nil),
                ("CREATE TABLE evidence_notes (id text PRIMARY KEY)", "evidence_notes"), ("DROP TABLE evidence_notes", nil),
                ("ALTER TABLE holds DROP COLUMN released_at", "holds.released_at"),
            ]
            for (change, named) in changes {
                let altered = try TestPostgres.psql(database.location, password: database.password, change)
                try #require(altered.status == 0, "\(altered.stderr)")
                let url = directory.path("copy-\(UUID()).sqlite")
                guard let named else {
                    try catalog.copy(to: url)  // back as it was: the copy goes through
                    continue
                }
                do {
                    try catalog.copy(to: url)
                    Issue.record("a copy went through with \(named) on PostgreSQL only")
                } catch let error as StoreError {
                    #expect(error.message.contains(named), "\(error.message)")
                }
                #expect(!FileManager.default.fileExists(atPath: url.path))
            }
        }
    }
}
