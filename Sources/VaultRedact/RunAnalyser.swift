/// Looks for sensitive numbers in one run of number tokens (see `NumberFinder`).
struct RunAnalyser {
    typealias Tok = NumberFinder.Tok
    typealias Entry = NumberFinder.Entry

    let s: [UInt32]
    let toks: [Tok]
    /// Who speaks the lines without a speaker label, where the transcript says.
    var turns = Turns()
    /// The nearest keywords already found in `s`, shared by every analyser of the text.
    let memo: Memo

    /// Analyses `toks` of `s`; `memo` is the text's (a new one when nil).
    init(s: [UInt32], toks: [Tok], turns: Turns = Turns(), memo: Memo? = nil) {
        self.s = s
        self.toks = toks
        self.turns = turns
        self.memo = memo ?? Memo()
    }

    /// What one text's analysers have found of its context keywords: a number's context is asked
    /// for by every rule that weighs it (its own, the read-backs and asides after it, the
    /// questions before the next turn), about twice per position on a transcript of calls.
    final class Memo {
        /// ``nearestKeyword(before:)``'s answers by position.
        fileprivate var nearest: [Int: (hint: NumberFinder.ContextHint, start: Int?, end: Int?)] = [:]
        /// An empty memo, for one text.
        init() {}
    }

    private struct Candidate {
        var from: Int   // entry index in the sub-run
        var to: Int
        var kind: SensitiveNumberKind
        var tier: Int
        var confidence: RedactionConfidence
        var crosses: Bool  // spans pieces of a number said in several (see `Conversation`)
        var aligned = false  // starts where a piece starts and ends where a piece ends
        var digits: [UInt8]? = nil  // a splice's digits: kept head of an abandoned attempt + the correction
    }

    /// A number found: its digits (10 = X) and kind, for recognising its repeats.
    struct Entity {
        var digits: [UInt8]
        var kind: SensitiveNumberKind
        /// Its spans, as indices into the spans array it was analysed into.
        var spans: Range<Int>
    }

    /// Expands the tokens into one entry per digit, then analyses each stretch not excluded.
    /// A piece (fragment) whose own context is negative ("order number …") is excluded.
    func analyse(into spans: inout [RedactionSpan], entities: inout [Entity]) {
        // A chain of pieces (see `Conversation`) judges each piece by its own context: an order
        // number's piece is left out, not the phone said two turns later.
        let pieces = isChain
        var entries: [Entry] = []
        entries.reserveCapacity(toks.count)
        var mult = 1
        var multStart = -1
        var restart = false
        var prev = -1
        var broken = false  // punctuation or a filler since the previous digit
        var fragment: Int32 = -1
        var fragmentStart = -1  // where the current fragment's first digit stands
        var negative = false
        // "上次付了 ¥209，OK，是 15729016100": an amount word names the amount said right after it,
        // not the digits after a word that follows; those are judged by their own context.
        var amount = !pieces && toks.first(where: { $0.kind == .digit }).map { amountNamed(before: $0.start) } == true
        var seenDigit = false
        // "Order 5521, it is 139 …", "For booking 828, that's six two …": a harmless word's own
        // number, then "is" / 是 and more digits in the same run. Where the digits before the word
        // stand under a harmless word and those after it do not, the former are left out, so the
        // rest is judged by its own context.
        var segment = (entry: 0, start: 0)  // the digits since the fragment's start or its last such word (set at its first digit)
        var softSinceDigit = false
        // "中间是2285，不是2275": the digits named as wrong are no digits of the number.
        let rejections = self.rejections()
        let spansBefore = spans.count
        for (ti, t) in toks.enumerated() {
            if let rejections, rejections.rejected[ti] { broken = true; continue }
            switch t.kind {
            case .digit:
                if t.fragment != fragment {
                    fragment = t.fragment
                    if pieces {
                        // A harmless number's own pieces: said on by the same speaker after a
                        // back-channel, with no word of their own ("The reference is 6037... / go on
                        // / 9538 0392 …"), they are the reference's too.
                        switch context(before: t.start) {
                        case .negative: negative = true
                        case .none:
                            negative = negative && fragmentStart >= 0 && s[fragmentStart..<t.start].contains(0x0A)
                                && Conversation(s: s, turns: turns, memo: memo).sameSpeaker(fragmentStart, t.start)
                        case .positive: negative = false
                        }
                    } else {
                        negative = false
                    }
                    fragmentStart = t.start
                    segment = (entries.count, t.start)
                } else if softSinceDigit, !amount {
                    if negative || Self.isNegative(context(before: segment.start)), !Self.isNegative(context(before: t.start)) {
                        for k in segment.entry..<entries.count { entries[k].excluded = true }
                        negative = false
                    }
                    segment = (entries.count, t.start)
                }
                softSinceDigit = false
                seenDigit = true
                if amount { negative = true }
                let start = multStart >= 0 ? multStart : t.start
                var contiguous = false
                if prev >= 0, mult == 1 {
                    let p = toks[prev]
                    // Digits written together are one group; number words are one group while
                    // only spaces stand between them ("one three eight" as against "138, 0013").
                    contiguous = p.script == t.script && p.fragment == t.fragment
                        && (t.script == .word ? !broken : p.end == t.start)
                }
                for k in 0..<mult {
                    entries.append(Entry(v: t.value, tok: ti, start: start, end: t.end, groupStart: k == 0 && !contiguous,
                                         restartBefore: k == 0 && restart, excluded: t.excluded || negative, fragment: t.fragment, run: t.run))
                }
                mult = 1; multStart = -1; restart = false; prev = ti; broken = false
            case .mult:
                mult = Int(t.value); multStart = t.start
            case .restart:
                if rejections?.negations.contains(ti) != true { restart = true }
                mult = 1; multStart = -1; broken = true
            case .sep:
                if t.value != 0x20 { broken = true }
            case .filler, .soft, .plus:
                broken = true
                if t.kind == .soft, seenDigit { softSinceDigit = true }
                if amount, seenDigit { amount = false; negative = false }
            }
        }
        markDates(&entries)
        var lo = 0
        while lo < entries.count {
            if entries[lo].excluded { lo += 1; continue }
            var hi = lo
            while hi < entries.count, !entries[hi].excluded { hi += 1 }
            if hi - lo >= 10 { analyse(entries, lo, hi, into: &spans, entities: &entities) }
            lo = hi
        }
        if let rejections, spans.count > spansBefore { hide(rejections, besides: spansBefore..<spans.count, into: &spans) }
    }

    private static func isNegative(_ hint: NumberFinder.ContextHint) -> Bool {
        if case .negative = hint { return true }
        return false
    }

    /// Excludes YYYY-MM-DD, YYYY/MM/DD and DD/MM/YYYY written in Arabic digits.
    private func markDates(_ entries: inout [Entry]) {
        var groups: [Range<Int>] = []
        var g = 0
        for i in 1...entries.count where i == entries.count || entries[i].groupStart {
            groups.append(g..<i); g = i
        }
        guard groups.count >= 3 else { return }
        func joiner(_ a: Range<Int>, _ b: Range<Int>) -> UInt32 {
            let end = entries[a.upperBound - 1].end, start = entries[b.lowerBound].start
            guard start == end + 1, toks[entries[a.lowerBound].tok].script == .arabic else { return 0 }
            let c = s[end]
            return c == 0x2D || c == 0x2F || c == 0x2E ? c : 0
        }
        func year(_ r: Range<Int>) -> Bool {
            r.count == 4 && ((entries[r.lowerBound].v == 1 && entries[r.lowerBound + 1].v == 9) || (entries[r.lowerBound].v == 2 && entries[r.lowerBound + 1].v == 0))
        }
        for i in 0..<(groups.count - 2) {
            let a = groups[i], b = groups[i + 1], c = groups[i + 2]
            let j1 = joiner(a, b), j2 = joiner(b, c)
            guard j1 != 0, j1 == j2 else { continue }
            let dateLike = (year(a) && (1...2).contains(b.count) && (1...2).contains(c.count))
                || ((1...2).contains(a.count) && (1...2).contains(b.count) && year(c))
            if dateLike { for k in a.lowerBound..<c.upperBound { entries[k].excluded = true } }
        }
    }

    /// The kind, tier (strength of the check) and confidence of the digits `d`; `plus`: they
    /// follow a "+" or "plus", so a country code comes first (a phone in international form is
    /// the strongest reading then).
    private func classify(_ d: ArraySlice<UInt8>, plus: Bool = false, cardAsked: Bool = false) -> (SensitiveNumberKind, Int, RedactionConfidence)? {
        let n = d.count
        if let x = d.firstIndex(of: 10), x != d.endIndex - 1 || n != 18 { return nil }
        var best: (SensitiveNumberKind, Int, RedactionConfidence)?
        func offer(_ k: SensitiveNumberKind, _ tier: Int, _ c: RedactionConfidence) {
            if best == nil || tier > best!.1 { best = (k, tier, c) }
        }
        if plus, NumberChecks.international(d) { offer(.phone, 4, .high) }
        if n == 18, NumberChecks.mod11_2(d) {
            if NumberChecks.plausibleID18(d) { offer(.idNumber, 4, .high) } else { offer(.idNumber, 0, .medium) }
        }
        if n == 15, NumberChecks.plausibleID15(d) { offer(.idNumber, 2, .medium) }
        // An ID's 17 digits with its check character said apart ("… and it ends with X"):
        // `Conversation` hides the character when it completes them.
        if n == 17, !d.contains(10), NumberChecks.plausibleID18(d) { offer(.idNumber, 3, .medium) }
        // Phones, with or without the country prefix.
        var rest = d
        var prefixed = false
        if n >= 13, d[d.startIndex] == 0, d[d.startIndex + 1] == 0, d[d.startIndex + 2] == 8, d[d.startIndex + 3] == 6 {
            rest = d.dropFirst(4); prefixed = true
        } else if n >= 11, d[d.startIndex] == 8, d[d.startIndex + 1] == 6 {
            rest = d.dropFirst(2); prefixed = true
        }
        if prefixed {
            if NumberChecks.mobile(rest) { offer(.phone, 3, .high) }
            else if NumberChecks.landlineWithoutTrunk(rest) { offer(.phone, 2, .medium) }
        }
        if NumberChecks.mobile(d) { offer(.phone, 3, .high) }
        if d[d.startIndex] == 0, NumberChecks.landlineWithoutTrunk(d.dropFirst()) { offer(.phone, 1, .medium) }
        if NumberChecks.ukMobile(d) { offer(.phone, 1, .medium) }  // no stronger than a PRC landline (0755 …) of the same digits
        if n >= 12, NumberChecks.mobileAfterIDD(d) { offer(.phone, 1, .medium) }  // "0044 7279 889094": as weak as a PRC landline
        if n >= 13, n <= 19, !d.contains(10), NumberChecks.luhn(d) {
            if n < 16 {
                // Short cards exist in a few schemes only; another short Luhn run is a card where one is asked for.
                if NumberChecks.shortCardScheme(d) { offer(.bankCard, 3, .high) } else if cardAsked { offer(.bankCard, 2, .medium) }
            } else if NumberChecks.knownCardPrefix(d) { offer(.bankCard, 3, .high) } else { offer(.bankCard, 2, .medium) }
        }
        return best
    }

