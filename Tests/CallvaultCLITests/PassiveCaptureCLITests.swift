import Foundation
import Synchronization
import Testing
import VaultTestSupport

/// `callvault capture` on a real interface: real captures are replayed onto the loopback
/// interface at their own pace (raw frames, their own addresses, `Tools/replay_pcap.py`), and what
/// the capture stores is compared with what `callvault ingest` stores from the same files.
@Suite("callvault capture records what an interface carries, as ingest records the same capture", .serialized)
struct PassiveCaptureCLITests {
    /// A running `callvault capture`; its standard output lines are kept as they come.
    final class Capturer: @unchecked Sendable {
        let process: ChildProcess
        private let out = Mutex(Data()), err = Mutex(Data())

        init(_ cli: CLI, _ arguments: [String]) throws {
            process = try Subprocess.spawn(CLI.binary, ["capture", "--vault", cli.vault] + arguments, standardOutput: .pipe, standardError: .pipe)
            // Keep reading both (a full pipe would stall the capture).
            let outHandle = process.standardOutput!, errHandle = process.standardError!
            Thread.detachNewThread { [self] in
                while case let data = outHandle.availableData, !data.isEmpty { out.withLock { $0 += data } }
            }
            Thread.detachNewThread { [self] in
                while case let data = errHandle.availableData, !data.isEmpty { err.withLock { $0 += data } }
            }
            let deadline = Date().addingTimeInterval(30)
            while !errorOutput.contains("passive capture started") {
                guard process.isRunning, Date() < deadline else { throw ServeCLITests.TestFailure("capture did not start: \(errorOutput)") }
                Thread.sleep(forTimeInterval: 0.05)
            }
        }

        var errorOutput: String { err.withLock { String(decoding: $0, as: UTF8.self) } }

        /// The JSON objects printed so far, one per stored call.
        var stored: [[String: Any]] {
            out.withLock { String(decoding: $0, as: UTF8.self) }.split(separator: "\n").compactMap {
                try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
            }
        }

        /// SIGTERM, then the exit status.
        func stop() -> Int32 {
            process.terminate()
            return process.waitUntilExit()
        }
    }

    static let canCapture = geteuid() == 0

    @Test("calls replayed onto an interface (SIP with BYE, RTP without SIP, RFC 2833 keys) are stored as they end, with the file ingest's counts, durations and audio",
          .enabled(if: canCapture, "capturing needs root or CAP_NET_RAW"),
          .enabled(if: Fixtures.sharedReal != nil, "\(Fixtures.sharedMissing)"))
    func replayedCallsMatchTheFileIngest() throws {
        let names = ["voipshark__SIP-RTP-Normal_Call_two_parties.pcap", "sipp__g711a.pcap", "miarec__09a_2833_dtmf.pcap"]
        let files = try names.map { try #require(Fixtures.shared("pcap/\($0)")).path }

        // The file path's recordings of the same captures.
        let reference = CLI()
        try reference.initVault()
        let ingest = try reference.run(["ingest", "--json"] + files)
        #expect(ingest.status == 0, "\(ingest.stderr)")
        let expected = CLI.lines(ingest.stdout).compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(expected.count == 4)  // the SIP capture holds both legs of a call through a B2BUA

        let cli = CLI()
        try cli.initVault()
        // Other suites' traffic on the loopback (127/8) is not this test's.
        let capture = try Capturer(cli, ["-i", "lo", "--filter", "udp and not net 127.0.0.0/8", "--rtp-timeout", "3", "--json"])
        let replay = try Subprocess.run("python3", [Fixtures.packageRoot.appendingPathComponent("Tools/replay_pcap.py").path,
                                                    "--interface", "lo"] + files)
        #expect(replay.status == 0, "\(replay.stderr)")
        // A SIP call is stored within 2 s of its BYE; the others 3 s after their last RTP.
        let deadline = Date().addingTimeInterval(8)
        while capture.stored.count < expected.count, Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        let live = capture.stored
        #expect(capture.stop() == 0, "\(capture.errorOutput)")
        try #require(live.count == expected.count, "\(live.count) calls captured: \(capture.errorOutput) replay: \(replay.stdout)")

        func rtp(_ object: [String: Any]) -> [String: String] { object["rtp"] as? [String: String] ?? [:] }
        for recording in live {
            // The file ingest's call with the same Call-ID (or none) and packet count.
            let twins = expected.filter {
                $0["call_id_sha256"] as? String == recording["call_id_sha256"] as? String && rtp($0)["packets"] == rtp(recording)["packets"]
            }
            try #require(twins.count == 1, "no single twin for \(rtp(recording))")
            let twin = twins[0]
            for key in ["left.packets", "right.packets", "lost", "duplicates", "left.codec", "right.codec", "dtmf_events", "signalling"] {
                #expect(rtp(recording)[key] == rtp(twin)[key], "\(key): live \(rtp(recording)[key] ?? "-"), file \(rtp(twin)[key] ?? "-")")
            }
            #expect(rtp(recording)["capture_format"] == "live")
            #expect(recording["subject"] as? String == twin["subject"] as? String)
            #expect(abs(Double(recording["duration_ms"] as? Int ?? 0) - Double(twin["duration_ms"] as? Int ?? 0)) <= 100,
                    "live \(recording["duration_ms"] ?? "-") ms, file \(twin["duration_ms"] ?? "-") ms")
            // Ended by BYE or RTP timeout while the capture ran, not by its stop.
            #expect((recording["notes"] as? String)?.contains("capture stopped") != true, "\(recording["notes"] ?? "")")

            let liveAudio = cli.tmp.path("live.opus").path, fileAudio = cli.tmp.path("file.opus").path
            #expect(try cli.run(["recordings", "audio", recording["id"] as! String, "--out", liveAudio]).status == 0)
            #expect(try reference.run(["recordings", "audio", twin["id"] as! String, "--out", fileAudio]).status == 0)
            let compared = try Subprocess.run("python3", [Fixtures.packageRoot.appendingPathComponent("Tools/compare_recordings.py").path,
                                                          liveAudio, fileAudio])
            let facts = try #require(try JSONSerialization.jsonObject(with: compared.stdoutData) as? [String: Any], "\(compared.stderr)")
            for channel in facts["channels"] as? [[String: Any]] ?? [] {
                #expect((channel["correlation"] as? Double ?? 0) > 0.99, "\(facts); live notes: \(recording["notes"] ?? "-"); replay: \(replay.stdout)")
            }
        }
    }

