import Foundation
import Testing
import VaultBase
import VaultCrypto
@testable import VaultCore
import VaultS3
import VaultStore
import VaultTestSupport

/// Backups into an S3 bucket (a real Ceph radosgw, `Tools/ceph`), off the vault's site: the same
/// backups as in a directory, read back by a restore that checks every byte.
@Suite("Backups into an S3 bucket")
struct BucketBackupTests {
    let alice = try! PhoneNumber(parsing: "+8613900000001")

    /// A vault on local files with three recordings, the environment carrying the bucket's keys,
    /// and a backup location in a new bucket (created by the first backup).
    func vault() throws -> (TestVault, Vault, [RecordingRecord], location: BackupLocation, client: S3Client) {
        let env = try TestCeph.environmentBlocking()
        let t = TestVault()
        t.environment = env
        t.clock.set(Timestamp.parse("2026-09-01T12:00:00Z")!)
        let vault = try t.create()
        // Past their minimum retention, so one can be deleted.
        let records = try (0..<3).map { i in
            try vault.ingest(IngestRequest(source: try t.wav("a\(i).wav", seconds: 0.3), subject: alice, startedAt: Timestamp.parse("2026-0\(i + 1)-01T12:00:00Z")),
                             actor: .tester)
        }
        let text = "s3://\(TestCeph.bucketName("backup"))?endpoint=\(env["CALLVAULT_S3_ENDPOINT"]!)&prefix=site-a"
        let client = S3Client(location: try S3Location(parsing: text), credentials: try S3Credentials.fromEnvironment(env))
        return (t, vault, records, .bucket(text), client)
    }

    func restoreFrom(_ t: TestVault, _ location: BackupLocation, into name: String) async throws -> (Vault, RestoreReport) {
        let keys = t.tmp.path("keys-\(name)")
        try FileManager.default.copyItem(at: t.keyStoreURL, to: keys)
        var configuration = t.configuration(keyStore: keys)
        configuration.vaultURL = t.tmp.path(name)
        return try await Vault.restore(from: location, backupID: nil, configuration: configuration, actor: .tester, logger: TestVault.quiet)
    }

    /// What a restore from `location` into `name` was refused with; nil when it went through.
    func restoreError(_ t: TestVault, _ location: BackupLocation, into name: String) async -> VaultError? {
        do {
            _ = try await restoreFrom(t, location, into: name)
            return nil
        } catch {
            return error as? VaultError ?? VaultError(wrapping: error)
        }
    }

    @Test("a backup goes up whole and incrementally, a restore from the bucket verifies and plays, keep prunes backups and their objects")
    func roundTrip() async throws {
        let (t, vault, records, location, client) = try vault()
        let first = try await vault.backups.run(to: location, actor: .tester)
        #expect(first.objects == 3 && first.objectsCopied == 3 && first.directory == client.location.description)
        #expect(try client.listKeys(prefix: "backups/").sorted() == ["catalog.sqlite", "manifest.json", "manifest.sig"].map { "backups/\(first.backupID)/\($0)" })
        #expect(Set(try client.listKeys(prefix: "objects/")) == Set(records.map { "objects/\($0.objectPath)" }))
        // Nothing is left in the vault's scratch space once the backup is up.
        #expect(t.files(under: t.vaultURL.appendingPathComponent(".backup-scratch")).isEmpty)

        _ = try vault.ingest(IngestRequest(source: try t.wav("b.wav", seconds: 0.3), subject: alice), actor: .tester)
        try vault.deleteRecording(records[0].id, reason: "customer asked", actor: .tester)
        t.clock.advance(by: 1)
        let second = try await vault.backups.run(to: location, keep: 1, actor: .tester)
        #expect(second.objects == 3 && second.objectsCopied == 1 && second.pruned == [first.backupID] && second.objectsRemoved == 1)
        #expect(try client.head(key: "objects/\(records[0].objectPath)") == nil)
        #expect(try client.listKeys(prefix: "backups/\(first.backupID)/").isEmpty)

        let (restored, report) = try await restoreFrom(t, location, into: "restored")
        #expect(report.backupID == second.backupID && report.objects == 3)
        #expect(try await restored.verify(actor: .tester).isClean)
        for record in records.dropFirst() { _ = try restored.exportAudio(record.id, to: t.tmp.path("\(record.id).opus"), actor: .tester) }
        #expect(try restored.auditEntries(action: "vault.restore").first?.detail["backup"] == second.backupID)
    }

