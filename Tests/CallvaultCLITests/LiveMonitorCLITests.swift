import Foundation
import Testing
import VaultTestSupport

/// Compliance monitoring live (issue 21): a real SIPREC call (SIPp), a scripted recogniser
/// streaming its results over chunked HTTP, and a webhook receiver that checks each signature with
/// Python's own HMAC and refuses the first attempt, all around a real `callvault serve`.
@Suite("Live transcripts: alerts during the call, the transcript stored after it")
struct LiveMonitorCLITests {
    static let tool = Fixtures.packageRoot.appendingPathComponent("Tools/live_transcript.py").path

    /// A script line sending `type` with `words` (word, start ms, speaker; 300 ms each) at `after` s.
    static func line(_ after: Double, _ words: [(String, Int, String)], type: String = "final") -> String {
        let list = words.map { #"{"word": "\#($0.0)", "start_ms": \#($0.1), "end_ms": \#($0.1 + 300), "speaker": "\#($0.2)"}"# }
        return #"{"after_s": \#(after), "result": {"type": "\#(type)", "words": [\#(list.joined(separator: ", "))]}}"#
    }

    /// Runs the scripted recogniser; its answer (the last line it prints).
    static func stream(_ cli: CLI, port: Int, token: String, recording: String, script: [String]) async throws -> [String: Any] {
        let file = cli.tmp.path("script-\(UUID().uuidString).jsonl")
        try Data(script.joined(separator: "\n").utf8).write(to: file)
        let run = try await OffPool.run {
            try Subprocess.run("python3", [tool, "stream", "--api", "http://127.0.0.1:\(port)", "--token", token, "--recording", recording,
                                           "--script", file.path])
        }
        let last = try #require(CLI.lines(run.stdout).last, "\(run.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any], "\(run.stdout)\(run.stderr)")
    }

    @Test("a high-severity phrase split over two results is posted once, signed, retried after a 503, every attempt audited; a reconnecting stream goes on with the transcript, stored with its hits when the call ends")
    func liveAlerts() async throws {
        #expect(Subprocess.isAvailable("sipp"), "SIPp is missing: run Tools/setup (package sip-tester)")
        let cli = CLI()
        try cli.initVault()
        let recorder = try #require(CLI.lines(try cli.run(["tokens", "create", "--role", "recorder", "--name", "asr-bridge"]).stdout).last)
        let dialer = try #require(CLI.lines(try cli.run(["tokens", "create", "--role", "dialer", "--name", "dialer-1"]).stdout).last)
        let secret = "a-shared-secret-for-the-webhook-0123456789"
        try Data((secret + "\n").utf8).write(to: cli.tmp.path("webhook.secret"))
        let portFile = cli.tmp.path("receiver.port"), log = cli.tmp.path("receiver.jsonl")
        let receiver = try Subprocess.start("python3", [Self.tool, "receive", "--port-file", portFile.path, "--log", log.path,
                                                        "--secret-file", cli.tmp.path("webhook.secret").path, "--fail-first", "1"])
        defer { receiver.terminate() }
        var receiverPort: Int?
        for _ in 0..<100 where receiverPort == nil {
            receiverPort = (try? String(contentsOf: portFile, encoding: .utf8)).flatMap { Int($0) }
            if receiverPort == nil { try await Task.sleep(for: .milliseconds(100)) }
        }
        let hookPort = try #require(receiverPort, "the webhook receiver did not start")

        let (sipPort, rtpBase) = TestPorts.siprec(block: 6)
        let server = try ServeCLITests.Server(cli, extra: ["--siprec", "--sip-listen", "127.0.0.1:\(sipPort)", "--media-address", "127.0.0.1",
                                                          "--rtp-ports", "\(rtpBase)-\(rtpBase + 99)",
                                                          "--monitor-webhook", "http://127.0.0.1:\(hookPort)/hooks/callvault",
                                                          "--monitor-webhook-secret-file", cli.tmp.path("webhook.secret").path])
        // The call lasts until the second stream hangs it up (a loaded machine may hold this task
        // for seconds: no timer decides when it ends); 60 s bound it.
        let callID = "live-monitor-\(UUID().uuidString)"
        let sipp = try SIPRECCLITests.sippCall(cli, sipPort: sipPort, holdMs: 60000, timeout: 90, callID: callID)
        defer { if sipp.isRunning { sipp.terminate() } }
        var id: String?
        for _ in 0..<100 where id == nil {
            let live = try await server.client.send("GET", "/v1/recordings/live", token: recorder)
            id = (live.json["calls"] as? [[String: Any]])?.first?["id"] as? String
            if id == nil { try await Task.sleep(for: .milliseconds(100)) }
        }
        let recording = try #require(id, "no live call: \(server.errorOutput)")
        let path = "/v1/recordings/live/\(recording)/transcript"
        #expect(try await server.client.send("POST", path, token: dialer, body: Data()).status == 403)
        #expect(try await server.client.send("POST", "/v1/recordings/live/\(UUID().uuidString.lowercased())/transcript",
                                             token: recorder, body: Data()).status == 404)

