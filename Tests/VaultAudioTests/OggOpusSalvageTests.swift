import Foundation
import Testing
@testable import VaultAudio

@Suite("Salvaging an Ogg Opus stream cut short")
struct OggOpusSalvageTests {
    /// A source of `seconds` of a 440 Hz tone at 8 kHz, stereo.
    final class Tone: PCMSource {
        let format = PCMFormat(sampleRate: 8000, channels: 2)
        let sourceDescription = "tone"
        var expectedFrames: Int? { total }
        let total: Int
        var done = 0
        init(seconds: Double) { total = Int(seconds * 8000) }
        func read(into buffer: UnsafeMutablePointer<Float>, frames: Int) throws -> Int {
            let n = min(frames, total - done)
            for k in 0..<n {
                let v = Float(sin(Double(done + k) * 2 * .pi * 440 / 8000) * 0.3)
                buffer[2 * k] = v
                buffer[2 * k + 1] = -v
            }
            done += n
            return n
        }
    }

    func salvage(_ bytes: [UInt8]) throws -> (result: OggOpusSalvage.Result?, out: [UInt8]) {
        var offset = 0, out = [UInt8]()
        let result = try OggOpusSalvage.salvage(read: { buffer in
            let n = min(buffer.count, bytes.count - offset)
            buffer.copyBytes(from: bytes[offset..<(offset + n)])
            offset += n
            return n
        }, write: { out += $0 })
        return (result, out)
    }

    /// Decodes an Ogg Opus stream whole; its length in seconds at 48 kHz.
    func decodedSeconds(_ bytes: [UInt8]) throws -> Double {
        var offset = 0
        let decoder = try OggOpusDecoder(sampleRate: 48000) { buffer in
            let n = min(buffer.count, bytes.count - offset)
            buffer.copyBytes(from: bytes[offset..<(offset + n)])
            offset += n
            return n
        }
        var frames = 0
        var block = [Float](repeating: 0, count: 4800 * decoder.format.channels)
        while case let n = try decoder.read(into: &block, frames: 4800), n > 0 { frames += n }
        return Double(frames) / 48000
    }

    @Test("a stream cut anywhere keeps its whole pages up to the cut, ends with an end-of-stream page and decodes to the length it reports")
    func cutAnywhere() throws {
        var whole: [UInt8] = []
        let summary = try OggOpusTranscoder.transcode(Tone(seconds: 6), serial: 11) { whole += $0 }
        #expect(try salvage(whole).result?.durationSeconds == summary.durationSeconds)
        var previous = 0.0
        for cut in stride(from: 200, to: whole.count, by: 97) {
            let (result, out) = try salvage(Array(whole[..<cut]))
            guard let result else {
                #expect(previous == 0, "nothing kept after a cut at \(cut) though a shorter cut kept \(previous) s")
                continue
            }
            #expect(result.bytes == out.count && out.count <= cut)
            #expect(result.durationSeconds >= previous && result.durationSeconds <= summary.durationSeconds)
            previous = result.durationSeconds
            // The last page says it ends the stream, and a decoder plays exactly what was reported.
            let lastPage = out.lastRange(of: Array("OggS".utf8))!
            #expect(out[lastPage.lowerBound + 5] & 0x04 != 0)
            #expect(abs(try decodedSeconds(out) - result.durationSeconds) < 0.001, "cut at \(cut)")
        }
        #expect(previous > 4.5)
        // Damage ends what is kept: a flipped byte in the middle makes the page it is in, and all after, go.
        var damaged = whole
        damaged[whole.count / 2] ^= 0x10
        let kept = try #require(try salvage(damaged).result)
        #expect(kept.durationSeconds < summary.durationSeconds && kept.durationSeconds > 1)
    }

    @Test("headers alone keep nothing; bytes that are no Ogg Opus stream are refused")
    func nothingToKeep() throws {
        var whole: [UInt8] = []
        _ = try OggOpusTranscoder.transcode(Tone(seconds: 1), serial: 12) { whole += $0 }
        // The two header pages end where the first audio page starts (the third "OggS").
        var starts: [Int] = []
        for i in 0..<(whole.count - 4) where whole[i..<(i + 4)].elementsEqual("OggS".utf8) { starts.append(i) }
        #expect(try salvage(Array(whole[..<starts[2]])).result == nil)
        #expect(try salvage([]).result == nil)
        // Bytes before the first page are damage like any other: nothing after them is trusted.
        #expect(try salvage(Array(repeating: 0x4F, count: 5000) + whole).result == nil)
        // A valid Ogg page that does not open an Opus stream is refused.
        var other = Array(whole[..<starts[1]])
        other[starts[0] + 27 + Int(other[26]) + 7] = UInt8(ascii: "X")  // "OpusHeaX"
        OggOpusSalvage.markEndOfStream(&other)  // a valid checksum again
        #expect(throws: AudioError.self) { try salvage(other + Array(whole[starts[1]...])) }
    }
}

extension Array where Element == UInt8 {
    /// The range of the last occurrence of `needle`.
    func lastRange(of needle: [UInt8]) -> Range<Int>? {
        guard count >= needle.count else { return nil }
        for i in stride(from: count - needle.count, through: 0, by: -1) where self[i..<(i + needle.count)].elementsEqual(needle) {
            return i..<(i + needle.count)
        }
        return nil
    }
}
