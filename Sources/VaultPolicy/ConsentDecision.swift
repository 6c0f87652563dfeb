public import Foundation

/// Why a call is refused. The raw values are the codes in `consent check --json`.
public enum ConsentReason: String, Sendable, Codable, CaseIterable {
    /// No authorisation recorded for the purpose.
    case noConsent = "no_consent"
    /// The number opted out (of every purpose).
    case optedOut = "opted_out"
    /// The number is blacklisted.
    case blacklisted
    /// It is quiet hours in the callee's local time.
    case quietHours = "quiet_hours"
    /// The number was called as often as a frequency rule allows in its window.
    case frequencyLimit = "frequency_limit"
}

/// What the vault knows about one number, as a consent decision needs it.
public struct ConsentState: Sendable, Equatable {
    /// When it opted out, if it did.
    public var optedOutAt: Date?
    /// Whether it is blacklisted.
    public var blacklisted: Bool
    /// Its customer tag (e.g. `complaint_sensitive`), if any.
    public var tag: String?
    /// Purposes with a recorded, unrevoked authorisation.
    public var grantedPurposes: Set<String>
    /// Call attempts (claims) within the longest window that applies, any purpose.
    public var attempts: [Date]

    /// Creates a state.
    public init(optedOutAt: Date? = nil, blacklisted: Bool = false, tag: String? = nil, grantedPurposes: Set<String> = [],
                attempts: [Date] = []) {
        self.optedOutAt = optedOutAt
        self.blacklisted = blacklisted
        self.tag = tag
        self.grantedPurposes = grantedPurposes
        self.attempts = attempts
    }
}

/// The answer to "may we call this number for this purpose now?".
public struct ConsentDecision: Sendable, Equatable {
    /// Whether the call is allowed.
    public var allowed: Bool
    /// Every reason that applies, in a fixed order (empty when allowed).
    public var reasons: [ConsentReason]
    /// On a frequency or quiet-hours deny (and no other reason), the earliest time a call would
    /// be allowed; nil otherwise.
    public var nextAllowedAt: Date?

    /// Creates a decision.
    public init(allowed: Bool, reasons: [ConsentReason], nextAllowedAt: Date?) {
        self.allowed = allowed
        self.reasons = reasons
        self.nextAllowedAt = nextAllowedAt
    }
}

extension VaultPolicy.Consent {
    /// The longest frequency window that may apply, in seconds: how far back attempts matter.
    public var longestWindow: TimeInterval {
        // A loop, not arrays: every check asks.
        var hours = defaultFrequency.windowHours
        for rule in purposeFrequency.values where rule.windowHours > hours { hours = rule.windowHours }
        for rule in tagFrequency.values where rule.windowHours > hours { hours = rule.windowHours }
        return TimeInterval(hours) * 3600
    }

    /// The frequency rules that apply to a check for `purpose` of a number tagged `tag`.
    func rules(purpose: String, tag: String?) -> [VaultPolicy.FrequencyRule] {
        [purposeFrequency[purpose] ?? defaultFrequency] + (tag.flatMap { tagFrequency[$0] }.map { [$0] } ?? [])
    }

    /// Decides a call at `at` for `purpose` to a number in `zone`. Pure: the same inputs give the
    /// same answer, so every rule is testable at any instant.
    public func decide(_ state: ConsentState, purpose: String, at: Date, zone: TimeZone) -> ConsentDecision {
        var reasons = [ConsentReason]()
        if !state.grantedPurposes.contains(purpose) { reasons.append(.noConsent) }
        if state.optedOutAt != nil { reasons.append(.optedOut) }
        if state.blacklisted { reasons.append(.blacklisted) }
        if isQuiet(at, zone: zone) { reasons.append(.quietHours) }
        let rules = rules(purpose: purpose, tag: state.tag)
        if rules.contains(where: { frequencyFreeAt($0, attempts: state.attempts, from: at) > at }) { reasons.append(.frequencyLimit) }
        guard !reasons.isEmpty else { return ConsentDecision(allowed: true, reasons: [], nextAllowedAt: nil) }
        let waitable: Set<ConsentReason> = [.quietHours, .frequencyLimit]
        guard reasons.allSatisfy(waitable.contains) else { return ConsentDecision(allowed: false, reasons: reasons, nextAllowedAt: nil) }
        // The earliest instant every frequency rule passes and it is not quiet hours.
        var t = at
        for _ in 0..<8 {
            let free = rules.map { frequencyFreeAt($0, attempts: state.attempts, from: t) }.max() ?? t
            t = max(t, free)
            guard isQuiet(t, zone: zone) else { break }
            t = quietEnd(after: t, zone: zone)
        }
        return ConsentDecision(allowed: false, reasons: reasons, nextAllowedAt: t)
    }

