/// A transcript format that `TranscriptRedactor` reads and writes back in the same form.
public enum TranscriptFormat: String, Sendable, Hashable, CaseIterable {
    /// UTF-8 plain text.
    case text
    /// ASR JSON: `{"words": [{"word", "start_ms", "end_ms", "speaker"?}]}` or Whisper-style
    /// `{"text"?, "segments": [{"start", "end", "text", "words"?: [{"word", "start", "end"}]}]}` (seconds).
    case asrJSON = "asr-json"
    /// WebVTT.
    case vtt
    /// SubRip.
    case srt
}

/// One stretch of audio that held a hidden number: what audio redaction mutes or beeps over.
public struct AudioRedactionSpan: Sendable, Hashable, Codable {
    /// Start, in milliseconds from the start of the recording.
    public var startMs: Int
    /// End (exclusive), in milliseconds.
    public var endMs: Int
    /// What was spoken there.
    public var kind: SensitiveNumberKind

    /// Creates a span.
    public init(startMs: Int, endMs: Int, kind: SensitiveNumberKind) {
        self.startMs = startMs
        self.endMs = endMs
        self.kind = kind
    }
}

/// A redacted transcript: the bytes to store, and what was hidden where.
public struct RedactedTranscript: Sendable, Hashable {
    /// The transcript in its input format with every hidden character replaced by `*`.
    public var data: [UInt8]
    /// The hidden regions, as offsets into the transcript's text stream (see `TranscriptRedactor`).
    public var spans: [RedactionSpan]
    /// The time ranges to silence in the recording (empty for plain text), merged per number.
    public var audioSpans: [AudioRedactionSpan]
    /// The redacted text as the redactor read it, with speakers and times, when asked for
    /// (`keepingText`): what a phrase scan reads.
    public var text: TranscriptText?
}

/// Redacts a whole transcript file, keeping its format and every timing.
///
/// Numbers are found across word, segment and cue boundaries: the words (or cue texts) are joined
/// into one text stream (words with a space, segments and cues with a line break), searched, and
/// the masks are mapped back to each word or cue. `spans` are offsets into that joined stream.
public struct TranscriptRedactor: Sendable {
    private let redactor = TextRedactor()

    /// Creates a transcript redactor.
    public init() {}

    /// Redacts `data` read as `format`; throws `RedactionError.malformed` for input that is not in
    /// that format. With `keepingText`, the result also holds the redacted text as searched, with
    /// its speakers and times (``RedactedTranscript/text``).
    public func redact(data: [UInt8], format: TranscriptFormat, keepingText: Bool = false) throws(RedactionError) -> RedactedTranscript {
        switch format {
        case .text:
            guard let text = String(validating: data, as: UTF8.self) else { throw RedactionError(.malformed, "the transcript is not UTF-8") }
            let r = redactor.redact(text)
            let kept = keepingText ? TranscriptText(scalars: r.text.unicodeScalars.map(\.value), parts: []) : nil
            return RedactedTranscript(data: Array(r.text.utf8), spans: r.spans, audioSpans: [], text: kept)
        case .asrJSON:
            return try redactJSON(data, keepingText: keepingText)
        case .vtt, .srt:
            return try redactCues(data, format: format, keepingText: keepingText)
        }
    }

    // MARK: - Pieces

    /// A piece of the joined stream: its scalars, where they sit, and its time range when known.
    struct Piece {
        var scalars: [UInt32]
        var offset = 0
        var startMs: Int?
        var endMs: Int?
        /// Who spoke it, when the transcript says; a change of speaker joins as a line break,
        /// so the conversation reads as turns (see `Conversation`).
        var speaker: String? = nil
    }

    /// Ideographs, CJK punctuation and full-width forms.
    static func isCJK(_ c: UInt32) -> Bool {
        (0x3400..<0xA000).contains(c) || (0x3000...0x303F).contains(c) || (0xFF00...0xFFEF).contains(c)
    }

