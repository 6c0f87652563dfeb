import Foundation
import Testing
import VaultTestSupport

@Suite("callvault init, ingest, recordings")
struct IngestCLITests {
    @Test("ingest prints the bare id; list, show and audio agree; the audio is valid Ogg Opus of the same length")
    func happyPath() throws {
        let cli = CLI()
        try cli.initVault()
        let wav = try cli.wav("call.wav", seconds: 6.5)
        let ingest = try cli.run(["ingest", "--subject-phone", "+86 138 1234 5678", "--campaign", "spring", "--agent", "a-17",
                                  "--started-at", "2026-03-01T17:30:00+08:00", wav])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        let id = ingest.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(CLI.lines(ingest.stdout).count == 1)
        #expect(id.count == 36)

        let list = try cli.list()
        #expect(list.count == 1)
        let row = list[0]
        #expect(row["id"] as? String == id)
        #expect(row["started_at"] as? String == "2026-03-01T09:30:00.000Z")
        #expect(row["duration_ms"] as? Int == 6500)
        #expect(row["channels"] as? Int == 1)
        #expect(row["subject"] as? String == "*******5678")
        #expect(row["state"] as? String == "stored")

        let show = try cli.run(["recordings", "show", id, "--json"])
        let shown = try JSONSerialization.jsonObject(with: show.stdoutData) as! [String: Any]
        #expect(shown["campaign"] as? String == "spring")
        #expect(shown["agent"] as? String == "a-17")

        let out = cli.tmp.path("out.opus")
        let audio = try cli.run(["recordings", "audio", id, "--out", out.path])
        #expect(audio.status == 0, "\(audio.stderr)")
        #expect(try OggOpusProbe.opusinfo(out).status == 0)
        #expect(abs(try OggOpusProbe(out).duration - 6.5) <= 0.02)
        let sha = try Subprocess.run("sha256sum", [out.path]).stdout.prefix(64)
        #expect(String(sha) == shown["opus_sha256"] as? String)
        #expect(try cli.sqlScalar("SELECT count(*) FROM audit_log WHERE action = 'recording.audio.export' AND target = '\(id)'") == "1")
        let mode = try FileManager.default.attributesOfItem(atPath: out.path)[.posixPermissions] as! NSNumber
        #expect(mode.intValue == 0o600)
    }

