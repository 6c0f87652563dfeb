/// What a transcode produced.
public struct TranscodeSummary: Sendable, Equatable {
    /// The source's format.
    public var input: PCMFormat
    /// Frames read from the source.
    public var inputFrames: Int
    /// The rate Opus encoded at.
    public var opusRate: Int
    /// Frames at `opusRate` that the stream plays back (after pre-skip and end trimming).
    public var outputFrames: Int
    /// Opus packets written.
    public var packets: Int
    /// Bytes of Ogg Opus written.
    public var oggBytes: Int
    /// The audio's quality facts, measured on what was encoded.
    public var quality: AudioQuality

    /// The playback duration in seconds.
    public var durationSeconds: Double { Double(outputFrames) / Double(opusRate) }
}

/// Turns a ``PCMSource`` into an Ogg Opus stream (RFC 7845), streaming: memory holds one read
/// block and one Opus frame, whatever the length. Mono stays mono, stereo stays stereo, more
/// channels become one Opus stream each (mapping family 255). Rates Opus lacks are resampled
/// with libsoxr. The Ogg bytes go to `sink` as pages complete; this type never touches a file.
public enum OggOpusTranscoder {
    /// Frames read from the source per call.
    static let readBlock = 4096

    /// Transcodes `source` and returns what was written. `serial` is the Ogg stream serial number.
    /// `limits` bound the source's format and length: checked before the first read (with the
    /// length the source announces, when it does) and after every block, so a source can never
    /// run past the maximum call length whatever its header said.
    public static func transcode(
        _ source: any PCMSource, options: OpusEncodingOptions = OpusEncodingOptions(), limits: AudioLimits = AudioLimits(),
        serial: Int32, sink: @escaping (UnsafeRawBufferPointer) throws -> Void
    ) throws -> TranscodeSummary {
        try options.validate()
        let format = source.format
        try limits.check(format, name: source.sourceDescription)
        if let expected = source.expectedFrames {
            try limits.check(frames: expected, sampleRate: format.sampleRate, name: source.sourceDescription)
        }
        let channels = format.channels
        let opusRate = OpusEncodingOptions.encodingRate(forInputRate: format.sampleRate)
        let encoder = try OpusPacketEncoder(sampleRate: opusRate, channels: channels, options: options)
        let resampler = opusRate == format.sampleRate ? nil
            : try PCMResampler(inputRate: format.sampleRate, outputRate: opusRate, channels: channels)
        let ogg = OggPacketWriter(serial: serial, sink: sink)
        let toGranule = Int64(48_000 / opusRate)  // every Opus rate divides 48 kHz
        let preSkip = Int64(encoder.lookahead) * toGranule

        let head = opusHead(channels: channels, preSkip: UInt16(preSkip), inputRate: format.sampleRate,
                            mappingFamily: encoder.mappingFamily)
        try head.withUnsafeBytes { try ogg.write($0, granule: 0, flushAfter: true) }
        try opusTags().withUnsafeBytes { try ogg.write($0, granule: 0, flushAfter: true) }

        let frameSize = opusRate * options.frameMilliseconds / 1000
        let packetsPerPage = max(1, 1000 / options.frameMilliseconds)
        var pending = [Float]()  // samples at opusRate not yet encoded, interleaved
        pending.reserveCapacity((readBlock * 8 + frameSize) * channels)
        var pendingStart = 0
        var encodedFrames: Int64 = 0
        var totalOutputFrames: Int64 = 0
        var packets = 0
        var heldPacket: [UInt8]? = nil  // the last packet is written only when we know it is the last
        var meter = AudioQualityMeter(channels: channels, sampleRate: opusRate)

        func flushHeld(isLast: Bool, granule: Int64) throws {
            guard let held = heldPacket else { return }
            try held.withUnsafeBytes { try ogg.write($0, granule: granule, isLast: isLast, maxPacketsPerPage: packetsPerPage) }
            heldPacket = nil
        }

        func encodeAvailable(final: Bool) throws {
            while pending.count - pendingStart >= frameSize * channels {
                try pending.withUnsafeBufferPointer { buffer in
                    try encoder.encode(buffer.baseAddress! + pendingStart, frameSize: frameSize) { packet in
                        try flushHeld(isLast: false, granule: encodedFrames * toGranule)
                        heldPacket = Array(packet)
                    }
                }
                encodedFrames += Int64(frameSize)
                packets += 1
                pendingStart += frameSize * channels
            }
            if pendingStart > 0 && (pendingStart > pending.count / 2 || final) {
                pending.removeFirst(pendingStart)
                pendingStart = 0
            }
        }

        func accept(_ samples: UnsafeBufferPointer<Float>) throws {
            meter.add(samples)
            pending.append(contentsOf: samples)
            totalOutputFrames += Int64(samples.count / channels)
            try encodeAvailable(final: false)
        }

        var inputFrames = 0
        var block = [Float](repeating: 0, count: readBlock * channels)
        while true {
            let n = try block.withUnsafeMutableBufferPointer { try source.read(into: $0.baseAddress!, frames: readBlock) }
            if n == 0 { break }
            inputFrames += n
            try limits.check(frames: inputFrames, sampleRate: format.sampleRate, name: source.sourceDescription)
            if let resampler {
                try block.withUnsafeBufferPointer { try resampler.process($0.baseAddress!, frames: n, accept) }
            } else {
                try block.withUnsafeBufferPointer { try accept(UnsafeBufferPointer(rebasing: $0[0..<(n * channels)])) }
            }
        }
        guard inputFrames > 0 else { throw AudioError(.noSamples, "the source holds no audio samples") }
        try resampler?.process(nil, frames: 0, accept)

        // Pad with silence until the encoder has emitted every real sample past its lookahead.
        let needed = totalOutputFrames + Int64(encoder.lookahead)
        while encodedFrames < needed {
            let missing = Int(needed - encodedFrames)
            let padFrames = (missing + frameSize - 1) / frameSize * frameSize
            pending.append(contentsOf: repeatElement(0, count: max(0, padFrames * channels - (pending.count - pendingStart))))
            try encodeAvailable(final: true)
        }
        // End trimming: the final granule is pre-skip plus the real sample count.
        try flushHeld(isLast: true, granule: preSkip + totalOutputFrames * toGranule)

        return TranscodeSummary(input: format, inputFrames: inputFrames, opusRate: opusRate,
                                outputFrames: Int(totalOutputFrames), packets: packets, oggBytes: ogg.byteCount, quality: meter.result())
    }

    /// The identification header (RFC 7845 §5.1).
    static func opusHead(channels: Int, preSkip: UInt16, inputRate: Int, mappingFamily: UInt8) -> [UInt8] {
        var head = Array("OpusHead".utf8)
        head.append(1)  // version
        head.append(UInt8(channels))
        head += littleEndian(preSkip)
        head += littleEndian(UInt32(inputRate))
        head += [0, 0]  // output gain
        head.append(mappingFamily)
        if mappingFamily != 0 {
            head.append(UInt8(channels))  // streams: one per channel
            head.append(0)  // coupled streams
            head += (0..<channels).map { UInt8($0) }
        }
        return head
    }

    /// The comment header (RFC 7845 §5.2): the vendor string only. No user metadata is ever
    /// written here, so no phone number can leak into the audio file.
    static func opusTags() -> [UInt8] {
        let vendor = Array("callvault (\(OpusPacketEncoder.version))".utf8)
        return Array("OpusTags".utf8) + littleEndian(UInt32(vendor.count)) + vendor + littleEndian(UInt32(0))
    }

    private static func littleEndian<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        withUnsafeBytes(of: value.littleEndian) { Array($0) }
    }
}
