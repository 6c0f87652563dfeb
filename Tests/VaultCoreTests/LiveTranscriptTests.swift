import Foundation
import Testing
import VaultBase
@testable import VaultCore
import VaultStore

/// A live call's transcript as a recogniser streams it: each final result scanned with the words
/// before it, each phrase reported once, partial results only counted, the words stored at the end.
@Suite("Live transcripts: streamed results scanned as they come")
struct LiveTranscriptTests {
    typealias Word = LiveTranscriptResult.Word

    static func final(_ words: [(String, Int, String)]) -> LiveTranscriptResult {
        LiveTranscriptResult(type: .final, words: words.map { Word(word: $0.0, startMs: $0.1, endMs: $0.1 + 300, speaker: $0.2) })
    }

    @Test("a phrase split over two final results is found when its second half comes, once; a number split over results is masked in its context; partials are not scanned")
    func straddling() async throws {
        let t = TestVault()
        let vault = try t.create()
        var transcript = LiveTranscript(recordingID: RecordingID())
        // A partial result is counted, never scanned: the recogniser may still change it.
        let partial = LiveTranscriptResult(type: .partial, words: [Word(word: "稳赚不赔", startMs: 0, endMs: 900)])
        #expect(try await vault.monitor.take(partial, into: &transcript).isEmpty)
        #expect(transcript.partials == 1 && transcript.words.isEmpty)

        // "保证 … 收益" across two results: nothing in the first, the hit in the second.
        #expect(try await vault.monitor.take(Self.final([("今天", 1000, "agent"), ("下单", 1300, "agent"), ("保证", 1600, "agent")]), into: &transcript).isEmpty)
        let second = try await vault.monitor.take(Self.final([("收益", 1900, "agent"), ("机会", 2200, "agent"), ("难得", 2500, "agent")]), into: &transcript)
        try #require(second.count == 1, "\(second)")
        #expect(second[0].category == "high_return_promise" && second[0].severity == "high" && second[0].fires)
        #expect(second[0].startMs == 1600 && second[0].endMs == 2200 && second[0].speaker == "agent", "\(second[0])")
        #expect(second[0].event == "monitor.live_hit" && second[0].recordingId == transcript.recordingID.description)

        // "稳赚" is a phrase, and so is "稳赚不赔" once "不赔" comes: the same utterance, one alert.
        let third = try await vault.monitor.take(Self.final([("这款", 3000, "agent"), ("稳赚", 3300, "agent")]), into: &transcript)
        #expect(third.map(\.phrase) == ["稳赚"])
        #expect(try await vault.monitor.take(Self.final([("不赔", 3600, "agent")]), into: &transcript).isEmpty)

        // A phone number said over two results; the next phrase's context shows it masked.
        _ = try await vault.monitor.take(Self.final([("我的", 4000, "customer"), ("电话", 4300, "customer"), ("138", 4600, "customer")]), into: &transcript)
        let last = try await vault.monitor.take(Self.final([("1234", 4900, "customer"), ("5678", 5200, "customer"), ("零风险", 5500, "agent")]), into: &transcript)
        try #require(last.count == 1, "\(last)")
        // (An alert leaves the vault: not even the last four digits a stored transcript keeps show.)
        #expect(!last[0].context.contains("1234") && !last[0].context.contains("138") && !last[0].context.contains("5678"), "\(last[0].context)")

        // A negated mention is no hit, live as stored.
        #expect(try await vault.monitor.take(Self.final([("我们", 6000, "agent"), ("不承诺", 6300, "agent"), ("高收益", 6600, "agent")]), into: &transcript).isEmpty)
        #expect(transcript.finals == 7 && transcript.words.count == 18)
        // The same result sent again (a recogniser that resends) raises nothing new.
        #expect(try await vault.monitor.take(Self.final([("稳赚", 3300, "agent"), ("不赔", 3600, "agent")]), into: &transcript).isEmpty)
    }

    @Test("the streamed words stored at the end: redacted, their phrases stored as hits and audited like any transcript's")
    func storedAtTheEnd() async throws {
        let t = TestVault()
        let vault = try t.create()
        let record = try MonitorTests().ingest(t, vault, agent: "agent-9", transcript: nil)
        var transcript = LiveTranscript(recordingID: record.id)
        _ = try await vault.monitor.take(Self.final([("这款", 1000, "agent"), ("稳赚", 1300, "agent"), ("不赔", 1600, "agent")]), into: &transcript)
        _ = try await vault.monitor.take(Self.final([("电话", 2000, "customer"), ("13812345678", 2300, "customer")]), into: &transcript)
        let stored = try await vault.recordings.addTranscript(record.id, bytes: transcript.document, format: .asrJSON, actor: .tester)
        #expect(stored.version == 2, "the number's time span is muted: a new audio version")
        let hits = try await vault.monitor.hits(PhraseHitQuery(recording: record.id))
        #expect(hits.map(\.words) == ["稳赚不赔"] && hits.first?.startMs == 1300 && hits.first?.agent == "agent-9")
        let text = try vault.readTranscript(record.id, actor: .tester).data
        #expect(!String(decoding: text, as: UTF8.self).contains("12345678") && String(decoding: text, as: UTF8.self).contains("稳赚"))
        #expect(try vault.auditEntries(action: "monitor.hit").count == 1)
    }

    @Test("lines that are no result are refused by line number, never quoting them")
    func malformed() {
        func message(_ text: String) -> String {
            do { _ = try LiveTranscriptResult.parse(Array(text.utf8), line: 7); return "accepted" } catch { return "\(error)" }
        }
        #expect(message("13812345678 not json").contains("line 7: not a transcript result (not JSON)"))
        #expect(message(#"{"type": "final"}"#).contains(#""words" is missing"#))
        #expect(message(#"{"type": "maybe", "words": []}"#).contains("type is not one of the values allowed"))
        #expect(message(#"{"type": "final", "words": [{"word": "13812345678", "start_ms": 5, "end_ms": 2}]}"#).contains("word 0 must start"))
        #expect(!message(#"{"type": "final", "words": [{"word": "13812345678", "start_ms": "x", "end_ms": 2}]}"#).contains("1381"))
        #expect(message(#"{"type": "final", "words": [{"word": "好", "start_ms": 5, "end_ms": 9, "speaker": "agent"}]}"#) == "accepted")
        // Past the 24 hours a transcript may span: refused here, before it could poison later windows.
        #expect(message(#"{"type": "final", "words": [{"word": "好", "start_ms": 5, "end_ms": 86400001}]}"#).contains("within 24 hours"))
    }

    @Test("an alert never shows the start of a number its window could not yet judge: runs of three or more digits are masked in its words and context")
    func numberStartsMasked() async throws {
        let t = TestVault()
        let vault = try t.create()
        var transcript = LiveTranscript(recordingID: RecordingID())
        // The window ends inside an ID number (the rest comes in the next result): 4201 alone passes no check.
        let alerts = try await vault.monitor.take(Self.final([("稳赚", 1000, "agent"), ("不赔", 1300, "agent"), ("身份证", 1600, "customer"),
                                                              ("4201", 1900, "customer")]), into: &transcript)
        try #require(alerts.count == 1, "\(alerts)")
        #expect(!alerts[0].context.contains("4201") && alerts[0].context.contains("****"), "\(alerts[0].context)")
        #expect(LivePhraseAlert.maskingNumberStarts("电话 138 1234 年化收益百分之二十") == "电话 *** **** 年化收益百分之二十")
        #expect(LivePhraseAlert.maskingNumberStarts("等一下 34 个 零风险") == "等一下 34 个 零风险", "words and short counts stay")
    }
}
