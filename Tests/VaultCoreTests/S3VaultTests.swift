import Foundation
import Testing
import VaultAudio
import VaultBase
@testable import VaultCore
import VaultS3
import VaultStore
import VaultTestSupport

/// A vault on a real radosgw bucket (`Tools/ceph`), with the vault's clock injected: S3 judges
/// locks by its own (real) clock, the vault's policy by the injected one, which is how an erasure
/// can be due while the store still refuses to delete the object.
@Suite("A vault on S3: holds and erasure against Object Lock", .serialized)
struct S3VaultTests {
    let alice = try! PhoneNumber(parsing: "+8613900000002")

    func s3Vault() throws -> (TestVault, Vault, S3Client) {
        let env = try TestCeph.environmentBlocking()
        let location = "s3://\(TestCeph.bucketName("core"))?endpoint=\(env["CALLVAULT_S3_ENDPOINT"]!)"
        let t = TestVault()
        t.environment = env
        t.clock.set(Date())
        var configuration = t.configuration()
        configuration.objectStore = location
        let vault = try Vault.create(configuration, actor: .tester, logger: TestVault.quiet).0
        return (t, vault, S3Client(location: try S3Location(parsing: location), credentials: try S3Credentials.fromEnvironment(env)))
    }

    /// Runs a test's blocking body off the cooperative pool (which the in-process servers'
    /// handlers need), then checks that the vault it leaves passes `verify` (async, on the pool).
    func runThenVerify(_ body: @escaping @Sendable () throws -> (TestVault, Vault)) async throws {
        let (t, vault) = try await OffPool.run(body)
        #expect(try await vault.verify(actor: .tester).isClean)
        withExtendedLifetime(t) {}  // the vault's directory lives until the check is done
    }

    @Test("a legal hold is mirrored to the object's S3 legal hold, and lifted only when no hold covers it")
    func holdsMirrorToS3() async throws {
        // Blocking S3 work runs off the cooperative pool, which the in-process servers' handlers need.
        try await OffPool.run { try self.holdsMirrorToS3Body() }
    }

    func holdsMirrorToS3Body() throws {
        let (t, vault, client) = try s3Vault()
        let record = try vault.ingest(IngestRequest(source: try t.wav(seconds: 0.3), subject: alice), actor: .tester)
        #expect(try client.head(key: record.objectPath)?.legalHold == false)
        try vault.placeHold(recording: record.id, reason: "litigation", actor: .tester)
        try vault.placeHold(phone: alice, reason: "regulator", actor: .tester)
        #expect(try client.head(key: record.objectPath)?.legalHold == true)
        _ = try vault.releaseHold(recording: record.id, reason: "settled", actor: .tester)
        #expect(try client.head(key: record.objectPath)?.legalHold == true, "the subject's hold still covers it")
        _ = try vault.releaseHold(phone: alice, reason: "closed", actor: .tester)
        #expect(try client.head(key: record.objectPath)?.legalHold == false)
    }

    @Test("an erasure due by policy while the bucket's lock still runs shreds the recording, and its receipt says so")
    func erasureInsideTheLockIsShredding() async throws {
        try await runThenVerify { try self.erasureInsideTheLockIsShreddingBody() }
    }

