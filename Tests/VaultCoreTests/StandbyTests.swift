import Foundation
import Testing
import VaultAudit
import VaultBase
@testable import VaultCore
import VaultCrypto
import VaultStore
import VaultTestSupport

@Suite("A warm standby and its promotion")
struct StandbyTests {
    let alice = try! PhoneNumber(parsing: "+8613900000001")
    let bob = try! PhoneNumber(parsing: "+8613900000002")

    /// A vault with two of Alice's old recordings and one of Bob's, Bob's consent, a standby identity and a site.
    func setUp() throws -> (TestVault, Vault, AgeX25519Identity, StandbySite, URL) {
        let t = TestVault()
        t.clock.set(Timestamp.parse("2026-09-01T12:00:00Z")!)
        let vault = try t.create()
        // Alice's two are past the six months' minimum (an erasure purges them), Bob's is new.
        for (index, (who, start)) in [(alice, "2026-01-01T12:00:00Z"), (alice, "2026-02-01T12:00:00Z"), (bob, "2026-08-31T12:00:00Z")].enumerated() {
            _ = try vault.ingest(IngestRequest(source: try t.wav("r\(index).wav", seconds: 0.3), subject: who, startedAt: Timestamp.parse(start)),
                                 actor: .tester)
        }
        try vault.grantConsent(phone: bob, purpose: "service", source: "form", evidence: "f-1", actor: .tester)
        return (t, vault, try AgeX25519Identity.generate(), StandbySite(root: t.tmp.path("standby")), t.tmp.path("backups"))
    }

    /// One pass; the first gives the primary's audit key (`key`), later ones need not.
    func follow(_ site: StandbySite, _ backups: URL, _ identity: AgeX25519Identity, key: Ed25519PublicKey? = nil) async throws -> StandbyPass {
        try await site.follow(from: .directory(backups), identity: identity, auditKey: key, environment: [:], logger: TestVault.quiet)
    }

    func open(_ site: StandbySite, _ t: TestVault) throws -> Vault {
        let current = try #require(site.current())
        var configuration = t.configuration(keyStore: current.keyStore)
        configuration.vaultURL = current.vault
        return try Vault.open(configuration, logger: TestVault.quiet)
    }

    @Test("each backup is applied once, objects already held are linked not copied, and a subject erased on the primary stays erased on the standby")
    func followsAndErases() async throws {
        let (t, vault, identity, site, backups) = try setUp()
        _ = try await vault.backups.run(to: .directory(backups), standbyRecipient: identity.publicKey, actor: .tester)
        let first = try await follow(site, backups, identity, key: vault.auditLog.publicKey)
        #expect(first.applied && first.restore?.objects == 3 && first.restore?.objectsReused == 0)
        #expect(try await follow(site, backups, identity).applied == false)

        // Alice opts out and is erased on the primary; the next backup carries it.
        _ = try vault.optOut(phone: alice, actor: .tester)
        _ = try vault.runErasures(actor: .tester)
        _ = try vault.ingest(IngestRequest(source: try t.wav("late.wav", seconds: 0.3), subject: bob), actor: .tester)
        let second = try await vault.backups.run(to: .directory(backups), standbyRecipient: identity.publicKey, actor: .tester)
        let pass = try await follow(site, backups, identity)
        #expect(pass.applied && pass.backupID == second.backupID)
        #expect(pass.restore?.objects == 2 && pass.restore?.objectsReused == 1, "Bob's first recording is linked: \(String(describing: pass.restore))")
        let standby = try open(site, t)
        #expect(try standby.catalog.recordings().filter { $0.state == .stored }.count == 2)
        #expect(try standby.catalog.recordings().filter { $0.state == .purged }.count == 2, "Alice's stay purged")
        #expect(try standby.checkConsent(phone: alice, purpose: "service", actor: .tester).reasons.contains(.optedOut))
        #expect(try await standby.verify(actor: .tester).isClean)
        // The superseded generation is gone.
        #expect(try FileManager.default.contentsOfDirectory(atPath: site.generationsURL.path) == [second.backupID])
    }

    @Test("a pass killed part-way leaves the applied backup in place; the next pass removes what it left and applies the new one")
    func killedPass() async throws {
        let (t, vault, identity, site, backups) = try setUp()
        let first = try await vault.backups.run(to: .directory(backups), standbyRecipient: identity.publicKey, actor: .tester)
        _ = try await follow(site, backups, identity, key: vault.auditLog.publicKey)
        let second = try await vault.backups.run(to: .directory(backups), standbyRecipient: identity.publicKey, actor: .tester)
        // What a pass killed during its restore leaves: a generation `current` does not name, half written.
        let left = site.generationURL(second.backupID)
        try FileManager.default.createDirectory(at: left.appendingPathComponent("vault/objects"), withIntermediateDirectories: true)
        try Data("half".utf8).write(to: left.appendingPathComponent("vault/catalog.sqlite"))
        #expect(site.currentBackup() == first.backupID)
        _ = try open(site, t)  // the applied one still opens
        let pass = try await follow(site, backups, identity)
        #expect(pass.applied && site.currentBackup() == second.backupID)
        #expect(try await open(site, t).verify(actor: .tester).isClean)
    }

