/// Finds a lexicon's phrases in a (redacted) transcript: the pure decision "is this a script
/// violation, and where", with no I/O.
///
/// How a mention is decided:
/// - **Folding.** Text and phrases are compared after folding each character: traditional
///   Chinese to simplified (the forms of `ChineseFolding`), full-width to half-width, English to
///   lower case. Folding maps one character to one, so positions in the folded text are the
///   text's own.
/// - **Variants.** A phrase's parts may have filler between them (`maxGap` characters, or two
///   English words), may come in either order when joined by `&`, and each Chinese character
///   also matches its homophones (what a recogniser writes for it).
/// - **Words.** An English part matches whole words only ("cures" is not in "secures").
/// - **Negation.** A mention is no violation when a negator stands before it in the same clause
///   (no 。，！？；,.!?; or line break between) within `negationWindow` characters (Chinese) or
///   words (English). "不承诺高收益" is negated; "不用担心，保证收益" is not (the comma ends the
///   clause). A negator inside the phrase itself ("稳赚不赔") is part of the phrase, and one inside
///   a word that negates nothing (the lexicon's `not_negating`: "没关系", "特别", "未来", "not
///   only") negates nothing. Known limit:
///   a negator that negates something else in the clause ("不到一年就保证收益") hides the mention.
/// - **Exceptions.** A mention inside one of the lexicon's exceptions as said ("高收益债券", a
///   product's name) is no violation.
public struct PhraseScanner: Sendable {
    /// A phrase found.
    public struct Hit: Sendable, Equatable, Codable {
        /// The lexicon's category.
        public var category: String
        /// Its severity.
        public var severity: Lexicon.Severity
        /// The phrase as the lexicon writes it.
        public var phrase: String
        /// Where it stands, as character offsets (Unicode scalars) into the text.
        public var start: Int
        /// The end (exclusive).
        public var end: Int
        /// The words as said.
        public var text: String
    }

    /// One part of a phrase, folded, as scalars.
    typealias Part = [UInt32]

    struct Phrase {
        var category: Int
        var written: String
        var parts: [Part]
        var anyOrder: Bool
        /// The first part's second character and up to two of its homophones, when the phrase
        /// has one place to start (not `&`) and that part is two characters or more.
        var second: (UInt32, UInt32, UInt32)?
    }

    private let lexicon: Lexicon
    private let phrases: [Phrase]
    /// Phrase indices by the folded first scalar of one of their parts (and its homophones):
    /// `firstSlot[c]` (for the Basic Multilingual Plane) is 1 + the index into `candidates`, 0
    /// when no phrase starts with `c`; a flat table, because it is read at every character.
    private let firstSlot: [UInt16]
    private let candidates: [[Int]]
    /// Each character's homophones, folded: a phrase scalar matches itself or these.
    private let homophones: [UInt32: Set<UInt32>]
    private let negatorsZH: [[UInt32]]
    private let negatorsEN: Set<String>
    /// Chinese words that hold a negator and negate nothing, folded; English ones ("not only") as text.
    private let notNegatingZH: [[UInt32]]
    private let notNegatingEN: Set<String>
    private let exceptions: Set<[UInt32]>

