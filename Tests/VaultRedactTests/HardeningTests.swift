import Foundation
import Testing
@testable import VaultRedact

/// Inputs that used to crash the redactor, take it cubic time, or leave a number readable
/// (issue 14): each one is refused with a message or redacted.
@Suite struct HardeningTests {
    let redactor = TranscriptRedactor()

    func text(_ r: RedactedTranscript) -> String { String(decoding: r.data, as: UTF8.self) }

    /// The scan's shortcut over ideographs it has no case for is a fast path: with and without it,
    /// every ideograph (U+4E00 to U+9FFF) gives the same runs of number tokens, said between
    /// digits, numerals and number words, doubled, and opening a line.
    @Test func ideographShortcutGivesTheSameRuns() {
        let fast = NumberFinder(), slow = NumberFinder(skipsPlainIdeographs: false)
        var checked = 0
        // □ stands for the ideograph.
        let line = "□1□2 一□二 one □ two □□幺八 □是□1\n".unicodeScalars.map(\.value)
        for block in stride(from: 0x4E00 as UInt32, to: 0xA000, by: 256) {
            var text: [UInt32] = []
            for c in block..<(block + 256) { text += line.map { $0 == 0x25A1 ? c : $0 } }
            #expect(fast.runs(in: text) == slow.runs(in: text), "ideographs from U+\(String(block, radix: 16))")
            checked += 256
        }
        #expect(checked == 0xA000 - 0x4E00)
    }

    func malformed(_ input: String, _ format: TranscriptFormat) -> String? {
        do {
            _ = try redactor.redact(data: Array(input.utf8), format: format)
            return nil
        } catch {
            #expect(error.code == .malformed)
            return error.message
        }
    }

    // MARK: Times that trapped in a Double → Int conversion or overflowed

    @Test(arguments: ["1e300", "9.2e18", "-5", "1e19"])
    func wordTimesOutOfRange(_ time: String) {
        let json = "{\"words\": [{\"word\": \"hi\", \"start_ms\": \(time), \"end_ms\": 5}]}"
        #expect(malformed(json, .asrJSON)?.contains("outside 0 to 24 hours") == true)
    }

    @Test func whisperTimeOutOfRange() {
        let json = "{\"segments\": [{\"start\": 0, \"end\": 1e308, \"text\": \"hi\"}]}"
        #expect(malformed(json, .asrJSON)?.contains("segment 0 has a time outside 0 to 24 hours") == true)
    }

    @Test(arguments: ["999999999:00:00.000", "25:00:00.000", "9223372036854775807:00.000"])
    func cueHoursOutOfRange(_ time: String) {
        let vtt = "WEBVTT\n\n00:00:00.000 --> \(time)\nhello\n"
        #expect(malformed(vtt, .vtt)?.contains("bad cue timing") == true)
    }

    // MARK: Linear time

    @Test func longDigitRunsAreLinear() {
        // 3.2 KB of "1 1 1 …" took 90 s when windows were tried from every start to every end;
        // 20,000 digits now take a fraction of a second (Tools/bench-redact measures a 1 MB run).
        let run = String(repeating: "1 ", count: 20_000)
        let r = TextRedactor().redact(run)
        #expect(r.text.unicodeScalars.count == run.unicodeScalars.count)
        // A run full of corrections: every one tried for a splice (36 s for this when each
        // restart scanned the whole run's group boundaries).
        let corrections = String(repeating: "1 2 sorry ", count: 20_000)
        #expect(TextRedactor().redact(corrections).text.unicodeScalars.count == corrections.unicodeScalars.count)
        // A real number next to long runs is still hidden (windows in the runs may pass a check
        // by chance and be masked too: that errs on the safe side).
        let mixed = String(repeating: "7 ", count: 2_000) + "。手机 13912345678。" + String(repeating: "2 ", count: 2_000)
        let phone = mixed.range(of: "13912345678")!
        let at = mixed.unicodeScalars.distance(from: mixed.unicodeScalars.startIndex, to: phone.lowerBound)
        #expect(TextRedactor().redact(mixed).spans.contains { $0.start <= at && $0.visibleFrom >= at + 7 && $0.kind == .phone })
        // Many lines that each name a kind: reading one line's context never walks back through
        // the lines before it (a recursive look-back once overflowed the stack here).
        let lines = (0..<20_000).map { "A: call me on 1\(3 + $0 % 7)\(String(format: "%09d", $0))\n" }.joined()
        let hidden = TextRedactor().redact(lines)
        #expect(hidden.spans.count == 20_000)
        // Kind words back to back ("号码号码…") before a number.
        let words = String(repeating: "号码", count: 100_000) + "13912345678"
        #expect(TextRedactor().redact(words).spans.count == 1)
    }

