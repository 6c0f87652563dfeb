import Foundation
import Testing
import VaultTestSupport

/// `callvault serve --siprec` driven by a standard SIP tool: SIPp (Debian's sip-tester) as the
/// SIPREC client, playing the RTP of a real capture.
@Suite("callvault serve --siprec with SIPp as the recording client")
struct SIPRECCLITests {
    @Test("SIPp's recording session is answered and stored: two channels, its duration, the customer as subject, the sent audio on the customer's channel")
    func sippSession() throws {
        #expect(Subprocess.isAvailable("sipp"), "SIPp is missing: run Tools/setup (package sip-tester)")
        let cli = CLI()
        try cli.initVault()
        // Ports of this test's own, so suites running side by side do not collide.
        let (sipPort, rtpBase) = TestPorts.siprec(block: 0)
        let server = try ServeCLITests.Server(cli, extra: ["--siprec", "--sip-listen", "127.0.0.1:\(sipPort)", "--media-address", "127.0.0.1",
                                                          "--rtp-ports", "\(rtpBase)-\(rtpBase + 99)"])
        let sipp = try Subprocess.run("sipp", try Self.sippArguments(cli, sipPort: sipPort, holdMs: 7500, timeout: 40), currentDirectory: cli.tmp.url)
        #expect(sipp.status == 0, "sipp: \(sipp.stdout.suffix(800)) \(sipp.stderr)")

        // The call is stored within 2 s of its BYE.
        var recordings: [[String: Any]] = []
        let deadline = Date().addingTimeInterval(2)
        repeat {
            recordings = try cli.list()
            if !recordings.isEmpty { break }
            Thread.sleep(forTimeInterval: 0.05)
        } while Date() < deadline
        #expect(server.stop() == 0, "\(server.errorOutput)")
        try #require(recordings.count == 1, "\(server.errorOutput)")
        let recording = recordings[0]
        #expect(recording["channels"] as? Int == 2)
        #expect(abs(Double(recording["duration_ms"] as? Int ?? 0) / 1000 - 7.08) < 0.1, "\(recording)")  // 236 packets of 30 ms
        #expect(recording["subject"] as? String == "*******0042")
        #expect((recording["paused_spans"] as? [Any])?.isEmpty == true)

        let id = try #require(recording["id"] as? String)
        let audio = cli.tmp.path("call.opus").path
        #expect(try cli.run(["recordings", "audio", id, "--out", audio]).status == 0)
        let check = try Subprocess.run("python3", [Fixtures.packageRoot.appendingPathComponent("Tools/check_live_audio.py").path,
                                                   "--pcap", cli.tmp.path("audio.pcap").path, "--port", "2006", "--stored", audio, "--channel", "right"])
        let facts = try #require(try JSONSerialization.jsonObject(with: check.stdoutData) as? [String: Any], "\(check.stderr)")
        // The customer sends label 1, the first media line, where SIPp plays its RTP: the right
        // channel (the callee's in an outbound call). The agent's channel stayed silent.
        #expect((facts["correlation"] as? Double ?? 0) > 0.7, "\(facts)")
        #expect(abs((facts["stored_s"] as? Double ?? 0) - (facts["reference_s"] as? Double ?? 0)) < 0.1, "\(facts)")
        #expect((facts["other_rms"] as? Double ?? .infinity) < 50, "\(facts)")

        // The metadata SIPp sent is kept sealed with the call: printed as sent, its read audited.
        let shown = try cli.run(["recordings", "rs-metadata", id])
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout.hasPrefix("<!-- rs-metadata 1 of 1, received "), "\(shown.stdout.prefix(200))")
        #expect(shown.stdout.contains("<nameID aor=\"sip:+8613700000042@carrier.example.com;user=phone\"/>"))
        #expect(shown.stdout.contains("</recording>"))
        let json = try #require(try JSONSerialization.jsonObject(with: cli.run(["recordings", "rs-metadata", id, "--json"]).stdoutData) as? [String: Any])
        let documents = try #require(json["documents"] as? [[String: Any]])
        #expect(json["recording_id"] as? String == id && documents.count == 1)
        #expect((documents.first?["xml"] as? String)?.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>") == true)
        let audit = try cli.run(["audit", "list", "--action", "recording.rs_metadata.read", "--json"])
        #expect(audit.status == 0 && audit.stdout.contains(id), "\(audit.stdout.prefix(300)) \(audit.stderr)")
        // A recording that did not come from SIPREC has none (exit 66).
        let wav = cli.tmp.path("plain.wav")
        _ = try TranscriptFixture.toneWAV(to: wav)
        let plain = try cli.run(["ingest", wav.path, "--json"])
        let plainID = try #require((try JSONSerialization.jsonObject(with: plain.stdoutData) as? [String: Any])?["id"] as? String, "\(plain.stderr)")
        let none = try cli.run(["recordings", "rs-metadata", plainID])
        #expect(none.status == 66 && none.stderr.contains("no rs-metadata"), "\(none.stderr)")
    }

    @Test("a burst of SIPp sessions (30 at 15 a second, up to 30 at once) is answered in full and stored once each")
    func sippBurst() throws {
        #expect(Subprocess.isAvailable("sipp"), "SIPp is missing: run Tools/setup (package sip-tester)")
        let cli = CLI()
        try cli.initVault()
        let (sipPort, rtpBase) = TestPorts.siprec(block: 1, rtpCount: 200)
        let server = try ServeCLITests.Server(cli, extra: ["--siprec", "--sip-listen", "127.0.0.1:\(sipPort)", "--media-address", "127.0.0.1",
                                                          "--rtp-ports", "\(rtpBase)-\(rtpBase + 199)"])
        // Each session lasts a second (SIPp's -d), its RTP played from the ACK on.
        let sipp = try Subprocess.run("sipp", try Self.sippArguments(cli, sipPort: sipPort, holdMs: 1000, timeout: 60,
                                                                     calls: ["-m", "30", "-r", "15", "-l", "30"]),
                                      currentDirectory: cli.tmp.url)
        #expect(sipp.status == 0, "sipp: \(sipp.stdout.suffix(800)) \(sipp.stderr)")
        var recordings: [[String: Any]] = []
        let deadline = Date().addingTimeInterval(10)
        repeat {
            recordings = try cli.list()
            if recordings.count >= 30 { break }
            Thread.sleep(forTimeInterval: 0.1)
        } while Date() < deadline
        #expect(server.stop() == 0, "\(server.errorOutput)")
        #expect(recordings.count == 30, "\(recordings.count) recordings: \(server.errorOutput)")
        for recording in recordings {
            #expect(recording["channels"] as? Int == 2)
            #expect(recording["subject"] as? String == "*******0042")
            // A second of media: SIPp's RTP is played from the ACK until its BYE.
            #expect((0.5...1.6).contains(Double(recording["duration_ms"] as? Int ?? 0) / 1000), "\(recording)")
        }
    }

    @Test("a payment IVR pauses and resumes a live SIPp call over HTTP: the stored recording has the span, both are audited, other roles are refused")
    func pauseOverHTTP() async throws {
        #expect(Subprocess.isAvailable("sipp"), "SIPp is missing: run Tools/setup (package sip-tester)")
        let cli = CLI()
        try cli.initVault()
        let recorder = try #require(CLI.lines(try cli.run(["tokens", "create", "--role", "recorder", "--name", "payment-ivr"]).stdout).last)
        let dialer = try #require(CLI.lines(try cli.run(["tokens", "create", "--role", "dialer", "--name", "dialer-1"]).stdout).last)
        let (sipPort, rtpBase) = TestPorts.siprec(block: 2)
        let server = try ServeCLITests.Server(cli, extra: ["--siprec", "--sip-listen", "127.0.0.1:\(sipPort)", "--media-address", "127.0.0.1",
                                                          "--rtp-ports", "\(rtpBase)-\(rtpBase + 99)"])
        let client = server.client
        #expect(try await client.send("GET", "/v1/recordings/live", token: recorder).json["calls"] as? [Any] != nil)
        // 7 s of RTP; the call lasts until the test hangs it up after the resume (a loaded machine
        // may stretch the test's 2 s sleep to many), 60 s at most.
        let callID = "payment-ivr-\(UUID().uuidString)"
        let sipp = try Self.sippCall(cli, sipPort: sipPort, holdMs: 60000, timeout: 90, callID: callID)
        let started = Date()
        try await Task.sleep(for: .seconds(1.5))
        let live = try await client.send("GET", "/v1/recordings/live", token: recorder)
        let calls = try #require(live.json["calls"] as? [[String: Any]], "\(live.text)")
        try #require(calls.count == 1, "\(live.text)")
        let id = try #require(calls[0]["id"] as? String)
        #expect(calls[0]["paused"] as? Bool == false)
        // A dialer may not pause; an id that is no live call is not found.
        #expect(try await client.send("POST", "/v1/recordings/live/\(id)/pause", token: dialer).status == 403)
        #expect(try await client.send("POST", "/v1/recordings/live/\(UUID().uuidString.lowercased())/pause", token: recorder).status == 404)
        let pauseSent = Date()
        let pause = try await client.send("POST", "/v1/recordings/live/\(id)/pause", token: recorder)
        #expect(pause.status == 200 && pause.json["paused"] as? Bool == true && pause.json["paused_by"] as? [String] == ["api"], "\(pause.text)")
        let paused = Date()
        try await Task.sleep(for: .seconds(2))
        let resumeSent = Date()
        let resume = try await client.send("POST", "/v1/recordings/live/\(id)/resume", token: recorder)
        #expect(resume.status == 200 && resume.json["paused"] as? Bool == false, "\(resume.text)")
        let resumed = Date()
        try Self.hangUp(sipPort: sipPort, callID: callID)
        // Waits without holding a thread of the cooperative pool (in-process servers of other
        // suites need it).
        while sipp.isRunning { try await Task.sleep(for: .milliseconds(100)) }
        var recordings: [[String: Any]] = []
        for _ in 0..<40 where recordings.isEmpty {
            let listed = try await OffPool.run { [cli] in try cli.run(["recordings", "list", "--json"]).stdoutData }
            recordings = try JSONSerialization.jsonObject(with: listed) as? [[String: Any]] ?? []
            if recordings.isEmpty { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(server.stop() == 0, "\(server.errorOutput)")
        let recording = try #require(recordings.first, "\(server.errorOutput)")
        #expect(recording["id"] as? String == id)
        let spans = try #require(recording["paused_spans"] as? [[String: Any]])
        try #require(spans.count == 1, "\(spans)")
        let (start, end) = (spans[0]["start_s"] as? Double ?? 0, spans[0]["end_s"] as? Double ?? 0)
        // The span lasts from some moment of the pause request to some moment of the resume request
        // (its times count from the first RTP packet, a little after SIPp started).
        let shortest = resumeSent.timeIntervalSince(paused), longest = resumed.timeIntervalSince(pauseSent)
        #expect(end - start >= shortest - 0.05 && end - start <= longest + 0.05, "\(spans[0]) against \(shortest)-\(longest) s")
        #expect(start >= 1.0 && start <= paused.timeIntervalSince(started) + 0.05, "\(spans[0])")
        let audit = try cli.run(["audit", "list", "--target", id, "--json"])
        #expect(audit.stdout.contains("recording.live.pause") && audit.stdout.contains("recording.live.resume") && audit.stdout.contains("payment-ivr"),
                "\(audit.stdout)")
    }

    @Test("GET /v1/recordings/live without --siprec: 404, saying live recording is off")
    func liveOff() async throws {
        let cli = CLI()
        try cli.initVault()
        let recorder = try #require(CLI.lines(try cli.run(["tokens", "create", "--role", "recorder", "--name", "r"]).stdout).last)
        let server = try ServeCLITests.Server(cli)
        let reply = try await server.client.send("GET", "/v1/recordings/live", token: recorder)
        #expect(reply.status == 404 && reply.text.contains("serve --siprec"), "\(reply.text)")
        #expect(server.stop() == 0)
    }

    @Test("kill -9 of the server mid-call, at random moments: the next open completes each call as an interrupted recording of what was sealed, and verify passes")
    func killMidCall() throws {
        #expect(Subprocess.isAvailable("sipp"), "SIPp is missing: run Tools/setup (package sip-tester)")
        let cli = CLI()
        try cli.initVault()
        var seen = Set<String>()
        for round in 1...4 {
            let (sipPort, rtpBase) = TestPorts.siprec(block: 3)
            let server = try ServeCLITests.Server(cli, extra: ["--siprec", "--sip-listen", "127.0.0.1:\(sipPort)", "--media-address", "127.0.0.1",
                                                              "--rtp-ports", "\(rtpBase)-\(rtpBase + 99)"])
            // SIPp plays the capture's 7.08 s of RTP from the ACK on and would hang up at 10 s.
            let sipp = try Self.sippCall(cli, sipPort: sipPort, holdMs: 10000, timeout: 30)
            let started = Date()
            Thread.sleep(until: started + Double.random(in: 3.0...6.5))
            server.process.killAndWait()
            let elapsed = Date().timeIntervalSince(started)
            sipp.killAndWait()  // its call is gone with the server

            // Opening the vault (any command) runs recovery: the call is stored, marked interrupted.
            let recordings = try cli.list()
            #expect(recordings.count == round, "round \(round): \(recordings.count) recordings; \(server.errorOutput)")
            let recording = try #require(recordings.first { !seen.contains($0["id"] as? String ?? "") })
            let id = try #require(recording["id"] as? String)
            seen.insert(id)
            #expect(recording["interrupted"] as? Bool == true, "\(recording)")
            #expect(recording["channels"] as? Int == 2)
            #expect(recording["subject"] as? String == "*******0042")
            #expect((recording["notes"] as? String ?? "").contains("recorder stopped mid-call"), "\(recording)")
            // What was sealed by the kill: at most about 2.5 s lost (a 1 s page, a 4 KiB segment,
            // the jitter buffer), never more than was sent.
            let kept = Double(recording["duration_ms"] as? Int ?? 0) / 1000
            #expect(kept <= elapsed + 0.1 && kept >= elapsed - 3.0, "round \(round): kept \(kept) s of \(elapsed) s")
            let audio = cli.tmp.path("interrupted-\(round).opus").path
            #expect(try cli.run(["recordings", "audio", id, "--out", audio]).status == 0)
            // Independent readers take the salvaged stream as a whole one: its length, its end page.
            let probe = try OggOpusProbe(URL(fileURLWithPath: audio))
            #expect(abs(probe.duration - kept) < 0.05 && probe.channels == 2, "\(probe.duration) s against \(kept) s")
            let info = try OggOpusProbe.opusinfo(URL(fileURLWithPath: audio))
            #expect(info.status == 0 && !info.stdout.contains("WARNING"), "\(info.stdout) \(info.stderr)")
            // The INVITE's metadata was journaled sealed before the first audio: the call keeps it.
            let metadata = try cli.run(["recordings", "rs-metadata", id])
            #expect(metadata.status == 0 && metadata.stdout.contains("sip:+8613700000042@carrier.example.com"), "\(metadata.stderr)")
        }
        let verify = try cli.run(["verify"])
        #expect(verify.status == 0, "\(verify.stdout) \(verify.stderr)")
    }

    @Test("an SBC's SRTP (SDES) session over UDP, SIP over TLS, or IPv6: the answer states a key of its own for the suite chosen, the media is decrypted and stored, altered and replayed packets are counted and dropped",
          arguments: [("AES_CM_128_HMAC_SHA1_80", "udp"), ("AES_CM_128_HMAC_SHA1_32", "tls"), ("AES_CM_128_HMAC_SHA1_80", "udp6")])
    func srtpSession(suite: String, transport: String) throws {
        guard let customer = Fixtures.shared("wav/pjsip__input.8.wav"), let agent = Fixtures.shared("wav/asterisk__talking.wav") else {
            Issue.record("\(Fixtures.sharedMissing)")
            return
        }
        let cli = CLI()
        try cli.initVault()
        let (sipPort, rtpBase) = TestPorts.siprec(block: 4)
        var extra = ["--siprec", "--sip-listen", "127.0.0.1:\(sipPort)", "--media-address", "127.0.0.1", "--rtp-ports", "\(rtpBase)-\(rtpBase + 99)"]
        var target = ["--server", "127.0.0.1:\(sipPort)"]
        if transport == "udp6" {
            // SIP and RTP over IPv6: the answer names ::1 (c=IN IP6), our Via is bracketed.
            extra = ["--siprec", "--sip-listen", "[::1]:\(sipPort)", "--rtp-ports", "\(rtpBase)-\(rtpBase + 99)"]
            target = ["--server", "[::1]:\(sipPort)"]
        }
        if transport == "tls" {
            // A certificate of the test's own; the SRC checks the server presents it.
            let certificate = cli.tmp.path("sip.pem").path, key = cli.tmp.path("sip.key").path
            let made = try Subprocess.run("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", certificate,
                                                      "-days", "2", "-subj", "/CN=callvault-test"])
            #expect(made.status == 0, "\(made.stderr)")
            extra += ["--tls-cert", certificate, "--tls-key", key, "--sip-tls-listen", "127.0.0.1:\(sipPort + 1)"]
            target = ["--server", "127.0.0.1:\(sipPort + 1)", "--transport", "tls", "--ca", certificate]
        }
        let server = try ServeCLITests.Server(cli, extra: extra)
        let sent = cli.tmp.path("sent.wav").path
        let src = try Subprocess.run("python3", [Fixtures.packageRoot.appendingPathComponent("Tools/siprec_srtp_src.py").path]
                                     + target + ["--customer", customer.path, "--agent", agent.path, "--seconds", "4", "--suite", suite, "--out", sent])
        // Parsed with try? so that a client that printed nothing fails with what it wrote to stderr.
        let facts = try #require((try? JSONSerialization.jsonObject(with: src.stdoutData)) as? [String: Any],
                                 "exit \(src.status): \(src.stdout) \(src.stderr) \(server.errorOutput)")
        #expect(facts["invite_status"] as? Int == 200 && facts["bye_status"] as? Int == 200, "\(facts)")
        // The chosen suite's tag (the AES-GCM line before it passed over), a fresh key of the suite's length.
        #expect(facts["answer_crypto_ok"] as? Bool == true, "\(facts)")
        #expect(facts["answer_address"] as? String == (transport == "udp6" ? "::1" : "127.0.0.1"), "\(facts)")

        var recordings: [[String: Any]] = []
        let deadline = Date().addingTimeInterval(3)
        repeat {
            recordings = try cli.list()
            if !recordings.isEmpty { break }
            Thread.sleep(forTimeInterval: 0.05)
        } while Date() < deadline
        #expect(server.stop() == 0, "\(server.errorOutput)")
        let recording = try #require(recordings.first, "\(server.errorOutput)")
        let id = try #require(recording["id"] as? String)
        let metadata = try #require(try JSONSerialization.jsonObject(with: Data(cli.sqlScalar("SELECT metadata FROM recordings WHERE id = '\(id)'").utf8)) as? [String: String])
        #expect(metadata["srtp"] == suite)
        #expect(metadata["packets"] == "400" && metadata["lost"] == "0", "\(metadata)")
        #expect(metadata["srtp_auth_failures"] == "\(facts["altered"] as? Int ?? -1)", "\(metadata)")
        #expect(metadata["srtp_replays"] == "\(facts["replayed"] as? Int ?? -1)", "\(metadata)")
        #expect(recording["subject"] as? String == "*******5678")  // the customer, +49 151 12345678
        // What was sent, decrypted: the agent (the caller) left, the customer right.
        let audio = cli.tmp.path("call.opus").path
        #expect(try cli.run(["recordings", "audio", id, "--out", audio]).status == 0)
        let compared = try Subprocess.run("python3", [Fixtures.packageRoot.appendingPathComponent("Tools/compare_recordings.py").path, audio, sent])
        let match = try #require(try JSONSerialization.jsonObject(with: compared.stdoutData) as? [String: Any], "\(compared.stderr)")
        for channel in match["channels"] as? [[String: Any]] ?? [] {
            #expect((channel["correlation"] as? Double ?? 0) > 0.8, "\(match)")
        }
        #expect(abs((match["a_s"] as? Double ?? 0) - (match["b_s"] as? Double ?? 0)) < 0.1, "\(match)")
        // The keys are nowhere: not in the log, not in the metadata.
        #expect(!server.errorOutput.contains("inline:") && !metadata.values.contains { $0.contains("inline") })
    }

    @Test("tshark (Wireshark's dissectors) reads what the server sent without a malformed packet: its 200 OK with an SDP answer of recvonly SRTP lines, its 200 to the BYE",
          .enabled(if: geteuid() == 0, "capturing needs root or CAP_NET_RAW"))
    func tsharkReadsTheServer() throws {
        guard let customer = Fixtures.shared("wav/pjsip__input.8.wav"), let agent = Fixtures.shared("wav/asterisk__talking.wav") else {
            Issue.record("\(Fixtures.sharedMissing)")
            return
        }
        let cli = CLI()
        try cli.initVault()
        let (sipPort, rtpBase) = TestPorts.siprec(block: 5)
        let server = try ServeCLITests.Server(cli, extra: ["--siprec", "--sip-listen", "127.0.0.1:\(sipPort)", "--media-address", "127.0.0.1",
                                                          "--rtp-ports", "\(rtpBase)-\(rtpBase + 99)"])
        let pcap = cli.tmp.path("session.pcapng").path
        // It stops by itself after 8 s of capture.
        let dumpcap = try Subprocess.start("dumpcap", ["-q", "-i", "lo", "-f", "udp port \(sipPort)", "-a", "duration:8", "-w", pcap])
        Thread.sleep(forTimeInterval: 1)  // dumpcap opens the interface
        let src = try Subprocess.run("python3", [Fixtures.packageRoot.appendingPathComponent("Tools/siprec_srtp_src.py").path,
                                                 "--server", "127.0.0.1:\(sipPort)", "--customer", customer.path, "--agent", agent.path,
                                                 "--seconds", "1", "--out", cli.tmp.path("sent.wav").path])
        dumpcap.waitUntilExit()
        #expect(server.stop() == 0, "\(server.errorOutput)")
        #expect(src.status == 0, "\(src.stderr)")
        // What the server sent (from its SIP port), as tshark reads it.
        let fields = try Subprocess.run("tshark", ["-r", pcap, "-Y", "sip && udp.srcport == \(sipPort)", "-T", "fields", "-E", "separator=|",
                                                   "-e", "sip.Status-Code", "-e", "sip.CSeq.method", "-e", "sdp.media", "-e", "sdp.media_attr"])
        let lines = CLI.lines(fields.stdout)
        let invite = try #require(lines.first { $0.hasPrefix("200|INVITE") }, "\(fields.stdout) \(fields.stderr)")
        #expect(invite.contains("audio \(rtpBase)") && invite.contains("RTP/SAVP") && invite.contains("recvonly") && invite.contains("crypto:2"), "\(invite)")
        #expect(lines.contains { $0.hasPrefix("200|BYE") }, "\(lines)")
        let malformed = try Subprocess.run("tshark", ["-r", pcap, "-Y", "_ws.malformed || _ws.expert.severity >= \"error\""])
        #expect(malformed.status == 0 && malformed.stdout.isEmpty, "\(malformed.stdout) \(malformed.stderr)")
    }

    @Test("bad SIPREC options are refused with exit 64 naming the option, before anything listens", arguments: [
        (["--sip-listen", "nohostport"], "--sip-listen"), (["--media-address", "0.0.0.0"], "--media-address"),
        (["--rtp-ports", "80-90"], "--rtp-ports"), (["--rtp-ports", "30000"], "--rtp-ports"),
        (["--siprec-max-calls", "0"], "--siprec-max-calls"), (["--siprec-direction", "sideways"], "--siprec-direction"),
        (["--siprec-media-timeout", "0"], "--siprec-media-timeout"), (["--siprec-complexity", "11"], "--siprec-complexity"),
        (["--sip-tls-listen", "127.0.0.1:5061"], "--sip-tls-listen"), (["--sip-tls-listen", "nohostport"], "--sip-tls-listen"),
        (["--media-address", "::"], "--media-address"), (["--sip-listen", "callvault.example:5060"], "--sip-listen"),
    ] as [([String], String)])
    func badOptions(options: [String], named: String) throws {
        let cli = CLI()
        try cli.initVault()
        let base = ["serve", "--port", "0", "--siprec", "--sip-listen", "127.0.0.1:0", "--media-address", "127.0.0.1"]
        let result = try cli.run(base + options)
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains(named), "\(result.stderr)")
        #expect(try cli.list().isEmpty)
    }
}