        // The first stream: a partial (never scanned), then "保证 … 收益" over two final results.
        let first = try await Self.stream(cli, port: server.port, token: recorder, recording: recording, script: [
            Self.line(0.0, [("保证收益", 1000, "agent")], type: "partial"),
            Self.line(0.2, [("今天", 1000, "agent"), ("下单", 1300, "agent"), ("保证", 1600, "agent")]),
            Self.line(0.4, [("收益", 1900, "agent"), ("机会", 2200, "agent"), ("难得", 2500, "agent")]),
        ])
        #expect(first["status"] as? Int == 200, "\(first) \(server.errorOutput)")
        let summary = try #require(first["body"] as? [String: Any])
        #expect(summary["transcript"] as? String == "pending" && summary["partials"] as? Int == 1 && summary["finals"] as? Int == 2, "\(summary)")
        #expect(summary["alerts"] as? Int == 1 && summary["words"] as? Int == 6, "\(summary)")
        // A malformed line ends a stream with 422 naming it; the lines before it are kept.
        let bad = try await Self.stream(cli, port: server.port, token: recorder, recording: recording, script: [
            Self.line(0.0, [("好的", 3000, "customer")]), #"{"after_s": 0.1, "result": {"type": "final"}}"#,
        ])
        #expect(bad["status"] as? Int == 422 && "\(bad["body"] ?? "")".contains("line 2"), "\(bad)")

        // The recogniser reconnects: a negated mention (no hit) and a phone number; the SRC hangs
        // up; once the call has ended, its last result: the transcript is stored at once.
        let hangUp = try JSONSerialization.data(withJSONObject: ["send_udp": ["to": "127.0.0.1:\(sipPort + 1)",
                                                                              "text": SIPRECCLITests.hangUpInfo(sipPort: sipPort, callID: callID)]])
        let second = try await Self.stream(cli, port: server.port, token: recorder, recording: recording, script: [
            Self.line(0.0, [("我们", 4000, "agent"), ("不承诺", 4300, "agent"), ("高收益", 4600, "agent")]),
            Self.line(0.2, [("电话", 5000, "customer"), ("13812345678", 5300, "customer")]),
            String(decoding: hangUp, as: UTF8.self),
            #"{"wait_for_call_end": true}"#,
            Self.line(0.0, [("谢谢", 6000, "customer"), ("再见", 6300, "customer")]),
        ])
        let end = try #require(second["body"] as? [String: Any], "\(second)")
        #expect(second["status"] as? Int == 200 && end["transcript"] as? String == "stored" && end["alerts"] as? Int == 0, "\(second)")
        #expect(end["words"] as? Int == 14 && (end["recording"] as? [String: Any])?["id"] as? String == recording, "\(end)")
        while sipp.isRunning { try await Task.sleep(for: .milliseconds(100)) }

