import Foundation
import Testing
import VaultTestSupport

/// `callvault monitor`: the hits stored with a vault's transcripts and their report, and the
/// prohibited-phrase scan of a transcript with no vault.
@Suite struct MonitorCLITests {
    @Test("ingested transcripts' hits: listed as JSON and as a table, filtered, and counted per 100 calls per agent and campaign")
    func storedHits() throws {
        let cli = CLI()
        try cli.initVault()
        let vtt = cli.tmp.path("call.vtt")
        try Data("WEBVTT\n\n00:00:01.000 --> 00:00:02.500\n<v agent>it's a guaranteed return, my number is 13812345678\n\n".utf8).write(to: vtt)
        let text = cli.tmp.path("call.txt")
        try Data("客户：你好\n坐席：您好，请问有什么可以帮您\n".utf8).write(to: text)
        for (agent, transcript) in [("a7", vtt.path), ("a7", text.path), ("a9", text.path)] {
            let ingest = try cli.run(["ingest", "--agent", agent, "--campaign", "spring", "--transcript", transcript, try cli.wav("\(agent).wav", seconds: 3)])
            #expect(ingest.status == 0, "\(ingest.stderr)")
        }
        let listed = try cli.run(["monitor", "hits", "--json"])
        #expect(listed.status == 0, "\(listed.stderr)")
        let hits = try JSONSerialization.jsonObject(with: listed.stdoutData) as! [[String: Any]]
        #expect(hits.count == 1)
        #expect(hits.first?["category"] as? String == "high_return_promise" && hits.first?["speaker"] as? String == "agent")
        #expect(hits.first?["start_ms"] as? Int == 1000 && hits.first?["end_ms"] as? Int == 2500)
        #expect(!listed.stdout.contains("13812345678"))
        let table = try cli.run(["monitor", "hits", "--agent", "a7"])
        #expect(CLI.lines(table.stdout).count == 2 && table.stdout.contains("guaranteed return"), "\(table.stdout)")
        let none = try cli.run(["monitor", "hits", "--agent", "a9"])
        #expect(none.status == 0 && none.stdout.isEmpty && none.stderr.contains("no prohibited phrases"))
        let report = try cli.run(["monitor", "report", "--json"])
        let lines = (try JSONSerialization.jsonObject(with: report.stdoutData) as! [String: Any])["lines"] as! [[String: Any]]
        #expect(lines.map { $0["name"] as? String } == ["a7", "a9"])
        #expect(lines.map { $0["hits_per_100_calls"] as? Double } == [50, 0])
        let byCampaign = try cli.run(["monitor", "report", "--by", "campaign"])
        #expect(byCampaign.stdout.contains("spring\t3\t1\t1\t33.33\thigh_return_promise=1"), "\(byCampaign.stdout)")
        for bad in [["monitor", "hits", "--since", "yesterday"], ["monitor", "hits", "--limit", "0"], ["monitor", "report", "--by", "team"],
                    ["monitor", "hits", "--recording", "x"]] {
            let refused = try cli.run(bad)
            #expect(refused.status != 0 && !refused.stderr.isEmpty, "\(bad)")
        }
    }

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
