import Foundation
import Testing
import VaultAudit
import VaultBase
@testable import VaultCore
import VaultPolicy
import VaultStore
import VaultTestSupport

@Suite("Consent: grants, opt-outs, blacklist, claims")
struct ConsentTests {
    let number = try! PhoneNumber(parsing: "+8613911112222")

    /// A vault whose clock reads 10:00 Shanghai time on 2026-03-02.
    func vault() throws -> (TestVault, Vault) {
        let t = TestVault()
        t.clock.set(Timestamp.parse("2026-03-02T10:00:00+08:00")!)
        return (t, try t.create())
    }

    @Test("free text reaches the audit log redacted: a consent's source and evidence, a reason, an actor's name")
    func freeTextIsRedactedBeforeTheLog() throws {
        let (t, vault) = try vault()
        defer { withExtendedLifetime(t) {} }
        try vault.grantConsent(phone: number, purpose: "marketing", source: "call back on 13911112222",
                               evidence: "ID 110105194912310021 checked", actor: VaultActor(name: "agent 13800138000", authentication: "local"))
        _ = try vault.optOut(phone: number, reason: "customer said stop calling one three nine one one one one two two two two", actor: .tester)
        _ = try vault.createAPIToken(name: "dialer for 13800138000", role: .dialer, actor: .tester)
        let log = try vault.exportAuditEntries(actor: .tester).map { String(decoding: $0, as: UTF8.self) }.joined(separator: "\n")
        for needle in ["13911112222", "1391111", "110105194912310021", "13800138000", "one three nine one one"] {
            #expect(!log.contains(needle), "\(needle) is in the audit log")
        }
        #expect(log.contains("call back on *******2222") && log.contains("checked"))
    }

    @Test("no consent, then a grant allows; revoking withdraws that purpose only")
    func grantAndRevoke() throws {
        let (t, vault) = try vault()
        defer { withExtendedLifetime(t) {} }
        #expect(try vault.checkConsent(phone: number, purpose: "marketing", actor: .tester).reasons == [.noConsent])
        try vault.grantConsent(phone: number, purpose: "marketing", source: "signup-agreement", evidence: "doc-1", actor: .tester)
        try vault.grantConsent(phone: number, purpose: "service", source: "sms-confirmation", evidence: "sms-9", actor: .tester)
        #expect(try vault.checkConsent(phone: number, purpose: "marketing", actor: .tester).allowed)
        try vault.revokeConsent(phone: number, purpose: "marketing", actor: .tester)
        #expect(try vault.checkConsent(phone: number, purpose: "marketing", actor: .tester).reasons == [.noConsent])
        #expect(try vault.checkConsent(phone: number, purpose: "service", actor: .tester).allowed)
        #expect(throws: StoreError.self) { try vault.revokeConsent(phone: number, purpose: "marketing", actor: .tester) }
        #expect(throws: VaultError.self) { try vault.checkConsent(phone: number, purpose: "astrology", actor: .tester) }
        #expect(try vault.auditEntries(action: "consent.grant").count == 2)
    }

    @Test("a claim records the attempt; the next one waits 72 hours; plain checks are not audited, claims are")
    func claims() throws {
        let (t, vault) = try vault()
        try vault.grantConsent(phone: number, purpose: "marketing", source: "signup", evidence: "doc", actor: .tester)
        _ = try vault.checkConsent(phone: number, purpose: "marketing", actor: .tester)
        #expect(try vault.auditEntries(action: "consent.claim").isEmpty)
        #expect(try vault.checkConsent(phone: number, purpose: "marketing", claim: true, actor: .tester).allowed)
        t.clock.advance(by: 3600)
        let second = try vault.checkConsent(phone: number, purpose: "service", claim: true, actor: .tester)
        #expect(second.reasons.contains(.frequencyLimit))
        let claims = try vault.auditEntries(action: "consent.claim")
        #expect(claims.map(\.outcome) == ["ok", "denied"])
        #expect(claims.allSatisfy { $0.target == vault.pseudonym(of: number) })
        let planned = try vault.checkConsent(phone: number, purpose: "marketing", at: Timestamp.parse("2026-03-05T10:00:00+08:00"), actor: .tester)
        #expect(planned.allowed)  // --at plans without changing anything
        #expect(throws: VaultError.self) { try vault.checkConsent(phone: number, purpose: "marketing", at: t.clock.now(), claim: true, actor: .tester) }
    }

