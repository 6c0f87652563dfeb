internal import CVaultOpus

/// What an Ogg Opus stream's identification header (`OpusHead`, RFC 7845 §5.1) says.
public struct OpusHead: Sendable, Equatable {
    /// Output channels.
    public var channels: Int
    /// Samples at 48 kHz to drop from the start of the decoded audio.
    public var preSkip: Int
    /// The rate of the audio before encoding (informational; 0 when unknown).
    public var inputSampleRate: Int
    /// Gain to apply on output, Q7.8 dB.
    public var outputGain: Int16
    /// Channel mapping family: 0 (mono/stereo), 1 (Vorbis order) or 255 (discrete).
    public var mappingFamily: UInt8
    /// Opus streams in each packet.
    public var streams: Int
    /// Streams of those that are coupled (stereo).
    public var coupledStreams: Int
    /// For each output channel, the decoded channel it takes.
    public var mapping: [UInt8]

    /// Parses the header packet; nil when the bytes are not a version-1 `OpusHead`.
    init?(parsing bytes: [UInt8]) {
        guard bytes.count >= 19, bytes.starts(with: Array("OpusHead".utf8)), bytes[8] & 0xF0 == 0, bytes[9] > 0 else { return nil }
        func u16(_ i: Int) -> UInt16 { UInt16(bytes[i]) | UInt16(bytes[i + 1]) << 8 }
        channels = Int(bytes[9])
        preSkip = Int(u16(10))
        inputSampleRate = Int(UInt32(u16(12)) | UInt32(u16(14)) << 16)
        outputGain = Int16(bitPattern: u16(16))
        mappingFamily = bytes[18]
        if mappingFamily == 0 {
            guard channels <= 2 else { return nil }
            streams = 1
            coupledStreams = channels - 1
            mapping = channels == 1 ? [0] : [0, 1]
        } else {
            guard bytes.count >= 21 + channels, bytes[19] > 0, bytes[20] <= bytes[19] else { return nil }
            streams = Int(bytes[19])
            coupledStreams = Int(bytes[20])
            mapping = Array(bytes[21..<(21 + channels)])
            guard mapping.allSatisfy({ $0 == 255 || Int($0) < streams + coupledStreams }) else { return nil }
        }
    }
}

/// Decodes an Ogg Opus stream (RFC 7845) pulled from a byte source, as a ``PCMSource``: libogg
/// splits the pages into packets (``OggPacketReader``), libopus decodes them (a multistream decoder
/// for mapping families 1 and 255), and the stream's timing is honoured, so the samples are exactly
/// the ones the encoder was given: the pre-skip is dropped from the start and the final page's
/// granule position trims the end. The output gain of the header is applied.
///
/// Streaming: memory holds one read block and one decoded packet (at most 120 ms), whatever the
/// length. The bytes come from `read` (e.g. a sealed object being decrypted); this type never
/// touches a file. One logical stream only (no chaining, no multiplexing). Owns its libopus
/// decoder; not `Sendable`.
public final class OggOpusDecoder: PCMSource {
    /// The decoded audio's format: the header's channels, at the rate asked for.
    public let format: PCMFormat
    public let sourceDescription = "Ogg Opus"
    /// The stream's identification header.
    public let head: OpusHead

    private let packets: OggPacketReader
    private let single: OpaquePointer?
    private let multi: OpaquePointer?
    /// 48 kHz samples per output frame: every Opus rate divides 48 kHz.
    private let granuleScale: Int64
    /// The current packet's decoded samples, interleaved, and the frames of it still to deliver.
    private var decoded: [Float]
    private var pending: Range<Int> = 0..<0
    /// Frames decoded so far, pre-skip included, at the output rate.
    private var decodedFrames: Int64 = 0
    private var finished = false

