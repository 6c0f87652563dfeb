/// Reads numbers over the conversation, not over one line: a number is often said in pieces.
///
/// The scan (`NumberFinder`) cuts the text into runs of number tokens wherever other words
/// stand. This type decides which neighbouring runs are pieces of one number and analyses each
/// chain of them as one run (`RunAnalyser`), then hides what repeats a number found elsewhere.
///
/// - **Bridges.** Two runs are joined when what stands between them is only punctuation, fillers,
///   connectives and corrections ("then", "and", "然后", "后面是", "最后一位是", "sorry, no wait",
///   "不对"), line breaks with the speaker labels and timestamps that open lines, and at most two
///   short turns without digits between them: the other party's back-channel ("Agent: go on",
///   "坐席：嗯。") while the speaker pauses. A bridge with a correction marks the next piece as a
///   restart, so the abandoned digits before it are hidden with the number.
/// - **Asides.** Pieces that no bridge joins because an aside stands between them ("等一下，我找
///   一下卡", "sorry, I've got like three cards here") are joined when the first was said where
///   that kind was asked for and together they pass the number's own check (card, ID, mobile).
/// - **Pieces first, then joins.** In a chain, a window inside one piece wins over one across
///   pieces (a piece that is a whole number stays whole); windows across pieces fill the rest.
///   A lone check character (`X`, `叉`) said after an ID's 17 digits belongs to their piece.
/// - **Repeats.** A run of four or more digits that no window hid but that repeats part of a
///   number found in the same text (an agent's read-back, an abandoned attempt), exactly or,
///   from six digits on, with one digit misheard, is hidden too, as that number's kind.
/// - **Read-backs and corrections.** Besides repeats: the other side of "X还是Y" / "X or Y" when one
///   side is hidden, a short group said to correct what was just hidden ("Nope, one three four",
///   "错了，是一七八"), the other party's read-back of a number's first three digits, and digits
///   named by their place: a tail or head read back ("尾号是八零", "186开头的") that equals the
///   number, a digit put right by its position ("第三位是1，不是3") and the digit it replaces.
/// - **Never pieces.** A 400/800 hotline said whole, amounts, dates, counts and house numbers
///   ("80219块", "4月18号", "3个"), and a number given as an example of a format.
/// - **Spans.** A number said in pieces gives one span per piece, so the turns between them stay
///   readable; a phone keeps its last four digits visible in its last piece only, and none when
///   it was abandoned for a correction or passes no plan's check.
struct Conversation {
    let s: [UInt32]
    /// Who speaks the lines without a speaker label, where the transcript says (ASR speakers, WebVTT voices).
    var turns = Turns()
    /// What the text's analysers have found of its context keywords.
    let memo: RunAnalyser.Memo

    /// The conversation of `s`; `memo` is the text's (a new one when nil).
    init(s: [UInt32], turns: Turns = Turns(), memo: RunAnalyser.Memo? = nil) {
        self.s = s
        self.turns = turns
        self.memo = memo ?? RunAnalyser.Memo()
    }

    /// The spans to hide, in order, from the runs of one text.
    func spans(in runs: [NumberFinder.Run]) -> [RedactionSpan] {
        var spans: [RedactionSpan] = []
        var entities: [RunAnalyser.Entity] = []
        var chain: [NumberFinder.Tok] = []
        var chainDigits = 0
        var fragment: Int32 = 0
        var chainRuns: [Int] = []
        var corrections: [Int] = []  // indices into chainRuns where a correction starts the number again
        var echoes: [(echo: Int, of: Int)] = []
        var echoed: [UInt8]?  // the digits of the other party's echo since the last piece
        func analyseChain() {
            let before = spans.count
            if chainDigits >= 10 {
                let found = entities.count
                RunAnalyser(s: s, toks: chain, turns: turns, memo: memo).analyse(into: &spans, entities: &entities)
                if spans.count == before, !corrections.isEmpty {
                    // "You can reach me on 5801 7088 / … / I got that wrong, it's 5805 7088": local
                    // numbers, each said whole; a correction of one is one too.
                    let bounds = [0] + corrections + [chainRuns.count]
                    var asked = false
                    for (a, b) in zip(bounds, bounds.dropFirst()) where a < b {
                        let count = spans.count
                        hideLocalNumber(leadingLocal(chainRuns[a..<b].map { runs[$0] }), corrected: asked, into: &spans, entities: &entities)
                        asked = asked || spans.count > count
                    }
                } else if spans.count == before {
                    hideLocalNumber(leadingLocal(chainRuns.map { runs[$0] }), into: &spans, entities: &entities)
                }
                // A phone shows only its own last four: digits left visible that are not the
                // number's last four (an attempt's, a misheard read-back's) are hidden too.
                for entity in entities[found...] {
                    for k in entity.spans where spans[k].visibleFrom < spans[k].end {
                        var visible: [UInt8] = []
                        var mult = 1
                        // Tokens are in text order: start at the first visible one (no scan of the chain).
                        var t = chain.partitionPoint { $0.start < spans[k].visibleFrom }
                        while t < chain.count, chain[t].end <= spans[k].end, visible.count <= 4 {
                            if chain[t].kind == .mult { mult = Int(chain[t].value) }
                            if chain[t].kind == .digit { visible += repeatElement(chain[t].value, count: mult); mult = 1 }
                            t += 1
                        }
                        if visible.isEmpty || !entity.digits.suffix(visible.count).elementsEqual(visible) { spans[k].visibleFrom = spans[k].end }
                    }
                }
            } else if (7...8).contains(chainDigits) {
                hideLocalNumber(chainRuns.map { runs[$0] }, into: &spans, entities: &entities)
            }
            if spans.count == before, (4...17).contains(chainDigits) {
                hidePartialID(chainRuns.map { runs[$0] }, into: &spans)
            }
            // An echo is hidden when what it repeats is.
            for (echo, of) in echoes {
                if let hit = spans[before...].first(where: { $0.start < runs[of].end && runs[of].start < $0.end }) {
                    spans.append(RedactionSpan(start: runs[echo].start, end: runs[echo].end, kind: hit.kind, confidence: .medium))
                }
            }
            chain.removeAll(keepingCapacity: true)
            chainDigits = 0
            fragment = 0
            chainRuns.removeAll(keepingCapacity: true)
            corrections.removeAll()
            echoes.removeAll()
            echoed = nil
        }
        for (k, run) in runs.enumerated() {
            // A business's hotline said whole ("400-460-3515") is nobody's
            // number and no piece of one: it ends the chain before it and starts none.
            if Self.isHotline(run) {
                analyseChain()
                continue
            }
            // A few digits that count or number something ("12栋", "2单元", "3个") are no piece of a
            // number: the chain ends before them.
            if run.digits <= 4, Self.countFollows(s, at: run.end) {
                analyseChain()
                continue
            }
            if k > 0 {
                let bridge = self.bridge(from: runs[k - 1].end, to: run.start)
                if bridge == .none || chainDigits >= 10 && asksForAnother(after: chainRuns.suffix(19).map { runs[$0] }, from: runs[k - 1].end, to: run.start) {
                    analyseChain()
                } else if let last = chainRuns.last, run.digits <= 12 || run.digits == runs[last].digits, let d = Self.digits(of: run), let said = Self.digits(of: runs[last]),
                          d == said || (d.count >= 2 && said.count > d.count && Array(said.suffix(d.count)) == d
                                        && (d.count >= 6 || speakersDiffer(runs[last].start, run.start)))
                            || d.count >= 6 && d.count == said.count && Self.repeats(d, of: said) && speakersDiffer(runs[last].start, run.start)
                            || d.count == 1 && said.last == d[0] && speakersDiffer(runs[last].start, run.start) && echoesOnly(run) {
                    // The other party echoing the piece just said ("21，嗯，接着说"), or its last
                    // group or digits ("+861597" / "是1597吧", "…0343 64... / 64 what?", "…7941 6—— / Six and then
                    // what?"), or six digits or more of its end, whoever says
                    // them ("（+86）1950 470， / 1950 470……好。"), or a long piece said again whole (a
                    // reference read back): not more digits. The same speaker saying a group again
                    // is more digits ("1398888 / 嗯 / 8888"). The other party reading the piece back
                    // with a digit misheard ("0412 338 905 / Was that … nine oh six?") echoes it too.
                    echoes.append((k, last))
                    echoed = d
                    continue
                } else if let last = chainRuns.last, run.digits <= 2, !run.toks.contains(where: { $0.kind == .digit && $0.value == 10 }),
                          speakersDiffer(runs[last].start, run.start) {
                    // One or two digits from the other party ("Perfect. / Two adults and a child")
                    // are no piece of the number just said: pieces come from the one who says it
                    // (a check character asked about, "末位是叉？", still is).
                    analyseChain()
                } else {
                    // A lone check character continues the piece before it.
                    let checkOnly = run.digits == 1 && run.toks.contains { $0.kind == .digit && $0.value == 10 }
                    if !checkOnly { fragment += 1 }
                    // Cut off mid-group, echoed by the other party, then said again from that group
                    // ("330102，196—— / 196什么？ / 是196112，263449"): the echoed digits were the start of
                    // a group said again whole, so what follows restarts from them.
                    // One digit echoed may be said again or not: the splice keeps what passes the checks.
                    let resumed = echoed.map { e in run.digits > e.count && Self.digits(of: run)?.starts(with: e) == true } ?? false
                    if bridge == .joinAfterCorrection || resumed {
                        corrections.append(chainRuns.count)
                        chain.append(NumberFinder.Tok(kind: .restart, value: 0, script: .arabic, excluded: false,
                                                      start: run.start, end: run.start, fragment: fragment))
                    }
                }
            }
            for var tok in run.toks {
                tok.fragment = fragment
                tok.run = Int32(chainRuns.count)
                chain.append(tok)
            }
            chainDigits += run.digits
            chainRuns.append(k)
            echoed = nil
        }
        analyseChain()
        // A phone keeps its last four digits visible once: said again (read back, repeated), it
        // is hidden whole, or the repeats would add up to more than four digits in the clear.
        // A repeat with one digit misheard ("I have …4212" for …4242), or two swapped, counts: its
        // last four would show the number's with the one digit that differs; where the same speaker
        // said both (a correction), the first one's tail is hidden too.
        // Each phone is kept under its digits and under each one-digit wildcard of them, so a
        // repeat is found in constant time (never a scan of every phone before it).
        var seenPhones: [UInt64: Int] = [:]  // each key of a phone seen (``phoneKey(_:)``), and the first phone's index
        var recentPhones: [Int] = []  // the phones of the last few entities, for tails said again
        var keys: [UInt64] = []
        for (index, entity) in entities.enumerated() where entity.kind == .phone {
            let digits = entity.digits.suffix(11)
            // Said again, one digit misheard, or two next to each other swapped ("…123 456, sorry, I
            // transposed two, …123 465"): each such reading is one more key.
            let key = Self.phoneKey(digits)
            keys.removeAll(keepingCapacity: true)
            keys.append(key)
            for i in 0..<digits.count { keys.append(key | 0xF << (4 * (digits.count - 1 - i))) }
            for i in 0..<(digits.count - 1) {
                let a = 4 * (digits.count - 1 - i), b = a - 4  // digit i's nibble, then digit i + 1's
                let x = key >> a & 0xF, y = key >> b & 0xF
                if x != y { keys.append(key & ~(0xF << a | 0xF << b) | y << a | x << b) }
            }
            if let first = keys.lazy.compactMap({ seenPhones[$0] }).first {
                for k in entity.spans { spans[k].visibleFrom = spans[k].end }
                // Said differently the second time by the one who said it first (a correction, not
                // the other party's read-back): the first one's tail is as telling, so it goes too.
                if let fa = entities[first].spans.first, let fb = entity.spans.first, !entities[first].digits.suffix(11).elementsEqual(digits),
                   case let (a, b) = (spans[fa].start, spans[fb].start), a < b, sameSpeaker(a, b) || !lineBreak(in: a..<b) {
                    for k in entities[first].spans { spans[k].visibleFrom = spans[k].end }
                }
            }
            for key in keys where seenPhones[key] == nil { seenPhones[key] = index }
            // A tail said again put right by the one who said the phone ("198 36489869 — sorry, two
            // swapped, 34689869"): the phone's visible last four may be the wrong attempt's, so they go.
            // Only the last few phones are compared, so a text of many phones stays linear.
            if (7...10).contains(entity.digits.count), let fb = entity.spans.first {
                recentPhones.removeAll { index - $0 > 8 }
                for earlier in recentPhones.reversed() where entities[earlier].digits.count > entity.digits.count {
                    let tail = Array(entities[earlier].digits.suffix(entity.digits.count))
                    guard tail != entity.digits, Self.repeats(entity.digits, of: tail),
                          let fa = entities[earlier].spans.first, case let (a, b) = (spans[fa].start, spans[fb].start), a < b,
                          sameSpeaker(a, b) || !lineBreak(in: a..<b) else { continue }
                    for k in entities[earlier].spans { spans[k].visibleFrom = spans[k].end }
                    for k in entity.spans { spans[k].visibleFrom = spans[k].end }
                    break
                }
            }
            recentPhones.append(index)
        }
        hideCheckCharactersSaidApart(runs, entities: entities, into: &spans)
        joinAcrossAsides(runs, into: &spans, entities: &entities)
        let spanRanges = spans.map { $0.start..<$0.end }  // before sorting: entities index spans as analysed
        spans.sort { $0.start < $1.start }
        if !entities.isEmpty {
            hideRepeats(runs, entities: entities, spanRanges: spanRanges, into: &spans)
            hideShortReadBacks(runs, entities: entities, spanRanges: spanRanges, into: &spans)
            hideAlternatives(runs, into: &spans)
            hideCorrectedPieces(runs, into: &spans)
            hidePositionalPieces(runs, entities: entities, spanRanges: spanRanges, into: &spans)
            hideAbandonedPieces(runs, into: &spans)
        }
        return spans
    }

    /// Whether the aside between two runs asks for another number ("…2264069 / phone number 是？ /
    /// It's 2003…"): it names a kind, and the pieces before it already end with a whole number a
    /// strong check confirms (an ID, a card with a known prefix, a mobile). A prompt naming the
    /// kind of a number said only in part ("138 1234 / 手机号是吧？ / 5678") asks for no other.
    /// An aside that asks for something else ("Anything else if that doesn't answer?", "有备用的吗？")
    /// asks for another after a phone plan's whole shape too ("(646) 234-8252").
    /// `pieces`: the last of them (at most 19, enough for the longest number).
    private func asksForAnother(after pieces: [NumberFinder.Run], from a: Int, to b: Int) -> Bool {
        // The words of the lines between, not their speaker labels ("来电人 - …" names no phone).
        var named = false, another = false
        forEachLineBody(from: a, to: b) { _, words in
            named = !words.isEmpty && RunAnalyser.keywordsIn(s, words).positive
            another = another || !words.isEmpty && says(words, Self.anotherChinese, Self.anotherEnglish)
            return !named
        }
        guard named || another else { return false }
        var digits: [UInt8] = []
        for piece in pieces.reversed() where digits.count < 19 {
            guard let d = Self.digits(of: piece) else { return false }
            digits.insert(contentsOf: d, at: 0)
        }
        func tail(_ n: Int) -> ArraySlice<UInt8>? { digits.count >= n ? digits.suffix(n) : nil }
        if let id = tail(18), NumberChecks.mod11_2(id), NumberChecks.plausibleID18(id) { return true }
        if (16...19).contains(where: { n in tail(n).map { !$0.contains(10) && NumberChecks.luhn($0) && NumberChecks.knownCardPrefix($0) } ?? false }) { return true }
        if tail(11).map(NumberChecks.mobile) == true { return true }
        guard another else { return false }
        return (10...15).contains { n in
            tail(n).map { NumberChecks.tenDigitNational($0) || NumberChecks.nationalWithTrunk($0) || NumberChecks.international($0)
                || NumberChecks.internationalAfterIDD($0) } ?? false
        }
    }

    /// Words that ask for something more than what was said: another number.
    static let anotherChinese: [[UInt32]] = ["备用", "其他", "其它", "别的", "另外", "另一个", "第二个"].map { Array($0.unicodeScalars.map(\.value)) }
    static let anotherEnglish: [String] = [" anything else ", " something else ", " another ", " any other ", " other number ", " alternative ",
                                           " alternate ", " backup ", " back up number ", " second number ", " spare "]

    /// Whether a run is a service hotline written whole in Arabic digits: 10 digits from 400 or
    /// 800, or 1-800-… (``NumberChecks/serviceNumber(_:)``). (Five-digit hotlines such as 95588 are left to
    /// the checks: a card said in pieces may hold a piece that looks like one.)
    static func isHotline(_ run: NumberFinder.Run) -> Bool {
        guard run.digits == 10 || run.digits == 11, run.toks.allSatisfy({ $0.kind != .digit || $0.script == .arabic }),
              let d = digits(of: run), d.count == run.digits else { return false }
        if d.count == 11 {
            // "1-800-555-0199": North America's 1 written apart (never "18005550199", a PRC mobile's shape).
            guard d[0] == 1, run.toks.count > 1, run.toks[1].kind == .sep else { return false }
            return NumberChecks.serviceNumber(d.dropFirst())
        }
        return NumberChecks.serviceNumber(d[...])
    }

