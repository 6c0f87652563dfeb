/// Masks PRC resident ID, bank-card and phone numbers in a text, in every form a speech recogniser writes them.
///
/// Forms understood: Arabic and full-width digits; Chinese numerals (一…九, 幺, 两, 零, 〇);
/// English number words (one…nine, zero, oh, o, double, triple); the ID check character as X, x,
/// 叉, 艾克斯 or "ex"; digits grouped with spaces, dashes or punctuation; fillers (呃, 嗯, um, uh…);
/// and corrections (不对, 我说错了, sorry, I mean, no wait…), whose restarted part is hidden too.
/// Each hidden scalar becomes `*`; a phone keeps its last four digits in the script they were spoken in.
public struct TextRedactor: Sendable {
    private let finder = NumberFinder()

    /// Creates a redactor.
    public init() {}

    /// The spans to hide in `scalars` (Unicode scalar values); `turns`: who speaks its unlabelled lines.
    func spans(in scalars: [UInt32], turns: Turns = Turns()) -> [RedactionSpan] { finder.find(scalars, turns: turns) }

    /// Redacts `text`.
    public func redact(_ text: String) -> RedactedText {
        var scalars = UTF8Scalars.decode(text)
        let spans = redact(&scalars)
        if spans.isEmpty { return RedactedText(text: text, spans: []) }
        return RedactedText(text: Self.string(scalars), spans: spans)
    }

    /// Redacts `scalars` (Unicode scalar values) in place: every hidden position of the spans found
    /// becomes `*` (line breaks kept). Returns the spans.
    func redact(_ scalars: inout [UInt32]) -> [RedactionSpan] {
        let spans = finder.find(scalars)
        for span in spans { Self.mask(&scalars, span.start..<min(span.visibleFrom, span.end)) }
        return spans
    }

    /// Replaces the scalars of `range` with `*`, except line breaks.
    static func mask(_ scalars: inout [UInt32], _ range: Range<Int>) {
        for i in range where scalars[i] != 0x0A && scalars[i] != 0x0D { scalars[i] = 0x2A }
    }

    /// A string from Unicode scalar values.
    static func string(_ scalars: [UInt32]) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(scalars.count * 3)
        UTF8Scalars.encode(scalars, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}
