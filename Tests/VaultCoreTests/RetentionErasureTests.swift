import Foundation
import Testing
import VaultAudit
import VaultBase
@testable import VaultCore
import VaultCrypto
import VaultPolicy
import VaultStore
import VaultTestSupport

@Suite("Retention, legal holds and erasure")
struct RetentionErasureTests {
    let alice = try! PhoneNumber(parsing: "+8613900000001")

    /// A vault at 2026-09-01 with three of Alice's recordings: 8 months old, 7 months old and 1 month old.
    func vault() throws -> (TestVault, Vault, [RecordingRecord]) {
        let t = TestVault()
        t.clock.set(Timestamp.parse("2026-09-01T12:00:00Z")!)
        let vault = try t.create()
        let records = try ["2026-01-01T12:00:00Z", "2026-02-01T12:00:00Z", "2026-08-01T12:00:00Z"].enumerated().map { index, start in
            try vault.ingest(IngestRequest(source: try t.wav("r\(index).wav", seconds: 0.3), subject: alice, startedAt: Timestamp.parse(start)), actor: .tester)
        }
        return (t, vault, records)
    }

    func readable(_ vault: Vault, _ t: TestVault, _ record: RecordingRecord, reason: String? = nil) -> Bool {
        (try? vault.exportAudio(record.id, to: t.tmp.path("\(UUID()).opus"), actor: .tester, restrictedAccessReason: reason)) != nil
    }

    @Test("deleting before the 6-month minimum is refused with the date it becomes allowed; after, it purges")
    func deleteRecording() async throws {
        let (t, vault, r) = try vault()
        let error = #expect(throws: VaultError.self) { try vault.deleteRecording(r[2].id, reason: "test", actor: .tester) }
        #expect(error?.code == .refused)
        #expect(error?.message.contains("2027-02-01T12:00:00.000Z") == true)
        #expect(try vault.auditEntries(action: "recording.purge").map(\.outcome) == ["denied"])  // a refused attempt is logged
        try vault.deleteRecording(r[0].id, reason: "customer asked", actor: .tester)
        #expect(try vault.recording(r[0].id).state == .purged)
        #expect((#expect(throws: VaultError.self) { try vault.exportAudio(r[0].id, to: t.tmp.path("x.opus"), actor: .tester) })?.code == .purged)
        #expect(!FileManager.default.fileExists(atPath: vault.files.url(forRelativePath: r[0].objectPath).path))
        // Alice's other recordings moved to a new key; the old one is gone from the key store.
        #expect(readable(vault, t, r[1]) && readable(vault, t, r[2]))
        #expect(try vault.recording(r[1].id).keySubject == "\(vault.pseudonym(of: alice))#2")
        #expect(try vault.keyRing.subjects.row(for: vault.pseudonym(of: alice)) == nil)
        #expect(try await vault.verify(actor: .tester).isClean)
        #expect(try vault.verifyKeys(actor: .tester).isClean)
        // A recording ingested now goes under the new key generation.
        let late = try vault.ingest(IngestRequest(source: try t.wav("late.wav", seconds: 0.2), subject: alice), actor: .tester)
        #expect(late.keySubject == "\(vault.pseudonym(of: alice))#2")
    }

    @Test("a copy of the vault's data made before a purge cannot decrypt the purged recording")
    func purgeReachesCopies() throws {
        let (t, vault, r) = try vault()
        let copy = t.tmp.path("copy")
        try FileManager.default.copyItem(at: t.vaultURL, to: copy)
        try vault.deleteRecording(r[0].id, reason: "test", actor: .tester)
        var configuration = t.configuration()
        configuration.vaultURL = copy
        let old = try Vault.open(configuration, logger: TestVault.quiet)
        #expect(!readable(old, t, r[0]))  // its data key was wrapped under a key that no longer exists
    }

    @Test("retention purges past the maximum, keeps what is held, and a released hold lets it go")
    func retentionAndHolds() throws {
        let (t, vault, r) = try vault()
        let hold = try vault.placeHold(recording: r[0].id, reason: "litigation 12", actor: .tester)
        #expect(throws: VaultError.self) { try vault.deleteRecording(r[0].id, reason: "x", actor: .tester) }
        t.clock.set(Timestamp.parse("2028-02-15T12:00:00Z")!)  // 24 months after the first two, not the third
        let run = try vault.runRetention(actor: .tester)
        #expect(run.expired == [r[1].id])
        #expect(run.held == [r[0].id])
        #expect(readable(vault, t, r[0]) && readable(vault, t, r[2]))
        #expect(try vault.holds().map(\.id) == [hold.id])
        #expect(try vault.releaseHold(recording: r[0].id, reason: "case closed", actor: .tester) == 1)
        #expect(try vault.runRetention(actor: .tester).expired == [r[0].id])
        #expect(try vault.auditEntries(action: "recording.purge").map(\.outcome) == ["denied", "ok", "ok"])  // the refused delete under hold, then two purges
        #expect(try vault.auditEntries(action: "hold.place").count == 1)
    }

