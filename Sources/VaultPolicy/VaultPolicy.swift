public import Foundation
import Yams

/// The rules a vault runs under, read from a policy file (`Policies/default.yaml` by default;
/// schema in `Policies/README.md`). A value is `Sendable` and immutable; rules that regulators
/// set as bounds (90-day key rotation, 6-month retention, 72-hour erasure) are enforced here, so
/// no vault can be configured below them.
public struct VaultPolicy: Sendable, Equatable {
    /// Key rules.
    public struct Keys: Sendable, Equatable {
        /// Days a KEK may wrap new keys before it is rotated (1–90).
        public var rotationPeriodDays: Int
    }
    /// Retention rules.
    public struct Retention: Sendable, Equatable {
        /// Months a recording is kept at least (≥ 6).
        public var minimumMonths: Int
        /// Months after which it is purged unless held (≥ minimum).
        public var maximumMonths: Int

        /// Rules with these periods (a policy file's bounds are checked when it is read, not here).
        public init(minimumMonths: Int, maximumMonths: Int) { (self.minimumMonths, self.maximumMonths) = (minimumMonths, maximumMonths) }
    }
    /// Recording rules.
    public struct Recordings: Sendable, Equatable {
        /// The longest call accepted, hours (1–24): a longer input is refused, however small the
        /// file that claims it.
        public var maximumCallHours: Int
    }
    /// Erasure rules.
    public struct Erasure: Sendable, Equatable {
        /// Hours from an opt-out or DPO request to completed erasure (1–72).
        public var deadlineHours: Int
    }

    /// How many call attempts a rolling window allows.
    public struct FrequencyRule: Sendable, Equatable {
        /// Attempts allowed in the window.
        public var maxAttempts: Int
        /// The window's length in hours.
        public var windowHours: Int
    }
    /// Consent rules: purposes, quiet hours, call frequency.
    public struct Consent: Sendable, Equatable {
        /// The purposes a number can be authorised for.
        public var purposes: [String]
        /// The callee's zone when the number's country names none.
        public var timeZone: TimeZone
        /// Quiet hours start, minutes after local midnight (e.g. 22:00 → 1320).
        public var quietStartMinute: Int
        /// Quiet hours end (exclusive), minutes after local midnight (e.g. 08:00 → 480).
        public var quietEndMinute: Int
        /// The default frequency rule.
        public var defaultFrequency: FrequencyRule
        /// Rules that replace the default for one purpose.
        public var purposeFrequency: [String: FrequencyRule]
        /// Rules that apply on top for customers with a tag.
        public var tagFrequency: [String: FrequencyRule]
    }

    /// Key rules.
    public var keys: Keys
    /// Retention rules.
    public var retention: Retention
    /// Erasure rules.
    public var erasure: Erasure
    /// Recording rules (an optional section: 12 hours when absent).
    public var recordings: Recordings
    /// Consent rules.
    public var consent: Consent
    /// The policy text it was read from.
    public let source: String

    /// The longest KEK rotation period allowed, in days.
    public static let maximumRotationPeriodDays = 90
    /// The shortest retention allowed, in months.
    public static let minimumRetentionMonths = 6
    /// The longest erasure deadline allowed, in hours.
    public static let maximumErasureDeadlineHours = 72
    /// The longest call a policy may accept, in hours.
    public static let maximumCallHoursCeiling = 24
    /// The longest call accepted when the policy does not say.
    public static let defaultMaximumCallHours = 12

    /// The shipped default policy (`Policies/default.yaml`).
    public static var `default`: VaultPolicy {
        // The embedded copy is checked against Policies/default.yaml by the tests.
        try! VaultPolicy(yaml: DefaultPolicy.yaml)
    }