    @Test("a claim whose clock reads earlier than an attempt already recorded (a racing claim that read the time first, a node behind) is still refused")
    func claimBehindARecordedAttempt() throws {
        let (t, vault) = try vault()
        try vault.grantConsent(phone: number, purpose: "marketing", source: "signup", evidence: "doc", actor: .tester)
        #expect(try vault.checkConsent(phone: number, purpose: "marketing", claim: true, actor: .tester).allowed)
        t.clock.advance(by: -2)  // this claim's clock is two seconds behind the winner's
        let late = try vault.checkConsent(phone: number, purpose: "marketing", claim: true, actor: .tester)
        #expect(!late.allowed && late.reasons.contains(.frequencyLimit), "\(late)")
        t.clock.advance(by: 72 * 3600 + 2)
        #expect(try vault.checkConsent(phone: number, purpose: "marketing", claim: true, actor: .tester).allowed, "72 hours after the attempt")
    }

    @Test("eight dialers claiming the same numbers at once never break the frequency limit")
    func racingClaims() async throws {
        let (t, vault) = try vault()
        defer { withExtendedLifetime(t) {} }
        let numbers = try (0..<4).map { try PhoneNumber(parsing: "+861390000000\($0)") }
        for n in numbers { try vault.grantConsent(phone: n, purpose: "marketing", source: "signup", evidence: "doc", actor: .tester) }
        let allowed = try await withThrowingTaskGroup(of: Int.self) { group in
            for dialer in 0..<8 {
                group.addTask {
                    try await BlockingWork.run {
                        try numbers.filter { try vault.checkConsent(phone: $0, purpose: "marketing", claim: true,
                                                                    actor: VaultActor(name: "dialer-\(dialer)", authentication: "token")).allowed }.count
                    }
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(allowed == numbers.count)  // exactly one claim per number
        #expect(try vault.auditEntries(action: "consent.claim").count == 8 * numbers.count)
    }

    @Test("an opt-out denies every purpose at once and opens an erasure request due in 72 hours")
    func optOut() throws {
        let (t, vault) = try vault()
        try vault.grantConsent(phone: number, purpose: "marketing", source: "signup", evidence: "doc", actor: .tester)
        let id = try vault.optOut(phone: number, actor: .tester)
        #expect(try vault.checkConsent(phone: number, purpose: "marketing", actor: .tester).reasons == [.optedOut])
        let request = try #require(try vault.erasureRequests().first { $0.id == id })
        #expect(request.state == .open)
        #expect(request.deadline == t.clock.now() + 72 * 3600)
        #expect(try vault.optOut(phone: number, actor: .tester) == id)  // one open request per number
    }

    @Test("blacklisting denies; removal restores; the list shows masked numbers")
    func blacklist() throws {
        let (t, vault) = try vault()
        defer { withExtendedLifetime(t) {} }
        try vault.grantConsent(phone: number, purpose: "marketing", source: "signup", evidence: "doc", actor: .tester)
        try vault.setBlacklisted(phone: number, true, reason: "abusive", actor: .tester)
        #expect(try vault.checkConsent(phone: number, purpose: "marketing", actor: .tester).reasons == [.blacklisted])
        #expect(try vault.blacklist().map(\.masked) == ["*******2222"])
        try vault.setBlacklisted(phone: number, false, reason: nil, actor: .tester)
        #expect(try vault.checkConsent(phone: number, purpose: "marketing", actor: .tester).allowed)
    }

    @Test("screening many numbers at once gives the same answers as single checks")
    func screen() throws {
        let (t, vault) = try vault()
        defer { withExtendedLifetime(t) {} }
        let numbers = try (0..<50).map { try PhoneNumber(parsing: String(format: "+86139%08d", $0)) }
        for n in numbers where n.nationalNumber.hasSuffix("0") || n.nationalNumber.hasSuffix("5") {
            try vault.grantConsent(phone: n, purpose: "marketing", source: "signup", evidence: "doc", actor: .tester)
        }
        try vault.optOut(phone: numbers[5], actor: .tester)
        let screened = try vault.screen(numbers, purpose: "marketing")
        for (n, decision) in zip(numbers, screened) {
            #expect(decision == (try vault.checkConsent(phone: n, purpose: "marketing", actor: .tester)))
        }
        #expect(screened.filter(\.allowed).count == 9)
    }

    @Test("no phone number appears in clear anywhere in the vault or key store")
    func noClearNumbers() throws {
        let (t, vault) = try vault()
        try vault.grantConsent(phone: number, purpose: "marketing", source: "signup", evidence: "doc", actor: .tester)
        _ = try vault.checkConsent(phone: number, purpose: "marketing", claim: true, actor: .tester)
        try vault.setBlacklisted(phone: number, true, reason: "test", actor: .tester)
        try vault.optOut(phone: number, actor: .tester)
        _ = try vault.ingest(IngestRequest(source: try t.wav(), subject: number), actor: .tester)
        for file in t.files(under: t.vaultURL) + t.files(under: t.keyStoreURL) {
            let bytes = Array(try Data(contentsOf: file))
            for needle in ["13911112222", "+8613911112222", "8613911112222"] {
                #expect(!bytes.contains(Array(needle.utf8)), "\(needle) in \(file.lastPathComponent)")
            }
        }
    }
}
