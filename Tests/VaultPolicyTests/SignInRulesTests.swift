import Foundation
import Testing
import VaultPolicy

@Suite struct SignInRulesTests {
    let rules = SignInRules.default
    let now = Date(timeIntervalSince1970: 1_772_357_400)

    @Test func fifthFailureLocksForHalfAnHourAndStartsTheCountAgain() {
        var attempts = SignInRules.Attempts(failures: 0, lockedUntil: nil)
        for _ in 1..<5 {
            attempts = rules.afterFailure(attempts, now: now)
            #expect(!rules.isLocked(attempts, now: now))
        }
        attempts = rules.afterFailure(attempts, now: now)
        #expect(attempts == .init(failures: 0, lockedUntil: now.addingTimeInterval(30 * 60)))
        #expect(rules.isLocked(attempts, now: now.addingTimeInterval(30 * 60 - 1)))
        #expect(!rules.isLocked(attempts, now: now.addingTimeInterval(30 * 60)))
    }

    @Test func meetsPCIDSSLimits() {
        #expect(rules.maximumFailures <= 10)
        #expect(rules.lockOut >= 30 * 60)
        #expect(rules.minimumPasswordLength >= 12)
    }

    @Test func refusesWeakPasswords() {
        #expect(rules.passwordProblem("short one", name: "alice") != nil)
        #expect(rules.passwordProblem("alice-is-my-password", name: "Alice") != nil)
        #expect(rules.passwordProblem("aaaaaaaaaaaaaaaa", name: "bob") != nil)
        #expect(rules.passwordProblem("correct horse battery 7", name: "alice") == nil)
    }
}