    /// Reads and validates a policy. Errors name the line.
    public init(yaml: String) throws {
        let node: Node?
        do { node = try Yams.compose(yaml: yaml) } catch let error as YamlError {
            throw PolicyError(.syntax, line: Self.line(of: error), "not valid YAML: \(Self.reason(of: error))")
        }
        guard let root = node?.mapping else { throw PolicyError(.schema, line: 1, "a policy is a mapping of sections (format, keys, retention, erasure)") }
        let reader = MappingReader(root, path: "")
        try reader.allow(["format", "keys", "retention", "erasure", "consent", "recordings"])
        guard try reader.int("format") == 1 else {
            throw PolicyError(.schema, line: reader.line(of: "format"), "format must be 1")
        }
        let keys = try reader.section("keys")
        try keys.allow(["rotation_period_days"])
        let retention = try reader.section("retention")
        try retention.allow(["minimum_months", "maximum_months"])
        let erasure = try reader.section("erasure")
        try erasure.allow(["deadline_hours"])
        self.keys = Keys(rotationPeriodDays: try keys.int("rotation_period_days"))
        self.retention = Retention(minimumMonths: try retention.int("minimum_months"), maximumMonths: try retention.int("maximum_months"))
        self.erasure = Erasure(deadlineHours: try erasure.int("deadline_hours"))
        self.consent = try Self.readConsent(try reader.section("consent"))
        if reader.keys.contains("recordings") {
            let recordings = try reader.section("recordings")
            try recordings.allow(["maximum_call_hours"])
            let hours = try recordings.int("maximum_call_hours")
            guard (1...Self.maximumCallHoursCeiling).contains(hours) else {
                throw PolicyError(.rule, line: recordings.line(of: "maximum_call_hours"),
                                  "recordings.maximum_call_hours is \(hours): it must be 1 to \(Self.maximumCallHoursCeiling)")
            }
            self.recordings = Recordings(maximumCallHours: hours)
        } else {
            self.recordings = Recordings(maximumCallHours: Self.defaultMaximumCallHours)
        }
        self.source = yaml

        guard (1...Self.maximumRotationPeriodDays).contains(self.keys.rotationPeriodDays) else {
            throw PolicyError(.rule, line: keys.line(of: "rotation_period_days"),
                              "keys.rotation_period_days is \(self.keys.rotationPeriodDays): KEKs must rotate at least every \(Self.maximumRotationPeriodDays) days")
        }
        guard self.retention.minimumMonths >= Self.minimumRetentionMonths else {
            throw PolicyError(.rule, line: retention.line(of: "minimum_months"),
                              "retention.minimum_months is \(self.retention.minimumMonths): recordings must be kept at least \(Self.minimumRetentionMonths) months")
        }
        guard self.retention.maximumMonths >= self.retention.minimumMonths else {
            throw PolicyError(.rule, line: retention.line(of: "maximum_months"), "retention.maximum_months must be at least retention.minimum_months")
        }
        guard (1...Self.maximumErasureDeadlineHours).contains(self.erasure.deadlineHours) else {
            throw PolicyError(.rule, line: erasure.line(of: "deadline_hours"),
                              "erasure.deadline_hours is \(self.erasure.deadlineHours): erasure must complete within \(Self.maximumErasureDeadlineHours) hours")
        }
    }

    public static func == (lhs: VaultPolicy, rhs: VaultPolicy) -> Bool {
        lhs.keys == rhs.keys && lhs.retention == rhs.retention && lhs.erasure == rhs.erasure && lhs.consent == rhs.consent
            && lhs.recordings == rhs.recordings
    }

