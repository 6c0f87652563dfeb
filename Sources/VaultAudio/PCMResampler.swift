internal import CVaultSoxr

/// Sample-rate conversion with libsoxr (high quality), streaming, interleaved float.
/// Owns the `soxr_t` handle; not `Sendable`.
public final class PCMResampler {
    /// The input rate.
    public let inputRate: Int
    /// The output rate.
    public let outputRate: Int
    /// Interleaved channels.
    public let channels: Int
    private let handle: soxr_t
    private var output: [Float] = []

    /// Creates a resampler from `inputRate` to `outputRate` for `channels` interleaved channels.
    public init(inputRate: Int, outputRate: Int, channels: Int) throws {
        self.inputRate = inputRate
        self.outputRate = outputRate
        self.channels = channels
        var error: soxr_error_t?
        var io = soxr_io_spec(SOXR_FLOAT32_I, SOXR_FLOAT32_I)
        var quality = soxr_quality_spec(UInt(SOXR_HQ), 0)
        guard let handle = soxr_create(Double(inputRate), Double(outputRate), UInt32(channels), &error, &io, &quality, nil),
              error == nil else {
            throw AudioError(.resamplerFailed, "cannot resample \(inputRate) Hz to \(outputRate) Hz: \(error.map { String(cString: $0) } ?? "unknown error")")
        }
        self.handle = handle
    }

    deinit { soxr_delete(handle) }

    /// Converts `frames` interleaved input frames (or, with a nil `input`, flushes the end of the
    /// stream) and hands the converted frames to `body`.
    public func process(_ input: UnsafePointer<Float>?, frames: Int, _ body: (UnsafeBufferPointer<Float>) throws -> Void) throws {
        let capacity = max(1024, frames * outputRate / max(1, inputRate) + 256)
        if output.count < capacity * channels { output = [Float](repeating: 0, count: capacity * channels) }
        var consumed = 0
        repeat {
            var inputDone = 0
            var outputDone = 0
            let error = output.withUnsafeMutableBufferPointer { out in
                soxr_process(handle, input.map { UnsafeRawPointer($0 + consumed * channels) }, input == nil ? 0 : frames - consumed,
                             &inputDone, out.baseAddress, capacity, &outputDone)
            }
            if let error { throw AudioError(.resamplerFailed, "resampling failed: \(String(cString: error))") }
            consumed += inputDone
            if outputDone > 0 {
                try output.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[0..<(outputDone * channels)])) }
            }
            // Flushing: call again until the filter's tail is drained.
            if input == nil, outputDone == 0 { break }
            if input != nil, consumed >= frames, outputDone < capacity { break }
        } while true
    }
}
