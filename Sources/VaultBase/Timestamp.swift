public import Foundation

/// ISO 8601 reading and writing, as used on the command line, in JSON, in the catalog and in
/// audit entries. Uses Foundation's `Date.ISO8601FormatStyle` (a value type, cheap to call on a
/// hot path; a formatter object would cost a hundred times more per call).
public enum Timestamp {
    private static let utc = TimeZone(identifier: "UTC")!
    private static let withFraction = Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: utc)
    private static let withoutFraction = Date.ISO8601FormatStyle(timeZone: utc)
    private static let dateOnly = Date.ISO8601FormatStyle(timeZone: utc).year().month().day()

    /// Parses an ISO 8601 date-time (`2026-03-01T09:30:00Z`, `2026-03-01T17:30:00+08:00`,
    /// with or without fractional seconds) or a bare date (`2026-03-01`, midnight UTC).
    /// Returns nil for anything else.
    public static func parse(_ text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.count == 10 { return try? dateOnly.parse(trimmed) }
        guard trimmed.count > 10, trimmed.contains("T") else { return nil }
        return (try? withFraction.parse(trimmed)) ?? (try? withoutFraction.parse(trimmed))
    }

    /// Formats an instant as UTC ISO 8601 with millisecond precision, e.g. `2026-03-01T09:30:00.000Z`.
    public static func format(_ date: Date) -> String { withFraction.format(date) }
}
