internal import CVaultOpus
internal import CVaultSpanDSP

/// An RTP audio codec this build decodes.
public enum RTPAudioCodec: String, Sendable, Hashable, CaseIterable {
    /// G.711 mu-law (static payload type 0).
    case pcmu = "PCMU"
    /// G.711 A-law (static payload type 8).
    case pcma = "PCMA"
    /// G.722 (static payload type 9; RTP clock 8000, audio 16 kHz by RFC 3551).
    case g722 = "G722"
    /// Opus (dynamic payload type; RTP clock 48000 by RFC 7587).
    case opus = "opus"

    /// The rate this codec's audio decodes to.
    public var sampleRate: Int {
        switch self {
        case .pcmu, .pcma: 8000
        case .g722: 16000
        case .opus: 48000
        }
    }

    /// The RTP timestamp clock rate.
    public var clockRate: Int {
        switch self {
        case .pcmu, .pcma, .g722: 8000
        case .opus: 48000
        }
    }
}

/// Decodes the payloads of one RTP stream of one codec to mono float PCM at the codec's
/// ``RTPAudioCodec/sampleRate``, in sequence order, and conceals lost packets (Opus packet loss
/// concealment; silence for the others). Owns its C decoder state; not `Sendable`.
public final class RTPPayloadDecoder {
    /// The codec.
    public let codec: RTPAudioCodec
    private var table: [Float] = []
    private let g722: OpaquePointer?
    private let opus: OpaquePointer?
    private var scratch: [Int16] = []
    private var floatScratch: [Float] = []
    /// Frames of the last decoded packet (what Opus concealment repeats).
    private var lastFrames = 0

    /// Creates a decoder for `codec`.
    public init(codec: RTPAudioCodec) throws {
        self.codec = codec
        switch codec {
        case .pcmu, .pcma:
            table = (0..<256).map { byte in
                let linear = codec == .pcmu ? ulaw_to_linear(UInt8(byte)) : alaw_to_linear(UInt8(byte))
                return Float(linear) / 32768
            }
            g722 = nil
            opus = nil
        case .g722:
            guard let state = g722_decode_init(nil, 64000, 0) else {
                throw AudioError(.decodeFailed, "cannot create a G.722 decoder")
            }
            g722 = state
            opus = nil
        case .opus:
            var error: Int32 = 0
            guard let decoder = opus_decoder_create(48000, 1, &error), error == OPUS_OK else {
                throw AudioError(.decodeFailed, "cannot create an Opus decoder: \(String(cString: opus_strerror(error)))")
            }
            opus = decoder
            g722 = nil
            floatScratch = [Float](repeating: 0, count: 5760)
        }
    }

    deinit {
        if let g722 { g722_decode_free(g722) }
        if let opus { opus_decoder_destroy(opus) }
    }

    /// The frames (at ``RTPAudioCodec/sampleRate``) one payload decodes to, without decoding it;
    /// nil when the payload is not valid for the codec.
    public static func frames(in payload: UnsafeRawBufferPointer, codec: RTPAudioCodec) -> Int? {
        switch codec {
        case .pcmu, .pcma: return payload.count
        case .g722: return payload.count * 2
        case .opus: return opusFrames(payload)
        }
    }

    /// The samples per channel at 48 kHz of an Opus packet, from its TOC byte and frame count;
    /// nil when the bytes are not a valid Opus packet.
    public static func opusFrames(_ payload: UnsafeRawBufferPointer) -> Int? {
        guard !payload.isEmpty, let base = payload.bindMemory(to: UInt8.self).baseAddress else { return nil }
        let n = opus_packet_get_nb_samples(base, Int32(payload.count), 48000)
        return n > 0 && n <= 5760 ? Int(n) : nil
    }

    /// Decodes one payload and appends its samples to `output`; returns how many it appended.
    /// A payload the codec rejects (a corrupt Opus packet) is concealed instead of failing the call.
    @discardableResult
    public func decode(_ payload: UnsafeRawBufferPointer, into output: inout [Float]) -> Int {
        switch codec {
        case .pcmu, .pcma:
            let bytes = payload.bindMemory(to: UInt8.self)
            table.withUnsafeBufferPointer { t in
                output.append(contentsOf: bytes.lazy.map { t[Int($0)] })
            }
            lastFrames = bytes.count
            return bytes.count
        case .g722:
            guard let g722, !payload.isEmpty else { return 0 }
            if scratch.count < payload.count * 2 { scratch = [Int16](repeating: 0, count: payload.count * 2) }
            let n = scratch.withUnsafeMutableBufferPointer { out in
                g722_decode(g722, out.baseAddress!, payload.bindMemory(to: UInt8.self).baseAddress!, Int32(payload.count))
            }
            let frames = Int(max(0, n))
            output.append(contentsOf: scratch[0..<frames].lazy.map { Float($0) / 32768 })
            lastFrames = frames
            return frames
        case .opus:
            guard let opus, let frames = Self.opusFrames(payload) else { return conceal(frames: lastFrames > 0 ? lastFrames : 960, into: &output) }
            let n = floatScratch.withUnsafeMutableBufferPointer { out in
                opus_decode_float(opus, payload.bindMemory(to: UInt8.self).baseAddress!, Int32(payload.count), out.baseAddress!, Int32(out.count), 0)
            }
            guard n > 0 else { return conceal(frames: frames, into: &output) }
            output.append(contentsOf: floatScratch[0..<Int(n)])
            lastFrames = Int(n)
            return Int(n)
        }
    }

    /// Appends `frames` samples standing in for lost audio: Opus packet loss concealment (in
    /// steps of at most one last-packet length), silence for the other codecs. Returns `frames`.
    @discardableResult
    public func conceal(frames: Int, into output: inout [Float]) -> Int {
        guard frames > 0 else { return 0 }
        guard let opus else {
            output.append(contentsOf: repeatElement(0, count: frames))
            return frames
        }
        var remaining = frames
        while remaining > 0 {
            // PLC works in multiples of 2.5 ms (120 samples at 48 kHz).
            let step = min(remaining, min(max(lastFrames, 960), 5760))
            let request = max(120, (step + 119) / 120 * 120)
            let n = floatScratch.withUnsafeMutableBufferPointer { out in
                opus_decode_float(opus, nil, 0, out.baseAddress!, Int32(request), 0)
            }
            if n <= 0 {
                output.append(contentsOf: repeatElement(0, count: remaining))
                return frames
            }
            let take = min(step, Int(n))
            output.append(contentsOf: floatScratch[0..<take])
            remaining -= take
        }
        return frames
    }

    /// Forgets the decoder's history (after a long silence or a new source).
    public func reset() {
        if let opus { _ = cvault_opus_decoder_reset(opus) }
        if let g722 {
            _ = g722_decode_init(g722, 64000, 0)
        }
        lastFrames = 0
    }
}
