public import Foundation

/// Inputs of the transcript tests (VaultCore and the CLI): a 4 s tone, and a word-timed ASR transcript with a PRC mobile number spoken at 1.5–2.5 s.
public enum TranscriptFixture {
    public static let number = "13812345678"

    /// A steady 440 Hz tone over 0–4 s, 8 kHz mono.
    public static func toneWAV(to url: URL) throws -> URL {
        let rate = 8000
        let samples = (0..<(4 * rate)).map { i in Int16(0.5 * 32_000 * sin(2 * .pi * 440 * Double(i) / Double(rate))) }
        try WAVSynth.wav(samples: samples, sampleRate: rate, channels: 1).write(to: url)
        return url
    }

    public static let asrJSON = """
        {"language": "en", "words": [
          {"word": "my", "start_ms": 200, "end_ms": 500, "speaker": "customer"},
          {"word": "number", "start_ms": 500, "end_ms": 900},
          {"word": "is", "start_ms": 900, "end_ms": 1400},
          {"word": "138", "start_ms": 1500, "end_ms": 1800},
          {"word": "1234", "start_ms": 1800, "end_ms": 2150},
          {"word": "5678", "start_ms": 2150, "end_ms": 2500},
          {"word": "thanks", "start_ms": 2700, "end_ms": 3200}
        ]}
        """

    /// Unredacted forms that must never be on disk.
    public static let needles: [[UInt8]] = [Array(number.utf8), Array("\"138\"".utf8), Array("\"1234\"".utf8), Array("138 1234".utf8)]

    /// Root-mean-square of samples `from..<to` seconds at `rate`.
    public static func rms(_ samples: [Int16], rate: Int, from: Double, to: Double) -> Double {
        let lo = Int(from * Double(rate)), hi = min(samples.count, Int(to * Double(rate)))
        guard hi > lo else { return 0 }
        let sum = samples[lo..<hi].reduce(0.0) { $0 + Double($1) * Double($1) }
        return (sum / Double(hi - lo)).squareRoot()
    }
}
