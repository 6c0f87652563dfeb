import Foundation
import Testing
import VaultAudit
import VaultBase
@testable import VaultCore
import VaultStore
import VaultTestSupport

@Suite("Backups and restores")
struct BackupRestoreTests {
    let alice = try! PhoneNumber(parsing: "+8613900000001")
    let bob = try! PhoneNumber(parsing: "+8613900000002")

    /// A vault at 2026-09-01 with Alice's recordings 8, 7 and 1 months old, and one of Bob's.
    func vault() throws -> (TestVault, Vault, alice: [RecordingRecord], bob: RecordingRecord) {
        let t = TestVault()
        t.clock.set(Timestamp.parse("2026-09-01T12:00:00Z")!)
        let vault = try t.create()
        let records = try ["2026-01-01T12:00:00Z", "2026-02-01T12:00:00Z", "2026-08-01T12:00:00Z"].enumerated().map { index, start in
            try vault.ingest(IngestRequest(source: try t.wav("a\(index).wav", seconds: 0.3), subject: alice, startedAt: Timestamp.parse(start)),
                             actor: .tester)
        }
        let b = try vault.ingest(IngestRequest(source: try t.wav("b.wav", seconds: 0.3), subject: bob), actor: .tester)
        return (t, vault, records, b)
    }

    /// A copy of the vault's key store (a restore moves its audit head; the original vault keeps its own).
    func keyStoreCopy(_ t: TestVault, _ name: String = "keys-restore") throws -> URL {
        let copy = t.tmp.path(name)
        try FileManager.default.copyItem(at: t.keyStoreURL, to: copy)
        return copy
    }

    func restore(_ t: TestVault, from backups: URL, id: String? = nil, keyStore: URL, into name: String = "restored") async throws -> (Vault, RestoreReport) {
        var configuration = t.configuration(keyStore: keyStore)
        configuration.vaultURL = t.tmp.path(name)
        return try await Vault.restore(from: .directory(backups), backupID: id, configuration: configuration, actor: .tester, logger: TestVault.quiet)
    }

    func readable(_ vault: Vault, _ t: TestVault, _ id: RecordingID, reason: String? = nil) -> Bool {
        (try? vault.exportAudio(id, to: t.tmp.path("\(UUID()).opus"), actor: .tester, restrictedAccessReason: reason)) != nil
    }

    @Test("a restored vault holds every recording, plays it, verifies, answers consent checks and audits the restore")
    func roundTrip() async throws {
        let (t, vault, a, b) = try vault()
        try vault.grantConsent(phone: bob, purpose: "service", source: "form", evidence: "f-1", actor: .tester)
        let backups = t.tmp.path("backups")
        let result = try await vault.backups.run(to: .directory(backups), actor: .tester)
        #expect(result.objects == 4 && result.objectsCopied == 4 && result.goneDuringBackup == 0)
        let (restored, report) = try await restore(t, from: backups, keyStore: try keyStoreCopy(t))
        #expect(report.backupID == result.backupID && report.objects == 4 && report.keysChecked == 4)
        #expect(report.keysAdopted == 0 && report.keysDestroyed == 0 && report.optOutsReplayed == 0)
        #expect(report.steps.count == 7)
        #expect(try restored.catalog.recordings().map(\.id).sorted { $0.description < $1.description }
                == (a + [b]).map(\.id).sorted { $0.description < $1.description })
        for record in a + [b] { #expect(readable(restored, t, record.id)) }
        #expect(try await restored.verify(actor: .tester).isClean)
        #expect(try restored.auditLog.verify().entries > 0)
        #expect(try restored.checkConsent(phone: bob, purpose: "service", actor: .tester).allowed)
        let entries = try restored.auditEntries(action: "vault.restore")
        #expect(entries.count == 1 && entries[0].detail["backup"] == result.backupID)
        #expect(try vault.auditEntries(action: "vault.backup").map { $0.detail["phase"] } == ["start", "done"])
        // The backup holds no key material.
        let names = t.files(under: backups).map(\.lastPathComponent)
        #expect(!names.contains { $0.hasSuffix(".key") || $0.contains("subject-keys") || $0.contains("audit-head") })
    }

