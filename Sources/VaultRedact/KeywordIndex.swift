/// The context keywords (`RunAnalyser`'s "身份证", "card", "order" …) laid out for the scans that
/// look them up at every scalar: by first scalar through an open-addressing table (no hashing of a
/// `Dictionary`), and the words end to end in one array, so a lookup copies and retains nothing.
///
/// Lookups give the same keywords in the same order as walking the list: a keyword's candidates
/// for a first scalar are listed in the order the keywords were given.
struct KeywordIndex: Sendable {
    /// Every keyword's scalars, end to end.
    let scalars: [UInt32]
    /// Where keyword `k` starts in `scalars`; `starts[k + 1]` is where it ends.
    let starts: [Int]
    /// Keyword indices grouped by first scalar, each group in the keywords' order.
    private let byFirst: [Int]
    /// The table: a first scalar (0: an empty slot) and its group's range in `byFirst`.
    private let slotScalars: [UInt32]
    private let slotGroups: [Range<Int>]
    /// Keyword indices grouped by last scalar, each group in the keywords' order, with the same table.
    private let byLast: [Int]
    private let lastScalars: [UInt32]
    private let lastGroups: [Range<Int>]

    private static let slotCount = 1024

    /// Indexes `words` (each non-empty, lower-cased where ASCII).
    init(_ words: [[UInt32]]) {
        var scalars: [UInt32] = [], starts: [Int] = [0]
        for w in words {
            precondition(!w.isEmpty && !w.contains(0), "a keyword is non-empty and holds no NUL")
            scalars += w
            starts.append(scalars.count)
        }
        self.scalars = scalars
        self.starts = starts
        (byFirst, slotScalars, slotGroups) = Self.table(words.indices.map { (words[$0][0], $0) })
        (byLast, lastScalars, lastGroups) = Self.table(words.indices.map { (words[$0][words[$0].count - 1], $0) })
    }

    /// Groups `(scalar, index)` pairs by scalar (each group in the order given) into one list and a table of slots.
    private static func table(_ pairs: [(UInt32, Int)]) -> ([Int], [UInt32], [Range<Int>]) {
        var groups: [UInt32: [Int]] = [:], order: [UInt32] = []
        for (c, k) in pairs {
            if groups[c] == nil { order.append(c) }
            groups[c, default: []].append(k)
        }
        precondition(order.count < slotCount / 2, "the keyword table is kept at most half full")
        var list: [Int] = []
        var keys = [UInt32](repeating: 0, count: slotCount), ranges = [Range<Int>](repeating: 0..<0, count: slotCount)
        for c in order {
            var slot = Self.slot(c)
            while keys[slot] != 0 { slot = (slot + 1) & (slotCount - 1) }
            keys[slot] = c
            ranges[slot] = list.count..<(list.count + groups[c]!.count)
            list += groups[c]!
        }
        return (list, keys, ranges)
    }

    private static func slot(_ c: UInt32) -> Int { Int(truncatingIfNeeded: (UInt64(c) &* 0x9E37_79B9_7F4A_7C15) >> 54) }

    private static func find(_ c: UInt32, _ keys: [UInt32], _ groups: [Range<Int>]) -> Range<Int> {
        guard c != 0 else { return 0..<0 }
        var slot = slot(c)
        while true {
            let key = keys[slot]
            if key == c { return groups[slot] }
            if key == 0 { return 0..<0 }
            slot = (slot + 1) & (slotCount - 1)
        }
    }

    /// The keywords that start with `c` (lower-cased), as positions in ``keyword(at:)``'s list, in the keywords' order.
    func starting(with c: UInt32) -> Range<Int> { Self.find(c, slotScalars, slotGroups) }

    /// The keywords that end with `c` (lower-cased), as positions for ``keyword(endingAt:)``, in the keywords' order.
    func ending(with c: UInt32) -> Range<Int> { Self.find(c, lastScalars, lastGroups) }

    /// The keyword at position `n` of a ``starting(with:)`` range.
    func keyword(at n: Int) -> Int { byFirst[n] }

    /// The keyword at position `n` of an ``ending(with:)`` range.
    func keyword(endingAt n: Int) -> Int { byLast[n] }

    /// Keyword `k`'s place in ``scalars``.
    func range(_ k: Int) -> Range<Int> { starts[k]..<starts[k + 1] }
}
