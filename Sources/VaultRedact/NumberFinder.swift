/// Finds sensitive numbers in a text given as Unicode scalar values.
///
/// One pass turns the text into runs of number tokens (Arabic and full-width digits, Chinese
/// numerals, English number words, multipliers, check characters) held together by separators,
/// fillers and corrections, each token pointing back at its scalar range. Each run of at least ten
/// digits is then searched for windows, aligned with the way the digits were grouped, that pass a
/// check (MOD 11-2, Luhn, phone patterns); the context before and after decides the rest.
struct NumberFinder: Sendable {
    enum TokKind: UInt8 { case digit, mult, sep, plus, filler, restart, soft }
    enum Script: UInt8 { case arabic, chinese, word }

    struct Tok: Equatable {
        var kind: TokKind
        var value: UInt8       // digit value (10 = X) or multiplier count
        var script: Script
        var excluded: Bool     // part of an alphanumeric code, a decimal or a date
        var start: Int
        var end: Int
        var fragment: Int32 = 0  // which piece of a number said in pieces (see `Conversation`)
        var run: Int32 = 0       // which run of a linked chain it came from
    }

    struct Entry {
        var v: UInt8
        var tok: Int
        var start: Int
        var end: Int
        var groupStart: Bool
        var restartBefore: Bool
        var excluded: Bool
        var fragment: Int32
        var run: Int32
    }

    /// One run of number tokens, as the scan flushed it: a fragment of a number, or a whole one.
    struct Run: Equatable {
        var toks: [Tok]
        var digits: Int
        /// Where its first token starts and its last digit ends.
        var start: Int
        var end: Int
    }

    enum ContextHint: Equatable { case none, negative, positive(SensitiveNumberKind) }

    /// Whether the scan passes over an ideograph that `scannedIdeographs` does not hold with one
    /// bit test, where its switch would reach the same `default` case after testing every case
    /// before it. Off only in the test that holds both ways to the same output.
    let skipsPlainIdeographs: Bool

    /// Creates a finder.
    init(skipsPlainIdeographs: Bool = true) { self.skipsPlainIdeographs = skipsPlainIdeographs }

    // MARK: - English words

    fileprivate enum WordClass { case digit(UInt8), mult(UInt8), filler, restart, soft, plus }

    /// The English words above in an open-addressing table keyed by their 5-bit packing: no hashing
    /// of a `Hasher`, no dictionary, one multiply and usually one compare per word of the text.
    fileprivate struct WordTable {
        private var keys = [UInt64](repeating: 0, count: 256)
        private var values = [WordClass?](repeating: nil, count: 256)

        init(_ entries: [UInt64: WordClass]) {
            for (k, v) in entries {
                var slot = Self.slot(k)
                while keys[slot] != 0 { slot = (slot + 1) & 255 }
                keys[slot] = k; values[slot] = v
            }
        }

        private static func slot(_ k: UInt64) -> Int { Int(truncatingIfNeeded: (k &* 0x9E37_79B9_7F4A_7C15) >> 56) }

        subscript(_ k: UInt64) -> WordClass? {
            var slot = Self.slot(k)
            while true {
                let key = keys[slot]
                if key == k { return values[slot] }
                if key == 0 { return nil }
                slot = (slot + 1) & 255
            }
        }
    }

    fileprivate static let wordTable = WordTable(words)

    private static func key(_ s: String) -> UInt64 {
        var k: UInt64 = 0
        for b in s.utf8 { k = (k << 5) | (UInt64(b | 0x20) - 96) }
        return k
    }

    private static let words: [UInt64: WordClass] = {
        var m: [UInt64: WordClass] = [:]
        let digits: [(String, UInt8)] = [("zero", 0), ("oh", 0), ("o", 0), ("nought", 0), ("one", 1), ("two", 2), ("three", 3),
                                         ("four", 4), ("five", 5), ("six", 6), ("seven", 7), ("eight", 8), ("nine", 9),
                                         ("x", 10), ("ex", 10)]
        for (w, v) in digits { m[key(w)] = .digit(v) }
        m[key("double")] = .mult(2)
        m[key("triple")] = .mult(3)
        m[key("plus")] = .plus  // "plus four four": a country code follows
        for w in ["um", "umm", "ummm", "uh", "uhh", "uhhh", "uhm", "er", "err", "errr", "erm", "ah", "ahh", "eh", "hmm", "hmmm", "mm", "mmm", "hm", "like", "well", "so", "okay", "ok", "see", "think", "know", "you", "check"] {
            m[key(w)] = .filler
        }
        // "make that 424": a correction too.
        for w in ["sorry", "mean", "wait", "no", "actually", "correction", "oops", "scratch", "again", "rather", "make"] { m[key(w)] = .restart }
        for w in ["i", "it", "is", "its", "that", "let", "me", "start", "s"] { m[key(w)] = .soft }
        return m
    }()

    // MARK: - Scanning

    /// The spans of every sensitive number in `s`, in order, not overlapping; `turns`: who speaks
    /// the lines that carry no speaker label, where the transcript says.
    func find(_ s: [UInt32], turns: Turns = Turns()) -> [RedactionSpan] {
        Conversation(s: s, turns: turns).spans(in: runs(in: s))
    }

    /// The runs of number tokens that one pass over `s` makes (what `find` reads them from).
    func runs(in s: [UInt32]) -> [Run] {
        var scan = Scan(s: s, skipsPlainIdeographs: skipsPlainIdeographs)
        scan.run()
        return scan.runs
    }

    private struct Scan {
        let s: [UInt32]
        let skipsPlainIdeographs: Bool
        let words = NumberFinder.wordTable
        var spans: [RedactionSpan] = []
        var runs: [Run] = []
        var toks: [Tok] = []
        var digitCount = 0
        var streak = 0            // non-digit, non-separator tokens since the last digit
        var excludeArabicAt = -1  // an Arabic digit starting here follows letters directly

