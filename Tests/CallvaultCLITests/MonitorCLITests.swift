import Foundation
import Testing
import VaultTestSupport

/// `callvault monitor`: the prohibited-phrase scan of a transcript, with no vault.
@Suite struct MonitorCLITests {
    @Test("a WebVTT transcript: each violation once, with its category and redacted context; a negated mention is none")
    func scanVTT() throws {
        let vtt = """
            WEBVTT

            00:00:01.000 --> 00:00:04.000
            坐席：这款理财稳赚不赔，我的手机号是13812345678

            00:00:04.000 --> 00:00:06.000
            坐席：我们不承诺高收益

            00:00:06.000 --> 00:00:09.000
            agent: it's a guaranteed return, today only

            """
        let result = try Subprocess.run(CLI.binary, ["monitor", "scan", "--format", "vtt"], stdin: Data(vtt.utf8))
        #expect(result.status == 0, "\(result.stderr)")
        let hits = try CLI.lines(result.stdout).map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        #expect(hits.map { $0["category"] as? String } == ["high_return_promise", "high_return_promise", "pressure_selling"])
        #expect(hits.map { $0["text"] as? String } == ["稳赚不赔", "guaranteed return", "today only"])
        #expect(hits.allSatisfy { !(($0["context"] as? String) ?? "").contains("13812345678") })
        #expect(result.stderr.contains("3 prohibited phrase(s) found"))
    }

    @Test("a bad lexicon is refused with its line; the shipped one lists its categories")
    func lexicon() throws {
        let tmp = TemporaryDirectory("monitor")
        let bad = tmp.path("lexicon.yaml")
        try "format: 1\nmax_gap: 4\nnegation_window: 6\nnegators: {zh: [不], en: [not]}\ncategories:\n  - name: x\n    severity: extreme\n    phrases: {zh: [高收益]}\n"
            .write(to: bad, atomically: true, encoding: .utf8)
        let refused = try Subprocess.run(CLI.binary, ["monitor", "lexicon", "--lexicon", bad.path])
        #expect(refused.status != 0 && refused.stderr.contains("line 7"), "\(refused.stderr)")
        let shipped = try Subprocess.run(CLI.binary, ["monitor", "lexicon"])
        #expect(shipped.status == 0 && shipped.stdout.contains("high_return_promise\thigh"))
    }
}