    /// A scanner for `lexicon`.
    public init(lexicon: Lexicon) {
        self.lexicon = lexicon
        var phrases: [Phrase] = []
        for (k, category) in lexicon.categories.enumerated() {
            for written in category.phrases {
                let anyOrder = written.contains("&")
                phrases.append(Phrase(category: k, written: written, parts: Self.parts(of: written), anyOrder: anyOrder))
            }
        }
        var homophones: [UInt32: Set<UInt32>] = [:]
        for (character, spellings) in lexicon.homophones {
            let key = Self.fold(character.unicodeScalars.first!.value)
            homophones[key, default: []].formUnion(spellings.map { Self.fold($0.unicodeScalars.first!.value) })
        }
        var byFirst: [UInt32: [Int]] = [:]
        for (index, phrase) in phrases.enumerated() {
            let starts = phrase.anyOrder ? phrase.parts : [phrase.parts[0]]
            for part in starts {
                for first in [part[0]] + (homophones[part[0]].map(Array.init) ?? []) where byFirst[first]?.last != index {
                    byFirst[first, default: []].append(index)
                }
            }
        }
        for k in phrases.indices where !phrases[k].anyOrder && phrases[k].parts[0].count >= 2 {
            let c = phrases[k].parts[0][1]
            let alternatives = Array(homophones[c] ?? [])
            // More than two homophones: no prefilter (the tuple holds two).
            if alternatives.count <= 2 {
                phrases[k].second = (c, alternatives.first ?? c, alternatives.count > 1 ? alternatives[1] : c)
            }
        }
        self.phrases = phrases
        var firstSlot = [UInt16](repeating: 0, count: 0x10000)
        var candidates: [[Int]] = []
        for (first, list) in byFirst where first < 0x10000 {
            candidates.append(list)
            firstSlot[Int(first)] = UInt16(candidates.count)
        }
        self.firstSlot = firstSlot
        self.candidates = candidates
        self.homophones = homophones
        negatorsZH = lexicon.negatorsZH.map { $0.unicodeScalars.map { Self.fold($0.value) } }
        negatorsEN = Set(lexicon.negatorsEN)
        notNegatingZH = lexicon.notNegating.filter { !$0.unicodeScalars.allSatisfy(\.isASCII) }.map { $0.unicodeScalars.map { Self.fold($0.value) } }
        notNegatingEN = Set(lexicon.notNegating.filter { $0.unicodeScalars.allSatisfy(\.isASCII) })
        exceptions = Set(lexicon.exceptions.map { $0.unicodeScalars.map { Self.fold($0.value) } })
    }

    /// The parts of a written phrase, folded: split at `&` or spaces (Chinese parts), English
    /// words kept together within a part ("guaranteed return" is one part: its words in order,
    /// one space between).
    static func parts(of phrase: String) -> [Part] {
        let pieces = phrase.contains("&") ? phrase.split(separator: "&").map(String.init) : [phrase]
        var parts: [Part] = []
        for piece in pieces {
            let trimmed = piece.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { continue }
            if trimmed.unicodeScalars.contains(where: { $0.value >= 0x2E80 }) {
                // Chinese: every space-separated piece is a part (filler may stand between).
                parts += trimmed.split(separator: " ").map { $0.unicodeScalars.map { fold($0.value) } }
            } else {
                parts.append(trimmed.split(separator: " ").joined(separator: " ").unicodeScalars.map { fold($0.value) })
            }
        }
        return parts.filter { !$0.isEmpty }
    }

    /// Every mention of a phrase in `text` that is a violation, in text order (one per place:
    /// where two phrases overlap, the longer wins).
    public func scan(_ text: String) -> [Hit] {
        scan(scalars: text.unicodeScalars.map(\.value))
    }

    /// `scan(_:)` over a text's Unicode scalar values.
    public func scan(scalars original: [UInt32]) -> [Hit] {
        // The two passes over every character read their tables through buffer pointers: no
        // bounds check, no lazy-global check per character (they are most of the scan's cost).
        let s = [UInt32](unsafeUninitializedCapacity: original.count) { buffer, count in
            Self.foldTable.withUnsafeBufferPointer { table in
                original.withUnsafeBufferPointer { o in
                    for k in o.indices { buffer[k] = o[k] < 0x10000 ? UInt32(table[Int(o[k])]) : o[k] }
                }
            }
            count = original.count
        }
        var starts: [Int] = []
        firstSlot.withUnsafeBufferPointer { slots in
            s.withUnsafeBufferPointer { s in
                for i in s.indices {
                    let c = s[i]
                    guard c < 0x10000, slots[Int(c)] > 0 else { continue }
                    // An English phrase starts a word: inside a word, nothing can start here.
                    if Self.isASCIIWordScalar(c), i > 0, Self.isASCIIWordScalar(s[i - 1]) { continue }
                    starts.append(i)
                }
            }
        }
        var found: [Hit] = []
        for i in starts {
            let c = s[i]
            let slot = Int(firstSlot[Int(c)])
            let next = i + 1 < s.count ? s[i + 1] : 0
            // Read in place (no copy of a phrase or a list: this runs at most characters).
            for k in candidates[slot - 1].indices {
                let index = candidates[slot - 1][k]
                // Most candidates fail at their second character: tested here, before `match`.
                if let second = phrases[index].second, next != second.0, next != second.1, next != second.2 { continue }
                guard let end = match(index, at: i, in: s) else { continue }
                guard !negated(before: i, in: s), !excepted(i..<end, in: s) else { continue }
                let category = lexicon.categories[phrases[index].category]
                found.append(Hit(category: category.name, severity: category.severity, phrase: phrases[index].written, start: i, end: end,
                                 text: String(String.UnicodeScalarView(original[i..<end].compactMap(Unicode.Scalar.init)))))
            }
        }
        // One hit per place: sorted by start, a hit inside an earlier, longer one is dropped.
        found.sort { ($0.start, -$0.end) < ($1.start, -$1.end) }
        var kept: [Hit] = []
        for hit in found where !(kept.last.map { hit.start < $0.end } ?? false) { kept.append(hit) }
        return kept
    }