        init(s: [UInt32], skipsPlainIdeographs: Bool) {
            self.s = s
            self.skipsPlainIdeographs = skipsPlainIdeographs
            toks.reserveCapacity(64)
        }

        mutating func flush() {
            if toks.isEmpty { digitCount = 0; streak = 0; return }
            if digitCount > 0, let last = toks.lastIndex(where: { $0.kind == .digit }) {
                runs.append(Run(toks: Array(toks[...last]), digits: digitCount, start: toks[0].start, end: toks[last].end))
            }
            toks.removeAll(keepingCapacity: true)
            digitCount = 0
            streak = 0
        }

        mutating func push(_ kind: TokKind, _ value: UInt8, _ script: Script, _ start: Int, _ end: Int) {
            switch kind {
            case .digit:
                var excluded = false
                if script == .arabic {
                    if start == excludeArabicAt { excluded = true }
                    if let p = toks.last, p.kind == .digit, p.script == .arabic, p.end == start, p.excluded { excluded = true }
                }
                toks.append(Tok(kind: kind, value: value, script: script, excluded: excluded, start: start, end: end))
                digitCount += value == 10 ? 1 : 1
                streak = 0
            case .plus, .mult:
                if kind == .mult { digitCount += Int(value) - 1 }
                toks.append(Tok(kind: kind, value: value, script: script, excluded: false, start: start, end: end))
            case .sep:
                if !toks.isEmpty { toks.append(Tok(kind: kind, value: value, script: script, excluded: false, start: start, end: end)) }
            default:
                guard !toks.isEmpty else { return }
                if kind == .mult { digitCount += Int(value) - 1 }
                streak += 1
                if streak > 4 { flush(); return }
                toks.append(Tok(kind: kind, value: value, script: script, excluded: false, start: start, end: end))
            }
        }

        /// Marks the Arabic digits just before `pos` (contiguous) as part of a code, not a number.
        mutating func excludeArabicEndingAt(_ pos: Int) {
            var i = toks.count - 1
            var end = pos
            while i >= 0, toks[i].kind == .digit, toks[i].script == .arabic, toks[i].end == end {
                toks[i].excluded = true
                end = toks[i].start
                i -= 1
            }
        }

        /// Whether one to four capital letters, a word of their own, end at `i` ("CG" of "CG-46"),
        /// that name no kind of number ("ID-", "TEL-" do).
        func codePrefixEnds(at i: Int) -> Bool {
            var b = i
            while b > 0, (0x41...0x5A).contains(s[b - 1]), i - b < 5 { b -= 1 }
            guard (1...4).contains(i - b), b == 0 || !isLetter(b - 1) else { return false }
            return !Self.kindPrefixes.contains(Array(s[b..<i]))
        }

        static let kindPrefixes: Set<[UInt32]> = Set(["ID", "TEL", "MOB", "PH", "CELL", "CARD"].map { $0.unicodeScalars.map(\.value) })

        /// Whether the token just before `i` is an Arabic digit of a code, ending at `i`.
        func excludedDigitEnds(at i: Int) -> Bool {
            guard let last = toks.last else { return false }
            return last.kind == .digit && last.script == .arabic && last.excluded && last.end == i
        }

        func isArabicDigit(_ i: Int) -> Bool {
            guard i >= 0, i < s.count else { return false }
            let c = s[i]
            return (0x30...0x39).contains(c) || (0xFF10...0xFF19).contains(c)
        }

        func matches(_ i: Int, _ word: [UInt32]) -> Bool {
            guard i + word.count <= s.count else { return false }
            for k in 0..<word.count where s[i + k] != word[k] { return false }
            return true
        }

        /// Whether the run in progress opened right after 不是 and holds digits: a 是 in it then
        /// gives the digits that replace them ("不是幺八九，是幺八零").
        /// Whether the word `s[i..<j]` is the "code" of "country code" (or "dialling code", "calling code").
        func countryCode(_ i: Int, _ j: Int) -> Bool {
            guard j - i == 4, RunAnalyser.sameWord(s[i..<j], Self.code) else { return false }
            var e = i
            while e > 0, s[e - 1] == 0x20 { e -= 1 }
            var b = e
            while b > 0, Conversation.isASCIILetter(s[b - 1]) { b -= 1 }
            return Self.leadsCountryCode.contains { RunAnalyser.sameWord(s[b..<e], $0) }
        }

        private static let code = Array("code".unicodeScalars.map(\.value))
        private static let leadsCountryCode = ["country", "dialling", "dialing", "calling"].map { Array($0.unicodeScalars.map(\.value)) }

        func negatedRun() -> Bool {
            guard digitCount > 0, let first = toks.first, first.start >= 2 else { return false }
            return s[first.start - 2] == 0x4E0D && s[first.start - 1] == 0x662F
        }

        /// A multi-scalar Chinese word at `i` from the list, as its length.
        func chineseWord(_ i: Int, _ list: [[UInt32]]) -> Int {
            // "是不是" asks "is it …?": no correction.
            if Conversation.asksIsIt(s, at: i) { return 0 }
            for w in list where w[0] == s[i] && matches(i, w) { return w.count }
            return 0
        }