    @Test("refused: a first pass without the audit key or with another, another identity, a backup without the standby's key store, an older backup under a newer name, another vault's backups, another location, and a promoted standby")
    func refusals() async throws {
        let (t, vault, identity, site, backups) = try setUp()
        let key = vault.auditLog.publicKey
        _ = try await vault.backups.run(to: .directory(backups), actor: .tester)
        // The first pass trusts nothing without the primary's audit key; another key verifies nothing.
        await #expect { try await follow(site, backups, identity) } throws: { ($0 as? VaultError)?.message.contains("--audit-key") == true }
        let stranger = StandbySite(root: t.tmp.path("stranger"))
        await #expect { try await follow(stranger, backups, identity, key: try Ed25519PrivateKey.generate().publicKey) } throws: {
            ($0 as? VaultError)?.message.contains("does not verify under the audit key given") == true
        }
        // A wrong key is not kept: the right one works on the same standby afterwards.
        #expect(!FileManager.default.fileExists(atPath: stranger.stateURL.path))
        await #expect { try await follow(stranger, backups, identity, key: key) } throws: { ($0 as? VaultError)?.message.contains("carries no key store") == true }
        await #expect { try await follow(site, backups, identity, key: key) } throws: { ($0 as? VaultError)?.message.contains("carries no key store") == true }
        _ = try await vault.backups.run(to: .directory(backups), standbyRecipient: identity.publicKey, actor: .tester)
        await #expect { try await follow(site, backups, try AgeX25519Identity.generate()) } throws: { ($0 as? VaultError)?.code == .keyUnavailable }
        #expect(site.currentBackup() == nil)
        let applied = try await follow(site, backups, identity)

        // An older backup put back under a newer name is refused: it would bring back what was erased since.
        let oldest = try #require(try FileManager.default.contentsOfDirectory(atPath: backups.appendingPathComponent("backups").path).sorted().first)
        try FileManager.default.copyItem(at: backups.appendingPathComponent("backups/\(oldest)"), to: backups.appendingPathComponent("backups/29980101T000000Z"))
        await #expect { try await follow(site, backups, identity) } throws: { ($0 as? VaultError)?.message.contains("names another backup") == true }
        #expect(site.currentBackup() == applied.backupID)
        try FileManager.default.removeItem(at: backups.appendingPathComponent("backups/29980101T000000Z"))

        // Another vault's backups, in the same directory layout elsewhere: pinned out.
        let other = TestVault()
        let otherVault = try other.create()
        let otherBackups = t.tmp.path("other-backups")
        _ = try await otherVault.backups.run(to: .directory(otherBackups), standbyRecipient: identity.publicKey, actor: .tester)
        await #expect { try await follow(site, otherBackups, identity) } throws: { ($0 as? VaultError)?.message.contains("follows") == true }
        // Even when they appear where this standby's come from: not signed by the pinned key.
        let foreign = try #require(try FileManager.default.contentsOfDirectory(atPath: otherBackups.appendingPathComponent("backups").path).first)
        _ = try await vault.backups.run(to: .directory(backups), standbyRecipient: identity.publicKey, actor: .tester)
        try FileManager.default.copyItem(at: otherBackups.appendingPathComponent("backups/\(foreign)"),
                                         to: backups.appendingPathComponent("backups/29990101T000000Z"))
        await #expect { try await follow(site, backups, identity) } throws: { ($0 as? VaultError)?.code == .damagedBackup }