    @Test("a second backup copies only new objects; keep prunes old backups and the objects no kept backup lists")
    func incrementalAndPrune() async throws {
        let (t, vault, a, _) = try vault()
        let backups = t.tmp.path("backups")
        let first = try await vault.backups.run(to: .directory(backups), actor: .tester)
        _ = try vault.ingest(IngestRequest(source: try t.wav("c.wav", seconds: 0.3), subject: bob), actor: .tester)
        t.clock.advance(by: 1)
        let second = try await vault.backups.run(to: .directory(backups), actor: .tester)
        #expect(second.objects == 5 && second.objectsCopied == 1)
        try vault.deleteRecording(a[0].id, reason: "customer asked", actor: .tester)
        t.clock.advance(by: 1)
        let third = try await vault.backups.run(to: .directory(backups), keep: 1, actor: .tester)
        #expect(third.objects == 4 && third.objectsCopied == 0)
        #expect(third.pruned == [first.backupID, second.backupID])
        #expect(third.objectsRemoved == 1)  // the purged recording's ciphertext
        #expect(!FileManager.default.fileExists(atPath: backups.appendingPathComponent("objects/\(a[0].objectPath)").path))
        let (restored, _) = try await restore(t, from: backups, keyStore: try keyStoreCopy(t))
        #expect(try restored.catalog.recordings().filter { $0.state == .stored }.count == 4)
        #expect(try await restored.verify(actor: .tester).isClean)
    }

    @Test("a damaged, incomplete or foreign backup stops the restore, naming what is wrong, and leaves nothing behind")
    func damagedBackups() async throws {
        let (t, vault, a, _) = try vault()
        let backups = t.tmp.path("backups")
        let id = try await vault.backups.run(to: .directory(backups), actor: .tester).backupID
        let directory = backups.appendingPathComponent("backups/\(id)")
        let keys = try keyStoreCopy(t)
        let head = try Data(contentsOf: keys.appendingPathComponent("audit-head.note"))
        func expectRefused(_ what: String, _ fragment: String, keyStore: URL? = nil, sourceLocation: SourceLocation = #_sourceLocation) async {
            let target = t.tmp.path("restored-\(what)")
            do {
                _ = try await restore(t, from: backups, keyStore: keyStore ?? keys, into: "restored-\(what)")
                Issue.record("\(what): the restore went through", sourceLocation: sourceLocation)
            } catch {
                let message = "\(error)"
                #expect(message.contains(fragment), "\(what): \(message)", sourceLocation: sourceLocation)
            }
            #expect(!FileManager.default.fileExists(atPath: target.path), "\(what): left \(target.path)", sourceLocation: sourceLocation)
            #expect((try? Data(contentsOf: keys.appendingPathComponent("audit-head.note"))) == head, sourceLocation: sourceLocation)
        }
        func edit(_ url: URL, _ change: (inout Data) -> Void, then body: () async -> Void) async throws {
            let original = try Data(contentsOf: url)
            var changed = original
            change(&changed)
            try changed.write(to: url)
            await body()
            try original.write(to: url)
        }
        let object = backups.appendingPathComponent("objects/\(a[1].objectPath)")
        try await edit(object, { $0[$0.count / 2] ^= 0x01 }) {
            await expectRefused("flipped", "objects/\(a[1].objectPath) does not match its SHA-256")
        }
        let moved = t.tmp.path("moved")
        try FileManager.default.moveItem(at: object, to: moved)
        await expectRefused("missing", "objects/\(a[1].objectPath) is missing")
        try FileManager.default.moveItem(at: moved, to: object)
        try await edit(directory.appendingPathComponent("catalog.sqlite"), { $0 = $0.prefix($0.count / 2) }) {
            await expectRefused("truncated", "catalog.sqlite has")
        }
        try await edit(directory.appendingPathComponent("manifest.json"), { data in
            data = Data(String(decoding: data, as: UTF8.self).replacingOccurrences(of: a[1].sealedSha256, with: String(repeating: "0", count: 64)).utf8)
        }) {
            await expectRefused("edited", "does not match its signature")
        }
        // Another vault's key store (another id), and this vault's id on a key store with other keys.
        let other = TestVault()
        let otherVault = try other.create()
        await expectRefused("foreign", "belongs to vault", keyStore: other.keyStoreURL)
        let impostor = t.tmp.path("impostor")
        try FileManager.default.copyItem(at: other.keyStoreURL, to: impostor)
        let manifest = impostor.appendingPathComponent("keystore.json")
        try Data(String(decoding: try Data(contentsOf: manifest), as: UTF8.self)
            .replacingOccurrences(of: otherVault.manifest.vaultID, with: vault.manifest.vaultID).utf8).write(to: manifest)
        await expectRefused("impostor", "does not match its signature", keyStore: impostor)
        // Still whole: the untouched backup restores.
        let (restored, _) = try await restore(t, from: backups, keyStore: keys)
        #expect(try await restored.verify(actor: .tester).isClean)
    }