        mutating func run() {
            let n = s.count
            var i = 0
            while i < n {
                if i == 0 || s[i - 1] == 0x0A || s[i - 1] == 0x0D {
                    // A speaker label or timestamp opening a line ("[00:01:02] Agent:", "坐席：")
                    // is a turn boundary, never digits of a number.
                    let after = Conversation.labelEnd(s, from: i)
                    if after > i { flush(); i = after; continue }
                }
                let c = s[i]
                // A clock time ("14:05:35", "[00:00:12]", "8:45 pm") is never digits of a number.
                if c == 0x5B || c == 0x28 || c == 0xFF08 || c == 0x3010 || c == 0x3C || (c >= 0x30 && c <= 0x39), let end = Conversation.timestampEnd(s, at: i, limit: n) {
                    flush()
                    i = end
                    continue
                }
                if c < 0x80 {
                    if c >= 0x30 && c <= 0x39 {
                        push(.digit, UInt8(c - 0x30), .arabic, i, i + 1)
                        i += 1
                        continue
                    }
                    let lower = c | 0x20
                    if lower >= 0x61 && lower <= 0x7A {
                        var j = i
                        var k: UInt64 = 0
                        while j < n {
                            let l = s[j] | 0x20
                            guard s[j] < 0x80, l >= 0x61, l <= 0x7A else { break }
                            if j - i < 12 { k = k << 5 | UInt64(l - 96) }
                            j += 1
                        }
                        let afterDigit = isArabicDigit(i - 1)
                        let beforeDigit = isArabicDigit(j)
                        let cls: WordClass? = j - i <= 12 ? words[k] : nil
                        if cls == nil, !isArabicDigit(i - 1), !isArabicDigit(j), let glued = Self.gluedNumberWords(s, i, j) {
                            // "twotwo", "oneeightsix": number words a recogniser ran together.
                            for (value, isMult, range) in glued { push(isMult ? .mult : .digit, value, .word, range.lowerBound, range.upperBound) }
                            i = j
                            continue
                        }
                        if afterDigit {
                            if case .digit(10) = cls, j - i == 1, !beforeDigit {
                                push(.digit, 10, .arabic, i, j)   // 11010519491231002X
                            } else if case .digit(let v)? = cls, v < 10, j - i >= 3, !beforeDigit {
                                push(.digit, v, .word, i, j)      // "+86one five eight": a recogniser's run-on
                            } else if case .restart? = cls, j - i >= 2, !beforeDigit {
                                push(.restart, 0, .word, i, j)    // "629no wait, 620…": a correction run on
                            } else {
                                excludeArabicEndingAt(i)          // SF1234, 123abc
                                flush()
                                if beforeDigit { excludeArabicAt = j }
                            }
                            i = j
                            continue
                        }
                        if beforeDigit {
                            flush()
                            excludeArabicAt = j
                            i = j
                            continue
                        }
                        switch cls {
                        case .digit(1)? where j - i == 3 && oneIsAWord(i, j):
                            flush()                               // "the last one", "one moment"
                        case .digit(0)? where j - i == 2 && (s[i] | 0x20) == 0x6F && ohIsAWord(i, j):
                            flush()                               // "Oh hang on", "oh, I see"
                        case .digit(let v)? where (2...9).contains(v) && countsDigits(i):
                            flush()                               // "the last four", "first six"
                        case .digit(let v)?: push(.digit, v, .word, i, j)
                        case .mult(let m)?: push(.mult, m, .word, i, j)
                        case .filler?: push(.filler, 0, .word, i, j)
                        case .restart?: push(.restart, 0, .word, i, j)
                        case .soft?: push(.soft, 0, .word, i, j)
                        case .plus?:
                            flush()                               // "2 plus 3": what came before is not the number
                            push(.plus, 0, .word, i, j)
                        case nil:
                            flush()
                            // "country code 852, five seven …": a country code follows, as after "+"
                            // (the words themselves are no part of the number).
                            if countryCode(i, j) { push(.plus, 0, .word, j, j) }
                        }
                        i = j
                        continue
                    }
                    switch c {
                    case 0x2E, 0x2C:  // . ,
                        if c == 0x2E, dottedGroups(around: i) {
                            push(.sep, UInt8(c), .arabic, i, i + 1)   // 139.8765.4321: grouping, not a decimal point
                        } else if c == 0x2C, commaChunks(around: i) {
                            push(.sep, UInt8(c), .arabic, i, i + 1)   // 187,3895,77,8: a recogniser's chunks, not thousands
                        } else if isArabicDigit(i - 1) && isArabicDigit(i + 1) {
                            // 12,345.67 or 3.5: an amount, not a spoken number
                            excludeArabicEndingAt(i)
                            excludeArabicAt = i + 1
                        }
                        push(.sep, UInt8(c), .arabic, i, i + 1)
                    case 0x0A, 0x0D:
                        flush()  // a line is a turn (or a cue, a segment): `Conversation` joins lines that continue a number
                    case 0x2D where isArabicDigit(i + 1) && (codePrefixEnds(at: i) || excludedDigitEnds(at: i)):
                        // "CG-46-49749", "LP-53-81987": a code's capitals, then its digit groups.
                        excludeArabicAt = i + 1
                        push(.sep, UInt8(c), .arabic, i, i + 1)
                    case 0x20, 0x09, 0x2D, 0x5F, 0x28, 0x29, 0x2F, 0x21, 0x3F, 0x3B, 0x22, 0x27:
                        push(.sep, UInt8(c), .arabic, i, i + 1)
                    case 0x2B:
                        push(.plus, 0, .arabic, i, i + 1)
                    default:
                        flush()
                    }
                    i += 1
                    continue
                }
                // Most ideographs are no numeral, filler or correction word: the switch below would
                // test all its cases before its `default`, one ideograph at a time. A run of them
                // is passed at once (none opens a line or a timestamp).
                if skipsPlainIdeographs, Self.plainIdeograph(c) {
                    flush()
                    i += 1
                    while i < n, Self.plainIdeograph(s[i]) { i += 1 }
                    continue
                }
                var len = 1
                switch c {
                case 0xFF10...0xFF19: push(.digit, UInt8(c - 0xFF10), .arabic, i, i + 1)
                case 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD:
                    break  // zero-width and soft-hyphen characters: invisible, they join nothing and split nothing
                case 0x58F9: push(.digit, 1, .chinese, i, i + 1)                   // 壹 (financial numerals)
                case 0x8D30, 0x8CB3: push(.digit, 2, .chinese, i, i + 1)           // 贰 貳
                case 0x53C1, 0x53C3: push(.digit, 3, .chinese, i, i + 1)           // 叁 參
                case 0x8086: push(.digit, 4, .chinese, i, i + 1)                   // 肆
                case 0x4F0D: push(.digit, 5, .chinese, i, i + 1)                   // 伍
                case 0x9646, 0x9678: push(.digit, 6, .chinese, i, i + 1)           // 陆 陸
                case 0x67D2: push(.digit, 7, .chinese, i, i + 1)                   // 柒
                case 0x634C: push(.digit, 8, .chinese, i, i + 1)                   // 捌
                case 0x7396: push(.digit, 9, .chinese, i, i + 1)                   // 玖
                case _ where Self.mayBeOtherDigit(c):
                    if let v = Self.otherDigit(c) { push(.digit, v, .arabic, i, i + 1) } else { flush() }
                case 0x96F6, 0x3007, 0x25CB: push(.digit, 0, .chinese, i, i + 1)   // 零 〇 ○
                case 0x4E00 where positionNumeral(i), 0x5E7A where positionNumeral(i), 0x4E8C where positionNumeral(i),
                     0x4E24 where positionNumeral(i), 0x4E09 where positionNumeral(i), 0x56DB where positionNumeral(i),
                     0x4E94 where positionNumeral(i), 0x516D where positionNumeral(i), 0x4E03 where positionNumeral(i),
                     0x516B where positionNumeral(i), 0x4E5D where positionNumeral(i), 0x96F6 where positionNumeral(i):
                    flush()  // 第三位, 后四位, 末三位: a position or a count of digits, no digit (only numerals pay for the test)
                case 0x4E24 where repeatedDigit(i), 0x4E8C where repeatedDigit(i), 0x4E09 where repeatedDigit(i), 0x56DB where repeatedDigit(i):
                    // "两个八", "三个2": the digit after it said two, three or four times.
                    len = 2
                    push(.mult, c == 0x4E09 ? 3 : c == 0x56DB ? 4 : 2, .chinese, i, i + 2)
                case 0x4E00 where countingWord(i), 0x4E24 where countingWord(i):  // 一个, 一下, 最后一位, 两个, 第一
                    flush()
                case 0x4E00, 0x5E7A: push(.digit, 1, .chinese, i, i + 1)           // 一 幺
                case 0x4E8C, 0x4E24: push(.digit, 2, .chinese, i, i + 1)           // 二 两
                case 0x4E09: push(.digit, 3, .chinese, i, i + 1)
                case 0x56DB: push(.digit, 4, .chinese, i, i + 1)
                case 0x4E94: push(.digit, 5, .chinese, i, i + 1)
                case 0x516D: push(.digit, 6, .chinese, i, i + 1)
                case 0x4E03: push(.digit, 7, .chinese, i, i + 1)
                case 0x516B: push(.digit, 8, .chinese, i, i + 1)
                case 0x4E5D: push(.digit, 9, .chinese, i, i + 1)
                case 0x53C9: push(.digit, 10, .chinese, i, i + 1)                  // 叉
                case 0xFF38, 0xFF58:                                                // Ｘ ｘ
                    // After digits, or standing alone (an ID's check character said apart).
                    if isArabicDigit(i - 1) { push(.digit, 10, .arabic, i, i + 1) }
                    else if !isLetter(i - 1), !isLetter(i + 1) { push(.digit, 10, .chinese, i, i + 1) }
                    else { flush() }
                case 0x827E:                                                        // 艾克斯
                    if matches(i, [0x827E, 0x514B, 0x65AF]) { len = 3; push(.digit, 10, .chinese, i, i + 3) } else { flush() }
                case 0x5443, 0x55EF, 0x554A, 0x989D, 0x5514:              // 呃 嗯 啊 额 唔
                    push(.filler, 0, .chinese, i, i + 1)
                case 0x90A3, 0x8FD9:                                                // 那个 这个
                    if matches(i + 1, [0x4E2A]) { len = 2; push(.filler, 0, .chinese, i, i + 2) } else { flush() }
                case 0x54E6, 0x5662, 0x5440, 0x54C8:                                // 哦 噢 呀 哈
                    push(.filler, 0, .chinese, i, i + 1)
                case 0x5C31:                                                        // 就是
                    if matches(i, [0x5C31, 0x662F]) { len = 2; push(.soft, 0, .chinese, i, i + 2) } else { flush() }
                case 0x662F, 0x6211:                                                // 是 我
                    let w = chineseWord(i, Self.chineseRestarts)
                    let h = w > 0 ? 0 : chineseWord(i, Self.chineseHesitations)
                    if w > 0 { len = w; push(.restart, 0, .chinese, i, i + w) }
                    else if h > 0 { len = h; push(.filler, 0, .chinese, i, i + h) }
                    else if c == 0x662F, negatedRun() { push(.restart, 0, .chinese, i, i + 1) }  // 不是189，是180
                    else { push(.soft, 0, .chinese, i, i + 1) }
                case 0x8BA9, 0x7A0D:                                                // 让我看看 稍等
                    let h = chineseWord(i, Self.chineseHesitations)
                    if h > 0 { len = h; push(.filler, 0, .chinese, i, i + h) } else { flush() }
                case 0x4E0D, 0x8BF4, 0x9519, 0x91CD, 0x66F4, 0x62B1, 0x5BF9, 0x5E94, 0x7B49, 0x6DF7, 0x5C94, 0x4E32, 0x53E3:
                    let w = chineseWord(i, Self.chineseRestarts)
                    if w > 0 { len = w; push(.restart, 0, .chinese, i, i + w) } else { flush() }
                case 0xFF0C, 0x3001, 0x3002, 0xFF01, 0xFF1F, 0xFF1B, 0xFF08, 0xFF09, 0x3000, 0xFF0D, 0x00A0,
                     0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2026, 0x00B7, 0x201C, 0x201D, 0x2018, 0x2019:
                    push(.sep, 0, .chinese, i, i + 1)
                case 0xFF0B, 0x52A0: push(.plus, 0, .chinese, i, i + 1)   // ＋ 加
                default: flush()
                }
                i += len
            }
            flush()
        }

