import Foundation
import Testing
import VaultAudio
import VaultTestSupport

@Suite("WAV decoding of real files")
struct WAVFileReaderTests {
    let tmp = TemporaryDirectory()

    /// Real WAV files from ../shared that must ingest, covering the encodings and containers the issue names.
    static let goodFiles = [
        "asterisk__talking.wav", "pjsip__input.8.wav", "miarec__audio_alaw.wav", "scipy__test-8000Hz-le-1ch-1byte-ulaw.wav",
        "cpython__pluck-pcm8.wav", "cpython__pluck-pcm16.wav", "cpython__pluck-pcm24.wav", "cpython__pluck-pcm32.wav",
        "scipy__test-44100Hz-2ch-32bit-float-le.wav", "scipy__test-44100Hz-2ch-32bit-float-be.wav",
        "scipy__test-48000Hz-2ch-64bit-float-le-wavex.wav", "hound__waveformatextensible-24bit-192kHz-mono.wav",
        "hound__waveformatextensible-ieeefloat-44100Hz-mono.wav", "scipy__test-44100Hz-le-1ch-4bytes-rf64.wav",
        "scipy__test-8000Hz-le-3ch-5S-24bit-rf64.wav", "scipy__test-44100Hz-be-1ch-4bytes.wav",
        "ms2__chimes_48000_stereo.wav", "ms2__bird_44100_stereo.wav", "ms2__hello8000.wav", "goaudio__bwf.wav",
        "goaudio__listChunkInHeader.wav", "scipy__test-8000Hz-le-5ch-9S-5bit.wav", "scipy__test-1234Hz-le-1ch-10S-20bit-extra.wav",
        "pjsip__input.2.16.wav", "scipy__test-44100Hz-le-1ch-4bytes-early-eof.wav",
    ]

    @Test("real WAV files transcode to valid Ogg Opus of the same length and channel count", arguments: goodFiles)
    func realFile(name: String) throws {
        guard let wav = Fixtures.shared("wav/" + name) else {
            print(Fixtures.sharedMissing)
            return
        }
        let reader = try WAVFileReader(url: wav)
        let expected = Double(reader.announcedFrames) / Double(reader.format.sampleRate)
        let out = tmp.path("out.opus")
        let summary = try transcodeFile(wav, to: out)
        #expect(summary.inputFrames == reader.announcedFrames)
        let info = try OggOpusProbe.opusinfo(out)
        #expect(info.status == 0, "opusinfo failed: \(info.stdout)\(info.stderr)")
        let probe = try OggOpusProbe(out)
        #expect(probe.channels == reader.format.channels)
        #expect(abs(probe.duration - expected) <= 0.02, "ffprobe \(probe.duration) s vs input \(expected) s")
    }

    @Test("broken WAV files get a one-line error naming the file and the reason", arguments: [
        ("hound__fuzz_crash-b8447179832529c48f9c6bf17feab6337bbc78ea.wav", AudioError.Code.malformedHeader),
        ("hound__fuzz_crash-e879de4eb4d206c59e21f0e01def16457af80fdc.wav", .malformedHeader),
        ("scipy__test-44100Hz-le-1ch-4bytes-incomplete-chunk.wav", .malformedHeader),
        ("scipy__test-44100Hz-le-1ch-4bytes-early-eof-no-data.wav", .malformedHeader),
        ("scipy__test-8000Hz-le-3ch-5S-36bit.wav", .unsupportedEncoding),
        ("scipy__test-8000Hz-le-3ch-5S-64bit.wav", .unsupportedEncoding),
    ])
    func brokenRealFile(name: String, code: AudioError.Code) throws {
        guard let wav = Fixtures.shared("wav/" + name) else {
            print(Fixtures.sharedMissing)
            return
        }
        let error = #expect(throws: AudioError.self) { try WAVFileReader(url: wav) }
        #expect(error?.code == code, "\(error.map(String.init(describing:)) ?? "")")
        #expect(error?.message.hasPrefix(wav.path) == true)
        #expect(error?.message.contains("\n") == false)
    }

    @Test("a text file is not a WAV")
    func notAWAV() throws {
        let file = tmp.path("notes.wav")
        try Data("hello, this is not audio\n".utf8).write(to: file)
        let error = #expect(throws: AudioError.self) { try WAVFileReader(url: file) }
        #expect(error?.code == .notWAV)
        #expect(error?.message == "\(file.path): not a WAV file")
    }

    @Test("a header cut short is a broken header")
    func truncatedHeader() throws {
        let full = WAVSynth.wav(samples: [1, 2, 3, 4], sampleRate: 8000, channels: 1)
        let file = tmp.path("cut.wav")
        try full.prefix(30).write(to: file)
        let error = #expect(throws: AudioError.self) { try WAVFileReader(url: file) }
        #expect(error?.code == .malformedHeader)
    }

    @Test("a WAV with zero samples is refused")
    func zeroSamples() throws {
        let file = tmp.path("empty.wav")
        try WAVSynth.wav(samples: [], sampleRate: 8000, channels: 1).write(to: file)
        let error = #expect(throws: AudioError.self) { try WAVFileReader(url: file) }
        #expect(error?.code == .noSamples)
    }

    @Test("a missing or unreadable file says so")
    func unreadable() throws {
        let missing = tmp.path("nope.wav")
        #expect((#expect(throws: AudioError.self) { try WAVFileReader(url: missing) })?.code == .unreadable)
        let locked = try WAVSynth.write(to: tmp.path("locked.wav"), seconds: 0.1)
        try FileManager.default.setAttributes([.posixPermissions: 0], ofItemAtPath: locked.path)
        if getuid() != 0 {  // root reads anything
            #expect((#expect(throws: AudioError.self) { try WAVFileReader(url: locked) })?.code == .unreadable)
        }
    }
}