    /// The joined text of a transcript, built piece by piece (words, segments, cues), searched
    /// once and masked in place: the one redaction of every transcript format.
    struct Stream {
        /// The joined scalars; markup stands as spaces while the text is searched.
        var scalars: [UInt32] = []
        /// Each piece's place in `scalars`.
        var ranges: [Range<Int>] = []
        /// Each piece's time range, when it has one.
        var times: [(startMs: Int, endMs: Int)?] = []
        /// Markup positions and the scalar each held: never searched, never masked.
        var markup: [(at: Int, scalar: UInt32)] = []
        /// Who speaks the lines, where the transcript says (speaker fields, voice tags).
        var turns = Turns()

        /// Starts a piece at the end of the text.
        mutating func begin() { ranges.append(scalars.count..<scalars.count) }

        /// Ends the piece begun last, with its time range; its markup (`<…>` up to the next `>`
        /// on the line, for cues) is set aside as spaces. A `<` with no `>` after it on its line
        /// is text, masked like text: never a way to hide digits from the redactor.
        mutating func end(startMs: Int?, endMs: Int?, hidingTags: Bool) {
            let range = ranges[ranges.count - 1].lowerBound..<scalars.count
            ranges[ranges.count - 1] = range
            times.append(startMs.flatMap { s in endMs.map { (s, $0) } })
            guard hidingTags else { return }
            var k = range.lowerBound
            while k < range.upperBound {
                guard scalars[k] == 0x3C else { k += 1; continue }
                var close = k + 1
                while close < range.upperBound, scalars[close] != 0x3E, scalars[close] != 0x0A { close += 1 }
                guard close < range.upperBound, scalars[close] == 0x3E else { k = close; continue }
                for j in k...close {
                    markup.append((j, scalars[j]))
                    scalars[j] = 0x20
                }
                k = close + 1
            }
        }

        /// Finds the numbers, masks what they hide (never a line break or markup), puts the
        /// markup back, and returns the spans and the time ranges to mute, one per span.
        mutating func redact(with redactor: TextRedactor) -> ([RedactionSpan], [AudioRedactionSpan]) {
            let spans = redactor.spans(in: scalars, turns: turns)
            defer { for m in markup { scalars[m.at] = m.scalar } }
            guard !spans.isEmpty else { return ([], []) }
            var audio: [AudioRedactionSpan] = []
            var p = 0
            for span in spans {
                for i in span.start..<min(span.visibleFrom, span.end) where scalars[i] != 0x0A && scalars[i] != 0x0D { scalars[i] = 0x2A }
                while p < ranges.count, ranges[p].upperBound <= span.start { p += 1 }
                var q = p
                var startMs: Int?, endMs: Int?
                while q < ranges.count, ranges[q].lowerBound < span.end {
                    if let (s, e) = times[q] {
                        startMs = min(startMs ?? s, s)
                        endMs = max(endMs ?? e, e)
                    }
                    q += 1
                }
                if let startMs, let endMs { audio.append(AudioRedactionSpan(startMs: startMs, endMs: endMs, kind: span.kind)) }
            }
            return (spans, audio)
        }

        /// The text after `redact`, markup as spaces, with each piece's time and `speakers[k]`.
        func transcriptText(speakers: [String?]) -> TranscriptText {
            var text = scalars
            for m in markup { text[m.at] = 0x20 }
            let parts = ranges.indices.map { k in
                TranscriptText.Part(range: ranges[k], startMs: times[k]?.startMs, endMs: times[k]?.endMs, speaker: k < speakers.count ? speakers[k] : nil)
            }
            return TranscriptText(scalars: text, parts: parts)
        }
    }

    /// Who says a word or segment: its `speaker` field, or where it has none, the field a
    /// recogniser names the speaker or the side of a two-channel recording with (`channel`: "L" /
    /// "R", 0 / 1; `spk`, `speaker_id`, `speaker_label`, `role`).
    static func speaker(of item: JSONScanner.Node) -> String? {
        for key in speakerKeys { if let name = speaker(item[key]) { return name } }
        return nil
    }

    /// The fields `speaker(of:)` reads, in order.
    static let speakerKeys = ["speaker", "channel", "spk", "speaker_id", "speaker_label", "role"]

