import Testing
@testable import VaultRedact

/// The byte-level paths of the fast redactor give what the String-based ones did.
@Suite struct UTF8ScalarsTests {
    @Test func roundTripsEveryWidth() {
        let text = "a é 中文 𝄞 ｘ\r\n"
        let scalars = UTF8Scalars.decode(text)
        #expect(scalars == text.unicodeScalars.map(\.value))
        var bytes: [UInt8] = []
        UTF8Scalars.encode(scalars, into: &bytes)
        #expect(bytes == Array(text.utf8))
        #expect(UTF8Scalars.decode("").isEmpty)
    }

    @Test func quoteEscapesLikeJSON() {
        #expect(JSONScanner.quote("a\"b\\c\nd\u{01}中") == Array("\"a\\\"b\\\\c\\nd\\u0001中\"".utf8))
    }

    @Test func cueBytesOutsideMaskedTextAreKept() throws {
        let vtt = "\u{FEFF}WEBVTT\r\n\r\n00:01.000 --> 00:02.000 line:0\r\n号码 一三八\r\n一二三四 五六七八 \r\n\r\n00:02.000 --> 00:03.000\r\nno number here\r\n"
        let r = try TranscriptRedactor().redact(data: Array(vtt.utf8), format: .vtt)
        let out = String(decoding: r.data, as: UTF8.self)
        #expect(out == "\u{FEFF}WEBVTT\r\n\r\n00:01.000 --> 00:02.000 line:0\r\n号码 ***\r\n*****五六七八 \r\n\r\n00:02.000 --> 00:03.000\r\nno number here\r\n")
        #expect(r.audioSpans == [AudioRedactionSpan(startMs: 1000, endMs: 2000, kind: .phone)])
        let plain = try TranscriptRedactor().redact(data: Array("1\n00:00:00,000 --> 00:00:01,000\nhello\n".utf8), format: .srt)
        #expect(plain.data == Array("1\n00:00:00,000 --> 00:00:01,000\nhello\n".utf8) && plain.spans.isEmpty)
    }

