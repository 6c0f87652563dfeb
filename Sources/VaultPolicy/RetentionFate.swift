public import Foundation

/// What retention needs to know about one recording to decide its fate: nothing else is read.
public struct RetentionFacts: Sendable, Equatable {
    /// When its call started: retention periods count from here.
    public var startedAt: Date
    /// When its restriction (an erasure deferred by the minimum retention or a hold) ends; nil
    /// when it is not restricted.
    public var restrictedUntil: Date?
    /// Whether a legal hold covers it (on the recording or on its subject).
    public var held: Bool

    /// The facts of one recording.
    public init(startedAt: Date, restrictedUntil: Date? = nil, held: Bool) {
        (self.startedAt, self.restrictedUntil, self.held) = (startedAt, restrictedUntil, held)
    }
}

/// Who asks for a recording to go.
public enum RetentionDemand: Sendable, Equatable {
    /// The retention schedule: it goes only when its maximum passed or its restriction ended.
    case schedule
    /// Someone asks for it to be deleted (a deletion request, an erasure): it may go once its
    /// minimum retention passed.
    case request
}

/// The decision about one recording at one moment.
public enum RetentionFate: Sendable, Equatable {
    /// Nothing is due: the schedule keeps it.
    case keep
    /// It goes now (its data key destroyed, its object deleted), for `reason`.
    case purge(PurgeReason)
    /// It was asked to go, or is due, but must stay: until `until` (its minimum retention's end)
    /// because of each of `because`, in order (the minimum first, then a hold).
    case retain(until: Date, because: [RetainReason])

    /// Why a recording goes.
    public enum PurgeReason: Sendable, Equatable {
        /// Its maximum retention passed.
        case maximumPassed
        /// Its restriction ended.
        case restrictionEnded
        /// A deletion was asked for and nothing forbids it.
        case requested
    }

    /// Why a recording stays although it was asked to go or is due.
    public enum RetainReason: String, Sendable, Equatable {
        /// Its minimum retention has not passed.
        case minimum = "retention minimum"
        /// A legal hold covers it.
        case hold = "legal hold"
    }
}

extension VaultPolicy.Retention {
    /// `date` plus `months` calendar months in UTC (the 31st of a month plus one month is the end
    /// of the next, as `Calendar` counts).
    public static func adding(months: Int, to date: Date) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(byAdding: .month, value: months, to: date)!
    }

    /// When the minimum retention of a call that started at `startedAt` ends.
    public func minimumEnd(startedAt: Date) -> Date { Self.adding(months: minimumMonths, to: startedAt) }

    /// When the maximum retention of a call that started at `startedAt` ends.
    public func maximumEnd(startedAt: Date) -> Date { Self.adding(months: maximumMonths, to: startedAt) }

    /// The latest call start whose maximum retention may have ended by `now`, with room for the
    /// calendar (a month is 28 to 31 days): a query for calls started before it finds every
    /// recording the schedule could purge, and `fate` decides each exactly.
    public func scheduleCutoff(at now: Date) -> Date { Self.adding(months: -maximumMonths, to: now) + 4 * 86_400 }

    /// The one rule of retention: what happens to a recording at `now` when `demand` asks.
    ///
    /// - The schedule purges a recording once its maximum passed, or once its restriction ended;
    ///   a hold keeps it (`retain` because of the hold, until its minimum's end, which has passed).
    /// - A request purges it once its minimum passed and no hold covers it; otherwise it stays
    ///   until its minimum's end, because of the minimum (if not passed) and of the hold (if any).
    public func fate(of recording: RetentionFacts, at now: Date, demand: RetentionDemand) -> RetentionFate {
        let minimumEnd = minimumEnd(startedAt: recording.startedAt)
        switch demand {
        case .schedule:
            let reason: RetentionFate.PurgeReason
            if now >= maximumEnd(startedAt: recording.startedAt) {
                reason = .maximumPassed
            } else if let until = recording.restrictedUntil, until <= now {
                reason = .restrictionEnded
            } else {
                return .keep
            }
            return recording.held ? .retain(until: minimumEnd, because: [.hold]) : .purge(reason)
        case .request:
            var because: [RetentionFate.RetainReason] = []
            if now < minimumEnd { because.append(.minimum) }
            if recording.held { because.append(.hold) }
            return because.isEmpty ? .purge(.requested) : .retain(until: minimumEnd, because: because)
        }
    }
}