    /// Hides a local number said without its area code where a phone was asked for or named just
    /// before ("你 call back 我 五三八零，四五八六", "打 6521 3456 就行"): 7 or 8 digits in all, in
    /// one to three groups of three or more, the first 2–9, no part of a code, and no amount, date
    /// or count after it. Hidden whole (one span
    /// a piece, no digit shown: without its area code it cannot be told from another number).
    /// `corrected`: the pieces put right a local number hidden just before, so no word need ask.
    private func hideLocalNumber(_ pieces: [NumberFinder.Run], corrected: Bool = false, into spans: inout [RedactionSpan],
                                 entities: inout [RunAnalyser.Entity]) {
        // Said in one to three groups of three or more ("六位的，983361" is a count and a code).
        guard let first = pieces.first, let last = pieces.last, pieces.count <= 3 else { return }
        var digits: [UInt8] = []
        for piece in pieces {
            guard let d = Self.digits(of: piece), d.count >= 3 else { return }
            digits += d
        }
        let analyser = RunAnalyser(s: s, toks: [], turns: turns, memo: memo)
        // Asked for or named before it, or named right after it with nothing named before ("I've got
        // five one three one... / then six two three two on file, is that still current?").
        func named() -> Bool {
            switch analyser.context(before: first.start) {
            case .positive(.phone): true
            case .none: analyser.kindNamed(after: last.end) == .phone
            default: false
            }
        }
        guard (7...8).contains(digits.count), (2...9).contains(digits[0]), !digits.contains(10),
              !pieces.contains(where: writtenDate), corrected || named(),
              !analyser.moneyOrDateAfter(last.end), !Self.countFollows(s, at: last.end),
              !analyser.extensionAfter(last.end) else { return }
        let from = spans.count
        for piece in pieces { spans.append(RedactionSpan(start: piece.start, end: piece.end, kind: .phone, confidence: .low)) }
        entities.append(RunAnalyser.Entity(digits: digits, kind: .phone, spans: from..<spans.count))
    }

    /// Whether `run` is a date written in Arabic digits: three groups, a year of four digits (19…,
    /// 20…) first or last and one or two digits for the others, joined by one "-", "/" or "."
    /// ("系统显示您2025-07-21有一笔消费", "21/07/2025").
    private func writtenDate(_ run: NumberFinder.Run) -> Bool {
        var groups: [[UInt8]] = []
        var joiner: UInt32?
        var previousEnd = -1
        for tok in run.toks where tok.kind == .digit {
            guard tok.script == .arabic else { return false }
            if tok.start == previousEnd, !groups.isEmpty {
                groups[groups.count - 1].append(tok.value)
            } else {
                if previousEnd >= 0 {
                    guard tok.start == previousEnd + 1, [0x2D, 0x2F, 0x2E].contains(s[previousEnd]), joiner == nil || joiner == s[previousEnd] else { return false }
                    joiner = s[previousEnd]
                }
                groups.append([tok.value])
            }
            previousEnd = tok.end
        }
        func year(_ g: [UInt8]) -> Bool { g.count == 4 && (g[0] == 1 && g[1] == 9 || g[0] == 2 && g[1] == 0) }
        guard groups.count == 3 else { return false }
        return year(groups[0]) && groups[1...].allSatisfy { (1...2).contains($0.count) }
            || year(groups[2]) && groups[..<2].allSatisfy { (1...2).contains($0.count) }
    }

    /// Hides part of an ID said where one was asked for or named just before ("身份证后六位？/
    /// 074510", "ID number? / 410105... hang on, I can't find it"): 4–17 digits that no other
    /// reading took, none of them an amount, a date or a count. Hidden whole: an ID shows nothing.
    private func hidePartialID(_ pieces: [NumberFinder.Run], into spans: inout [RedactionSpan]) {
        guard let first = pieces.first, let last = pieces.last, idWordNear(before: first.start) else { return }
        let analyser = RunAnalyser(s: s, toks: [], turns: turns, memo: memo)
        guard analyser.namesOrAsksForAnID(before: first.start),
              pieces.allSatisfy({ Self.digits(of: $0) != nil }),
              !analyser.moneyOrDateAfter(last.end), !Self.countFollows(s, at: last.end) else { return }
        for piece in pieces { spans.append(RedactionSpan(start: piece.start, end: piece.end, kind: .idNumber, confidence: .low)) }
    }

    /// Whether an ID's name may stand in the 300 characters before `pos` (证, or "id" as a word, as
    /// in "ID number" and "identity"): a cheap look before the context words are read.
    private func idWordNear(before pos: Int) -> Bool {
        var i = pos - 1
        while i > 0, pos - i <= 300 {
            let c = s[i]
            if c == 0x8BC1 { return true }  // 证
            if c | 0x20 == 0x64, s[i - 1] | 0x20 == 0x69, i < 2 || !Self.isASCIILetter(s[i - 2]) { return true }  // "id…"
            i -= 1
        }
        return false
    }

    /// The pieces that may be a local number said whole: all of them, or where more digits
    /// follow (the other party's read-back that a bridge joined, where no label shows who speaks:
    /// "嗯，96156939，got it？/ 是9619……"), the leading ones that make 7 or 8 digits.
    private func leadingLocal(_ pieces: [NumberFinder.Run]) -> [NumberFinder.Run] {
        var total = 0, count = 0
        for piece in pieces.prefix(3) where total < 7 {
            total += piece.digits
            count += 1
        }
        return (7...8).contains(total) ? Array(pieces.prefix(count)) : pieces
    }

    /// How far back from a piece its line's start is looked for: a speaker label opens a turn,
    /// and a longer turn counts as unlabelled (so no text makes the look-back quadratic).
    static let labelReach = 1_000

    /// Whether the lines holding `a` and `b` open with speaker labels that name different
    /// speakers (timestamps and punctuation aside), or, where either has none, whether the
    /// transcript's own speakers (`turns`) for them differ; false when neither tells.
    func speakersDiffer(_ a: Int, _ b: Int) -> Bool { speakers(a, b).map { $0 != $1 } ?? false }

    /// Whether the lines holding `a` and `b` are known to be one speaker's: both labelled with the
    /// same name, or both given to the same speaker by the transcript (`turns`).
    func sameSpeaker(_ a: Int, _ b: Int) -> Bool { speakers(a, b).map { $0 == $1 } ?? false }

    /// A line's speaker: the name its label gives, or the one the transcript's `turns` give.
    private enum Speaker: Equatable { case named([UInt32]), numbered(Int32) }

    /// Who speaks the lines holding `a` and `b`: the names their labels give (timestamps, digits and
    /// punctuation aside), else the speakers `turns` gives them; nil when neither tells for both.
    private func speakers(_ a: Int, _ b: Int) -> (Speaker, Speaker)? {
        func letters(_ range: Range<Int>) -> [UInt32] {
            s[range].filter { !(0x30...0x39).contains($0) && !Self.isSpaceOrPunctuation($0) && !Self.isLabelMark($0) }
        }
        func name(_ position: Int) -> [UInt32]? {
            guard let start = Self.lineStart(s, at: position) else { return nil }
            let end = Self.labelEnd(s, from: start, limit: position)
            if end > start { return letters(start..<end) }
            // Where the transcript says who speaks (ASR speakers, WebVTT voices), it says so here too.
            if turns.speaker(at: position) != nil { return nil }
            guard let header = headerName(aboveLineAt: start) else { return nil }
            let name = letters(header)
            return name.isEmpty ? nil : name
        }
        if let x = name(a), let y = name(b) { return (.named(x), .named(y)) }
        guard let x = turns.speaker(at: a), let y = turns.speaker(at: b) else { return nil }
        return (.numbered(x), .numbered(y))
    }

    /// The speaker of a line with no label of its own, named above it within a few lines: a header
    /// standing alone ("[00:05] Agent", "Caller:", "## B") over the turn's text, or the labelled line
    /// the turn goes on from ("A: …" / "~ …"). The range of that header or label; nil when none is near.
    /// `lineStart`: where the line without a label starts.
    private func headerName(aboveLineAt lineStart: Int) -> Range<Int>? {
        var start = lineStart
        for _ in 0..<4 {
            guard start > 0 else { return nil }
            let end = start - 1
            guard let above = Self.lineStart(s, at: end) else { return nil }
            start = above
            let line = start..<end
            if line.isEmpty { continue }
            // A cue's timing ("00:00:03.000 --> …"): the cue above is another turn, told by `turns`.
            if Self.cueTiming(s, line) { return nil }
            if headerLine(line) { return line }
            let label = Self.labelEnd(s, from: start, limit: end)
            if label > start { return start..<label }
        }
        return nil
    }

    /// Where the speaker label (with its timestamp) opening the line that holds `position` stands,
    /// before `position`; nil when the line opens with none, or starts more than `labelReach` back.
    static func labelRange(_ s: [UInt32], at position: Int) -> Range<Int>? {
        guard let start = lineStart(s, at: position) else { return nil }
        let end = labelEnd(s, from: start, limit: position)
        return end > start ? start..<end : nil
    }

    /// Where the line that holds `position` starts; nil when that is more than `labelReach` back.
    static func lineStart(_ s: [UInt32], at position: Int) -> Int? {
        var start = position
        while start > 0, s[start - 1] != 0x0A, s[start - 1] != 0x0D {
            start -= 1
            if position - start > labelReach { return nil }
        }
        return start
    }

    // MARK: - Pieces across asides

    /// How far apart (in scalars) two pieces of one number may stand when words that are no
    /// bridge stand between them: an aside ("等一下，我找一下卡", "hold on, let me grab my
    /// wallet") and the other party's short answer.
    static let asideReach = 160

    /// How many runs after the first piece are looked at for the rest of its number: pieces,
    /// repeats of them and the other party's echoes.
    static let asideRuns = 8

    /// Joins pieces that no bridge joined because an aside stands between them, when the first
    /// was said where a kind was asked for or named ("请问您的银行卡号是多少？" / "The card number
    /// is …") and together they pass that kind's own check: a card (16–19 digits, Luhn, a known
    /// issuer prefix), an ID (18 with its check character, region and birth date), a mobile
    /// (China 1[3-9]…, UK 07…). A piece said again (asked to repeat it, or echoed by the other
    /// party) is hidden with the number but counted once. Runs that no span covers yet, none
    /// holding a digit that is part of a code, a decimal or a date. The check is what makes the
    /// join safe: unrelated numbers pass it about once in ten (Luhn) to once in several hundred (an ID).
    private func joinAcrossAsides(_ runs: [NumberFinder.Run], into spans: inout [RedactionSpan], entities: inout [RunAnalyser.Entity]) {
        guard runs.count >= 2 else { return }
        let hidden = spans.map { $0.start..<$0.end }.sorted { $0.lowerBound < $1.lowerBound }
        func covered(_ run: NumberFinder.Run) -> Bool {
            let after = hidden.partitionPoint { $0.lowerBound < run.end }
            return after > 0 && hidden[after - 1].upperBound > run.start
        }
        let analyser = RunAnalyser(s: s, toks: [], turns: turns, memo: memo)
        /// What a run is to a number said across asides: a piece (hidden already or not), a
        /// count inside an aside, or the end of the search.
        enum Piece { case digits([UInt8], hidden: Bool), aside, stop }
        let pieces = runs.indices.map { k -> Piece in
            let run = runs[k]
            // A date written with slashes ("17/10/2019") is no piece either.
            guard (1...18).contains(run.digits), !Self.isHotline(run), !s[run.start..<run.end].contains(0x2F),
                  let digits = Self.digits(of: run) else { return .stop }
            let once = Self.saidOnce(digits)
            // The rest of a number hidden already, after a first piece an aside cut off from it
            // ("这张卡是6205 / 这个数字有点磨掉了 / 后面是2240 …").
            if covered(run) { return .digits(once, hidden: true) }
            // A count inside the aside ("I've got like three cards here", "我有两张卡") is no piece.
            var next = run.end
            while next < s.count, s[next] == 0x20 { next += 1 }
            let counted = next < s.count && (Self.isASCIILetter(s[next]) && next > run.end || Self.countFollows(s, at: next))
            // A country code after "+" ("+ 4 4 hold on, …") counts nothing.
            if counted, digits.count <= 2, !digits.contains(10), run.toks.first?.kind != .plus { return .aside }
            // An amount, a date, a count or a house number ("80219块", "4月18号", "February 23", "3个工作日") is no piece.
            if analyser.moneyOrDateAfter(run.end) || Self.countFollows(s, at: run.end) || analyser.monthBefore(run.start) {
                return .stop
            }
            // A check character ends a piece; one inside it is no part of a number.
            if let x = digits.firstIndex(of: 10), x != digits.count - 1 { return .stop }
            // Digits written inside a code, a word on each side ("（2023）沪0105执33246号", a case
            // number), are no piece of a number said apart.
            if wordGlued(before: run.start), wordGlued(after: run.end) { return .stop }
            return .digits(once, hidden: false)
        }
        var k = 0
        while k < runs.count - 1 {
            // A first piece hidden already counts when it is no whole number on its own (an ID's
            // first 14 digits, hidden by its context word alone): the rest of it may follow an aside.
            guard case .digits(let first, let firstHidden) = pieces[k], first.count >= 2, !first.contains(10),
                  case .positive(let asked) = analyser.context(before: runs[k].start),
                  !firstHidden || Self.passesCheck(first[...], asked: asked) == nil else {
                k += 1
                continue
            }
            let plus = runs[k].toks.first?.kind == .plus  // "+44 … 20 … 7946 0922": the country code first
            // "门店电话是（028）3298…", "call back on 0345 …": an organisation's line is no one's own.
            let landline = asked != .phone || !analyser.organisationLine(before: runs[k].start)
            var digits = first
            var said = firstHidden ? [] : [k]
            var last = first
            var found: (end: Int, kind: SensitiveNumberKind)?
            // Where the pieces first made eight digits: a local number (Hong Kong, Singapore, a city's
            // own eight) where a phone was asked for, if no more digits follow.
            var eight: Int?
            var j = k + 1
            while j < runs.count, j - k <= Self.asideRuns, runs[j].start - runs[j - 1].end <= Self.asideReach {
                guard case .digits(let more, let hidden) = pieces[j] else {
                    if case .aside = pieces[j] { j += 1; continue }
                    break
                }
                // An amount ("That's £116") is no piece either (asked only of a piece that would join).
                if !hidden, analyser.amountNamed(before: runs[j].start) { break }
                if !hidden { said.append(j) }
                // Said again ("sorry, say that again?" / "187"), or echoed ("4877，嗯"): counted once.
                if more == last || more.count >= 3 && digits.count >= more.count && digits.suffix(more.count).elementsEqual(more) {
                    j += 1
                    continue
                }
                guard !digits.contains(10) else { break }
                // Said again and gone on ("sorry, you cut out there" / "84822976, 39380"): the rest counts.
                let rest = more.count > last.count && last.count >= 3 && more.starts(with: last) ? Array(more.dropFirst(last.count)) : more
                digits += rest
                last = more
                if let kind = Self.passesCheck(digits[...], asked: asked, plus: plus, landline: landline) { found = (j, kind) }
                if found != nil || digits.count > 19 { break }
                if digits.count == 8 { eight = j }
                j += 1
            }
            // Eight digits and no more, every piece after the first with no word of its own that makes
            // it something else ("分机号5607" / "验证码3169" are an extension and a code, not a number).
            if found == nil, let eight, digits.count == 8, asked == .phone, landline, !plus, digits.first != 0, !digits.contains(10),
               said.filter({ $0 > k && $0 <= eight }).allSatisfy({ r in
                   if case .negative = analyser.context(before: runs[r].start) { return false }
                   return !analyser.extensionBefore(runs[r].start)
               }), !analyser.extensionBefore(runs[k].start) {
                found = (eight, .phone)
            }
            // After a hidden first piece, an ID's rest must complete its check character too: a
            // digit or an X that merely follows 17 digits is no proof.
            guard let found, !firstHidden || found.kind != .idNumber || NumberChecks.mod11_2(digits[...]) else {
                k += 1
                continue
            }
            var entity = RunAnalyser.Entity(digits: digits, kind: found.kind, spans: spans.count..<spans.count)
            for r in said where r <= found.end {
                spans.append(RedactionSpan(start: runs[r].start, end: runs[r].end, kind: found.kind, confidence: .medium))
            }
            entity.spans = entity.spans.lowerBound..<spans.count
            entities.append(entity)
            k = found.end + 1
        }
    }

    /// Whether a word stands right before `position`: a letter with nothing between, or an
    /// ideograph no connective ("沪0105", and "沪 0105" as a recogniser spaces Arabic chunks).
    private func wordGlued(before position: Int) -> Bool {
        var i = position
        while i > 0, s[i - 1] == 0x20, position - i < 2 { i -= 1 }
        return i > 0 && (i == position && Self.isASCIILetter(s[i - 1]) || Self.codeIdeograph(s[i - 1]))
    }

    /// Whether a word stands right after `position` ("0105执"), as ``wordGlued(before:)`` reads it.
    private func wordGlued(after position: Int) -> Bool {
        var i = position
        while i < s.count, s[i] == 0x20, i - position < 2 { i += 1 }
        return i < s.count && (i == position && Self.isASCIILetter(s[i]) || Self.codeIdeograph(s[i]))
    }

