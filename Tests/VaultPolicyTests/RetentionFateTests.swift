import Foundation
import Testing
import VaultPolicy

@Suite("Retention fate: the one rule, without a vault")
struct RetentionFateTests {
    let rule = VaultPolicy.Retention(minimumMonths: 6, maximumMonths: 24)
    static func date(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }
    let start = date("2026-01-31T12:00:00Z")

    @Test("the schedule keeps a recording until its maximum, then purges it unless held")
    func schedule() {
        let stored = RetentionFacts(startedAt: start, held: false)
        #expect(rule.fate(of: stored, at: Self.date("2028-01-31T11:59:59Z"), demand: .schedule) == .keep)
        #expect(rule.fate(of: stored, at: Self.date("2028-01-31T12:00:00Z"), demand: .schedule) == .purge(.maximumPassed))
        let held = RetentionFacts(startedAt: start, held: true)
        #expect(rule.fate(of: held, at: Self.date("2030-01-01T00:00:00Z"), demand: .schedule)
                == .retain(until: Self.date("2026-07-31T12:00:00Z"), because: [.hold]))
    }

    @Test("the schedule purges a restricted recording when its restriction ends, unless held; the maximum wins when both passed")
    func restriction() {
        let restricted = RetentionFacts(startedAt: start, restrictedUntil: Self.date("2026-07-31T12:00:00Z"), held: false)
        #expect(rule.fate(of: restricted, at: Self.date("2026-07-31T11:00:00Z"), demand: .schedule) == .keep)
        #expect(rule.fate(of: restricted, at: Self.date("2026-07-31T12:00:00Z"), demand: .schedule) == .purge(.restrictionEnded))
        #expect(rule.fate(of: restricted, at: Self.date("2028-02-01T00:00:00Z"), demand: .schedule) == .purge(.maximumPassed))
        var held = restricted
        held.held = true
        #expect(rule.fate(of: held, at: Self.date("2026-08-01T00:00:00Z"), demand: .schedule)
                == .retain(until: Self.date("2026-07-31T12:00:00Z"), because: [.hold]))
    }

    @Test("a request purges once the minimum passed and nothing holds it; otherwise names every reason, the minimum first")
    func request() {
        let minimumEnd = Self.date("2026-07-31T12:00:00Z")
        let free = RetentionFacts(startedAt: start, held: false), held = RetentionFacts(startedAt: start, held: true)
        #expect(rule.fate(of: free, at: Self.date("2026-03-01T00:00:00Z"), demand: .request) == .retain(until: minimumEnd, because: [.minimum]))
        #expect(rule.fate(of: held, at: Self.date("2026-03-01T00:00:00Z"), demand: .request) == .retain(until: minimumEnd, because: [.minimum, .hold]))
        #expect(rule.fate(of: free, at: minimumEnd, demand: .request) == .purge(.requested))
        #expect(rule.fate(of: held, at: minimumEnd, demand: .request) == .retain(until: minimumEnd, because: [.hold]))
    }

    @Test("months are calendar months in UTC: the 31st plus one month is the month's last day")
    func calendar() {
        #expect(rule.minimumEnd(startedAt: Self.date("2026-08-31T23:30:00Z")) == Self.date("2027-02-28T23:30:00Z"))
        #expect(VaultPolicy.Retention.adding(months: 1, to: Self.date("2028-01-31T00:00:00Z")) == Self.date("2028-02-29T00:00:00Z"))
    }

    @Test("the schedule's cutoff finds every recording whose maximum passed, on every day of four years")
    func cutoff() {
        let first = Self.date("2026-01-01T00:00:00Z")
        for day in 0..<(4 * 366) {
            let now = first + Double(day) * 86_400 + 43_210
            let cutoff = rule.scheduleCutoff(at: now)
            // Calls started in the 40 days around the boundary, every 6 hours.
            let boundary = VaultPolicy.Retention.adding(months: -rule.maximumMonths, to: now)
            for step in -80...80 {
                let startedAt = boundary + Double(step) * 21_600
                if rule.maximumEnd(startedAt: startedAt) <= now { #expect(startedAt < cutoff, "now \(now), started \(startedAt)") }
            }
        }
    }
}
