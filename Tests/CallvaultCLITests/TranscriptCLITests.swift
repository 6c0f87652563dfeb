import Foundation
import Testing
import VaultTestSupport

@Suite("callvault ingest --transcript, transcripts show")
struct TranscriptCLITests {
    static let asrJSON = """
        {"words": [
          {"word": "my", "start_ms": 200, "end_ms": 500},
          {"word": "number", "start_ms": 500, "end_ms": 900},
          {"word": "is", "start_ms": 900, "end_ms": 1400},
          {"word": "138", "start_ms": 1500, "end_ms": 1800},
          {"word": "1234", "start_ms": 1800, "end_ms": 2150},
          {"word": "5678", "start_ms": 2150, "end_ms": 2500},
          {"word": "thanks", "start_ms": 2700, "end_ms": 3200}
        ]}
        """

    /// A 440 Hz tone over 0–4 s, 8 kHz mono.
    func toneWAV(_ cli: CLI) throws -> String {
        let samples = (0..<32_000).map { i in Int16(16_000 * sin(2 * .pi * 440 * Double(i) / 8000)) }
        let url = cli.tmp.path("tone.wav")
        try WAVSynth.wav(samples: samples, sampleRate: 8000, channels: 1).write(to: url)
        return url.path
    }

    func rms(_ s: [Int16], _ from: Double, _ to: Double) -> Double {
        let slice = s[Int(from * 8000)..<min(s.count, Int(to * 8000))]
        return (slice.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(max(1, slice.count))).squareRoot()
    }

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
        let wav = try toneWAV(cli)
        let transcript = cli.tmp.path("call.asr").path
        try Data(Self.asrJSON.utf8).write(to: URL(fileURLWithPath: transcript))
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
        let outside = min(rms(pcm, 0.3, 1.3), rms(pcm, 2.7, 3.7))
        #expect(outside > 3000)
        #expect(rms(pcm, 1.6, 2.4) < outside / 100)

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
        let wav = try toneWAV(cli)
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
}