    /// A `speaker` field as text: a string as it is, a number as written (`2`, `13812345678`: a
    /// whole number without a decimal point, so a caller ID reads as the number it is).
    static func speaker(_ node: JSONScanner.Node?) -> String? {
        guard let node else { return nil }
        if let text = node.string { return text }
        guard let number = node.number else { return nil }
        return number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) : "\(number)"
    }

    /// Speaker names as a kept text shows them: redacted like the text, since a name may be a
    /// caller ID (`"speaker": "+8613812345678"`, `<v 13812345678>`). Each distinct name once.
    func redactedNames(_ names: [String?]) -> [String?] {
        var done: [String: String] = [:]
        return names.map { name in
            name.map { name in
                if let known = done[name] { return known }
                let masked = redactor.redact(name).text
                done[name] = masked
                return masked
            }
        }
    }

    /// Joins `pieces` (words with `joiner`, a change of speaker as a line break), redacts the
    /// stream, and writes the masks back into each piece; returns the spans, the audio spans and
    /// the masked stream.
    func redactPieces(_ pieces: inout [Piece], joiner: UInt32) -> ([RedactionSpan], [AudioRedactionSpan], Stream) {
        var stream = Stream()
        stream.scalars.reserveCapacity(pieces.reduce(pieces.count) { $0 + $1.scalars.count })
        for k in pieces.indices {
            if k > 0 {
                let turn = pieces[k].speaker != nil && pieces[k - 1].speaker != nil && pieces[k].speaker != pieces[k - 1].speaker
                // Words of Chinese text are cut anywhere by a recogniser ("户|号|是"): joined
                // without the space that would split a word the context reads ("户号"). Except
                // between groups of numerals ("零五三二|六零四七"): there the cut is the speaker's
                // grouping. (Numerals one a word, "幺|八|一", carry none.)
                let numerals = stream.scalars.suffix(2).allSatisfy(Conversation.numerals.contains) && stream.scalars.count >= 2
                    && pieces[k].scalars.prefix(2).allSatisfy(Conversation.numerals.contains) && pieces[k].scalars.count >= 2
                let cjk = joiner == 0x20 && !numerals
                    && (stream.scalars.last.map(Self.isCJK) == true || pieces[k].scalars.first.map(Self.isCJK) == true)
                if turn { stream.scalars.append(0x0A) } else if !cjk { stream.scalars.append(joiner) }
            }
            pieces[k].offset = stream.scalars.count
            if stream.scalars.last.map({ $0 == 0x0A }) ?? true { stream.turns.add(pieces[k].speaker?.utf8, at: stream.scalars.count) }
            stream.begin()
            stream.scalars += pieces[k].scalars
            stream.end(startMs: pieces[k].startMs, endMs: pieces[k].endMs, hidingTags: false)
        }
        let (spans, audio) = stream.redact(with: redactor)
        guard !spans.isEmpty else { return ([], [], stream) }
        for k in pieces.indices where stream.scalars[stream.ranges[k]].contains(0x2A) {
            pieces[k].scalars = Array(stream.scalars[stream.ranges[k]])
        }
        return (spans, audio, stream)
    }

    // MARK: - JSON

    /// The latest time a transcript may name, in milliseconds: 24 hours, longer than any call a
    /// policy allows. A later (or negative, or non-finite) time is refused, so no time can
    /// overflow when it becomes a sample position.
    public static let maximumTimeMs = 86_400_000

    /// A time field in milliseconds (`seconds`: the field counts seconds), checked against ``maximumTimeMs``.
    private static func milliseconds(_ node: JSONScanner.Node?, seconds: Bool, what: @autoclosure () -> String) throws(RedactionError) -> Int {
        guard let v = node?.number, v.isFinite else { throw RedactionError(.malformed, "\(what()) has no valid timing") }
        let ms = seconds ? v * 1000 : v
        guard ms >= 0, ms <= Double(maximumTimeMs) else {
            throw RedactionError(.malformed, "\(what()) has a time outside 0 to 24 hours")
        }
        return Int(ms.rounded())
    }

    private func redactJSON(_ data: [UInt8], keepingText: Bool) throws(RedactionError) -> RedactedTranscript {
        let root = try JSONScanner.parse(data)
        guard case .object = root.value else { throw RedactionError(.malformed, "an ASR transcript must be a JSON object") }
        var replacements: [(Range<Int>, [UInt8])] = []
        var handled = Set<Int>()  // string nodes (by start byte) redacted as part of a stream
        var allSpans: [RedactionSpan] = []
        var audio: [AudioRedactionSpan] = []
        // The text a scan reads: the finest stream there is (words, else segments).
        var kept: TranscriptText?

        /// Pieces from an array of word objects, with the nodes to rewrite. A word's times are
        /// `start_ms`/`end_ms` (milliseconds) or `start`/`end` (seconds, as Whisper and most
        /// recognisers write them).
        func wordPieces(_ words: [JSONScanner.Node]) throws(RedactionError) -> ([Piece], [JSONScanner.Node]) {
            var pieces: [Piece] = [], nodes: [JSONScanner.Node] = []
            for (k, w) in words.enumerated() {
                guard let node = w["word"] ?? w["text"], let text = node.utf8 else {
                    throw RedactionError(.malformed, "word \(k) has no \"word\" string")
                }
                let inMs = w["start_ms"] != nil || w["end_ms"] != nil
                let start = try Self.milliseconds(inMs ? w["start_ms"] : w["start"], seconds: !inMs, what: "word \(k)")
                let end = try Self.milliseconds(inMs ? w["end_ms"] : w["end"], seconds: !inMs, what: "word \(k)")
                guard end >= start else { throw RedactionError(.malformed, "word \(k) ends before it starts") }
                pieces.append(Piece(scalars: UTF8Scalars.decode(text), startMs: start, endMs: end, speaker: Self.speaker(of: w)))
                nodes.append(node)
            }
            return (pieces, nodes)
        }
        func rewrite(_ pieces: [Piece], _ nodes: [JSONScanner.Node]) {
            for (piece, node) in zip(pieces, nodes) {
                handled.insert(node.range.lowerBound)
                guard piece.scalars.contains(0x2A) else { continue }
                let text = TextRedactor.string(piece.scalars)
                if text != node.string { replacements.append((node.range, JSONScanner.quote(text))) }
            }
        }

        var recognised = false
        if let words = root["words"] {
            guard let list = words.array else { throw RedactionError(.malformed, "\"words\" must be an array") }
            recognised = true
            var (pieces, nodes) = try wordPieces(list)
            let (spans, a, stream) = redactPieces(&pieces, joiner: 0x20)
            if keepingText { kept = stream.transcriptText(speakers: redactedNames(pieces.map(\.speaker))) }
            rewrite(pieces, nodes)
            allSpans += spans; audio += a
        }
        if let segments = root["segments"] {
            guard let list = segments.array else { throw RedactionError(.malformed, "\"segments\" must be an array") }
            recognised = true
            var segmentPieces: [Piece] = [], segmentNodes: [JSONScanner.Node] = []
            var words: [JSONScanner.Node] = []
            var wordSegment: [Int] = []  // the segment of each word
            var everySegmentHasWords = true
            for (k, seg) in list.enumerated() {
                guard let node = seg["text"], let text = node.utf8 else { throw RedactionError(.malformed, "segment \(k) has no \"text\" string") }
                let start = try Self.milliseconds(seg["start"], seconds: true, what: "segment \(k)")
                let end = try Self.milliseconds(seg["end"], seconds: true, what: "segment \(k)")
                guard end >= start else { throw RedactionError(.malformed, "segment \(k) ends before it starts") }
                segmentPieces.append(Piece(scalars: UTF8Scalars.decode(text), startMs: start, endMs: end, speaker: Self.speaker(of: seg)))
                segmentNodes.append(node)
                if let w = seg["words"]?.array, !w.isEmpty {
                    words += w
                    wordSegment += repeatElement(k, count: w.count)
                } else {
                    everySegmentHasWords = false
                }
            }
            // Segment texts: masked from their own stream; their times are the fallback for audio.
            let originalSegments = segmentPieces.map(\.scalars)
            let (spans, segmentAudio, segmentStream) = redactPieces(&segmentPieces, joiner: 0x0A)
            rewrite(segmentPieces, segmentNodes)
            allSpans += spans
            if !words.isEmpty {
                var (pieces, nodes) = try wordPieces(words)
                // A word's speaker is its own, else its segment's: the other party's "嗯" between
                // two halves of a number is their turn, no filler inside it.
                for k in pieces.indices where pieces[k].speaker == nil { pieces[k].speaker = segmentPieces[wordSegment[k]].speaker }
                let originalWords = pieces.map(\.scalars)
                var (_, wordAudio, wordStream) = redactPieces(&pieces, joiner: 0x20)
                // A word whose text is masked in its segment's text is masked too, even when the
                // word stream alone does not show the number (half of it in a segment without words).
                let extra = Self.maskWords(&pieces, words: originalWords, segments: wordSegment, original: originalSegments,
                                           masked: segmentPieces.map(\.scalars))
                for (k, seg, at) in extra {
                    let position = segmentPieces[seg].offset + at
                    let kind = spans.first { $0.start <= position && position < $0.end }?.kind ?? .phone
                    if let s = pieces[k].startMs, let e = pieces[k].endMs { wordAudio.append(AudioRedactionSpan(startMs: s, endMs: e, kind: kind)) }
                }
                rewrite(pieces, nodes)
                audio += wordAudio
                // Every segment's words: the words' times are the finer ones.
                if keepingText, kept == nil, everySegmentHasWords {
                    // The masks the segments' texts added to the words are in `pieces`, not in the stream.
                    for k in pieces.indices { wordStream.scalars.replaceSubrange(wordStream.ranges[k], with: pieces[k].scalars) }
                    kept = wordStream.transcriptText(speakers: redactedNames(pieces.map(\.speaker)))
                }
            }
            if !everySegmentHasWords || words.isEmpty { audio += segmentAudio }
            // Segment texts hold every mask (a word's mask comes from its segment's too).
            if keepingText, kept == nil { kept = segmentStream.transcriptText(speakers: redactedNames(segmentPieces.map(\.speaker))) }
        }
        guard recognised else { throw RedactionError(.malformed, "an ASR transcript needs a \"words\" or \"segments\" array") }
        // Every other string (a top-level "text", speaker names, notes, fields of other tools) is
        // redacted on its own: "other fields are kept" must never mean "kept readable".
        Self.forEachString(root) { node in
            guard !handled.contains(node.range.lowerBound), let text = node.utf8 else { return }
            var scalars = UTF8Scalars.decode(text)
            guard !redactor.redact(&scalars).isEmpty else { return }
            var quoted: [UInt8] = []
            JSONScanner.quote(scalars: scalars, into: &quoted)
            replacements.append((node.range, quoted))
        }
        return RedactedTranscript(data: JSONScanner.splice(data, replacements), spans: allSpans, audioSpans: Self.merged(audio), text: kept)
    }

    /// Calls `body` with every string value under `node` (object keys are not values).
    private static func forEachString(_ node: JSONScanner.Node, _ body: (JSONScanner.Node) -> Void) {
        switch node.value {
        case .string: body(node)
        case .array(let elements): for e in elements { forEachString(e, body) }
        case .object(let members): for m in members { forEachString(m.value, body) }
        default: break
        }
    }

    /// Finds each word's text in its segment's original text, in order, and masks the word where
    /// the segment's masked text is masked. Returns the words this newly masked: index, segment
    /// and where the word stands in its segment's text.
    /// `words` are the words' texts as they came, `pieces` the same words as masked so far.
    static func maskWords(_ pieces: inout [Piece], words: [[UInt32]], segments: [Int], original: [[UInt32]], masked: [[UInt32]]) -> [(Int, Int, Int)] {
        var newlyMasked: [(Int, Int, Int)] = []
        var cursor = 0, current = -1
        for k in pieces.indices {
            let seg = segments[k]
            if seg != current { current = seg; cursor = 0 }
            let text = original[seg], mask = masked[seg]
            guard text != mask else { continue }
            // The word without its surrounding spaces.
            var w = words[k][...]
            while let f = w.first, f == 0x20 { w = w.dropFirst() }
            while let l = w.last, l == 0x20 { w = w.dropLast() }
            guard !w.isEmpty, w.count <= text.count else { continue }
            // Words follow each other closely in their segment's text; the search looks a short way
            // ahead only, so a segment whose words do not match its text costs linear time.
            var at = cursor, found = -1
            while at + w.count <= min(text.count, cursor + 256 + w.count) {
                if text[at] == w.first!, text[at..<(at + w.count)].elementsEqual(w) { found = at; break }
                at += 1
            }
            guard found >= 0 else { continue }
            cursor = found + w.count
            var changed = false
            let offset = w.startIndex
            for i in 0..<w.count where mask[found + i] == 0x2A && text[found + i] != 0x2A && pieces[k].scalars[offset + i] != 0x2A {
                pieces[k].scalars[offset + i] = 0x2A
                changed = true
            }
            if changed { newlyMasked.append((k, seg, found)) }
        }
        return newlyMasked
    }

    /// Sorted, with overlapping spans of the same kind joined.
    static func merged(_ spans: [AudioRedactionSpan]) -> [AudioRedactionSpan] {
        var out: [AudioRedactionSpan] = []
        for s in spans.sorted(by: { ($0.startMs, $0.endMs) < ($1.startMs, $1.endMs) }) {
            if let last = out.last, last.kind == s.kind, s.startMs <= last.endMs {
                out[out.count - 1].endMs = max(last.endMs, s.endMs)
            } else {
                out.append(s)
            }
        }
        return out
    }

    // MARK: - WebVTT and SRT

    /// `HH:MM:SS.mmm`, `MM:SS.mmm` (WebVTT) or `HH:MM:SS,mmm` (SRT), in milliseconds; nil when
    /// malformed or later than ``maximumTimeMs``.
    static func timestamp(_ s: ArraySlice<UInt8>) -> Int? {
        // Fields split by ':' (two or three), the last one `SS.mmm` or `SS,mmm`; read as bytes
        // (a cue's timing is ASCII; this runs twice per cue).
        var fields: [Int] = []
        var value = 0, digits = 0
        var k = s.startIndex
        var fraction: Int?
        while k < s.endIndex {
            let c = s[k]
            if c >= 0x30, c <= 0x39 {
                // At most 24 hours: the digits are bounded before any arithmetic, so nothing overflows.
                guard digits < 4 else { return nil }
                value = value * 10 + Int(c - 0x30); digits += 1
            } else if c == 0x3A, fraction == nil {
                guard digits > 0, fields.count < 2 else { return nil }
                fields.append(value); value = 0; digits = 0
            } else if (c == 0x2E || c == 0x2C), fraction == nil {
                guard digits > 0 else { return nil }
                fraction = value; value = 0; digits = 0
            } else {
                return nil
            }
            k += 1
        }
        guard let sec = fraction, digits == 3, (1...2).contains(fields.count), (0..<60).contains(sec) else { return nil }
        let total = fields.reduce(0) { $0 * 60 + $1 }
        let ms = (total * 60 + sec) * 1000 + value
        return ms <= maximumTimeMs ? ms : nil
    }

    private func redactCues(_ data: [UInt8], format: TranscriptFormat, keepingText: Bool) throws(RedactionError) -> RedactedTranscript {
        guard data.withUnsafeBufferPointer(UTF8Scalars.isValid) else { throw RedactionError(.malformed, "the transcript is not UTF-8") }
        // Works on the bytes: lines are byte ranges ending after their terminator (CRLF, LF or a
        // lone CR, as WebVTT allows), their content stops before it, and everything outside
        // masked cue text is copied unchanged.
        var lines: [Range<Int>] = []
        var contentEnds: [Int] = []
        lines.reserveCapacity(data.count / 24)
        contentEnds.reserveCapacity(data.count / 24)
        var p = 0
        let n = data.count
        while p < n {
            var q = p
            while q < n, data[q] != 0x0A, data[q] != 0x0D { q += 1 }
            let end = q == n ? n : (data[q] == 0x0D && q + 1 < n && data[q + 1] == 0x0A ? q + 2 : q + 1)
            lines.append(p..<end); contentEnds.append(q)
            p = end
        }
        func content(_ l: Int) -> ArraySlice<UInt8> { data[lines[l].lowerBound..<contentEnds[l]] }
        func blank(_ l: Int) -> Bool { content(l).allSatisfy { $0 == 0x20 || $0 == 0x09 } }
        func hasArrow(_ bytes: ArraySlice<UInt8>) -> Int? {
            guard bytes.count >= 3 else { return nil }
            var k = bytes.startIndex
            while k + 2 < bytes.endIndex {
                if bytes[k] == 0x2D, bytes[k + 1] == 0x2D, bytes[k + 2] == 0x3E { return k }
                k += 1
            }
            return nil
        }
        // The cues' text is decoded straight into one stream; each cue keeps the range of its
        // text lines (consecutive line numbers).
        var stream = Stream()
        stream.scalars.reserveCapacity(data.count)
        var cueLines: [Range<Int>] = []
        var voices: [String?] = []
        /// Appends lines `lineRange` as one piece (lines joined by line breaks, pieces too).
        func appendPiece(_ lineRange: Range<Int>, startMs: Int?, endMs: Int?, hidingTags: Bool) {
            if !cueLines.isEmpty { stream.scalars.append(0x0A) }
            let first = hidingTags && !lineRange.isEmpty ? content(lineRange.lowerBound) : nil
            stream.turns.add(first.flatMap(Self.voiceName), at: stream.scalars.count)
            if keepingText { voices.append(first.flatMap(Self.voice)) }
            stream.begin()
            for l in lineRange {
                if l > lineRange.lowerBound { stream.scalars.append(0x0A) }
                data.withUnsafeBufferPointer { b in
                    UTF8Scalars.decode(UnsafeBufferPointer(rebasing: b[lines[l].lowerBound..<contentEnds[l]]), into: &stream.scalars)
                }
            }
            stream.end(startMs: startMs, endMs: endMs, hidingTags: hidingTags)
            cueLines.append(lineRange)
        }
        var i = 0
        if format == .vtt {
            let magic = Array("WEBVTT".utf8)
            guard let first = lines.indices.first,
                  content(first).starts(with: magic) || content(first).starts(with: [0xEF, 0xBB, 0xBF] + magic) else {
                throw RedactionError(.malformed, "a WebVTT file must start with WEBVTT")
            }
            while i < lines.count, !content(i).isEmpty { i += 1 }
        }
        while i < lines.count {
            if blank(i) { i += 1; continue }
            // A block: up to the next blank line.
            let first = i
            while i < lines.count, !blank(i) { i += 1 }
            let block = first..<i
            guard let timing = block.first(where: { hasArrow(content($0)) != nil }) else {
                guard format == .vtt else { throw RedactionError(.malformed, "line \(first + 1): an SRT block has no timing line") }
                let head = content(first)
                if head.starts(with: Array("STYLE".utf8)) || head.starts(with: Array("REGION".utf8)) { continue }
                guard head.starts(with: Array("NOTE".utf8)) else {
                    throw RedactionError(.malformed, "line \(first + 1): a block with no cue timing that is not NOTE, STYLE or REGION")
                }
                // A comment is text a reader sees: redacted like a cue, with no time to mute.
                appendPiece(block, startMs: nil, endMs: nil, hidingTags: false)
                continue
            }
            if format == .srt, timing != first + 1 { throw RedactionError(.malformed, "line \(first + 1): an SRT block is an index, a timing line, then text") }
            if format == .vtt, timing > first + 1 { throw RedactionError(.malformed, "line \(first + 1): a cue has more than one identifier line") }
            let timingLine = content(timing)
            let arrow = hasArrow(timingLine)!
            // The start is what stands before the arrow, the end the first field after it
            // (cue settings follow); spaces and tabs around them are not part of them.
            func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 }
            var a = timingLine.startIndex, b = arrow
            while a < b, isSpace(timingLine[a]) { a += 1 }
            while b > a, isSpace(timingLine[b - 1]) { b -= 1 }
            var c = arrow + 3
            while c < timingLine.endIndex, isSpace(timingLine[c]) { c += 1 }
            var d = c
            while d < timingLine.endIndex, timingLine[d] != 0x20 { d += 1 }
            guard let start = Self.timestamp(timingLine[a..<b]), c < d,
                  let end = Self.timestamp(timingLine[c..<d]), end >= start else {
                throw RedactionError(.malformed, "line \(timing + 1): bad cue timing")
            }
            appendPiece((timing + 1)..<block.upperBound, startMs: start, endMs: end, hidingTags: true)
        }
        let (spans, audio) = stream.redact(with: redactor)
        let kept = keepingText ? stream.transcriptText(speakers: redactedNames(voices)) : nil
        guard !spans.isEmpty else { return RedactedTranscript(data: data, spans: [], audioSpans: [], text: kept) }
        // Masked lines by line number; every other byte is copied as it came.
        var replaced: [Int: [UInt8]] = [:]
        for (range, lineNumbers) in zip(stream.ranges, cueLines) where stream.scalars[range].contains(0x2A) {
            var l = lineNumbers.lowerBound
            for segment in stream.scalars[range].split(separator: 0x0A, omittingEmptySubsequences: false) {
                guard l < lineNumbers.upperBound else { break }
                var bytes: [UInt8] = []
                UTF8Scalars.encode(segment, into: &bytes)
                replaced[l] = bytes
                l += 1
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(data.count)
        for l in lines.indices {
            if let bytes = replaced[l] {
                out += bytes
                out += data[contentEnds[l]..<lines[l].upperBound]
            } else {
                out += data[lines[l]]
            }
        }
        return RedactedTranscript(data: out, spans: spans, audioSpans: Self.merged(audio), text: kept)
    }

    /// The bytes of the name a cue's first line gives with a WebVTT voice tag (spaces around it
    /// aside), without making a string of it.
    static func voiceName(_ line: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        var k = line.startIndex
        while k < line.endIndex, line[k] == 0x20 || line[k] == 0x09 { k += 1 }
        guard k + 2 < line.endIndex, line[k] == 0x3C, line[k + 1] == 0x76, line[k + 2] == 0x20 || line[k + 2] == 0x2E,
              let close = line[k...].firstIndex(of: 0x3E) else { return nil }
        var a = k + 2
        while a < close, line[a] != 0x20 { a += 1 }  // past the classes
        while a < close, line[a] == 0x20 || line[a] == 0x09 { a += 1 }
        var b = close
        while b > a, line[b - 1] == 0x20 || line[b - 1] == 0x09 { b -= 1 }
        return a < b ? line[a..<b] : nil
    }

    /// The speaker a cue's first line names with a WebVTT voice tag (`<v Name>`, `<v.loud Name>`).
    static func voice(_ line: ArraySlice<UInt8>) -> String? {
        var k = line.startIndex
        while k < line.endIndex, line[k] == 0x20 || line[k] == 0x09 { k += 1 }
        guard k + 2 < line.endIndex, line[k] == 0x3C, line[k + 1] == 0x76, line[k + 2] == 0x20 || line[k + 2] == 0x2E,
              let close = line[k...].firstIndex(of: 0x3E) else { return nil }
        var nameStart = k + 2
        while nameStart < close, line[nameStart] != 0x20 { nameStart += 1 }  // past the classes
        let name = String(decoding: line[nameStart..<close], as: UTF8.self).trimmingCharacters(in: .whitespaces)
        return name.isEmpty ? nil : name
    }
}
