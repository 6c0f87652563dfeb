import Foundation
import Testing
@testable import VaultRedact

/// Transcript formats: round trips keep every timing; numbers split over words and cues are found.
@Suite struct FormatTests {
    let redactor = TranscriptRedactor()

    func text(_ r: RedactedTranscript) -> String { String(decoding: r.data, as: UTF8.self) }

    @Test func wordListAcrossWords() throws {
        let words = ["my", "number", "one", "three", "nine", "um", "one", "two", "three", "four", "five", "six", "seven", "eight", "thanks"]
        let json = "{\"words\": [" + words.enumerated().map { "{\"word\": \"\($1)\", \"start_ms\": \($0 * 100), \"end_ms\": \($0 * 100 + 90), \"speaker\": \"A\"}" }.joined(separator: ", ") + "]}"
        let r = try redactor.redact(data: Array(json.utf8), format: .asrJSON)
        #expect(r.audioSpans == [AudioRedactionSpan(startMs: 200, endMs: 1390, kind: .phone)])
        let out = text(r)
        #expect(out.contains("\"word\": \"*****\"") && out.contains("\"word\": \"eight\"") && out.contains("\"start_ms\": 1300"))
        #expect(out.count == json.count)   // masks keep lengths, everything else byte-identical
    }

    @Test func whisperSegmentsAcrossSegments() throws {
        let json = """
        {"text": "card 4111 1111 1111 1111", "segments": [
          {"id": 0, "start": 0.0, "end": 1.5, "text": " card 4111 1111", "words": [{"word": " card", "start": 0.0, "end": 0.4}, {"word": " 4111", "start": 0.5, "end": 1.0}, {"word": " 1111", "start": 1.0, "end": 1.5}]},
          {"id": 1, "start": 1.5, "end": 3.25, "text": " 1111 1111", "words": [{"word": " 1111", "start": 1.5, "end": 2.2}, {"word": " 1111", "start": 2.2, "end": 3.25}]}
        ]}
        """
        let r = try redactor.redact(data: Array(json.utf8), format: .asrJSON)
        #expect(r.audioSpans == [AudioRedactionSpan(startMs: 500, endMs: 3250, kind: .bankCard)])
        let out = text(r)
        #expect(!out.contains("4111") && !out.contains("1111") && out.contains("\"end\": 3.25"))
    }