        _ = try await site.promote(environment: [:], actor: .tester, logger: TestVault.quiet)
        try FileManager.default.removeItem(at: backups.appendingPathComponent("backups/29990101T000000Z"))
        await #expect { try await follow(site, backups, identity) } throws: { ($0 as? VaultError)?.message.contains("was promoted") == true }
    }

    @Test("promotion fences the old primary: its next backup and every write are refused, in another process's catalog too, and consent checks stop; the promoted vault is not fenced by its own fence, and a fence the vault did not sign is ignored")
    func promotionFences() async throws {
        let (t, vault, identity, site, backups) = try setUp()
        // A forged fence (someone who can write the backup location, without the vault's key): ignored.
        try FileManager.default.createDirectory(at: backups, withIntermediateDirectories: true)
        let forger = try Ed25519PrivateKey.generate()
        let forged = Fence(format: Fence.currentFormat, vaultID: vault.manifest.vaultID, token: "x", promotedAt: "2026-01-01T00:00:00Z", backupID: "b")
        try forged.signed(by: forger).write(to: backups.appendingPathComponent("fence.json"))
        #expect(try vault.checkFence(at: .directory(backups)) == nil && !vault.isFenced)
        try FileManager.default.removeItem(at: backups.appendingPathComponent("fence.json"))

        _ = try await vault.backups.run(to: .directory(backups), standbyRecipient: identity.publicKey, actor: .tester)
        _ = try await follow(site, backups, identity, key: vault.auditLog.publicKey)
        let promotion = try await site.promote(environment: [:], actor: .tester, logger: TestVault.quiet)
        #expect(promotion.backupID == site.currentBackup())
        // A second run finishes the same promotion (same token, same time).
        #expect(try await site.promote(environment: [:], actor: .tester, logger: TestVault.quiet).promotedAt == promotion.promotedAt)

        // A second process's view of the primary, opened before the fence went up.
        let other = try Vault.open(t.configuration(), logger: TestVault.quiet)
        await #expect { try await vault.backups.run(to: .directory(backups), actor: .tester) } throws: { ($0 as? VaultError)?.code == .fenced }
        // The other process learns of it from the file (the server looks every few seconds): its consent checks stop too.
        #expect(vault.isFenced && other.isFenced)
        #expect { try other.consent.check(phone: self.bob, purpose: "service") } throws: { ($0 as? VaultError)?.code == .fenced }
        #expect(throws: (any Error).self) { try vault.grantConsent(phone: self.alice, purpose: "service", source: "s", evidence: "e", actor: .tester) }
        #expect { try other.grantConsent(phone: self.alice, purpose: "service", source: "s", evidence: "e", actor: .tester) } throws: {
            VaultError(wrapping: $0).code == .fenced
        }
        #expect { try vault.consent.check(phone: self.bob, purpose: "service") } throws: { ($0 as? VaultError)?.code == .fenced }
        #expect { try Vault.open(t.configuration(), logger: TestVault.quiet).consent.check(phone: self.bob, purpose: "service") } throws: {
            ($0 as? VaultError)?.code == .fenced
        }

        // The promoted vault backs up to the same place: its own fence does not stop it.
        let promoted = try open(site, t)
        #expect(try promoted.checkFence(at: .directory(backups)) == nil && !promoted.isFenced)
        #expect(try promoted.consent.check(phone: bob, purpose: "service").reasons.contains(.optedOut) == false)
        _ = try await promoted.backups.run(to: .directory(backups), actor: .tester)
        #expect(try promoted.auditEntries(action: "vault.promote").count == 1)

        // A vault restored from the promoted vault's backups has no primary.json, but its log holds
        // the promotion: the fence (put back or still there) does not stop it.
        let current = try #require(site.current())
        let keysCopy = t.tmp.path("keys-of-promoted")
        try FileManager.default.copyItem(at: current.keyStore, to: keysCopy)
        var configuration = t.configuration(keyStore: keysCopy)
        configuration.vaultURL = t.tmp.path("restored-promoted")
        let (restored, _) = try await Vault.restore(from: .directory(backups), backupID: nil, configuration: configuration, actor: .tester,
                                                    logger: TestVault.quiet)
        #expect(try restored.checkFence(at: .directory(backups)) == nil && !restored.isFenced)
        #expect(try restored.primaryToken() == (try promoted.primaryToken()), "the promotion's token kept: the log is read once")

        // The fenced old primary still opens, for reading: its recordings can be listed and salvaged.
        let reopened = try Vault.open(t.configuration(), logger: TestVault.quiet)
        #expect(reopened.isFenced)
        #expect(try reopened.catalog.recordings().count == 3)
    }

    @Test("a primary restored from an older backup writes another history: the standby refuses its backups, even once its log is longer")
    func divergedHistory() async throws {
        let (t, vault, identity, site, backups) = try setUp()
        let old = try await vault.backups.run(to: .directory(backups), standbyRecipient: identity.publicKey, actor: .tester)
        try vault.grantConsent(phone: alice, purpose: "service", source: "form", evidence: "f-2", actor: .tester)
        _ = try await vault.backups.run(to: .directory(backups), standbyRecipient: identity.publicKey, actor: .tester)
        let applied = try await follow(site, backups, identity, key: vault.auditLog.publicKey)

        // The primary is rebuilt from the older backup, takes writes, and backs up to the same place.
        let keys = t.tmp.path("keys-rebuilt")
        try FileManager.default.copyItem(at: t.keyStoreURL, to: keys)
        var configuration = t.configuration(keyStore: keys)
        configuration.vaultURL = t.tmp.path("rebuilt")
        let (rebuilt, _) = try await Vault.restore(from: .directory(backups), backupID: old.backupID, configuration: configuration,
                                                   actor: .tester, logger: TestVault.quiet)
        for i in 0..<6 {
            try rebuilt.grantConsent(phone: try PhoneNumber(parsing: "+861390000010\(i)"), purpose: "service", source: "s", evidence: "e", actor: .tester)
        }
        t.clock.advance(by: 60)
        _ = try await rebuilt.backups.run(to: .directory(backups), standbyRecipient: identity.publicKey, actor: .tester)
        await #expect { try await follow(site, backups, identity) } throws: { ($0 as? VaultError)?.message.contains("does not extend") == true }
        #expect(site.currentBackup() == applied.backupID)
    }
}
