internal import CVaultSndFile
public import Foundation

/// Decodes a WAV file with libsndfile: PCM 8/16/24/32-bit, float and double, mu-law, A-law,
/// IMA/MS ADPCM and GSM 6.10, in RIFF, RIFX, WAVE_FORMAT_EXTENSIBLE and RF64 containers,
/// any channel count and sample rate. Owns the `SNDFILE` handle; not `Sendable`.
public final class WAVFileReader: PCMSource {
    /// The stream's format.
    public let format: PCMFormat
    /// The frame count the header announces (a damaged or unfinalised file may hold fewer or more).
    public let announcedFrames: Int
    /// The encoding, in words, e.g. `WAV PCM 16-bit` or `RF64 A-law`.
    public let encodingDescription: String
    /// The same as ``encodingDescription``.
    public var sourceDescription: String { encodingDescription }
    /// The frames the data chunk holds, when known (a regular file's, or a pipe whose header
    /// says); a stream that ends short of them fails instead of storing a shorter recording.
    public let expectedFrames: Int?
    private let handle: OpaquePointer
    private let path: String
    private var framesRead = 0
    private var ended = false
    private let header: WAVHeader?

    /// Opens `url` and reads its header. Throws a one-line ``AudioError`` naming the file.
    ///
    /// A regular file's header is checked first (``WAVHeader``); for a pipe, whose bytes can be
    /// read once only, the caller passes the header it checked from the stream's first bytes.
    /// The format and announced length must be within `limits`.
    public init(url: URL, limits: AudioLimits = AudioLimits(), header: WAVHeader? = nil) throws {
        path = url.path
        guard FileManager.default.isReadableFile(atPath: path) else {
            let exists = FileManager.default.fileExists(atPath: path)
            throw AudioError(.unreadable, "\(path): \(exists ? "permission denied" : "no such file")")
        }
        var checked = header
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        let isRegular = attributes?[.type] as? FileAttributeType == .typeRegular
        if isRegular, let size = (attributes?[.size] as? NSNumber)?.intValue, let file = FileHandle(forReadingAtPath: path) {
            let head = (try? file.read(upToCount: 64 << 10)) ?? Data()
            try? file.close()
            checked = try WAVHeader.inspect(Array(head), fileSize: size, name: path)
        }
        var info = SF_INFO()
        guard let file = sf_open(path, Int32(SFM_READ), &info) else {
            let reason = String(cString: sf_strerror(nil)).trimmingCharacters(in: .whitespacesAndNewlines)
            // libsndfile reports sample widths it lacks with an internal code; its text says "unimplemented".
            let unsupported = Int(sf_error(nil)) == Int(SF_ERR_UNSUPPORTED_ENCODING) || reason.contains("unimplemented format")
            switch (unsupported ? Int(SF_ERR_UNSUPPORTED_ENCODING) : Int(sf_error(nil)), Self.looksLikeWAV(path)) {
            case (Int(SF_ERR_UNSUPPORTED_ENCODING), _):
                throw AudioError(.unsupportedEncoding, "\(path): unsupported WAV encoding (\(reason))")
            case (Int(SF_ERR_SYSTEM), _):
                throw AudioError(.unreadable, "\(path): cannot read the file (\(reason))")
            case (_, true):
                throw AudioError(.malformedHeader, "\(path): broken or truncated WAV header (\(reason))")
            case (_, false):
                throw AudioError(.notWAV, "\(path): not a WAV file")
            }
        }
        handle = file
        let container = Int(info.format) & Int(SF_FORMAT_TYPEMASK)
        let containerName: String? = switch container {
        case Int(SF_FORMAT_WAV): "WAV"
        case Int(SF_FORMAT_WAVEX): "WAV (extensible)"
        case Int(SF_FORMAT_RF64): "RF64"
        default: nil
        }
        guard let containerName else {
            sf_close(file)
            throw AudioError(.notWAV, "\(path): not a WAV file (libsndfile reads it as another format)")
        }
        encodingDescription = containerName + " " + Self.subtypeName(Int(info.format) & Int(SF_FORMAT_SUBMASK))
        format = PCMFormat(sampleRate: Int(info.samplerate), channels: Int(info.channels))
        announcedFrames = Int(info.frames)
        expectedFrames = isRegular ? announcedFrames : checked?.declaredFrames
        self.header = checked
        do {
            try limits.check(format, name: path)
            if let expectedFrames { try limits.check(frames: expectedFrames, sampleRate: format.sampleRate, name: path) }
        } catch {
            sf_close(file)
            throw error
        }
        guard announcedFrames > 0 else {
            sf_close(file)
            throw AudioError(.noSamples, "\(path): the file holds no audio samples")
        }
    }

    deinit { sf_close(handle) }

    /// A data chunk that announced more than the input held (a recorder that died mid-file):
    /// kept, since a cut recording is still evidence, and said in the recording's notes.
    public var notes: [String] {
        guard let header, let declared = header.dataSize else { return [] }
        if let available = header.dataAvailable {
            return ["WAV cut short: the data chunk announces \(declared) bytes, the file holds \(available)"]
        }
        if ended, let frames = header.declaredFrames, framesRead < frames {
            return ["WAV cut short: the data chunk announces \(frames) frames, the input held \(framesRead)"]
        }
        return []
    }

    /// Reads up to `frames` interleaved float frames.
    public func read(into buffer: UnsafeMutablePointer<Float>, frames: Int) throws -> Int {
        let n = Int(sf_readf_float(handle, buffer, sf_count_t(frames)))
        if n == 0, sf_error(handle) != 0 {
            throw AudioError(.decodeFailed, "\(path): decoding failed (\(String(cString: sf_strerror(handle))))")
        }
        framesRead += n
        if n == 0 { ended = true }
        return n
    }

    private static func looksLikeWAV(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 12)) ?? Data()
        guard head.count >= 12 else { return false }
        let riff = String(decoding: head.prefix(4), as: UTF8.self)
        return ["RIFF", "RIFX", "RF64"].contains(riff) && String(decoding: head[8..<12], as: UTF8.self) == "WAVE"
    }

    private static func subtypeName(_ subtype: Int) -> String {
        switch subtype {
        case Int(SF_FORMAT_PCM_U8): "PCM unsigned 8-bit"
        case Int(SF_FORMAT_PCM_S8): "PCM 8-bit"
        case Int(SF_FORMAT_PCM_16): "PCM 16-bit"
        case Int(SF_FORMAT_PCM_24): "PCM 24-bit"
        case Int(SF_FORMAT_PCM_32): "PCM 32-bit"
        case Int(SF_FORMAT_FLOAT): "float 32-bit"
        case Int(SF_FORMAT_DOUBLE): "float 64-bit"
        case Int(SF_FORMAT_ULAW): "mu-law"
        case Int(SF_FORMAT_ALAW): "A-law"
        case Int(SF_FORMAT_IMA_ADPCM): "IMA ADPCM"
        case Int(SF_FORMAT_MS_ADPCM): "MS ADPCM"
        case Int(SF_FORMAT_GSM610): "GSM 6.10"
        default: "encoding 0x" + String(subtype, radix: 16)
        }
    }
}