    @Test("kill -9 of the capture mid-call: the next open stores the call as interrupted, with what was sealed",
          .enabled(if: canCapture, "capturing needs root or CAP_NET_RAW"),
          .enabled(if: Fixtures.sharedReal != nil, "\(Fixtures.sharedMissing)"))
    func killMidCall() throws {
        let file = try #require(Fixtures.shared("pcap/sipp__g711a.pcap")).path  // 7.08 s of A-law, no SIP
        let cli = CLI()
        try cli.initVault()
        for round in 1...2 {
            let capture = try Capturer(cli, ["-i", "lo", "--filter", "udp and not net 127.0.0.0/8"])
            // Timed from the first frame sent, not from the replayer's start (slow under a loaded machine).
            let sending = cli.tmp.path("sending-\(round)").path
            let replay = try Subprocess.start("python3", [Fixtures.packageRoot.appendingPathComponent("Tools/replay_pcap.py").path,
                                                          "--interface", "lo", "--started", sending, file])
            while !FileManager.default.fileExists(atPath: sending), replay.isRunning { usleep(5_000) }
            let started = Date()
            Thread.sleep(until: started + Double.random(in: 3.0...5.5))
            capture.process.killAndWait()
            let elapsed = Date().timeIntervalSince(started)
            replay.waitUntilExit()

            // Opening the vault (any command) runs recovery.
            let recordings = try cli.list()
            #expect(recordings.count == round, "round \(round): \(recordings.count) recordings; \(capture.errorOutput)")
            let recording = try #require(recordings.max { ($0["ingested_at"] as? String ?? "") < ($1["ingested_at"] as? String ?? "") })
            #expect(recording["interrupted"] as? Bool == true, "\(recording)")
            #expect((recording["notes"] as? String ?? "").contains("recorder stopped mid-call"), "\(recording)")
            // At most about 2.5 s lost (a page, a segment, the jitter buffer), never more than was sent.
            let kept = Double(recording["duration_ms"] as? Int ?? 0) / 1000
            #expect(kept <= elapsed + 0.1 && kept >= elapsed - 3.0, "round \(round): kept \(kept) s of \(elapsed) s")
        }
        let verify = try cli.run(["verify"])
        #expect(verify.status == 0, "\(verify.stdout) \(verify.stderr)")
    }

    @Test("an interface that is not there, a filter that is not BPF and bad options are one clear line each")
    func badInputs() throws {
        let cli = CLI()
        try cli.initVault()
        let missing = try cli.run(["capture", "-i", "nosuch0"])
        #expect(missing.status == 66 && missing.stderr.contains("cannot capture on nosuch0"), "\(missing.status) \(missing.stderr)")
        if Self.canCapture {
            let filter = try cli.run(["capture", "-i", "lo", "--filter", "udp port"])
            #expect(filter.status == 65 && filter.stderr.contains("not valid BPF"), "\(filter.status) \(filter.stderr)")
        }
        for options in [["--rtp-timeout", "0"], ["--max-calls", "0"], ["--direction", "sideways"], ["--complexity", "11"]] {
            let result = try cli.run(["capture", "-i", "lo"] + options)
            #expect(result.status == 64, "\(options): \(result.status) \(result.stderr)")
        }
        #expect(try cli.list().isEmpty)
    }
}