    @Test("one run purges several recordings of one subject: each purge moves the others to a new key, and the next reads them again")
    func severalPurgesOfOneSubject() throws {
        let (t, vault, r) = try vault()
        _ = try vault.requestErasure(phone: alice, reason: "DPO ticket 78", actor: .tester)
        let done = try vault.runErasures(actor: .tester)
        #expect(done.map(\.state) == [.completed])
        #expect(try [r[0], r[1], r[2]].map { try vault.recording($0.id).state } == [.purged, .purged, .restricted])
        #expect(readable(vault, t, r[2], reason: "auditor request 6"))
        // The schedule likewise: two of one subject past the maximum in one run.
        let (t2, other, s) = try self.vault()
        t2.clock.set(Timestamp.parse("2028-03-15T12:00:00Z")!)
        #expect(Set(try other.runRetention(actor: .tester).expired) == [s[0].id, s[1].id])
        #expect(readable(other, t2, s[2]))
    }

    @Test("erasure deletes what may go, restricts the rest until its minimum, and signs a receipt")
    func erasure() throws {
        let (t, vault, r) = try vault()
        try vault.grantConsent(phone: alice, purpose: "marketing", source: "signup", evidence: "doc", actor: .tester)
        try vault.placeHold(recording: r[1].id, reason: "complaint investigation", actor: .tester)
        let id = try vault.requestErasure(phone: alice, reason: "DPO ticket 77", actor: .tester)
        #expect(try vault.checkConsent(phone: alice, purpose: "marketing", actor: .tester).reasons == [.optedOut])
        let done = try vault.runErasures(actor: .tester)
        let request = try #require(done.first { $0.id == id })
        #expect(request.state == .completed)
        let receipt = try #require(request.receipt)
        #expect(vault.verifyErasureReceipt(receipt))
        #expect(!vault.verifyErasureReceipt(receipt.replacingOccurrences(of: "deleted", with: "kept")))
        let items = try #require(try JSONSerialization.jsonObject(with: Data(receipt.utf8)) as? [String: Any])["items"] as? [String: [String: Any]]
        #expect(items?[r[0].id.description]?["fate"] as? String == "deleted")
        #expect(items?[r[1].id.description]?["fate"] as? String == "restricted")
        #expect(items?[r[1].id.description]?["because"] as? String == "legal hold")
        #expect(items?[r[2].id.description]?["until"] as? String == "2027-02-01T12:00:00.000Z")
        // Restricted: unreadable but for stated, audited access.
        #expect((#expect(throws: VaultError.self) { try vault.exportAudio(r[2].id, to: t.tmp.path("x.opus"), actor: .tester) })?.code == .restricted)
        #expect(try vault.auditEntries(action: "recording.audio.export").last?.outcome == "denied")
        #expect(readable(vault, t, r[2], reason: "auditor request 5"))
        #expect(try vault.auditEntries(action: "recording.restricted_access").first?.detail["reason"] == "auditor request 5")
        #expect(!readable(vault, t, r[0]))
        // Consent data is gone but the suppression stays.
        #expect(try vault.consentHistory(phone: alice).map(\.kind) == ["opt-out"])
        #expect(try vault.checkConsent(phone: alice, purpose: "marketing", actor: .tester).reasons.contains(.optedOut))
        // When the minimum ends, retention purges the restricted recording not held.
        t.clock.set(Timestamp.parse("2027-02-02T00:00:00Z")!)
        #expect(try vault.runRetention(actor: .tester).restrictionsEnded == [r[2].id])
        #expect(!readable(vault, t, r[2], reason: "x"))
        #expect(readable(vault, t, r[1], reason: "still held"))  // held: stays until released
        #expect(try vault.auditEntries(action: "erasure.complete").map(\.outcome) == ["ok"])
    }

    @Test("an erasure interrupted part-way is completed by the next run")
    func interruptedErasure() throws {
        let (t, vault, r) = try vault()
        let id = try vault.requestErasure(phone: alice, reason: "DPO ticket 78", actor: .tester)
        // The erasure purged one recording, and the process died before it destroyed the old key
        // and closed the request.
        try vault.purge(r[0], actor: .tester, why: "erasure")
        let oldKey = r[0].keySubject!
        try t.sql("INSERT INTO pending_key_destructions (key_subject, requested_at) VALUES ('\(oldKey)#9', '2026-09-01 12:00:00.000')")
        let reopened = try t.open()
        let done = try reopened.runErasures(actor: .tester)
        #expect(done.first { $0.id == id }?.state == .completed)
        #expect(try reopened.catalog.pendingKeyDestructions().isEmpty)
        #expect(try reopened.recording(r[1].id).state == .purged)
        #expect(try reopened.recording(r[2].id).state == .restricted)
    }

    @Test("a hold placed after retention decided still wins: the purge's own transaction refuses a held recording")
    func holdCheckedInThePurgeTransaction() throws {
        let t = TestVault()
        let vault = try t.create()
        let record = try vault.ingest(IngestRequest(source: try t.wav("held.wav")), actor: .tester)
        t.clock.advance(by: 25 * 31 * 86_400)  // past the maximum: the schedule would purge it
        try vault.placeHold(recording: record.id, reason: "placed mid-run", actor: .tester)
        // As if the run had read the holds before this one was placed.
        #expect(throws: StoreError.self) { try vault.purge(record, actor: .tester, why: "retention maximum passed") }
        #expect(try vault.recording(record.id).state == .stored)
        #expect(try vault.runRetention(actor: .tester).held == [record.id])
    }
}
