/// A redacted transcript read as one text, with who said each part of it and when: what a
/// phrase scan reads (so a phrase split over words, segments or cues is found), and how what it
/// finds gets its speaker and time. Built by `TranscriptRedactor.redact(data:format:keepingText:)`
/// from the same joined stream the redactor searched, after masking: it never holds a hidden digit.
public struct TranscriptText: Sendable, Hashable {
    /// One piece the text was joined from: a word, a segment, a cue, or a line of plain text.
    public struct Part: Sendable, Hashable {
        /// Where it stands in ``scalars``.
        public var range: Range<Int>
        /// When it was said, in milliseconds from the start of the recording, when the transcript says.
        public var startMs: Int?
        /// When it ends, in milliseconds.
        public var endMs: Int?
        /// Who said it, as the transcript names them (an ASR `speaker` field, a WebVTT `<v>` voice).
        public var speaker: String?
    }

    /// Where a stretch of the text was said.
    public struct Location: Sendable, Hashable {
        /// The start of the first timed part it touches, in milliseconds.
        public var startMs: Int?
        /// The end of the last timed part it touches, in milliseconds.
        public var endMs: Int?
        /// Its first part's speaker, else the speaker label opening its line ("坐席：", "[Agent]").
        public var speaker: String?
    }

    /// The text as Unicode scalar values: words joined by a space (none between Chinese words),
    /// segments, cues and changes of speaker by a line break; masks as `*`, markup as spaces.
    public let scalars: [UInt32]
    /// The parts, in order of ``scalars``.
    public let parts: [Part]

    /// A text made of `scalars` and its `parts`.
    public init(scalars: [UInt32], parts: [Part]) {
        self.scalars = scalars
        self.parts = parts
    }

    /// The text as a string.
    public var text: String { TextRedactor.string(scalars) }

    /// Where `range` (offsets into ``scalars``) was said.
    public func locate(_ range: Range<Int>) -> Location {
        var lo = 0, hi = parts.count
        while lo < hi {  // the first part that ends after the range starts
            let mid = (lo + hi) / 2
            if parts[mid].range.upperBound <= range.lowerBound { lo = mid + 1 } else { hi = mid }
        }
        var location = Location()
        var k = lo
        while k < parts.count, parts[k].range.lowerBound < max(range.upperBound, range.lowerBound + 1) {
            let part = parts[k]
            if let s = part.startMs, let e = part.endMs {
                location.startMs = min(location.startMs ?? s, s)
                location.endMs = max(location.endMs ?? e, e)
            }
            if k == lo { location.speaker = part.speaker }
            k += 1
        }
        if location.speaker == nil { location.speaker = label(at: range.lowerBound) }
        return location
    }

    /// The speaker label opening the line that holds `position`, without its timestamp,
    /// brackets and colon; nil when the line opens with none (see `Conversation.labelEnd`).
    func label(at position: Int) -> String? {
        guard position <= scalars.count, let label = Conversation.labelRange(scalars, at: position) else { return nil }
        let end = label.upperBound
        var p = label.lowerBound
        while p < end, scalars[p] == 0x20 || scalars[p] == 0x09 { p += 1 }
        if let q = Conversation.timestampEnd(scalars, at: p, limit: end) { p = q }
        while p < end, Self.isSeparator(scalars[p]) { p += 1 }
        // What stands between the timestamp and the label's end, less a tag's brackets ("[CSR]",
        // "【客服】") and the separators after it ("：", " | ", " - ").
        var name = Array(scalars[p..<end])
        var closer: UInt32?
        if let first = name.first, let close = Self.closing[first] { closer = close; name.removeFirst() }
        while let last = name.last, Self.isSeparator(last) || last == closer { name.removeLast() }
        guard !name.isEmpty else { return nil }
        return TextRedactor.string(name)
    }

    /// A tag label's brackets: opening to closing.
    static let closing: [UInt32: UInt32] = [0x5B: 0x5D, 0x3010: 0x3011, 0x3C: 0x3E, 0x28: 0x29, 0xFF08: 0xFF09, 0xFF1C: 0xFF1E]

    /// Spaces, colons and separators after a label's name.
    static func isSeparator(_ c: UInt32) -> Bool {
        switch c {
        case 0x20, 0x09, 0x3A, 0xFF1A, 0x7C, 0x2D, 0x3E, 0xFF1E, 0x2C, 0x22: true
        default: false
        }
    }
}
