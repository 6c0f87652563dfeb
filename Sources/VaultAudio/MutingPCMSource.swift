/// A ``PCMSource`` that passes another source through with given time ranges replaced by
/// digital silence (0.0 in every channel), for audio redaction: the spoken number is gone
/// before the samples reach the encoder, so it never exists in the stored Ogg Opus.
///
/// Silence, not a 1 kHz tone: a tone is itself audio that a listener must be told about, and
/// silence compresses to almost nothing and reads as "removed" in any waveform view. Ranges are
/// milliseconds from the start of the source; each maps to frames `[start·rate/1000, ⌈end·rate/1000⌉)`
/// at the source's own rate (before any resampling), rounded outwards so no partial sample of the
/// span survives. Overlapping or unsorted ranges are fine; ranges past the end are ignored.
public final class MutingPCMSource: PCMSource {
    private let source: any PCMSource
    /// The muted frame ranges, sorted and merged.
    public let mutedFrames: [Range<Int>]
    private var position = 0

    /// Wraps `source`, muting each of `milliseconds` (start inclusive, end exclusive).
    public init(_ source: any PCMSource, muting milliseconds: [Range<Int>]) {
        self.source = source
        self.mutedFrames = Self.frameRanges(milliseconds, sampleRate: source.format.sampleRate)
    }

    /// Millisecond ranges as merged, sorted frame ranges at `sampleRate`, rounded outwards.
    public static func frameRanges(_ milliseconds: [Range<Int>], sampleRate: Int) -> [Range<Int>] {
        var frames = milliseconds.compactMap { r -> Range<Int>? in
            // Clamped to a day first, so no time can overflow as a frame position.
            let day = 86_400_000
            let lo = min(day, max(0, r.lowerBound)) * sampleRate / 1000
            let hi = (min(day, max(0, r.upperBound)) * sampleRate + 999) / 1000
            return lo < hi ? lo..<hi : nil
        }.sorted { $0.lowerBound < $1.lowerBound }
        var merged: [Range<Int>] = []
        for r in frames {
            if let last = merged.last, r.lowerBound <= last.upperBound {
                merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, r.upperBound)
            } else {
                merged.append(r)
            }
        }
        frames = merged
        return frames
    }

    public var format: PCMFormat { source.format }
    public var sourceDescription: String { source.sourceDescription }
    public var expectedFrames: Int? { source.expectedFrames }
    public var notes: [String] { source.notes }
    public var facts: [String: String] { source.facts }

    public func read(into buffer: UnsafeMutablePointer<Float>, frames: Int) throws -> Int {
        let n = try source.read(into: buffer, frames: frames)
        let channels = format.channels
        let block = position..<(position + n)
        for muted in mutedFrames where muted.overlaps(block) {
            let lo = max(muted.lowerBound, block.lowerBound) - position
            let hi = min(muted.upperBound, block.upperBound) - position
            (buffer + lo * channels).update(repeating: 0, count: (hi - lo) * channels)
        }
        position += n
        return n
    }
}