    /// An ideograph that is no connective, numeral or counter: a word a code may hold.
    private static func codeIdeograph(_ c: UInt32) -> Bool {
        c >= 0x3400 && c < 0xA000 && !connectiveIdeographs.contains(c) && !numerals.contains(c) && !countersAfter.contains(c)
    }

    /// Ideographs after digits that make them a day, a house number (12栋2单元), a count or a measure.
    /// Whether a counter stands at `pos`, right after digits ("12栋", "3个"): they count something.
    static func countFollows(_ s: [UInt32], at pos: Int) -> Bool { pos < s.count && countersAfter.contains(s[pos]) }

    static let countersAfter: ScalarSet = ScalarSet("号號楼樓层室栋单度个岁天次位周期张条户房间晚人名份件台辆箱瓶盒斤")

    /// The kind whose own check `d` passes, the kind asked for first: a card (16–19 digits, Luhn,
    /// a known issuer prefix), an ID (18 with its check character, region and birth date), a
    /// mobile (China 1[3-9]…, UK 07…). Any kind counts, because the words that ask are loose
    /// ("号码是…" answers "身份证号码报一下"). Without `landline`, a landline or North American
    /// number is no phone even where one was asked for (an organisation's own line).
    static func passesCheck(_ d: ArraySlice<UInt8>, asked: SensitiveNumberKind, plus: Bool = false, landline: Bool = true) -> SensitiveNumberKind? {
        func passes(_ kind: SensitiveNumberKind) -> Bool {
            switch kind {
            case .bankCard:
                // A card asked for may be of a scheme not listed (a store or fuel card); Luhn still holds.
                (16...19).contains(d.count) && !d.contains(10) && NumberChecks.luhn(d) && (asked == .bankCard || NumberChecks.knownCardPrefix(d))
            case .idNumber: d.count == 18 && NumberChecks.plausibleID18(d)
            case .phone:
                // A landline with its area code (010 4823 7193) or a North American number only
                // where a phone was asked for: too common a shape otherwise.
                plus ? NumberChecks.international(d)
                    : d.count == 11 && (NumberChecks.mobile(d) || NumberChecks.ukMobile(d)) || NumberChecks.prefixedMobile(d)
                    || asked == .phone && landline && (d.first == 0 && NumberChecks.landlineWithoutTrunk(d.dropFirst()) || NumberChecks.northAmerican(d)
                                                       || NumberChecks.internationalAfterIDD(d))
            }
        }
        return ([asked] + [.idNumber, .bankCard, .phone]).first(where: passes)
    }

    // MARK: - Check characters said apart

    /// How far after an ID's 17 digits its check character is looked for (a question and its
    /// answer: "And what's at the end?" / "Finishing with X.").
    static let checkCharacterReach = 240

    /// Hides the check character of an ID whose 17 digits were found without it, when it is said
    /// on its own shortly after and completes them (MOD 11-2): its value says it belongs.
    private func hideCheckCharactersSaidApart(_ runs: [NumberFinder.Run], entities: [RunAnalyser.Entity], into spans: inout [RedactionSpan]) {
        guard entities.contains(where: { $0.kind == .idNumber && $0.digits.count == 17 }) else { return }
        let hidden = spans.map { $0.start..<$0.end }.sorted { $0.lowerBound < $1.lowerBound }
        /// Whether a span overlaps `range` (spans do not overlap each other: bisect, then look at one).
        func covered(_ range: Range<Int>) -> Bool {
            let after = hidden.partitionPoint { $0.lowerBound < range.upperBound }
            return after > 0 && hidden[after - 1].upperBound > range.lowerBound
        }
        for entity in entities where entity.kind == .idNumber && entity.digits.count == 17 && !entity.spans.isEmpty {
            let end = entity.spans.map { spans[$0].end }.max()!
            let check = NumberChecks.mod11_2CheckValue(entity.digits)
            // The first lone character after the digits, within reach (runs are in order: bisect).
            var lo = runs.partitionPoint { $0.start < end }
            while lo < runs.count, runs[lo].digits != 1, runs[lo].start - end <= Self.checkCharacterReach { lo += 1 }
            if lo < runs.count, case let run = runs[lo], run.digits == 1, run.start - end <= Self.checkCharacterReach {
                guard let tok = run.toks.first(where: { $0.kind == .digit }), tok.value == check,
                      !covered(run.start..<run.end) else { continue }
                spans.append(RedactionSpan(start: tok.start, end: tok.end, kind: .idNumber, confidence: .medium))
            } else if check == 10, let x = loneX(from: end, before: min(s.count, end + Self.checkCharacterReach)), !covered(x..<(x + 1)) {
                // "… and then there's an X." / "最后是X，字母": a letter on its own, no run of digits.
                spans.append(RedactionSpan(start: x, end: x + 1, kind: .idNumber, confidence: .medium))
            }
        }
    }

    /// The first "X" (or "x", "Ｘ") in `from..<before` that stands alone: no ASCII letter or digit
    /// touches it.
    private func loneX(from: Int, before: Int) -> Int? {
        var i = from
        while i < before {
            if s[i] == 0x58 || s[i] == 0x78 || s[i] == 0xFF38 {
                let prev = i > 0 ? s[i - 1] : 0x20, next = i + 1 < s.count ? s[i + 1] : 0x20
                if !Self.isASCIILetter(prev), !Self.isASCIILetter(next), !(0x30...0x39).contains(prev), !(0x30...0x39).contains(next) { return i }
            }
            i += 1
        }
        return nil
    }

    // MARK: - Repeats

    /// How far from a found number (in scalars) a repeat of it is looked for: a read-back or an
    /// abandoned attempt stands within a few turns of it. Bounds the work on a long transcript.
    static let repeatReach = 2_000

    /// Hides runs that repeat part of a found number (read-backs, abandoned attempts) nearby.
    private func hideRepeats(_ runs: [NumberFinder.Run], entities: [RunAnalyser.Entity], spanRanges: [Range<Int>],
                             into spans: inout [RedactionSpan]) {
        let analyser = RunAnalyser(s: s, toks: [], turns: turns, memo: memo)
        // Entities by where they were said (spans are sorted by now; an entity's first span).
        // An ID found by its 17 digits is repeated with its check character ("尾号三四六叉对吧？"),
        // which those digits determine.
        let placed = entities.compactMap { e -> (at: Int, entity: RunAnalyser.Entity, said: [Range<Int>])? in
            var e = e
            if e.kind == .idNumber, e.digits.count == 17 { e.digits.append(NumberChecks.mod11_2CheckValue(e.digits)) }
            return e.spans.isEmpty ? nil : (spanRanges[e.spans.lowerBound].lowerBound, e, e.spans.map { spanRanges[$0] })
        }.sorted { $0.at < $1.at }
        var added: [RedactionSpan] = []
        // Repeats hidden so far that differ from their number (a misheard read-back): a later
        // run may repeat them in turn ("177 7023 9011?" / "不对，是1011，不是9011").
        var heard: [(at: Int, digits: [UInt8], kind: SensitiveNumberKind)] = []
        var next = 0  // first span that may overlap the current run
        var lowest = 0  // first placed entity within reach of the current run
        var dropped = Set<Int>()
        // A run that holds a correction ("1011，不是9011") is tried whole, then piece by piece; one
        // too long to be one number ("not 1035248323435, it's 1035248323445"), between the words
        // said in it.
        let candidates = runs.lazy.filter { $0.digits >= 4 }.flatMap { run in
            run.digits <= 19 ? [run] + Self.pieces(of: run) : Self.pieces(of: run, splittingAtWords: self.s)
        }
        var wholeHidden = -1  // the start of the last whole run hidden: its pieces are not tried
        for run in candidates where run.digits >= 4 && run.start >= wholeHidden {
            while next < spans.count, spans[next].end <= run.start { next += 1 }
            let partlyHidden = next < spans.count && spans[next].start < run.end
            // Hidden already, unless what hides it shows digits: a read-back that failed its own
            // check may have been read as something shorter (a landline inside a misheard card).
            if partlyHidden, !spans[next..<spans.endIndex].prefix(while: { $0.start < run.end }).contains(where: { $0.visibleFrom < $0.end }) { continue }
            // A check character may end a repeat ("ending 926X?"), never stand inside one.
            guard let said = Self.digits(of: run), said.dropLast().allSatisfy({ $0 != 10 }), said.count >= 4 else { continue }
            let digits = Self.saidOnce(said)
            while lowest < placed.count, placed[lowest].at < run.start - Self.repeatReach { lowest += 1 }
            var entity: RunAnalyser.Entity?
            var k = lowest
            while k < placed.count, placed[k].at <= run.end + Self.repeatReach {
                // Not the number's own mention (a phone shows its last four there by design).
                // A run partly hidden already repeats only a number said before it: the first
                // mention keeps its own reading when a read-back follows.
                let own = placed[k].said.contains { $0.overlaps(run.start..<run.end) }
                let earlier = !partlyHidden || placed[k].at < run.start
                if !own, earlier, Self.repeats(digits, of: placed[k].entity.digits) { entity = placed[k].entity; break }
                // "233, not 238, then 3428" / "Just to confirm, three oh three, two three three, three
                // four two eight?": a local phone read back with an area code before it.
                if !own, placed[k].at < run.start, Self.withAreaCode(digits, placed[k].entity) {
                    entity = placed[k].entity
                    break
                }
                // "Group by group then — 0512? / Yep. / 7282？ / No, seven three eight two.": the other
                // party asking back a group of it with one digit misheard, the group alone on its turn.
                if !own, placed[k].at < run.start, digits.count < 6, Self.misheard(digits, of: placed[k].entity.digits),
                   speakersDiffer(placed[k].at, run.start), asksBackAlone(run) {
                    entity = placed[k].entity
                    break
                }
                k += 1
            }
            var kind = entity?.kind
            if kind == nil {
                kind = heard.suffix(16).last { $0.at >= run.start - Self.repeatReach && Self.repeats(digits, of: $0.digits) }?.kind
            }
            guard let kind else { continue }
            if let entity, digits.count >= 6, !entity.digits.contains(digits), !Self.withAreaCode(digits, entity) { heard.append((run.start, digits, kind)) }
            let first = run.toks.first { $0.kind == .digit || $0.kind == .mult }!
            if partlyHidden {
                // The repeat is hidden whole, as the number it repeats: one span instead of those.
                var j = next + 1
                while j < spans.count, spans[j].start < run.end { dropped.insert(j); j += 1 }
                spans[next] = RedactionSpan(start: min(first.start, spans[next].start), end: max(run.end, spans[j - 1].end),
                                            kind: kind, confidence: .medium)
                wholeHidden = run.end
                continue
            }
            // A harmless word before it names a harmless number that happens to end like this one;
            // seven digits or more of the number, exactly, are the number whatever was said before
            // ("…预订单号是YW-96523。/ 我重复一遍，四三〇一〇二，一九六七，零六二五……").
            let long = digits.count >= 7 && entity.map { $0.digits.contains(digits) } == true
            if !long, case .negative = analyser.context(before: run.start) { continue }
            if analyser.moneyOrDateAfter(run.end) { continue }
            added.append(RedactionSpan(start: first.start, end: run.end, kind: kind, confidence: .medium))
            wholeHidden = run.end
        }
        if !dropped.isEmpty { spans = spans.enumerated().filter { !dropped.contains($0.offset) }.map(\.element) }
        if !added.isEmpty {
            spans += added
            spans.sort { $0.start < $1.start }
        }
        // "OK so 67... uh, hang on... 12... two one, nine seven?": a read-back's first digits, said
        // apart before a hesitation, then the rest hidden as a repeat: the two together repeat the
        // number exactly, so the first are hidden with it.
        var lead: [RedactionSpan] = []
        for k in runs.indices.dropLast() where (1...3).contains(runs[k].digits) {
            let next = runs[k + 1]
            let after = spans.partitionPoint { $0.start < next.end }
            guard after > 0, spans[after - 1].end > next.start, spans[after - 1].start >= runs[k].end,
                  next.start - runs[k].end <= 40, bridge(from: runs[k].end, to: next.start) != .none,
                  let head = Self.digits(of: runs[k]), let rest = Self.digits(of: next), head.count + rest.count >= 6 else { continue }
            let said = head + rest
            guard placed.contains(where: { abs($0.at - next.start) <= Self.repeatReach && $0.at < runs[k].start && $0.entity.digits.contains(said) }) else { continue }
            lead.append(RedactionSpan(start: runs[k].start, end: runs[k].end, kind: spans[after - 1].kind, confidence: .medium))
        }
        if !lead.isEmpty {
            spans += lead
            spans.sort { $0.start < $1.start }
        }
    }

    /// Hides the other side of a question that offers two readings of a piece ("是0924还是0954？",
    /// "was it 7101 or 0101?") when one side is hidden: both are the number's digits as heard.
    /// Both sides have the same number of digits (3–8) and only "还是", "或者", "or" stand between.
    private func hideAlternatives(_ runs: [NumberFinder.Run], into spans: inout [RedactionSpan]) {
        func span(over run: NumberFinder.Run) -> RedactionSpan? {
            let after = spans.partitionPoint { $0.start < run.end }
            guard after > 0, spans[after - 1].end > run.start, spans[after - 1].visibleFrom >= spans[after - 1].end else { return nil }
            return spans[after - 1]
        }
        var added: [RedactionSpan] = []
        for k in runs.indices.dropLast() {
            let a = runs[k], b = runs[k + 1]
            guard a.digits == b.digits, (3...8).contains(a.digits), b.start - a.end <= 8, alternative(a.end..<b.start) else { continue }
            switch (span(over: a), span(over: b)) {
            case (let hidden?, nil): added.append(RedactionSpan(start: b.start, end: b.end, kind: hidden.kind, confidence: .medium))
            case (nil, let hidden?): added.append(RedactionSpan(start: a.start, end: a.end, kind: hidden.kind, confidence: .medium))
            default: break
            }
        }
        guard !added.isEmpty else { return }
        spans += added
        spans.sort { $0.start < $1.start }
    }

    /// Hides three-digit read-backs of a number said before them, within ``repeatReach``: its
    /// first three digits said by another speaker ("开头是幺八三？", "so it starts 025?"), its last
    /// three said on a later turn ("Did you say 453 or 435?" / "435."; a phone's only where it shows
    /// no tail of its own: "…nine oh six?" / "Nine oh five."), and any three of them asked
    /// about on a later turn, close after it ("中间是105吗？", "The second block is triple five?").
    /// (Four or more are ``hideRepeats``'s.) Never an amount, a date or a count, nor after a word
    /// that names another kind of number.
    private func hideShortReadBacks(_ runs: [NumberFinder.Run], entities: [RunAnalyser.Entity], spanRanges: [Range<Int>],
                                    into spans: inout [RedactionSpan]) {
        // Whether a span (as hidden by now, repeats included) over `range` shows digits.
        func showsDigits(_ range: Range<Int>) -> Bool {
            var k = spans.partitionPoint { $0.start < range.lowerBound }
            if k > 0, spans[k - 1].end > range.lowerBound { k -= 1 }
            while k < spans.count, spans[k].start < range.upperBound {
                if spans[k].visibleFrom < spans[k].end { return true }
                k += 1
            }
            return false
        }
        let said = entities.compactMap { e -> (at: Int, end: Int, digits: [UInt8], kind: SensitiveNumberKind, showsTail: Bool)? in
            guard let first = e.spans.first, let last = e.spans.last, e.digits.count >= 7 else { return nil }
            return (spanRanges[first].lowerBound, spanRanges[last].upperBound, e.digits, e.kind, e.kind == .phone && showsDigits(spanRanges[last]))
        }.sorted { $0.at < $1.at }
        guard !said.isEmpty else { return }
        let analyser = RunAnalyser(s: s, toks: [], turns: turns, memo: memo)
        var added: [RedactionSpan] = []
        var before = 0  // numbers said before the current run
        for run in runs where run.digits == 3 {
            while before < said.count, said[before].at < run.start { before += 1 }
            let after = spans.partitionPoint { $0.start < run.end }
            if after > 0, spans[after - 1].end > run.start { continue }  // hidden already
            guard let digits = Self.digits(of: run), digits.count == 3 else { continue }
            // The 16 numbers said last within reach, newest first: bounded work per run.
            let match = said[max(0, before - 16)..<before].last { number in
                guard run.start - number.at <= Self.repeatReach else { return false }
                // Its first three, or, said after "+", those of its national part ("+1 614 823 …" / "six one four —").
                let head = number.digits.starts(with: digits)
                    || number.kind == .phone && [0x2B, 0xFF0B, 0x52A0].contains(s[number.at])
                    && NumberChecks.nationalPart(number.digits[...])?.starts(with: digits) == true
                if head, speakersDiffer(number.at, run.start) { return true }
                guard number.end <= run.start, lineBreak(in: number.end..<run.start) else { return false }
                if number.kind != .phone || !number.showsTail, number.digits.reversed().starts(with: digits.reversed()) { return true }
                return run.start - number.end <= Self.askedReach && asked(after: run.end) && number.digits.contains(digits)
            }
            guard let match, !analyser.moneyOrDateAfter(run.end) else { continue }
            if case .negative = analyser.context(before: run.start) { continue }
            added.append(RedactionSpan(start: run.start, end: run.end, kind: match.kind, confidence: .medium))
        }
        guard !added.isEmpty else { return }
        spans += added
        spans.sort { $0.start < $1.start }
    }

