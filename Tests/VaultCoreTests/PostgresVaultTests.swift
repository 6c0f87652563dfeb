import Foundation
import Testing
import VaultBase
import VaultCrypto
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

    @Test("a backup of a vault on PostgreSQL restores as a vault on one box, with a key store restored from its key backup; an erasure since stays")
    func backupRestoresOnOneBox() async throws {
        let (restored, t) = try await OffPool.run { () -> (Vault, TestVault) in
            let t = try postgresVault()
            t.clock.set(Timestamp.parse("2026-09-01T12:00:00.123Z")!)
            let vault = try t.create()
            let alice = try PhoneNumber(parsing: "+8613900000001"), bob = try PhoneNumber(parsing: "+8613900000002")
            let a = try ["2026-01-01T12:00:00Z", "2026-08-01T12:00:00Z"].enumerated().map { index, start in
                try vault.ingest(IngestRequest(source: try t.wav("a\(index).wav", seconds: 0.3), subject: alice, startedAt: Timestamp.parse(start)),
                                 actor: .tester)
            }
            let b = try vault.ingest(IngestRequest(source: try t.wav("b.wav", seconds: 0.3), subject: bob), actor: .tester)
            try vault.grantConsent(phone: bob, purpose: "service", source: "form", evidence: "f-1", actor: .tester)
            let token = try vault.createAPIToken(name: "dialer", role: .dialer, actor: .tester)
            let backups = t.tmp.path("backups")
            // Another node backing up into the same location holds the cluster's lock: this one is refused, and writes nothing.
            let otherNode = try t.open()
            let held: Void? = try otherNode.catalog.whileHolding("backup \(backups.path)") {
                do {
                    _ = try vault.backup(to: .directory(backups), keep: nil, actor: .tester)
                    Issue.record("a second node's backup into the same location went on")
                } catch let error as VaultError {
                    #expect(error.code == .conflict && error.message.contains("another node is backing up"), "\(error)")
                }
            }
            #expect(held != nil)
            #expect(try !FileManager.default.fileExists(atPath: backups.path) || FileManager.default.contentsOfDirectory(atPath: backups.path).isEmpty)
            let result = try vault.backup(to: .directory(backups), keep: nil, actor: .tester)
            #expect(result.objects == 3 && result.objectsCopied == 3)
            let names = t.files(under: backups).map(\.lastPathComponent)
            #expect(!names.contains { $0.hasSuffix(".key") || $0.contains("subject-keys") }, "the backup holds no key material")

            // After the backup: Alice opts out and is erased (her old recording purged, the newer restricted under a new key).
            _ = try vault.optOut(phone: alice, reason: "asked on the phone", actor: .tester)
            _ = try vault.runErasures(actor: .tester)
            #expect(try vault.recording(a[0].id).state == .purged)
            let keyBackup = t.tmp.path("keys.age")
            try vault.backupKeyStore(to: keyBackup, passphrase: "correct horse", workFactor: 10, actor: .tester)

            // The machine is gone: the key store comes back from its backup, where no vault is yet.
            let keys = t.tmp.path("keys-restored")
            var configuration = t.configuration(keyStore: keys)
            configuration.vaultURL = t.tmp.path("restored")
            configuration.catalog = nil
            // The new vault's directory made ahead (a mount point), empty: still no vault there.
            try FileManager.default.createDirectory(at: configuration.vaultURL, withIntermediateDirectories: true)
            _ = try Vault.restoringKeyStore(from: keyBackup, passphrase: "correct horse", configuration: configuration, logger: TestVault.quiet)
            #expect(FileManager.default.fileExists(atPath: keys.appendingPathComponent("subject-keys.sqlite").path))
            #expect(try FileManager.default.contentsOfDirectory(atPath: configuration.vaultURL.path).isEmpty, "restoring the key store makes no vault")

            let (restored, report) = try Vault.restoreNow(from: .directory(backups), backupID: nil, configuration: configuration, actor: .tester,
                                                          logger: TestVault.quiet)
            #expect(restored.catalog is Catalog, "the restored vault's catalog is a file")
            #expect(report.objects == 3 && report.keysChecked == 3)
            #expect(report.keysDestroyed == 1 && report.keysAdopted == 1 && report.optOutsReplayed == 1, "\(report)")
            #expect(try restored.recording(a[0].id).state == .purged)
            #expect(try restored.recording(a[1].id).state == .restricted)
            #expect((try? restored.exportAudio(b.id, to: t.tmp.path("b.ogg"), actor: .tester)) != nil)
            #expect((try? restored.exportAudio(a[1].id, to: t.tmp.path("a1.ogg"), actor: .tester, restrictedAccessReason: "auditor: case 9")) != nil)
            #expect((try? restored.exportAudio(a[0].id, to: t.tmp.path("a0.ogg"), actor: .tester)) == nil)
            #expect(try restored.checkConsent(phone: bob, purpose: "service", actor: .tester).allowed)
            let decision = try restored.checkConsent(phone: alice, purpose: "service", actor: .tester)
            #expect(!decision.allowed && decision.reasons.contains(.optedOut), "\(decision.reasons)")
            #expect(try restored.authenticateAPIToken(token.secret)?.role == .dialer, "the token's row and its MAC came across")
            // Row for row: what the catalog on PostgreSQL says of Bob's recording, to the millisecond.
            let original = try #require(try vault.catalog.recording(b.id)), copy = try #require(try restored.catalog.recording(b.id))
            #expect(copy.objectPath == original.objectPath && copy.wrappedDataKey == original.wrappedDataKey && copy.sealedSha256 == original.sealedSha256)
            #expect(abs(copy.startedAt.timeIntervalSince(original.startedAt)) < 0.001 && abs(copy.ingestedAt.timeIntervalSince(original.ingestedAt)) < 0.001)
            #expect(try restored.auditLog.verify().entries > 0)
            return (restored, t)
        }
        let verification = try await restored.verify(actor: .tester)
        #expect(verification.isClean && verification.checked == 2, "\(verification)")
        withExtendedLifetime(t) {}
    }

    @Test("a backup carrying the key store to a recipient restores with its identity and the audit key alone; a standby does not follow it")
    func backupCarryingKeysRestoresWithTheIdentity() async throws {
        let (restored, t) = try await OffPool.run { () -> (Vault, TestVault) in
            let t = try postgresVault()
            let vault = try t.create()
            let phone = try PhoneNumber(parsing: "+8613900000003")
            let record = try vault.ingest(IngestRequest(source: try t.wav(seconds: 0.3), subject: phone), actor: .tester)
            try vault.grantConsent(phone: phone, purpose: "service", source: "form", evidence: "f-2", actor: .tester)
            let identity = try AgeX25519Identity.generate()
            let backups = t.tmp.path("backups")
            _ = try vault.backup(to: .directory(backups), keep: nil, standbyRecipient: identity.publicKey, actor: .tester)

            // A standby's fence would stop one node, not the others: it refuses the backup, and keeps nothing.
            let standby = StandbySite(root: t.tmp.path("standby"))
            do {
                _ = try standby.followNow(from: .directory(backups), identity: identity, auditKey: vault.auditLog.publicKey, environment: [:],
                                          logger: TestVault.quiet)
                Issue.record("a standby followed a vault on PostgreSQL")
            } catch let error as VaultError {
                #expect(error.code == .refused && error.message.contains("a standby follows vaults whose catalog is SQLite"), "\(error)")
            }
            #expect(standby.currentBackup() == nil)

            // The site is gone, key store too: the backup's own key store, opened with the identity.
            var configuration = t.configuration(keyStore: t.tmp.path("keys-from-backup"))
            configuration.vaultURL = t.tmp.path("restored")
            configuration.catalog = nil
            let wrongKey = try Ed25519PrivateKey.generate().publicKey
            #expect(throws: VaultError.self, "a backup that does not verify under the audit key given is never opened") {
                _ = try Vault.restoreNow(from: .directory(backups), backupID: nil, configuration: configuration,
                                         keysFrom: BackupKeySource(identity: identity, auditKey: wrongKey), actor: .tester, logger: TestVault.quiet)
            }
            #expect(!FileManager.default.fileExists(atPath: configuration.keyStoreURL!.path), "nothing left behind")
            #expect(throws: VaultError.self, "another identity does not open keys.age") {
                _ = try Vault.restoreNow(from: .directory(backups), backupID: nil, configuration: configuration,
                                         keysFrom: BackupKeySource(identity: try AgeX25519Identity.generate(), auditKey: vault.auditLog.publicKey),
                                         actor: .tester, logger: TestVault.quiet)
            }
            #expect(!FileManager.default.fileExists(atPath: configuration.keyStoreURL!.path), "nothing left behind")
            // A restore that fails after the key store was written removes it again: an object damaged in the backup.
            let object = try #require(t.files(under: backups.appendingPathComponent("objects")).first)
            let original = try Data(contentsOf: object)
            var damaged = original
            damaged[damaged.count - 1] ^= 0x01
            try damaged.write(to: object)
            #expect(throws: VaultError.self) {
                _ = try Vault.restoreNow(from: .directory(backups), backupID: nil, configuration: configuration,
                                         keysFrom: BackupKeySource(identity: identity, auditKey: vault.auditLog.publicKey), actor: .tester, logger: TestVault.quiet)
            }
            #expect(!FileManager.default.fileExists(atPath: configuration.keyStoreURL!.path), "the key store written is removed with the rest")
            try original.write(to: object)
            let (restored, report) = try Vault.restoreNow(from: .directory(backups), backupID: nil, configuration: configuration,
                                                          keysFrom: BackupKeySource(identity: identity, auditKey: vault.auditLog.publicKey),
                                                          actor: .tester, logger: TestVault.quiet)
            #expect(report.objects == 1 && report.keysChecked == 1 && report.steps.first?.name == "take the key store from the backup")
            #expect((try? restored.exportAudio(record.id, to: t.tmp.path("r.ogg"), actor: .tester)) != nil)
            #expect(try restored.checkConsent(phone: phone, purpose: "service", actor: .tester).allowed)
            // A key store that exists is used as it is, never overwritten.
            var again = configuration
            again.vaultURL = t.tmp.path("restored-again")
            #expect(throws: StoreError.self) {
                _ = try Vault.restoreNow(from: .directory(backups), backupID: nil, configuration: again,
                                         keysFrom: BackupKeySource(identity: identity, auditKey: vault.auditLog.publicKey), actor: .tester, logger: TestVault.quiet)
            }
            // Only the newest backup keeps the key store it carried (an older one's would keep keys shredded since).
            let first = try #require(report.backupID as String?)
            t.clock.advance(by: 60)
            let second = try vault.backup(to: .directory(backups), keep: nil, standbyRecipient: identity.publicKey, actor: .tester)
            let keysFile = { (id: String) in backups.appendingPathComponent("backups/\(id)/keys.age").path }
            #expect(!FileManager.default.fileExists(atPath: keysFile(first)) && FileManager.default.fileExists(atPath: keysFile(second.backupID)))
            // Restoring the older one with the identity says why it cannot, and leaves no key store.
            var older = configuration
            older.vaultURL = t.tmp.path("restored-older")
            older.keyStoreURL = t.tmp.path("keys-older")
            do {
                _ = try Vault.restoreNow(from: .directory(backups), backupID: first, configuration: older,
                                         keysFrom: BackupKeySource(identity: identity, auditKey: vault.auditLog.publicKey), actor: .tester, logger: TestVault.quiet)
                Issue.record("an older backup's removed keys.age was restored")
            } catch let error as VaultError {
                #expect(error.code == .damagedBackup && error.message.contains("only the newest backup keeps"), "\(error)")
            }
            #expect(!FileManager.default.fileExists(atPath: older.keyStoreURL!.path) && !FileManager.default.fileExists(atPath: older.vaultURL.path))
            return (restored, t)
        }
        let verification = try await restored.verify(actor: .tester)
        #expect(verification.isClean && verification.checked == 1, "\(verification)")
        withExtendedLifetime(t) {}
    }
}