    @Test("a flipped byte or a missing object in the bucket, or an unfinished backup, stops the restore, named, and leaves nothing")
    func damagedInTheBucket() async throws {
        let (t, vault, records, location, client) = try vault()
        let id = try await vault.backups.run(to: location, actor: .tester).backupID
        func expectRefused(_ what: String, _ fragment: String, sourceLocation: SourceLocation = #_sourceLocation) async {
            let error = await restoreError(t, location, into: what)
            #expect(error?.code == .damagedBackup, "\(what): \(String(describing: error))", sourceLocation: sourceLocation)
            #expect(error?.message.contains(fragment) == true, "\(what): \(String(describing: error))", sourceLocation: sourceLocation)
            #expect(!FileManager.default.fileExists(atPath: t.tmp.path(what).appendingPathComponent("vault.json").path), sourceLocation: sourceLocation)
        }
        // One byte of an object changed in the bucket.
        let key = "objects/\(records[1].objectPath)"
        let size = try #require(try client.head(key: key)).size
        var bytes = try client.get(key: key, offset: 0, length: size).bytes
        bytes[size / 2] ^= 0x01
        _ = try client.putObject(key: key, body: bytes, lock: nil)
        await expectRefused("flipped", "objects/\(records[1].objectPath) does not match its SHA-256")
        // The object gone.
        try client.delete(key: key)
        await expectRefused("missing", "objects/\(records[1].objectPath) is missing")
        // The manifest's signature gone: an unfinished backup is no backup, and another one is not there.
        try client.delete(key: "backups/\(id)/manifest.sig")
        let none = await #expect(throws: StoreError.self) { _ = try await restoreFrom(t, location, into: "unfinished") }
        #expect(none?.code == .notFound)
        // The next backup removes the unfinished one's files and, with no signed manifest to trust
        // for what the bucket holds, uploads every object again.
        t.clock.advance(by: 1)
        let next = try await vault.backups.run(to: location, actor: .tester)
        #expect(next.objectsCopied == 3)
        #expect(try client.listKeys(prefix: "backups/\(id)/").isEmpty)
        #expect(try await restoreFrom(t, location, into: "after").1.backupID == next.backupID)
    }

    @Test("a vault on S3 is not backed up into its own bucket's keys (one prefix inside the other); another prefix of that bucket will do")
    func notIntoTheVaultsOwnKeys() async throws {
        let env = try TestCeph.environmentBlocking()
        let bucket = TestCeph.bucketName("own")
        let t = TestVault()
        t.environment = env
        var configuration = t.configuration()
        configuration.objectStore = "s3://\(bucket)?endpoint=\(env["CALLVAULT_S3_ENDPOINT"]!)&prefix=vault-a"
        let vault = try Vault.create(configuration, actor: .tester, logger: TestVault.quiet).0
        _ = try vault.ingest(IngestRequest(source: try t.wav("a.wav", seconds: 0.3)), actor: .tester)
        for prefix in ["vault-a/backups", "", "vault-a"] {
            let location = BackupLocation("s3://\(bucket)?endpoint=\(env["CALLVAULT_S3_ENDPOINT"]!)" + (prefix.isEmpty ? "" : "&prefix=\(prefix)"))
            let refused = await #expect(throws: VaultError.self) { _ = try await vault.backups.run(to: location, actor: .tester) }
            #expect(refused?.code == .refused && refused?.message.contains("shares keys with the vault's own bucket") == true, "\(prefix): \(refused?.message ?? "")")
        }
        let elsewhere = BackupLocation("s3://\(bucket)?endpoint=\(env["CALLVAULT_S3_ENDPOINT"]!)&prefix=backups-of-a")
        #expect(try await vault.backups.run(to: elsewhere, actor: .tester).objects == 1)
        #expect(try await vault.verify(actor: .tester).isClean)
    }

    @Test("a bucket location without keys in the environment, or a malformed one, is refused before anything is written")
    func misconfigured() async throws {
        let (t, vault, _, location, _) = try vault()
        var bare = t.configuration()
        bare.environment = [:]
        let noKeys = await #expect(throws: VaultError.self) {
            _ = try await Vault.restore(from: location, backupID: nil, configuration: bare, actor: .tester, logger: TestVault.quiet)
        }
        #expect(noKeys?.code == .misconfigured && noKeys?.message.contains("AWS_ACCESS_KEY_ID") == true, "\(noKeys?.message ?? "")")
        let malformed = await #expect(throws: VaultError.self) { _ = try await vault.backups.run(to: BackupLocation("s3://"), actor: .tester) }
        #expect(malformed?.code == .misconfigured, "\(malformed?.message ?? "")")
        #expect(try vault.auditEntries(action: "vault.backup").isEmpty)
    }

    @Test("a standby follows backups in a bucket (keys.age uploaded with them), and its promotion's fence in the bucket fences the primary")
    func standbyFromBucket() async throws {
        let (t, vault, _, location, client) = try vault()
        let identity = try AgeX25519Identity.generate()
        let backup = try await vault.backups.run(to: location, standbyRecipient: identity.publicKey, actor: .tester)
        #expect(try client.listKeys(prefix: "backups/\(backup.backupID)/").contains("backups/\(backup.backupID)/keys.age"))
        let site = StandbySite(root: t.tmp.path("standby"))
        let pass = try await site.follow(from: location, identity: identity, auditKey: vault.auditLog.publicKey, environment: t.environment ?? [:],
                                         logger: TestVault.quiet)
        #expect(pass.applied && pass.restore?.objects == 3)
        #expect(try await vault.backups.checkFence(at: location) == nil)
        _ = try await site.promote(environment: t.environment ?? [:], actor: .tester, logger: TestVault.quiet)
        #expect(try client.listKeys().contains("fence.json"))
        #expect(try await vault.backups.checkFence(at: location)?.backupID == backup.backupID)
        #expect(vault.isFenced)
    }
}