    private func analyse(_ entries: [Entry], _ lo: Int, _ hi: Int, into spans: inout [RedactionSpan], entities: inout [Entity]) {
        let n = hi - lo
        let d = entries[lo..<hi].map(\.v)
        var context = self.context(before: entries[lo].start)
        // "退到4909，5548，8768，5006这张卡上": a kind named just after the number says what it is,
        // whatever an amount word before it said.
        switch context {
        case .positive: break
        default: if !isChain, let named = kindNamed(after: entries[hi - 1].end) { context = .positive(named) }
        }
        var hint: SensitiveNumberKind?
        // In a chain, a negative piece was excluded above: a negative word nearer a later piece's
        // start than its own context only speaks of an earlier piece.
        if case .negative = context, !isChain { return }
        if saidAsAnExample(entries[lo].start, entries[hi - 1].end) { return }
        if case .positive(let k) = context { hint = k }
        // A phone asked for on the line before, that no organisation's name claims: the answer is
        // someone's own line, even with an extension (asked only where an extension follows).
        lazy var ownLineAsked = hint == .phone && askedKind(before: entries[lo].start) == .phone && !organisationLine(before: entries[lo].start)
        // Windows start and end on group boundaries; after a context word that names a number,
        // also between any two number words (a phone said inside a longer run of words).
        var starts: [Int] = []
        for k in 0..<n {
            let e = entries[lo + k]
            if k == 0 || e.groupStart || (hint != nil && toks[e.tok].script == .word && entries[lo + k - 1].tok != e.tok) { starts.append(k) }
        }
        let ends = Array(starts.dropFirst()) + [n]

        // Windows are 10–19 digits long and start and end on group boundaries: for each start, only
        // the ends up to 19 digits on are tried, so a run of n digits costs O(n), never O(n²).
        var candidates: [Candidate] = []
        var firstEnd = 0
        for a in starts {
            while firstEnd < ends.count, ends[firstEnd] <= a { firstEnd += 1 }
            var e = firstEnd
            while e < ends.count, ends[e] - a <= 19 {
                let b = ends[e]
                e += 1
                // A window never spans a correction: the digits before it were abandoned.
                if restartWithin(entries, lo + a + 1, lo + b) { break }
                guard b - a >= 10 else { continue }
                guard var c = classify(d[a..<b], plus: afterPlus(entries[lo + a].tok), cardAsked: hint == .bankCard) else { continue }
                if c.1 == 0 && hint != .idNumber { continue }
                if hint == .idNumber, (b - a == 18 || b - a == 15), c.0 == .bankCard { c.0 = .idNumber }
                if hint == .bankCard, c.0 == .idNumber { c.0 = .bankCard }
                if moneyOrDateAfter(entries[lo + b - 1].end) { continue }
                // An extension after it makes a line a switchboard's, unless it answers a question for a
                // phone ("再留一个备用号码吧？/ 座机是021-5407-3119，分机816": someone's office landline).
                if c.0 == .phone, extensionAfter(entries[lo + b - 1].end), !ownLineAsked { continue }
                // A landline (or another weak phone reading) given as an organisation's line, or
                // inside what was asked for as a card or an ID ("卡号是…0831 9529 831"). A UK mobile
                // (as weak as a PRC landline of the same digits) is a person's, whatever line it is said to be.
                if c.0 == .phone, c.1 <= 1,
                   (organisationLine(before: entries[lo + a].start) && !NumberChecks.ukMobile(d[a..<b])) || hint == .bankCard || hint == .idNumber { continue }
                // A mobile's shape inside what was asked for as an ID or a card ("…sorry, I mean one nine
                // seven six zero six oh eight five nine eight seven": an ID's last twelve) is hidden whole,
                // as that kind: a phone's last four would show four of its digits.
                if c.0 == .phone, let asked = hint, asked == .idNumber || asked == .bankCard { c.0 = asked }
                let aligned = (a == 0 || entries[lo + a].run != entries[lo + a - 1].run)
                    && (b == n || entries[lo + b].run != entries[lo + b - 1].run)
                candidates.append(Candidate(from: a, to: b, kind: c.0, tier: c.1, confidence: c.2,
                                            crosses: entries[lo + a].fragment != entries[lo + b - 1].fragment, aligned: aligned))
            }
        }
        // The strongest check wins; on a tie a card of full length (16–19 digits) beats a short
        // scheme's (13–15: rarer than a long card's tail said apart from its first piece, "622202 /
        // and then 4232479814308"), then a window made of whole pieces beats one that cuts a piece
        // (a card read in two pieces over a phone-shaped middle of one), then a window inside one
        // piece beats one across pieces, then the longer, then the earlier.
        candidates.sort { x, y in
            if x.tier != y.tier { return x.tier > y.tier }
            if x.kind == .bankCard, y.kind == .bankCard, (x.to - x.from >= 16) != (y.to - y.from >= 16) { return x.to - x.from >= 16 }
            if x.aligned != y.aligned { return x.aligned }
            if x.crosses != y.crosses { return !x.crosses }
            if x.to - x.from != y.to - y.from { return x.to - x.from > y.to - y.from }
            return x.from < y.from
        }
        // Greedy by rank, no overlaps; `taken` makes each overlap test O(window), not O(chosen).
        var chosen: [Candidate] = []
        var taken = [Bool](repeating: false, count: n)
        for c in candidates where !taken[c.from..<c.to].contains(true) {
            chosen.append(c)
            for k in c.from..<c.to { taken[k] = true }
        }

        // Splices: a correction that restarts part of the number, not the whole of it ("171 -
        // 7614, no, sorry, 7611 - 6883" is 171 7611 6883; "62284816, 哦不是, 8107…" keeps 62284):
        // the abandoned attempt's leading digits and the correction together, when they pass a
        // strong check and nothing else claimed them. The hidden span is the same whatever the
        // number of digits kept: from the attempt's start to the correction's end.
        var owner = [Int](repeating: -1, count: n)  // the chosen candidate that holds each entry
        for (index, c) in chosen.enumerated() { for k in c.from..<c.to { owner[k] = index } }
        var dropped = Set<Int>()
        for r in 1..<n where entries[lo + r].restartBefore && !taken[r] {
            var a0 = r - 1
            while a0 > 0, !entries[lo + a0].restartBefore { a0 -= 1 }
            // A correction that starts the number over keeps nothing of the attempt: one in
            // international form ("+1 785 49… sorry, no wait, 001 785 490 3539") or one that says
            // the attempt's first digits again. A head kept from it would make a number never said.
            func international(_ k: Int) -> Bool { afterPlus(entries[lo + k].tok) || k + 1 < n && d[k] == 0 && d[k + 1] == 0 }
            let restated = international(r) && international(a0)
                || r - a0 >= 3 && r + 3 <= n && d[r..<(r + 3)].elementsEqual(d[a0..<(a0 + 3)])
            if restated { continue }
            // The attempt may hold a weaker reading of its own (an ID's 17 digits, its last digit
            // read apart, when the tail it said was wrong): a splice that passes the full check
            // takes its place.
            let within = Set(owner[a0..<r].filter { $0 >= 0 })
            guard within.allSatisfy({ chosen[$0].from >= a0 && chosen[$0].to <= r && chosen[$0].tier < 4 }) else { continue }
            let weakest = within.map { chosen[$0].tier }.max() ?? -1
            var best: Candidate?
            var bestLikeForLike = false
            // The correction's first group: a splice that drops as many digits of the attempt
            // replaces like for like ("212 648 / the middle is 684, not 648" drops 648). Only a group
            // of three or more: ASR output that gives each digit a token of its own has no groups.
            var groupEnd = r + 1
            while groupEnd < n, !entries[lo + groupEnd].groupStart { groupEnd += 1 }
            let replaced = groupEnd - r >= 3 ? groupEnd - r : -1
            // Only the digits within 19 of the restart, so a run full of corrections stays linear.
            for s in stride(from: max(a0, r - 18) + 1, to: r, by: 1) {
                let keep = s - a0
                for e in ends[Self.bisect(ends, above: r)...] {
                    guard e - r + keep <= 19 else { break }
                    if restartWithin(entries, lo + r + 1, lo + e) { break }
                    guard e - r + keep >= 10, !taken[r..<e].contains(true), !moneyOrDateAfter(entries[lo + e - 1].end) else { continue }
                    let digits = Array(d[a0..<s] + d[r..<e])
                    guard let c = spliceReading(digits[...], plus: afterPlus(entries[lo + a0].tok), hint: hint, at: entries[lo].start) else { continue }
                    // The strongest; on a tie, a like-for-like replacement, then the longer.
                    let likeForLike = r - s == replaced
                    if best == nil || c.1 > best!.tier
                        || c.1 == best!.tier && (likeForLike && !bestLikeForLike || likeForLike == bestLikeForLike && e > best!.to) {
                        best = Candidate(from: a0, to: e, kind: c.0, tier: c.1, confidence: c.2, crosses: false, digits: digits)
                        bestLikeForLike = likeForLike
                    }
                }
            }
            if let best, within.isEmpty || best.tier >= 4 && best.tier > weakest {
                for index in within {
                    dropped.insert(index)
                    for k in chosen[index].from..<chosen[index].to { taken[k] = false; owner[k] = -1 }
                }
                chosen.append(best)
                for k in best.from..<best.to { taken[k] = true; owner[k] = chosen.count - 1 }
            }
        }
        if !dropped.isEmpty { chosen = chosen.enumerated().filter { !dropped.contains($0.offset) }.map(\.element) }
        // A correction of a number's tail said as a piece of its own after it ("…1862。/ 不对，
        // 后面是01802"): the corrected digits are that number's, hidden with its kind.
        var ownerOf = [Int](repeating: -1, count: n)  // the chosen candidate each entry belongs to
        for (index, c) in chosen.enumerated() { for k in c.from..<c.to { ownerOf[k] = index } }
        for r in 1..<n where entries[lo + r].restartBefore && !taken[r] && taken[r - 1] && entries[lo + r].run != entries[lo + r - 1].run {
            var e = r
            while e < n, entries[lo + e].run == entries[lo + r].run, !taken[e] { e += 1 }
            guard e - r >= 3, e == n || entries[lo + e].run != entries[lo + r].run, ownerOf[r - 1] >= 0 else { continue }
            let owner = chosen[ownerOf[r - 1]]
            // A piece, not the whole number: hidden whole (tier 0), as a read-back it puts right may
            // have shown the same last digits already.
            chosen.append(Candidate(from: r, to: e, kind: owner.kind, tier: 0, confidence: .medium, crosses: true))
            for k in r..<e { taken[k] = true; ownerOf[k] = chosen.count - 1 }
        }

        if chosen.isEmpty, hint == .phone, !organisationLine(before: entries[lo].start) {
            // Asked for a phone: a number in a form too common to be a phone without a word that
            // asks for one: ten digits in national form (North American 415 555 0134, Indian
            // mobile 77501 06990), international without its
            // "+" (44 7700 900123) or after the prefix 00 in its place (0044 7700 900123), national
            // with its trunk 0 (0117 496 0584, 0412 345 678), or
            // anything of 8–15 digits after a "+" (which says a phone number follows, even one
            // said wrong: "+86 101-6000-0869"); whole pieces, the longest from the first start,
            // then again after each correction (an attempt and the number said again both go).
            // The country code said after "+" at the first attempt, carried over to a number said
            // again without it ("plus four four seven three eight… from the top: seven three eight seven …").
            let firstRestart = (1..<n).first { entries[lo + $0].restartBefore } ?? n
            let codes: [ArraySlice<UInt8>] = afterPlus(entries[lo].tok) ? (1...3).filter { $0 < firstRestart }.map { d[0..<$0] } : []
            func carried(_ a: Int, _ b: Int) -> Bool {
                a >= firstRestart && codes.contains { NumberChecks.international(Array($0 + d[a..<b])[...]) }
            }
            var from = 0
            search: for a in starts where (a == 0 || entries[lo + a].run != entries[lo + a - 1].run || entries[lo + a].restartBefore) && a >= from {
                var best: Int?
                let plus = afterPlus(entries[lo + a].tok)
                let idd = a + 1 < n && d[a] == 0 && d[a + 1] == 0
                for b in ends[Self.bisect(ends, above: a + (plus ? 7 : 9))...] {
                    guard b - a <= (plus ? 15 : idd ? 17 : 12) else { break }
                    guard b == n || entries[lo + b].run != entries[lo + b - 1].run || entries[lo + b].restartBefore,
                          plus || Self.phonePlan(d[a..<b]) || carried(a, b),
                          !restartWithin(entries, lo + a + 1, lo + b), !moneyOrDateAfter(entries[lo + b - 1].end),
                          !Conversation.countFollows(s, at: entries[lo + b - 1].end),
                          plus || !extensionAfter(entries[lo + b - 1].end) || ownLineAsked else { continue }
                    best = b
                }
                if let b = best {
                    // A number after "+" that passes no plan's check may not be whole: it shows no digits.
                    let checked = !plus || NumberChecks.international(d[a..<b])
                    chosen.append(Candidate(from: a, to: b, kind: .phone, tier: checked ? 1 : 0, confidence: .medium, crosses: false))
                    guard let next = (b..<n).first(where: { entries[lo + $0].restartBefore }) else { break search }
                    from = next
                }
            }
            // No attempt is a phone, but all of them said as one is: the "sorry" was a hesitation
            // ("0437... uh, let me see... 247 um, sorry 171"). Hidden whole, with no tail.
            if chosen.isEmpty, n <= 12, restartWithin(entries, lo + 1, hi), Self.phonePlan(d[...]), !moneyOrDateAfter(entries[hi - 1].end) {
                chosen.append(Candidate(from: 0, to: n, kind: .phone, tier: 0, confidence: .low, crosses: false))
            }
        }
        if chosen.isEmpty, let hint, hint != .phone {
            // Failed its check, but a context word says what it is: hide it, with low confidence.
            // The longest window of 15–19 digits on group boundaries, the first on a tie.
            var best: (Int, Int)?
            var firstEnd = 0
            for a in starts {
                while firstEnd < ends.count, ends[firstEnd] - a < 15 { firstEnd += 1 }
                var e = firstEnd
                while e < ends.count, ends[e] - a <= 19 {
                    let b = ends[e]
                    if best == nil || b - a > best!.1 - best!.0 { best = (a, b) }
                    e += 1
                }
            }
            if let (a, b) = best, !moneyOrDateAfter(entries[lo + b - 1].end) {
                chosen.append(Candidate(from: a, to: b, kind: hint, tier: 0, confidence: .low, crosses: false))
            }
        }
        chosen.sort { $0.from < $1.from }
        // Whether a correction comes at or after each entry (one pass, so asking is O(1)).
        var correctionFrom = [Bool](repeating: false, count: n + 1)
        for k in stride(from: n - 1, through: 0, by: -1) { correctionFrom[k] = correctionFrom[k + 1] || entries[lo + k].restartBefore }
        var previous = 0
        var emitted: [Range<Int>] = []  // entries hidden per chosen number, abandoned part included
        var emittedSpans: [Range<Int>] = []  // and the spans of each
        for c in chosen {
            var first = c.from
            if c.from > previous {
                let hasRestart = (previous + 1...c.from).contains { entries[lo + $0].restartBefore }
                let length = c.from - previous
                let sharesPrefix = length >= 2 && length <= c.to - c.from && d[previous] == d[c.from] && d[previous + 1] == d[c.from + 1]
                if hasRestart || sharesPrefix { first = previous }
            }
            // One span per piece of the number (the turns between pieces stay readable); a phone
            // keeps its last digits visible in its last piece only.
            var pieces: [Range<Int>] = []
            var pieceStart = first
            for k in (first + 1)..<c.to where entries[lo + k].run != entries[lo + k - 1].run {
                pieces.append(pieceStart..<k)
                pieceStart = k
            }
            pieces.append(pieceStart..<c.to)
            var visibleEntry = c.to
            // A phone abandoned for a correction after it ("…八八六四……不对，是…") shows nothing:
            // its last four are not the number's.
            let abandoned = correctionFrom[c.to]
            // A number spliced from an attempt and its correction shows no tail either unless a
            // strong check confirms it: its last four may be the wrong digits put together.
            let weakSplice = c.digits != nil && c.tier < 3
            if c.kind == .phone, !abandoned, c.tier > 0, !weakSplice {
                var k = c.to - 4
                while k < c.to, k > c.from, entries[lo + k - 1].tok == entries[lo + k].tok { k += 1 }
                // Only a last piece that holds all four shows them: a shorter one ("…六九三 / 嗯嗯 / 然后
                // three three two") is a piece, hidden whole, the rest of the four in the piece before.
                visibleEntry = k >= pieces[pieces.count - 1].lowerBound ? k : c.to
                // Four digits that straddle a correction ("不是189，是180") are no tail of one number.
                if visibleEntry < c.to, (visibleEntry + 1..<c.to).contains(where: { entries[lo + $0].restartBefore }) { visibleEntry = c.to }
            }
            let firstSpan = spans.count
            for (index, piece) in pieces.enumerated() {
                var start = entries[lo + piece.lowerBound].start
                let firstTok = entries[lo + piece.lowerBound].tok
                if index == 0, afterPlus(firstTok) {
                    var k = firstTok - 1
                    while toks[k].kind != .plus { k -= 1 }
                    start = toks[k].start
                }
                let end = entries[lo + piece.upperBound - 1].end
                let visible = visibleEntry < piece.upperBound ? max(start, entries[lo + visibleEntry].start) : end
                spans.append(RedactionSpan(start: start, end: end, kind: c.kind, confidence: c.confidence, visibleFrom: visible))
            }
            entities.append(Entity(digits: c.digits ?? Array(d[c.from..<c.to]), kind: c.kind, spans: firstSpan..<spans.count))
            emitted.append(first..<c.to)
            emittedSpans.append(firstSpan..<spans.count)
            previous = c.to
        }
        // A piece part of which is a chosen number is hidden whole: digits said in one breath
        // with a number belong to it (a window across pieces may have won over the piece's own).
        if !emitted.isEmpty {
            var covered = [Bool](repeating: false, count: n)
            for r in emitted { for k in r { covered[k] = true } }
            var k = 0
            while k < n {
                var e = k
                while e < n, entries[lo + e].run == entries[lo + k].run { e += 1 }
                if covered[k..<e].contains(true), covered[k..<e].contains(false) {
                    var a = k
                    while a < e {
                        guard !covered[a] else { a += 1; continue }
                        var b = a
                        while b < e, !covered[b] { b += 1 }
                        // Unless a date, an amount or a count follows it ("13925238343。我10月7号都在家"): its own.
                        let end = entries[lo + b - 1].end
                        if !moneyOrDateAfter(end), !Conversation.countFollows(s, at: end) {
                            let near = emitted.indices.min { abs(emitted[$0].lowerBound - a) < abs(emitted[$1].lowerBound - a) }!
                            spans.append(RedactionSpan(start: entries[lo + a].start, end: end, kind: chosen[near].kind, confidence: .low))
                            // A phone said in one breath with more digits ("one three eight eight oh oh …", a
                            // digit said twice) shows no tail: which four are its last is not known.
                            for (r, range) in zip(emitted, emittedSpans) where r.overlaps(k..<e) && !range.isEmpty && spans[range.lowerBound].kind == .phone {
                                for j in range { spans[j].visibleFrom = spans[j].end }
                            }
                        }
                        a = b
                    }
                }
                k = e
            }
        }
    }