    /// Where a mention of `phrase` starting at `i` ends, or nil.
    private func match(_ index: Int, at i: Int, in s: [UInt32]) -> Int? {
        let count = phrases[index].parts.count
        let orders = phrases[index].anyOrder && count == 2 ? 2 : 1
        for order in 0..<orders {
            var p = i
            var ok = true
            for k in 0..<count {
                let part = phrases[index].parts[order == 0 ? k : count - 1 - k]
                if k == 0 {
                    guard let end = matchPart(part, at: p, in: s) else { ok = false; break }
                    p = end
                    continue
                }
                // The next part within the gap allowed after the previous one.
                let english = part.first.map(Self.isASCIIWordScalar) ?? false
                let limit = english ? Self.englishGap(from: p, in: s) : min(s.count, p + lexicon.maxGap + 1)
                var q = p, next: Int?
                while q < limit, next == nil {
                    if Self.isClauseEnd(s[q]) { break }
                    next = matchPart(part, at: q, in: s)
                    q += 1
                }
                guard let end = next else { ok = false; break }
                p = end
            }
            if ok { return p }
        }
        return nil
    }

    /// Where `part` ends when it starts at `i` (scalars equal or homophones; English on word
    /// boundaries), or nil.
    private func matchPart(_ part: Part, at i: Int, in s: [UInt32]) -> Int? {
        guard i + part.count <= s.count else { return nil }
        for k in part.indices where s[i + k] != part[k] {
            guard !homophones.isEmpty, homophones[part[k]]?.contains(s[i + k]) == true else { return nil }
        }
        if Self.isASCIIWordScalar(part[0]) {
            if i > 0, Self.isASCIIWordScalar(s[i - 1]) { return nil }
            let end = i + part.count
            if end < s.count, Self.isASCIIWordScalar(s[end]), Self.isASCIIWordScalar(part[part.count - 1]) { return nil }
        }
        return i + part.count
    }

    /// Whether an exception's words stand around the mention (it lies inside one).
    private func excepted(_ range: Range<Int>, in s: [UInt32]) -> Bool {
        for exception in exceptions where exception.count >= range.count {
            var o = max(0, range.upperBound - exception.count)
            while o <= range.lowerBound, o + exception.count <= s.count {
                if s[o..<(o + exception.count)].elementsEqual(exception) { return true }
                o += 1
            }
        }
        return false
    }

