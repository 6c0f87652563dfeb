import Foundation
import Testing
import VaultTestSupport

/// Key presses heard as audio in a call are not in what the vault stores: a WAV of real speech
/// with tone pairs of the test's own is ingested, and the stored Ogg Opus, decoded by ffmpeg,
/// holds no trace of them where they were, while the metadata counts and times them.
@Suite("callvault ingest mutes in-band DTMF")
struct InbandDTMFCLITests {
    @Test("a card number typed on a keypad during a call is gone from the stored audio; only its count and times are kept")
    func cardNumberTyped() throws {
        let url = try #require(Fixtures.shared("wav/asterisk__talking.wav"), "\(Fixtures.sharedMissing)")
        let speech = try Subprocess.run("ffmpeg", ["-v", "error", "-i", url.path, "-f", "s16le", "-ac", "1", "-ar", "8000", "-"])
        var samples = speech.stdoutData.withUnsafeBytes { Array($0.bindMemory(to: Int16.self)) }
        while samples.count < 8000 * 8 { samples += samples }
        samples = Array(samples.prefix(8000 * 8))
        // Sixteen keys, 90 ms on and 110 ms off, from 2 s on (Q.23 row and column frequencies).
        let rows = [697.0, 770, 852, 941], columns = [1209.0, 1336, 1477, 1633]
        let keys = [4, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2].map { [$0 / 4, $0 % 4] }
        for (n, key) in keys.enumerated() {
            let start = 16_000 + n * 1600
            for i in 0..<720 {
                let t = Double(i) / 8000
                let tone = 7000 * (sin(2 * .pi * rows[key[0]] * t) + sin(2 * .pi * columns[key[1]] * t))
                samples[start + i] = Int16(clamping: Int(Double(samples[start + i]) * 0.2 + tone))
            }
        }
        let cli = CLI()
        try cli.initVault()
        let wav = cli.tmp.path("typed.wav")
        try WAVSynth.wav(samples: samples, sampleRate: 8000, channels: 1).write(to: wav)
        let ingest = try cli.run(["ingest", wav.path])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        let id = ingest.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let metadata = try #require(try JSONSerialization.jsonObject(with: Data(cli.sqlScalar("SELECT metadata FROM recordings WHERE id = '\(id)'").utf8)) as? [String: String])
        #expect(metadata["inband_dtmf_events"] == "16", "\(metadata)")
        let times = (metadata["inband_dtmf_times_s"] ?? "").split(separator: ",").compactMap { Double($0) }
        #expect(times.count == 16 && zip(times, 0..<16).allSatisfy { abs($0 - (2 + Double($1) * 0.2)) < 0.05 }, "\(times)")

        let audio = cli.tmp.path("stored.opus").path
        #expect(try cli.run(["recordings", "audio", id, "--out", audio]).status == 0)
        let decoded = try Subprocess.run("ffmpeg", ["-v", "error", "-i", audio, "-f", "s16le", "-ac", "1", "-ar", "8000", "-"])
        let stored = decoded.stdoutData.withUnsafeBytes { Array($0.bindMemory(to: Int16.self)) }
        func level(_ slice: ArraySlice<Int16>, _ frequency: Double) -> Double {
            let k = 2 * cos(2 * .pi * frequency / 8000)
            var s1 = 0.0, s2 = 0.0
            for x in slice { let s0 = Double(x) + k * s1 - s2; s2 = s1; s1 = s0 }
            return sqrt(max(0, s1 * s1 + s2 * s2 - k * s1 * s2)) / Double(max(1, slice.count))
        }
        for (n, key) in keys.enumerated() {
            let span = stored[(16_000 + n * 1600)..<(16_000 + n * 1600 + 720)]
            let before = samples[(16_000 + n * 1600)..<(16_000 + n * 1600 + 720)]
            // The tone was at about 3500 in level per frequency; what is left is below the speech floor.
            #expect(level(before, rows[key[0]]) > 1000)
            #expect(level(span, rows[key[0]]) < 20 && level(span, columns[key[1]]) < 20, "key \(n)")
        }
    }
}
