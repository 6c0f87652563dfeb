import Foundation
import Testing
import VaultAudit
import VaultBase
@testable import VaultCore
import VaultCrypto
import VaultStore

@Suite struct UsersTests {
    static let password = "correct horse battery 7"

    /// A vault with an auditor `alice` who enrolled `secret`; returns both.
    func enrolled(_ t: TestVault) async throws -> (Vault, TOTP) {
        let vault = try t.create()
        _ = try await vault.users.add(name: "alice", role: .auditor, password: Self.password, actor: .tester)
        guard case .needsEnrolment = try await vault.users.checkPassword(name: "alice", password: Self.password) else {
            Issue.record("a new auditor was not asked to enrol"); throw CancellationError()
        }
        let totp = TOTP(secret: try TOTP.generateSecret())
        let step = try await vault.users.enrol(name: "alice", secret: totp.secret, code: totp.code(at: t.clock.now()))
        guard case .signedIn(let account) = step else { Issue.record("enrolment did not sign in: \(step)"); throw CancellationError() }
        #expect(account.secondFactorEnrolled && account.role == .auditor)
        return (vault, totp)
    }

    @Test func addListsAndAuditsWithoutTheHash() async throws {
        let t = TestVault()
        let vault = try t.create()
        let account = try await vault.users.add(name: "alice", role: .auditor, password: Self.password, actor: .tester)
        #expect(account.name == "alice" && !account.secondFactorEnrolled && !account.disabled)
        #expect(try await vault.users.list() == [account])
        let json = String(decoding: try JSONEncoder().encode(account), as: UTF8.self)
        #expect(!json.contains("scrypt") && json.contains("\"created_at\":\"2026-03-01T09:30:00Z\""))
        #expect(try JSONDecoder().decode(UserAccount.self, from: Data(json.utf8)) == account)
        let stored = try #require(try vault.catalog.user(named: "alice"))
        #expect(stored.passwordHash.hasPrefix("$scrypt$ln=14,"), "the configured cost")
        #expect(VaultConfiguration(vaultURL: t.vaultURL).passwordCost == 17, "the default cost")
        let entries = try await vault.audit.entries(action: "user.create")
        #expect(entries.map(\.target) == ["alice"] && entries.first?.detail["role"] == "auditor")
    }

    @Test func refusesWeakPasswordsBadNamesAndTakenNames() async throws {
        let t = TestVault()
        let vault = try t.create()
        await #expect(throws: VaultError.self) { try await vault.users.add(name: "alice", role: .dpo, password: "short", actor: .tester) }
        await #expect(throws: VaultError.self) { try await vault.users.add(name: "al ice", role: .dpo, password: Self.password, actor: .tester) }
        _ = try await vault.users.add(name: "alice", role: .dpo, password: Self.password, actor: .tester)
        await #expect(throws: StoreError.self) { try await vault.users.add(name: "alice", role: .admin, password: Self.password, actor: .tester) }
    }

    @Test func codeIsGoodOnceAndWrongCodesCount() async throws {
        let t = TestVault()
        let (vault, totp) = try await enrolled(t)
        guard case .needsCode = try await vault.users.checkPassword(name: "alice", password: Self.password) else { Issue.record("no code asked"); return }
        // The code enrolment used is spent; the next step's is good once.
        #expect(try await vault.users.checkCode(name: "alice", code: totp.code(at: t.clock.now())) == .refused)
        t.clock.advance(by: 30)
        guard case .signedIn = try await vault.users.checkCode(name: "alice", code: totp.code(at: t.clock.now())) else { Issue.record("a fresh code was refused"); return }
        #expect(try await vault.users.checkCode(name: "alice", code: totp.code(at: t.clock.now())) == .refused)
        let denied = try await vault.audit.entries(action: "user.sign_in").filter { $0.outcome == "denied" }
        #expect(denied.count == 2 && denied.allSatisfy { $0.detail["why"] == "wrong code" })
    }

    @Test func fiveFailuresLockTheAccountForHalfAnHour() async throws {
        let t = TestVault()
        let vault = try t.create()
        _ = try await vault.users.add(name: "bob", role: .dpo, password: Self.password, actor: .tester)
        for k in 0..<5 { #expect(try await vault.users.checkPassword(name: "bob", password: "wrong password \(k)") == .refused) }
        #expect(try await vault.users.checkPassword(name: "bob", password: Self.password) == .refused)
        #expect(try await vault.users.account(named: "bob")?.lockedUntil == t.clock.now().addingTimeInterval(30 * 60))
        #expect(try await vault.audit.entries(action: "user.lock_out").map(\.target) == ["bob"])
        t.clock.advance(by: 30 * 60)
        guard case .needsEnrolment = try await vault.users.checkPassword(name: "bob", password: Self.password) else { Issue.record("still locked"); return }
    }

    @Test func unknownNamesAreRefusedLikeWrongPasswords() async throws {
        let t = TestVault()
        let vault = try t.create()
        #expect(try await vault.users.checkPassword(name: "nobody", password: Self.password) == .refused)
        let entry = try await vault.audit.entries(action: "user.sign_in").last
        #expect(entry?.outcome == "denied" && entry?.actor == "nobody" && entry?.authentication == "console:unverified")
    }

    @Test func rolesWithoutConsoleNeedNoSecondFactor() async throws {
        let t = TestVault()
        let vault = try t.create()
        _ = try await vault.users.add(name: "dana", role: .dialer, password: Self.password, actor: .tester)
        guard case .signedIn(let account) = try await vault.users.checkPassword(name: "dana", password: Self.password) else { Issue.record("not signed in"); return }
        #expect(!account.role.hasConsole)
    }

    @Test func disableRefusesAndResetClearsTheSecondFactor() async throws {
        let t = TestVault()
        let (vault, _) = try await enrolled(t)
        try await vault.users.disable(name: "alice", actor: .tester)
        #expect(try await vault.users.checkPassword(name: "alice", password: Self.password) == .refused)
        try await vault.users.reset(name: "alice", password: "another horse battery 8", actor: .tester)
        let account = try #require(try await vault.users.account(named: "alice"))
        #expect(!account.disabled && !account.secondFactorEnrolled)
        #expect(try await vault.users.checkPassword(name: "alice", password: Self.password) == .refused)
        guard case .needsEnrolment = try await vault.users.checkPassword(name: "alice", password: "another horse battery 8") else { Issue.record("no enrolment"); return }
        await #expect(throws: StoreError.self) { try await vault.users.disable(name: "nobody", actor: .tester) }
    }

    @Test func anAccountRowChangedByHandIsNoAccount() async throws {
        let t = TestVault()
        let vault = try t.create()
        _ = try await vault.users.add(name: "dana", role: .dialer, password: Self.password, actor: .tester)
        try t.sql("UPDATE users SET role = 'admin' WHERE name = 'dana'")
        #expect(try await vault.users.checkPassword(name: "dana", password: Self.password) == .refused)
        #expect(try await vault.users.account(named: "dana") == nil)
    }

    @Test func theTOTPSecretIsSealedInTheCatalog() async throws {
        let t = TestVault()
        let (_, totp) = try await enrolled(t)
        for file in ["catalog.sqlite", "catalog.sqlite-wal"] {
            guard let dump = try? Data(contentsOf: t.vaultURL.appendingPathComponent(file)) else { continue }
            #expect(dump.range(of: Data(totp.secret)) == nil, "\(file)")
        }
    }
}