        /// Whether `c` is an ideograph (U+4E00 to U+9FFF) that the scan's switch takes to its
        /// `default` case: one that `scannedIdeographs` does not hold.
        static func plainIdeograph(_ c: UInt32) -> Bool { c >= 0x4E00 && c < 0xA000 && !scannedIdeographs.contains(c) }

        /// Every ideograph (U+4E00 to U+9FFF) that the scan's switch names, or a word it opens
        /// names: the others take its `default` case. `HardeningTests` holds the scan with and without
        /// this shortcut to the same runs on every ideograph.
        static let scannedIdeographs = ScalarSet("一七三不两个串九二五伍克八六加叁參叉口呀呃哈哦唔啊嗯噢四壹对就岔幺应我抱捌斯是更柒混玖稍等肆艾让说貳贰这那重错陆陸零额")

        /// Whether `c` lies where other scripts keep their decimal digits (Arabic-Indic,
        /// Devanagari, …; mathematical digits): a cheap range test before the Unicode lookup,
        /// which the CJK ideographs never reach.
        static func mayBeOtherDigit(_ c: UInt32) -> Bool {
            (c >= 0x0660 && c < 0x2000) || (c >= 0xA620 && c < 0xAC00) || c >= 0x10000
        }

        /// The value of a decimal digit of another script (Unicode general category Nd), if `c` is one.
        static func otherDigit(_ c: UInt32) -> UInt8? {
            guard let scalar = Unicode.Scalar(c), scalar.properties.numericType == .decimal,
                  let v = scalar.properties.numericValue, v >= 0, v <= 9 else { return nil }
            return UInt8(v)
        }