    /// How far after a number (in scalars) a question about three of its digits is taken for a
    /// read-back of them: the next few turns.
    static let askedReach = 400

    /// Whether `range` holds a line break (the number and its read-back stand on different turns).
    private func lineBreak(in range: Range<Int>) -> Bool {
        s[range].contains { $0 == 0x0A || $0 == 0x0D }
    }

    /// Whether the sentence that `p` is in ends in a question, within a few words: "？", "?", "吗",
    /// "吧" ("中间是105吗？", "is it 435?").
    private func asked(after p: Int) -> Bool {
        var i = p
        while i < s.count, i - p < 24 {
            switch s[i] {
            case 0x3F, 0xFF1F, 0x5417, 0x5427: return true  // ? ？ 吗 吧
            case 0x0A, 0x0D, 0x2E, 0x3002, 0x21, 0xFF01: return false
            default: i += 1
            }
        }
        return false
    }

    // MARK: - Digits named by their place

    /// Hides short pieces (1–6 digits) that name digits of a number said before them by their
    /// place: a read-back of its tail or head equal to it ("尾号是八零？", "身份证末三位是70X",
    /// "186开头的", "the card ending 604", "starts with 139"), a digit put right ("第三位是1，不是3",
    /// "the fifth one is a 6 not a 9", "that nine should be an eight"), and the wrong digits such a
    /// correction names. With the visible tail of a phone, or the rest of a read-back, each of them
    /// rebuilds the number. Only within ``repeatReach`` after a number found in the text, and never
    /// an amount, a date or a count. (The tail of some other number, "验证码已发到您尾号0032的手机",
    /// equals no number said, and stays.)
    private func hidePositionalPieces(_ runs: [NumberFinder.Run], entities: [RunAnalyser.Entity], spanRanges: [Range<Int>],
                                      into spans: inout [RedactionSpan]) {
        let found = entities.compactMap { e in
            e.spans.first.map { (at: spanRanges[$0].lowerBound, digits: e.digits, kind: e.kind, said: e.spans.map { spanRanges[$0] }) }
        }.sorted { $0.at < $1.at }
        guard !found.isEmpty else { return }
        // A correction inside one run ("幺零零二，不是零零幺二") splits it into pieces.
        var expanded: [NumberFinder.Run] = []
        expanded.reserveCapacity(runs.count + 8)
        for run in runs {
            let pieces = run.toks.contains { $0.kind == .restart } ? Self.pieces(of: run) : []
            if pieces.isEmpty { expanded.append(run) } else { expanded += pieces }
        }
        let runs = expanded
        let analyser = RunAnalyser(s: s, toks: [], turns: turns, memo: memo)
        func hidden(_ run: NumberFinder.Run) -> Bool {
            let after = spans.partitionPoint { $0.start < run.end }
            return after > 0 && spans[after - 1].end > run.start
        }
        func short(_ run: NumberFinder.Run) -> Bool {
            (1...6).contains(run.digits) && Self.digits(of: run) != nil && !analyser.moneyOrDateAfter(run.end)
                && !Self.countFollows(s, at: run.end)
        }
        var added: [RedactionSpan] = []
        // Phones a digit of which was named by its place or put right: the tail they show may be
        // the wrong one, and the read-back or correction tells the rest.
        var corrected: [Range<Int>] = []
        /// The neighbours `runs[k]` puts a digit right with ("X, not Y", "不是X，是Y", "X should be Y"):
        /// as many digits, close by, a correction between them.
        func correctionPartners(of k: Int) -> [Int] {
            [k - 1, k + 1].filter { j in
                guard runs.indices.contains(j), runs[j].digits == runs[k].digits else { return false }
                let (a, b) = j < k ? (runs[j], runs[k]) : (runs[k], runs[j])
                return b.start - a.end <= 16 && digitCorrection(a.end..<b.start)
            }
        }
        /// Whether `d` is the head or the tail of `digits`.
        func headOrTail(_ d: [UInt8], of digits: [UInt8]) -> Bool {
            digits.starts(with: d) || digits.reversed().starts(with: d.reversed())
        }
        /// Whether the piece `runs[k]`, just after `phone`, names one of its digits by its place, a
        /// tail or head it does not have ("the last four are 3654"), or puts a digit right.
        func correctsPhone(_ phone: (at: Int, digits: [UInt8], kind: SensitiveNumberKind, said: [Range<Int>]), at k: Int, cue: PlaceCue?) -> Bool {
            let run = runs[k]
            guard phone.kind == .phone, let end = phone.said.last?.upperBound, run.start >= end,
                  run.start - end <= (cue == .group ? Self.lateCorrectionReach : Self.correctionReach),
                  let d = Self.digits(of: run) else { return false }
            switch cue {
            case .position?, .middle?, .group?: return true
            case .end?: return !headOrTail(d, of: phone.digits)
            case nil: return !correctionPartners(of: k).isEmpty
            }
        }
        var said = 0  // numbers found before the current run
        for (k, run) in runs.enumerated() where (1...8).contains(run.digits) {
            while said < found.count, found[said].at < run.start { said += 1 }
            // Cheap tests first: this runs over every short piece after a number.
            guard said > 0, run.start - found[said - 1].at <= Self.repeatReach else { continue }
            let cue = placeNamed(before: run.start) ?? (placeNamedAfter(run.end) ? .end : wrongNamedAfter(run.end) ? .group : nil)
            // Seven or eight digits only as a middle put right (an ID's date of birth).
            if run.digits > 6, cue != .middle, cue != .group { continue }
            if correctsPhone(found[said - 1], at: k, cue: cue) { corrected += found[said - 1].said }
            guard !hidden(run) else { continue }
            var kind: SensitiveNumberKind?
            switch cue {
            case .position?:
                if short(run) { kind = found[said - 1].kind }
            case .middle?, .group?:
                // "中间应该是19660222", "the middle's zero two six four": the number just said, put right;
                // a group named by its place, a few turns later too ("…the second block was wrong, it's 575").
                guard Self.digits(of: run) != nil, !analyser.moneyOrDateAfter(run.end), let end = found[said - 1].said.last?.upperBound,
                      run.start >= end, run.start - end <= (cue == .group ? Self.lateCorrectionReach : Self.correctionReach) else { continue }
                kind = found[said - 1].kind
            case .end?:
                guard short(run), let d = Self.digits(of: run) else { continue }
                // The 16 numbers said last within reach, newest first: bounded work per run.
                kind = found[max(0, said - 16)..<said].last { run.start - $0.at <= Self.repeatReach && headOrTail(d, of: $0.digits) }?.kind
                // "…八三一，哦不是，最后几位是八九一": an end put right just after the number is its own.
                if kind == nil, let end = found[said - 1].said.last?.upperBound, run.start >= end, run.start - end <= Self.correctionReach,
                   correctsWhatCameBefore(end..<run.start) {
                    kind = found[said - 1].kind
                }
            case nil:
                // A digit put right: both sides of "X, not Y" / "不是X，是Y" / "X should be Y" when one
                // side is hidden or its place named, or the number was just said.
                for j in correctionPartners(of: k) where kind == nil {
                    let other = runs[j], a = j < k ? other : run
                    guard short(run), short(other),
                          hidden(other) || placeNamed(before: a.start) != nil || a.start - found[said - 1].at <= Self.correctionReach else { continue }
                    kind = found[said - 1].kind
                }
            }
            if let kind { added.append(RedactionSpan(start: run.start, end: run.end, kind: kind, confidence: .medium)) }
        }
        if !corrected.isEmpty {
            let ranges = Set(corrected.map { [$0.lowerBound, $0.upperBound] })
            for i in spans.indices where spans[i].kind == .phone && ranges.contains([spans[i].start, spans[i].end]) {
                spans[i].visibleFrom = spans[i].end
            }
        }
        guard !added.isEmpty else { return }
        spans += added
        spans.sort { $0.start < $1.start }
    }

    /// What names the place of the digits after it: a position (第三位, "the fifth one is a"), the
    /// number's tail or head (尾号, 后四位, 开头是, "ending in", "starts with"), its middle (中间应该是,
    /// "the middle's", "the middle bit should be"), or a group by its place or a reading named wrong
    /// (第二组, "the second block", 念成), which may come a few turns later.
    enum PlaceCue { case position, end, middle, group }

    /// What the words just before `p`, in its sentence, name: a position (第N位; an ordinal with
    /// "one" / "digit" / "number": "the fifth one is a", "the third digit's") or an end (尾号, 尾数,
    /// 末尾, 结尾, 开头, 后N位, 末N位, 前N位, then 是, 为 or a colon; "ending (in)", "ends with",
    /// "starts with", "begins with"); nil when neither.
    private func placeNamed(before p: Int) -> PlaceCue? {
        var i = p
        var scanned = 0
        // Back over what may stand between the cue and the digits: spaces, 是, 为, a colon, "is a".
        while i > 0, scanned < 8, s[i - 1] == 0x20 || s[i - 1] == 0x662F || s[i - 1] == 0x4E3A || s[i - 1] == 0x3A || s[i - 1] == 0xFF1A {
            i -= 1; scanned += 1
        }
        if i > 0, s[i - 1] >= 0x3400, s[i - 1] < 0xA000 {
            if Self.placeWords.contains(where: { endsWithIgnoringSpaces(i, $0) }) { return .end }
            // 中间 (应该 / 其实 / 应) 是: the middle, put right.
            var m = i
            if let hedge = Self.middleHedges.first(where: { endsWithIgnoringSpaces(m, $0) }) { m -= hedge.count }
            if endsWithIgnoringSpaces(m, Self.middleWord) { return .middle }
            // A group named by its place ("第二组是139", "第2段", "中间那组"), or digits said or heard wrong
            // ("我刚才念成039了", "听成了"): the number just said, put right.
            if groupNamed(endingAt: m) || Self.wrongReadingWords.contains(where: { endsWithIgnoringSpaces(i, $0) }) {
                return .group  // "第二组是139", "第二组应该是6173", "我刚才念成039了"
            }
            // …N位: a position (第三位) or a count of the last or first digits (后四位, 末3位).
            guard s[i - 1] == 0x4F4D, i >= 3 else { return nil }
            var j = i - 1
            while j > 0, Self.numerals.contains(s[j - 1]) || s[j - 1] == 0x5341 || (0x30...0x39).contains(s[j - 1]) || s[j - 1] == 0x51E0 { j -= 1 }
            guard j < i - 1, j > 0 else { return nil }
            return s[j - 1] == 0x7B2C ? .position : Self.positionsBefore.contains(s[j - 1]) ? .end : nil
        }
        // English: the words of the sentence before `p`, at most 48 characters back. Most short
        // pieces have none of the cue words near them: a cheap look for their letters first.
        var start = p
        while start > 0, p - start < 48 {
            let c = s[start - 1]
            if c == 0x0A || c == 0x3F || c == 0x21 || c == 0x3002 || c == 0x2E { break }
            start -= 1
        }
        guard start < p, s[start..<p].contains(where: Self.isASCIILetter) else { return nil }
        // Lower-case ASCII words as bytes (hashed as bytes, never as Strings), newest first.
        var words: [[UInt8]] = []
        var word: [UInt8] = []
        for c in s[start..<p].reversed() {
            if Self.isASCIILetter(c) || c == 0x27 {
                word.append(UInt8(c | 0x20))
            } else if !word.isEmpty {
                words.append(word.reversed())
                word.removeAll(keepingCapacity: true)
            }
        }
        if !word.isEmpty { words.append(word.reversed()) }
        guard !words.isEmpty else { return nil }
        var tail = words[...]
        while let w = tail.first, Self.placeFillers.contains(w) { tail = tail.dropFirst() }
        // "the middle's", "the middle bit should be", "the middle four were".
        var middle = tail
        if let w = middle.first, Self.middleNouns.contains(w) { middle = middle.dropFirst() }
        if let w = middle.first, w == Self.middleEn || w == Self.middleEnPossessive { return .middle }
        // An ordinal naming a digit somewhere before it in the sentence ("the fifth one is a").
        for (w, next) in zip(words.dropFirst(), words) where Self.ordinals.contains(w) && Self.placeNouns.contains(next) { return .position }
        // A group named by its place in the sentence before ("the second block was wrong, it's 575"):
        // the number just said, put right.
        for (w, next) in zip(words.dropFirst(), words) where Self.ordinals.contains(w) && Self.groupNouns.contains(next) { return .group }
        if let w = tail.first, Self.placeEndings.contains(w) { return .end }
        return nil
    }

    /// Whether a group of a number is named by its place right before `i`: 第 and a numeral before
    /// 组, 段, 部分 or 节 ("第二组", "第2段"), or 中间 with 那, 一 or 个 between ("中间那组").
    private func groupNamed(endingAt i: Int) -> Bool {
        guard let word = Self.groupWords.first(where: { endsWithIgnoringSpaces(i, $0) }) else { return false }
        var j = i - word.count
        while j > 0, s[j - 1] == 0x20 { j -= 1 }
        if j > 0, [0x90A3, 0x4E00, 0x4E2A].contains(s[j - 1]), endsWithIgnoringSpaces(j - 1, Self.middleWord) { return true }
        let numeralsEnd = j
        while j > 0, numeralsEnd - j < 2, Self.numerals.contains(s[j - 1]) || (0x30...0x39).contains(s[j - 1]) { j -= 1 }
        return j < numeralsEnd && j > 0 && s[j - 1] == 0x7B2C
    }

    /// Whether the words just after `p` name the digits before it wrong ("6713是错的", "039 was
    /// wrong"): a reading of the number said before, put right nearby.
    private func wrongNamedAfter(_ p: Int) -> Bool {
        var i = p
        while i < s.count, s[i] == 0x20 { i += 1 }
        return Self.wrongAfterWords.contains { i + $0.count <= s.count && RunAnalyser.sameWord(s[i..<(i + $0.count)], $0) }
    }

    /// What names digits wrong right after them.
    static let wrongAfterWords: [[UInt32]] = ["是错的", "是错误的", "错了", "不对", "is wrong", "was wrong", "is not right", "was not right",
                                              "isn't right", "wasn't right"].map { Array($0.unicodeScalars.map(\.value)) }

    /// Whether the words just after `p` say the digits open or close a number ("186开头的",
    /// "…开头", "…打头", "…结尾").
    private func placeNamedAfter(_ p: Int) -> Bool {
        Self.placeWordsAfter.contains { word in
            // ASR output may split a word into its characters ("开 头的").
            var i = p, k = 0
            while k < word.count, i < s.count {
                if s[i] == 0x20 { i += 1; continue }
                guard s[i] == word[k] else { return false }
                i += 1; k += 1
            }
            return k == word.count
        }
    }

    /// Whether the text before `p` ends with `word`, spaces between its characters aside.
    private func endsWithIgnoringSpaces(_ p: Int, _ word: [UInt32]) -> Bool {
        var i = p, k = word.count
        while k > 0, i > 0 {
            if s[i - 1] == 0x20 { i -= 1; continue }
            guard s[i - 1] == word[k - 1] else { return false }
            i -= 1; k -= 1
        }
        return k == 0
    }

    /// Whether `range` puts one digit group right with the other: "not", "not a", ", not",
    /// "should be", "instead of", "不是", "而不是", "应该是".
    private func digitCorrection(_ range: Range<Int>) -> Bool {
        var text = s[range].map { Self.isSpaceOrPunctuation($0) ? 0x20 : $0 < 0x80 ? $0 | 0x20 : $0 }[...]
        while text.first == 0x20 { text.removeFirst() }
        while text.last == 0x20 { text.removeLast() }
        var collapsed: [UInt32] = []
        for c in text where !(c == 0x20 && collapsed.last == 0x20) { collapsed.append(c) }
        // Chinese words are compared without the spaces ASR output puts between characters.
        if !collapsed.contains(where: Self.isASCIILetter) { collapsed.removeAll { $0 == 0x20 } }
        return Self.digitCorrections.contains(collapsed)
    }