extension SIPRECCLITests {
    /// SIPp's arguments as a SIPREC client (`Fixtures/siprec-src.xml`) sending to `sipPort`: each
    /// call (`calls`: one by default) plays `sipp-g711a.pcap`'s 7.08 s of RTP from the ACK and hangs
    /// up after `holdMs`, or when ``hangUpInfo(sipPort:callID:)`` reaches it; `timeout` seconds
    /// bound SIPp; `callID` names a single call's dialog. The capture is copied into the CLI's
    /// directory, where SIPp (run there) reads it.
    static func sippArguments(_ cli: CLI, sipPort: Int, holdMs: Int, timeout: Int, calls: [String] = ["-m", "1"],
                              callID: String? = nil) throws -> [String] {
        let audio = cli.tmp.path("audio.pcap")
        if !FileManager.default.fileExists(atPath: audio.path) {
            try FileManager.default.copyItem(at: Fixtures.packageRoot.appendingPathComponent("Tests/CallvaultCLITests/Fixtures/sipp-g711a.pcap"),
                                             to: audio)
        }
        let scenario = Fixtures.packageRoot.appendingPathComponent("Tests/CallvaultCLITests/Fixtures/siprec-src.xml")
        return ["-sf", scenario.path] + calls + ["-d", "\(holdMs)", "-i", "127.0.0.1", "-p", "\(sipPort + 1)", "-mi", "127.0.0.1",
                                                 "-timeout", "\(timeout)", "-nostdin"] + (callID.map { ["-cid_str", $0] } ?? [])
            + ["127.0.0.1:\(sipPort)"]
    }

