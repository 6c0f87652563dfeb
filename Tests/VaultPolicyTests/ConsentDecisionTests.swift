import Foundation
import Testing
@testable import VaultPolicy
import VaultBase

@Suite("Consent decisions at their boundaries")
struct ConsentDecisionTests {
    let consent = VaultPolicy.default.consent
    let shanghai = TimeZone(identifier: "Asia/Shanghai")!
    let granted = ConsentState(grantedPurposes: ["marketing", "service", "collections"])

    func at(_ text: String) -> Date { Timestamp.parse(text)! }

    func decide(_ state: ConsentState, _ time: String, purpose: String = "marketing", zone: TimeZone? = nil) -> ConsentDecision {
        consent.decide(state, purpose: purpose, at: at(time), zone: zone ?? shanghai)
    }

    @Test("quiet hours run from 22:00 to 07:59:59 in the callee's time", arguments: [
        ("2026-03-02T21:59:59+08:00", true), ("2026-03-02T22:00:00+08:00", false), ("2026-03-03T03:00:00+08:00", false),
        ("2026-03-03T07:59:59+08:00", false), ("2026-03-03T08:00:00+08:00", true), ("2026-03-03T12:00:00+08:00", true),
    ])
    func quietHours(time: String, allowed: Bool) {
        let decision = decide(granted, time)
        #expect(decision.allowed == allowed)
        if !allowed {
            #expect(decision.reasons == [.quietHours])
            #expect(decision.nextAllowedAt == at(time.hasPrefix("2026-03-02") ? "2026-03-03T08:00:00+08:00" : "2026-03-03T08:00:00+08:00"))
        }
    }

    @Test("one attempt per rolling 72 hours: denied until exactly 72 hours later")
    func frequencyBoundary() {
        var state = granted
        state.attempts = [at("2026-03-02T10:00:00+08:00")]
        let before = decide(state, "2026-03-05T09:59:59+08:00")
        #expect(before.reasons == [.frequencyLimit])
        #expect(before.nextAllowedAt == at("2026-03-05T10:00:00+08:00"))
        #expect(decide(state, "2026-03-05T10:00:00+08:00").allowed)
        // Across purposes: an attempt for service counts against marketing.
        #expect(decide(state, "2026-03-03T10:00:00+08:00", purpose: "service").reasons == [.frequencyLimit])
    }

    @Test("a frequency deny that ends in quiet hours waits for their end")
    func frequencyThenQuiet() {
        var state = granted
        state.attempts = [at("2026-03-02T23:30:00+08:00")]  // an attempt in quiet hours (made elsewhere)
        let decision = decide(state, "2026-03-05T12:00:00+08:00")
        #expect(decision.reasons == [.frequencyLimit])
        #expect(decision.nextAllowedAt == at("2026-03-06T08:00:00+08:00"))  // free at 23:30, then quiet until 08:00
    }

    @Test("a customer tag adds its own, longer window")
    func tagRule() {
        var state = granted
        state.tag = "complaint_sensitive"
        state.attempts = [at("2026-03-01T10:00:00+08:00")]
        let decision = decide(state, "2026-03-20T10:00:00+08:00")
        #expect(decision.reasons == [.frequencyLimit])
        #expect(decision.nextAllowedAt == at("2026-03-31T10:00:00+08:00"))  // 720 hours
    }

    @Test("every reason is listed; no next time when a wait would not help")
    func allReasons() {
        let state = ConsentState(optedOutAt: at("2026-03-01T00:00:00Z"), blacklisted: true, attempts: [at("2026-03-02T10:00:00+08:00")])
        let decision = decide(state, "2026-03-02T23:00:00+08:00")
        #expect(!decision.allowed)
        #expect(decision.reasons == [.noConsent, .optedOut, .blacklisted, .quietHours, .frequencyLimit])
        #expect(decision.nextAllowedAt == nil)
    }

    @Test("a 72-hour window over a leap day is still 72 hours")
    func leapDay() {
        var state = granted
        state.attempts = [at("2028-02-28T12:00:00+08:00")]
        #expect(!decide(state, "2028-03-02T11:59:59+08:00").allowed)
        #expect(decide(state, "2028-03-02T12:00:00+08:00").allowed)
    }

    @Test("numbers with a known country use that country's zone, across a daylight-saving change")
    func zones() {
        let london = consent.zone(forCountryCode: "44")
        #expect(london.identifier == "Europe/London")
        #expect(consent.zone(forCountryCode: "1").identifier == "Asia/Shanghai")  // several zones: the policy's
        // 2026-03-29 01:00 UTC London moves to BST. 21:30 UTC on the 28th is 21:30 GMT: allowed;
        // 21:30 UTC on the 29th is 22:30 BST: quiet until 08:00 BST (07:00 UTC).
        #expect(decide(granted, "2026-03-28T21:30:00Z", zone: london).allowed)
        let bst = decide(granted, "2026-03-29T21:30:00Z", zone: london)
        #expect(bst.reasons == [.quietHours])
        #expect(bst.nextAllowedAt == at("2026-03-30T07:00:00Z"))
        // The night of the change: 22:30 GMT on the 28th is quiet until 08:00 BST, 07:00 UTC.
        #expect(decide(granted, "2026-03-28T22:30:00Z", zone: london).nextAllowedAt == at("2026-03-29T07:00:00Z"))
    }

    @Test("the consent section is validated")
    func schema() {
        let bad = VaultPolicy.default.source.replacingOccurrences(of: "time_zone: Asia/Shanghai", with: "time_zone: Mars/Olympus")
        #expect((#expect(throws: PolicyError.self) { try VaultPolicy(yaml: bad) })?.message.contains("not an IANA time zone") == true)
        let quiet = VaultPolicy.default.source.replacingOccurrences(of: "start: \"22:00\"", with: "start: \"25:00\"")
        #expect(throws: PolicyError.self) { try VaultPolicy(yaml: quiet) }
        let purpose = VaultPolicy.default.source.replacingOccurrences(of: "purposes: {}", with: "purposes: {surveys: {max_attempts: 1, window_hours: 24}}")
        #expect((#expect(throws: PolicyError.self) { try VaultPolicy(yaml: purpose) })?.message.contains("surveys") == true)
    }
}
