import Foundation
import Testing
@testable import VaultAudio
import VaultTestSupport

/// In-band DTMF (key presses heard as audio) is muted before encoding: tone pairs of the test's own
/// (ITU-T Q.23 frequencies) laid over real speech are found, counted, timed and silenced, in the
/// channel that carries them only; speech alone is left as it was.
@Suite("In-band DTMF tones are muted, counted and timed, never kept")
struct InbandDTMFSuppressorTests {
    /// Samples in memory as a source, read in uneven chunks.
    final class Samples: PCMSource {
        let format: PCMFormat
        var sourceDescription: String { "test" }
        private let samples: [Float]
        private var position = 0
        init(_ samples: [Float], rate: Int, channels: Int) {
            self.samples = samples
            format = PCMFormat(sampleRate: rate, channels: channels)
        }
        func read(into buffer: UnsafeMutablePointer<Float>, frames: Int) throws -> Int {
            let n = min(frames, 733, (samples.count - position) / format.channels)
            for i in 0..<(n * format.channels) { buffer[i] = samples[position + i] }
            position += n * format.channels
            return n
        }
    }

    static let rows = [697.0, 770, 852, 941], columns = [1209.0, 1336, 1477, 1633]

    /// Real speech at `rate`, mono, as floats (ffmpeg converts the fixture).
    static func speech(_ name: String, rate: Int, seconds: Double) throws -> [Float] {
        let url = try #require(Fixtures.shared("wav/\(name)"))
        let result = try Subprocess.run("ffmpeg", ["-v", "error", "-i", url.path, "-f", "s16le", "-ac", "1", "-ar", "\(rate)", "-"])
        var all = result.stdoutData.withUnsafeBytes { $0.bindMemory(to: Int16.self).map { Float($0) / 32768 } }
        while all.count < Int(seconds * Double(rate)) { all += all }
        return Array(all.prefix(Int(seconds * Double(rate))))
    }

    /// Adds key `key` (0-15: row × 4 + column) as a tone pair at -8 dBm0 each from `start` for `length` seconds.
    static func press(_ key: Int, into samples: inout [Float], rate: Int, start: Double, length: Double) {
        let (low, high) = (rows[key / 4], columns[key % 4])
        let first = Int(start * Double(rate))
        for i in 0..<Int(length * Double(rate)) where first + i < samples.count {
            let t = Double(i) / Double(rate)
            samples[first + i] = samples[first + i] * 0.3 + Float(0.25 * sin(2 * .pi * low * t) + 0.25 * sin(2 * .pi * high * t))
        }
    }

    /// The level of `frequency` over `samples` (Goertzel), per sample.
    static func level(_ samples: ArraySlice<Float>, _ frequency: Double, rate: Int) -> Double {
        let k = 2 * cos(2 * .pi * frequency / Double(rate))
        var s1 = 0.0, s2 = 0.0
        for x in samples { let s0 = Double(x) + k * s1 - s2; s2 = s1; s1 = s0 }
        return sqrt(max(0, s1 * s1 + s2 * s2 - k * s1 * s2)) / Double(max(1, samples.count))
    }

    @Test("key presses over speech are muted, counted and timed; the speech around them is untouched", arguments: [8000, 16000, 48000])
    func pressesOverSpeech(rate: Int) throws {
        var samples = try Self.speech("pjsip__input.8.wav", rate: rate, seconds: 6)
        let original = samples
        let presses: [(key: Int, start: Double, length: Double)] = [(0, 1.0, 0.1), (5, 1.3, 0.08), (15, 2.2, 0.25), (9, 4.0, 0.06), (3, 4.5, 0.12)]
        for p in presses { Self.press(p.key, into: &samples, rate: rate, start: p.start, length: p.length) }
        let suppressor = try InbandDTMFSuppressor(Samples(samples, rate: rate, channels: 1))
        let out = try drain(suppressor)
        #expect(out.count == samples.count)
        #expect(suppressor.facts["inband_dtmf_events"] == "\(presses.count)", "\(suppressor.facts)")
        let times = (suppressor.facts["inband_dtmf_times_s"] ?? "").split(separator: ",").compactMap { Double($0) }
        #expect(times.count == presses.count)
        for (time, press) in zip(times, presses) { #expect(abs(time - press.start) < 0.05, "\(time) against \(press.start)") }
        for p in presses {
            // Nothing of either tone is left in the span.
            let span = out[Int(p.start * Double(rate))..<Int((p.start + p.length) * Double(rate))]
            let key = (Self.rows[p.key / 4], Self.columns[p.key % 4])
            #expect(Self.level(span, key.0, rate: rate) < 0.002 && Self.level(span, key.1, rate: rate) < 0.002, "key \(p.key)")
        }
        // Outside the presses (and their margins), every sample is the speech's.
        var changed = 0
        for i in samples.indices where out[i] != samples[i] {
            let t = Double(i) / Double(rate)
            if !presses.contains(where: { t >= $0.start - 0.08 && t < $0.start + $0.length + 0.06 }) { changed += 1 }
        }
        #expect(changed == 0, "\(changed) samples changed outside the presses")
        _ = original
    }

    @Test("speech alone has no key press (talk-off), and passes through sample for sample",
          arguments: ["pjsip__input.8.wav", "asterisk__talking.wav", "ms2__hello8000.wav", "pjsip__input.16.wav"])
    func speechAlone(name: String) throws {
        let samples = try Self.speech(name, rate: 8000, seconds: 10)
        let suppressor = try InbandDTMFSuppressor(Samples(samples, rate: 8000, channels: 1))
        let out = try drain(suppressor)
        #expect(suppressor.facts["inband_dtmf_events"] == "0")
        #expect(out == samples)
    }

    @Test("a key press in one channel mutes that channel only")
    func oneChannel() throws {
        let left = try Self.speech("asterisk__talking.wav", rate: 8000, seconds: 3)
        var right = try Self.speech("pjsip__input.8.wav", rate: 8000, seconds: 3)
        Self.press(7, into: &right, rate: 8000, start: 1.5, length: 0.1)
        var stereo = [Float](repeating: 0, count: left.count * 2)
        for i in left.indices { stereo[2 * i] = left[i]; stereo[2 * i + 1] = right[i] }
        let suppressor = try InbandDTMFSuppressor(Samples(stereo, rate: 8000, channels: 2))
        let out = try drain(suppressor)
        #expect(suppressor.facts["inband_dtmf_events"] == "1")
        #expect(stride(from: 0, to: out.count, by: 2).allSatisfy { out[$0] == stereo[$0] })
        let span = stride(from: 2 * 12_000 + 1, to: 2 * 12_800, by: 2).map { out[$0] }
        #expect(span.allSatisfy { $0 == 0 })
    }
}
