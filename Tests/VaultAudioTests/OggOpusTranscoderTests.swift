import Foundation
import Testing
import VaultAudio
import VaultTestSupport

/// Transcodes a WAV file to an Ogg Opus file on disk (tests only: the product never writes plaintext).
func transcodeFile(_ wav: URL, to out: URL, options: OpusEncodingOptions = OpusEncodingOptions()) throws -> TranscodeSummary {
    let reader = try WAVFileReader(url: wav)
    _ = FileManager.default.createFile(atPath: out.path, contents: nil)
    let handle = try FileHandle(forWritingTo: out)
    defer { try? handle.close() }
    return try OggOpusTranscoder.transcode(reader, options: options, serial: 1234) { handle.write(Data($0)) }
}

@Suite("Ogg Opus transcoding")
struct OggOpusTranscoderTests {
    let tmp = TemporaryDirectory()

    @Test("8 kHz mono speech stays 8 kHz mono, passes opusinfo, keeps its duration within 20 ms")
    func monoNarrowband() throws {
        let wav = try WAVSynth.write(to: tmp.path("in.wav"), seconds: 3.01, sampleRate: 8000)
        let out = tmp.path("out.opus")
        let summary = try transcodeFile(wav, to: out)
        #expect(summary.opusRate == 8000)
        #expect(summary.inputFrames == 24_080)
        #expect(summary.outputFrames == 24_080)
        let info = try OggOpusProbe.opusinfo(out)
        #expect(info.status == 0, "opusinfo: \(info.stdout) \(info.stderr)")
        #expect(!info.stdout.contains("WARNING"), "\(info.stdout)")
        let probe = try OggOpusProbe(out)
        #expect(probe.codec == "opus")
        #expect(probe.channels == 1)
        #expect(abs(probe.duration - 3.01) <= 0.02)
    }

    @Test("the default bitrate is 16 kbit/s a channel")
    func defaultBitrate() throws {
        let wav = try WAVSynth.write(to: tmp.path("in.wav"), seconds: 20, sampleRate: 8000, channels: 2)
        let summary = try transcodeFile(wav, to: tmp.path("out.opus"))
        let kbps = Double(summary.oggBytes * 8) / summary.durationSeconds / 1000
        #expect(kbps > 24 && kbps < 36, "stereo at 2 x 16 kbit/s, measured \(kbps) kbit/s with Ogg overhead")
    }

    @Test("stereo stays stereo and the channels stay apart")
    func stereoKeepsChannelsApart() throws {
        // Left: a tone; right: silence. A downmix would leak the tone into the right channel.
        let rate = 16_000, frames = rate * 2
        var samples = [Int16](repeating: 0, count: frames * 2)
        for i in 0..<frames { samples[2 * i] = Int16(12_000 * sin(2 * Double.pi * 440 * Double(i) / Double(rate))) }
        let wav = tmp.path("lr.wav")
        try WAVSynth.wav(samples: samples, sampleRate: rate, channels: 2).write(to: wav)
        let out = tmp.path("lr.opus")
        _ = try transcodeFile(wav, to: out)
        #expect(try OggOpusProbe(out).channels == 2)
        let decoded = try Subprocess.run("ffmpeg", ["-v", "error", "-i", out.path, "-f", "s16le", "-ac", "2", "-ar", "16000", "-"])
        let pcm = decoded.stdoutData.withUnsafeBytes { Array($0.bindMemory(to: Int16.self)) }
        var left = 0.0, right = 0.0
        for i in stride(from: 0, to: pcm.count - 1, by: 2) {
            left += Double(pcm[i]) * Double(pcm[i])
            right += Double(pcm[i + 1]) * Double(pcm[i + 1])
        }
        #expect(left > 1000 * max(right, 1), "right channel energy \(right) vs left \(left)")
    }

    @Test("more than two channels become one Opus stream each (mapping family 255)", arguments: [3, 4, 6])
    func multichannel(channels: Int) throws {
        let wav = try WAVSynth.write(to: tmp.path("mc.wav"), seconds: 1.5, sampleRate: 16_000, channels: channels)
        let out = tmp.path("mc.opus")
        let summary = try transcodeFile(wav, to: out)
        #expect(summary.input.channels == channels)
        #expect(try OggOpusProbe.opusinfo(out).status == 0)
        let probe = try OggOpusProbe(out)
        #expect(probe.channels == channels)
        #expect(abs(probe.duration - 1.5) <= 0.02)
    }

    @Test("rates Opus lacks are resampled up to the next Opus rate, never by dropping samples",
          arguments: [(11_025, 12_000), (22_050, 24_000), (44_100, 48_000), (32_000, 48_000), (96_000, 48_000), (8_000, 8_000)])
    func resampling(inputRate: Int, opusRate: Int) throws {
        let wav = try WAVSynth.write(to: tmp.path("r.wav"), seconds: 2.5, sampleRate: inputRate)
        let out = tmp.path("r.opus")
        let summary = try transcodeFile(wav, to: out)
        #expect(summary.opusRate == opusRate)
        #expect(abs(summary.durationSeconds - 2.5) <= 0.001)
        #expect(abs(try OggOpusProbe(out).duration - 2.5) <= 0.02)
    }

    @Test("a resampled tone keeps its pitch")
    func resampledTonePitch() throws {
        let rate = 44_100, frames = rate
        let samples = (0..<frames).map { Int16(10_000 * sin(2 * Double.pi * 1000 * Double($0) / Double(rate))) }
        let wav = tmp.path("tone.wav")
        try WAVSynth.wav(samples: samples, sampleRate: rate, channels: 1).write(to: wav)
        let out = tmp.path("tone.opus")
        _ = try transcodeFile(wav, to: out)
        let pcm = try OggOpusProbe.decodeMono(out, rate: 48_000)
        // Count zero crossings over the middle half second: 1 kHz gives 1000 crossings.
        let middle = pcm[12_000..<36_000]
        var crossings = 0
        var previous = middle.first!
        for s in middle.dropFirst() {
            if (previous < 0) != (s < 0) { crossings += 1 }
            previous = s
        }
        #expect(abs(crossings - 1000) <= 10, "\(crossings) zero crossings in 0.5 s")
    }

    @Test("the OpusTags header carries the vendor string and no user metadata")
    func tagsHoldNoMetadata() throws {
        let wav = try WAVSynth.write(to: tmp.path("t.wav"), seconds: 0.5)
        let out = tmp.path("t.opus")
        _ = try transcodeFile(wav, to: out)
        let info = try OggOpusProbe.opusinfo(out)
        #expect(info.stdout.contains("Encoded with callvault"))
        #expect(!info.stdout.contains("User comments section follows"), "no user comments: \(info.stdout)")
    }

    @Test("invalid encoder options are refused before any work")
    func invalidOptions() throws {
        #expect(throws: AudioError.self) { try OpusEncodingOptions(bitratePerChannel: 1_000).validate() }
        #expect(throws: AudioError.self) { try OpusEncodingOptions(complexity: 11).validate() }
        #expect(throws: AudioError.self) { try OpusEncodingOptions(frameMilliseconds: 25).validate() }
    }
}