    @Test("a Whisper word takes its segment's speaker: the other party's back-channel between two halves of a number stays readable in the words, and the number is still hidden across it")
    func whisperWordsSpeakAsTheirSegment() throws {
        func segment(_ id: Int, _ speaker: String, _ words: [String]) -> String {
            let list = words.enumerated().map { #"{"word": "\#($1)", "start": \#(Double(id) + Double($0) * 0.1), "end": \#(Double(id) + Double($0) * 0.1 + 0.05)}"# }
            return #"{"id": \#(id), "start": \#(Double(id)), "end": \#(Double(id) + 0.9), "speaker": "\#(speaker)", "text": "\#(words.joined())", "words": [\#(list.joined(separator: ", "))]}"#
        }
        let json = #"{"segments": [\#([segment(0, "A", ["您的", "手机", "号码？"]), segment(1, "B", [" 138", " 2274"]), segment(2, "A", ["嗯"]), segment(3, "B", [" 6610。"])].joined(separator: ", "))]}"#
        let r = try redactor.redact(data: Array(json.utf8), format: .asrJSON)
        let out = text(r)
        #expect(!out.contains("138") && !out.contains("2274") && out.contains(#""word": "嗯""#), "\(out)")
    }

    @Test func vttCueBoundaryAndTimings() throws {
        let vtt = "WEBVTT\n\nNOTE kept\n\n1\n00:00:01.000 --> 00:00:02.000\n<v Caller>号码是幺三九</v>\n\n00:00:02.000 --> 00:00:03.500 align:start\n一二三四五六七八\n"
        let r = try redactor.redact(data: Array(vtt.utf8), format: .vtt)
        #expect(r.audioSpans == [AudioRedactionSpan(startMs: 1000, endMs: 3500, kind: .phone)])
        #expect(text(r) == "WEBVTT\n\nNOTE kept\n\n1\n00:00:01.000 --> 00:00:02.000\n<v Caller>号码是***</v>\n\n00:00:02.000 --> 00:00:03.500 align:start\n****五六七八\n")
    }

    @Test func srtRoundTrip() throws {
        let srt = "1\r\n00:00:00,000 --> 00:00:01,200\r\n卡号 6222 0212\r\n\r\n2\r\n00:00:01,200 --> 00:00:02,000\r\n3456 7890 123\r\n"
        let r = try redactor.redact(data: Array(srt.utf8), format: .srt)
        let out = text(r)
        #expect(out.utf8.count == srt.utf8.count && out.contains("00:00:01,200 --> 00:00:02,000\r\n"))
        #expect(!r.audioSpans.isEmpty)
    }

    @Test func malformedInputIsRejected() {
        #expect(throws: RedactionError.self) { try redactor.redact(data: Array("{\"words\": [".utf8), format: .asrJSON) }
        #expect(throws: RedactionError.self) { try redactor.redact(data: Array("not vtt".utf8), format: .vtt) }
        #expect(throws: RedactionError.self) { try redactor.redact(data: Array("1\n00:00 --> x\nhi\n".utf8), format: .srt) }
        #expect(throws: RedactionError.self) { try JSONLinesRedactor().redactLine(Array("{\"id\": 1}".utf8)) }
    }

    @Test func asrWordsTimedInSeconds() throws {
        let json = #"{"words": [{"word": "call", "start": 0.5, "end": 0.8}, {"word": "13912345678", "start": 1.0, "end": 2.25}]}"#
        let r = try TranscriptRedactor().redact(data: Array(json.utf8), format: .asrJSON)
        #expect(!String(decoding: r.data, as: UTF8.self).contains("1391234"))
        #expect(r.audioSpans == [AudioRedactionSpan(startMs: 1000, endMs: 2250, kind: .phone)])
        let mixed = #"{"words": [{"word": "x", "start_ms": 10}]}"#
        #expect(throws: RedactionError.self) { try TranscriptRedactor().redact(data: Array(mixed.utf8), format: .asrJSON) }
    }

    @Test("Chinese words cut anywhere by the recogniser are read as the text they make: 户|号 is 户号, a harmless account number")
    func chineseWordsJoinWithoutSpaces() throws {
        func out(_ words: [String]) throws -> String {
            let list = words.enumerated().map { #"{"word": "\#($1)", "start": \#(Double($0)), "end": \#(Double($0) + 0.5)}"# }
            let r = try TranscriptRedactor().redact(data: Array(#"{"words": [\#(list.joined(separator: ","))]}"#.utf8), format: .asrJSON)
            return String(decoding: r.data, as: UTF8.self)
        }
        #expect(try out(["户", "号", "是", "11495488486。"]).contains("11495488486"))
        #expect(try out(["校验", "码", "828478。"]).contains("828478"))
        #expect(try !out(["手", "机号", "是", "13912345678"]).contains("1391234"))
    }

    @Test("numerals said in groups, a group a word, keep the speaker's grouping, and a keyword cut by the recogniser with a space (家里电 话是) still names the number")
    func chineseNumeralGroupsAsWords() throws {
        func out(_ words: [String]) throws -> [String] {
            let list = words.enumerated().map { #"{"word": "\#($1)", "start": \#(Double($0)), "end": \#(Double($0) + 0.5)}"# }
            let r = try TranscriptRedactor().redact(data: Array(#"{"words": [\#(list.joined(separator: ","))]}"#.utf8), format: .asrJSON)
            let json = try JSONSerialization.jsonObject(with: Data(r.data)) as! [String: Any]
            return (json["words"] as! [[String: Any]]).map { $0["word"] as! String }
        }
        // A landline (area code, then eight digits), read back at once: both are hidden, the
        // number showing at most its last four.
        let words = try out(["家里电", "话是", "零五三两", "六零四七", "二二九四", "零五三二", "六零四七…", "对"])
        #expect(!words.contains("零五三两") && !words.contains("六零四七") && !words.contains("零五三二"), "\(words)")
        // Numerals one a word carry no grouping: an attempt given up is hidden whole, as before.
        let single = try out(["手机", "号是", "多少", "幺", "八", "一", "不好", "意思", "不对", "幺", "三", "九", "一", "二", "三", "四", "五", "六", "七", "八"])
        #expect(single.prefix(6).filter { ["幺", "八", "一"].contains($0) }.isEmpty, "\(single)")
    }

    @Test("an ASR transcript's speakers, and WebVTT voices, say who speaks where the text has no label: the other party echoing a group is no more digits of the number, so the mobile is found and the echo hidden")
    func transcriptSpeakersTellWhoSpeaks() throws {
        let turns = [("agent", "请问 您的 手机号？"), ("customer", "是 186 2043"), ("agent", "2043？"), ("customer", "对， 7759")]
        var list: [String] = []
        for (speaker, text) in turns {
            for word in text.split(separator: " ") { list.append(#"{"word": "\#(word)", "start_ms": \#(list.count * 400), "end_ms": \#(list.count * 400 + 300), "speaker": "\#(speaker)"}"#) }
        }
        let r = try redactor.redact(data: Array(#"{"words": [\#(list.joined(separator: ","))]}"#.utf8), format: .asrJSON)
        #expect(!text(r).contains("2043"), "\(text(r))")
        var vtt = "WEBVTT\n"
        for (k, (speaker, line)) in turns.enumerated() { vtt += "\n00:00:0\(k).000 --> 00:00:0\(k).900\n<v \(speaker)>\(line.replacingOccurrences(of: " ", with: ""))\n" }
        let cues = try redactor.redact(data: Array(vtt.utf8), format: .vtt)
        #expect(!text(cues).contains("2043"), "\(text(cues))")
    }

    /// A two-channel recording's words carry their side (`"channel": "L"` / `"R"`) and no speaker:
    /// the side says who speaks, as a speaker field would.
    @Test func channelsSayWhoSpeaks() throws {
        let turns = [("L", "请问 您的 手机号？"), ("R", "是 186 2043"), ("L", "2043？"), ("R", "对， 7759")]
        var list: [String] = []
        for (channel, text) in turns {
            for word in text.split(separator: " ") { list.append(#"{"word": "\#(word)", "start": \#(Double(list.count) * 0.4), "end": \#(Double(list.count) * 0.4 + 0.3), "channel": "\#(channel)"}"#) }
        }
        let r = try redactor.redact(data: Array(#"{"words": [\#(list.joined(separator: ","))]}"#.utf8), format: .asrJSON)
        #expect(!text(r).contains("2043"), "\(text(r))")
    }
}
