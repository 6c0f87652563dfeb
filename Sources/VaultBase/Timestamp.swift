public import Foundation

/// ISO 8601 reading and writing, as used on the command line, in JSON and in the catalog.
public enum Timestamp {
    /// Parses an ISO 8601 date-time (`2026-03-01T09:30:00Z`, `2026-03-01T17:30:00+08:00`,
    /// with or without fractional seconds) or a bare date (`2026-03-01`, midnight UTC).
    /// Returns nil for anything else.
    public static func parse(_ text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        for options: ISO8601DateFormatter.Options in [
            [.withInternetDateTime],
            [.withInternetDateTime, .withFractionalSeconds],
            [.withFullDate],
        ] {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = options
            formatter.timeZone = TimeZone(identifier: "UTC")
            if let date = formatter.date(from: trimmed) { return date }
        }
        return nil
    }

    /// Formats an instant as UTC ISO 8601 with millisecond precision, e.g. `2026-03-01T09:30:00.000Z`.
    public static func format(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}
