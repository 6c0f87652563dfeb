import Foundation
import Testing
@testable import VaultPolicy
import VaultTestSupport

@Suite("Policy files")
struct VaultPolicyTests {
    @Test("the embedded default is byte for byte Policies/default.yaml, and valid")
    func defaultMatchesFile() throws {
        let file = try String(contentsOf: Fixtures.packageRoot.appendingPathComponent("Policies/default.yaml"), encoding: .utf8)
        #expect(DefaultPolicy.yaml + "\n" == file || DefaultPolicy.yaml == file)
        let policy = VaultPolicy.default
        #expect(policy.keys.rotationPeriodDays == 90)
        #expect(policy.retention.minimumMonths == 6)
        #expect(policy.retention.maximumMonths == 24)
        #expect(policy.erasure.deadlineHours == 72)
    }

    func variant(_ from: String, _ to: String) -> String { VaultPolicy.default.source.replacingOccurrences(of: from, with: to) }

    @Test("rules the regulators set are enforced, naming the line", arguments: [
        ("rotation_period_days: 90", "rotation_period_days: 91", 8, "at least every 90 days"),
        ("minimum_months: 6", "minimum_months: 5", 12, "at least 6 months"),
        ("maximum_months: 24", "maximum_months: 3", 14, "at least retention.minimum_months"),
        ("deadline_hours: 72", "deadline_hours: 96", 18, "within 72 hours"),
    ])
    func rules(from: String, to: String, line: Int, message: String) {
        let error = #expect(throws: PolicyError.self) { try VaultPolicy(yaml: variant(from, to)) }
        #expect(error?.code == .rule)
        #expect(error?.line == line)
        #expect(error?.message.contains(message) == true, "\(String(describing: error))")
    }

    @Test("unknown, missing and mistyped keys are schema errors with lines")
    func schema() {
        let typo = #expect(throws: PolicyError.self) { try VaultPolicy(yaml: variant("rotation_period_days", "rotation_period_dayz")) }
        #expect(typo?.code == .schema)
        #expect(typo?.line == 8)
        #expect(typo?.message.contains("unknown key keys.rotation_period_dayz") == true)
        let word = #expect(throws: PolicyError.self) { try VaultPolicy(yaml: variant("deadline_hours: 72", "deadline_hours: three days")) }
        #expect(word?.message == "erasure.deadline_hours must be a whole number")
        #expect(word?.line == 18)
        let missing = #expect(throws: PolicyError.self) { try VaultPolicy(yaml: "format: 1\nkeys:\n  rotation_period_days: 30\n") }
        #expect(missing?.message == "retention is missing")
        #expect((#expect(throws: PolicyError.self) { try VaultPolicy(yaml: "format: 2\n") })?.message == "format must be 1")
    }

    @Test("text that is not YAML is a syntax error with its line")
    func syntax() {
        let error = #expect(throws: PolicyError.self) { try VaultPolicy(yaml: "format: 1\nkeys: [unclosed\n") }
        #expect(error?.code == .syntax)
        #expect(error?.line != nil)
        #expect((#expect(throws: PolicyError.self) { try VaultPolicy(yaml: "- a\n- b\n") })?.code == .schema)
    }
}