        /// Whether the `,` at `i` joins the chunks a recogniser wrote a number in ("187,3895,77,8",
        /// "4,201111985,0,202"), not thousands (1,234,567) or a decimal comma (3,5): among the
        /// digit groups that commas chain around it, one after the first is not of three digits,
        /// and one has four or more or there are three groups or more.
        func commaChunks(around i: Int) -> Bool {
            var groups: [Int] = []
            var k = i, back = 0
            // Back to the chain's first group (at most 16 groups back, and no group is walked
            // whole twice over: a group of more than 19 digits ends the chain), then forward.
            while k > 0, isArabicDigit(k - 1), back < 16 {
                var j = k - 1
                while j > 0, k - j <= 19, isArabicDigit(j - 1) { j -= 1 }
                back += 1
                guard j > 0, s[j - 1] == 0x2C, isArabicDigit(j - 2) else { k = j; break }
                k = j - 1
            }
            while k < s.count, isArabicDigit(k) {
                var j = k
                while isArabicDigit(j), j - k <= 19 { j += 1 }
                groups.append(j - k)
                guard j + 1 < s.count, s[j] == 0x2C, isArabicDigit(j + 1) else { break }
                k = j + 1
                if groups.count > 32 { break }
            }
            guard groups.count >= 2, groups.dropFirst().contains(where: { $0 != 3 }) else { return false }
            return groups.count >= 3 || groups.contains { $0 >= 4 }
        }

        /// Whether the `.` at `i` stands between digit groups of three or more with another such
        /// `.` among them (139.8765.4321): digits grouped with dots, not a decimal number or a
        /// version (3.5, 12,345.67, 13.8.1234.5678).
        func dottedGroups(around i: Int, linesBack: Int = 0) -> Bool {
            func digits(from j: Int, step: Int) -> Int {
                var k = j
                while isArabicDigit(k) { k += step }
                return abs(k - j)
            }
            let left = digits(from: i - 1, step: -1), right = digits(from: i + 1, step: 1)
            // "07494.087023": a whole part of two or more digits led by 0 is no amount's (0.5 is
            // one digit), so the dot only splits a number a transcriber broke.
            if left >= 2, right >= 3, s[i - left] == 0x30 { return true }
            // No amount has three decimals or more after a whole of four digits or more
            // ("62215573.24954402", "1716012.0895"); a group after such a dot is grouped too ("6222.6053.10").
            if left >= 4, right >= 3 { return true }
            let after = i + 1 + right, before = i - 1 - left
            if left >= 3, right >= 2, before >= 0, s[before] == 0x2E, digits(from: before - 1, step: -1) >= 4 { return true }
            // Digits said one by one with dots between ("4.3.6.7.4.2"): four single digits or more.
            if left == 1, right == 1 {
                var count = 0, k = i  // the digits right of each dot forward, then left of each dot back
                // Four are enough: at most four steps each way, so a long chain stays linear.
                while k + 1 < s.count, count < 4, s[k] == 0x2E, isArabicDigit(k + 1), !isArabicDigit(k + 2) { count += 1; k += 2 }
                k = i
                while s[k] == 0x2E, count < 8, isArabicDigit(k - 1), !isArabicDigit(k - 2) {
                    count += 1
                    guard k >= 2, s[k - 2] == 0x2E else { break }
                    k -= 2
                }
                if count >= 4 { return true }
            }
            if left >= 3, right >= 3 {
                if after < s.count, s[after] == 0x2E, digits(from: after + 1, step: 1) >= 3 { return true }
                if before >= 0, s[before] == 0x2E, digits(from: before - 1, step: -1) >= 3 { return true }
            }
            return left >= 1 && right >= 1 && linesBack < 3 && continuesDottedLine(around: i, linesBack: linesBack)
        }

