/// A fixed set of Unicode scalar values, asked without hashing: one bit per scalar over the
/// range from its smallest member to its largest (the scans ask at nearly every scalar of a text
/// whether it is a numeral, a measure word, a filler …).
struct ScalarSet: Sendable, ExpressibleByArrayLiteral {
    /// The smallest member (0 for an empty set).
    private let low: UInt32
    /// Bit `c - low` says whether `c` is a member.
    private let bits: [UInt64]

    /// The set of `scalars`.
    init(_ scalars: some Sequence<UInt32>) {
        let members = Array(scalars)
        guard let low = members.min(), let high = members.max() else {
            self.low = 0
            bits = []
            return
        }
        var bits = [UInt64](repeating: 0, count: Int(high - low) / 64 + 1)
        for c in members { bits[Int(c - low) / 64] |= 1 << ((c - low) % 64) }
        self.low = low
        self.bits = bits
    }

    /// The set of the scalars of `text`.
    init(_ text: String) { self.init(text.unicodeScalars.map(\.value)) }

    /// The set of the listed scalar values.
    init(arrayLiteral scalars: UInt32...) { self.init(scalars) }

    /// Whether `c` is a member.
    func contains(_ c: UInt32) -> Bool {
        let offset = c &- low   // below `low`, wraps to beyond the bits
        let word = Int(offset / 64)
        return word < bits.count && bits[word] >> (offset % 64) & 1 == 1
    }
}