    /// Whether the tokens are a chain of several pieces (see `Conversation`), not one run.
    private var isChain: Bool { (toks.last?.fragment ?? 0) > 0 }

    /// How a splice's digits read: a strong check; where a phone was asked for, a weaker phone
    /// reading ("07700, 400 / sorry, scratch that, 900, 541" is 07700 900 541), or a plan's shape
    /// the fallback accepts, at tier 0 so it shows no tail (a splice of the wrong digits would show
    /// four of them: "303, 238, sorry, the middle is 233, not 238, then 3428" is 303 233 3428).
    /// `plus`: the attempt was said after "+", so the head kept from it holds a country code.
    private func spliceReading(_ digits: ArraySlice<UInt8>, plus: Bool, hint: SensitiveNumberKind?, at start: Int) -> (SensitiveNumberKind, Int, RedactionConfidence)? {
        if let c = classify(digits, plus: plus), c.1 >= 3 || (hint == .phone && c.0 == .phone && c.1 >= 1) { return c }
        if hint == .phone, Self.phonePlan(digits), !organisationLine(before: start) { return (.phone, 0, .medium) }
        return nil
    }

    /// Whether digits have a phone plan's shape too common to be a phone without a word that
    /// asks for one: ten digits in national form (North American, Indian mobile), international
    /// without its "+", after the prefix 00, or national with its trunk 0.
    private static func phonePlan(_ d: ArraySlice<UInt8>) -> Bool {
        NumberChecks.tenDigitNational(d) || NumberChecks.international(d) || NumberChecks.nationalWithTrunk(d) || NumberChecks.internationalAfterIDD(d)
    }

    /// The index of the first element of `sorted` greater than `value`.
    private static func bisect(_ sorted: [Int], above value: Int) -> Int { sorted.partitionPoint { $0 <= value } }

    /// Whether a correction stands before any entry of `from..<to` (at most 19 entries).
    /// Whether the token `tok` follows a "+" (or "plus", "加"), spaces aside.
    private func afterPlus(_ tok: Int) -> Bool {
        var k = tok - 1
        while k >= 0, toks[k].kind == .sep, toks[k].value == 0x20 { k -= 1 }
        return k >= 0 && toks[k].kind == .plus
    }

    private func restartWithin(_ entries: [Entry], _ from: Int, _ to: Int) -> Bool {
        (from..<to).contains { entries[$0].restartBefore }
    }

    // MARK: - Context

    private static func scalars(_ s: String) -> [UInt32] { s.unicodeScalars.map(\.value) }

    private static let keywords: [([UInt32], NumberFinder.ContextHint)] = {
        var list: [(String, NumberFinder.ContextHint)] = []
        for w in ["身份证", "证件号", "证件", "身份号", "id", "i.d.", "identity", "id number", "id card", "national id", "resident id",
                  // An ID card's number, not a bank card's (longer than "card number", so they win).
                  "id card number", "identity card number", "id card no"] {
            list.append((w, .positive(.idNumber)))
        }
        for w in ["卡号", "银行卡", "信用卡", "借记卡", "储蓄卡", "卡", "账号", "帐号", "card", "card number", "account number", "credit card", "debit card", "visa", "mastercard", "unionpay", "银联",
                  // What one pays with, not what one pays (longer than "paid" and "pay", so they win).
                  "paid with", "pay with", "paying with", "paid using", "pay using", "paid on", "pay on"] {
            list.append((w, .positive(.bankCard)))
        }
        for w in ["手机", "电话", "号码", "联系方式", "致电", "打给", "来电", "phone", "mobile", "cell", "telephone", "call me", "reach me", "contact", "landline", "whatsapp", "wechat", "微信",
                  "text you", "call you", "reach you", "ring you", "call back", "callback", "calling from", "calling on", "reach you on",
                  "get me on", "get me at", "ring me", "text me", "message me", "打我",
                  // Said switching language mid-phrase ("有 update 我们 text 你").
                  "text 你", "text你", "call 你", "call你", "ring 你", "text 您", "call 您",
                  // Whose number, said with no kind: a phone, as "号码" is ("the number we have is
                  // …"); "your order number" matches none of them. "the number" alone points back
                  // to a kind named before it in the turn, if any (`context(before:)`).
                  "your number", "my number", "best number", "home number", "work number", "same number", "new number",
                  // A second line asked for ("Is there a backup number?").
                  "backup number", "back-up number", "spare number", "alternative number", "alternate number", "another number",
                  "other number", "second number", "daytime number", "evening number",
                  // Someone's own line ("my direct line", "your office number"; "the supporter line" is an
                  // organisation's: `organisationLine(before:)`).
                  "direct line", "direct dial", "my line", "your line", "home line", "work line", "private line", "office number",
                  "座机", "固话", "固定电话",
                  "the number", "the number we have", "the number i have", "the number on file",
                  // What the records hold, with no kind: a phone, as "号码" is, unless a kind named before
                  // it says which ("系统里是 908 / 602 8480，对吗？", "…six two three two on file, is that still current?").
                  "on file", "on record", "in the system", "in our system", "on our system", "on the system",
                  "系统里", "系统上", "系统中", "系统显示", "系统登记",
                  "what number", "which number", "a good number", "number to reach you", "number to call you", "number for you",
                  // How the caller will hear from us ("Updates go out by text."): by phone.
                  "by text", "via text", "by sms", "text message",
                  // A phone's own parts: longer than "code", so they win where both end.
                  "area code", "country code", "dialling code", "dialing code", "区号"] {
            list.append((w, .positive(.phone)))
        }
        for w in ["订单", "单号", "订单号码", "快递", "运单", "物流", "验证码", "校验码", "动态码", "工号", "编号", "流水号", "发票", "金额", "余额",
                  "合同", "会员卡", "价格", "一共", "总共", "共计", "付了", "支付", "转账", "¥", "￥", "$", "€", "£",
                  "rmb", "usd", "hkd", "sgd", "gbp",
                  // Cards that are no bank card (longer than "卡" and "card", so they win): passes, keys, gifts.
                  "月卡", "年卡", "季卡", "周卡", "次卡", "房卡", "门卡", "门禁卡", "工卡", "饭卡", "校园卡", "学生卡", "公交卡", "交通卡",
                  "礼品卡", "购物卡", "积分卡", "健身卡", "停车卡", "借书卡", "图书卡", "贺卡",
                  "member card", "membership card", "loyalty card", "library card", "key card", "keycard", "access card",
                  "business card", "club card", "reward card", "rewards card",
                  "order", "order number", "order id", "tracking", "tracking number", "tracking id", "verification", "verification code",
                  "otp", "code", "pin", "passcode", "invoice", "reference", "ref", "amount", "balance", "total", "confirmation",
                  "ticket", "case", "parcel", "package", "shipment", "serial", "transaction", "transaction id", "membership", "price", "paid", "pay",
                  "户号", "电表", "水表", "气表", "保单", "工单", "meter", "policy", "claim", "booking",
                  // A code: an invoice's 发票代码 (its 号码 is the invoice's number, not a phone), a postcode.
                  "代码", "邮编", "邮政编码", "postcode", "post code", "zip code", "postal code",
                  // A pet's microchip.
                  "芯片号", "芯片", "microchip", "chip number",
                  "序列号", "条码", "条形码", "借阅号", "借书证号", "serial number", "barcode",
                  "batch id", "refund id", "call id", "session id", "user id", "device id", "通话id", "批次号", "批次",
                  // An organisation's published line, nobody's own number (longer than "电话", so they win).
                  "咨询电话", "服务电话", "客服电话", "热线", "服务热线", "总机", "前台电话", "hotline", "helpline", "switchboard",
                  "emergency line", "enquiries", "enquiry line", "reception", "customer service", "customer services",
                  "front desk", "main desk", "help desk", "service desk", "box office", "pro shop", "shop line", "studio line", "desk line"] {
            list.append((w, .negative))
        }
        return list.map { (scalars($0.0), $0.1) }
    }()