        /// Whether the dotted number around the `.` at `i` stands alone on its line (after a speaker
        /// label) and goes on from a number grouped with dots that ends the line before
        /// ("6222.6053.10" / "12.229，" / "2.143"): a recogniser that put a dot in each pause of a
        /// card read slowly, not an amount. Looks at most 40 scalars each way and three lines back.
        func continuesDottedLine(around i: Int, linesBack: Int) -> Bool {
            func isNumberScalar(_ k: Int) -> Bool { isArabicDigit(k) || (k >= 0 && k < s.count && s[k] == 0x2E) }
            func isTrailing(_ c: UInt32) -> Bool { Self.lineEndPunctuation.contains(c) }
            var numberStart = i
            while numberStart > 0, i - numberStart < 40, isNumberScalar(numberStart - 1) { numberStart -= 1 }
            var numberEnd = i
            while numberEnd < s.count, numberEnd - i < 40, isNumberScalar(numberEnd) { numberEnd += 1 }
            // Alone on its line: only punctuation after it, only a label before it.
            var k = numberEnd
            while k < s.count, k - numberEnd < 8, isTrailing(s[k]) { k += 1 }
            guard k == s.count || s[k] == 0x0A || s[k] == 0x0D else { return false }
            var lineStart = numberStart
            while lineStart > 0, numberStart - lineStart < 40, s[lineStart - 1] != 0x0A, s[lineStart - 1] != 0x0D { lineStart -= 1 }
            guard lineStart > 0, s[lineStart - 1] == 0x0A || s[lineStart - 1] == 0x0D else { return false }
            var labelled = Conversation.labelEnd(s, from: lineStart, limit: numberStart)
            while labelled < numberStart, s[labelled] == 0x20 || s[labelled] == 0x09 { labelled += 1 }
            guard labelled == numberStart else { return false }
            // The line before ends with a number grouped with dots.
            var previousEnd = lineStart - 1
            while previousEnd > 0, lineStart - previousEnd < 8, s[previousEnd - 1] == 0x0A || s[previousEnd - 1] == 0x0D { previousEnd -= 1 }
            while previousEnd > 0, lineStart - previousEnd < 12, isTrailing(s[previousEnd - 1]), !isArabicDigit(previousEnd - 1) { previousEnd -= 1 }
            guard isArabicDigit(previousEnd - 1) else { return false }
            var dot = previousEnd - 1
            while dot > 0, previousEnd - dot < 40, isNumberScalar(dot), s[dot] != 0x2E { dot -= 1 }
            guard s[dot] == 0x2E else { return false }
            return dottedGroups(around: dot, linesBack: linesBack + 1)
        }

        /// Whether the 一 or 两 at `i` counts or orders something (一个, 一下, 一位, 两次, 第一)
        /// rather than being a digit: another ideograph that is no numeral follows it, or 第 precedes it.
        /// A recogniser's space between them ("我找 一 下身 份 证") parts them only before a measure word.
        func countingWord(_ i: Int) -> Bool {
            if i > 0, s[i - 1] == 0x7B2C { return true }  // 第
            guard i + 1 < s.count else { return false }
            if s[i + 1] == 0x20 {
                return i + 2 < s.count && Self.measureWords.contains(s[i + 2])
            }
            let next = s[i + 1]
            guard next >= 0x4E00, next < 0xA000 else { return false }
            guard !Conversation.numerals.contains(next), !Self.fillerIdeographs.contains(next) else { return false }
            // After digits it is the number's last digit unless a measure word follows ("…三三二一等一下"
            // ends in 一; "…三个一样" counts).
            if i > 0, Conversation.numerals.contains(s[i - 1]) || (0x30...0x39).contains(s[i - 1]) { return Self.measureWords.contains(next) }
            return true
        }

        /// Whether the Chinese numeral at `i` names a position in a number or counts its digits
        /// rather than being one of them: the numerals around it (十 included) follow 第 ("第三位",
        /// "第十五位"), they stand between 后, 末, 前, 头 or 尾 and 位 ("后四位", "末三位"), or they hold
        /// 十 before 位 ("十八位的").
        func positionNumeral(_ i: Int) -> Bool {
            func numeral(_ k: Int) -> Bool { k >= 0 && k < s.count && (Conversation.numerals.contains(s[k]) || s[k] == 0x5341) }
            var j = i
            while numeral(j - 1) { j -= 1 }
            if j > 0, s[j - 1] == 0x7B2C { return true }  // 第
            var k = i + 1
            while numeral(k) { k += 1 }
            guard k - j <= 2, k < s.count, s[k] == 0x4F4D else { return false }  // 位
            // "十八位的": a count of digits said with 十, which no digit of a number is.
            if s[j..<k].contains(0x5341) { return true }
            return j > 0 && Conversation.positionsBefore.contains(s[j - 1])
        }

        /// Measure words and the like after 一 or 两 that make it a count, not a digit.
        static let measureWords: ScalarSet = ScalarSet("个下位点些次张份块天年月号本条遍共样般直定切起会边半段句声口台部件种回")

        /// Whether the numeral at `i` says how often the digit after it is repeated: 个 and then
        /// a digit ("两个八", "三个2", "两个０").
        func repeatedDigit(_ i: Int) -> Bool {
            guard i + 2 < s.count, s[i + 1] == 0x4E2A else { return false }
            let d = s[i + 2]
            return (0x30...0x39).contains(d) || (0xFF10...0xFF19).contains(d) || Conversation.numerals.contains(d)
        }

        /// What may stand between a number and its line's end, or the next line: spaces, commas,
        /// full stops (ASCII and CJK) and the enumeration comma (`continuesDottedLine`).
        static let lineEndPunctuation: ScalarSet = [0x20, 0x09, 0x2C, 0x2E, 0xFF0C, 0x3002, 0x3001]

        static let fillerIdeographs: ScalarSet = [0x5443, 0x55EF, 0x554A, 0x989D, 0x5514, 0x90A3, 0x53C9, 0x827E]  // 呃 嗯 啊 额 唔 那, 叉 艾(克斯)

