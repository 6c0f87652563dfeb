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

    /// Redacts `data` read as `format`; throws `RedactionError.malformed` for input that is not in that format.
    public func redact(data: [UInt8], format: TranscriptFormat) throws(RedactionError) -> RedactedTranscript {
        switch format {
        case .text:
            guard let text = String(validating: data, as: UTF8.self) else { throw RedactionError(.malformed, "the transcript is not UTF-8") }
            let r = redactor.redact(text)
            return RedactedTranscript(data: Array(r.text.utf8), spans: r.spans, audioSpans: [])
        case .asrJSON:
            return try redactJSON(data)
        case .vtt, .srt:
            return try redactCues(data, format: format)
        }
    }

    // MARK: - Pieces

    /// A piece of the joined stream: its scalars, where they sit, and its time range when known.
    struct Piece {
        var scalars: [UInt32]
        var offset = 0
        var startMs: Int?
        var endMs: Int?
        /// Positions (into `scalars`) that are markup and are never masked.
        var markup: [Bool]? = nil
        /// Who spoke it, when the transcript says; a change of speaker joins as a line break,
        /// so the conversation reads as turns (see `Conversation`).
        var speaker: String? = nil
    }

    /// Ideographs, CJK punctuation and full-width forms.
    static func isCJK(_ c: UInt32) -> Bool {
        (0x3400..<0xA000).contains(c) || (0x3000...0x303F).contains(c) || (0xFF00...0xFFEF).contains(c)
    }

    /// Joins `pieces`, finds numbers, and returns the masked pieces, the spans and the audio spans.
    func redactPieces(_ pieces: inout [Piece], joiner: UInt32) -> ([RedactionSpan], [AudioRedactionSpan]) {
        var joined: [UInt32] = []
        for k in pieces.indices {
            if k > 0 {
                let turn = pieces[k].speaker != nil && pieces[k - 1].speaker != nil && pieces[k].speaker != pieces[k - 1].speaker
                // Words of Chinese text are cut anywhere by a recogniser ("户|号|是"): joined
                // without the space that would split a word the context reads ("户号").
                let cjk = joiner == 0x20 && (joined.last.map(Self.isCJK) == true || pieces[k].scalars.first.map(Self.isCJK) == true)
                if turn { joined.append(0x0A) } else if !cjk { joined.append(joiner) }
            }
            pieces[k].offset = joined.count
            if let markup = pieces[k].markup {
                joined += zip(pieces[k].scalars, markup).map { $1 ? 0x20 : $0 }
            } else {
                joined += pieces[k].scalars
            }
        }
        let spans = redactor.spans(in: joined)
        guard !spans.isEmpty else { return ([], []) }
        var audio: [AudioRedactionSpan] = []
        var p = 0
        for span in spans {
            while p < pieces.count, pieces[p].offset + pieces[p].scalars.count <= span.start { p += 1 }
            var q = p
            var startMs: Int?, endMs: Int?
            let hideEnd = min(span.visibleFrom, span.end)
            while q < pieces.count, pieces[q].offset < span.end {
                let base = pieces[q].offset
                let lo = max(span.start, base) - base, hi = min(hideEnd, base + pieces[q].scalars.count) - base
                if lo < hi {
                    for i in lo..<hi where pieces[q].markup?[i] != true && pieces[q].scalars[i] != 0x0A && pieces[q].scalars[i] != 0x0D {
                        pieces[q].scalars[i] = 0x2A
                    }
                }
                if let s = pieces[q].startMs, let e = pieces[q].endMs {
                    startMs = min(startMs ?? s, s)
                    endMs = max(endMs ?? e, e)
                }
                q += 1
            }
            if let startMs, let endMs { audio.append(AudioRedactionSpan(startMs: startMs, endMs: endMs, kind: span.kind)) }
        }
        return (spans, audio)
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

    private func redactJSON(_ data: [UInt8]) throws(RedactionError) -> RedactedTranscript {
        let root = try JSONScanner.parse(data)
        guard case .object = root.value else { throw RedactionError(.malformed, "an ASR transcript must be a JSON object") }
        var replacements: [(Range<Int>, [UInt8])] = []
        var handled = Set<Int>()  // string nodes (by start byte) redacted as part of a stream
        var allSpans: [RedactionSpan] = []
        var audio: [AudioRedactionSpan] = []

        /// Pieces from an array of word objects, with the nodes to rewrite. A word's times are
        /// `start_ms`/`end_ms` (milliseconds) or `start`/`end` (seconds, as Whisper and most
        /// recognisers write them).
        func wordPieces(_ words: [JSONScanner.Node]) throws(RedactionError) -> ([Piece], [JSONScanner.Node]) {
            var pieces: [Piece] = [], nodes: [JSONScanner.Node] = []
            for (k, w) in words.enumerated() {
                guard let node = w["word"] ?? w["text"], let text = node.string else {
                    throw RedactionError(.malformed, "word \(k) has no \"word\" string")
                }
                let inMs = w["start_ms"] != nil || w["end_ms"] != nil
                let start = try Self.milliseconds(inMs ? w["start_ms"] : w["start"], seconds: !inMs, what: "word \(k)")
                let end = try Self.milliseconds(inMs ? w["end_ms"] : w["end"], seconds: !inMs, what: "word \(k)")
                guard end >= start else { throw RedactionError(.malformed, "word \(k) ends before it starts") }
                pieces.append(Piece(scalars: UTF8Scalars.decode(text), startMs: start, endMs: end, speaker: w["speaker"].flatMap { $0.string ?? $0.number.map { "\($0)" } }))
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
            let (spans, a) = redactPieces(&pieces, joiner: 0x20)
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
                guard let node = seg["text"], let text = node.string else { throw RedactionError(.malformed, "segment \(k) has no \"text\" string") }
                let start = try Self.milliseconds(seg["start"], seconds: true, what: "segment \(k)")
                let end = try Self.milliseconds(seg["end"], seconds: true, what: "segment \(k)")
                guard end >= start else { throw RedactionError(.malformed, "segment \(k) ends before it starts") }
                segmentPieces.append(Piece(scalars: UTF8Scalars.decode(text), startMs: start, endMs: end))
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
            let (spans, segmentAudio) = redactPieces(&segmentPieces, joiner: 0x0A)
            rewrite(segmentPieces, segmentNodes)
            allSpans += spans
            if !words.isEmpty {
                var (pieces, nodes) = try wordPieces(words)
                let originalWords = pieces.map(\.scalars)
                var (_, wordAudio) = redactPieces(&pieces, joiner: 0x20)
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
            }
            if !everySegmentHasWords || words.isEmpty { audio += segmentAudio }
        }
        guard recognised else { throw RedactionError(.malformed, "an ASR transcript needs a \"words\" or \"segments\" array") }
        // Every other string (a top-level "text", speaker names, notes, fields of other tools) is
        // redacted on its own: "other fields are kept" must never mean "kept readable".
        Self.forEachString(root) { node in
            guard !handled.contains(node.range.lowerBound), let text = node.string else { return }
            let r = redactor.redact(text)
            if !r.spans.isEmpty { replacements.append((node.range, JSONScanner.quote(r.text))) }
        }
        return RedactedTranscript(data: JSONScanner.splice(data, replacements), spans: allSpans, audioSpans: Self.merged(audio))
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
    static func timestamp(_ s: Substring) -> Int? {
        let parts = s.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3 else { return nil }
        let last = parts[parts.count - 1].split(whereSeparator: { $0 == "." || $0 == "," })
        guard last.count == 2, last[1].count == 3, let sec = Int(last[0]), let ms = Int(last[1]), (0..<60).contains(sec), ms >= 0 else { return nil }
        var total = 0
        for p in parts.dropLast() {
            // At most 24 hours: the digits are bounded before any arithmetic, so nothing overflows.
            guard p.count <= 4, let v = Int(p), v >= 0 else { return nil }
            total = total * 60 + v
        }
        let value = (total * 60 + sec) * 1000 + ms
        return value <= maximumTimeMs ? value : nil
    }

    private func redactCues(_ data: [UInt8], format: TranscriptFormat) throws(RedactionError) -> RedactedTranscript {
        guard String(validating: data, as: UTF8.self) != nil else { throw RedactionError(.malformed, "the transcript is not UTF-8") }
        // Works on the bytes: lines are byte ranges ending after their terminator (CRLF, LF or a
        // lone CR, as WebVTT allows), their content stops before it, and everything outside
        // masked cue text is copied unchanged.
        var lines: [Range<Int>] = []
        var contentEnds: [Int] = []
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
        var pieces: [Piece] = []
        var cueLines: [[Int]] = []
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
            var block: [Int] = []
            while i < lines.count, !blank(i) { block.append(i); i += 1 }
            guard let timing = block.firstIndex(where: { hasArrow(content($0)) != nil }) else {
                guard format == .vtt else { throw RedactionError(.malformed, "line \(block[0] + 1): an SRT block has no timing line") }
                let head = content(block[0])
                if head.starts(with: Array("STYLE".utf8)) || head.starts(with: Array("REGION".utf8)) { continue }
                guard head.starts(with: Array("NOTE".utf8)) else {
                    throw RedactionError(.malformed, "line \(block[0] + 1): a block with no cue timing that is not NOTE, STYLE or REGION")
                }
                // A comment is text a reader sees: redacted like a cue, with no time to mute.
                var scalars: [UInt32] = []
                for (k, l) in block.enumerated() {
                    if k > 0 { scalars.append(0x0A) }
                    content(l).withUnsafeBufferPointer { UTF8Scalars.decode($0, into: &scalars) }
                }
                pieces.append(Piece(scalars: scalars))
                cueLines.append(block)
                continue
            }
            if format == .srt, timing != 1 { throw RedactionError(.malformed, "line \(block[0] + 1): an SRT block is an index, a timing line, then text") }
            if format == .vtt, timing > 1 { throw RedactionError(.malformed, "line \(block[0] + 1): a cue has more than one identifier line") }
            let timingLine = content(block[timing])
            let arrow = hasArrow(timingLine)!
            let before = Substring(String(decoding: timingLine[..<arrow], as: UTF8.self))
            let after = Substring(String(decoding: timingLine[(arrow + 3)...], as: UTF8.self))
            guard let start = Self.timestamp(before.trimmingSpaces),
                  let endField = after.split(separator: " ", omittingEmptySubsequences: true).first,
                  let end = Self.timestamp(endField), end >= start else {
                throw RedactionError(.malformed, "line \(block[timing] + 1): bad cue timing")
            }
            let textLines = Array(block[(timing + 1)...])
            var scalars: [UInt32] = []
            for (k, l) in textLines.enumerated() {
                if k > 0 { scalars.append(0x0A) }
                content(l).withUnsafeBufferPointer { UTF8Scalars.decode($0, into: &scalars) }
            }
            var markup: [Bool]? = nil
            if scalars.contains(0x3C) {
                // A tag runs from `<` to the next `>` on its line; a `<` with no `>` after it is
                // text (and masked like text), never a way to hide digits from the redactor.
                var m = [Bool](repeating: false, count: scalars.count)
                var k = 0
                while k < scalars.count {
                    if scalars[k] == 0x3C {
                        var close = k + 1
                        while close < scalars.count, scalars[close] != 0x3E, scalars[close] != 0x0A { close += 1 }
                        if close < scalars.count, scalars[close] == 0x3E {
                            for j in k...close { m[j] = true }
                            k = close + 1
                        } else {
                            k = close  // no `>` up to the line's end: none for a later `<` either
                        }
                        continue
                    }
                    k += 1
                }
                markup = m
            }
            pieces.append(Piece(scalars: scalars, startMs: start, endMs: end, markup: markup))
            cueLines.append(textLines)
        }
        let (spans, audio) = redactPieces(&pieces, joiner: 0x0A)
        guard !spans.isEmpty else { return RedactedTranscript(data: data, spans: [], audioSpans: []) }
        // Masked lines by line number; every other byte is copied as it came.
        var replaced: [Int: [UInt8]] = [:]
        for (piece, lineNumbers) in zip(pieces, cueLines) where piece.scalars.contains(0x2A) {
            var k = 0
            for segment in piece.scalars.split(separator: 0x0A, omittingEmptySubsequences: false) {
                guard k < lineNumbers.count else { break }
                var bytes: [UInt8] = []
                UTF8Scalars.encode(segment, into: &bytes)
                replaced[lineNumbers[k]] = bytes
                k += 1
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
        return RedactedTranscript(data: out, spans: spans, audioSpans: Self.merged(audio))
    }
}

extension Substring {
    /// Without leading and trailing spaces and tabs.
    var trimmingSpaces: Substring {
        var s = self
        while let c = s.first, c == " " || c == "\t" { s = s.dropFirst() }
        while let c = s.last, c == " " || c == "\t" { s = s.dropLast() }
        return s
    }
}
