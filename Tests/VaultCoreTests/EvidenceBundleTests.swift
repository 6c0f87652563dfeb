import Foundation
import Testing
import VaultAudit
import VaultBase
import VaultBundle
@testable import VaultCore
import VaultCrypto
import VaultStore
import VaultTestSupport

@Suite("Evidence bundles (Vault.exportEvidenceBundle)")
struct EvidenceBundleTests {
    let alice = try! PhoneNumber(parsing: "+8613900000001")
    let bob = try! PhoneNumber(parsing: "+8613900000002")

    /// A vault at 2026-09-01: Alice's calls in January, March and August, Bob's in March.
    func vault() throws -> (TestVault, Vault, [RecordingRecord]) {
        let t = TestVault()
        t.clock.set(Timestamp.parse("2026-09-01T12:00:00Z")!)
        let vault = try t.create()
        let calls: [(PhoneNumber, String)] = [(alice, "2026-01-10T09:00:00Z"), (alice, "2026-03-05T10:00:00Z"), (alice, "2026-08-20T10:00:00Z"),
                                              (bob, "2026-03-06T10:00:00Z")]
        let records = try calls.enumerated().map { index, call in
            var request = IngestRequest(source: try t.wav("r\(index).wav", seconds: 0.4), subject: call.0, campaign: "spring",
                                        startedAt: Timestamp.parse(call.1))
            if index == 1 {
                let transcript = t.tmp.path("r1.txt")
                try Data("my card is 4111 1111 1111 1111\n".utf8).write(to: transcript)
                request.transcript = transcript
            }
            return try vault.ingest(request, actor: .tester)
        }
        try vault.grantConsent(phone: alice, purpose: "marketing", source: "signup", evidence: "form 12", actor: .tester)
        return (t, vault, records)
    }

    @Test("every call to a number in March: only those, verifiable, the originals, the release audited before the bundle")
    func subjectInMarch() throws {
        let (t, vault, r) = try vault()
        let out = t.tmp.path("march")
        let result = try vault.exportEvidenceBundle(
            EvidenceBundleRequest(subject: alice, since: Timestamp.parse("2026-03-01T00:00:00Z"), until: Timestamp.parse("2026-04-01T00:00:00Z"),
                                  reason: "auditor case 7"), to: out, actor: .tester)
        #expect(result.released == [r[1].id])
        #expect(result.withheld.isEmpty)
        let verification = try EvidenceBundleVerifier(trustedPublicKey: vault.auditLog.publicKey).verify(at: out)
        #expect(verification.problems == [])
        #expect(verification.audioChecked == 1)
        #expect(verification.recordings == 1)
        // The recording's document is the one Recording (as the API and `recordings show --json`
        // give it) with the bundle's facts beside it.
        let document = try JSONDecoder().decode(EvidenceRecording.self,
                                                from: Data(contentsOf: out.appendingPathComponent("data/recordings/\(r[1].id).json")))
        #expect(document.recording == Recording(try vault.recording(r[1].id)))
        #expect(document.audio == "data/recordings/\(r[1].id).opus" && document.withheld == nil)
        // The audio is the original: byte for byte what exportAudio gives.
        let audio = try Data(contentsOf: out.appendingPathComponent("data/recordings/\(r[1].id).opus"))
        #expect(SHA256Hasher.hash(Array(audio)).hexString == r[1].opusSha256)
        #expect(try String(contentsOf: out.appendingPathComponent("data/transcripts/\(r[1].id).txt"), encoding: .utf8).contains("*******"))
        // Who, what, why: one entry per recording and one for the bundle, all proven in the bundle.
        let releases = try vault.auditEntries(action: "bundle.export")
        #expect(releases.map(\.target) == [r[1].id.description, nil])
        #expect(releases.allSatisfy { $0.detail["reason"] == "auditor case 7" && $0.detail["bundle"] == result.bundleID && $0.actor == "tester" })
        #expect(releases.last?.detail["selection"]?.contains(vault.pseudonym(of: alice)) == true)
        #expect(releases.allSatisfy { !$0.detail.values.joined().contains("13900000001") })
        let entries = try String(contentsOf: out.appendingPathComponent("data/audit/entries.jsonl"), encoding: .utf8)
        #expect(entries.contains("\"action\":\"recording.ingest\"") && entries.contains("\"action\":\"consent.grant\"") && entries.contains("\"action\":\"bundle.export\""))
        #expect(!entries.contains(r[3].id.description))  // Bob's call is not touched
        let consent = try String(contentsOf: out.appendingPathComponent("data/consent/\(vault.pseudonym(of: alice)).json"), encoding: .utf8)
        #expect(consent.contains("\"kind\" : \"grant\"") && consent.contains("form 12"))
    }

