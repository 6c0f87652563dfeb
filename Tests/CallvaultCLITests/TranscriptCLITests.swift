import Foundation
import Testing
import VaultTestSupport

@Suite("callvault ingest --transcript, transcripts add, transcripts show")
struct TranscriptCLITests {
    func files(under path: String) -> [URL] {
        let enumerator = FileManager.default.enumerator(at: URL(fileURLWithPath: path), includingPropertiesForKeys: [.isRegularFileKey])
        var out = [URL]()
        while let file = enumerator?.nextObject() as? URL {
            if (try? file.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true { out.append(file) }
        }
        return out
    }

    @Test("the number is muted in the audio and masked in the stored transcript; verify is clean; nothing unredacted on disk")
    func happyPath() throws {
        let cli = CLI()
        try cli.initVault()
        let wav = try TranscriptFixture.toneWAV(to: cli.tmp.path("tone.wav")).path
        let transcript = cli.tmp.path("call.asr").path
        try Data(TranscriptFixture.asrJSON.utf8).write(to: URL(fileURLWithPath: transcript))
        let ingest = try cli.run(["ingest", "--transcript", transcript, "--transcript-format", "asr-json", wav])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        let id = ingest.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(!ingest.stderr.contains("1381234"))

        let show = try cli.run(["transcripts", "show", id])
        #expect(show.status == 0, "\(show.stderr)")
        #expect(show.stdout.contains("\"word\": \"***\""))
        #expect(show.stdout.contains("\"word\": \"****\""))
        #expect(show.stdout.contains("\"word\": \"5678\""))
        #expect(!show.stdout.contains("\"138\"") && !show.stdout.contains("\"1234\""))
        #expect(try cli.sqlScalar("SELECT count(*) FROM audit_log WHERE action = 'transcript.read' AND target = '\(id)'") == "1")
        #expect(try cli.sqlScalar("SELECT transcript_format FROM recordings WHERE id = '\(id)'") == "asr-json")
        #expect(try cli.sqlScalar("SELECT json_extract(metadata, '$.redacted_spans') FROM recordings WHERE id = '\(id)'") == "1500-2500:phone")

        let shown = try cli.run(["recordings", "show", id, "--json"])
        let object = try JSONSerialization.jsonObject(with: shown.stdoutData) as? [String: Any]
        #expect(object?["transcript_format"] as? String == "asr-json")
        #expect((object?["transcript_sha256"] as? String)?.count == 64)

        let out = cli.tmp.path("out.opus")
        let audio = try cli.run(["recordings", "audio", id, "--out", out.path])
        #expect(audio.status == 0, "\(audio.stderr)")
        let pcm = try OggOpusProbe.decodeMono(out, rate: 8000)
        let outside = min(TranscriptFixture.rms(pcm, rate: 8000, from: 0.3, to: 1.3), TranscriptFixture.rms(pcm, rate: 8000, from: 2.7, to: 3.7))
        #expect(outside > 3000)
        #expect(TranscriptFixture.rms(pcm, rate: 8000, from: 1.6, to: 2.4) < outside / 100)

        let verify = try cli.run(["verify"])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")

        let needles = ["13812345678", "\"138\"", "\"1234\"", "138 1234"].map { Array($0.utf8) }
        for file in files(under: cli.vault) + files(under: cli.keys) {
            let bytes = Array(try Data(contentsOf: file))
            for needle in needles { #expect(!bytes.contains(needle), "unredacted digits in \(file.path)") }
        }
    }

    @Test("a malformed transcript fails the ingest with exit 65 and stores nothing")
    func malformed() throws {
        let cli = CLI()
        try cli.initVault()
        let wav = try TranscriptFixture.toneWAV(to: cli.tmp.path("tone.wav")).path
        let transcript = cli.tmp.path("bad.json").path
        try Data(#"{"words": [{"word": "13812345678"}]}"#.utf8).write(to: URL(fileURLWithPath: transcript))
        let ingest = try cli.run(["ingest", "--transcript", transcript, wav])
        #expect(ingest.status == 65)
        #expect(ingest.stderr.contains("bad.json") && ingest.stderr.contains("transcript"), "\(ingest.stderr)")
        #expect(!ingest.stderr.contains("13812345678"))
        #expect(ingest.stdout.isEmpty)
        #expect(try cli.list().isEmpty)
        #expect(files(under: cli.vault + "/objects").isEmpty)

        let two = try cli.run(["ingest", "--transcript", transcript, wav, wav])
        #expect(two.status == 64)
    }

    @Test("transcripts add on real speech: version 2 with the span muted, spans shown, both hashes audited, refusals by exit code")
    func addLater() throws {
        let cli = CLI()
        try cli.initVault()
        let ingest = try cli.run(["ingest", Fixtures.speech8k.path])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        let id = ingest.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let v1 = cli.tmp.path("v1.opus")
        #expect(try cli.run(["recordings", "audio", id, "--out", v1.path]).status == 0)
        let oldHash = try cli.sqlScalar("SELECT opus_sha256 FROM recordings WHERE id = '\(id)'")
        let oldPath = try cli.sqlScalar("SELECT object_path FROM recordings WHERE id = '\(id)'")

        let transcript = cli.tmp.path("later.json").path
        try Data(TranscriptFixture.asrJSON.utf8).write(to: URL(fileURLWithPath: transcript))
        let add = try cli.run(["transcripts", "add", id, transcript])
        #expect(add.status == 0, "\(add.stderr)")
        #expect(add.stdout.contains("version: 2"))
        #expect(add.stdout.contains("redacted_spans: 1500-2500:phone"))
        #expect(!add.stdout.contains("1381234") && !add.stderr.contains("1381234"))

        let shown = try cli.run(["recordings", "show", id, "--json"])
        let object = try JSONSerialization.jsonObject(with: shown.stdoutData) as? [String: Any]
        #expect(object?["version"] as? Int == 2)
        #expect(object?["redacted_spans"] as? String == "1500-2500:phone")
        #expect(object?["transcript_format"] as? String == "asr-json")
        #expect(!FileManager.default.fileExists(atPath: "\(cli.vault)/objects/\(oldPath)"))

        let v2 = cli.tmp.path("v2.opus")
        #expect(try cli.run(["recordings", "audio", id, "--out", v2.path]).status == 0)
        let (before, after) = (try OggOpusProbe.decodeMono(v1, rate: 8000), try OggOpusProbe.decodeMono(v2, rate: 8000))
        #expect(before.count == after.count)
        #expect(TranscriptFixture.rms(after, rate: 8000, from: 1.52, to: 2.48) < TranscriptFixture.rms(before, rate: 8000, from: 1.5, to: 2.5) / 100)
        #expect(TranscriptFixture.rms(after, rate: 8000, from: 0.1, to: 1.4) > TranscriptFixture.rms(before, rate: 8000, from: 0.1, to: 1.4) * 0.8)
        #expect(try cli.sqlScalar("SELECT json_extract(CAST(entry AS TEXT), '$.detail.old_opus_sha256') FROM audit_log WHERE action = 'transcript.add'") == oldHash)
        #expect(try cli.run(["verify"]).status == 0)
        let show = try cli.run(["transcripts", "show", id])
        #expect(show.stdout.contains("\"word\": \"5678\"") && !show.stdout.contains("\"138\""))

        let again = try cli.run(["transcripts", "add", id, transcript])
        #expect(again.status == 65)
        #expect(again.stderr.contains("already has a transcript"), "\(again.stderr)")
        let unknown = try cli.run(["transcripts", "add", "00000000-0000-4000-8000-000000000000", transcript])
        #expect(unknown.status == 66)
        let other = try cli.run(["ingest", try TranscriptFixture.toneWAV(to: cli.tmp.path("other.wav")).path]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let bad = cli.tmp.path("bad.srt").path
        try Data("1\nnot a time\n13812345678\n".utf8).write(to: URL(fileURLWithPath: bad))
        let malformed = try cli.run(["transcripts", "add", other, bad])
        #expect(malformed.status == 65)
        #expect(malformed.stderr.contains("bad.srt") && !malformed.stderr.contains("13812345678"), "\(malformed.stderr)")
        #expect(try cli.sqlScalar("SELECT version FROM recordings WHERE id = '\(other)'") == "1")
    }

    /// Starts `callvault transcripts add`, waits until `path` exists (or the process ends), then kills it with SIGKILL.
    /// Returns whether it was still running when killed.
    func killAdd(_ cli: CLI, id: String, transcript: String, when path: String) throws -> Bool {
        let process = try Subprocess.spawn(CLI.binary, ["transcripts", "add", id, transcript, "--vault", cli.vault])
        let deadline = Date() + 120
        while Date() < deadline, process.isRunning, !FileManager.default.fileExists(atPath: path) { usleep(500) }
        let running = process.isRunning
        process.killAndWait()
        return running
    }

    @Test("kill -9 during transcripts add: the next open leaves version 1 intact or version 2 complete, never a mix")
    func killDuringAdd() throws {
        let cli = CLI()
        try cli.initVault()
        let id = try cli.run(["ingest", try cli.wav("long.wav", seconds: 240)]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let v1 = (hash: try cli.sqlScalar("SELECT opus_sha256 FROM recordings WHERE id = '\(id)'"),
                  path: try cli.sqlScalar("SELECT object_path FROM recordings WHERE id = '\(id)'"))
        let transcript = cli.tmp.path("later.json").path
        try Data(TranscriptFixture.asrJSON.utf8).write(to: URL(fileURLWithPath: transcript))
        let prefix = String(id.prefix(2))

        // Killed while re-encoding: the partial new version exists.
        let killed = try killAdd(cli, id: id, transcript: transcript, when: "\(cli.vault)/objects/.partial/\(id).v2.partial")
        #expect(killed, "the add finished before it could be killed")
        #expect(try cli.run(["recordings", "show", id]).stdout.contains("version: 1"))  // recovery ran at open
        #expect(try cli.sqlScalar("SELECT count(*) FROM version_journal") == "0")
        #expect(try cli.sqlScalar("SELECT count(*) FROM audit_log WHERE action = 'transcript.add.rollback'") == "1")
        #expect(files(under: "\(cli.vault)/objects").map(\.lastPathComponent) == ["\(id).cvseal"])
        let out = cli.tmp.path("v1.opus")
        #expect(try cli.run(["recordings", "audio", id, "--out", out.path]).status == 0)
        #expect(try cli.run(["verify"]).status == 0)

        // Killed as soon as the new version is in place: rolled back, or completed if the switch won the race.
        _ = try killAdd(cli, id: id, transcript: transcript, when: "\(cli.vault)/objects/\(prefix)/\(id).v2.cvseal")
        let shown = try cli.run(["recordings", "show", id, "--json"])
        let object = try JSONSerialization.jsonObject(with: shown.stdoutData) as? [String: Any]
        let names = Set(files(under: "\(cli.vault)/objects").map(\.lastPathComponent))
        if object?["version"] as? Int == 2 {
            #expect(names == ["\(id).v2.cvseal", "\(id).v2.transcript.cvseal"])
            #expect(object?["opus_sha256"] as? String != v1.hash)
        } else {
            #expect(names == ["\(id).cvseal"])
            #expect(object?["opus_sha256"] as? String == v1.hash)
            #expect(FileManager.default.fileExists(atPath: "\(cli.vault)/objects/\(v1.path)"))
        }
        #expect(try cli.sqlScalar("SELECT count(*) FROM version_journal") == "0")
        #expect(try cli.run(["verify"]).status == 0)
        if object?["version"] as? Int != 2 {
            let finish = try cli.run(["transcripts", "add", id, transcript])
            #expect(finish.status == 0, "\(finish.stderr)")
        }
        #expect(try cli.run(["recordings", "show", id]).stdout.contains("version: 2"))
    }
}
