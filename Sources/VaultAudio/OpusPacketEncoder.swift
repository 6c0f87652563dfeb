internal import CVaultOpus

/// One libopus encoder (VOIP application): a plain encoder for mono and stereo, a multistream
/// encoder with one uncoupled stream per channel (channel mapping family 255) for more
/// channels, so no channel is ever mixed into another. Owns the encoder; not `Sendable`.
final class OpusPacketEncoder {
    let sampleRate: Int
    let channels: Int
    /// Samples (per channel, at `sampleRate`) the encoder delays its output by.
    let lookahead: Int
    private let single: OpaquePointer?
    private let multi: OpaquePointer?
    private var packet: [UInt8]

    init(sampleRate: Int, channels: Int, options: OpusEncodingOptions) throws {
        self.sampleRate = sampleRate
        self.channels = channels
        var error: Int32 = 0
        var look: Int32 = 0
        let bitrate = Int32(options.bitratePerChannel * channels)
        if channels <= 2 {
            guard let encoder = opus_encoder_create(Int32(sampleRate), Int32(channels), OPUS_APPLICATION_VOIP, &error), error == OPUS_OK else {
                throw AudioError(.encoderFailed, "cannot create an Opus encoder for \(channels) channels at \(sampleRate) Hz: \(String(cString: opus_strerror(error)))")
            }
            single = encoder
            multi = nil
            guard cvault_opus_set_bitrate(encoder, bitrate) == OPUS_OK,
                  cvault_opus_set_complexity(encoder, Int32(options.complexity)) == OPUS_OK,
                  cvault_opus_set_signal_voice(encoder) == OPUS_OK,
                  cvault_opus_get_lookahead(encoder, &look) == OPUS_OK else {
                opus_encoder_destroy(encoder)
                throw AudioError(.encoderFailed, "libopus refused the encoder settings")
            }
        } else {
            let mapping = (0..<channels).map { UInt8($0) }
            guard let encoder = opus_multistream_encoder_create(Int32(sampleRate), Int32(channels), Int32(channels), 0, mapping,
                                                                OPUS_APPLICATION_VOIP, &error), error == OPUS_OK else {
                throw AudioError(.encoderFailed, "cannot create an Opus multistream encoder for \(channels) channels: \(String(cString: opus_strerror(error)))")
            }
            single = nil
            multi = encoder
            guard cvault_opus_ms_set_bitrate(encoder, bitrate) == OPUS_OK,
                  cvault_opus_ms_set_complexity(encoder, Int32(options.complexity)) == OPUS_OK,
                  cvault_opus_ms_set_signal_voice(encoder) == OPUS_OK,
                  cvault_opus_ms_get_lookahead(encoder, &look) == OPUS_OK else {
                opus_multistream_encoder_destroy(encoder)
                throw AudioError(.encoderFailed, "libopus refused the multistream encoder settings")
            }
        }
        lookahead = Int(look)
        packet = [UInt8](repeating: 0, count: 1275 * 3 * max(1, channels))
    }

    deinit {
        if let single { opus_encoder_destroy(single) }
        if let multi { opus_multistream_encoder_destroy(multi) }
    }

    /// Channel mapping family written in the OpusHead: 0 for mono/stereo, 255 (discrete) above.
    var mappingFamily: UInt8 { channels <= 2 ? 0 : 255 }

    /// Encodes one frame of `frameSize` interleaved samples a channel; the packet is valid until the next call.
    func encode(_ pcm: UnsafePointer<Float>, frameSize: Int, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        let n = packet.withUnsafeMutableBufferPointer { out in
            if let single {
                opus_encode_float(single, pcm, Int32(frameSize), out.baseAddress!, Int32(out.count))
            } else {
                opus_multistream_encode_float(multi!, pcm, Int32(frameSize), out.baseAddress!, Int32(out.count))
            }
        }
        guard n > 0 else { throw AudioError(.encoderFailed, "Opus encoding failed: \(String(cString: opus_strerror(n)))") }
        try packet.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[0..<Int(n)])) }
    }

    /// The libopus version, e.g. `libopus 1.3.1`.
    static var version: String { String(cString: opus_get_version_string()) }
}