    /// The longest keyword's length in scalars.
    private static let longestKeyword = keywords.map(\.0.count).max() ?? 0

    private static let caseWord = scalars("case")

    /// "the number": a phone only where nothing named before it in the turn says which number.
    private static let theNumber = scalars("the number")
    /// 号码: a phone only where no kind named or asked for before it says which number.
    private static let haoma = scalars("号码")
    /// Whether `s[start..<end]` is one of ``recordWords``.
    private func recordWord(_ start: Int, _ end: Int) -> Bool {
        Self.recordWords.contains { Self.sameWord(s[start..<end], $0) }
    }

    /// What the records hold ("on file", "系统里"): like 号码, a phone only where no kind named before
    /// says which; after a number, only right after it.
    private static let recordWords: [[UInt32]] = ["on file", "on record", "in the system", "in our system", "on our system", "on the system",
                                                  "系统里", "系统上", "系统中", "系统显示", "系统登记"].map { scalars($0) }

    /// ¥ ￥ $ € £: keywords that name only the amount right after them.
    private static let currencySigns: ScalarSet = [0xA5, 0xFFE5, 0x24, 0x20AC, 0xA3]

    /// Whether the keyword `word` at `i` of `text` (lower-cased) is part of an idiom that names no
    /// number: "in case we get cut off", "in any case".
    static func idiom<C: RandomAccessCollection>(_ word: [UInt32], at i: C.Index, in text: C) -> Bool where C.Element == UInt32, C.Index == Int {
        guard word == caseWord else { return false }
        func before(_ w: [UInt32]) -> Bool { i - text.startIndex >= w.count && text[(i - w.count)..<i].elementsEqual(w) }
        return before(scalars("in ")) || before(scalars("any "))
    }

    /// The keywords for the scans that look them up at every scalar, and each one's hint.
    private static let keywordIndex = KeywordIndex(keywords.map(\.0))
    private static let keywordHints = keywords.map(\.1)
    /// "case", the one keyword an idiom can hold.
    private static let caseKeyword = keywords.firstIndex { $0.0 == caseWord }!

    private static func isASCIILetter(_ c: UInt32) -> Bool {
        let l = c | 0x20
        return c < 0x80 && l >= 0x61 && l <= 0x7A
    }

    /// The context keywords `range` of `s` holds: whether it names a harmless number ("订单",
    /// "code") and whether it names a number's kind ("手机号", "card").
    static func keywordsIn(_ s: [UInt32], _ range: Range<Int>) -> (negative: Bool, positive: Bool) {
        var negative = false, positive = false
        for i in range {
            forEachKeyword(in: s, at: i, within: range) { index in
                if case .negative = keywordHints[index] { negative = true } else { positive = true }
            }
        }
        return (negative, positive)
    }

