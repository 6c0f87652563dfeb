public import Foundation

/// Writes small test WAV files (16-bit PCM, any rate and channel count) from generated signals.
public enum WAVSynth {
    /// A speech-like test signal: a sum of tones with a slow amplitude envelope, different per channel.
    public static func signal(frames: Int, sampleRate: Int, channels: Int) -> [Int16] {
        var out = [Int16](repeating: 0, count: frames * channels)
        for i in 0..<frames {
            let t = Double(i) / Double(sampleRate)
            let envelope = 0.5 + 0.5 * sin(2 * .pi * 3 * t)
            for c in 0..<channels {
                let f = 220.0 * Double(c + 1)
                let v = envelope * (0.4 * sin(2 * .pi * f * t) + 0.2 * sin(2 * .pi * f * 2.5 * t))
                out[i * channels + c] = Int16(max(-1, min(1, v)) * 32_000)
            }
        }
        return out
    }

    /// The bytes of a canonical 16-bit PCM WAV file.
    public static func wav(samples: [Int16], sampleRate: Int, channels: Int) -> Data {
        var data = Data()
        func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) } }
        func u16(_ v: UInt16) { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) } }
        let dataBytes = samples.count * 2
        data.append(contentsOf: Array("RIFF".utf8)); u32(UInt32(36 + dataBytes))
        data.append(contentsOf: Array("WAVEfmt ".utf8)); u32(16)
        u16(1); u16(UInt16(channels)); u32(UInt32(sampleRate)); u32(UInt32(sampleRate * channels * 2))
        u16(UInt16(channels * 2)); u16(16)
        data.append(contentsOf: Array("data".utf8)); u32(UInt32(dataBytes))
        samples.withUnsafeBytes { data.append(contentsOf: $0) }
        return data
    }

    /// Writes a generated WAV of `seconds` to `url`.
    @discardableResult
    public static func write(to url: URL, seconds: Double, sampleRate: Int = 8000, channels: Int = 1) throws -> URL {
        let frames = Int(seconds * Double(sampleRate))
        try wav(samples: signal(frames: frames, sampleRate: sampleRate, channels: channels), sampleRate: sampleRate,
                channels: channels).write(to: url)
        return url
    }
}