    @Test("purged recordings are listed with their fate and no audio; restricted ones need restricted access, which is audited")
    func accessRules() throws {
        let (t, vault, r) = try vault()
        try vault.placeHold(recording: r[1].id, reason: "complaint", actor: .tester)
        _ = try vault.requestErasure(phone: alice, reason: "DPO ticket", actor: .tester)
        _ = try vault.runErasures(actor: .tester)
        #expect(try vault.recording(r[0].id).state == .purged)
        #expect(try vault.recording(r[1].id).state == .restricted)

        let refused = t.tmp.path("refused.zip")
        let error = #expect(throws: VaultError.self) {
            try vault.exportEvidenceBundle(EvidenceBundleRequest(subject: alice, reason: "audit"), to: refused, actor: .tester)
        }
        #expect(error?.code == .restricted)
        #expect(!FileManager.default.fileExists(atPath: refused.path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: t.tmp.url.path).allSatisfy { !$0.contains("refused") })
        #expect(try vault.auditEntries(action: "bundle.export").map(\.outcome) == ["denied"])

        let out = t.tmp.path("alice.zip")
        let result = try vault.exportEvidenceBundle(EvidenceBundleRequest(subject: alice, reason: "regulator inquiry", restrictedAccess: true),
                                                    to: out, actor: .tester)
        #expect(Set(result.released) == [r[1].id, r[2].id])
        #expect(result.withheld == [r[0].id])
        #expect(try vault.auditEntries(action: "recording.restricted_access").map(\.detail["reason"]) == ["regulator inquiry", "regulator inquiry"])
        let verification = try EvidenceBundleVerifier().verify(at: out)
        #expect(verification.problems == [])
        #expect(verification.recordings == 3 && verification.audioChecked == 2)
        let unzip = try Subprocess.run("unzip", ["-p", out.path, "alice/data/recordings/\(r[0].id).json"])
        #expect(unzip.stdout.contains("\"withheld\" : \"purged at"))
        #expect(!unzip.stdout.contains("\"audio\""))
        let held = try Subprocess.run("unzip", ["-p", out.path, "alice/data/recordings/\(r[1].id).json"])
        #expect(held.stdout.contains("\"reason\" : \"complaint\"") && held.stdout.contains("\"restricted_until\""))
    }

    @Test("encrypted to an auditor's age key: verified after decryption, only noted without the identity")
    func ageRecipient() throws {
        let (t, vault, r) = try vault()
        let auditor = try AgeX25519Identity.generate()
        let out = t.tmp.path("enc")
        _ = try vault.exportEvidenceBundle(EvidenceBundleRequest(recordings: [r[1].id], recipient: auditor.publicKey, reason: "audit"),
                                           to: out, actor: .tester)
        let file = out.appendingPathComponent("data/recordings/\(r[1].id).opus.age")
        let plain = try AgeEncryption.decrypt(Array(try Data(contentsOf: file)), identity: auditor)
        #expect(SHA256Hasher.hash(plain).hexString == r[1].opusSha256)
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("data/transcripts/\(r[1].id).txt.age").path))
        let withKey = try EvidenceBundleVerifier(identities: [auditor]).verify(at: out)
        #expect(withKey.problems == [] && withKey.audioChecked == 1)
        let without = try EvidenceBundleVerifier().verify(at: out)
        #expect(without.problems == [] && without.audioChecked == 0 && without.notes.count == 1)
        let stranger = try EvidenceBundleVerifier(identities: [try AgeX25519Identity.generate()]).verify(at: out)
        #expect(stranger.problems.map(\.path).contains("data/recordings/\(r[1].id).opus.age"))
    }

    @Test("refusals: no reason, no selection, inside the vault, an existing destination, an unknown id: nothing written, nothing released")
    func refusals() throws {
        let (t, vault, r) = try vault()
        #expect((#expect(throws: VaultError.self) {
            try vault.exportEvidenceBundle(EvidenceBundleRequest(subject: alice, reason: "  "), to: t.tmp.path("a"), actor: .tester)
        })?.code == .refused)
        #expect((#expect(throws: VaultError.self) {
            try vault.exportEvidenceBundle(EvidenceBundleRequest(reason: "x"), to: t.tmp.path("b"), actor: .tester)
        })?.code == .refused)
        #expect((#expect(throws: VaultError.self) {
            try vault.exportEvidenceBundle(EvidenceBundleRequest(subject: alice, reason: "x"), to: t.vaultURL.appendingPathComponent("objects/b"), actor: .tester)
        })?.code == .refused)
        try FileManager.default.createDirectory(at: t.tmp.path("exists"), withIntermediateDirectories: false)
        #expect((#expect(throws: BundleError.self) {
            try vault.exportEvidenceBundle(EvidenceBundleRequest(recordings: [r[0].id], reason: "x"), to: t.tmp.path("exists"), actor: .tester)
        })?.code == .exists)
        #expect((#expect(throws: StoreError.self) {
            try vault.exportEvidenceBundle(EvidenceBundleRequest(recordings: [RecordingID()], reason: "x"), to: t.tmp.path("c"), actor: .tester)
        })?.code == .notFound)
        #expect((#expect(throws: StoreError.self) {
            try vault.exportEvidenceBundle(EvidenceBundleRequest(campaign: "autumn", reason: "x"), to: t.tmp.path("d"), actor: .tester)
        })?.code == .notFound)
        #expect(try vault.auditEntries(action: "bundle.export").isEmpty)
        #expect(!FileManager.default.fileExists(atPath: t.tmp.path("a").path))
    }
}
