import Foundation
import Testing
import VaultAudio
import VaultTestSupport

/// Audio redaction's muting hook: exact frame mapping and silence across read-block boundaries.
@Suite struct MutingPCMSourceTests {
    /// A stereo source of constant 0.5, `frames` long, served in blocks of at most `block` frames.
    final class Constant: PCMSource {
        let format: PCMFormat
        let sourceDescription = "test"
        var left: Int
        let block: Int
        init(rate: Int, frames: Int, block: Int) { format = PCMFormat(sampleRate: rate, channels: 2); left = frames; self.block = block }
        func read(into buffer: UnsafeMutablePointer<Float>, frames: Int) throws -> Int {
            let n = min(frames, left, block)
            buffer.update(repeating: 0.5, count: n * 2)
            left -= n
            return n
        }
    }

    func drain(_ source: any PCMSource, frames: Int) throws -> [Float] {
        var out: [Float] = []
        var buffer = [Float](repeating: 9, count: 300 * 2)
        while true {
            let n = try buffer.withUnsafeMutableBufferPointer { try source.read(into: $0.baseAddress!, frames: 300) }
            if n == 0 { break }
            out += buffer[0..<(n * 2)]
        }
        #expect(out.count == frames * 2)
        return out
    }

    @Test func frameMappingRoundsOutwardsAndMerges() {
        #expect(MutingPCMSource.frameRanges([100..<200], sampleRate: 8000) == [800..<1600])
        #expect(MutingPCMSource.frameRanges([1..<2], sampleRate: 44100) == [44..<89])
        #expect(MutingPCMSource.frameRanges([300..<400, 100..<200, 150..<320, 500..<500], sampleRate: 1000) == [100..<400])
    }

    @Test func mutesExactlyTheSpanAcrossBlocks() throws {
        let source = MutingPCMSource(Constant(rate: 8000, frames: 16000, block: 257), muting: [250..<500, 1900..<5000])
        let samples = try drain(source, frames: 16000)
        for frame in 0..<16000 {
            let muted = (2000..<4000).contains(frame) || frame >= 15200
            #expect(samples[2 * frame] == (muted ? 0 : 0.5) && samples[2 * frame + 1] == samples[2 * frame], "frame \(frame)")
            if samples[2 * frame] != (muted ? 0 : 0.5) { return }
        }
    }

    @Test func mutedSpanIsSilentInTheEncodedOpus() throws {
        let tmp = TemporaryDirectory()
        let wav = try WAVSynth.write(to: tmp.path("in.wav"), seconds: 4, sampleRate: 8000)
        let source = MutingPCMSource(try WAVFileReader(url: wav), muting: [1500..<2500])
        let out = tmp.path("out.opus")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        let handle = try FileHandle(forWritingTo: out)
        _ = try OggOpusTranscoder.transcode(source, serial: 7) { handle.write(Data($0)) }
        try handle.close()
        let pcm = try OggOpusProbe.decodeMono(out, rate: 8000)
        func rms(_ r: Range<Int>) -> Double {
            let s = pcm[r].map { Double($0) * Double($0) }
            return (s.reduce(0, +) / Double(s.count)).squareRoot()
        }
        // Inside, with 30 ms kept clear of the edges for the codec's overlap: silent. Outside: speech-level.
        let inside = rms(12_240..<19_760), before = rms(2_000..<11_000), after = rms(21_000..<30_000)
        #expect(inside < 20, "rms inside \(inside)")
        #expect(before > 500 && after > 500, "rms outside \(before) \(after)")
    }
}
