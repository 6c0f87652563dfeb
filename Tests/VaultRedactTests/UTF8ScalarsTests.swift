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
}
