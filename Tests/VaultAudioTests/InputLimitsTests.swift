import Foundation
import Testing
import VaultAudio
import VaultTestSupport

/// WAV headers that lie and inputs past the limits (issue 14): refused with a one-line error
/// naming the limit, before any work; a cut file is kept with a note.
@Suite struct InputLimitsTests {
    let tmp = TemporaryDirectory("limits")

    /// A PCM WAV written byte by byte, so every header field can lie.
    func wav(_ name: String, channels: Int = 1, rate: Int = 8000, bits: Int = 16, align: Int? = nil,
             dataSize: Int? = nil, frames: Int = 8000) throws -> URL {
        func le(_ v: Int, _ n: Int) -> [UInt8] { (0..<n).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }
        let blockAlign = align ?? channels * ((bits + 7) / 8)
        let data = [UInt8](repeating: 0x10, count: frames * max(1, blockAlign))
        let fmt = le(1, 2) + le(channels, 2) + le(rate, 4) + le(rate * blockAlign, 4) + le(blockAlign, 2) + le(bits, 2)
        let body = Array("WAVE".utf8) + Array("fmt ".utf8) + le(fmt.count, 4) + fmt + Array("data".utf8) + le(dataSize ?? data.count, 4) + data
        let url = tmp.path(name)
        try Data(Array("RIFF".utf8) + le(body.count, 4) + body).write(to: url)
        return url
    }

    func refusal(_ url: URL, limits: AudioLimits = AudioLimits()) -> AudioError? {
        do { _ = try WAVFileReader(url: url, limits: limits); return nil } catch { return error as? AudioError }
    }

    @Test func lyingHeadersAreRefused() throws {
        let bits1 = refusal(try wav("bits1.wav", bits: 1, align: 2))
        #expect(bits1?.code == .malformedHeader && bits1?.message.contains("1 bits per sample") == true)
        let align0 = refusal(try wav("align0.wav", align: 0))
        #expect(align0?.code == .malformedHeader && align0?.message.contains("block alignment is 0") == true)
        let mismatch = refusal(try wav("mismatch.wav", channels: 2, bits: 16, align: 2))
        #expect(mismatch?.message.contains("does not match 2 channel(s) of 16 bits") == true)
    }

    @Test func ratesChannelsAndLengthOutsideTheLimits() throws {
        // 255 channels at 1 Hz took 1.3 GB and 3 minutes; 1 Hz mono stored a 4-hour recording.
        let many = refusal(try wav("ch255.wav", channels: 255, rate: 1, frames: 128))
        #expect(many?.code == .limitExceeded && many?.message.contains("1 Hz is outside") == true)
        let channels = refusal(try wav("ch24.wav", channels: 24, rate: 8000, frames: 10))
        #expect(channels?.code == .limitExceeded && channels?.message.contains("24 channels is outside the 1–16") == true)
        let long = refusal(try wav("long.wav", rate: 8000, frames: 8000 * 5), limits: AudioLimits(maximumSeconds: 4))
        #expect(long?.code == .limitExceeded && long?.message.contains("maximum call length") == true)
        #expect(refusal(try wav("ok.wav", rate: 8000, frames: 8000 * 3), limits: AudioLimits(maximumSeconds: 4)) == nil)
    }

    @Test func aCutFileIsKeptWithANote() throws {
        let url = try wav("cut.wav", dataSize: 10_000_000)
        let reader = try WAVFileReader(url: url)
        #expect(reader.notes == ["WAV cut short: the data chunk announces 10000000 bytes, the file holds 16000"])
        var bytes: [UInt8] = []
        let summary = try OggOpusTranscoder.transcode(reader, serial: 3) { bytes += $0 }
        #expect(summary.inputFrames == 8000)
    }

    /// A source that says nothing of its length and never ends.
    final class Endless: PCMSource {
        let format = PCMFormat(sampleRate: 8000, channels: 1)
        let sourceDescription = "endless test source"
        func read(into buffer: UnsafeMutablePointer<Float>, frames: Int) throws -> Int {
            buffer.update(repeating: 0, count: frames)
            return frames
        }
    }

    @Test func aSourceCannotRunPastTheMaximum() {
        var written = 0
        #expect(throws: AudioError.self) {
            _ = try OggOpusTranscoder.transcode(Endless(), limits: AudioLimits(maximumSeconds: 2), serial: 9) { written += $0.count }
        }
        do {
            _ = try OggOpusTranscoder.transcode(Endless(), limits: AudioLimits(maximumSeconds: 2), serial: 9) { _ in }
        } catch let error as AudioError {
            #expect(error.code == .limitExceeded && error.message.contains("longer than the 2 s maximum call length"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