    /// 后 末 前 头 尾: before a numeral and 位, they count a number's digits ("后四位").
    static let positionsBefore: ScalarSet = [0x540E, 0x672B, 0x524D, 0x5934, 0x5C3E]
    static let placeWords: [[UInt32]] = ["尾号", "尾数", "末尾", "结尾", "开头", "最后", "后面", "末位", "尾巴"].map { Array($0.unicodeScalars.map(\.value)) }
    static let placeWordsAfter: [[UInt32]] = ["开头", "打头", "结尾", "结束"].map { Array($0.unicodeScalars.map(\.value)) }
    static let middleWord = Array("中间".unicodeScalars.map(\.value)), middleEn = Array("middle".utf8), middleEnPossessive = Array("middle's".utf8)
    /// Between 中间 and 是: 中间应该是, 中间其实是.
    static let middleHedges: [[UInt32]] = ["应该", "应当", "其实", "实际", "应"].map { Array($0.unicodeScalars.map(\.value)) }
    /// Between "middle" and its digits: "the middle bit is", "the middle four were".
    static let middleNouns = bytes(["bit", "part", "group", "section", "block", "digits", "numbers", "four", "three", "five", "six", "eight"])
    /// Words between a place named in English and its digits ("ending in a", "the fifth one is a").
    static let placeFillers = bytes(["a", "an", "is", "it's", "'s", "was", "be", "should", "with", "digits", "are", "in"])
    static let placeEndings = bytes(["ending", "ends", "ended", "starts", "starting", "begins", "beginning"])
    /// A number's groups, named by an ordinal before them ("the second block", "the third group").
    static let groupNouns = bytes(["group", "block", "part", "bit", "chunk", "set", "section", "segment", "batch"])
    /// The groups of a number in Chinese (第二组, 第三段, 第二部分).
    static let groupWords: [[UInt32]] = ["组", "段", "部分", "节"].map { Array($0.unicodeScalars.map(\.value)) }
    /// Digits said, read or heard wrong: 念成, 说成 … ("我刚才念成039了").
    static let wrongReadingWords: [[UInt32]] = ["念成", "说成", "读成", "报成", "听成", "记成", "写成", "打成"].map { Array($0.unicodeScalars.map(\.value)) }
    static let placeNouns = bytes(["one", "one's", "digit", "digit's", "number", "character", "figure", "numeral"])
    static func bytes(_ words: [String]) -> Set<[UInt8]> { Set(words.map { Array($0.utf8) }) }
    static let ordinals = bytes(["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
                                        "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
                                        "eighteenth", "nineteenth", "twentieth", "last", "1st", "2nd", "3rd", "4th", "5th", "6th", "7th",
                                        "8th", "9th", "10th", "11th", "12th", "13th", "14th", "15th", "16th", "17th", "18th"])
    static let digitCorrections: Set<[UInt32]> = Set(["not", "not a", "not an", "and not", "not the", "should be", "should be a",
                                                      "should be an", "instead of", "instead of a", "instead of an",
                                                      "sorry", "no", "no sorry", "sorry i mean", "i mean", "sorry it s",
                                                      "不是", "而不是", "应该是", "是", "说错了是", "错了是", "不对是", "说错了应该是",
                                                      "念错了是", "报错了是", "搞错了是"].map { Array($0.unicodeScalars.map(\.value)) })

    /// How far after a hidden number a piece that corrects it is looked for.
    static let correctionReach = 120
    /// How far after a number a group of it named by its place may put it right (a few turns).
    static let lateCorrectionReach = 400

    /// Hides a short piece (2–8 digits) said as a correction just after a hidden number, most
    /// often of a read-back ("So 138 0013 8000, correct?" / "Nope, one three four" / "错了，是一七八"):
    /// a correction word ("no", "wrong", "错了", "不对") stands between, with at most two line
    /// breaks; no amount, date or count follows it, and it is no part of a code ("CA1736"). Each piece hidden may be corrected in
    /// turn ("one three four — oh three four"). A phone corrected so on its own line ("oh four four
    /// eight seven five nine one six oh... Not quite, it's eight six zero") shows no last four: they
    /// are the digits put right.
    private func hideCorrectedPieces(_ runs: [NumberFinder.Run], into spans: inout [RedactionSpan]) {
        let analyser = RunAnalyser(s: s, toks: [], turns: turns, memo: memo)
        var added: [RedactionSpan] = []
        var last: (end: Int, kind: SensitiveNumberKind, index: Int?)?  // the hidden span before the current run
        var next = 0
        for run in runs {
            while next < spans.count, spans[next].start < run.start {
                if last == nil || spans[next].end > last!.end { last = (spans[next].end, spans[next].kind, next) }
                next += 1
            }
            if next < spans.count, spans[next].start < run.end { continue }  // hidden already
            if let hidden = last, hidden.end > run.start { continue }
            guard (2...8).contains(run.digits), Self.digits(of: run) != nil, let hidden = last, run.start - hidden.end <= Self.correctionReach,
                  !analyser.moneyOrDateAfter(run.end), !analyser.amountNamed(before: run.start),
                  !Self.countFollows(s, at: run.end),
                  lineBreaks(in: hidden.end..<run.start) <= 2, correctsWhatCameBefore(hidden.end..<run.start, sameSentence: run.digits == 2),
                  !says(hidden.end..<run.start, Self.otherQuestionsChinese, Self.otherQuestionsEnglish) else { continue }
            let span = RedactionSpan(start: run.start, end: run.end, kind: hidden.kind, confidence: .medium)
            added.append(span)
            if let k = hidden.index, spans[k].kind == .phone, run.digits <= 4, lineBreaks(in: hidden.end..<run.start) == 0 {
                spans[k].visibleFrom = spans[k].end
            }
            last = (run.end, hidden.kind, nil)
        }
        guard !added.isEmpty else { return }
        spans += added
        spans.sort { $0.start < $1.start }
    }

    /// The line breaks in `range`, less those that end a speaker label standing alone above its
    /// turn's text ("李女士  00:01:01", "## B"): in that layout a turn takes two lines.
    private func lineBreaks(in range: Range<Int>) -> Int {
        var breaks = 0, lineStart = range.lowerBound
        for k in range where s[k] == 0x0A {
            if lineStart > range.lowerBound, headerLine(lineStart..<k) {
                // A whole line between the two, and a label: no turn of its own.
            } else {
                breaks += 1
            }
            lineStart = k + 1
        }
        return breaks
    }

    /// Hides a piece (2–15 digits, a whole wrong number included) given up for the number said just
    /// after it ("you can get me on 幺五八、七... oh no, that's my old one. The current one's …", "it's
    /// one five one six, no wait, …", "0065 8123 56, no wait, that is old, 0065 …"): a correction word
    /// stands between it and a hidden number that starts within
    /// ``correctionReach`` after it, with at most two line breaks, and no amount, date or count
    /// follows the piece. The abandoned digits are the start of a number, often the same one.
    private func hideAbandonedPieces(_ runs: [NumberFinder.Run], into spans: inout [RedactionSpan]) {
        let analyser = RunAnalyser(s: s, toks: [], turns: turns, memo: memo)
        var added: [RedactionSpan] = []
        for run in runs where (2...15).contains(run.digits) {
            let next = spans.partitionPoint { $0.start < run.end }
            if next > 0, spans[next - 1].end > run.start { continue }  // hidden already
            // A line that opens with digits glued to a word ("12333坐席（00:00:33）：") names its speaker.
            let opensLine = run.start == 0 || s[run.start - 1] == 0x0A
            if opensLine, run.end < s.count, Self.isASCIILetter(s[run.end]) || (s[run.end] >= 0x3400 && s[run.end] < 0xA000) { continue }
            guard next < spans.count, spans[next].start - run.end <= Self.correctionReach,
                  lineBreaks(in: run.end..<spans[next].start) <= 2,
                  correctsWhatCameBefore(run.end..<spans[next].start), !apologyAndAnotherQuestion(after: run, before: spans[next].start),
                  Self.digits(of: run) != nil,
                  !analyser.moneyOrDateAfter(run.end), !analyser.amountNamed(before: run.start),
                  !Self.countFollows(s, at: run.end) else { continue }
            added.append(RedactionSpan(start: run.start, end: run.end, kind: spans[next].kind, confidence: .medium))
        }
        guard !added.isEmpty else { return }
        spans += added
        spans.sort { $0.start < $1.start }
    }

    /// Whether the correction words between `run` and `end` are only the other party's, whose
    /// lines there go on to ask for a kind of number ("work order SR 4939。/ Sorry，安排 redo。…card
    /// number 报下？", "34 团 yarn。/ Sorry，今天补寄。/ 麻烦报下身份证号"): an apology and a new question,
    /// which give up nothing `run` said.
    private func apologyAndAnotherQuestion(after run: NumberFinder.Run, before end: Int) -> Bool {
        var own = false, theirs = false, asks = false
        forEachLineBody(from: run.end, to: end) { line, words in
            guard !words.isEmpty else { return true }
            let other = line > run.end && speakersDiffer(run.start, words.lowerBound)
            if correctsWhatCameBefore(words) { if other { theirs = true } else { own = true } }
            if other, RunAnalyser.keywordsIn(s, words).positive { asks = true }
            return true
        }
        return theirs && asks && !own
    }

    /// Calls `body` with each line from `a` to `b` (where it starts) and its words: the first
    /// line's from `a` (the rest of a piece's line), each later one's after its speaker label.
    /// `body` returns false to stop.
    private func forEachLineBody(from a: Int, to b: Int, _ body: (_ line: Int, _ words: Range<Int>) -> Bool) {
        var line = a
        while line < b {
            var end = line
            while end < b, s[end] != 0x0A, s[end] != 0x0D { end += 1 }
            let words = line == a ? line : min(end, Self.labelEnd(s, from: line, limit: end))
            guard body(line, words..<end) else { return }
            line = end + 1
        }
    }

    /// Whether `range` says that what came before it was wrong ("no", "nope", "wrong", "错了",
    /// "不对", "不是").
    /// `sameSentence`: the piece must follow the negation in its sentence, no full stop or line
    /// break between (two digits alone are too often something else: "that's the one I actually
    /// answer. / It tested as 22 carat", "我听错了，改好了。7号那天 half 11").
    private func correctsWhatCameBefore(_ range: Range<Int>, sameSentence: Bool = false) -> Bool {
        var i = range.lowerBound
        var found = false
        while i < range.upperBound {
            if sameSentence, found, RunAnalyser.endsSentence(s, i) { found = false }
            if Self.isASCIILetter(s[i]) {
                var j = i
                var word: [UInt8] = []
                while j < range.upperBound, Self.isASCIILetter(s[j]) || s[j] == 0x27 { if word.count < 12 { word.append(UInt8(s[j] | 0x20)) }; j += 1 }
                // "No. 38879733" is an abbreviation, not a no.
                let abbreviation = word == Array("no".utf8) && (j == range.upperBound || s[j] == 0x2E)
                if !abbreviation, Self.negations.contains(String(decoding: word, as: UTF8.self)) {
                    guard sameSentence else { return true }
                    found = true
                }
                i = j
                continue
            }
            if !Self.asksIsIt(s, at: i), Self.chineseNegations.contains(where: { matches(i, $0, within: range) }) {
                guard sameSentence else { return true }
                found = true
            }
            i += 1
        }
        return found
    }

    /// 不是 said after 是: "是不是10086？" asks "is it …?", and corrects nothing.
    static let notIs: [UInt32] = Array("不是".unicodeScalars.map(\.value))
    static func asksIsIt<C: RandomAccessCollection>(_ s: C, at i: Int) -> Bool where C.Element == UInt32, C.Index == Int {
        i > s.startIndex && s[i - 1] == 0x662F && i + 1 < s.endIndex && s[i] == notIs[0] && s[i + 1] == notIs[1]
    }

    static let negations: Set<String> = ["no", "nope", "nah", "wrong", "not", "incorrect", "actually", "isn't", "wasn't", "wait", "sorry", "rather"]
    /// Also what a number was taken for ("您念成three four nine six了", 听成, 记成).
    static let chineseNegations: [[UInt32]] = ["错了", "不对", "不是", "说错", "听错", "记错", "念成", "说成", "听成", "记成", "写成", "看成", "报成", "输成", "打成"]
        .map { Array($0.unicodeScalars.map(\.value)) }

    /// Whether `range` holds only "还是" / "或者" / "或是" / "or" and spaces or commas.
    private func alternative(_ range: Range<Int>) -> Bool {
        var words = s[range].map { Self.isSpaceOrPunctuation($0) ? 0x20 : $0 < 0x80 ? $0 | 0x20 : $0 }[...]
        while words.first == 0x20 { words.removeFirst() }
        while words.last == 0x20 { words.removeLast() }
        return Self.alternatives.contains(Array(words))
    }

    static let alternatives: Set<[UInt32]> = Set(["还是", "或者", "或是", "还是说", "or", "or is it"].map { Array($0.unicodeScalars.map(\.value)) })

    /// A group said twice in one breath, in digits and in words ("6217 six two one seven"), once:
    /// a recogniser's normalised and literal readings, or an echo with no speaker between. A group
    /// of six or more may differ in one digit the second time ("19801101— one nine oh oh one one oh
    /// one": misheard). Other digits as they are.
    static func saidOnce(_ digits: [UInt8]) -> [UInt8] {
        let half = digits.count / 2
        guard digits.count % 2 == 0, half >= 3 else { return digits }
        let differing = (0..<half).count { digits[$0] != digits[half + $0] }
        return differing == 0 || (differing == 1 && half >= 6) ? Array(digits[..<half]) : digits
    }

    /// The pieces of a run between the corrections inside it; none when it holds no correction.
    static func pieces(of run: NumberFinder.Run, splittingAtWords s: [UInt32]? = nil) -> [NumberFinder.Run] {
        // Where a word stands between two digits (`s` given): "1035248323435, it's 1035…".
        func wordBetween(_ a: NumberFinder.Tok, _ b: NumberFinder.Tok) -> Bool {
            guard let s, a.end < b.start else { return false }
            return s[a.end..<b.start].contains { isASCIILetter($0) || ($0 >= 0x4E00 && $0 <= 0x9FFF) }
        }
        let said = run.toks.filter { $0.kind == .digit || $0.kind == .mult }
        guard run.toks.contains(where: { $0.kind == .restart }) || zip(said, said.dropFirst()).contains(where: { wordBetween($0, $1) }) else {
            return []
        }
        var pieces: [NumberFinder.Run] = []
        var current: [NumberFinder.Tok] = []
        func close() {
            let digits = current.filter { $0.kind == .digit }
            if let first = current.first(where: { $0.kind == .digit || $0.kind == .mult }), let last = digits.last {
                let count = digits.count  // a multiplier's extra digits aside: a piece only needs 4 or more
                pieces.append(NumberFinder.Run(toks: current, digits: count, start: first.start, end: last.end))
            }
            current.removeAll()
        }
        for tok in run.toks {
            if tok.kind == .restart {
                close()
            } else {
                if tok.kind == .digit || tok.kind == .mult,
                   let last = current.last(where: { $0.kind == .digit || $0.kind == .mult }), wordBetween(last, tok) { close() }
                current.append(tok)
            }
        }
        close()
        return pieces
    }

    /// A run's digit values (multipliers expanded); nil when part of it is a code or a decimal.
    static func digits(of run: NumberFinder.Run) -> [UInt8]? {
        var digits: [UInt8] = []
        var mult = 1
        for t in run.toks {
            switch t.kind {
            case .digit:
                if t.excluded { return nil }
                digits += repeatElement(t.value, count: mult)
                mult = 1
            case .mult: mult = Int(t.value)
            default: break
            }
        }
        return digits
    }

    /// Whether `d` is the local phone `number` (seven digits or more) with one to four digits of
    /// an area or country code before it.
    static func withAreaCode(_ d: [UInt8], _ number: RunAnalyser.Entity) -> Bool {
        number.kind == .phone && number.digits.count >= 7 && (1...4).contains(d.count - number.digits.count)
            && d.suffix(number.digits.count).elementsEqual(number.digits)
    }

    /// Whether `d` (four digits or more) is a group of `number` with exactly one digit heard wrong.
    static func misheard(_ d: [UInt8], of number: [UInt8]) -> Bool {
        guard d.count >= 4, d.count <= number.count else { return false }
        return (0...(number.count - d.count)).contains { offset in
            (0..<d.count).count { d[$0] != number[offset + $0] } == 1
        }
    }

    /// Whether `d` stands in `number` exactly (four or more digits) or, from six digits on, with
    /// one digit different.
    static func repeats(_ d: [UInt8], of number: [UInt8]) -> Bool {
        guard d.count <= number.count else { return false }
        // One digit misheard in six or more, or two next to each other swapped ("5341" heard as
        // "5431"); two slips in twelve or more.
        let allowed = d.count >= 12 ? 2 : d.count >= 6 ? 1 : 0
        for offset in 0...(number.count - d.count) {
            var misses = 0
            var k = 0
            while k < d.count, misses <= allowed {
                if d[k] != number[offset + k] {
                    misses += 1
                    if k + 1 < d.count, d[k] == number[offset + k + 1], d[k + 1] == number[offset + k], d[k + 1] != number[offset + k + 1] { k += 1 }
                }
                k += 1
            }
            if misses <= allowed { return true }
        }
        return false
    }

    // MARK: - Bridges

    enum Bridge { case none, join, joinAfterCorrection }

