import Foundation
import Testing
import VaultTestSupport

@Suite("Audio quality of stored recordings")
struct AudioQualityTests {
    @Test("narrowband PESQ of real 8 kHz speech through the vault is at least 4.0 at the default bitrate")
    func pesq() throws {
        let cli = CLI()
        try cli.initVault()
        let reference = Fixtures.packageRoot.appendingPathComponent("Tests/CallvaultCLITests/Fixtures/speech-8k.wav")
        let id = try cli.run(["ingest", reference.path]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let opus = cli.tmp.path("speech.opus"), decoded = cli.tmp.path("speech.wav")
        try #require(try cli.run(["recordings", "audio", id, "--out", opus.path]).status == 0)
        let ffmpeg = try Subprocess.run("ffmpeg", ["-v", "error", "-i", opus.path, "-ar", "8000", "-ac", "1", "-c:a", "pcm_s16le", decoded.path])
        try #require(ffmpeg.status == 0, "\(ffmpeg.stderr)")
        let score = try Subprocess.run("python3", [Fixtures.packageRoot.appendingPathComponent("Tools/pesq_nb.py").path,
                                                   reference.path, decoded.path])
        try #require(score.status == 0, "PESQ failed (is the pesq package installed? Tools/setup installs it): \(score.stderr)")
        let mos = try #require(Double(score.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(mos >= 4.0, "PESQ NB \(mos)")
    }
}