    // MARK: JSON

    @Test func duplicateKeysAreRefused() {
        let json = "{\"words\": [], \"words\": [{\"word\": \"13912345678\", \"start_ms\": 0, \"end_ms\": 5}]}"
        #expect(malformed(json, .asrJSON)?.contains("a key appears twice") == true)
        let many = "{" + (0..<40).map { "\"k\($0)\": 1" }.joined(separator: ", ") + ", \"k7\": 2, \"words\": []}"
        #expect(malformed(many, .asrJSON)?.contains("a key appears twice") == true)
    }

    @Test func otherStringFieldsAreRedacted() throws {
        let json = "{\"note\": \"call back on 13912345678\", \"speakers\": [{\"name\": \"卡号6222020200112233445\"}], \"words\": []}"
        let out = text(try redactor.redact(data: Array(json.utf8), format: .asrJSON))
        #expect(!out.contains("1391234") && !out.contains("62220202001122"))
        #expect(out.contains("\"note\": \"call back on *******5678\""))
    }

    @Test func numberSplitBetweenSegmentsWithAndWithoutWords() throws {
        // Segment 0 has word timings, segment 1 has none: the word stream alone holds half a number.
        let json = """
        {"segments": [
          {"start": 0.0, "end": 2.0, "text": " my phone 139 1234", "words": [{"word": " my", "start": 0.0, "end": 0.3}, {"word": " phone", "start": 0.3, "end": 0.8}, {"word": " 139", "start": 0.9, "end": 1.4}, {"word": " 1234", "start": 1.4, "end": 2.0}]},
          {"start": 2.0, "end": 3.0, "text": " 5678"}
        ]}
        """
        let r = try redactor.redact(data: Array(json.utf8), format: .asrJSON)
        let out = text(r)
        #expect(!out.contains("\" 139\"") && !out.contains("\" 1234\"") && out.contains("\" phone\""))
        #expect(r.audioSpans.contains { $0.startMs <= 900 && $0.endMs >= 2000 })
    }

    // MARK: WebVTT

    @Test func crOnlyLineEndings() throws {
        let vtt = "WEBVTT\r\r00:00:01.000 --> 00:00:04.000\r我的手机是13912345678\r"
        let out = text(try redactor.redact(data: Array(vtt.utf8), format: .vtt))
        #expect(out == "WEBVTT\r\r00:00:01.000 --> 00:00:04.000\r我的手机是*******5678\r")
    }

    @Test func blockWithoutTimingIsRefused() {
        let vtt = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nhello\n\nmy card 4111 1111 1111 1111\n"
        #expect(malformed(vtt, .vtt)?.contains("line 6: a block with no cue timing") == true)
    }

    @Test func notesAreRedacted() throws {
        let vtt = "WEBVTT\n\nNOTE customer 13912345678\n\n00:00:01.000 --> 00:00:02.000\nhello\n"
        let out = text(try redactor.redact(data: Array(vtt.utf8), format: .vtt))
        #expect(out.contains("NOTE customer *******5678"))
    }

    @Test func unterminatedTagIsText() throws {
        let vtt = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Customer 13912345678\n"
        let out = text(try redactor.redact(data: Array(vtt.utf8), format: .vtt))
        #expect(!out.contains("1391234"))
    }

    // MARK: Digit forms

    @Test(arguments: [
        "my phone is 139\u{200B}1234\u{200B}5678",
        "my phone is 1\u{200C}3\u{200D}9\u{2060}12345678",
        "电话139.8765.4321",
        "手机壹叁玖壹贰叁肆伍陆柒捌",
        "phone ١٣٩١٢٣٤٥٦٧٨",
        "phone ۱۳۹۱۲۳۴۵۶۷۸",
    ])
    func otherDigitForms(_ input: String) {
        let r = TextRedactor().redact(input)
        #expect(r.spans.map(\.kind) == [.phone], "\(r.text)")
    }

    @Test func versionNumbersStayReadable() {
        #expect(TextRedactor().redact("app version 13.8.1234.5678").spans.isEmpty)
        #expect(TextRedactor().redact("server 192.168.100.101").spans.isEmpty)
    }
}