    @Test("keys destroyed and opt-outs made after a backup stay so when it is restored; rewrapped keys are adopted")
    func erasureSurvivesRestore() async throws {
        let (t, vault, a, b) = try vault()
        let backups = t.tmp.path("backups")
        let id = try await vault.backups.run(to: .directory(backups), actor: .tester).backupID
        // After the backup: Alice opts out and is erased (two purged, the newest restricted), Bob is shredded.
        _ = try vault.optOut(phone: alice, reason: "asked on the phone", actor: .tester)
        _ = try vault.runErasures(actor: .tester)
        #expect(try vault.recording(a[0].id).state == .purged && vault.recording(a[2].id).state == .restricted)
        _ = try vault.shredSubject(phone: bob, reason: "court order", actor: .tester)

        let (restored, report) = try await restore(t, from: backups, id: id, keyStore: try keyStoreCopy(t))
        #expect(report.keysDestroyed == 3 && report.keysAdopted == 1 && report.optOutsReplayed == 1 && report.erasuresCompleted == 1)
        #expect(try restored.recording(a[0].id).state == .purged)
        #expect(try restored.recording(a[1].id).state == .purged)
        #expect(try restored.recording(a[2].id).state == .restricted)
        #expect(try restored.recording(b.id).state == .shredded)
        #expect(!readable(restored, t, a[0].id) && !readable(restored, t, b.id))
        #expect(readable(restored, t, a[2].id, reason: "auditor: complaint 7"))  // its rewrapped key, from the journal
        let decision = try restored.checkConsent(phone: alice, purpose: "service", actor: .tester)
        #expect(!decision.allowed && decision.reasons.contains(.optedOut), "\(decision.reasons)")
        #expect(try restored.catalog.subject(restored.pseudonym(of: bob))?.state == .shredded)
        #expect(!FileManager.default.fileExists(atPath: restored.files.url(forRelativePath: a[0].objectPath).path))
        let verification = try await restored.verify(actor: .tester)
        #expect(verification.isClean, "\(verification)")
        #expect(try restored.auditLog.verify().entries > 0)
        let purges = try restored.auditEntries(action: "recording.purge").filter { $0.detail["why"]?.hasPrefix("restore:") == true }
        #expect(purges.count == 2)  // Alice's two; Bob's subject is shredded
        #expect(try restored.auditEntries(action: "subject.shred").count == 1)
    }

    @Test("one backup at a time into a directory: a second while one runs is refused, and nothing of it is left")
    func oneBackupAtATime() async throws {
        let (t, vault, _, _) = try vault()
        let backups = t.tmp.path("backups")
        _ = try await vault.backups.run(to: .directory(backups), actor: .tester)
        let held = try FileLock(url: backups.appendingPathComponent("backup.lock"))
        try held.lockExclusive()
        t.clock.advance(by: 1)
        let error = await #expect(throws: VaultError.self) { try await vault.backups.run(to: .directory(backups), actor: .tester) }
        #expect(error?.code == .conflict)
        held.unlock()
        #expect(try FileManager.default.contentsOfDirectory(atPath: backups.appendingPathComponent("backups").path).count == 1)
        _ = try await vault.backups.run(to: .directory(backups), actor: .tester)
    }