    /// Reads the stream's headers from `read` (which fills a buffer and returns how many bytes it
    /// wrote, 0 at the end) and prepares to decode at `sampleRate` (8, 12, 16, 24 or 48 kHz; by
    /// default the rate the stream was encoded at: the header's input rate rounded up to the next
    /// Opus rate, as ``OggOpusTranscoder`` chose it).
    public init(sampleRate: Int? = nil, read: @escaping (UnsafeMutableRawBufferPointer) throws -> Int) throws {
        packets = OggPacketReader(read: read)
        let head = try Self.readHeaders(packets)
        self.head = head
        let rate = sampleRate ?? OpusEncodingOptions.encodingRate(forInputRate: head.inputSampleRate == 0 ? 48_000 : head.inputSampleRate)
        guard [8000, 12000, 16000, 24000, 48000].contains(rate) else {
            throw AudioError(.decodeFailed, "Opus cannot decode at \(rate) Hz (8, 12, 16, 24 or 48 kHz)")
        }
        format = PCMFormat(sampleRate: rate, channels: head.channels)
        granuleScale = Int64(48_000 / rate)
        decoded = [Float](repeating: 0, count: 5760 / (48_000 / rate) * head.channels)  // 120 ms, the longest packet
        var error: Int32 = OPUS_OK
        if head.mappingFamily == 0 {
            single = opus_decoder_create(Int32(rate), Int32(head.channels), &error)
            multi = nil
            if let single, error == OPUS_OK { error = cvault_opus_decoder_set_gain(single, Int32(head.outputGain)) }
        } else {
            single = nil
            multi = head.mapping.withUnsafeBufferPointer { mapping in
                opus_multistream_decoder_create(Int32(rate), Int32(head.channels), Int32(head.streams), Int32(head.coupledStreams),
                                                mapping.baseAddress!, &error)
            }
            if let multi, error == OPUS_OK { error = cvault_opus_ms_decoder_set_gain(multi, Int32(head.outputGain)) }
        }
        guard error == OPUS_OK, single != nil || multi != nil else {  // deinit frees what was made
            throw AudioError(.decodeFailed, "cannot create an Opus decoder for \(head.channels) channels at \(rate) Hz: \(String(cString: opus_strerror(error)))")
        }
    }

    deinit {
        if let single { opus_decoder_destroy(single) }
        if let multi { opus_multistream_decoder_destroy(multi) }
    }

    /// Reads the identification and comment headers (RFC 7845 §5); the comments are not used.
    private static func readHeaders(_ packets: OggPacketReader) throws -> OpusHead {
        var head: OpusHead?
        let any = try packets.next { bytes, _, _ in head = OpusHead(parsing: Array(bytes)) }
        guard any else { throw AudioError(.decodeFailed, "not an Ogg stream (no page)") }
        guard let head else { throw AudioError(.decodeFailed, "not an Ogg Opus stream (its first packet is no valid OpusHead)") }
        var tags = false
        _ = try packets.next { bytes, _, _ in tags = bytes.starts(with: "OpusTags".utf8) }
        guard tags else { throw AudioError(.decodeFailed, "not an Ogg Opus stream (no OpusTags after the OpusHead)") }
        return head
    }

    public func read(into buffer: UnsafeMutablePointer<Float>, frames: Int) throws -> Int {
        let channels = head.channels
        var written = 0
        while written < frames {
            if pending.isEmpty {
                if finished { break }
                try decodeNextPacket()
                continue
            }
            let n = min(frames - written, pending.count)
            decoded.withUnsafeBufferPointer { source in
                (buffer + written * channels).update(from: source.baseAddress! + pending.lowerBound * channels, count: n * channels)
            }
            pending = (pending.lowerBound + n)..<pending.upperBound
            written += n
        }
        return written
    }

    /// Decodes the next audio packet into `decoded` and sets `pending` to the frames of it that
    /// play: not those inside the pre-skip, nor those past the final granule position.
    private func decodeNextPacket() throws {
        let got = try packets.next { packet, granule, isLast in
            let capacity = Int32(decoded.count / head.channels)
            let data = packet.bindMemory(to: UInt8.self).baseAddress
            let n = decoded.withUnsafeMutableBufferPointer { out in
                if let single {
                    opus_decode_float(single, data, Int32(packet.count), out.baseAddress!, capacity, 0)
                } else {
                    opus_multistream_decode_float(multi!, data, Int32(packet.count), out.baseAddress!, capacity, 0)
                }
            }
            guard n >= 0 else { throw AudioError(.decodeFailed, "an Opus packet does not decode: \(String(cString: opus_strerror(n)))") }
            let start = decodedFrames
            decodedFrames += Int64(n)
            var end = decodedFrames
            if isLast {
                finished = true
                if granule >= 0 { end = min(end, granule / granuleScale) }  // end trimming (RFC 7845 §4.5)
            }
            let first = max(start, Int64(head.preSkip) / granuleScale)
            pending = first < end ? Int(first - start)..<Int(end - start) : 0..<0
        }
        guard got else { throw AudioError(.decodeFailed, "the Ogg Opus stream ends without its last page (cut short)") }
    }
}