        // The webhook: one alert, posted twice (503, then 200), the same id and a valid signature each time.
        var deliveries: [[String: Any]] = []
        for _ in 0..<100 where deliveries.count < 2 {
            deliveries = ((try? String(contentsOf: log, encoding: .utf8)) ?? "").split(separator: "\n")
                .compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
            if deliveries.count < 2 { try await Task.sleep(for: .milliseconds(100)) }
        }
        try #require(deliveries.count == 2, "\(deliveries)")
        #expect(deliveries.map { $0["status"] as? Int } == [503, 200] && deliveries.map { $0["attempt"] as? String } == ["1", "2"])
        #expect(deliveries.allSatisfy { $0["signature_valid"] as? Bool == true && $0["event"] as? String == "monitor.live_hit" }, "\(deliveries)")
        let alert = try #require(deliveries[0]["body"] as? [String: Any])
        #expect(deliveries[0]["delivery"] as? String == alert["id"] as? String && deliveries[1]["delivery"] as? String == alert["id"] as? String)
        #expect(alert["recording_id"] as? String == recording && alert["category"] as? String == "high_return_promise")
        #expect(alert["severity"] as? String == "high" && alert["start_ms"] as? Int == 1600 && alert["end_ms"] as? Int == 2200, "\(alert)")

        // Every attempt audited; the stored transcript redacted and its hits listed.
        let audit = try cli.run(["audit", "list", "--action", "monitor.alert", "--json"])
        let entries = try #require(try JSONSerialization.jsonObject(with: audit.stdoutData) as? [[String: Any]], "\(audit.stdout)")
        let outcomes = entries.compactMap { $0["outcome"] as? String }.sorted()
        #expect(outcomes == ["failed", "ok"], "\(entries)")
        let alertID = alert["id"] as? String
        #expect(entries.allSatisfy { $0["target"] as? String == recording && ($0["detail"] as? [String: String])?["alert"] == alertID })
        let hits = try cli.run(["monitor", "hits", "--recording", recording, "--json"])
        let stored = try #require(try JSONSerialization.jsonObject(with: hits.stdoutData) as? [[String: Any]], "\(hits.stdout)")
        #expect(stored.count == 1 && stored.first?["start_ms"] as? Int == 1600 && stored.first?["speaker"] as? String == "agent", "\(stored)")
        let text = try cli.run(["transcripts", "show", recording]).stdout
        #expect(text.contains("谢谢") && text.contains("好的") && !text.contains("12345678"), "\(text)")
        #expect(server.stop() == 0, "\(server.errorOutput)")
    }

    @Test("a bad webhook configuration stops serve with a clear error before it listens, and leaves the vault as it was")
    func badWebhookConfiguration() throws {
        let cli = CLI()
        try cli.initVault()
        let before = try cli.run(["audit", "list", "--json"]).stdout
        try Data("0123456789abcdef0123\n".utf8).write(to: cli.tmp.path("good.secret"))
        try Data("short\n".utf8).write(to: cli.tmp.path("short.secret"))
        let cases: [([String], Int32, String)] = [
            (["--monitor-webhook", "http://127.0.0.1:9/hook"], 64, "--monitor-webhook and --monitor-webhook-secret-file go together"),
            (["--monitor-webhook", "ftp://127.0.0.1/hook", "--monitor-webhook-secret-file", cli.tmp.path("good.secret").path], 78,
             "must be an http:// or https:// URL"),
            (["--monitor-webhook", "http://127.0.0.1:9/hook", "--monitor-webhook-secret-file", cli.tmp.path("short.secret").path], 78,
             "at least 16 bytes"),
            (["--monitor-webhook", "http://127.0.0.1:9/hook", "--monitor-webhook-secret-file", cli.tmp.path("none.secret").path], 64,
             "cannot read"),
        ]
        for (extra, status, message) in cases {
            let run = try cli.run(["serve", "--port", "0"] + extra)
            #expect(run.status == status && run.stderr.contains(message), "\(extra): \(run.status) \(run.stderr)")
        }
        #expect(try cli.run(["audit", "list", "--json"]).stdout == before, "nothing was written")
    }
}
