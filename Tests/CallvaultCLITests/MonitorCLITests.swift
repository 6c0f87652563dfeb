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
        // A review: the hit confirmed, then an exception from a false positive makes lexicon version 1.
        let id = try #require(hits.first?["id"] as? String)
        let confirmed = try cli.run(["monitor", "review", id, "--confirm", "--note", "promised returns", "--json"])
        #expect(confirmed.status == 0 && confirmed.stdout.contains("\"state\" : \"confirmed\""), "\(confirmed.stdout)\(confirmed.stderr)")
        let exception = try cli.run(["monitor", "review", id, "--false-positive", "--exception", "guaranteed return product"])
        #expect(try cli.run(["monitor", "review", id, "--false-positive", "--exception", "guaranteed return"]).status != 0)  // the phrase alone
        #expect(exception.status == 0, "\(exception.stderr)")
        let shown = try cli.run(["monitor", "lexicon", "show"])
        #expect(shown.stdout.contains("version\t1") && shown.stdout.contains("exception\tguaranteed return product"), "\(shown.stdout)")
        #expect(try cli.run(["monitor", "lexicon", "apply", cli.tmp.path("missing.yaml").path]).status != 0)
        let applied = try cli.run(["monitor", "lexicon", "apply", Fixtures.packageRoot.appendingPathComponent("Policies/lexicon.yaml").path])
        #expect(applied.status == 0 && applied.stdout.contains("lexicon version 2"), "\(applied.stderr)")
        #expect(try cli.sqlScalar("SELECT count(*) FROM audit_log WHERE action IN ('monitor.review', 'monitor.lexicon')") == "4")
        #expect(CLI.lines(try cli.run(["monitor", "hits", "--state", "false_positive"]).stdout).count == 2)
        #expect(try cli.run(["monitor", "hits", "--state", "new"]).stdout.isEmpty)
        for bad in [["monitor", "hits", "--since", "yesterday"], ["monitor", "hits", "--limit", "0"], ["monitor", "report", "--by", "team"],
                    ["monitor", "hits", "--recording", "x"], ["monitor", "review", id], ["monitor", "review", id, "--confirm", "--false-positive"],
                    ["monitor", "review", id, "--confirm", "--exception", "x"], ["monitor", "review", "no-such-hit", "--confirm"]] {
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
        // Placed as the vault places a stored transcript's: the cue's time, the label's speaker.
        #expect(hits.map { $0["start_ms"] as? Int } == [1000, 6000, 6000] && hits.map { $0["speaker"] as? String } == ["坐席", "agent", "agent"])
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

    @Test("monitor quality lists the one-sided and the short recording, not the whole call; a real two-party capture is not one-sided")
    func quality() throws {
        let cli = CLI()
        try cli.initVault()
        // Two-sided speech-like stereo; the same with its second channel dead; one second of it.
        let frames = 8000 * 6
        var dead = WAVSynth.signal(frames: frames, sampleRate: 8000, channels: 2)
        for i in 0..<frames { dead[i * 2 + 1] = 0 }
        try WAVSynth.wav(samples: dead, sampleRate: 8000, channels: 2).write(to: cli.tmp.path("dead.wav"))
        var ids: [String: String] = [:]
        for (name, path) in [("good", try cli.wav("good.wav", seconds: 6, channels: 2)), ("dead", cli.tmp.path("dead.wav").path),
                             ("short", try cli.wav("short.wav", seconds: 1, channels: 2))] {
            let ingest = try cli.run(["ingest", "--agent", name, path])
            #expect(ingest.status == 0, "\(ingest.stderr)")
            ids[name] = ingest.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let listed = try cli.run(["monitor", "quality", "--json"])
        #expect(listed.status == 0, "\(listed.stderr)")
        let recordings = try JSONSerialization.jsonObject(with: listed.stdoutData) as! [[String: Any]]
        let flags = Dictionary(uniqueKeysWithValues: recordings.map { ($0["id"] as! String, ($0["quality"] as! [String: Any])["flags"] as! [String]) })
        #expect(flags == [ids["dead"]!: ["one_sided"], ids["short"]!: ["short"]], "\(flags)")
        let all = try cli.run(["monitor", "quality", "--all"])
        #expect(CLI.lines(all.stdout).count == 4 && all.stdout.contains("one_sided"), "\(all.stdout)")
        let shown = try JSONSerialization.jsonObject(with: try cli.run(["recordings", "show", ids["good"]!, "--json"]).stdoutData) as! [String: Any]
        let quality = try #require(shown["quality"] as? [String: Any])
        #expect((quality["active"] as? [Double])?.allSatisfy { $0 > 0.5 } == true && (quality["flags"] as? [String]) == [], "\(quality)")

        // A real two-party call: quality facts, and neither silent nor one-sided.
        let capture = try #require(Fixtures.shared("pcap/voipshark__SIP-RTP-Normal_Call_two_parties.pcap"), "\(Fixtures.sharedMissing)")
        let ingest = try cli.run(["ingest", capture.path])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        let everything = try JSONSerialization.jsonObject(with: try cli.run(["monitor", "quality", "--all", "--json"]).stdoutData) as! [[String: Any]]
        let captured = everything.filter { !ids.values.contains($0["id"] as! String) }
        #expect(!captured.isEmpty)
        for r in captured {
            let q = r["quality"] as! [String: Any]
            #expect(!(q["flags"] as! [String]).contains("one_sided") && !(q["flags"] as! [String]).contains("silent"), "\(q)")
            #expect((q["packet_loss"] as? [Double])?.count == 2, "an RTP call's packet loss, per channel: \(q)")
        }
        // A file has no packet loss to tell (null, not zero).
        #expect((shown["quality"] as? [String: Any])?["packet_loss"] is NSNull)

        // A real capture that lost 24 of its 7,000 packets: the loss is told, under the flag's 3 %.
        let lossy = try #require(Fixtures.shared("pcap/ms2__rtp-534late-24loss-7000total.pcapng"), "\(Fixtures.sharedMissing)")
        let lossyID = try #require(CLI.lines(try cli.run(["ingest", lossy.path]).stdout).first)
        let lossyShown = try JSONSerialization.jsonObject(with: try cli.run(["recordings", "show", lossyID, "--json"]).stdoutData) as! [String: Any]
        let lossyQuality = try #require(lossyShown["quality"] as? [String: Any])
        let loss = try #require(lossyQuality["packet_loss"] as? [Double], "\(lossyQuality)")
        #expect(loss.contains { $0 > 0 && $0 < 0.03 } && !(lossyQuality["flags"] as! [String]).contains("packet_loss"), "\(lossyQuality)")
    }

    @Test("monitor unrecorded under faketime: an allowed claim with no recording is listed once two hours have passed, a recorded one never")
    func unrecorded() throws {
        let cli = CLI()
        func at(_ time: String, _ arguments: [String]) throws -> ProcessResult {
            try Subprocess.run("faketime", ["-f", time, CLI.binary] + arguments + ["--vault", cli.vault], environment: ["TZ": "UTC"])
        }
        #expect(try at("2026-03-02 01:00:00", ["init", "--key-store", cli.keys]).status == 0)
        for number in ["+86 139 1111 2222", "+86 139 3333 4444"] {
            #expect(try at("2026-03-02 01:00:00", ["consent", "grant", "--phone", number, "--purpose", "marketing", "--source", "signup", "--evidence", "d"]).status == 0)
            #expect(try at("2026-03-02 02:00:00", ["consent", "check", "--claim", "--phone", number, "--purpose", "marketing"]).status == 0)
        }
        let wav = try cli.wav("call.wav", seconds: 4)
        #expect(try at("2026-03-02 02:05:00", ["ingest", "--subject-phone", "+86 139 1111 2222", "--started-at", "2026-03-02T02:01:00Z", wav]).status == 0)
        let early = try at("2026-03-02 03:00:00", ["monitor", "unrecorded", "--since", "2026-03-02T00:00:00Z"])
        #expect(early.status == 0 && early.stdout.isEmpty && early.stderr.contains("no allowed claim without a recording"), "\(early.stderr)")
        let late = try at("2026-03-02 05:00:00", ["monitor", "unrecorded", "--since", "2026-03-02T00:00:00Z", "--json"])
        let calls = try JSONSerialization.jsonObject(with: late.stdoutData) as! [[String: Any]]
        #expect(calls.count == 1 && calls.first?["claimed_at"] as? String == "2026-03-02T02:00:00.000Z", "\(late.stdout)\(late.stderr)")
        #expect(!late.stdout.contains("33334444") && !late.stdout.contains("+86"))
        // The one listed is the number never recorded: its pseudonym, as consent shows it.
        let shown = try at("2026-03-02 05:00:00", ["consent", "show", "--phone", "+86 139 3333 4444"])
        #expect(shown.stdout.contains(calls.first?["subject_pseudonym"] as? String ?? "none"), "\(shown.stdout)")
        #expect(try at("2026-03-02 05:00:00", ["monitor", "unrecorded", "--window", "0"]).status == 64)
    }
}
