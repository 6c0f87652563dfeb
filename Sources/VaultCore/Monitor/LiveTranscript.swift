public import Foundation
public import VaultBase
public import VaultPolicy
public import VaultRedact

/// One result a speech recogniser streams for a live call (one line of
/// `POST /v1/recordings/live/{id}/transcript`): `{"type": "partial"|"final", "words": [{"word",
/// "start_ms", "end_ms", "speaker"?}]}`, times in milliseconds from the start of the call. A
/// partial result may still change; a final one is what the recogniser settled on.
public struct LiveTranscriptResult: Decodable, Sendable, Equatable {
    /// Whether the recogniser may still change the result.
    public enum Kind: String, Decodable, Sendable { case partial, final }

    /// One recognised word and when it was said.
    public struct Word: Codable, Sendable, Equatable {
        /// The word as recognised.
        public var word: String
        /// When it starts and ends, in milliseconds from the start of the call.
        public var startMs: Int, endMs: Int
        /// Who said it, as the recogniser names the channel or speaker.
        public var speaker: String?

        /// The keys, as the ASR JSON transcript format spells them.
        public enum CodingKeys: String, CodingKey { case word, startMs = "start_ms", endMs = "end_ms", speaker }

        /// A word.
        public init(word: String, startMs: Int, endMs: Int, speaker: String? = nil) {
            self.word = word; self.startMs = startMs; self.endMs = endMs; self.speaker = speaker
        }
    }

    /// Partial or final.
    public var type: Kind
    /// The words, in the order said.
    public var words: [Word]

    /// The most words one result may hold.
    public static let maximumWords = 2_000
    /// The longest line a result may take, in bytes.
    public static let maximumLineBytes = 256 * 1024

    /// A result.
    public init(type: Kind, words: [Word]) {
        self.type = type
        self.words = words
    }

    /// Reads one line of the stream; `line` numbers it in the error (never quoting its words).
    public static func parse(_ bytes: [UInt8], line: Int) throws -> LiveTranscriptResult {
        guard bytes.count <= maximumLineBytes else {
            throw VaultError(.malformedTranscript, "line \(line): longer than \(maximumLineBytes) bytes")
        }
        let result: LiveTranscriptResult
        do { result = try JSONDecoder().decode(LiveTranscriptResult.self, from: Data(bytes)) } catch let error as DecodingError {
            throw VaultError(.malformedTranscript, "line \(line): not a transcript result (\(Self.describe(error)))")
        }
        guard result.words.count <= maximumWords else {
            throw VaultError(.malformedTranscript, "line \(line): more than \(maximumWords) words")
        }
        for (k, word) in result.words.enumerated() {
            guard word.startMs >= 0, word.endMs >= word.startMs, word.endMs <= TranscriptRedactor.maximumTimeMs else {
                throw VaultError(.malformedTranscript,
                                 "line \(line): word \(k) must start at 0 ms or later, end no earlier than it starts, and within \(TranscriptRedactor.maximumTimeMs / 3_600_000) hours")
            }
        }
        return result
    }

    /// What was wrong, by field path, without the value.
    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let path = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
            return path.isEmpty ? "the line" : path
        }
        switch error {
        case .keyNotFound(let key, let context):
            return context.codingPath.isEmpty ? "\"\(key.stringValue)\" is missing" : "\(path(context)).\(key.stringValue) is missing"
        case .typeMismatch(_, let context), .valueNotFound(_, let context): return "\(path(context)) has the wrong type"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "not JSON" : "\(path(context)) is not one of the values allowed"
        @unknown default: return "not valid"
        }
    }
}

/// A live call's transcript as its recogniser streams it: the final results so far, and which
/// of the phrases found in them were already reported. Each final result is scanned with the
/// words before it (a phrase, or a number the redactor must see whole, may straddle two
/// results), and only what reaches into the new words is new. At the end ``document`` is the
/// transcript stored with the recording (ASR JSON, as `transcripts add` reads it).
public struct LiveTranscript: Sendable {
    /// The recording the call is stored as.
    public let recordingID: RecordingID
    /// The final words so far, in the order received.
    public private(set) var words: [LiveTranscriptResult.Word] = []
    /// Results taken, by kind.
    public private(set) var partials = 0, finals = 0
    /// Hits already reported, by category and word times (offsets differ from window to window),
    /// the most recent last: a hit overlapping one of them in the same category is the same
    /// utterance ("稳赚" reported, then "稳赚不赔" once "不赔" arrives).
    private var reported: [(category: String, startMs: Int, endMs: Int)] = []

    /// How many earlier final words are scanned with a new result.
    static let contextWords = 200
    /// The most final words one call keeps (about 20 hours of speech).
    public static let maximumWords = 1_000_000

    /// An empty transcript of `recordingID`.
    public init(recordingID: RecordingID) { self.recordingID = recordingID }

    /// What a new final result asks to be scanned: the recent words and the new ones as one ASR
    /// JSON document, and how many of its words came before the new ones.
    public struct Window: Sendable {
        /// The ASR JSON document.
        public var document: [UInt8]
        /// Words of `document` that were scanned before.
        public var earlierWords: Int
    }

    /// Takes one result: a partial one is counted; a final one's words join the transcript and
    /// the window to scan is returned.
    public mutating func take(_ result: LiveTranscriptResult) throws -> Window? {
        guard result.type == .final else {
            partials += 1
            return nil
        }
        guard words.count + result.words.count <= Self.maximumWords else {
            throw VaultError(.limitExceeded, "a live transcript keeps at most \(Self.maximumWords) words")
        }
        finals += 1
        guard !result.words.isEmpty else { return nil }
        let earlier = words.suffix(Self.contextWords)
        words += result.words
        return Window(document: Self.document(of: Array(earlier) + result.words), earlierWords: earlier.count)
    }