    func erasureInsideTheLockIsShreddingBody() throws -> (TestVault, Vault) {
        let (t, vault, client) = try s3Vault()
        let record = try vault.ingest(IngestRequest(source: try t.wav(seconds: 0.3), subject: alice), actor: .tester)
        let lockedUntil = try #require(try client.head(key: record.objectPath)?.lock?.retainUntil)
        t.clock.advance(by: 7 * 31 * 86_400)  // the policy's 6-month minimum has passed; the bucket's clock has not moved
        let request = try vault.requestErasure(phone: alice, reason: "opt-out", actor: .tester)
        let done = try vault.runErasures(actor: .tester)
        let receipt = try #require(done.first { $0.id == request }?.receipt)
        let items = try #require((try JSONSerialization.jsonObject(with: Data(receipt.utf8)) as? [String: Any])?["items"] as? [String: [String: Any]])
        let item = try #require(items[record.id.description])
        #expect(item["fate"] as? String == "shredded")
        #expect(item["because"] as? String == "object lock")
        #expect(Timestamp.parse(item["until"] as? String ?? "").map { abs($0.timeIntervalSince(lockedUntil)) < 2 } == true)
        #expect(vault.verifyErasureReceipt(receipt))
        // The locked version is still in the bucket, hidden; the vault reads nothing of it and verify is clean.
        #expect(try client.head(key: record.objectPath) == nil)
        #expect(try client.listVersions(prefix: record.objectPath).contains { !$0.isDeleteMarker })
        #expect(try vault.recording(record.id).state == .purged)
        return (t, vault)
    }

    @Test("a crash before commit is rolled back on the next open; an object already uploaded stays locked but hidden, and verify is clean",
          arguments: [IngestState.objectWritten, .placed])
    func crashThenRecover(state: IngestState) async throws {
        try await runThenVerify { try self.crashThenRecoverBody(state: state) }
    }

    func crashThenRecoverBody(state: IngestState) throws -> (TestVault, Vault) {
        let (t, vault, client) = try s3Vault()
        let kept = try vault.ingest(IngestRequest(source: try t.wav("kept.wav", seconds: 0.3)), actor: .tester)
        // The job is dropped without rolling back (releasing its ingest lock), as a crash leaves it.
        let objectPath: String = try {
            let source = try t.wav("lost.wav", seconds: 1)
            let job = try IngestJob(vault: vault, request: IngestRequest(source: source), source: try WAVFileReader(url: source), actor: .tester)
            try job.journal()
            try job.writeObject()
            if state == .placed { try job.place() }
            return job.objectPath
        }()
        #expect(try (client.head(key: objectPath) != nil) == (state == .placed))

        let reopened = try t.open()  // recovery runs here
        #expect(try reopened.catalog.pendingIngests().isEmpty)
        #expect(try reopened.allRecordings().map(\.id) == [kept.id])
        #expect(try reopened.objects.allObjectPaths() == [kept.objectPath])
        #expect(try FileManager.default.contentsOfDirectory(atPath: t.vaultURL.appendingPathComponent("objects/.partial").path).isEmpty)
        let versions = try client.listVersions(prefix: objectPath)
        #expect(versions.contains { !$0.isDeleteMarker } == (state == .placed), "only an uploaded object is left, locked, under a delete marker")
        return (t, reopened)
    }

    @Test("a live call whose whole object was uploaded before the crash is completed beside it: one version a key, verify clean")
    func liveCallPlacedThenCrashed() async throws {
        try await runThenVerify { try self.liveCallPlacedThenCrashedBody() }
    }

    func liveCallPlacedThenCrashedBody() throws -> (TestVault, Vault) {
        let (t, vault, client) = try s3Vault()
        let (id, placedPath): (RecordingID, String) = try {
            let source = try t.wav("live.wav", seconds: 1)
            var request = IngestRequest(source: source)
            request.completesAfterCrash = true  // as a live call's ingest is
            let job = try IngestJob(vault: vault, request: request, source: try WAVFileReader(url: source), actor: .tester)
            try job.journal()
            try job.writeObject()
            try job.place()
            return (job.id, job.objectPath)
        }()
        let reopened = try t.open()  // recovery completes it
        let record = try reopened.recording(id)
        #expect(record.state == .stored)
        #expect(record.objectPath != placedPath, "not a second version over the locked one")
        #expect(try reopened.objects.allObjectPaths() == [record.objectPath])
        #expect(try client.head(key: record.objectPath)?.lock?.mode == .compliance)
        #expect(try reopened.objects.anomalies().isEmpty)
        #expect(try reopened.exportAudio(id, to: t.tmp.path("live.opus"), actor: .tester).id == id)
        return (t, reopened)
    }
}