        /// Whether the "one" at `i..<j` is the pronoun or the article, not the digit: after a
        /// determiner ("the last one", "which one") or before a noun it counts ("one moment").
        func oneIsAWord(_ i: Int, _ j: Int) -> Bool {
            func word(endingBefore k: Int) -> String {
                var e = k
                while e > 0, s[e - 1] == 0x20 { e -= 1 }
                var b = e
                while b > 0, isLetter(b - 1), e - b < 12 { b -= 1 }
                return String(decoding: s[b..<e].map { UInt8($0 | 0x20) }, as: UTF8.self)
            }
            func word(startingAfter k: Int) -> String {
                var b = k
                while b < s.count, s[b] == 0x20 { b += 1 }
                var e = b
                while e < s.count, isLetter(e), e - b < 12 { e += 1 }
                return String(decoding: s[b..<e].map { UInt8($0 | 0x20) }, as: UTF8.self)
            }
            let after = word(startingAfter: j), before = word(endingBefore: i)
            // "the eighteenth one is a one not a six", "… is a six, not a one": a digit put right.
            if after == "not" { return false }
            // "After that one six three five", "redo that one five o two": two more digit words said
            // straight after it (no comma between; the second may be "oh", "o" or "one") go on with
            // the number.
            if Self.digitWords.contains(after) {
                var k = j
                while k < s.count, s[k] == 0x20 { k += 1 }
                while k < s.count, isLetter(k) { k += 1 }
                let second = word(startingAfter: k)
                if Self.digitWords.contains(second) || second == "oh" || second == "o" || second == "one" { return false }
            }
            if before == "a" {
                var k = i
                while k > 0, s[k - 1] == 0x20 { k -= 1 }
                if word(endingBefore: k - 1) == "not" { return false }
            }
            // "the eighteen-character one?", "the 16-digit one": after a compound adjective, a pronoun
            // (not after a digit word a hyphen joins to a country code: "1-six one seven").
            var k = i
            while k > 0, s[k - 1] == 0x20 { k -= 1 }
            let compound = !before.isEmpty && k - before.count > 0 && s[k - before.count - 1] == 0x2D && !Self.digitWords.contains(before)
            return compound || Self.beforeOne.contains(before) || Self.afterOne.contains(after)
        }

        /// Whether the "oh" at `i..<j` is the interjection, not a zero: no number word or digit
        /// stands next to it on either side, past spaces, commas, dashes, dots and up to two
        /// fillers ("Oh hang on, I got that wrong"; not "oh... um... seven").
        func ohIsAWord(_ i: Int, _ j: Int) -> Bool {
            func wordClass(_ b: Int, _ e: Int) -> WordClass? {
                guard b < e, e - b <= 12 else { return nil }
                var k: UInt64 = 0
                for x in b..<e {
                    let l = s[x] | 0x20
                    guard s[x] < 0x80, l >= 0x61, l <= 0x7A else { return nil }
                    k = k << 5 | UInt64(l - 96)
                }
                return words[k]
            }
            func numberAt(_ b: Int, _ e: Int) -> Bool {
                guard b < e else { return false }
                if e - b == 1, (0x30...0x39).contains(s[b]) || (0xFF10...0xFF19).contains(s[b]) || Conversation.numerals.contains(s[b]) { return true }
                switch wordClass(b, e) {
                case .digit?, .mult?: return true
                default: return Self.gluedNumberWords(s, b, e) != nil  // "twonine oh twoeight"
                }
            }
            // Punctuation and up to two fillers ("oh... um... seven") stand between.
            func between(_ c: UInt32) -> Bool { c == 0x20 || c == 0x2C || c == 0x2D || c == 0x2E || c == 0x2026 }
            // "…六一零七. Oh, and is your helpline …": a capital "Oh" opening a sentence is judged by
            // what follows it alone.
            var start = i
            while start > 0, s[start - 1] == 0x20 { start -= 1 }
            let opensSentence = s[i] == 0x4F && (start == 0 || [0x2E, 0x21, 0x3F, 0x0A, 0x0D, 0x3002, 0xFF01, 0xFF1F].contains(s[start - 1]))
            var e = i, b = i
            for _ in 0..<3 where !opensSentence {
                e = b
                while e > 0, between(s[e - 1]) { e -= 1 }
                b = e
                if b > 0, !isLetter(b - 1) { b -= 1 } else { while b > 0, isLetter(b - 1) { b -= 1 } }
                guard case .filler? = wordClass(b, e) else { break }
            }
            if !opensSentence, numberAt(b, e) { return false }
            b = j; e = j
            for _ in 0..<3 {
                b = e
                while b < s.count, between(s[b]) { b += 1 }
                e = b
                if e < s.count, !isLetter(e) { e += 1 } else { while e < s.count, isLetter(e) { e += 1 } }
                guard case .filler? = wordClass(b, e) else { break }
            }
            return !numberAt(b, e)
        }

        /// Whether the number word at `i` counts digits ("last four zero zero four three?", "the
        /// first six are …"): it follows "last", "first" or "final".
        func countsDigits(_ i: Int) -> Bool {
            var e = i
            while e > 0, s[e - 1] == 0x20 { e -= 1 }
            var b = e
            while b > 0, isLetter(b - 1), e - b < 8 { b -= 1 }
            guard b > 0 ? !isLetter(b - 1) : true else { return false }
            return Self.countingBefore.contains(String(decoding: s[b..<e].map { UInt8($0 | 0x20) }, as: UTF8.self))
        }

        static let countingBefore: Set<String> = ["last", "first", "final"]

        /// The English words for one digit (never "one" or "oh": a pronoun, an interjection).
        static let digitWords: Set<String> = ["zero", "two", "three", "four", "five", "six", "seven", "eight", "nine", "double", "triple"]

