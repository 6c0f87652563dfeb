import Testing
@testable import VaultRedact

/// The redacted text a phrase scan reads (`keepingText`): masked as the stored transcript is,
/// and each stretch of it placed in time and given its speaker.
@Suite struct TranscriptTextTests {
    func kept(_ input: String, _ format: TranscriptFormat) throws -> TranscriptText {
        try #require(try TranscriptRedactor().redact(data: Array(input.utf8), format: format, keepingText: true).text)
    }

    func range(of needle: String, in text: TranscriptText) throws -> Range<Int> {
        let scalars = Array(needle.unicodeScalars.map(\.value))
        let start = try #require(text.scalars.indices.first { text.scalars[$0...].starts(with: scalars) })
        return start..<(start + scalars.count)
    }

    @Test("ASR words: joined as the redactor reads them, masked, each phrase timed from its first word to its last, with the word's speaker")
    func words() throws {
        let json = """
            {"words": [
              {"word": "my", "start_ms": 0, "end_ms": 200, "speaker": "customer"},
              {"word": "number", "start_ms": 200, "end_ms": 400, "speaker": "customer"},
              {"word": "is", "start_ms": 400, "end_ms": 500, "speaker": "customer"},
              {"word": "13812345678", "start_ms": 500, "end_ms": 1500, "speaker": "customer"},
              {"word": "guaranteed", "start_ms": 2000, "end_ms": 2400, "speaker": "agent"},
              {"word": "return", "start_ms": 2400, "end_ms": 2900, "speaker": "agent"}
            ]}
            """
        let text = try kept(json, .asrJSON)
        #expect(text.text == "my number is *******5678\nguaranteed return")
        let at = text.locate(try range(of: "guaranteed return", in: text))
        #expect(at == TranscriptText.Location(startMs: 2000, endMs: 2900, speaker: "agent"))
        #expect(text.locate(try range(of: "number", in: text)).speaker == "customer")
        // Not asked for: not kept.
        #expect(try TranscriptRedactor().redact(data: Array(json.utf8), format: .asrJSON).text == nil)
    }

    @Test("Whisper segments with a speaker and words: the words' times, the segment's speaker")
    func segments() throws {
        let json = """
            {"segments": [
              {"start": 1.0, "end": 3.0, "text": "稳赚不赔的产品", "speaker": "SPEAKER_01",
               "words": [{"word": "稳赚", "start": 1.0, "end": 1.5}, {"word": "不赔", "start": 1.5, "end": 2.0}, {"word": "的产品", "start": 2.0, "end": 3.0}]},
              {"start": 4.0, "end": 5.0, "text": "好的", "speaker": "SPEAKER_00"}
            ]}
            """
        let text = try kept(json, .asrJSON)
        // One segment has no words: the segments' text is read, with the segments' times.
        #expect(text.text == "稳赚不赔的产品\n好的")
        #expect(text.locate(try range(of: "稳赚不赔", in: text)) == TranscriptText.Location(startMs: 1000, endMs: 3000, speaker: "SPEAKER_01"))
        let worded = try kept(json.replacingOccurrences(of: #""speaker": "SPEAKER_00"}"#, with: #""speaker": "SPEAKER_00", "words": [{"word": "好的", "start": 4.0, "end": 5.0}]}"#), .asrJSON)
        // Every segment has words: the words as the redactor joined them (Chinese with no space),
        // each with its segment's speaker, so another speaker's words start a line.
        #expect(worded.text == "稳赚不赔的产品\n好的")
        #expect(worded.locate(try range(of: "稳赚不赔", in: worded)) == TranscriptText.Location(startMs: 1000, endMs: 2000, speaker: "SPEAKER_01"))
        let untimed = try kept(#"{"segments": [{"start": 0.5, "end": 2.5, "text": "a guaranteed return"}, {"start": 3, "end": 4, "text": "ok"}]}"#, .asrJSON)
        #expect(untimed.text == "a guaranteed return\nok")
        #expect(untimed.locate(try range(of: "guaranteed", in: untimed)) == TranscriptText.Location(startMs: 500, endMs: 2500, speaker: nil))
    }

    @Test("WebVTT: a voice tag names the speaker and never reaches the text; a label opening the cue's line does when there is none")
    func cues() throws {
        let vtt = """
            WEBVTT

            00:00:01.000 --> 00:00:04.000
            <v Agent Li>保证收益，卡号6222021234567890123

            00:00:05.500 --> 00:00:07.000
            [CSR] today only

            """
        let text = try kept(vtt, .vtt)
        #expect(!text.text.contains("Agent Li") && !text.text.contains("1234567890"))
        #expect(text.locate(try range(of: "保证收益", in: text)) == TranscriptText.Location(startMs: 1000, endMs: 4000, speaker: "Agent Li"))
        #expect(text.locate(try range(of: "today only", in: text)) == TranscriptText.Location(startMs: 5500, endMs: 7000, speaker: "CSR"))
    }

    @Test("plain text: untimed, the speaker from the label opening the line, timestamps and brackets aside")
    func plainText() throws {
        let text = try kept("[00:01:02] 坐席：我们这个稳赚不赔\n客户：我的手机是13812345678\nAgent Smith (agent): guaranteed return\nno label here\n", .text)
        #expect(!text.text.contains("1234"))
        #expect(text.locate(try range(of: "稳赚不赔", in: text)) == TranscriptText.Location(startMs: nil, endMs: nil, speaker: "坐席"))
        let smith = text.locate(try range(of: "guaranteed", in: text))
        #expect(smith.speaker == "Agent Smith (agent)", "\(smith)")
        #expect(text.locate(try range(of: "no label", in: text)).speaker == nil)
    }

    @Test("a speaker named by a number (a caller ID) is masked in the kept text's parts, whatever the format")
    func speakersNamedByNumbersAreMasked() throws {
        let words = try kept(#"{"words": [{"word": "guaranteed", "start_ms": 0, "end_ms": 500, "speaker": "+8613812345678"}, {"word": "return", "start_ms": 500, "end_ms": 900, "speaker": 13812345678}]}"#, .asrJSON)
        let vtt = try kept("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v 13812345678>guaranteed return\n\n", .vtt)
        for text in [words, vtt] {
            let speakers = text.parts.compactMap(\.speaker)
            #expect(!speakers.isEmpty && speakers.allSatisfy { !$0.contains("1234") }, "\(speakers) \(text.parts)")
        }
    }
}
