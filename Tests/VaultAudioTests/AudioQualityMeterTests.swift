import Foundation
import Testing
import VaultAudio

/// The quality facts of generated audio: each flag raised on the signal that shows its problem,
/// none on a two-sided call.
@Suite struct AudioQualityMeterTests {
    static let rate = 8000

    /// `seconds` of interleaved stereo (or mono) floats from per-frame values.
    func audio(seconds: Double, channels: Int, _ sample: (Int, Int) -> Float) -> [Float] {
        let frames = Int(seconds * Double(Self.rate))
        var out = [Float](repeating: 0, count: frames * channels)
        for i in 0..<frames { for c in 0..<channels { out[i * channels + c] = sample(i, c) } }
        return out
    }

    /// Speech-like: a tone in bursts of 0.8 s every second.
    func speech(_ i: Int, amplitude: Float = 0.3) -> Float {
        (i % Self.rate) < Self.rate * 8 / 10 ? amplitude * Float(sin(2 * Double.pi * 300 * Double(i) / Double(Self.rate))) : 0
    }

    func measure(_ samples: [Float], channels: Int, in pieces: Int = 3) -> AudioQuality {
        var meter = AudioQualityMeter(channels: channels, sampleRate: Self.rate)
        // Fed in uneven pieces, as the transcoder's blocks come: windows span pieces.
        let frames = samples.count / channels
        var start = 0
        for k in 1...pieces {
            let end = k == pieces ? frames : frames * k / pieces + 37
            samples.withUnsafeBufferPointer { meter.add(UnsafeBufferPointer(rebasing: $0[(start * channels)..<(min(end, frames) * channels)])) }
            start = min(end, frames)
        }
        return meter.result()
    }

    @Test("a two-sided call: both channels active about 80 % of the time, no flag")
    func twoSided() {
        let q = measure(audio(seconds: 10, channels: 2) { i, c in speech(i + c * 4000) }, channels: 2)
        #expect(q.flags.isEmpty, "\(q)")
        #expect(q.channels.allSatisfy { abs($0.active - 0.8) < 0.03 && $0.clipped == 0 }, "\(q)")
        #expect(q.durationMs == 10_000 && q.longestSilenceMs == 0)
    }

    @Test("each problem raises its flag: silent, one-sided, clipping, long dead air, short")
    func flags() {
        #expect(measure(audio(seconds: 5, channels: 2) { _, _ in 0.0001 }, channels: 2).flags == [.silent])
        let oneSided = measure(audio(seconds: 5, channels: 2) { i, c in c == 0 ? speech(i) : 0 }, channels: 2)
        #expect(oneSided.flags == [.oneSided], "\(oneSided)")
        // Mono holds both parties: never one-sided.
        #expect(measure(audio(seconds: 5, channels: 1) { i, _ in speech(i) }, channels: 1).flags.isEmpty)
        let clipped = measure(audio(seconds: 5, channels: 1) { i, _ in speech(i, amplitude: 1.4) > 0 ? 1 : speech(i) }, channels: 1)
        #expect(clipped.flags == [.clipping] && clipped.channels[0].clipped > 1000, "\(clipped)")
        let deadAir = measure(audio(seconds: 70, channels: 1) { i, _ in i < Self.rate * 5 ? speech(i) : 0 }, channels: 1)
        #expect(deadAir.flags == [.longSilence] && deadAir.longestSilenceMs >= 64_900, "\(deadAir.longestSilenceMs)")
        #expect(measure(audio(seconds: 2, channels: 1) { i, _ in speech(i) }, channels: 1).flags == [.short])
    }
}
