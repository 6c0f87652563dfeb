/// The context keywords (`RunAnalyser`'s "身份证", "card", "order" …) laid out for the scans that
/// look them up at every scalar: by first scalar, by first two and by last through open-addressing
/// tables (no hashing of a `Dictionary`), and the words end to end in one array, so a lookup copies
/// and retains nothing.
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
    /// Keyword indices grouped by the first two scalars a text may start them with (see
    /// ``candidates(at:in:before:)``), each group in the keywords' order, with the same table.
    private let byPair: [Int]
    private let pairKeys: [UInt64]
    private let pairGroups: [Range<Int>]

    private static let slotCount = 2048

    /// Indexes `words` (each non-empty, lower-cased where ASCII, not starting with a space).
    init(_ words: [[UInt32]]) {
        var scalars: [UInt32] = [], starts: [Int] = [0]
        for w in words {
            precondition(!w.isEmpty && !w.contains(0) && w[0] != 0x20, "a keyword is non-empty, holds no NUL and starts with no space")
            scalars += w
            starts.append(scalars.count)
        }
        self.scalars = scalars
        self.starts = starts
        (byFirst, slotScalars, slotGroups) = Self.table(words.indices.map { (UInt64(words[$0][0]), $0) })
        (byLast, lastScalars, lastGroups) = Self.table(words.indices.map { (UInt64(words[$0][words[$0].count - 1]), $0) })
        // A text starting "c0 c1" may start: the one-scalar keywords c0; those starting "c0 c1"; and
        // where c0 is an ideograph and c1 a space, those going on with another ideograph (a
        // recogniser's space between two of a keyword's ideographs). Key (c0, 0) holds the
        // one-scalar ones alone, for a text whose second scalar starts no keyword.
        var keys: [UInt64] = []
        for w in words {
            keys.append(Self.pair(w[0], 0))
            if w.count > 1 { keys.append(Self.pair(w[0], w[1])) }
            if w.count > 1, Self.ideograph(w[0]), Self.ideograph(w[1]) { keys.append(Self.pair(w[0], 0x20)) }
        }
        var seen = Set<UInt64>(), members: [(UInt64, Int)] = []
        for key in keys where seen.insert(key).inserted {
            let c0 = UInt32(truncatingIfNeeded: key >> 32), c1 = UInt32(truncatingIfNeeded: key)
            for (k, w) in words.enumerated() where w[0] == c0 {
                if w.count == 1 || w[1] == c1 || (c1 == 0x20 && Self.ideograph(c0) && Self.ideograph(w[1])) { members.append((key, k)) }
            }
        }
        (byPair, pairKeys, pairGroups) = Self.table(members)
    }

    private static func pair(_ c0: UInt32, _ c1: UInt32) -> UInt64 { UInt64(c0) << 32 | UInt64(c1) }

    /// Whether `c` is an ideograph (or another scalar from U+3400 on), between two of which a
    /// recogniser's space may stand inside a keyword.
    static func ideograph(_ c: UInt32) -> Bool { c >= 0x3400 }

    /// Groups `(key, index)` pairs by key (each group in the order given; no key 0) into one list and a table of slots.
    private static func table<Key: FixedWidthInteger>(_ pairs: [(UInt64, Int)]) -> ([Int], [Key], [Range<Int>]) {
        var groups: [UInt64: [Int]] = [:], order: [UInt64] = []
        for (c, k) in pairs {
            if groups[c] == nil { order.append(c) }
            groups[c, default: []].append(k)
        }
        precondition(order.count < slotCount / 2, "the keyword table is kept at most half full")
        var list: [Int] = []
        var keys = [Key](repeating: 0, count: slotCount), ranges = [Range<Int>](repeating: 0..<0, count: slotCount)
        for c in order {
            var slot = Self.slot(c)
            while keys[slot] != 0 { slot = (slot + 1) & (slotCount - 1) }
            keys[slot] = Key(c)
            ranges[slot] = list.count..<(list.count + groups[c]!.count)
            list += groups[c]!
        }
        return (list, keys, ranges)
    }

    private static func slot(_ c: UInt64) -> Int { Int(truncatingIfNeeded: (c &* 0x9E37_79B9_7F4A_7C15) >> 53) }

    private static func find<Key: FixedWidthInteger>(_ c: Key, _ keys: [Key], _ groups: [Range<Int>]) -> Range<Int> {
        guard c != 0 else { return 0..<0 }
        var slot = slot(UInt64(c))
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

    /// The keywords that may start at `i` of `s`, read no further than `end` (ASCII case folded):
    /// a superset of those ``match(_:in:at:before:)`` finds there, in the keywords' order, as
    /// positions for ``keyword(candidate:)``. Most positions of a text start no keyword's first
    /// two scalars, and get the one-scalar keywords alone.
    func candidates(at i: Int, in s: [UInt32], before end: Int) -> Range<Int> {
        let c0 = Self.folded(s[i]), c1 = i + 1 < end ? Self.folded(s[i + 1]) : 0
        guard c0 != 0 else { return 0..<0 }
        let group = Self.find(Self.pair(c0, c1), pairKeys, pairGroups)
        return group.isEmpty && c1 != 0 ? Self.find(Self.pair(c0, 0), pairKeys, pairGroups) : group
    }

    /// The keyword at position `n` of a ``candidates(at:in:before:)`` range.
    func keyword(candidate n: Int) -> Int { byPair[n] }

    /// Where keyword `k` ends when the text says it from `i`, reading no further than `end`; nil
    /// when it is not said there. ASCII case is folded; a space in the keyword matches one or more
    /// in the text ("batch  ID" from a recogniser's words), and a recogniser's spaces may stand
    /// between two of its ideographs ("家里电 话是").
    func match(_ k: Int, in s: [UInt32], at i: Int, before end: Int) -> Int? {
        let word = range(k)
        var j = i, n = word.lowerBound
        while n < word.upperBound, j < end {
            if scalars[n] == 0x20 {
                guard s[j] == 0x20 else { return nil }
                while j < end, s[j] == 0x20 { j += 1 }
            } else {
                if n > word.lowerBound, Self.ideograph(scalars[n]), Self.ideograph(scalars[n - 1]) {
                    while j < end, s[j] == 0x20 { j += 1 }
                    guard j < end else { return nil }
                }
                guard Self.folded(s[j]) == scalars[n] else { return nil }
                j += 1
            }
            n += 1
        }
        return n == word.upperBound ? j : nil
    }

    /// Whether keyword `k` is written at `i` of `s` as it is, ending by `end` (ASCII case folded;
    /// no space or ideograph rules: ``match(_:in:at:before:)`` has those).
    func saysExactly(_ k: Int, in s: [UInt32], at i: Int, before end: Int) -> Bool {
        let word = range(k)
        guard i + word.count <= end else { return false }
        return (0..<word.count).allSatisfy { Self.folded(s[i + $0]) == scalars[word.lowerBound + $0] }
    }

    /// `c`, ASCII lower-cased.
    private static func folded(_ c: UInt32) -> UInt32 { c >= 0x41 && c <= 0x5A ? c | 0x20 : c }

    /// The keyword at position `n` of a ``starting(with:)`` range.
    func keyword(at n: Int) -> Int { byFirst[n] }

    /// The keyword at position `n` of an ``ending(with:)`` range.
    func keyword(endingAt n: Int) -> Int { byLast[n] }

    /// Keyword `k`'s place in ``scalars``.
    func range(_ k: Int) -> Range<Int> { starts[k]..<starts[k + 1] }
}
