import Foundation
import Testing
import VaultAudio
import VaultTestSupport

/// A byte source over an in-memory buffer, handing out at most `chunk` bytes a read (page
/// boundaries then fall anywhere inside reads).
final class ByteFeed {
    let bytes: [UInt8]
    let chunk: Int
    var offset = 0
    init(_ bytes: [UInt8], chunk: Int = 1000) { self.bytes = bytes; self.chunk = chunk }
    func read(_ buffer: UnsafeMutableRawBufferPointer) -> Int {
        let n = min(buffer.count, chunk, bytes.count - offset)
        bytes.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + offset, byteCount: n) }
        offset += n
        return n
    }
}

/// Transcodes a source to Ogg Opus bytes in memory.
func oggOpus(_ source: any PCMSource) throws -> (bytes: [UInt8], summary: TranscodeSummary) {
    var bytes = [UInt8]()
    let summary = try OggOpusTranscoder.transcode(source, serial: 77) { bytes += $0 }
    return (bytes, summary)
}

/// Reads a whole source into interleaved samples, in blocks of `block` frames.
func drain(_ source: any PCMSource, block: Int = 1000) throws -> [Float] {
    var out = [Float]()
    var buffer = [Float](repeating: 0, count: block * source.format.channels)
    while true {
        let n = try buffer.withUnsafeMutableBufferPointer { try source.read(into: $0.baseAddress!, frames: block) }
        if n == 0 { return out }
        out += buffer[0..<(n * source.format.channels)]
    }
}

/// The shift of `b` against `a` (within ±`range` samples) where they correlate best.
func bestLag(_ a: [Float], _ b: [Float], range: Int = 40) -> Int {
    (-range...range).max { l, r in lagged(a, b, l) < lagged(a, b, r) }!
}

private func lagged(_ a: [Float], _ b: [Float], _ lag: Int) -> Double {
    let n = min(a.count, b.count) - 2 * abs(lag) - 1
    let lo = abs(lag)
    return correlation(a[lo..<(lo + n)], b[(lo + lag)..<(lo + lag + n)])
}

/// Pearson correlation of two equally long signals.
func correlation(_ a: ArraySlice<Float>, _ b: ArraySlice<Float>) -> Double {
    let n = Double(min(a.count, b.count))
    let ma = a.reduce(0.0) { $0 + Double($1) } / n, mb = b.reduce(0.0) { $0 + Double($1) } / n
    var sab = 0.0, saa = 0.0, sbb = 0.0
    for (x, y) in zip(a, b) {
        let dx = Double(x) - ma, dy = Double(y) - mb
        sab += dx * dy; saa += dx * dx; sbb += dy * dy
    }
    return sab / (saa * sbb).squareRoot()
}

@Suite("Ogg Opus decoding")
struct OggOpusDecoderTests {
    let tmp = TemporaryDirectory()

    /// A WAV of a rising chirp (100 Hz to 3 kHz, a different phase per channel): unlike a steady
    /// tone it matches itself at one lag only, so alignment errors show.
    func chirpWAV(seconds: Double, rate: Int, channels: Int) throws -> URL {
        let frames = Int(seconds * Double(rate))
        var samples = [Int16](repeating: 0, count: frames * channels)
        for i in 0..<frames {
            let t = Double(i) / Double(rate)
            for c in 0..<channels {
                let phase = 2 * Double.pi * (100 * t + 2900 / (2 * seconds) * t * t) + Double(c)
                samples[i * channels + c] = Int16(16_000 * sin(phase))
            }
        }
        let url = tmp.path("chirp.wav")
        try WAVSynth.wav(samples: samples, sampleRate: rate, channels: channels).write(to: url)
        return url
    }