    @Test("a second opt-out of the same number after the backup is replayed too")
    func secondOptOutReplayed() async throws {
        let (t, vault, _, _) = try vault()
        let backups = t.tmp.path("backups")
        let first = try vault.optOut(phone: bob, reason: "first request", actor: .tester)
        _ = try vault.runErasures(actor: .tester)
        t.clock.advance(by: 60)
        let id = try await vault.backups.run(to: .directory(backups), actor: .tester).backupID
        t.clock.advance(by: 60)
        let second = try vault.optOut(phone: bob, reason: "asked again", actor: .tester)
        #expect(second != first)
        let (restored, report) = try await restore(t, from: backups, id: id, keyStore: try keyStoreCopy(t))
        #expect(report.optOutsReplayed == 1)
        #expect(try restored.catalog.erasureRequest(second) != nil)
        #expect(try restored.catalog.erasureRequest(first)?.state == .completed)
    }

    @Test("a restore cut off after vault.json appeared is finished by the next open: the replay runs again, idempotent, and the mark goes")
    func openFinishesARestore() async throws {
        let (t, vault, a, _) = try vault()
        let backups = t.tmp.path("backups")
        let id = try await vault.backups.run(to: .directory(backups), actor: .tester).backupID
        _ = try vault.optOut(phone: alice, reason: "asked", actor: .tester)
        _ = try vault.runErasures(actor: .tester)
        let keys = try keyStoreCopy(t)
        let (restored, _) = try await restore(t, from: backups, id: id, keyStore: keys)
        // The state a kill between vault.json and the end of the replay leaves: the mark is back.
        let marker = RestoreMarker(backupID: id, checkpoint: try restored.auditLog.latestCheckpoint()!.note, previousHead: nil)
        try marker.write(restored.layout)
        var configuration = t.configuration(keyStore: keys)
        configuration.vaultURL = restored.layout.root
        let reopened = try Vault.open(configuration, logger: TestVault.quiet)
        #expect(try RestoreMarker.read(reopened.layout) == nil)
        #expect(try reopened.recording(a[0].id).state == .purged && reopened.recording(a[2].id).state == .restricted)
        #expect(try reopened.auditEntries(action: "vault.restore").count == 2)
        #expect(try await reopened.verify(actor: .tester).isClean)
        #expect(try reopened.auditLog.verify().entries > 0)
    }

    @Test("a restore after a KEK rotation since the backup opens with the new KEK")
    func rotatedSinceBackup() async throws {
        let (t, vault, a, _) = try vault()
        let backups = t.tmp.path("backups")
        _ = try await vault.backups.run(to: .directory(backups), actor: .tester)
        _ = try vault.rotateKeys(actor: .tester)
        let (restored, _) = try await restore(t, from: backups, keyStore: try keyStoreCopy(t))
        #expect(readable(restored, t, a[1].id))
        #expect(try restored.verifyKeys(actor: .tester).isClean)
    }

    @Test("a backup taken while ingests and consent claims go on is consistent: every row has its object, the chain verifies")
    func concurrentBackup() async throws {
        let (t, vault, _, _) = try vault()
        try vault.grantConsent(phone: bob, purpose: "marketing", source: "form", evidence: "f-2", actor: .tester)
        let wavs = try (0..<12).map { try t.wav("w\($0).wav", seconds: 0.2) }
        let backups = t.tmp.path("backups")
        let writer = Task.detached {
            for (index, wav) in wavs.enumerated() {
                _ = try vault.ingest(IngestRequest(source: wav, subject: try PhoneNumber(parsing: "+86139000001\(String(format: "%02d", index))")), actor: .tester)
                _ = try vault.checkConsent(phone: try PhoneNumber(parsing: "+8613900000002"), purpose: "marketing", claim: true, actor: .tester)
            }
        }
        var ids = [String]()
        for _ in 0..<3 {
            ids.append(try await vault.backups.run(to: .directory(backups), actor: .tester).backupID)
            t.clock.advance(by: 1)
        }
        try await writer.value
        for (index, id) in ids.enumerated() {
            let (restored, report) = try await restore(t, from: backups, id: id, keyStore: try keyStoreCopy(t, "keys-\(index)"), into: "restored-\(index)")
            #expect(report.objects == (try restored.catalog.recordings().count))
            #expect(try await restored.verify(actor: .tester).isClean)
            #expect(try restored.auditLog.verify().entries > 0)
        }
    }
}