    /// Whether a negator stands before `i` in the same clause, within the window.
    private func negated(before i: Int, in s: [UInt32]) -> Bool {
        // Chinese: the window's characters back to the clause's start.
        var start = i
        while start > 0, i - start < lexicon.negationWindow, !Self.isClauseEnd(s[start - 1]) { start -= 1 }
        let window = Array(s[start..<i])
        for negator in negatorsZH where !negator.isEmpty && window.count >= negator.count {
            for k in 0...(window.count - negator.count) where Array(window[k..<(k + negator.count)]) == negator {
                if !insideNotNegating(start + k, length: negator.count, in: s) { return true }
            }
        }
        // English: the words back to the clause's start, at most the window's count.
        var words: [String] = []
        var j = i
        while j > 0, words.count < lexicon.negationWindow {
            if Self.isClauseEnd(s[j - 1]) { break }
            if Self.isASCIIWordScalar(s[j - 1]) || s[j - 1] == 0x27 {
                var k = j
                while k > 0, Self.isASCIIWordScalar(s[k - 1]) || s[k - 1] == 0x27 { k -= 1 }
                words.append(String(String.UnicodeScalarView(s[k..<j].compactMap(Unicode.Scalar.init))))
                j = k
            } else {
                j -= 1
            }
        }
        // `words` runs backwards: the word after words[m] in the text is words[m - 1].
        return words.indices.contains { m in
            let word = words[m].replacingOccurrences(of: "’", with: "'")
            guard negatorsEN.contains(word) else { return false }
            return !(m > 0 && notNegatingEN.contains("\(word) \(words[m - 1])"))
        }
    }

    /// Whether the negator at `position` (`length` scalars) is part of a word that negates nothing there.
    private func insideNotNegating(_ position: Int, length: Int, in s: [UInt32]) -> Bool {
        notNegatingZH.contains { word in
            guard word.count > length else { return false }
            for offset in 0...(word.count - length) where Array(word[offset..<(offset + length)]) == Array(s[position..<(position + length)]) {
                let from = position - offset
                if from >= 0, from + word.count <= s.count, Array(s[from..<(from + word.count)]) == word { return true }
            }
            return false
        }
    }

    /// The end of the search for an English part after `p`: two words on.
    private static func englishGap(from p: Int, in s: [UInt32]) -> Int {
        var q = p, words = 0
        while q < s.count, words <= 2 {
            if isClauseEnd(s[q]) { break }
            if isASCIIWordScalar(s[q]), q == 0 || !isASCIIWordScalar(s[q - 1]) { words += 1; if words > 2 { break } }
            q += 1
        }
        return min(s.count, q + 1)
    }

    static func isASCIIWordScalar(_ c: UInt32) -> Bool { (0x61...0x7A).contains(c) || (0x30...0x39).contains(c) }

    static func isClauseEnd(_ c: UInt32) -> Bool {
        switch c {
        case 0x3002, 0xFF0C, 0xFF01, 0xFF1F, 0xFF1B, 0x2C, 0x2E, 0x21, 0x3F, 0x3B, 0x0A, 0x0D, 0x3001: return true
        default: return false
        }
    }

    /// One character folded (`foldSlow`), from a table for the Basic Multilingual Plane.
    static func fold(_ c: UInt32) -> UInt32 { c < 0x10000 ? UInt32(foldTable[Int(c)]) : c }

    /// `foldSlow` of every BMP character, made once (128 KiB) from its rules rather than by calling
    /// it 65,536 times: a scan's process starts sooner (a test checks the two agree everywhere).
    static let foldTable: [UInt16] = {
        var table = [UInt16](unsafeUninitializedCapacity: 0x10000) { buffer, count in
            for c in 0..<0x10000 { buffer[c] = UInt16(c) }
            count = 0x10000
        }
        for (from, to) in ChineseFolding.simplified where from < 0x10000 && to < 0x10000 { table[Int(from)] = UInt16(to) }
        // The rules `foldSlow` applies before its table, so they win over it.
        for c in 0x41...0x5A { table[c] = UInt16(c + 0x20) }
        table[0x2019] = 0x27
        table[0x3000] = 0x20
        for c in 0xFF01...0xFF5E { table[c] = table[c - 0xFEE0] }
        return table
    }()

    /// One character folded: traditional to simplified, full-width ASCII to ASCII, upper to lower case.
    static func foldSlow(_ c: UInt32) -> UInt32 {
        var c = c
        if (0xFF01...0xFF5E).contains(c) { c -= 0xFEE0 }
        if c == 0x3000 { return 0x20 }
        if (0x41...0x5A).contains(c) { return c + 0x20 }
        if c == 0x2019 { return 0x27 }
        return ChineseFolding.simplified[c] ?? c
    }
}