    @Test("a round trip keeps the exact frame count (pre-skip dropped, end trimmed) and the waveform", arguments: [
        (8000, 1, 3.01), (16_000, 2, 2.5), (48_000, 1, 1.234), (44_100, 1, 1.0), (8000, 3, 1.5),
    ])
    func roundTrip(rate: Int, channels: Int, seconds: Double) throws {
        let wav = try chirpWAV(seconds: seconds, rate: rate, channels: channels)
        let (bytes, summary) = try oggOpus(try WAVFileReader(url: wav))
        let feed = ByteFeed(bytes)
        let decoder = try OggOpusDecoder(read: feed.read)
        #expect(decoder.format == PCMFormat(sampleRate: summary.opusRate, channels: channels))
        #expect(decoder.head.mappingFamily == (channels > 2 ? 255 : 0))
        let pcm = try drain(decoder)
        #expect(pcm.count == summary.outputFrames * channels, "decoded \(pcm.count / channels) frames, encoded \(summary.outputFrames)")
        #expect(feed.offset == bytes.count)

        // Narrowband and wideband (no resampling, SILK): the input's waveform, sample-aligned. At
        // 48 kHz and 16 kbit/s the codec keeps the spectrum but not the phase, so only counts are checked.
        if rate == summary.opusRate, rate <= 16_000 {
            let input = try drain(try WAVFileReader(url: wav))
            for c in 0..<channels {
                let a = stride(from: c, to: input.count, by: channels).map { input[$0] }
                let b = stride(from: c, to: pcm.count, by: channels).map { pcm[$0] }
                // Aligned to the sample (the pre-skip is dropped exactly), and the same waveform.
                #expect(bestLag(a, b) == 0)
                let r = correlation(a[...], b[...])
                #expect(r > 0.85, "channel \(c): correlation \(r) with the input")
            }
        }
    }

    @Test("a re-encode of the decoded audio has the same duration, by ffprobe and opusinfo")
    func reencodeKeepsDuration() throws {
        let wav = try chirpWAV(seconds: 4.013, rate: 8000, channels: 1)
        let (first, summary) = try oggOpus(try WAVFileReader(url: wav))
        let (second, again) = try oggOpus(try OggOpusDecoder(read: ByteFeed(first).read))
        #expect(again.outputFrames == summary.outputFrames)
        #expect(again.opusRate == summary.opusRate)
        let a = tmp.path("a.opus"), b = tmp.path("b.opus")
        try Data(first).write(to: a)
        try Data(second).write(to: b)
        let (pa, pb) = (try OggOpusProbe(a), try OggOpusProbe(b))
        #expect(abs(pa.duration - pb.duration) <= 0.02, "\(pa.duration) vs \(pb.duration)")
        #expect(abs(pb.duration - 4.013) <= 0.02)
        #expect(try OggOpusProbe.opusinfo(b).status == 0)
        // Our decoder and ffmpeg driving libopus agree on every sample: same start (pre-skip), same end.
        let ours = try drain(try OggOpusDecoder(sampleRate: 48_000, read: ByteFeed(first).read))
        let ffmpeg = try Subprocess.run("ffmpeg", ["-v", "error", "-c:a", "libopus", "-i", a.path, "-f", "s16le", "-ac", "1", "-ar", "48000", "-"])
        #expect(ffmpeg.status == 0, "\(ffmpeg.stderr)")
        let theirs = ffmpeg.stdoutData.withUnsafeBytes { Array($0.bindMemory(to: Int16.self)) }.map { Float($0) / 32768 }
        #expect(ours.count == theirs.count)
        #expect(bestLag(ours, theirs) == 0)
        #expect(correlation(ours[...], theirs[...]) > 0.999)
    }

    @Test("damaged and foreign input is refused with a clear error")
    func refusals() throws {
        let wav = try WAVSynth.write(to: tmp.path("in.wav"), seconds: 1, sampleRate: 8000)
        let (bytes, _) = try oggOpus(try WAVFileReader(url: wav))
        let notOgg = #expect(throws: AudioError.self) { try OggOpusDecoder(read: ByteFeed(Array(try Data(contentsOf: wav))).read) }
        #expect(notOgg?.code == .decodeFailed)
        #expect(throws: AudioError.self) { try OggOpusDecoder(read: ByteFeed([]).read) }

        // Cut short: the last page is missing.
        let cut = try OggOpusDecoder(read: ByteFeed(Array(bytes.prefix(bytes.count - 200))).read)
        let short = #expect(throws: AudioError.self) { try drain(cut) }
        #expect(short?.message.contains("cut short") == true)

        // A flipped byte in an audio page fails the page checksum.
        var damaged = bytes
        damaged[damaged.count - 50] ^= 0x40
        #expect(throws: AudioError.self) { try drain(try OggOpusDecoder(read: ByteFeed(damaged).read)) }
    }
}