    /// The hits of a scanned window that are new: those reaching into its new words and not
    /// reported before (each is then remembered).
    public mutating func newHits(_ hits: [LocatedPhraseHit], in text: TranscriptText, window: Window) -> [LocatedPhraseHit] {
        // The new words start at the part after the earlier ones (the redactor makes one part a word).
        let newStart = text.parts.count > window.earlierWords ? text.parts[window.earlierWords].range.lowerBound : 0
        return hits.filter { found in
            guard found.hit.end > newStart else { return false }
            let start = found.location.startMs ?? 0, end = max(found.location.endMs ?? start, start + 1)
            guard !reported.contains(where: { $0.category == found.hit.category && $0.startMs < end && start < $0.endMs }) else { return false }
            reported.append((found.hit.category, start, end))
            // Only hits near the newest words can overlap a new one.
            if reported.count > 256 { reported.removeFirst(reported.count - 256) }
            return true
        }
    }

    /// The final words so far as an ASR JSON transcript.
    public var document: [UInt8] { Self.document(of: words) }

    static func document(of words: [LiveTranscriptResult.Word]) -> [UInt8] {
        struct Document: Encodable { var words: [LiveTranscriptResult.Word] }
        // Encoding plain strings and integers cannot fail.
        return Array((try? JSONEncoder().encode(Document(words: words))) ?? Data("{\"words\":[]}".utf8))
    }
}

/// A prohibited phrase heard in a live call: what the monitoring webhook posts, signed, within
/// a second of the recogniser's final result, so a supervisor can step in during the call. Its
/// words and context are redacted, as a stored hit's are. The hit is stored (`monitor hits`)
/// with the recording's transcript when the call ends.
public struct LivePhraseAlert: Codable, Sendable, Equatable {
    /// `monitor.live_hit`.
    public var event: String
    /// The alert's id: the same on every delivery attempt (a receiver drops repeats by it).
    public var id: String
    /// The recording the call is stored as.
    public var recordingId: String
    /// The lexicon's category, the severity and the phrase as the lexicon writes it.
    public var category: String, severity: String, phrase: String
    /// The words as said and the words around them, redacted.
    public var words: String, context: String
    /// Who said it, when the recogniser says.
    public var speaker: String?
    /// When it was said, in milliseconds from the start of the call.
    public var startMs: Int?, endMs: Int?
    /// The lexicon version that found it.
    public var lexiconVersion: Int
    /// When it was found (ISO 8601 UTC).
    public var foundAt: String

    /// Whether it is posted to the monitoring webhook: high-severity hits are, for someone to
    /// step in during the call; the others wait for review with the stored transcript.
    public var fires: Bool { severity == Lexicon.Severity.high.rawValue }

    /// The keys, as the JSON and the OpenAPI schema spell them.
    public enum CodingKeys: String, CodingKey, CaseIterable {
        case event, id, recordingId = "recording_id", category, severity, phrase, words, context, speaker
        case startMs = "start_ms", endMs = "end_ms", lexiconVersion = "lexicon_version", foundAt = "found_at"
    }

    /// The alert of `found` in `recording`'s live transcript.
    public init(_ found: LocatedPhraseHit, recording: RecordingID, lexiconVersion: Int, at: Date) {
        event = "monitor.live_hit"
        id = UUID().uuidString.lowercased()
        recordingId = recording.description
        category = found.hit.category; severity = found.hit.severity.rawValue; phrase = found.hit.phrase
        words = Self.maskingNumberStarts(found.hit.text); context = Self.maskingNumberStarts(found.context); speaker = found.location.speaker
        startMs = found.location.startMs; endMs = found.location.endMs
        self.lexiconVersion = lexiconVersion
        foundAt = Timestamp.format(at)
    }

    /// `text` with every run of three or more digits (ASCII, full-width or Chinese numerals,
    /// spaces between them allowed) masked: a live window may end inside a number that its own
    /// redaction could not yet tell from a count (the digits so far pass no check), and the alert
    /// leaves the vault. The stored transcript is redacted whole, and its hits need no such rule.
    static func maskingNumberStarts(_ text: String) -> String {
        let digits = Set("0123456789０１２３４５６７８９零〇一二三四五六七八九幺两".unicodeScalars.map(\.value))
        var scalars = Array(text.unicodeScalars)
        var k = 0
        while k < scalars.count {
            guard digits.contains(scalars[k].value) else { k += 1; continue }
            var end = k, count = 0, last = k
            while end < scalars.count, digits.contains(scalars[end].value) || scalars[end] == " " {
                if scalars[end] != " " { count += 1; last = end }
                end += 1
            }
            if count >= 3 { for i in k...last where scalars[i] != " " { scalars[i] = "*" } }
            k = last + 1
        }
        return String(String.UnicodeScalarView(scalars))
    }

    /// Every key; optionals are written as `null` rather than left out.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(event, forKey: .event); try c.encode(id, forKey: .id); try c.encode(recordingId, forKey: .recordingId)
        try c.encode(category, forKey: .category); try c.encode(severity, forKey: .severity); try c.encode(phrase, forKey: .phrase)
        try c.encode(words, forKey: .words); try c.encode(context, forKey: .context); try c.encode(speaker, forKey: .speaker)
        try c.encode(startMs, forKey: .startMs); try c.encode(endMs, forKey: .endMs)
        try c.encode(lexiconVersion, forKey: .lexiconVersion); try c.encode(foundAt, forKey: .foundAt)
    }
}