    /// Whether the runs ending at `a` and starting at `b` are pieces of one number.
    func bridge(from a: Int, to b: Int) -> Bridge {
        guard b >= a, b - a <= 320 else { return .none }
        var lines: [Range<Int>] = []
        var p = a
        for k in a..<b where s[k] == 0x0A || s[k] == 0x0D {
            lines.append(p..<k)
            p = k + 1
        }
        lines.append(p..<b)
        var correction = false
        if lines.count == 1 {
            return connective(lines[0], &correction) ? (correction ? .joinAfterCorrection : .join) : .none
        }
        // The rest of the first piece's line, and the opening of the next piece's line. The first
        // may ask for what follows ("196什么？后面没听清。", "zero six one and then what? You cut out."):
        // the other party echoing where the number broke off.
        var firstCorrects = false
        let firstJoins = connective(lines[0], &firstCorrects)
        correction = firstJoins && firstCorrects
        let last = lines[lines.count - 1]
        guard connective(max(last.lowerBound, Self.labelEnd(s, from: last.lowerBound, limit: last.upperBound))..<last.upperBound, &correction) else {
            return .none
        }
        guard firstJoins || asksWhatFollows(lines[0]) else { return .none }
        // Whole turns between them: at most two, each a short back-channel without digits, or a
        // request to say it again (which makes the next piece a restart).
        var turns = 0
        for line in lines[1..<(lines.count - 1)] {
            let body = min(line.upperBound, Self.labelEnd(s, from: line.lowerBound, limit: line.upperBound))..<line.upperBound
            if body.allSatisfy({ Self.isSpaceOrPunctuation(s[$0]) }) { continue }
            if headerLine(line) { continue }  // "Speaker B  23.7s", "## B": a label above its turn's text, no turn itself
            turns += 1
            guard turns <= 2 else { return .none }
            // "信号不太好，后面是什么？": a line that broke up, and a request for the rest, not a restart.
            if repeatRequest(body) { correction = correction || !asksForTheRest(body); continue }
            guard backChannel(body) else { return .none }
        }
        return correction ? .joinAfterCorrection : .join
    }

    /// A phone's last eleven digits as one key: its length, then four bits a digit (15: any digit),
    /// so the phones said before are looked up by one integer, never by hashing an array.
    static func phoneKey(_ digits: ArraySlice<UInt8>) -> UInt64 {
        precondition(digits.count <= 11, "a phone key holds at most eleven digits")
        var key = UInt64(digits.count)
        for d in digits { key = key << 4 | UInt64(min(d, 14)) }
        return key
    }

    /// Whether a line is a speaker's header above its turn's text: a ``labelLine(_:)``, or a name
    /// after a mark ("## B", "**Agent**").
    private func headerLine(_ line: Range<Int>) -> Bool {
        !line.isEmpty && (labelLine(line) || Self.isLabelMark(s[line.lowerBound]) && RunAnalyser.bareLabel(s[line]))
    }

    /// Whether a line is a speaker label standing alone above its turn's text ("Speaker B  23.7s",
    /// "坐席 00:12"): one to three words of at most 16 characters with a time, or a name and a
    /// colon, and nothing else.

    private func labelLine(_ line: Range<Int>) -> Bool {
        var i = line.lowerBound, letters = 0, words = 0, inWord = false, timed = false, colon = false
        while i < line.upperBound {
            let c = s[i]
            // "@28910ms Member": a stamp after an at sign.
            if let end = Self.timestampEnd(s, at: c == 0x40 && i == line.lowerBound ? i + 1 : i, limit: line.upperBound) {
                timed = true
                inWord = false
                i = end
                continue
            }
            let letter = Self.isASCIILetter(c) || (c >= 0x3400 && c < 0xA000) || c == 0x5F
            let digitInWord = inWord && (0x30...0x39).contains(c)
            if letter || digitInWord {
                if !inWord { words += 1 }
                inWord = true
                letters += 1
            } else if c == 0x20 || c == 0x09 {
                inWord = false
            } else if c == 0x3A || c == 0xFF1A {
                var j = i + 1
                while j < line.upperBound, s[j] == 0x20 { j += 1 }
                guard j == line.upperBound else { return false }  // a colon ends a label line
                colon = true
                inWord = false
            } else {
                return false
            }
            i += 1
        }
        return (timed || colon) && (1...3).contains(words) && letters <= 16
    }

    /// Whether `range` holds only punctuation, fillers, connectives and corrections (a few
    /// words at most); sets `correction` when it holds a correction.
    private func connective(_ range: Range<Int>, _ correction: inout Bool) -> Bool {
        var words = 0, ideographs = 0
        var previous = ""
        var i = range.lowerBound
        // A line's marks before its text ("  ┊ nine one six nine", "> 然后是…"): no words of it.
        if i == 0 || s[i - 1] == 0x0A || s[i - 1] == 0x0D {
            while i < range.upperBound, s[i] == 0x20 || s[i] == 0x09 || Self.isLabelMark(s[i]) { i += 1 }
        }
        while i < range.upperBound {
            let c = s[i]
            // A timestamp inside a turn ("… 0435 - [00:00:12]") is no word of it.
            if let end = Self.timestampEnd(s, at: i, limit: range.upperBound) {
                i = end
                continue
            }
            if Self.isASCIILetter(c) {
                var j = i
                var word: [UInt8] = []
                while j < range.upperBound, Self.isASCIILetter(s[j]) || s[j] == 0x27 || s[j] == 0x2D && j + 1 < range.upperBound && Self.isASCIILetter(s[j + 1]) {
                    if word.count < 16 { word.append(UInt8(s[j] | 0x20)) }
                    j += 1
                }
                var text = String(decoding: word, as: UTF8.self)
                // "the last bit's 4663": a connective with its "'s".
                if text.hasSuffix("'s"), Self.englishConnectives.contains(String(text.dropLast(2))) { text.removeLast(2) }
                if Self.englishCorrections.contains(text) { correction = true } else if !Self.englishConnectives.contains(text) { return false }
                // "let me start again", "start over": the number is said again.
                if previous == "start", text == "again" || text == "over" { correction = true }
                previous = text
                words += 1
                i = j
                continue
            }
            if c >= 0x3400, c < 0xA000 {
                if !Self.asksIsIt(s, at: i), let w = Self.chineseCorrections.first(where: { matches(i, $0, within: range) }) {
                    correction = true
                    ideographs += w.count
                    i += w.count
                    continue
                }
                // A count of the digits that follow ("后四位是5666"): no digit of the number.
                let counting = Self.numerals.contains(c) && i > range.lowerBound && Self.positionsBefore.contains(s[i - 1])
                    && i + 1 < range.upperBound && s[i + 1] == 0x4F4D  // 位
                guard counting || Self.connectiveIdeographs.contains(c) else { return false }
                ideographs += 1
                i += 1
                continue
            }
            guard Self.isSpaceOrPunctuation(c) else { return false }
            i += 1
        }
        // A correction is said at more length ("wait, wrong number, let me start over").
        return correction ? words <= 9 && ideographs <= 14 : words <= 5 && ideographs <= 10
    }

    /// A short turn with no digits: a back-channel ("mm-hm", "go on", "嗯，您说", "身份证后面呢？"),
    /// not a new question ("那您现在用的手机号是？") or talk of a harmless number ("订单号呢？").
    private func backChannel(_ range: Range<Int>) -> Bool {
        guard range.count <= 60 else { return false }
        let named = RunAnalyser.keywordsIn(s, range)
        if named.negative { return false }
        var words = 0, ideographs = 0, inWord = false
        var i = range.lowerBound
        while i < range.upperBound {
            defer { i += 1 }
            let c = s[i]
            if let end = Self.timestampEnd(s, at: i, limit: range.upperBound) {  // "and then? [00:00:14]"
                i = end - 1
                continue
            }
            if (0x30...0x39).contains(c) || (0xFF10...0xFF19).contains(c) { return false }
            if Self.isASCIILetter(c) {
                if !inWord { words += 1 }
                inWord = true
                continue
            }
            inWord = false
            if c >= 0x3400, c < 0xA000 {
                // Two numerals in a row are digits, not "一下" or "一点".
                if Self.numerals.contains(c), i + 1 < range.upperBound, Self.numerals.contains(s[i + 1]) { return false }
                ideographs += 1
            }
        }
        // A prompt that names a kind of number is a back-channel only when it is short.
        let short = named.positive ? words <= 5 && ideographs <= 6 : words <= 8 && ideographs <= 10
        // A question for a count, an amount or a time ("And how many in the party?", "几点到？") asks
        // for something else: what answers it is no piece of the number.
        return short && !says(range, Self.otherQuestionsChinese, Self.otherQuestionsEnglish)
    }

    static let otherQuestionsChinese: [[UInt32]] = ["几个人", "多少人", "几点", "多少钱", "哪天", "什么时候", "几月", "多大", "多久", "几天", "几晚"]
        .map { Array($0.unicodeScalars.map(\.value)) }
    static let otherQuestionsEnglish: [String] = [" how many ", " how much ", " how old ", " how long ", " what time ", " which day ", " what date ",
                                                  " when "]

    /// A turn asking to hear it again ("信号不好，麻烦您重新报一下", "sorry, could you repeat that?"):
    /// what follows replaces what was said before it. No digits, at most 20 ideographs or 12 words.
    private func repeatRequest(_ range: Range<Int>) -> Bool {
        guard range.count <= 80 else { return false }
        var ideographs = 0, words = 0, inWord = false
        for i in range {
            let c = s[i]
            if (0x30...0x39).contains(c) || (0xFF10...0xFF19).contains(c) { return false }
            if c >= 0x3400, c < 0xA000 { ideographs += 1 }
            if Self.isASCIILetter(c) { if !inWord { words += 1 }; inWord = true } else { inWord = false }
        }
        guard ideographs <= 20, words <= 12 else { return false }
        return says(range, Self.repeatRequestsChinese, Self.repeatRequestsEnglish)
    }

    /// Whether a turn asks for what comes after the digits said ("后面是什么？", "and then?", "the rest?").
    /// Whether `range` asks what follows or to hear it again ("什么？后面没听清。", "what?", "and then
    /// what? You cut out."): a request for the rest or to repeat, or a question with 什么 / 啥 / "what".
    private func asksWhatFollows(_ range: Range<Int>) -> Bool {
        guard range.count <= 80 else { return false }
        var question = false, letters = 0, ideographs = 0
        for c in s[range] {
            if (0x30...0x39).contains(c) || (0xFF10...0xFF19).contains(c) { return false }
            if c == 0x3F || c == 0xFF1F { question = true }
            if Self.isASCIILetter(c) { letters += 1 } else if c >= 0x3400, c < 0xA000 { ideographs += 1 }
        }
        // Cheap first: a short line that asks, or says a word a request for the rest or a repeat holds.
        guard ideographs <= 20, letters <= 60, question || letters >= 4 || ideographs >= 2 else { return false }
        guard repeatRequest(range) || asksForTheRest(range) || question && says(range, Self.whatWordsChinese, [" what "]) else { return false }
        // A question that names a number ("What's the best number to reach you on?") asks for a new one.
        let named = RunAnalyser.keywordsIn(s, range)
        return !named.negative && !named.positive
    }

    /// Whether `run` is said as an echo only: the rest of its line asks what follows ("Six and then
    /// what?", "六，然后呢？"), or its turn holds nothing else ("Six?").
    private func echoesOnly(_ run: NumberFinder.Run) -> Bool {
        asksWhatFollows(restOfLine(after: run.end)) || standsAlone(run)
    }

    /// Whether `run` is asked back alone: its turn holds nothing but it and a question mark ("7282？").
    private func asksBackAlone(_ run: NumberFinder.Run) -> Bool {
        standsAlone(run) && restOfLine(after: run.end).contains { s[$0] == 0x3F || s[$0] == 0xFF1F }
    }

    /// Whether `run`'s turn holds nothing else but spaces and punctuation (its label aside).
    private func standsAlone(_ run: NumberFinder.Run) -> Bool {
        guard let start = Self.lineStart(s, at: run.start) else { return false }
        let before = Self.labelEnd(s, from: start, limit: run.start)..<run.start
        return before.allSatisfy { Self.isSpaceOrPunctuation(s[$0]) } && restOfLine(after: run.end).allSatisfy { Self.isSpaceOrPunctuation(s[$0]) }
    }

    /// The rest of the line after `position`, up to its line break.
    private func restOfLine(after position: Int) -> Range<Int> {
        var end = position
        while end < s.count, s[end] != 0x0A, s[end] != 0x0D, end - position < 200 { end += 1 }
        return position..<end
    }

    static let whatWordsChinese: [[UInt32]] = ["什么", "啥"].map { Array($0.unicodeScalars.map(\.value)) }

    private func asksForTheRest(_ range: Range<Int>) -> Bool {
        says(range, Self.restRequestsChinese, Self.restRequestsEnglish)
    }

    /// Whether `range` holds one of the Chinese phrases, or one of the English ones (" word word ",
    /// matched on its letters lower-cased, anything else read as a space).
    private func says(_ range: Range<Int>, _ chinese: [[UInt32]], _ english: [String]) -> Bool {
        if chinese.contains(where: { phrase in (range.lowerBound...max(range.lowerBound, range.upperBound - phrase.count)).contains { matches($0, phrase, within: range) } }) {
            return true
        }
        var text: [UInt8] = [0x20]
        for i in range { text.append(Self.isASCIILetter(s[i]) ? UInt8(s[i] | 0x20) : 0x20) }
        text.append(0x20)
        return english.contains { Self.holds(text, $0) }
    }

    /// Whether the bytes `text` hold `phrase`'s UTF-8 bytes, compared as bytes: no String search
    /// (Foundation's is slow, and phrases are looked for at every bridge).
    static func holds(_ text: [UInt8], _ phrase: String) -> Bool {
        let p = Array(phrase.utf8)
        guard !p.isEmpty, p.count <= text.count else { return false }
        return (0...(text.count - p.count)).contains { i in text[i] == p[0] && text[i..<(i + p.count)].elementsEqual(p) }
    }

    /// Whether `line` of `s` is a WebVTT cue's timing ("00:00:03.000 --> 00:00:05.000"): it holds "-->".
    static func cueTiming(_ s: [UInt32], _ line: Range<Int>) -> Bool {
        line.count >= 3 && line.dropLast(2).contains { s[$0] == 0x2D && s[$0 + 1] == 0x2D && s[$0 + 2] == 0x3E }
    }

    static let restRequestsChinese: [[UInt32]] = ["后面", "后边", "然后呢", "接着", "剩下"].map { Array($0.unicodeScalars.map(\.value)) }
    static let restRequestsEnglish: [String] = [" after that ", " and then ", " the rest ", " what comes after ", " what s after ", " keep going ", " carry on ", " go on "]

    static let repeatRequestsChinese: [[UInt32]] = ["重新", "再说一遍", "再说一下", "再报一下", "再报一遍", "再念", "再来一遍", "没听清", "听不清",
                                                     "信号不好", "信号不太好", "断了", "没听到", "没听见", "听不到", "卡了", "掉线"].map { Array($0.unicodeScalars.map(\.value)) }
    static let repeatRequestsEnglish: [String] = [" repeat ", " again ", " start over ", " didn t catch ", " didn't catch ", " broke up ",
                                                  " breaking up ", " pardon ", " once more ", " one more time ", " from the top ", " say that again ",
                                                  " cut out ", " cutting out ", " lost you ", " missed that ", " didn't get that ", " didn t get that ",
                                                  " come again "]

    private func matches(_ i: Int, _ word: [UInt32], within range: Range<Int>) -> Bool {
        guard i + word.count <= range.upperBound else { return false }
        for k in 0..<word.count where s[i + k] != word[k] { return false }
        return true
    }

    // MARK: - Speaker labels