    /// Calls `body` with the index in `keywords` of each keyword that starts at `i` and ends inside
    /// `range` (ASCII case folded; an English word only between non-letters, the ends of `range`
    /// counting as such; never inside an idiom such as "in case").
    static func forEachKeyword(in s: [UInt32], at i: Int, within range: Range<Int>, _ body: (Int) -> Void) {
        let c = s[i] >= 0x41 && s[i] <= 0x5A ? s[i] | 0x20 : s[i]
        for n in keywordIndex.starting(with: c) {
            let index = keywordIndex.keyword(at: n)
            guard keywordIndex.saysExactly(index, in: s, at: i, before: range.upperBound) else { continue }
            let word = keywordIndex.range(index)
            let ascii = isASCIILetter(c)
            let leftOK = !ascii || i == range.lowerBound || !isASCIILetter(s[i - 1])
            let rightOK = !ascii || i + word.count == range.upperBound || !isASCIILetter(s[i + word.count])
            guard leftOK && rightOK else { continue }
            if index == caseKeyword, idiom(caseWord, at: i, in: s.lazy.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }) { continue }
            body(index)
        }
    }

    /// The nearest context keyword within 40 scalars before `pos` (longest on a tie).
    func context(before pos: Int) -> NumberFinder.ContextHint { context(before: pos, depth: 0) }

    private func context(before pos: Int, depth: Int) -> NumberFinder.ContextHint {
        // "白天打0417，七五四 144就行": 打 right before the digits says to call them.
        var i = pos
        while i > 0, s[i - 1] == 0x20 { i -= 1 }
        if i > 0, s[i - 1] == 0x6253, !(i > 1 && Self.notCallingBeforeDa.contains(s[i - 2])) { return .positive(.phone) }
        let (hint, start, end) = nearestKeyword(before: pos)
        if case .none = hint, let asked = askedKind(before: pos) { return .positive(asked) }
        // "Which card is it? Read me the number.": what the words before "the number" say (a kind,
        // or a harmless number: "your order … the number"), read as for a number said there; a
        // phone where they say nothing.
        if let start, let end, depth < 4, Self.sameWord(s[start..<end], Self.theNumber) {
            let earlier = context(before: start, depth: depth + 1)
            if case .none = earlier { return hint }
            return earlier
        }
        // 号码 ("number") after a kind named or asked for before it ("卡号报一下。/ 号码是6236 …"): that
        // kind's; never a harmless one's ("合同编号… / 回访打哪个号码？" still asks for a phone).
        if let start, let end, depth < 4, s[start..<end].elementsEqual(Self.haoma) || recordWord(start, end),
           case .positive(let earlier) = context(before: start, depth: depth + 1) {
            return .positive(earlier)
        }
        // "the phone number on the order": a harmless noun that only says whose number it is
        // does not make the kind named before it harmless.
        guard case .negative = hint, let start, let end else { return hint }
        // "上次付了 ¥209，OK，是 15729016100": the harmless word's own number stands between it and
        // this one, words after it: the word is spent, and says nothing about this number.
        if ownNumberBetween(end, pos) { return askedKind(before: pos).map { .positive($0) } ?? .none }
        // "the order was placed under 139…", "booking 是用 139… 登记的": the harmless thing was made with
        // the number, which is not its own.
        if madeWith(end, pos) { return askedKind(before: pos).map { .positive($0) } ?? .none }
        // "For the order on next Tuesday, it's …", "浙S·NG5F9的订单，登记的是…": a harmless word said in
        // passing (words of its own stand between it and the number, or it is what the number is
        // for) names no number: the kind the question asked for stands.
        if !namesANumber(after: end), !namesDirectly(end, pos) || purposeClause(start), let asked = askedKind(before: pos) { return .positive(asked) }
        // "我帮您催下快递。/ 客户：钱从5457-…这张扣的": a thing (no number's name) in a statement closed
        // before the number names no number at all: the number is judged by its own check.
        // Unless the sentence asks for the thing's number ("麻烦报下 case reference。/ OK，9247 …"): its
        // answer is that number.
        if !namesANumber(after: end), closedSentenceBetween(end, pos), !requestsIt(start, end), kindOverriding(harmlessAt: start) == nil { return .none }
        return kindOverriding(harmlessAt: start).map { .positive($0) } ?? hint
    }

    /// Whether an ID is named right before `pos` with only links between ("身份证后六位是", "ID
    /// number: "), or was asked for on the line before and the digits open the answer ("身份证号？
    /// / 410105，等一下我找找"), nothing named nearer.
    func namesOrAsksForAnID(before pos: Int) -> Bool {
        let (hint, _, end) = nearestKeyword(before: pos)
        func answersAQuestionForAnID() -> Bool {
            var lineStart = pos
            while lineStart > 0, s[lineStart - 1] != 0x0A, s[lineStart - 1] != 0x0D, pos - lineStart < 200 { lineStart -= 1 }
            return namesDirectly(Conversation.labelEnd(s, from: lineStart, limit: pos), pos) && askedKind(before: pos) == .idNumber
        }
        switch hint {
        case .positive(.idNumber): return end.map { namesDirectly($0, pos) } == true || answersAQuestionForAnID()
        case .none: return answersAQuestionForAnID()
        default: return false
        }
    }

    /// Ideographs before 打 that make it something other than calling ("拨打" still calls).
    private static let notCallingBeforeDa: ScalarSet = ScalarSet("敲攻殴挨")

    /// The kind that a harmless keyword starting at `start` only qualifies: one it governs ("the
    /// phone number on the order"), or one asked for earlier in the same sentence ("收货手机号报一下，
    /// 我查下订单" / "Which card would you like to pay with?"), since such a word only says what for.
    private func kindOverriding(harmlessAt start: Int) -> SensitiveNumberKind? {
        if let governing = governingKind(before: start) { return governing }
        var lineStart = start
        while lineStart > max(0, start - 60), !Self.endsSentence(s, lineStart - 1) { lineStart -= 1 }
        var i = start
        while i > lineStart {
            let named = nearestKeyword(before: i)
            guard let keywordStart = named.start, keywordStart >= lineStart else { break }
            // What the records hold is no kind ("系统里的订单号是…").
            if let end = named.end, recordWord(keywordStart, end) {
                i = keywordStart
                continue
            }
            // Not a kind whose number was given before the harmless word ("身份证110…，它的芯片号是…"),
            // nor one the harmless word follows with nothing between, in Chinese: a compound names its
            // last noun ("储值卡流水号" is a serial number, the card only whose).
            if case .positive(let kind) = named.hint {
                if named.end == i, i > 0, s[i - 1] >= 0x3400, s[i - 1] < 0xA000, s[i] >= 0x3400, s[i] < 0xA000 { return nil }
                // "这里是极客手机维修，工号 5457": a kind that only qualifies the noun after it (a phone
                // repair shop) names no number of its own.
                if let end = named.end, end < s.count, s[end] >= 0x3400, s[end] < 0xA000,
                   !Self.linkingIdeographs.contains(s[end]), !Self.askingAfterKind.contains(s[end]) {
                    i = keywordStart
                    continue
                }
                return named.end.map { Self.holdsNumber(s[$0..<start]) || Self.spellsDigits(s[$0..<start]) } == true ? nil : kind
            }
            i = keywordStart
        }
        return nil
    }

    /// Whether the harmless word ending at `end` is a number's name ("order number", "booking no.",
    /// "订单号"), not a thing's ("the order on Tuesday", "的订单，").
    private func namesANumber(after end: Int) -> Bool {
        var i = end
        while i < s.count, s[i] == 0x20 { i += 1 }
        guard i < s.count else { return false }
        if [0x53F7, 0x865F, 0x7801, 0x23, 0xFF03].contains(s[i]) { return true }  // 号 號 码 #
        var j = i
        while j < s.count, Self.isASCIILetter(s[j]) { j += 1 }
        return Self.numberNames.contains { Self.sameWord(s[i..<j], $0) }
    }

    /// Whether `text` is `word` (lower case), ASCII letters compared case-blind.
    static func sameWord(_ text: ArraySlice<UInt32>, _ word: [UInt32]) -> Bool {
        text.count == word.count && zip(text, word).allSatisfy { ($0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0) == $1 }
    }

    private static let numberNames: [[UInt32]] = ["number", "no", "num", "nr", "id", "ref", "code"].map { scalars($0) }

    /// Whether only links stand between a keyword ending at `from` and a number at `to` ("order
    /// number: ", "订单号是", "ref no. "): spaces, punctuation, and words that name no thing.
    private func namesDirectly(_ from: Int, _ to: Int) -> Bool {
        var i = from
        while i < to {
            let c = s[i]
            if Self.isASCIILetter(c) {
                var j = i
                while j < to, Self.isASCIILetter(s[j]) || s[j] == 0x27 { j += 1 }
                guard Self.linkingWords.contains(where: { Self.sameWord(s[i..<j], $0) }) else { return false }
                i = j
            } else if c >= 0x3400 && c < 0xA000 {
                guard Self.linkingIdeographs.contains(c) else { return false }
                i += 1
            } else {
                i += 1
            }
        }
        return true
    }

    /// Whether the harmless thing named before `from` was made with the number at `to` ("the order
    /// was made under 139…", "booked with 0749…", "booking 是用 139… 登记的"): "under", "with" or
    /// "using" after a verb of booking, between them; or 用 between them and, after the number, a booking
    /// said done (登记的, 订的): "可以用 010 … 预约" offers a place's line, not whose the thing is.
    private func madeWith(_ from: Int, _ to: Int) -> Bool {
        var i = from
        while i < to {
            let c = s[i]
            if c == 0x0A || c == 0x0D { return false }
            if c == 0x7528 { return bookedAfter(to) }  // 用
            guard Self.isASCIILetter(c) else { i += 1; continue }
            var j = i
            while j < to, Self.isASCIILetter(s[j]) { j += 1 }
            let word = s[i..<j]
            if [Self.underWord, Self.withWord, Self.usingWord].contains(where: { Self.sameWord(word, $0) }), let verb = Self.wordBefore(s, i), Self.bookingVerbs.contains(where: { Self.sameWord(verb, $0) }) {
                return true
            }
            i = j
        }
        return false
    }

    /// Whether a booking said done (登记的, 注册的, 订的 …) follows `pos` on its line within a
    /// number's length and a few words.
    private func bookedAfter(_ pos: Int) -> Bool {
        var i = pos
        while i < min(s.count, pos + 48), s[i] != 0x0A, s[i] != 0x0D {
            if Self.bookingsDone.contains(where: { i + $0.count <= s.count && s[i..<(i + $0.count)].elementsEqual($0) }) { return true }
            i += 1
        }
        return false
    }

    private static let underWord = scalars("under"), usingWord = scalars("using"), withWord = scalars("with")
    private static let bookingVerbs: [[UInt32]] = ["made", "booked", "registered", "placed", "reserved", "signed", "set", "opened", "done"].map { scalars($0) }
    private static let bookingsDone: [[UInt32]] = ["登记的", "注册的", "预订的", "预约的", "订的", "下的单", "买的", "办的", "绑定的", "开的", "留的"].map { scalars($0) }

    /// The ASCII word before the one starting at `i`, spaces between them.
    private static func wordBefore(_ s: [UInt32], _ i: Int) -> ArraySlice<UInt32>? {
        var e = i
        while e > 0, s[e - 1] == 0x20 { e -= 1 }
        var b = e
        while b > 0, isASCIILetter(s[b - 1]) { b -= 1 }
        return b < e ? s[b..<e] : nil
    }

    private static let linkingWords: [[UInt32]] = ["is", "was", "are", "number", "no", "num", "nr", "it's", "its", "it", "the", "a", "of", "id", "code", "ref"]
        .map { scalars($0) }
    private static let linkingIdeographs: ScalarSet = ScalarSet("是为號号码的编：嗯呃")
    /// Ideographs that may follow a kind's name when it asks for or gives the number ("手机呢", "卡报一下").
    private static let askingAfterKind: ScalarSet = ScalarSet("呢吗吧报多给留发也还和跟或啊呀请念说上里尾后前末")

    /// Whether the keyword at `start` stands in a clause that says what a number is for ("For the
    /// 5月1号 booking, 是 …", "for my order, it's …"): the clause opens with "for".
    private func purposeClause(_ start: Int) -> Bool {
        var i = start
        while i > 0, start - i < 30, !Self.endsSentence(s, i - 1), ![0x2C, 0xFF0C, 0x3A, 0xFF1A, 0x7C].contains(s[i - 1]) { i -= 1 }
        while i < start, s[i] == 0x20 { i += 1 }
        return i + 3 < start && (s[i] | 0x20) == 0x66 && (s[i + 1] | 0x20) == 0x6F && (s[i + 2] | 0x20) == 0x72 && s[i + 3] == 0x20
    }

    /// Words that name an amount: what they govern is the amount said right after them.
    private static let amountWords: Set<[UInt32]> = Set(["金额", "余额", "价格", "一共", "总共", "共计", "付了", "支付", "转账", "¥", "￥", "$", "€", "£",
                                                         "rmb", "usd", "hkd", "sgd", "gbp",
                                                         "amount", "balance", "total", "price", "paid", "pay"].map(scalars))

    /// Whether a keyword that names an amount stands right before `pos`: nothing but spaces, a
    /// colon or a currency sign between them ("付了 ¥209", "total: 209").
    func amountNamed(before pos: Int) -> Bool {
        let (hint, start, end) = nearestKeyword(before: pos)
        guard case .negative = hint, let start, let end,
              s[end..<pos].allSatisfy({ $0 == 0x20 || $0 == 0x3A || $0 == 0xFF1A || Self.currencySigns.contains($0) }) else { return false }
        return Self.amountWords.contains(s[start..<end].map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 })
    }

    /// Whether Arabic digits stand between `from` and `to` on one line, followed by a word
    /// (letters or an ideograph) before `to`, or by the end of a sentence or of the turn before
    /// another speaker's that holds `to`. (Across lines digits the speaker trails off after may
    /// be a piece of this number, said before the other party's back-channel.)
    private func ownNumberBetween(_ from: Int, _ to: Int) -> Bool {
        var sawDigit = false
        var spoken = 0  // Chinese numerals and their units in a row ("付了三百八那个，用的是…": 三百八)
        for i in from..<to {
            let c = s[i]
            // The word's number said, then the turn ends and the other party speaks ("客户：…预订单号是
            // WC-590076。/ 坐席：我重复一遍，…"), or the sentence ends with it: spent. (Trailing off, the
            // same speaker may go on with the word's own number after a back-channel: "流水号是2083……
            // / 嗯 / 8641 0577…".)
            if c == 0x0A || c == 0x0D { return sawDigit && (closedSentence(before: i) || Conversation(s: s, turns: turns, memo: memo).speakersDiffer(from, to)) }
            let numeral = c >= 0x3400 && c < 0xA000 && (Conversation.numerals.contains(c) || Self.chineseUnits.contains(c))
            spoken = numeral ? spoken + 1 : 0
            if (0x30...0x39).contains(c) || (0xFF10...0xFF19).contains(c) || spoken >= 2 {
                sawDigit = true
            } else if sawDigit, !numeral, Self.isASCIILetter(c) || (c >= 0x3400 && c < 0xA000) {
                return true
            }
        }
        return false
    }

    /// Whether a statement closed (a full stop or an exclamation mark; a question asks for what
    /// it names) stands between `from` and `to`.
    private func closedSentenceBetween(_ from: Int, _ to: Int) -> Bool {
        (from..<to).contains { i in
            s[i] == 0x3002 || s[i] == 0xFF01 || s[i] == 0x21 || s[i] == 0x2E && i + 1 < to && [0x20, 0x0A, 0x0D].contains(s[i + 1])
        }
    }

    /// Whether the sentence holding the keyword at `start..<end` asks for its number, without a
    /// question mark: a request before it in the sentence ("麻烦报下", "请提供", "read me the", "give
    /// me your") or after it ("…是多少。", "…报一下。").
    private func requestsIt(_ start: Int, _ end: Int) -> Bool {
        var from = start
        while from > 0, start - from < 24, !Self.endsSentence(s, from - 1) { from -= 1 }
        var to = end
        while to < s.count, to - end < 8, !Self.endsSentence(s, to) { to += 1 }
        func says(_ range: Range<Int>, _ phrases: [[UInt32]]) -> Bool {
            phrases.contains { p in
                range.count >= p.count && (range.lowerBound...(range.upperBound - p.count)).contains { i in
                    Self.sameWord(s[i..<(i + p.count)], p) && (!Self.isASCIILetter(p[0]) || i == 0 || !Self.isASCIILetter(s[i - 1]))
                        && (!Self.isASCIILetter(p[p.count - 1]) || i + p.count == s.count || !Self.isASCIILetter(s[i + p.count]))
                }
            }
        }
        return says(from..<start, Self.requestsBefore) || says(end..<to, Self.requestsAfter)
    }

    private static let requestsBefore: [[UInt32]] = ["报", "念", "读", "提供", "告诉", "给我", "发我", "输入", "麻烦", "请您", "请你",
                                                     "give me", "tell me", "read me", "read out", "send me", "i need", "i'll need", "we need",
                                                     "can i have", "could i have", "may i have", "can i get", "could i get", "let me have",
                                                     "what's", "what is", "please"].map { scalars($0) }
    private static let requestsAfter: [[UInt32]] = ["是多少", "多少", "报一下", "报下", "说一下", "说下", "念一下", "发一下", "给一下", "please"].map { scalars($0) }

    /// Whether the text before `i` (spaces aside) ends with a full stop, a question or an
    /// exclamation mark: not with a comma, a dash or an ellipsis ("2083……", "2083...").
    private func closedSentence(before i: Int) -> Bool {
        var k = i
        while k > 0, s[k - 1] == 0x20 { k -= 1 }
        guard k > 0 else { return false }
        switch s[k - 1] {
        case 0x3002, 0xFF01, 0xFF1F, 0x21, 0x3F: return true
        case 0x2E: return k < 2 || s[k - 2] != 0x2E
        default: return false
        }
    }

    /// 十 百 千 万: a number said in Chinese words counts with them.
    private static let chineseUnits: ScalarSet = ScalarSet("十百千万")

    /// The kind of number the turn before asked for or named ("Could you confirm the mobile
    /// number on the account?" / "Sure, it's 317 …"), when the number at `pos` comes within the
    /// first few words of its own turn; nil otherwise. Only a kind counts: a harmless word there
    /// ("your order is 4471") says nothing about the answer.
    private func askedKind(before pos: Int) -> SensitiveNumberKind? {
        func isBreak(_ c: UInt32) -> Bool { c == 0x0A || c == 0x0D }
        var lineStart = pos
        while lineStart > 0, !isBreak(s[lineStart - 1]) {
            lineStart -= 1
            if pos - lineStart > Self.answerReach + 40 { return nil }
        }
        guard lineStart > 0 else { return nil }
        // Within the first few words of the turn; or further on after a correction, which goes on
        // answering ("It's two zero six... eight eight, wait, not that, …, two zero six, eight zero six, …").
        let turn = Conversation.labelEnd(s, from: lineStart, limit: pos)
        // Spaces in a row count once (a recogniser's words are joined by two).
        let into = (turn..<pos).count { $0 == turn || s[$0] != 0x20 || s[$0 - 1] != 0x20 }
        guard into <= 40 || pos - turn <= Self.answerReach && Self.holdsCorrection(s[turn..<pos]) else { return nil }
        // The line before, skipping blank lines, cue timings ("00:01.000 --> …") and cue numbers.
        var end = lineStart - 1
        var waits = 0
        var readBack = false
        for _ in 0..<7 {
            while end > 0, isBreak(s[end - 1]) { end -= 1 }
            var start = end
            while start > 0, !isBreak(s[start - 1]), end - start <= 400 { start -= 1 }
            let line = s[start..<end]
            let timing = Conversation.cueTiming(s, start..<end)
            let cueNumber = line.allSatisfy { (0x30...0x39).contains($0) || $0 == 0x20 }
            if !line.isEmpty, !timing, !cueNumber, !Self.bareLabel(line) {
                // The last kind the question names, however far from its end ("Can I get a callback
                // number in case we get disconnected?"); none when it names a harmless number last.
                var at = end
                while at > start {
                    let named = nearestKeyword(before: at)
                    guard let keyword = named.start, keyword >= start else {
                        // Nothing in the 40 before: look further back, overlapping by a whole keyword, so
                        // none is ever cut in two at a window's edge ("Which mobile should we ring when
                        // we're outside?" had "mobile" cut in both windows).
                        at -= 40 - Self.longestKeyword
                        continue
                    }
                    // A kind whose number follows it on that line was answered there ("我这个号是1475…"):
                    // it asks nothing of the next line.
                    guard let answered = named.end, !Self.holdsNumber(s[answered..<end]), !Self.spellsDigits(s[answered..<end]) else { return nil }
                    if case .positive(let kind) = named.hint { return kind }
                    // "Which card would you like to pay with? The long number on the front, please.": a
                    // harmless word that only says what for leaves the kind asked before it.
                    if case .negative = named.hint { return kindOverriding(harmlessAt: keyword) }
                    return nil
                }
                // "What number should we call you back on? / Okay, 303, 238 — ugh, my glasses, … / Just to
                // confirm, three oh three, …?": the other party reading an answer back reads back what
                // the answer was asked for; the question stands above the answer.
                if !readBack, waits == 0, Self.holdsNumber(line) || Self.spellsDigits(line),
                   Conversation(s: s, turns: turns, memo: memo).speakersDiffer(end, pos), readsBack(turn, pos) {
                    readBack = true
                } else {
                    // "Hang on, let me dig it out." / "Take your time." / "...right...": waiting for the
                    // number, not a new turn of talk; the question stands above them.
                    guard waiting(line), waits < 3 else { return nil }
                    waits += 1
                }
            }
            guard start > 0 else { return nil }
            end = start - 1
        }
        return nil
    }

    /// Whether a line only waits for a number being looked for: no digits, at most eight words (or
    /// twelve ideographs) besides its label, and a phrase of looking, waiting or getting ready to
    /// write it down ("hang on, let me find it", "take your time", "稍等，我找一下", "不急", "go ahead",
    /// "你记一下") or nothing but fillers ("...right...", "Okay, ready?").
    private func waiting(_ line: ArraySlice<UInt32>) -> Bool {
        var from = line.startIndex
        // A stamp that opens the line ("00:34/Shooter: …") is no digit of its words.
        if let stamp = Conversation.timestampEnd(s, at: from, limit: line.endIndex) {
            from = stamp
            while from < line.endIndex, s[from] == 0x2F || s[from] == 0x20 || s[from] == 0x7C { from += 1 }
        }
        let body = line[Conversation.labelEnd(s, from: from, limit: line.endIndex)...]
        // Cheap first, with no allocation: no digit, and short.
        var letters = 0, ideographCount = 0
        for c in body {
            if (0x30...0x39).contains(c) { return false }
            if Conversation.isASCIILetter(c) { letters += 1 } else if c >= 0x3400, c < 0xA000 { ideographCount += 1 }
        }
        guard letters <= 60, ideographCount <= 12, letters + ideographCount > 0 else { return false }
        var words: [String] = [], ideographs: [UInt32] = [], word: [UInt8] = []
        for c in body {
            if Conversation.isASCIILetter(c) || c == 0x27 { word.append(UInt8(c | 0x20)); continue }
            if !word.isEmpty { words.append(String(decoding: word, as: UTF8.self)); word.removeAll() }
            if c >= 0x3400, c < 0xA000 { ideographs.append(c) }
        }
        if !word.isEmpty { words.append(String(decoding: word, as: UTF8.self)) }
        guard words.count <= 8, ideographs.count <= 12, !words.isEmpty || !ideographs.isEmpty else { return false }
        if ideographs.isEmpty, words.allSatisfy(Self.waitingFillers.contains) { return true }
        let text = Array((" " + words.joined(separator: " ") + " ").utf8)
        if Self.waitingEnglish.contains(where: { Conversation.holds(text, $0) }) { return true }
        return Self.waitingChinese.contains { phrase in
            ideographs.count >= phrase.count && (0...(ideographs.count - phrase.count)).contains { Array(ideographs[$0..<($0 + phrase.count)]) == phrase }
        }
    }

    /// Whether the turn from `turn` reads a number at `pos` back: a word of confirming or repeating
    /// before it ("just to confirm", "so that's", "我跟您核对一下", "您说的是"), or a question that the
    /// line ends in ("303 233 3428?", "…对吗？").
    private func readsBack(_ turn: Int, _ pos: Int) -> Bool {
        let before = s[turn..<pos].lazy.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        let text = Array(before)
        if Self.readBackCues.contains(where: { cue in
            text.count >= cue.count && (0...(text.count - cue.count)).contains { i in
                text[i..<(i + cue.count)].elementsEqual(cue) && (!Self.isASCIILetter(cue[0]) || i == 0 || !Self.isASCIILetter(text[i - 1]))
            }
        }) { return true }
        var i = pos
        while i < s.count, s[i] != 0x0A, s[i] != 0x0D, i - pos < 200 { i += 1 }
        while i > pos, [0x20, 0x2E, 0x3002, 0x2026].contains(s[i - 1]) { i -= 1 }
        return i > pos && [0x3F, 0xFF1F, 0x5417, 0x5427].contains(s[i - 1])  // ? ？ 吗 吧
    }

    private static let readBackCues: [[UInt32]] = ["confirm", "read that back", "read it back", "reading it back", "repeat", "so that's",
                                                   "so it's", "so that is", "确认", "核对", "重复", "复述", "说的是", "是不是"].map { scalars($0) }

    private static let waitingFillers: Set<String> = ["right", "ok", "okay", "um", "uh", "er", "erm", "hmm", "mm", "so", "yeah", "sure", "alright", "ready"]
    private static let waitingEnglish: [String] = [
        " hang on ", " hold on ", " one moment ", " one sec ", " one second ", " just a sec ", " just a moment ", " bear with me ",
        " let me find ", " let me dig ", " let me check ", " let me look ", " let me grab ", " let me get ", " let me see ",
        " take your time ", " no rush ", " no hurry ", " go ahead ", " i'll wait ", " fire away ", " got a pen ", " ready when you are ",
        " you ready ", " are you ready ", " write this down ", " something to write ",
        // Announcing it: "Right, here it comes:", "Okay, here you go —".
        " here it comes ", " here it is ", " here you go ", " here goes ", " here we go ", " ready for it ",
    ]
    private static let waitingChinese: [[UInt32]] = ["稍等", "等一下", "等等", "我找", "我看看", "我翻", "我查", "不急", "慢慢来", "您找", "您慢慢",
                                                     "您说", "你说", "请讲", "请说", "记一下", "拿笔", "准备好"].map { scalars($0) }

    /// `Conversation.englishCorrections` as scalars, for comparing words in place.
    private static let correctionWords: [[UInt32]] = Conversation.englishCorrections.map { scalars($0) }

    /// How far into its turn a number may stand after a correction and still answer the question before.
    static let answerReach = 200

    /// Whether `text` says digits and then a correction of them ("two zero six… wait", "一八幺，不对").
    static func holdsCorrection(_ text: ArraySlice<UInt32>) -> Bool {
        var said = false
        var i = text.startIndex
        while i < text.endIndex {
            let c = text[i]
            if isASCIILetter(c) {
                var j = i
                while j < text.endIndex, isASCIILetter(text[j]) { j += 1 }
                let word = text[i..<j]
                if said, correctionWords.contains(where: { sameWord(word, $0) }) { return true }
                said = said || digitWords.contains { sameWord(word, $0) }
                i = j
                continue
            }
            said = said || (0x30...0x39).contains(c) || Conversation.numerals.contains(c)
            // Not the 不是 of 是不是 ("is it …?").
            if said, c >= 0x3400, c < 0xA000, !Conversation.asksIsIt(text, at: i),
               Conversation.chineseCorrections.contains(where: { w in i + w.count <= text.endIndex && text[i..<(i + w.count)].elementsEqual(w) }) { return true }
            i += 1
        }
        return false
    }

    /// Whether `line` is a speaker's name on a line of its own, the turn's words on the lines after
    /// it ("Customer", "A  (00:01)", "坐席", "## B"), or a back-channel said the same bare way: at most three
    /// words and 16 letters or ideographs besides a timestamp's digits and brackets, and nothing a
    /// sentence ends or pauses with.
    static func bareLabel(_ line: ArraySlice<UInt32>) -> Bool {
        var line = line
        // A stamp that opens it, after marks or an at sign ("@28910ms Member", "※ (1607ms) 接听"): no
        // number of the line's.
        var k = line.startIndex
        while k < line.endIndex, line[k] == 0x20 || line[k] == 0x09 || Conversation.isLabelMark(line[k]) { k += 1 }
        if k < line.endIndex, line[k] == 0x40 || line[k] == 0x2B { k += 1 }
        let rest = Array(line[k...])
        if let end = Conversation.timestampEnd(rest, at: 0, limit: rest.count) { line = line[(k + end)...] }
        guard !holdsNumber(line) else { return false }
        var letters = 0, words = 0, inWord = false
        for c in line {
            switch c {
            case 0x3F, 0xFF1F, 0x3002, 0x21, 0xFF01, 0x2C, 0xFF0C, 0x3B, 0xFF1B: return false
            case 0x20, 0x09, 0x3000:
                inWord = false
            case 0x30...0x39, 0x3A, 0x2E, 0x28, 0x29, 0x5B, 0x5D, 0xFF08, 0xFF09, 0x3010, 0x3011, 0x2B, 0x2D:
                inWord = false  // a timestamp's digits, colons and brackets
            default:
                // "## B", "**Agent**", "▌客户": the marks of a header.
                if Conversation.isLabelMark(c) { inWord = false; continue }
                guard isASCIILetter(c) || (c >= 0x3400 && c < 0xA000) else { return false }
                letters += 1
                if !inWord { words += 1; inWord = true }
            }
        }
        return letters > 0 && letters <= 16 && words <= 3 && line.last != 0x2E
    }

    /// Whether `text` holds digits that are no timestamp's: a run of digits with no colon or dot
    /// beside it ("1475 89 5542", not "[00:00:09]" or "(01:02.4)").
    static func holdsNumber(_ text: ArraySlice<UInt32>) -> Bool {
        func digit(_ c: UInt32) -> Bool { (0x30...0x39).contains(c) || (0xFF10...0xFF19).contains(c) }
        func clock(_ c: UInt32) -> Bool { c == 0x3A || c == 0xFF1A || c == 0x2E }
        var i = text.startIndex
        while i < text.endIndex {
            guard digit(text[i]) else { i += 1; continue }
            var j = i
            while j < text.endIndex, digit(text[j]) { j += 1 }
            let before = i > text.startIndex && clock(text[i - 1]), after = j < text.endIndex && clock(text[j])
            if !before && !after { return true }
            i = j
        }
        return false
    }

    /// Whether `text` says three digits in words in a row ("one three oh", "幺三八"): a number given.
    static func spellsDigits(_ text: ArraySlice<UInt32>) -> Bool {
        var inRow = 0
        var i = text.startIndex
        while i < text.endIndex {
            let c = text[i]
            if isASCIILetter(c) {
                var j = i
                while j < text.endIndex, isASCIILetter(text[j]) { j += 1 }
                let word = text[i..<j]
                inRow = Self.digitWords.contains { sameWord(word, $0) } ? inRow + 1 : 0
                i = j
            } else {
                if c >= 0x3400 && c < 0xA000 { inRow = Conversation.numerals.contains(c) ? inRow + 1 : 0 }
                i += 1
            }
            if inRow >= 3 { return true }
        }
        return false
    }

    private static let digitWords: [[UInt32]] = ["zero", "oh", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "double", "triple"]
        .map { scalars($0) }

    /// Whether `text` is one English number word ("three", "Oh", "double"), in any case.
    static func isDigitWord(_ text: ArraySlice<UInt32>) -> Bool {
        digitWords.contains { $0.count == text.count && zip($0, text).allSatisfy { $0 == ($1 | 0x20) } }
    }

    /// How far around a number the words of an example frame are looked for.
    static let exampleReach = 24

    /// Whether the number at `start..<end` is given as an example of a format, not as anyone's
    /// ("像110101199003071236这样的格式", "something like 4000 0852 3766 0994, just as an example"):
    /// a word that says so stands before or after it in the same sentence.
    func saidAsAnExample(_ start: Int, _ end: Int) -> Bool {
        func lowered(_ c: UInt32) -> UInt32 { c >= 0x41 && c <= 0x5A ? c | 0x20 : c }
        /// Whether one of `index`'s words stands in `range` as written (ASCII case folded).
        func has(_ index: KeywordIndex, in range: Range<Int>) -> Bool {
            guard !range.isEmpty else { return false }
            return range.contains { i in
                index.starting(with: lowered(s[i])).contains { index.saysExactly(index.keyword(at: $0), in: s, at: i, before: range.upperBound) }
            }
        }
        var a = start
        while a > 0, start - a < Self.exampleReach, !Self.endsSentence(s, a - 1) { a -= 1 }
        var b = end
        while b < s.count, b - end < Self.exampleReach, !Self.endsSentence(s, b) { b += 1 }
        return has(Self.examplesBefore, in: a..<start) || has(Self.examplesAfter, in: end..<b)
    }

    private static let examplesBefore = KeywordIndex(["比如", "例如", "举例", "举个例子", "示例", "样例", "e.g.", "for example", "for instance",
                                                      "example", "sample"].map { scalars($0) })
    private static let examplesAfter = KeywordIndex(["这样的格式", "这种格式", "的格式", "格式的", "举例", "举个例子", "示例", "样例", "例子",
                                                     "as an example", "for example", "for instance", "example of", "the format", "sample"].map { scalars($0) })

    /// How far after a number a word naming its kind is looked for ("…这张卡上", "…, that's my card").
    static let kindAfterReach = 12

    /// The kind a word names within a few characters after `pos`, in the same sentence
    /// ("4909 5548 8768 5006这张卡", "139 1234 5678 是我手机"); nil when none does or a
    /// harmless number is named first.
    func kindNamed(after pos: Int) -> SensitiveNumberKind? {
        var i = pos
        let limit = min(s.count, pos + Self.kindAfterReach)
        while i < limit, !Self.endsSentence(s, i) {
            if (0x30...0x39).contains(s[i]) { return nil }  // another number first
            var found: (length: Int, hint: NumberFinder.ContextHint, word: [UInt32])?  // the longest keyword starting here
            Self.forEachKeyword(in: s, at: i, within: 0..<s.count) { index in
                let (word, hint) = Self.keywords[index]
                if found == nil || word.count > found!.length { found = (word.count, hint, word) }
            }
            if let found {
                // What the records hold names the number only right after it ("six two three two on
                // file"); further on it speaks of what the sentence named ("Field plot 3488130463 is on file").
                if Self.recordWords.contains(found.word), !s[pos..<i].allSatisfy({ $0 == 0x20 }) { return nil }
                if case .positive(let kind) = found.hint { return kind }
                return nil
            }
            i += 1
        }
        return nil
    }

    /// Whether `s[i]` ends a sentence or a line: a line break, "。！？!?", or "." before a space.
    static func endsSentence(_ s: [UInt32], _ i: Int) -> Bool {
        switch s[i] {
        case 0x0A, 0x0D, 0x3002, 0xFF01, 0xFF1F, 0x21, 0x3F: return true
        case 0x2E: return i + 1 < s.count && s[i + 1] == 0x20
        default: return false
        }
    }

    /// Words that may stand between a kind of number and a harmless noun it belongs to
    /// ("phone number on the order", "card linked to your account").
    private static let ofWords: Set<String> = ["number", "no", "on", "for", "of", "in", "from", "attached", "linked", "to", "registered",
                                                "with", "under", "the", "your", "this", "that", "my", "our", "its", "their", "his", "her"]

    /// The kind named by a positive keyword that ends just before `start`, when only `ofWords`
    /// and spaces stand between them and at least one of them is a preposition.
    private func governingKind(before start: Int) -> SensitiveNumberKind? {
        var i = start
        var words = 0, preposition = false
        while i > 0, words <= 5 {
            while i > 0, s[i - 1] == 0x20 { i -= 1 }
            var j = i
            while j > 0, Self.isASCIILetter(s[j - 1]) || s[j - 1] == 0x2E { j -= 1 }
            guard j < i else { return nil }
            let word = String(decoding: s[j..<i].compactMap { $0 == 0x2E ? nil : UInt8(truncatingIfNeeded: $0 | 0x20) }, as: UTF8.self)
            if Self.ofWords.contains(word) {
                if ["on", "for", "of", "in", "from", "to", "with", "under"].contains(word) { preposition = true }
                words += 1
                i = j
                continue
            }
            // Not a connecting word: a keyword naming a kind must end here.
            let named = nearestKeyword(before: i)
            guard preposition, case .positive(let kind) = named.hint, named.end == i, let from = named.start, !recordWord(from, i) else { return nil }
            return kind
        }
        return nil
    }

    /// Where the speaker label that opens `pos`'s line ends, when `pos` lies in it ("来电人：",
    /// "Caller:"); nil otherwise.
    /// Whether a number's digits come next at `pos` (spaces aside).
    private func digitsFollow(_ pos: Int) -> Bool {
        var i = pos
        while i < s.count, s[i] == 0x20 { i += 1 }
        return i < s.count && ((0x30...0x39).contains(s[i]) || (0xFF10...0xFF19).contains(s[i]))
    }

    private func speakerLabelEnd(containing pos: Int) -> Int? {
        var start = pos
        while start > 0, s[start - 1] != 0x0A, s[start - 1] != 0x0D {
            start -= 1
            if pos - start > 40 { return nil }
        }
        let end = Conversation.labelEnd(s, from: start, limit: min(s.count, start + 64))
        return pos < end ? end : nil
    }

    /// Whether the number at `pos` is given as an organisation's own line: its nearest context
    /// word, on the same line, names a phone after an organisation's premises ("门店电话是",
    /// "诊所的电话", "the clinic's phone") or is the number one would need "to call back on" ("if
    /// you need to call back on …"; "you can call back on …" and "call me back on …" may be the
    /// speaker's own and stay hidden). A landline there is the organisation's published number,
    /// nobody's own; a mobile, an ID or a card is still what it is. Premises that are the
    /// speaker's own ("my shop's phone", 我店里电话, 我们门店) are no organisation's line.
    func organisationLine(before pos: Int) -> Bool {
        if namedLine(before: pos) { return true }
        let (hint, start, end) = nearestKeyword(before: pos)
        guard case .positive(.phone) = hint, let start, let end, end <= pos,
              !s[end..<pos].contains(where: { $0 == 0x0A || $0 == 0x0D }) else { return false }
        // The keyword as written, spaces collapsed ("call  back" from ASR words).
        var word: [UInt32] = []
        for c in s[start..<end] where !(c == 0x20 && word.last == 0x20) { word.append(c >= 0x41 && c <= 0x5A ? c | 0x20 : c) }
        if Self.callBackWords.contains(word) {
            // "… to call back on": the word before must be "to".
            return wordEnds(Self.toWord, at: skippingSpaces(before: start))
        }
        if detailsListed(beforePhoneWordAt: start) { return true }
        var i = skippingSpaces(before: start)
        // "诊所的电话", "the clinic's phone": the possessive between noun and word.
        if wordEnds(Self.possessiveZh, at: i) { i -= 1 } else if wordEnds(Self.possessiveEn, at: i) { i -= 2 }
        i = skippingSpaces(before: i)
        guard let noun = Self.organisationNouns.first(where: { wordEnds($0, at: i) }) else { return false }
        return !ownedPremises(noun, endingAt: i)
    }

    /// Whether the phone word at `start` comes after a comma in a sentence that gives a place's
    /// details: its address or its opening hours ("献血屋地址是解放路608号，电话(023)…", "The donor
    /// centre on Station Road is open until 10:00 am, phone 020-…"). A place's details list its
    /// published line; a sentence with a person in it ("my", "your", 我, 您) may give someone's own.
    private func detailsListed(beforePhoneWordAt start: Int) -> Bool {
        var i = skippingSpaces(before: start)
        guard i > 0, s[i - 1] == 0x2C || s[i - 1] == 0xFF0C || s[i - 1] == 0x3001 else { return false }
        i -= 1
        var from = i
        while from > max(0, i - 80), !Self.endsSentence(s, from - 1) { from -= 1 }
        // English words whole, lower case; ideographs with a recogniser's spaces taken out ("地 址是").
        var words: [String] = [], ideographs: [UInt32] = [], word: [UInt8] = []
        for c in s[from..<i] + [0x20] {
            if Self.isASCIILetter(c) || c == 0x27 { word.append(UInt8(c | 0x20)); continue }
            if !word.isEmpty { words.append(String(decoding: word, as: UTF8.self)); word.removeAll() }
            if c >= 0x3400 && c < 0xA000 { ideographs.append(c) }
        }
        func said(_ w: [UInt32]) -> Bool {
            ideographs.count >= w.count && (0...(ideographs.count - w.count)).contains { ideographs[$0..<($0 + w.count)].elementsEqual(w) }
        }
        let hours = zip(words, words.dropFirst()).contains { $0 == "open" || $0 == "opens" ? ["until", "till", "at", "from"].contains($1) : false }
        let place = hours || words.contains(where: Self.placeWords.contains) || Self.placeIdeographs.contains(where: said)
        // 我们 is as often the organisation speaking as a household; 我们家 is a household.
        let person = Self.personIdeographs.contains { w in
            ideographs.indices.contains { k in
                ideographs[k] == w && !(w == Self.we[0] && k + 1 < ideographs.count && ideographs[k + 1] == Self.we[1]
                                        && !(k + 2 < ideographs.count && ideographs[k + 2] == Self.household))
            }
        }
        return place && !person && !words.contains(where: Self.personWords.contains)
    }

    private static let we = scalars("我们"), household = scalars("家")[0]

    /// Words that give a place's address or hours.
    private static let placeWords: Set<String> = ["road", "street", "avenue", "lane", "address"]
    private static let placeIdeographs: [[UInt32]] = ["地址", "营业时间", "营业到"].map { scalars($0) }

    /// Words that put a person in a sentence: their details may be their own.
    private static let personWords: Set<String> = ["i", "i'm", "my", "you", "your", "he", "his", "she", "her", "we're", "mine"]
    private static let personIdeographs: [UInt32] = scalars("我您你他她")

    /// Whether the premises `noun`, ending at `pos`, are the speaker's own ("my shop", 我们门店); a
    /// public body never is (我们村委会, "our library" is still the village's, the town's).
    private func ownedPremises(_ noun: [UInt32], endingAt pos: Int) -> Bool {
        guard !Self.publicBodies.contains(noun) else { return false }
        var j = skippingSpaces(before: pos - noun.count)
        if wordEnds(Self.possessiveZh, at: j) { j -= 1 }
        return Self.ownersWords.contains { wordEnds($0, at: j) }
    }

    /// Whether the words right before `pos`, on its line and past a colon, "is", "on" or 是, name an
    /// organisation's line with no phone word of their own: an organisation's premises or desk
    /// ("票务客服021-…", "调度：0755-…"), "<purpose> line" ("the supporter line is", "the baggage line:")
    /// or "<premises> number" ("the village office number is"). Not inside a speaker label ("客服：
    /// 0755-…" is the agent reading a number out), not "my line", "your direct line", "the phone
    /// line", "your office number": those are someone's own.
    private func namedLine(before pos: Int) -> Bool {
        var i = pos
        for _ in 0..<3 {
            while i > 0, [0x20, 0x3A, 0xFF1A, 0x2C, 0xFF0C, 0x3000].contains(s[i - 1]) { i -= 1 }
            guard let link = Self.linkWords.first(where: { wordEnds($0, at: i) }) else { break }
            i -= link.count
        }
        guard i > 0, s[i - 1] != 0x0A, s[i - 1] != 0x0D, speakerLabelEnd(containing: i - 1) == nil else { return false }
        if let noun = Self.organisationNouns.first(where: { wordEnds($0, at: i) }) { return !ownedPremises(noun, endingAt: i) }
        // "Ski patrol can be reached on …": how to reach a place or an office, not a person.
        if wordEnds(Self.reachedWord, at: i) {
            var j = skippingSpaces(before: i - Self.reachedWord.count)
            guard wordEnds(Self.beWord, at: j) else { return false }
            j = skippingSpaces(before: j - Self.beWord.count)
            guard let modal = Self.modalWords.first(where: { wordEnds($0, at: j) }) else { return false }
            j = skippingSpaces(before: j - modal.count)
            guard let noun = Self.numberOwnerNouns.first(where: { wordEnds($0, at: j) }) else { return false }
            let owner = skippingSpaces(before: j - noun.count)
            return !ownedPremises(noun, endingAt: j) && !Self.possessives.contains { wordEnds($0, at: owner) }
        }
        if wordEnds(Self.lineWord, at: i) {
            // The word before "line" says whose: a purpose or a place is an organisation's.
            let j = skippingSpaces(before: i - Self.lineWord.count)
            var k = j
            while k > 0, Self.isASCIILetter(s[k - 1]) { k -= 1 }
            guard k < j else { return false }
            let before = s[k..<j].map { $0 | 0x20 }
            // "my main line", "your old work line", "also a office line": an owner or an article a word further back.
            let owner = skippingSpaces(before: k)
            return !Self.ownLineWords.contains(before) && !Self.ownersWords.contains(before)
                && !Self.lineOfTextWords.contains(before) && !Self.ownersOfOneLine.contains { wordEnds($0, at: owner) }
        }
        if wordEnds(Self.numberWord, at: i) {
            let j = skippingSpaces(before: i - Self.numberWord.count)
            guard let noun = Self.numberOwnerNouns.first(where: { wordEnds($0, at: j) }) else { return false }
            let k = skippingSpaces(before: j - noun.count)
            return !ownedPremises(noun, endingAt: j) && !Self.ownLineWords.contains { wordEnds($0, at: k) }
        }
        return false
    }

    private static let lineWord = scalars("line"), numberWord = scalars("number")
    private static let reachedWord = scalars("reached"), beWord = scalars("be")
    private static let modalWords: [[UInt32]] = ["can", "may", "will", "could"].map { scalars($0) }

    /// What may stand between a line's name and its number ("the supporter line is …", "调度电话是").
    private static let linkWords: [[UInt32]] = ["is", "was", "on", "at", "是", "为"].map { scalars($0) }

    /// Words before "line" (or before an office's "number") that make it someone's own line.
    private static let ownLineWords: [[UInt32]] = [
        "your", "his", "her", "their", "the", "a", "this", "that", "same", "new", "best", "other", "old", "direct", "private",
        "personal", "own", "land", "home", "house", "mobile", "cell", "phone", "work", "fixed", "second",
    ].map { scalars($0) }

    /// Words before "line" that make it a line of text, not a purpose ("I'm reading the wrong line, …").
    private static let lineOfTextWords: [[UInt32]] = [
        "wrong", "right", "next", "previous", "first", "last", "top", "bottom", "above", "below", "following",
    ].map { scalars($0) }

    /// Whose, a word before a line's name ("my main line").
    private static let possessives: [[UInt32]] = ["my", "your", "his", "her", "their"].map { scalars($0) }
    /// "a", "an": one line of several someone has ("there's also an office line"), not a place's one.
    private static let ownersOfOneLine: [[UInt32]] = possessives + ["a", "an"].map { scalars($0) }

    /// Nouns that name an organisation's line only before "number" ("the village office number"):
    /// "your office number" stays someone's own.
    private static let officeNouns: [[UInt32]] = ["office", "desk", "patrol", "dispatch", "admissions", "rescue", "team", "department"].map { scalars($0) }

    /// What may own a "number" named before it: premises, or an office's nouns.
    private static let numberOwnerNouns = organisationNouns + officeNouns

    /// Premises that are a public body's, whoever says "our".
    private static let publicBodies: Set<[UInt32]> = Set([
        "村委会", "居委会", "医院", "学校", "图书馆", "博物馆", "体育馆", "场馆", "救援", "售票处", "派出所", "招生办",
        "library", "museum", "hospital", "school",
    ].map { scalars($0) })

    /// Where the spaces right before `pos` start.
    private func skippingSpaces(before pos: Int) -> Int {
        var i = pos
        while i > 0, s[i - 1] == 0x20 { i -= 1 }
        return i
    }

    /// Whether `word` (lower case) ends exactly at `pos`, letters compared case-blind; a word of
    /// ASCII letters only whole ("your" does not end in "our").
    private func wordEnds<Word: RandomAccessCollection<UInt32>>(_ word: Word, at pos: Int) -> Bool where Word.Index == Int {
        guard word.count <= pos else { return false }
        let from = pos - word.count
        for k in 0..<word.count {
            let c = s[from + k] >= 0x41 && s[from + k] <= 0x5A ? s[from + k] | 0x20 : s[from + k]
            if c != word[word.startIndex + k] { return false }
        }
        return !Self.isASCIILetter(word[word.startIndex]) || from == 0 || !Self.isASCIILetter(s[from - 1])
    }

    private static let toWord = scalars("to"), possessiveZh = scalars("的"), possessiveEn = scalars("'s")

    /// Words that make premises the speaker's own ("my shop", 我们门店).
    private static let ownersWords: [[UInt32]] = ["my", "our", "我", "我们", "我家", "咱", "咱们"].map { scalars($0) }

    private static let callBackWords: [[UInt32]] = ["call back", "callback"].map { scalars($0) }

    /// Nouns that make the phone word after them an organisation's own line: premises a caller
    /// does not call their own. Not an office, a company or "our" ("our office number", 办公室电话,
    /// 我们家电话 are as often the caller's own line).
    private static let organisationNouns: [[UInt32]] = [
        "门店", "店里", "店铺", "本店", "诊所", "医院", "门诊", "酒店", "宾馆", "药房", "药店", "营业厅", "网点", "总部", "前台", "学校", "物业",
        "村委会", "居委会", "服务台", "救援", "售票处", "图书馆", "博物馆", "体育馆", "场馆", "驾校", "健身房",
        // Desks and duties: a function's line, staffed by whoever is on.
        "招生办", "派出所", "值班", "调度", "客服", "售后", "票务", "服务站", "服务中心", "办事处",
        "branch", "clinic", "surgery", "practice", "store", "shop", "hotel", "pharmacy", "depot", "museum", "library", "gym", "resort", "studio",
        "hospital", "school", "ticket office", "box office",
    ].map { scalars($0) }

    /// Whether a harmless noun ("发票", "order") ends exactly at `pos` (ASCII words whole).
    private func harmlessNounEnds(at pos: Int) -> Bool {
        guard pos > 0 else { return false }
        let index = Self.keywordIndex, c = s[pos - 1]
        return index.ending(with: c >= 0x41 && c <= 0x5A ? c | 0x20 : c).contains { n in
            let keyword = index.keyword(endingAt: n)
            guard case .negative = Self.keywordHints[keyword] else { return false }
            return wordEnds(index.scalars[index.range(keyword)], at: pos)
        }
    }

    /// The nearest context keyword within 40 scalars before `pos` (longest on a tie), with where
    /// it starts and ends.
    private func nearestKeyword(before pos: Int) -> (hint: NumberFinder.ContextHint, start: Int?, end: Int?) {
        if let known = memo.nearest[pos] { return known }
        let found = scanForNearestKeyword(before: pos)
        memo.nearest[pos] = found
        return found
    }

    /// ``nearestKeyword(before:)``, found by looking.
    private func scanForNearestKeyword(before pos: Int) -> (hint: NumberFinder.ContextHint, start: Int?, end: Int?) {
        let lo = max(0, pos - 40)
        let index = Self.keywordIndex, words = index.scalars
        var bestEnd = -1, bestLength = 0
        var hint = NumberFinder.ContextHint.none
        // Right to left; a keyword starting at i ends by i + 16, so stop once nothing can beat the best.
        var i = pos - 1
        while i >= lo && i + 16 >= bestEnd {
            for n in index.candidates(at: i, in: s, before: pos) {
                let keyword = index.keyword(candidate: n)
                guard let j = index.match(keyword, in: s, at: i, before: pos) else { continue }
                let word = index.range(keyword)
                let ascii = Self.isASCIILetter(words[word.lowerBound])
                let leftOK = !ascii || i == lo || !Self.isASCIILetter(s[i - 1])
                let rightOK = !ascii || j == pos || !Self.isASCIILetter(s[j])
                guard leftOK && rightOK else { continue }
                // A word inside a speaker label ("来电人：", "<工号3021>") names who speaks, unless
                // the number follows the label at once: then it is a field's name ("通话ID: 2685…").
                if let labelEnd = speakerLabelEnd(containing: i), !digitsFollow(labelEnd) { continue }
                if keyword == Self.caseKeyword, Self.idiom(Self.caseWord, at: i, in: s[lo..<pos].lazy.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }) { continue }
                // A currency sign governs the amount written after it ("$464.72"), not a number
                // said later in the sentence ("… put it on four four double zero …").
                if word.count == 1, Self.currencySigns.contains(words[word.lowerBound]), s[j..<pos].contains(where: { $0 != 0x20 }) { continue }
                if j > bestEnd || (j == bestEnd && j - i > bestLength) {
                    bestEnd = j; bestLength = j - i; hint = Self.keywordHints[keyword]
                }
            }
            i -= 1
        }
        guard bestEnd >= 0 else { return (hint, nil, nil) }
        let start = bestEnd - bestLength
        // "发票号码", "工单号码": a kind's word compounded onto a harmless noun names a harmless number.
        if case .positive = hint, harmlessNounEnds(at: start) {
            return (.negative, start, bestEnd)
        }
        return (hint, start, bestEnd)
    }

    private static let unitsAfter: [[UInt32]] = ["元", "块", "万", "千", "百", "亿", "角", "毛", "年", "月", "日", "点", "分", "秒", "%", "％",
                                                 "dollar", "buck", "yuan", "rmb", "usd", "percent", "cent", "kg", "km",
                                                 "pound", "euro", "quid", "gram", "kilo", "litre", "liter", "hour", "minute", "mile"].map { scalars($0) }

    /// Whether an extension follows `pos` ("转2054", "ext. 613", "extension 12"): the number
    /// before it is an organisation's switchboard, nobody's own line.
    func extensionAfter(_ pos: Int) -> Bool {
        var i = pos
        while i < s.count, s[i] == 0x20 || s[i] == 0x3000 || s[i] == 0x2C || s[i] == 0xFF0C { i += 1 }
        var matched = 0
        for word in Self.extensionWords where i + word.count <= s.count {
            if (0..<word.count).allSatisfy({ (s[i + $0] < 0x80 ? s[i + $0] | 0x20 : s[i + $0]) == word[$0] }) { matched = word.count; break }
        }
        guard matched > 0 else { return false }
        i += matched
        while i < s.count, s[i] == 0x20 || s[i] == 0x2E || s[i] == 0x3000 { i += 1 }
        guard i < s.count else { return false }
        let c = s[i]
        return (c >= 0x30 && c <= 0x39) || (c >= 0xFF10 && c <= 0xFF19) || Self.chineseNumerals.contains(c)
    }

    private static let extensionWords: [[UInt32]] = ["extension", "ext", "转", "分机"].map(scalars)

    /// Whether an extension word stands right before `pos` ("extension 2188", "分机号5607", "转 12").
    func extensionBefore(_ pos: Int) -> Bool {
        var i = pos
        while i > 0, s[i - 1] == 0x20 || s[i - 1] == 0x2E || s[i - 1] == 0x3A || s[i - 1] == 0xFF1A || s[i - 1] == 0x53F7 || s[i - 1] == 0x662F { i -= 1 }
        return Self.extensionWords.contains { wordEnds($0, at: i) }
    }

    private static let chineseNumerals = Set("零〇一二三四五六七八九幺两".unicodeScalars.map(\.value))

    /// Whether an English month's name stands right before `pos` ("February 23", "on Feb. 23"; "May"
    /// only capitalised): the number is a day of the month.
    func monthBefore(_ pos: Int) -> Bool {
        var e = pos
        while e > 0, s[e - 1] == 0x20 || s[e - 1] == 0x2E { e -= 1 }
        var b = e
        while b > 0, Self.isASCIILetter(s[b - 1]) { b -= 1 }
        guard e - b >= 3, e - b <= 9 else { return false }
        let word = s[b..<e]
        if Self.sameWord(word, Self.may) { return s[b] == 0x4D }
        return Self.months.contains { Self.sameWord(word, $0) }
    }

    private static let may = scalars("may")
    private static let months: [[UInt32]] = ["january", "february", "march", "april", "june", "july", "august", "september", "october",
                                             "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
                                             "oct", "nov", "dec"].map { scalars($0) }

    /// Whether an amount or date unit follows `pos` (after spaces).
    func moneyOrDateAfter(_ pos: Int) -> Bool {
        var i = pos
        while i < s.count, s[i] == 0x20 || s[i] == 0x3000 { i += 1 }
        guard i < s.count else { return false }
        for u in Self.unitsAfter where i + u.count <= s.count {
            var ok = true
            for k in 0..<u.count where (s[i + k] < 0x80 ? s[i + k] | 0x20 : s[i + k]) != u[k] { ok = false; break }
            if ok { return true }
        }
        return false
    }
}