    /// Starts SIPp with one call to `sipPort` (see ``sippArguments(_:sipPort:holdMs:timeout:calls:callID:)``).
    static func sippCall(_ cli: CLI, sipPort: Int, holdMs: Int, timeout: Int, callID: String? = nil) throws -> ChildProcess {
        try Subprocess.start("sipp", try sippArguments(cli, sipPort: sipPort, holdMs: holdMs, timeout: timeout, callID: callID),
                             currentDirectory: cli.tmp.url)
    }

    /// A SIP INFO in the dialog `callID` of a SIPp started by ``sippCall(_:sipPort:holdMs:timeout:callID:)``
    /// (it listens on `sipPort + 1`): the scenario answers it and hangs up at once with its BYE, so
    /// a test ends the call when it is ready rather than on a timer a loaded machine may outrun.
    static func hangUpInfo(sipPort: Int, callID: String) -> String {
        ["INFO sip:sbc@127.0.0.1:\(sipPort + 1) SIP/2.0", "Via: SIP/2.0/UDP 127.0.0.1:\(sipPort);branch=z9hG4bK-cv-hangup",
         "From: <sip:srs@127.0.0.1>;tag=cv-hangup", "To: <sip:sbc@127.0.0.1>", "Call-ID: \(callID)", "CSeq: 1 INFO",
         "Content-Length: 0", "", ""].joined(separator: "\r\n")
    }

    /// Sends ``hangUpInfo(sipPort:callID:)`` to the SIPp listening on `sipPort + 1`.
    static func hangUp(sipPort: Int, callID: String) throws {
        let descriptor = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        guard descriptor >= 0 else { throw ServeCLITests.TestFailure("no UDP socket: errno \(errno)") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(sipPort + 1).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bytes = Array(hangUpInfo(sipPort: sipPort, callID: callID).utf8)
        let sent = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { sendto(descriptor, bytes, bytes.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard sent == bytes.count else { throw ServeCLITests.TestFailure("cannot send SIPp its hang-up INFO: errno \(errno)") }
    }
}
