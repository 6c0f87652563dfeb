/// The kinds of number that are never kept in clear.
public enum SensitiveNumberKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// A PRC resident identity card number (18 characters with MOD 11-2 check, or the old 15-digit form).
    case idNumber = "id_number"
    /// A payment card number (13–19 digits passing Luhn).
    case bankCard = "bank_card"
    /// A PRC mobile or landline number, with or without +86 / 0086 / 86.
    case phone = "phone"
}

/// How sure the finder is that a span is a sensitive number.
public enum RedactionConfidence: String, Sendable, Hashable, Codable, Comparable {
    /// The check digit or number pattern validates and nothing in the context argues against it.
    case high
    /// It validates, but the pattern is weak (landline, unknown card prefix, ID without a plausible date).
    case medium
    /// It fails its check, but a context word (身份证, 卡号, card number, ID…) right before it says what it is.
    case low

    private var rank: Int { self == .high ? 2 : self == .medium ? 1 : 0 }
    public static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }
}

/// One hidden region of a text.
///
/// Offsets count Unicode scalars (code points) from the start of the text, `end` exclusive, the
/// same as Python `str` indices. A span starts at the first character of the number as spoken,
/// including a `+` prefix and any restarted part before a correction, and ends after its last digit.
public struct RedactionSpan: Sendable, Hashable, Codable {
    /// First scalar offset of the span.
    public var start: Int
    /// Scalar offset just past the span.
    public var end: Int
    /// What was found.
    public var kind: SensitiveNumberKind
    /// How sure the finder is.
    public var confidence: RedactionConfidence
    /// For phones, the offset from which the last four digits stay visible; `end` otherwise.
    public var visibleFrom: Int

    /// Creates a span.
    public init(start: Int, end: Int, kind: SensitiveNumberKind, confidence: RedactionConfidence, visibleFrom: Int? = nil) {
        self.start = start
        self.end = end
        self.kind = kind
        self.confidence = confidence
        self.visibleFrom = visibleFrom ?? end
    }
}

/// A text with its sensitive numbers masked, and where they were.
public struct RedactedText: Sendable, Hashable {
    /// The text with one `*` per hidden scalar (line breaks are kept).
    public var text: String
    /// The hidden regions, in order, as offsets into the input text.
    public var spans: [RedactionSpan]
}