    /// Where a line's speaker label and timestamp end ("[00:01:02] Agent: ", "(00:12) 坐席：",
    /// "张先生 (00:30)：", "Speaker 1:", "AGENT - "); `from` when the line opens with neither. A
    /// label is at most three words and 16 characters (four ideographs) besides a timestamp in
    /// brackets after the name, starts with a letter, and ends with a colon or " - ", so a line
    /// that opens with digits never loses them to a label.
    static func labelEnd(_ s: [UInt32], from i: Int, limit: Int? = nil) -> Int {
        /// "（[00:00:25]）": a bracketed stamp inside a round bracket; where the round one closes.
        func nestedTimestampEnd(at r: Int, limit n: Int) -> Int? {
            guard r + 1 < n, s[r] == 0x28 || s[r] == 0xFF08, s[r + 1] == 0x5B, let q = timestampEnd(s, at: r + 1, limit: n),
                  q < n, s[q] == 0x29 || s[q] == 0xFF09 else { return nil }
            return q + 1
        }
        let n = limit ?? s.count
        var p = i
        while p < n, s[p] == 0x20 || s[p] == 0x09 { p += 1 }
        // A bullet or a mark before a label: "— Speaker 1: …", "• Agent: …", "### S1", "▎坐席：", "#Rep> ",
        // "~A~ " (never without a label: "- Yep, 4403…").
        if p < n, Self.isLabelMark(s[p]) {
            var q = p
            while q < n, q - p < 3, Self.isLabelMark(s[q]) { q += 1 }
            let after = labelEnd(s, from: q, limit: n)
            if after > q { return after }
        }
        // A handle: "@Agent Thanks for calling…", "@客户 好的", "#Caller …" (a name of letters, digits or
        // "_", or up to four ideographs, right after the "@" or "#", then a space).
        if p < n, s[p] == 0x40 || s[p] == 0x23 {
            var q = p + 1, ideographs = 0
            while q < n, q - p <= 17, isASCIILetter(s[q]) || s[q] == 0x5F || (0x30...0x39).contains(s[q]) && q > p + 1
                    || s[q] >= 0x4E00 && s[q] < 0xA000 && !numerals.contains(s[q]) && ideographs < 4 {
                if s[q] >= 0x4E00 { ideographs += 1 }
                q += 1
            }
            if q > p + 1, q < n, s[q] == 0x20 {
                while q < n, s[q] == 0x20 { q += 1 }
                return q
            }
        }
        // A line number before a label: "12. A: …", "3) Agent: …" (never without a label).
        if p < n, (0x30...0x39).contains(s[p]) {
            var q = p
            while q < n, q - p < 4, (0x30...0x39).contains(s[q]) { q += 1 }
            if q + 1 < n, s[q] == 0x2E || s[q] == 0x29, s[q + 1] == 0x20 {
                let after = labelEnd(s, from: q + 2, limit: n)
                if after > q + 2 { return after }
            }
            // "0025 00:01:01 话务员：…": a line's counter, its stamp, then the label.
            if q < n, s[q] == 0x20, let stamp = timestampEnd(s, at: q + 1, limit: n) {
                let after = labelEnd(s, from: q + 1, limit: n)
                if after > stamp { return after }
            }
        }
        // A timestamp first: [hh:mm:ss.mmm], (mm:ss) or bare; or an offset in seconds in a
        // column of its own ("12.48<TAB>Caller<TAB>…").
        var stamped = false, slashed = false
        // "@28910ms Member", "@00:01:02 Agent:": a stamp after an at sign; "T+00:01 ⌁ Team ⌁", "+00:12
        // Rep:": an offset.
        let stampAt = p + 1 < n && (s[p] == 0x40 || s[p] == 0x2B) ? p + 1
            : p + 2 < n && s[p] | 0x20 == 0x74 && s[p + 1] == 0x2B ? p + 2 : p
        if let q = timestampEnd(s, at: stampAt, limit: n) ?? secondsColumnEnd(s, at: p, limit: n) {
            stamped = true
            p = q
            // "00:00:03|SPK_1|", "00:49,用户,", "00:12 ⟩ Rep ⟩ ", "00:02/Agent/ ", "8:12:07 AM — Agent: ",
            // "00:00:02 @坐席: "
            while p < n, s[p] == 0x20 || s[p] == 0x09 || s[p] == 0x7C || s[p] == 0x2C || Self.isLabelSeparator(s[p])
                    || [0x2F, 0x2014, 0x2013, 0x40].contains(s[p]) || s[p] == 0x2D && p + 1 < n && s[p + 1] == 0x20 {
                if s[p] == 0x2F { slashed = true }
                p += 1
            }
        }
        // A tag label: "<客户>", "【客服】", "[Agent 2]", "<工号3021>" (at most 20 characters, no
        // bracket inside), perhaps with its timestamp inside ("<00:00:18 来电>").
        if p < n, let close = tagClosing(s[p]) {
            var r = p + 1, letters = 0, digits = 0, stamp = 0
            while r < n, r - p - stamp <= 21, s[r] != close, s[r] != s[p], s[r] != 0x0A {
                if stamp == 0, (0x30...0x39).contains(s[r]), let q = timestampEnd(s, at: r, limit: n), q < n, s[q] == 0x20 || s[q] == close {
                    stamp = q - r
                    r = q
                    continue
                }
                if isASCIILetter(s[r]) || (s[r] >= 0x3400 && s[r] < 0xA000 && !numerals.contains(s[r])) { letters += 1 }
                if (0x30...0x39).contains(s[r]) || (0xFF10...0xFF19).contains(s[r]) || numerals.contains(s[r]) { digits += 1 }
                r += 1
            }
            // A name with at most a short number ("<工号3021>", "<Agent 2>"), never a number in brackets.
            if r < n, s[r] == close, r > p + 1, letters > 0, digits <= 4 {
                r += 1
                while r < n, s[r] == 0x20 || s[r] == 0x09 || s[r] == 0x3A || s[r] == 0xFF1A || s[r] == 0x7C { r += 1 }
                // A timestamp after the tag: "[Agent] 00:01:02 hello", "<客户>(00:12)：".
                if let q = timestampEnd(s, at: r, limit: n) {
                    r = q
                    while r < n, s[r] == 0x20 || s[r] == 0x09 || s[r] == 0x3A || s[r] == 0xFF1A || s[r] == 0x7C { r += 1 }
                }
                return r
            }
        }
        // A label, perhaps with its timestamp or a role in brackets after the name ("Lisa (Agent):").
        var r = p, words = 1, ideographs = 0, labelDigits = 0, skipped = 0, idDigits = false
        var sawLetter = false
        while r < n, r - p - skipped <= 16 {
            let c = s[r]
            // A role, a name or a staff number in brackets after the name ("Lisa (Agent):",
            // "客服(工号4083)："): words, and at most four digits beside them (never digits alone:
            // "(00:30)" is a time, read below).
            if (c == 0x28 || c == 0xFF08), sawLetter, skipped == 0, timestampEnd(s, at: r, limit: n) == nil {
                var q = r + 1, digits = 0, words = 0
                while q < n, q - r <= 17, s[q] != 0x29, s[q] != 0xFF09, s[q] != 0x0A {
                    // A stamp inside ("Rep (at 10200ms) ⟹ "): no digits of a number.
                    if (0x30...0x39).contains(s[q]), q > r + 1, s[q - 1] == 0x20, let e = timestampEnd(s, at: q, limit: n), words > 0 {
                        q = e
                        continue
                    }
                    if (0x30...0x39).contains(s[q]) { digits += 1 } else if isASCIILetter(s[q]) || (s[q] >= 0x3400 && s[q] < 0xA000) { words += 1 }
                    q += 1
                }
                if q < n, q > r + 1, s[q] == 0x29 || s[q] == 0xFF09, digits == 0 || (digits <= 4 && words > 0) {
                    skipped = q + 1 - r
                    r = q + 1
                    while r < n, s[r] == 0x20 { r += 1; skipped += 1 }
                    continue
                }
            }
            if c == 0x2E, sawLetter, r + 1 < n, s[r + 1] == 0x20 || isASCIILetter(s[r + 1]) {  // "Mr. Patel:"
                r += 1
                continue
            }
            // "Agent:", "坐席：", "SPK_1|", "客服 |", "Caller<TAB>", "CSR > ", and after a time a CSV
            // column ("00:49,用户,\"…\"").
            // Also "Rep » ", "S1 ▸ ", "Agent => ", "Agent -> ", "A ~> ", "Speaker 1 ⟩ ", "spk0｜", "A ~ ", "Studio:: ".
            // "Agent ==> ", "Agent --> " too.
            var arrowEnd = r
            while arrowEnd < n, arrowEnd - r < 3, s[arrowEnd] == c, c == 0x3D || c == 0x2D { arrowEnd += 1 }
            let arrow = (c == 0x3D || c == 0x2D || c == 0x7E) && (c == 0x7E ? r + 1 : arrowEnd) < n && s[c == 0x7E ? r + 1 : arrowEnd] == 0x3E
            // ">客服< …": a name between ">" and "<".
            let closesAngle = c == 0x3C && p > 0 && s[p - 1] == 0x3E
            if c == 0x3A || c == 0xFF1A || c == 0x7C || c == 0xFF5C || Self.isVerticalBar(c) || c == 0x09 || c == 0x3E || c == 0xFF1E
                || c == 0x2C && stamped || arrow || closesAngle
                || c == 0x2F && slashed
                || Self.isLabelSeparator(c) && (r + 1 == n || s[r + 1] == 0x20 || s[r + 1] == c || s[r + 1] >= 0x3400) {
                // Not a colon inside a time ("Support 19:12:48"; read as a time above, or no label).
                guard sawLetter, !(c == 0x3A && labelDigits > 0 && r + 1 < n && (0x30...0x39).contains(s[r + 1])) else { break }
                r += arrow ? (c == 0x7E ? 2 : arrowEnd - r + 1) : 1
                while r < n, s[r] == c, c != 0x2C { r += 1 }  // ">>", "::"
                while r < n, s[r] == 0x20 || s[r] == 0x09 || c == 0x2C && s[r] == 0x22 { r += 1 }
                return r
            }
            // "A @ 00:01", "S1@00:12: ": a stamp after an at sign.
            if c == 0x40, sawLetter {
                var q = r + 1
                while q < n, s[q] == 0x20 { q += 1 }
                if let e = timestampEnd(s, at: q, limit: n) {
                    r = e
                    while r < n, s[r] == 0x20 || s[r] == 0x09 || s[r] == 0x3A || s[r] == 0xFF1A { r += 1 }
                    return r
                }
            }
            // "AGENT - …"; never a number word ("three - two seven two one - …" goes on with the number).
            let doubled = r + 2 < n && s[r + 1] == 0x2D && s[r + 2] == 0x20  // "Agent -- …"
            if c == 0x2D, r > p, s[r - 1] == 0x20, r + 1 < n, s[r + 1] == 0x20 || doubled, sawLetter, !RunAnalyser.isDigitWord(s[p..<(r - 1)]) {
                r += doubled ? 2 : 1
                while r < n, s[r] == 0x20 { r += 1 }
                return r
            }
            // "[1.0s] Agent — …": after a stamp, a single dash between spaces ends the name (not a
            // turn's first word: "[00:12] Yeah — 4111 …").
            if stamped, c == 0x2014 || c == 0x2013, sawLetter, r > p, s[r - 1] == 0x20, r + 1 < n, s[r + 1] == 0x20,
               !Self.turnOpeners.contains(String(decoding: s[p..<(r - 1)].map { UInt8(truncatingIfNeeded: $0 < 0x80 ? $0 | 0x20 : 0x3F) }, as: UTF8.self)) {
                r += 1
                while r < n, s[r] == 0x20 { r += 1 }
                return r
            }
            // "Front desk —— …", "客服 ⸺ …": a doubled dash between spaces (a single one is prose's:
            // "Sure — it's …").
            let dashes = c == 0x2E3A ? 1 : c == 0x2014 && r + 1 < n && s[r + 1] == 0x2014 ? 2 : 0
            if dashes > 0, r > p, s[r - 1] == 0x20, r + dashes < n, s[r + dashes] == 0x20, sawLetter, !RunAnalyser.isDigitWord(s[p..<(r - 1)]) {
                r += dashes
                while r < n, s[r] == 0x20 { r += 1 }
                return r
            }
            // A timestamp after the name, in brackets or bare before the colon: "张先生 (00:30)：",
            // "Agent 11:27:26: …", "坐席 12:21:00：…", an offset "拍卖行 +00:31: …", a stamp in two
            // brackets "客户（[00:00:25]）：…".
            if sawLetter, skipped == 0, r > p, s[r - 1] == 0x20 || c == 0x5B || c == 0x28 || c == 0xFF08,
               let q = nestedTimestampEnd(at: r, limit: n) ?? timestampEnd(s, at: c == 0x2B ? r + 1 : r, limit: n),
               s[q - 1] == 0x5D || s[q - 1] == 0x29 || s[q - 1] == 0xFF09 || labelColonFollows(s, q, n) {
                skipped = q - r
                r = q
                while r < n, s[r] == 0x20 || s[r] == 0x09 { r += 1; skipped += 1 }
                if r == n || s[r] == 0x0A || s[r] == 0x0D { return r }  // "Rider  19:12:57" above its turn
                // "客服专员（00:12）好的…": a stamp in brackets closes the label, with or without a colon.
                if [0x5D, 0x29, 0xFF09, 0x3011].contains(s[q - 1]), s[r] != 0x3A, s[r] != 0xFF1A, s[r] != 0x7C { return r }
                continue
            }
            // "发言人1/1:05:08 PM：": a stamp after a slash, then the colon.
            if c == 0x2F, sawLetter, skipped == 0, let q = timestampEnd(s, at: r + 1, limit: n), labelColonFollows(s, q, n) {
                skipped = q - r
                r = q
                continue
            }
            if isASCIILetter(c) || c == 0x5F {
                sawLetter = true
            } else if c >= 0x3400, c < 0xA000 {
                ideographs += 1
                // Numerals alone name nobody ("九四九 - four five…" goes on with a number).
                if !numerals.contains(c) { sawLetter = true }
                if ideographs > 4 { break }
            } else if (0x30...0x39).contains(c) {
                // "Speaker 2"; up to four digits after a word or 号 ("Agent 2758", "工号3021"),
                // never after "卡号是" ("剩下的是7166 - 5379" is no label).
                if labelDigits == 0 {
                    idDigits = r > p + 1 && (s[r - 1] == 0x20 && isASCIILetter(s[r - 2]) || s[r - 1] == 0x53F7 && s[r - 2] != 0x5361
                                             || s[r - 1] == 0x23 || s[r - 1] == 0xFF03)
                }
                labelDigits += 1
                if !sawLetter || labelDigits > (idDigits ? 4 : 2) { break }
            } else if c == 0x20 {
                // After a stamp, a name then two spaces is a column of its own ("00:42.0  Speaker 2  嗯，…").
                if stamped, sawLetter, r > p, s[r - 1] != 0x20, r + 1 < n, s[r + 1] == 0x20, r + 2 == n || s[r + 2] != 0x20 {
                    return r + 2
                }
                // Spaces in a row part two words once ("Speaker 1  663:08", aligned columns).
                if r == p || s[r - 1] != 0x20 { words += 1 }
                if words > 3 { break }
            } else if c == 0x2F, sawLetter, labelDigits == 0 {
                // A role and a name: "甲/胡老师 [12:08:04]：", "专员/胡老师  …".
            } else if (c == 0x23 || c == 0xFF03), sawLetter, labelDigits == 0, r + 1 < n, (0x30...0x39).contains(s[r + 1]) {
                // "Agent #4471：", "坐席＃12:"
            } else {
                break
            }
            r += 1
        }
        // A numbered speaker alone on its line above its turn ("Speaker 1", "### S2", "spk0", "说话人1").
        if sawLetter, (1...2).contains(labelDigits), r == s.count || s[r] == 0x0A || s[r] == 0x0D, numbersASpeaker(s[p..<r]) { return r }
        return stamped ? p : i
    }

    /// Whether `text` is a speaker's name and the one or two digits that number it: "Speaker 1",
    /// "S1", "spk0", "SPEAKER_00", "Ch2", "说话人1", "客户2"; not "then 12" or "然后12".
    private static func numbersASpeaker(_ text: ArraySlice<UInt32>) -> Bool {
        var end = text.endIndex
        while end > text.startIndex, (0x30...0x39).contains(text[end - 1]) { end -= 1 }
        guard end < text.endIndex, end > text.startIndex else { return false }
        var nameEnd = end
        if text[nameEnd - 1] == 0x20 || text[nameEnd - 1] == 0x5F { nameEnd -= 1 }
        guard nameEnd > text.startIndex else { return false }
        let name = text[text.startIndex..<nameEnd]
        if let last = name.last, last >= 0x3400, last < 0xA000 { return speakerSuffixes.contains(last) }
        guard name.allSatisfy({ isASCIILetter($0) || $0 == 0x20 || $0 == 0x5F }) else { return false }
        let lowered = String(decoding: name.map { UInt8(truncatingIfNeeded: $0 | 0x20) }, as: UTF8.self)
        return (0x41...0x5A).contains(name.first!) || speakerNames.contains(lowered)
    }

    /// Last ideographs of a role numbered as a speaker (说话人, 客户, 坐席, 客服, 通道, 主叫).
    static let speakerSuffixes: ScalarSet = ScalarSet("人员户方者席服道叫路")
    /// Words that open a turn's text, never a speaker's name ("[00:12] Yeah — …").
    static let turnOpeners: Set<String> = ["yes", "yeah", "yep", "no", "nope", "okay", "ok", "right", "sure", "so", "well", "um", "uh",
                                           "hmm", "hi", "hello", "sorry", "thanks", "great", "perfect", "lovely", "fine", "good", "oh",
                                           "ah", "and", "but", "then", "wait", "actually", "alright", "cheers", "brilliant", "it's", "that's"]
    static let speakerNames: Set<String> = ["spk", "speaker", "s", "ch", "channel", "spk_", "speaker_", "agent", "caller", "customer"]

    /// Where an offset in seconds standing in a column of its own at a line's start ends
    /// ("12.48<TAB>Caller<TAB>…"): digits, a decimal point and digits, then a tab; nil otherwise.
    private static func secondsColumnEnd(_ s: [UInt32], at p: Int, limit n: Int) -> Int? {
        var q = p
        while q < n, q - p < 6, (0x30...0x39).contains(s[q]) { q += 1 }
        guard q > p, q < n, s[q] == 0x2E else { return nil }
        q += 1
        let fraction = q
        while q < n, q - fraction < 4, (0x30...0x39).contains(s[q]) { q += 1 }
        guard q > fraction, q < n, s[q] == 0x09 else { return nil }
        return q
    }