    private static func readConsent(_ consent: MappingReader) throws -> Consent {
        try consent.allow(["purposes", "time_zone", "quiet_hours", "frequency"])
        let purposes = try consent.stringList("purposes")
        guard !purposes.isEmpty else { throw PolicyError(.rule, line: consent.line(of: "purposes"), "consent.purposes must name at least one purpose") }
        let zoneName = try consent.string("time_zone")
        guard let zone = TimeZone(identifier: zoneName) else {
            throw PolicyError(.rule, line: consent.line(of: "time_zone"), "consent.time_zone '\(zoneName)' is not an IANA time zone")
        }
        let quiet = try consent.section("quiet_hours")
        try quiet.allow(["start", "end"])
        let frequency = try consent.section("frequency")
        try frequency.allow(["default", "purposes", "tags"])
        func rule(_ reader: MappingReader) throws -> FrequencyRule {
            try reader.allow(["max_attempts", "window_hours"])
            let rule = FrequencyRule(maxAttempts: try reader.int("max_attempts"), windowHours: try reader.int("window_hours"))
            guard rule.maxAttempts >= 1, rule.windowHours >= 1 else {
                throw PolicyError(.rule, line: reader.line(of: "max_attempts"), "\(reader.path): max_attempts and window_hours must be at least 1")
            }
            return rule
        }
        func rules(_ key: String) throws -> [String: FrequencyRule] {
            let section = try frequency.section(key)
            var out = [String: FrequencyRule]()
            for name in section.keys { out[name] = try rule(try section.section(name)) }
            return out
        }
        let byPurpose = try rules("purposes")
        if let unknown = byPurpose.keys.first(where: { !purposes.contains($0) }) {
            throw PolicyError(.rule, line: frequency.line(of: "purposes"), "consent.frequency.purposes names \(unknown), which is not in consent.purposes")
        }
        return Consent(purposes: purposes, timeZone: zone, quietStartMinute: try quiet.minuteOfDay("start"),
                       quietEndMinute: try quiet.minuteOfDay("end"), defaultFrequency: try rule(try frequency.section("default")),
                       purposeFrequency: byPurpose, tagFrequency: try rules("tags"))
    }

    private static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): mark.line
        default: nil
        }
    }

    private static func reason(of error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _): problem
        default: "\(error)"
        }
    }
}

/// Reads one YAML mapping with the errors a policy author needs: the key's full path and line.
struct MappingReader {
    let mapping: Node.Mapping
    let path: String

    init(_ mapping: Node.Mapping, path: String) {
        self.mapping = mapping
        self.path = path
    }

    private func full(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The line of `key` (1-based), or of the mapping when it is absent.
    func line(of key: String) -> Int? {
        for (k, _) in mapping where k.string == key { return k.mark.map { $0.line } }
        return mapping.mark.map { $0.line }
    }

    /// Fails on any key not in `keys`.
    func allow(_ keys: Set<String>) throws {
        for (k, _) in mapping where !keys.contains(k.string ?? "") {
            throw PolicyError(.schema, line: k.mark?.line, "unknown key \(full(k.string ?? "?")); known here: \(keys.sorted().joined(separator: ", "))")
        }
    }

    private func value(_ key: String) throws -> Node {
        guard let node = mapping[Node(key)] else { throw PolicyError(.schema, line: mapping.mark?.line, "\(full(key)) is missing") }
        return node
    }

    func int(_ key: String) throws -> Int {
        let node = try value(key)
        guard let scalar = node.scalar, let n = Int(scalar.string) else {
            throw PolicyError(.schema, line: node.mark?.line, "\(full(key)) must be a whole number")
        }
        return n
    }

    /// The keys present, in order.
    var keys: [String] { mapping.compactMap { $0.key.string } }

    func string(_ key: String) throws -> String {
        let node = try value(key)
        guard let scalar = node.scalar else { throw PolicyError(.schema, line: node.mark?.line, "\(full(key)) must be text") }
        return scalar.string
    }

    func stringList(_ key: String) throws -> [String] {
        let node = try value(key)
        guard let items = node.sequence?.map({ $0.scalar?.string }), items.allSatisfy({ $0 != nil }) else {
            throw PolicyError(.schema, line: node.mark?.line, "\(full(key)) must be a list of names")
        }
        return items.map { $0! }
    }

    /// A `"HH:MM"` time as minutes after midnight.
    func minuteOfDay(_ key: String) throws -> Int {
        let text = try string(key)
        let parts = text.split(separator: ":").map { Int($0) }
        guard parts.count == 2, let h = parts[0], let m = parts[1], (0..<24).contains(h), (0..<60).contains(m) else {
            throw PolicyError(.schema, line: line(of: key), "\(full(key)) must be a time like \"22:00\"")
        }
        return h * 60 + m
    }

    func section(_ key: String) throws -> MappingReader {
        let node = try value(key)
        guard let mapping = node.mapping else { throw PolicyError(.schema, line: node.mark?.line, "\(full(key)) must be a mapping") }
        return MappingReader(mapping, path: full(key))
    }
}