        static let beforeOne: Set<String> = ["the", "this", "that", "last", "which", "each", "every", "no", "any", "another", "first",
                                             "next", "other", "same", "new", "old", "right", "wrong", "only", "a", "final",
                                             "best", "good", "main", "better", "second", "usual"]
        static let afterOne: Set<String> = ["moment", "sec", "second", "minute", "min", "more", "of", "thing", "day", "time", "way",
                                            "question", "card", "account", "person", "call"]

        func isLetter(_ i: Int) -> Bool {
            guard i >= 0, i < s.count else { return false }
            let l = s[i] | 0x20
            return (s[i] < 0x80 && l >= 0x61 && l <= 0x7A) || (0xFF21...0xFF5A).contains(s[i])
        }

        /// The number words `s[i..<j]` is made of, when it is nothing but two or more of them
        /// ("onetwo", "doublenine", "ohfive"): value, whether it is a multiplier, and its range.
        /// Up to 128 letters: a card's nineteen digits run together, "three"s and "seven"s and
        /// a "triple" among them, fit in one word.
        static func gluedNumberWords(_ s: [UInt32], _ i: Int, _ j: Int) -> [(UInt8, Bool, Range<Int>)]? {
            guard j - i >= 4, j - i <= 128 else { return nil }
            // Cheapest test first: the word's first two letters must open a number word.
            let first = s[i] | 0x20, second = s[i + 1] | 0x20
            guard first >= 0x61, first <= 0x7A else { return nil }
            let seconds = gluedOpenings[Int(first - 0x61)]
            guard seconds == anySecond || second >= 0x61 && second <= 0x7A && seconds >> (second - 0x61) & 1 == 1 else { return nil }
            // Then, without allocating: the word must open with a number word.
            let opens = gluedWords.contains { word in
                word.0.count <= j - i && (0..<word.0.count).allSatisfy { s[i + $0] | 0x20 == word.0[$0] }
            }
            guard opens else { return nil }
            // Reachability from the end: `next[p]` is the length of a word starting at p that
            // leads to the end (longest first), 0 when none does.
            var next = [Int](repeating: 0, count: j - i + 1)
            var reach = [Bool](repeating: false, count: j - i + 1)
            reach[j - i] = true
            var p = j - i - 1
            while p >= 0 {
                for (word, _, _) in gluedWords where p + word.count <= j - i && reach[p + word.count] {
                    var same = true
                    for k in 0..<word.count where s[i + p + k] | 0x20 != word[k] { same = false; break }
                    if same { next[p] = word.count; reach[p] = true; break }
                }
                p -= 1
            }
            guard reach[0] else { return nil }
            var out: [(UInt8, Bool, Range<Int>)] = []
            var at = 0
            while at < j - i {
                let length = next[at]
                let entry = gluedWords.first { word in
                    word.0.count == length && (0..<length).allSatisfy { k in s[i + at + k] | 0x20 == word.0[k] }
                }!
                out.append((entry.1, entry.2, (i + at)..<(i + at + length)))
                at += length
            }
            return out.count >= 2 ? out : nil
        }

        /// Number words that may be run together, longest first (so "oh" wins over "o").
        static let gluedWords: [([UInt32], UInt8, Bool)] = {
            let list: [(String, UInt8, Bool)] = [("triple", 3, true), ("double", 2, true), ("three", 3, false), ("seven", 7, false),
                                                 ("eight", 8, false), ("zero", 0, false), ("four", 4, false), ("five", 5, false),
                                                 ("nine", 9, false), ("one", 1, false), ("two", 2, false), ("six", 6, false),
                                                 ("oh", 0, false), ("o", 0, false)]
            return list.map { (Array($0.0.unicodeScalars.map(\.value)), $0.1, $0.2) }
        }()

        /// For each first letter of a word (a…z), the second letters after which it may open with
        /// one of `gluedWords`, a bit each; `anySecond` where a one-letter word ("o") opens it.
        static let gluedOpenings: [UInt32] = {
            var table = [UInt32](repeating: 0, count: 26)
            for (word, _, _) in gluedWords {
                table[Int(word[0] - 0x61)] |= word.count == 1 ? anySecond : 1 << (word[1] - 0x61)
            }
            return table
        }()
        static let anySecond: UInt32 = 1 << 26 - 1

        /// Hesitations a caller says while reading a number off a card ("6225 呃 9659 … 我看看 … 4").
        static let chineseHesitations: [[UInt32]] = ["我看看", "我看一下", "我想想", "我想一下", "我找找", "我找一下", "我查一下", "我瞅瞅",
                                                     "让我看看", "让我想想", "让我找找", "稍等"].map { Array($0.unicodeScalars.map(\.value)) }

        static let chineseRestarts: [[UInt32]] = [
            Array("我说错了".unicodeScalars.map(\.value)), Array("说错了".unicodeScalars.map(\.value)),
            Array("说错".unicodeScalars.map(\.value)), Array("错了".unicodeScalars.map(\.value)),
            Array("不对".unicodeScalars.map(\.value)), Array("不是".unicodeScalars.map(\.value)),
            Array("重新说".unicodeScalars.map(\.value)), Array("重说".unicodeScalars.map(\.value)),
            Array("更正".unicodeScalars.map(\.value)), Array("抱歉".unicodeScalars.map(\.value)),
            Array("对不起".unicodeScalars.map(\.value)), Array("应该是".unicodeScalars.map(\.value)),
            Array("等一下".unicodeScalars.map(\.value)), Array("等等".unicodeScalars.map(\.value)),
            // "搞混了", "说岔了", "说串了", "口误": said wrong in other words.
            Array("混了".unicodeScalars.map(\.value)), Array("岔了".unicodeScalars.map(\.value)),
            Array("串了".unicodeScalars.map(\.value)), Array("口误".unicodeScalars.map(\.value)),
        ]
    }
}