    /// The first instant at or after `from` when `rule` allows one more attempt. An attempt at
    /// `a` counts while `t < a + window`: at exactly `a + window` it no longer does.
    func frequencyFreeAt(_ rule: VaultPolicy.FrequencyRule, attempts: [Date], from: Date) -> Date {
        let window = TimeInterval(rule.windowHours) * 3600
        let inWindow = attempts.filter { $0 <= from && from < $0 + window }.sorted()
        guard inWindow.count >= rule.maxAttempts else { return from }
        return inWindow[inWindow.count - rule.maxAttempts] + window
    }

    /// Whether `t` falls in quiet hours in `zone` (start inclusive, end exclusive; may wrap midnight).
    public func isQuiet(_ t: Date, zone: TimeZone) -> Bool {
        let minute = Self.localSecondOfDay(t, zone: zone) / 60
        return quietStartMinute > quietEndMinute
            ? minute >= quietStartMinute || minute < quietEndMinute
            : minute >= quietStartMinute && minute < quietEndMinute
    }

    /// The next end of quiet hours after `t` in `zone`.
    func quietEnd(after t: Date, zone: TimeZone) -> Date {
        var delta = quietEndMinute * 60 - Self.localSecondOfDay(t, zone: zone)
        if delta <= 0 { delta += 86_400 }
        var end = t + TimeInterval(delta)
        // Across a daylight-saving change the wall clock moved: keep the end at local `end`.
        end += TimeInterval(zone.secondsFromGMT(for: t) - zone.secondsFromGMT(for: end))
        return end
    }

    static func localSecondOfDay(_ t: Date, zone: TimeZone) -> Int {
        let local = Int(floor(t.timeIntervalSince1970)) + zone.secondsFromGMT(for: t)
        return ((local % 86_400) + 86_400) % 86_400
    }

    /// The callee's zone: their country's, where it has one zone, else the policy's.
    public func zone(forCountryCode code: String) -> TimeZone {
        CountryTimeZones.zones[code] ?? timeZone
    }
}

/// Countries (by calling code) that keep one time zone, so a number's zone is known from it.
enum CountryTimeZones {
    /// The zones, made once (a `TimeZone` lookup by name is slow for a per-check path).
    static let zones: [String: TimeZone] = single.compactMapValues(TimeZone.init(identifier:))

    static let single: [String: String] = [
        "86": "Asia/Shanghai", "852": "Asia/Hong_Kong", "853": "Asia/Macau", "886": "Asia/Taipei", "81": "Asia/Tokyo",
        "82": "Asia/Seoul", "65": "Asia/Singapore", "60": "Asia/Kuala_Lumpur", "66": "Asia/Bangkok", "84": "Asia/Ho_Chi_Minh",
        "63": "Asia/Manila", "91": "Asia/Kolkata", "92": "Asia/Karachi", "880": "Asia/Dhaka", "94": "Asia/Colombo",
        "971": "Asia/Dubai", "966": "Asia/Riyadh", "972": "Asia/Jerusalem", "90": "Europe/Istanbul", "44": "Europe/London",
        "353": "Europe/Dublin", "33": "Europe/Paris", "49": "Europe/Berlin", "39": "Europe/Rome", "34": "Europe/Madrid",
        "31": "Europe/Amsterdam", "32": "Europe/Brussels", "41": "Europe/Zurich", "43": "Europe/Vienna", "46": "Europe/Stockholm",
        "47": "Europe/Oslo", "45": "Europe/Copenhagen", "358": "Europe/Helsinki", "48": "Europe/Warsaw", "420": "Europe/Prague",
        "36": "Europe/Budapest", "30": "Europe/Athens", "351": "Europe/Lisbon", "27": "Africa/Johannesburg", "234": "Africa/Lagos",
        "254": "Africa/Nairobi", "20": "Africa/Cairo", "64": "Pacific/Auckland",
    ]
}