    @Test("--json prints one object per recording with its source; a directory ingest keeps input order")
    func jsonAndDirectory() throws {
        let cli = CLI()
        try cli.initVault()
        let dir = cli.tmp.path("calls")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("sub"), withIntermediateDirectories: true)
        for (name, seconds) in [("a.wav", 0.5), ("b.wav", 1.0), ("sub/c.wav", 1.5)] {
            try WAVSynth.write(to: dir.appendingPathComponent(name), seconds: seconds)
        }
        let result = try cli.run(["ingest", "--json", dir.path])
        #expect(result.status == 0, "\(result.stderr)")
        let objects = try CLI.lines(result.stdout).map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        #expect(objects.map { ($0["source"] as? String)?.replacingOccurrences(of: dir.path + "/", with: "") } == ["a.wav", "b.wav", "sub/c.wav"])
        #expect(objects.map { $0["duration_ms"] as? Int } == [500, 1000, 1500])
        #expect(result.stderr.contains("ingested 3 of 3 files"))
        #expect(try cli.list().count == 3)
    }

    @Test("every fuzz seed and every crash input found by Tools/fuzz runs through its parser without a trap")
    func fuzzInputsReplay() throws {
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let fuzz = URL(fileURLWithPath: CLI.binary).deletingLastPathComponent().appendingPathComponent("callvault-fuzz").path
        let directories = ["Tests/Fuzz/corpus", "Tests/Fuzz/crashes"].map { repo.appendingPathComponent($0).path }
            .filter { FileManager.default.fileExists(atPath: $0) }
        let result = try Subprocess.run(fuzz, directories)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("replayed"), "\(result.stdout)")
    }

    @Test("a catalog value edited to one this version cannot read: exit 74 naming what was read, no row dump")
    func unreadableCatalogValue() throws {
        let cli = CLI()
        try cli.initVault()
        try WAVSynth.write(to: cli.tmp.path("a.wav"), seconds: 0.5)
        #expect(try cli.run(["ingest", cli.tmp.path("a.wav").path]).status == 0)
        _ = try Subprocess.run("python3", ["-c", "import sqlite3,sys; db=sqlite3.connect(sys.argv[1]); db.execute(\"UPDATE recordings SET state='bogus'\"); db.commit()",
                                           "\(cli.vault)/catalog.sqlite"])
        let result = try cli.run(["recordings", "list"])
        #expect(result.status == 74, "\(result.stderr)")
        #expect(result.stderr.contains("cannot read") && !result.stderr.contains("bogus") && CLI.lines(result.stderr).count == 1, "\(result.stderr)")
    }

    @Test("a directory with bad files ingests the good ones, names each bad one on one line, and counts them")
    func mixedDirectory() throws {
        let cli = CLI()
        try cli.initVault()
        let dir = cli.tmp.path("mixed")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try WAVSynth.write(to: dir.appendingPathComponent("good1.wav"), seconds: 0.5)
        try WAVSynth.write(to: dir.appendingPathComponent("good2.wav"), seconds: 0.5)
        try Data("plain text".utf8).write(to: dir.appendingPathComponent("text.wav"))
        try WAVSynth.wav(samples: [1, 2, 3], sampleRate: 8000, channels: 1).prefix(20).write(to: dir.appendingPathComponent("cut.wav"))
        try WAVSynth.wav(samples: [], sampleRate: 8000, channels: 1).write(to: dir.appendingPathComponent("empty.wav"))
        let result = try cli.run(["ingest", dir.path])
        #expect(result.status == 65)
        #expect(CLI.lines(result.stdout).count == 2)
        let errors = CLI.lines(result.stderr)
        for (name, reason) in [("text.wav", "not a WAV file"), ("cut.wav", "broken or truncated WAV header"), ("empty.wav", "no audio samples")] {
            #expect(errors.contains { $0.hasPrefix("callvault: ") && $0.contains(dir.appendingPathComponent(name).path) && $0.contains(reason) },
                    "\(name): \(result.stderr)")
        }
        #expect(errors.contains("callvault: ingested 2 of 5 files; 3 failed"))
        #expect(try cli.list().count == 2)
        #expect(try cli.sqlScalar("SELECT count(*) FROM ingest_journal") == "0")
        #expect(try cli.sqlScalar("SELECT count(*) FROM audit_log WHERE action = 'recording.ingest' AND outcome = 'failed'") == "3")
    }

    @Test("every bad invocation gets a one-line error, its exit code, and stores nothing", arguments: [
        (["ingest", "MISSING"], Int32(66), "no such file"),
        (["ingest", "TEXT"], 65, "not a WAV file"),
        (["ingest", "--subject-phone", "12ab", "GOOD"], 64, "--subject-phone"),
        (["ingest", "--started-at", "yesterday", "GOOD"], 64, "--started-at"),
        (["ingest", "--bitrate", "1000", "GOOD"], 64, "bitrate"),
        (["ingest", "--vault", "NOVAULT", "GOOD"], 66, "no vault at"),
        (["ingest", "--key-store", "NOKEYS", "GOOD"], 77, "no key store"),
        (["recordings", "show", "not-an-id"], 64, "is not a recording id"),
        (["recordings", "show", "00000000-0000-0000-0000-000000000000"], 66, "no recording"),
        (["recordings", "audio", "00000000-0000-0000-0000-000000000000", "--out", "OUT"], 66, "no recording"),
        (["init", "--key-store", "KEYS2"], 73, "already exists"),
        (["init", "--vault", "NEWVAULT", "--key-store", "KEYS"], 73, "a key store already exists"),
    ])
    func badInvocations(arguments: [String], status: Int32, message: String) throws {
        let cli = CLI()
        try cli.initVault()
        let good = try cli.wav("good.wav")
        let text = cli.tmp.path("text.wav")
        try Data("hello".utf8).write(to: text)
        let substitutions = [
            "MISSING": cli.tmp.path("missing.wav").path, "TEXT": text.path, "GOOD": good,
            "NOVAULT": cli.tmp.path("nowhere").path, "NOKEYS": cli.tmp.path("nokeys").path,
            "OUT": cli.tmp.path("out.opus").path, "KEYS2": cli.tmp.path("keys2").path,
            "NEWVAULT": cli.tmp.path("vault2").path, "KEYS": cli.keys,
        ]
        let result = try cli.run(arguments.map { substitutions[$0] ?? $0 })
        #expect(result.status == status, "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
        if status != 64 {  // argument-parser usage errors add a usage hint
            #expect(CLI.lines(result.stderr).count == 1, "one line: \(result.stderr)")
        }
        #expect(result.stdout.isEmpty)
        #expect(try cli.list().isEmpty)
        #expect(!FileManager.default.fileExists(atPath: cli.tmp.path("out.opus").path))
    }

    @Test("the vault defaults to $CALLVAULT_VAULT")
    func environmentDefault() throws {
        let cli = CLI()
        try cli.initVault()
        let result = try Subprocess.run(CLI.binary, ["recordings", "list", "--json"], environment: ["CALLVAULT_VAULT": cli.vault])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[\n\n]" || result.stdout.contains("[]"))
    }

    @Test("vault and key store files are private to their owner")
    func permissions() throws {
        let cli = CLI()
        try cli.initVault()
        try cli.run(["ingest", try cli.wav("a.wav")])
        for path in ["\(cli.vault)/catalog.sqlite", "\(cli.vault)/vault.json", "\(cli.keys)/kek/0001.key"] {
            let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as! NSNumber
            #expect(mode.intValue & 0o077 == 0, "\(path) is \(String(mode.intValue, radix: 8))")
        }
    }
}