    /// The bracket that closes a tag label opened by `c` ("<客户>", "【客服】", "[Agent]").
    private static func tagClosing(_ c: UInt32) -> UInt32? {
        switch c {
        case 0x3C: 0x3E
        case 0x3010: 0x3011
        case 0x5B: 0x5D
        case 0x28: 0x29      // "(SPEAKER_01) …" (a time in brackets is read before a tag is)
        case 0xFF08: 0xFF09
        case 0x3014: 0x3015  // 〔 〕
        case 0x300A: 0x300B  // 《 》
        case 0x300C: 0x300D  // 「 」
        case 0x300E: 0x300F  // 『 』
        case 0x3008: 0x3009  // 〈 〉
        case 0x3016: 0x3017  // 〖 〗
        case 0x3018: 0x3019  // 〘 〙
        case 0x301A: 0x301B  // 〚 〛
        case 0xFF3B: 0xFF3D  // ［ ］
        case 0xFF1C: 0xFF1E  // ＜ ＞
        case 0xFF5B: 0xFF5D  // ｛ ｝
        case 0x2039: 0x203A  // ‹ ›
        case 0x00AB: 0x00BB  // « »
        case 0x27E8: 0x27E9  // ⟨ ⟩
        case 0x27EA: 0x27EB  // ⟪ ⟫
        case 0x27E6: 0x27E7  // ⟦ ⟧
        case 0x2985: 0x2986  // ⦅ ⦆
        case 0x2983: 0x2984  // ⦃ ⦄
        case 0x2987: 0x2988  // ⦇ ⦈
        case 0x2989: 0x298A  // ⦉ ⦊
        case 0x27EE: 0x27EF  // ⟮ ⟯
        case 0x231C: 0x231F  // ⌜ ⌟
        case 0x231E: 0x231D  // ⌞ ⌝
        case 0x22A2: 0x22A3  // ⊢ ⊣ ("Team ⊢1.0s⊣ …")
        case 0x2329: 0x232A  // 〈 〉 (the older pair)
        default: nil
        }
    }

    /// Whether a label's colon or bar follows at `q`, or the line ends there ("Rider  19:12:57"
    /// above its turn's text); spaces before either aside.
    private static func labelColonFollows(_ s: [UInt32], _ q: Int, _ n: Int) -> Bool {
        var q = q
        while q < n, s[q] == 0x20 || s[q] == 0x09 { q += 1 }
        return q == n || s[q] == 0x3A || s[q] == 0xFF1A || s[q] == 0x7C || s[q] == 0x0A || s[q] == 0x0D
    }

    /// Where a time range in brackets that opened just before `p` ends ("[2.5-5.0]", "(0:12 – 0:15)",
    /// "[12.4s - 14.9s]", "[00:01:02 --> 00:01:05]"), or nil. At least one end is a time (a colon,
    /// a decimal point or seconds), so a number written with a dash ("(010-8888)") is none.
    private static func bracketedRangeEnd(_ s: [UInt32], from p: Int, closing: UInt32, limit n: Int) -> Int? {
        var q = p + 1
        /// One end: digits, then ":mm[:ss]" or ".d", then an optional "s"; whether it is a time.
        func value() -> Bool? {
            var k = 0
            while q < n, (0x30...0x39).contains(s[q]), k <= 4 { q += 1; k += 1 }
            guard (1...4).contains(k) else { return nil }
            var timed = false
            while q + 1 < n, s[q] == 0x3A || s[q] == 0x2E || s[q] == 0x2C, (0x30...0x39).contains(s[q + 1]) {
                q += 1
                k = 0
                while q < n, (0x30...0x39).contains(s[q]), k <= 3 { q += 1; k += 1 }
                guard k <= 3 else { return nil }
                timed = true
            }
            if q < n, s[q] == 0x73 { q += 1; timed = true }
            return timed
        }
        func spaces() { while q < n, s[q] == 0x20 { q += 1 } }
        guard let first = value() else { return nil }
        spaces()
        guard q < n, s[q] == 0x2D || s[q] == 0x2013 || s[q] == 0x2014 || s[q] == 0x7E else { return nil }
        q += 1
        while q < n, s[q] == 0x2D || s[q] == 0x3E { q += 1 }  // "-->"
        spaces()
        guard let second = value(), first || second else { return nil }
        spaces()
        guard q < n, s[q] == closing else { return nil }
        return q + 1
    }

    /// Where a timestamp at `p` ends ([hh:mm:ss.mmm], (mm:ss), hh:mm:ss or mm:ss, with
    /// milliseconds after "." or ","), or nil when none starts there.
    static func timestampEnd(_ s: [UInt32], at p: Int, limit n: Int) -> Int? {
        var q = p
        // [00:01:02], (01:02), （01:02）, 【00:01:02】, <00:01:02>, 〔2.4s〕, 《5:35:57 PM》: the brackets a tag may use.
        let closing: UInt32? = q < n ? tagClosing(s[q]) : nil
        let opening: UInt32? = closing == nil ? nil : s[q]
        if opening != nil {
            if let closing, let end = bracketedRangeEnd(s, from: q, closing: closing, limit: n) { return end }
            q += 1
        }
        // Not the tail of a longer number or time ("12:30:45" is read from its start).
        if opening == nil, p > 0, (0x30...0x39).contains(s[p - 1]) || s[p - 1] == 0x3A { return nil }
        func digits(_ at: inout Int, _ lo: Int, _ hi: Int) -> Bool {
            var k = 0
            while at < n, (0x30...0x39).contains(s[at]), k < hi { at += 1; k += 1 }
            return k >= lo && !(at < n && (0x30...0x39).contains(s[at]))
        }
        // A date before the time: "[2024-05-16 08:10:22]", "2024/05/16 08:10".
        var dated = q
        if digits(&dated, 4, 4), dated < n, s[dated] == 0x2D || s[dated] == 0x2F {
            let separator = s[dated]
            dated += 1
            if digits(&dated, 1, 2), dated < n, s[dated] == separator {
                dated += 1
                if digits(&dated, 1, 2), dated + 1 < n, s[dated] == 0x20 || s[dated] == 0x54, (0x30...0x39).contains(s[dated + 1]) {
                    q = dated + 1
                }
            }
        }
        // An offset in milliseconds, bare or in brackets: "⟦26409ms⟧", "[1922 ms]", "26409ms 客服 |".
        var ms = q
        if digits(&ms, 1, 8) {
            if ms < n, s[ms] == 0x20 { ms += 1 }
            if ms + 1 < n, s[ms] == 0x6D, s[ms + 1] == 0x73 {
                ms += 2
                if let closing {
                    if ms < n, s[ms] == closing { return ms + 1 }
                } else if ms == n || !isASCIILetter(s[ms]) && !(0x30...0x39).contains(s[ms]) {
                    return ms
                }
            }
        }
        // Minutes of a long call may run past 99 ("[1016:16]").
        guard digits(&q, 1, 4), q < n else { return nil }
        // Minutes and seconds in Chinese, bare or in brackets: "0分16秒 ◆ 客人：", "[1分02秒]".
        if s[q] == 0x5206 {
            q += 1
            guard digits(&q, 1, 2), q < n, s[q] == 0x79D2 else { return nil }
            q += 1
            if let closing { return q < n && s[q] == closing ? q + 1 : nil }
            return q
        }
        // Minutes and seconds in primes, bare or in brackets: "0'20" ‖ 服务方 ‖", "[12′05″]".
        if s[q] == 0x27 || s[q] == 0x2032 {
            q += 1
            guard digits(&q, 2, 2), q < n, s[q] == 0x22 || s[q] == 0x2033 else { return nil }
            q += 1
            if let closing { return q < n && s[q] == closing ? q + 1 : nil }
            return q
        }
        // Minutes and seconds, bare or in brackets: "0m05s  专员  …", "[0m05s]".
        if s[q] == 0x6D {
            q += 1
            guard digits(&q, 2, 2), q < n, s[q] == 0x73 else { return nil }
            q += 1
            if let closing { return q < n && s[q] == closing ? q + 1 : nil }
            return q == n || !isASCIILetter(s[q]) && !(0x30...0x39).contains(s[q]) ? q : nil
        }
        if let closing, s[q] != 0x3A {
            // An offset in seconds in brackets: "[1.5s]", "(12s)", "[83.25 s]".
            if s[q] == 0x2E {
                q += 1
                guard digits(&q, 1, 3) else { return nil }
            }
            if q < n, s[q] == 0x20 { q += 1 }
            guard q + 1 < n, s[q] == 0x73, s[q + 1] == closing else { return nil }
            return q + 2
        }
        if opening == nil, s[q] != 0x3A {
            // A bare offset in seconds: "3.9s 客服 |", "12s".
            if s[q] == 0x2E {
                q += 1
                guard digits(&q, 1, 3) else { return nil }
            }
            guard q < n, s[q] == 0x73, q + 1 == n || !isASCIILetter(s[q + 1]) && !(0x30...0x39).contains(s[q + 1]) else { return nil }
            return q + 1
        }
        guard s[q] == 0x3A else { return nil }
        q += 1
        guard digits(&q, 2, 2) else { return nil }
        // A third group, unless the colon is the label's own ("拍卖行 +00:31: 嗯").
        if q + 1 < n, s[q] == 0x3A, (0x30...0x39).contains(s[q + 1]) {
            q += 1
            guard digits(&q, 2, 2) else { return nil }
        }
        if q < n, s[q] == 0x2E || s[q] == 0x2C {
            q += 1
            _ = digits(&q, 1, 3)
        }
        // A wall clock's "4:45:22 PM", bare or in brackets.
        let meridiem = q + 2 < n && s[q] == 0x20 && (s[q + 1] | 0x20 == 0x61 || s[q + 1] | 0x20 == 0x70) && s[q + 2] | 0x20 == 0x6D
            && (q + 3 == n || !isASCIILetter(s[q + 3]))
        if meridiem { q += 3 }
        if let closing {
            guard q < n, s[q] == closing else { return nil }
            q += 1
        } else if !meridiem, q < n, (0x30...0x39).contains(s[q]) || s[q] == 0x3A && q + 1 < n && (0x30...0x39).contains(s[q + 1]) {
            return nil  // more digits or another group follow: not a clock time ("Agent 11:27:26: hi" is one)
        }
        return q
    }

    // MARK: - Vocabulary

    /// Whether `c` may open a line before its speaker label: a bullet, a dash, a hash, a bar.
    static func isLabelMark(_ c: UInt32) -> Bool {
        switch c {
        case 0x2014, 0x2013, 0x2022, 0x2D, 0x2A, 0xB7, 0x23, 0x7E, 0x3E, 0x7C, 0xFF5C: true
        case 0x2500...0x257F: true  // box drawing: "│ Agent:", "  ┊ " before a turn's next line
        case 0x2580...0x259F: true  // block elements: "▍客服｜", "█ Agent:", "▌坐席："
        case 0x3D: true  // "=== Rep ===" above its turn
        case 0x25A0...0x25FF, 0x2600...0x27BF: true  // geometric shapes, symbols, dingbats: ◆ ● ■ ▶ ★ ☆ ♦ ✦ ❖ ➤
        case 0x2190...0x21FF, 0x2900...0x297F: true  // arrows: → ⇒ ⤷ (a turn's next line: "  ⤷ 您的 …")
        case 0x203B, 0x2042, 0x2023, 0x2043, 0x2055, 0x2056, 0x2058, 0x2059: true  // ※ ⁂ ‣ ⁃ ⁕ ⁖ ⁘ ⁙
        default: false
        }
    }

    /// Whether `c` may end a speaker label besides a colon or a bar ("Rep » ", "S1 ▸ ", "~A~ ",
    /// "来电人 ⇒ ", "客户》", "Rep ⊳ "), or stand between a timestamp and the label ("0分16秒 ◆ 客人："):
    /// closing quotes and angle brackets, a tilde, stars and suits, and the arrows, triangles and
    /// geometric shapes of every block.
    static func isLabelSeparator(_ c: UInt32) -> Bool {
        switch c {
        case 0xBB, 0x203A, 0x27E9, 0x27EB, 0x3009, 0x300B, 0x7E: true  // » › ⟩ ⟫ 〉 》 ~
        case 0x2605, 0x2606, 0x2666, 0x2023, 0x2058: true              // ★ ☆ ♦ ‣ ⁘
        case 0x2190...0x21FF, 0x27F0...0x27FF, 0x2900...0x297F, 0x2794...0x27BF: true  // → ⇒ ⇨ ⟶ ⤳ ➔ ➤
        case 0x25A0...0x25FF: true                                      // ■ □ ▶ ▸ ► ◆ ● ▷
        // Mathematical operators and technical symbols: "Rep ⊳ ", "Desk ⫽ ", "Svc ⋙ ", "Team ⌁ ".
        case 0x2200...0x22FF, 0x2A00...0x2AFF, 0x2980...0x29FF, 0x2300...0x23FF: true
        case 0x2053, 0x205D, 0x205E, 0x2E3D: true                       // ⁓ ⁝ ⁞ ⸽
        default: isVerticalBar(c)
        }
    }

    /// Whether `c` is a vertical bar that may end a speaker label ("Agent ▏", "Client │ ", "客服 ┃"):
    /// ▏ ▕ │ ┃ ┆ ┇ ┊ ┋ ╎ ╏ ║ ‖, and the dotted, broken and mathematical ones.
    static func isVerticalBar(_ c: UInt32) -> Bool {
        switch c {
        case 0x258F, 0x2595, 0x2502, 0x2503, 0x2506, 0x2507, 0x250A, 0x250B, 0x254E, 0x254F, 0x2551, 0x2016: true
        // ⦙ ⦚ ¦ ∣ ∥ ❘ ❙ ❚ ︱ ⎸ ⎹
        case 0x2999, 0x299A, 0x00A6, 0x2223, 0x2225, 0x2758, 0x2759, 0x275A, 0xFE31, 0x23B8, 0x23B9: true
        default: false
        }
    }

    static func isASCIILetter(_ c: UInt32) -> Bool {
        let l = c | 0x20
        return c < 0x80 && l >= 0x61 && l <= 0x7A
    }

    /// Spaces, ASCII punctuation, CJK and full-width punctuation, dashes and ellipses.
    static func isSpaceOrPunctuation(_ c: UInt32) -> Bool {
        if c < 0x80 { return !(0x30...0x39).contains(c) && !isASCIILetter(c) }
        return (0x2000...0x206F).contains(c) || (0x3000...0x303F).contains(c) || (0xFF01...0xFF0F).contains(c)
            || (0xFF1A...0xFF20).contains(c) || (0xFF3B...0xFF40).contains(c) || (0xFF5B...0xFF65).contains(c) || c == 0x00A0 || c == 0x00B7
    }

    static let numerals: ScalarSet = ScalarSet("零〇一二三四五六七八九幺两")

    /// Words that may stand between the pieces of a number said in English.
    static let englishConnectives: Set<String> = [
        "then", "and", "also", "next", "after", "that", "followed", "by", "is", "it", "it's", "its", "s", "the", "last", "final", "one", "ones",
        "digit", "digits", "part", "rest", "ending", "ends", "end", "with", "so", "ok", "okay", "right", "yes", "yeah", "yep",
        "sure", "uh-huh", "mhm", "mm-hm", "hmm", "mm", "um", "umm", "uh", "er", "erm", "ah", "eh", "go", "on", "ahead", "continue",
        "plus", "more", "remaining", "bit", "one's", "character", "letter", "a", "an", "of", "number", "still", "there", "got",
        "you", "and then", "finally", "lastly", "i", "me", "let", "start", "from", "top", "beginning", "over", "again",
        "in", "at", "capital", "upper", "case", "uppercase", "check", "checksum", "my", "hang", "hold", "sec", "what", "what's", "whats", "keep", "going", "carry",
        "that's", "thats", "this", "i'm", "i'll", "let's", "lets", "was", "should", "be", "said", "middle",
        // "sorry, properly this time: …", "let me try that again"
        "properly", "correctly", "time", "try",
        // Answering an aside ("Is that your own? / Yes, mine. Then …"; never "Correct.", which
        // confirms a read-back and closes the number).
        "mine",
    ]
    /// English words that abandon what was said before them.
    static let englishCorrections: Set<String> = [
        "sorry", "no", "wait", "actually", "correction", "oops", "scratch", "mean", "rather", "wrong", "mistake", "restart", "redo",
        "misspoke", "messed", "mixed", "typo", "wrongly", "not", "make",  // "make that four two four"
        "ignore", "disregard", "forget", "strike",  // "137 3881, ignore that — 3891 1817"
    ]
    /// Ideographs that may stand between the pieces of a number said in Chinese.
    static let connectiveIdeographs = ScalarSet("""
        然后接着面再还有最位个末尾剩下的是就呢对好嗯呃啊哦噢那不了新遍一我号校验字母继续讲说报念请您你等稍行嘞哎额唔呀吧这边后跟着结数符加上带大写英文诶欸唉像刚才似乎啦喔几以前码段往中间
        """.unicodeScalars.map(\.value))
    /// Chinese corrections.
    static let chineseCorrections: [[UInt32]] = ["从头来", "从头说", "从头报", "再来一遍", "再来", "不对", "不是", "说错了", "说错", "错了", "搞错", "重新说", "重新报", "重新", "重说", "再说一遍",
                                                  "我再说一遍", "更正", "抱歉", "对不起", "应该是", "等一下", "等等",
                                                  "念错", "报错", "看错", "记错", "重来", "从头", "不好意思", "等下", "说反", "念反", "拿反",
                                                  "反了", "搞混", "弄混", "记混", "说混", "弄错", "讲错", "说岔", "念岔", "报岔", "说串", "口误",
                                                  "搞反", "弄反", "完整"].map { Array($0.unicodeScalars.map(\.value)) }
}
