/// What a WAV file's header says, read from its first bytes and checked for the lies libsndfile
/// forgives: a sample width no encoding has, a block alignment of zero or one that disagrees with
/// the channels and width (refused), a data chunk that announces more bytes than the file holds
/// (kept: real recorders crash and leave such files, and a cut recording is still evidence; the
/// recording's metadata says it was cut).
///
/// libsndfile then decodes the file; this check only refuses headers it would read in some
/// lenient way, so a recording is never stored from a header that is wrong.
public struct WAVHeader: Sendable, Equatable {
    /// `WAVE_FORMAT_*` tag (the sub-format's, for WAVE_FORMAT_EXTENSIBLE).
    public var formatTag: UInt16
    /// Channels.
    public var channels: Int
    /// Frames a second.
    public var sampleRate: Int
    /// Bytes per frame.
    public var blockAlign: Int
    /// Bits per sample (the container's).
    public var bitsPerSample: Int
    /// Where the data chunk's bytes start, when the head reaches it.
    public var dataOffset: Int?
    /// The data chunk's size as written; nil when unknown (not reached, RF64, or a streaming
    /// writer's 0 or 0xFFFFFFFF).
    public var dataSize: Int?
    /// Bytes of data the file holds after the header when fewer than ``dataSize`` (a cut file).
    public var dataAvailable: Int?

    static let pcm: UInt16 = 1, adpcm: UInt16 = 2, float: UInt16 = 3, alaw: UInt16 = 6, mulaw: UInt16 = 7
    static let imaADPCM: UInt16 = 0x11, gsm610: UInt16 = 0x31, extensible: UInt16 = 0xFFFE

    /// Reads and checks the header at the start of `head` (the file's first bytes: 64 KiB is
    /// plenty). `fileSize` is the whole input's size when known (a regular file), nil for a pipe.
    /// `name` names the input in errors. Headers this does not understand (a `fmt ` chunk past
    /// the head, RIFX) are left to libsndfile.
    public static func inspect(_ head: [UInt8], fileSize: Int?, name: String) throws(AudioError) -> WAVHeader? {
        guard head.count >= 12 else { return nil }
        let riff = String(decoding: head[0..<4], as: UTF8.self)
        guard riff == "RIFF" || riff == "RF64", String(decoding: head[8..<12], as: UTF8.self) == "WAVE" else { return nil }
        func u16(_ at: Int) -> Int { Int(head[at]) | Int(head[at + 1]) << 8 }
        func u32(_ at: Int) -> Int { u16(at) | u16(at + 2) << 16 }
        var header: WAVHeader?
        var at = 12
        while at + 8 <= head.count {
            let id = String(decoding: head[at..<(at + 4)], as: UTF8.self)
            let size = u32(at + 4)
            let body = at + 8
            if id == "fmt " {
                guard size >= 16 else { throw AudioError(.malformedHeader, "\(name): the fmt chunk is shorter than 16 bytes") }
                guard body + 16 <= head.count else { return nil }  // cut inside the header: libsndfile says so
                var tag = UInt16(u16(body))
                if tag == extensible, size >= 40, body + 40 <= head.count { tag = UInt16(u16(body + 24)) }
                header = WAVHeader(formatTag: tag, channels: u16(body + 2), sampleRate: u32(body + 4),
                                   blockAlign: u16(body + 12), bitsPerSample: u16(body + 14))
                try header!.check(name: name)
            } else if id == "data" {
                guard var found = header else { return nil }  // data before fmt: libsndfile decides
                found.dataOffset = body
                if riff == "RIFF", size != 0, size != 0xFFFF_FFFF { found.dataSize = size }
                if let fileSize, let declared = found.dataSize, body + declared > fileSize + 1 {
                    found.dataAvailable = max(0, fileSize - body)
                }
                return found
            }
            guard size < Int(UInt32.max) else { break }
            at = body + size + (size & 1)
        }
        return header
    }

    /// The sample widths each encoding has.
    private func check(name: String) throws(AudioError) {
        guard channels > 0 else { throw AudioError(.malformedHeader, "\(name): the header says 0 channels") }
        guard blockAlign > 0 else { throw AudioError(.malformedHeader, "\(name): the header's block alignment is 0") }
        // PCM widths need not be whole bytes (20 bits in a 3-byte container); widths past 32 bits
        // are left for libsndfile to call unsupported.
        let widths: ClosedRange<Int>? = switch formatTag {
        case Self.pcm: 4...64
        case Self.float: 32...64
        case Self.alaw, Self.mulaw: 8...8
        case Self.adpcm, Self.imaADPCM: 4...4
        default: nil  // GSM 6.10 and others: libsndfile checks them
        }
        if let widths {
            guard widths.contains(bitsPerSample) else {
                throw AudioError(.malformedHeader, "\(name): \(bitsPerSample) bits per sample is not a width this encoding has")
            }
            if formatTag != Self.adpcm, formatTag != Self.imaADPCM, bitsPerSample <= 32 {
                guard blockAlign == channels * ((bitsPerSample + 7) / 8) else {
                    throw AudioError(.malformedHeader, "\(name): the block alignment \(blockAlign) does not match \(channels) channel(s) of \(bitsPerSample) bits")
                }
            }
        }
    }

    /// Frames the data chunk holds, when its size is known.
    public var declaredFrames: Int? { dataSize.map { $0 / max(1, blockAlign) } }
}
