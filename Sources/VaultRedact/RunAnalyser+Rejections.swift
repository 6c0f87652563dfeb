/// Digits a speaker names as wrong beside the right ones: "中间是2285，不是2275", "979, not 779",
/// "不是2275，是2285". They are no digits of the number (the right ones take their place in it),
/// but they are hidden with it: with the number's visible tail they would tell most of it.
extension RunAnalyser {
    /// What the negations of a run say: which tokens are digits named as wrong, and which
    /// restarts are such a negation (no restart: the digits before it stand).
    struct Rejections {
        /// Per token of the run: a digit (or multiplier) named as wrong.
        var rejected: [Bool]
        /// The restart tokens that negate the digits after them.
        var negations: Set<Int>
    }

    /// The rejections in the run, or nil when it holds none. A negation (不是, 而不是, "not")
    /// rejects the stretch of digits right after it (spaces only between them, at least two) when
    /// - it follows digits as many as that stretch, or as the last group of it ("是2285不是2275",
    ///   "2285 8846，不是8864", "979, not 779"); in Chinese only after 是 or 为 ("2275不是2285" said
    ///   without punctuation is as often "2275 — no — 2285"), or
    /// - the stretch is followed by 是 / "it's" and as many digits ("不是2275，是2285").
    /// Otherwise it stays a restart: what follows it replaces what came before.
    func rejections() -> Rejections? {
        var result: Rejections?
        for ti in toks.indices where toks[ti].kind == .restart && negates(toks[ti]) {
            let after = stretch(from: ti + 1)
            guard after.digits >= 2 else { continue }
            var confirmed = false
            let before = stretch(endingBefore: ti)
            if before.digits > 0, after.digits == before.digits || after.digits == before.lastGroup,
               !chineseNegation(toks[ti]) || introduced(before.start) {
                confirmed = true
            } else {
                // "不是2275，是2285": the right digits after 是 / "it's", as many of them.
                var k = after.end
                var soft = false
                while k < toks.count, toks[k].kind == .sep || toks[k].kind == .soft || toks[k].kind == .filler {
                    if toks[k].kind == .soft { soft = true }
                    k += 1
                }
                if soft, k < toks.count {
                    let right = stretch(from: k)
                    confirmed = right.digits == after.digits || right.firstGroup == after.digits
                }
            }
            guard confirmed else { continue }
            if result == nil { result = Rejections(rejected: [Bool](repeating: false, count: toks.count), negations: []) }
            result!.negations.insert(ti)
            for k in after.start..<after.end where toks[k].kind == .digit || toks[k].kind == .mult { result!.rejected[k] = true }
            // The wrong digits said first, as the number's own, before the right ones put them right
            // ("+1 514 921, the middle bit is 991, not 921, then 3587"): they are no digits of it either.
            if before.digits > 0, let wrong = digitValues(after.start..<after.end) {
                for k in saidEarlier(wrong, before: before.start) { result!.rejected[k] = true }
            }
        }
        return result
    }

    /// The values of the digit tokens in `range`, or nil when a multiplier is among them.
    private func digitValues(_ range: Range<Int>) -> [UInt8]? {
        var values: [UInt8] = []
        for k in range {
            if toks[k].kind == .mult { return nil }
            if toks[k].kind == .digit { values.append(toks[k].value) }
        }
        return values
    }

    /// The digit tokens of the last of (at most) three stretches before token `index` that ends with
    /// `digits` as a group of its own, or as the whole stretch; empty when none does.
    private func saidEarlier(_ digits: [UInt8], before index: Int) -> [Int] {
        var end = index
        for _ in 0..<3 {
            let st = stretch(endingBefore: end)
            guard st.digits > 0, st.start < st.end else { return [] }
            let tokens = (st.start..<st.end).filter { toks[$0].kind == .digit || toks[$0].kind == .mult }
            if st.lastGroup == digits.count || st.digits == digits.count, tokens.count >= digits.count,
               tokens.suffix(digits.count).allSatisfy({ toks[$0].kind == .digit }),
               tokens.suffix(digits.count).map({ toks[$0].value }) == digits {
                return Array(tokens.suffix(digits.count))
            }
            // Back past what stands between this stretch and the one before it.
            var k = st.start - 1
            while k >= 0, toks[k].kind != .digit, toks[k].kind != .mult { k -= 1 }
            guard k >= 0 else { return [] }
            end = k + 1
        }
        return []
    }

    /// Hides each group of digits named as wrong whose neighbour digit, before the negation or
    /// after the group, one of `found` hides: with that span's kind, whole. One pass each way and a
    /// binary search per group, so a run full of negations stays linear.
    func hide(_ rejections: Rejections, besides found: Range<Int>, into spans: inout [RedactionSpan]) {
        let hiding = spans[found].sorted { $0.start < $1.start }
        /// The span that holds `pos`: spans of one analysis do not overlap.
        func covering(_ pos: Int) -> RedactionSpan? {
            let k = hiding.partitionPoint { $0.start <= pos } - 1
            return k >= 0 && pos < hiding[k].end ? hiding[k] : nil
        }
        func isRight(_ t: Int) -> Bool { toks[t].kind == .digit && !rejections.rejected[t] }
        // The nearest digit of the number after each token.
        var nextRight = [Int](repeating: -1, count: toks.count + 1)
        for k in stride(from: toks.count - 1, through: 0, by: -1) { nextRight[k] = isRight(k) ? k : nextRight[k + 1] }
        var lastRight = -1
        var k = 0
        while k < toks.count {
            guard rejections.rejected[k] else {
                if isRight(k) { lastRight = k }
                k += 1
                continue
            }
            var e = k + 1
            while e < toks.count, rejections.rejected[e] || toks[e].kind == .sep && toks[e].value == 0x20 && e + 1 < toks.count && rejections.rejected[e + 1] {
                e += 1
            }
            let start = toks[k].start, end = toks[e - 1].end
            let neighbours = [lastRight, nextRight[e]].filter { $0 >= 0 }
            if let span = neighbours.lazy.compactMap({ covering(self.toks[$0].start) }).first,
               covering(start).map({ end > $0.end }) ?? true {
                spans.append(RedactionSpan(start: start, end: end, kind: span.kind, confidence: .medium))
            }
            k = e
        }
    }