    /// The keyword table gives, for any scalar, the keywords that start (or end) with it, in the
    /// order they were given: what walking the whole list gives.
    @Test func keywordIndexAgreesWithWalkingTheList() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("abcdeé中文号码卡 ".unicodeScalars.map(\.value)) + [0x1D11E, 0xFFFF]
        for _ in 0..<50 {
            let words = (0..<Int.random(in: 1...300, using: &generator)).map { _ in
                (0..<Int.random(in: 1...6, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            }.filter { $0[0] != 0x20 }
            let index = KeywordIndex(words)
            for c in alphabet + [0x41, 0x10FFFF] {
                #expect(index.starting(with: c).map(index.keyword(at:)) == words.indices.filter { words[$0].first == c })
                #expect(index.ending(with: c).map(index.keyword(endingAt:)) == words.indices.filter { words[$0].last == c })
            }
            for k in words.indices { #expect(Array(index.scalars[index.range(k)]) == words[k]) }
        }
        #expect(KeywordIndex([]).starting(with: 0x61).isEmpty)
    }

    /// The keywords a text may start at a position, found by its first two scalars, hold every
    /// keyword said there, in the keywords' order: a scan through them finds what walking the
    /// whole list finds, up to any end.
    @Test func keywordCandidatesHoldEveryKeywordSaidThere() {
        var generator = SystemRandomNumberGenerator()
        let lower = Array("ab 中文号".unicodeScalars.map(\.value))
        let text = lower + Array("AB".unicodeScalars.map(\.value))
        for _ in 0..<40 {
            // Keywords are words: none starts with a space.
            let words = (0..<Int.random(in: 1...60, using: &generator)).map { _ in
                (0..<Int.random(in: 1...4, using: &generator)).map { _ in lower.randomElement(using: &generator)! }
            }.filter { $0[0] != 0x20 }
            let index = KeywordIndex(words)
            for _ in 0..<20 {
                let s = (0..<Int.random(in: 1...10, using: &generator)).map { _ in text.randomElement(using: &generator)! }
                for i in s.indices {
                    for end in (i + 1)...s.count {
                        let walked = words.indices.compactMap { k in index.match(k, in: s, at: i, before: end).map { (k, $0) } }
                        let found = index.candidates(at: i, in: s, before: end).map(index.keyword(candidate:))
                            .compactMap { k in index.match(k, in: s, at: i, before: end).map { (k, $0) } }
                        #expect(found.map(\.0) == walked.map(\.0) && found.map(\.1) == walked.map(\.1))
                    }
                }
            }
        }
        // How a keyword is said: case folded, a space as one or more, a recogniser's space between ideographs.
        let index = KeywordIndex([Array("batch id".unicodeScalars.map(\.value)), Array("电话".unicodeScalars.map(\.value))])
        let said = Array("Batch  ID, 家里电 话是".unicodeScalars.map(\.value))
        #expect(index.match(0, in: said, at: 0, before: said.count) == 9)
        #expect(index.match(0, in: said, at: 0, before: 8) == nil)
        #expect(index.match(1, in: said, at: 13, before: said.count) == 16)
        #expect(index.candidates(at: 13, in: said, before: said.count).map(index.keyword(candidate:)) == [1])
        #expect(index.candidates(at: 2, in: said, before: said.count).isEmpty)
    }

    /// A `ScalarSet` holds what a `Set` of the same scalars holds: random members near and far
    /// apart, asked about members, their neighbours and random scalars.
    @Test func scalarSetAgreesWithASet() {
        var generator = SystemRandomNumberGenerator()
        #expect(!ScalarSet([UInt32]()).contains(0) && !ScalarSet("").contains(0x4E00))
        for _ in 0..<500 {
            let spread = [UInt32(64), 0x800, 0x10_0000].randomElement(using: &generator)!
            let base = UInt32.random(in: 0..<(0x11_0000 - spread), using: &generator)
            let members = (0..<Int.random(in: 1...12, using: &generator)).map { _ in base + UInt32.random(in: 0..<spread, using: &generator) }
            let set = ScalarSet(members), reference = Set(members)
            let asked = members.flatMap { [$0 &- 1, $0, $0 + 1, $0 &+ 64, $0 &- 64] } + (0..<50).map { _ in UInt32.random(in: 0...UInt32.max, using: &generator) }
            for c in asked { #expect(set.contains(c) == reference.contains(c), "\(members) \(c)") }
        }
    }

    /// A JSON string is read as its pieces say, whatever the offset of a quote, backslash, control
    /// character or bad byte (the scanner looks at eight bytes at a time): random strings of plain
    /// text, escapes and faults, each piece with the text it stands for.
    @Test func jsonStringsAreReadAtEveryOffset() {
        struct Piece { var bytes: [UInt8]; var text: String?; init(_ b: [UInt8], _ t: String?) { bytes = b; text = t } }
        let pieces: [Piece] = [
            Piece(Array("a".utf8), "a"), Piece(Array("Z9 ".utf8), "Z9 "), Piece(Array("中".utf8), "中"), Piece(Array("é".utf8), "é"),
            Piece(Array("😀".utf8), "😀"), Piece(Array(#"\n"#.utf8), "\n"), Piece(Array(#"\""#.utf8), "\""), Piece(Array(#"\\"#.utf8), "\\"),
            Piece(Array(#"\/"#.utf8), "/"), Piece(Array(#"\t"#.utf8), "\t"), Piece(Array(#"\u00e9"#.utf8), "é"),
            Piece(Array(#"\ud83d\ude00"#.utf8), "😀"), Piece([0x7F], "\u{7F}"),
            Piece([0x01], nil), Piece([0x1F], nil), Piece([0x0A], nil), Piece([0xFF], nil), Piece([0xE4, 0xB8], nil), Piece([0xC0, 0x80], nil),
        ]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            // Mostly plain text, so that one special piece lands at any offset of a long run.
            let drawn = (0..<Int.random(in: 0...24, using: &generator)).map { _ in
                Int.random(in: 0..<4, using: &generator) == 0 ? pieces.randomElement(using: &generator)! : pieces[Int.random(in: 0...1, using: &generator)]
            }
            let line = Array(#"{"id": 7, "text": ""#.utf8) + drawn.flatMap(\.bytes) + Array(#"", "n": 1}"#.utf8)
            let expected = drawn.contains { $0.text == nil } ? nil : drawn.map { $0.text! }.joined()
            let node = try? JSONScanner.parse(line)
            #expect(node?["text"]?.string == expected, "\(line)")
            #expect(node?["text"]?.utf8.map(Array.init) == expected.map { Array($0.utf8) }, "\(line)")
            if expected != nil { #expect(node?["n"]?.number == 1) }
        }
    }

    /// The byte validator agrees with the standard library's on edge cases and on random bytes
    /// biased towards multi-byte forms.
    @Test func validatorAgreesWithTheStandardLibrary() {
        func agree(_ bytes: [UInt8]) -> Bool {
            bytes.withUnsafeBufferPointer(UTF8Scalars.isValid) == (String(validating: bytes, as: UTF8.self) != nil)
        }
        let edges: [[UInt8]] = [[], [0x41], [0xC0, 0x80], [0xC1, 0xBF], [0xC2, 0x80], [0xE0, 0x9F, 0x80], [0xE0, 0xA0, 0x80], [0xED, 0xA0, 0x80],
                                [0xED, 0x9F, 0xBF], [0xEF, 0xBF, 0xBF], [0xF0, 0x8F, 0x80, 0x80], [0xF0, 0x90, 0x80, 0x80], [0xF4, 0x8F, 0xBF, 0xBF],
                                [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xFF], [0x80], [0xE4, 0xB8], Array("ascii only, long enough".utf8) + [0xE4],
                                Array("中文 and more ascii text".utf8)]
        for bytes in edges { #expect(agree(bytes), "\(bytes)") }
        var generator = SystemRandomNumberGenerator()
        let alphabet: [UInt8] = [0x41, 0x20, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC2, 0xDF, 0xE0, 0xE4, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF]
        for _ in 0..<20_000 {
            let bytes = (0..<Int.random(in: 0...12, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            #expect(agree(bytes), "\(bytes)")
        }
    }

    @Test(arguments: [("00:01.000", 1000), ("01:02:03.004", 3_723_004), ("00:00:02,500", 2500), ("0:00.001", 1), ("23:59:59.999", 86_399_999)])
    func cueTimestamps(_ text: String, _ ms: Int) {
        #expect(TranscriptRedactor.timestamp(ArraySlice(text.utf8)) == ms)
    }

    @Test(arguments: ["", "00:01", "00:01.00", "00:01.0000", "1.000", "00:60.000", "00:00:00:01.000", "00::01.000", "+1:00.000", "00:01.000x",
                      "00: 01.000", "99999:00.000", "24:00:00.001"])
    func malformedCueTimestamps(_ text: String) {
        #expect(TranscriptRedactor.timestamp(ArraySlice(text.utf8)) == nil)
    }
}