    /// A stretch of digits: the tokens `start..<end`, its digits, and those of its first and
    /// last groups (digits written together, or number words with only spaces between them).
    struct Stretch {
        var start = 0, end = 0, digits = 0, firstGroup = 0, lastGroup = 0
    }

    /// The digits from token `from` on (spaces before them skipped), up to the first token that
    /// is neither a digit, a multiplier nor a space, or the end of its piece.
    private func stretch(from: Int) -> Stretch {
        var k = from
        while k < toks.count, toks[k].kind == .sep, toks[k].value == 0x20 { k += 1 }
        var st = Stretch(start: k, end: k)
        var groupOpen = true
        var prev = -1
        while k < toks.count, toks[k].run == toks[st.start].run {
            let t = toks[k]
            if t.kind == .digit || t.kind == .mult {
                if t.excluded { return Stretch() }
                let n = t.kind == .mult ? Int(t.value) - 1 : 1
                if prev >= 0, !sameGroup(prev, k) { groupOpen = false; st.lastGroup = 0 }
                st.digits += n
                st.lastGroup += n
                if groupOpen { st.firstGroup += n }
                prev = k
                k += 1
                st.end = k
            } else if t.kind == .sep, t.value == 0x20 {
                k += 1
            } else {
                break
            }
        }
        return st
    }

    /// The digits just before token `index` (any separators between them and it skipped), back to
    /// the first token that is neither a digit, a multiplier nor a space, or the start of its piece.
    private func stretch(endingBefore index: Int) -> Stretch {
        var k = index - 1
        while k >= 0, toks[k].kind == .sep { k -= 1 }
        var st = Stretch(start: k + 1, end: k + 1)
        var groupOpen = true
        var next = -1
        while k >= 0, toks[k].run == toks[st.end - 1].run {
            let t = toks[k]
            if t.kind == .digit || t.kind == .mult {
                if t.excluded { return Stretch() }
                let n = t.kind == .mult ? Int(t.value) - 1 : 1
                if next >= 0, !sameGroup(k, next) { groupOpen = false }
                st.digits += n
                if groupOpen { st.lastGroup += n }
                next = k
                st.start = k
            } else if !(t.kind == .sep && t.value == 0x20) {
                break
            }
            k -= 1
        }
        return st
    }

    /// Whether the digit tokens `a` < `b` are of one group: Arabic digits written together,
    /// numerals or number words of one script with only spaces between them.
    private func sameGroup(_ a: Int, _ b: Int) -> Bool {
        let x = toks[a], y = toks[b]
        guard x.script == y.script else { return false }
        if x.script == .arabic { return x.end == y.start }
        return (x.end..<y.start).allSatisfy { s[$0] == 0x20 }
    }

    /// Whether a restart token is a negation: 不是 inside the run, or, for the restart a bridge
    /// put at a piece's start, 不是 or "not" just before it (spaces and punctuation aside).
    private func negates(_ t: Tok) -> Bool {
        if chineseNegation(t) { return true }
        guard t.end == t.start else { return false }
        var i = t.start
        while i > 0, Conversation.isSpaceOrPunctuation(s[i - 1]) { i -= 1 }
        guard i >= 3, s[(i - 3)..<i].map({ $0 | 0x20 }) == [0x6E, 0x6F, 0x74] else { return false }
        return i == 3 || !Conversation.isASCIILetter(s[i - 4])
    }

    /// Whether a token is the Chinese negation 不是 (said in the run, or just before a bridged piece).
    private func chineseNegation(_ t: Tok) -> Bool {
        if t.end > t.start { return t.end - t.start == 2 && s[t.start] == 0x4E0D && s[t.start + 1] == 0x662F }
        var i = t.start
        while i > 0, Conversation.isSpaceOrPunctuation(s[i - 1]) { i -= 1 }
        return i >= 2 && s[i - 2] == 0x4E0D && s[i - 1] == 0x662F
    }

    /// Whether the digits at token `index` were introduced by 是 or 为 (spaces and a colon aside):
    /// "中间是2285不是2275", "我的是2285，不是2275".
    private func introduced(_ index: Int) -> Bool {
        guard index < toks.count else { return false }
        var i = toks[index].start
        while i > 0, s[i - 1] == 0x20 || s[i - 1] == 0x3A || s[i - 1] == 0xFF1A { i -= 1 }
        return i > 0 && (s[i - 1] == 0x662F || s[i - 1] == 0x4E3A)
    }
}
