import Testing
@testable import VaultRedact

/// Numbers said over a conversation (issue 15): in pieces between turns, corrected, read back,
/// with the check character apart or the words run together. Each case is hand-written here;
/// the evaluation sets (Fixtures/conversations-*.jsonl) measure the same phenomena at scale.
@Suite struct ConversationTests {
    let redactor = TextRedactor()

    /// The redacted text, and whether `digits` (a substring of the input) still reads anywhere.
    func redact(_ text: String) -> String { redactor.redact(text).text }

    func readable(_ out: String, _ pieces: String...) -> [String] { pieces.filter { out.contains($0) } }

    @Test func interruptedByABackChannel() {
        let zh = redact("客户：我的手机号是一三九\n坐席：嗯。\n客户：一二三四五六七八\n坐席：好的，记下了。")
        #expect(readable(zh, "一三九", "一二三四").isEmpty, "\(zh)")
        #expect(zh.contains("坐席：嗯。") && zh.contains("五六七八"))
        let en = redact("[00:01:02] Customer: it's one three nine\n[00:01:04] Agent: go on\n[00:01:05] Customer: one two three four, five six seven eight")
        #expect(readable(en, "one three nine", "one two three four").isEmpty, "\(en)")
        #expect(en.contains("Agent: go on"))
    }

    @Test("a currency sign names only the amount after it, not a card said later in the sentence")
    func currencySignGovernsItsAmountOnly() {
        let spoken = redact("The refund was $12.50 so put it on four one one one one one one one one one one one one one one one")
        #expect(!spoken.contains("one one one one"), "\(spoken)")
        #expect(spoken.contains("$12.50"))
        let zh = redact("退款¥88.00，退到四一一一一一一一一一一一一一一一这张卡")
        #expect(!zh.contains("一一一一一"), "\(zh)")
        // A dot a transcriber put inside a number led by 0 splits no amount: "07494.087023" is a UK mobile.
        #expect(!redact("my mobile is 07494.087023 thanks").contains("07494"))
        #expect(redact("it costs 0.50 pounds, rate 0.087023").contains("0.50 pounds, rate 0.087023"))
        // "the area code" asks for a phone's part, not a harmless code; a verification code stays harmless.
        let asked = redact("Agent: Do you have a home number, with the area code?\nCustomer: It's ohtwoseven - threeninefiveone - oneninethreefour")
        #expect(!asked.contains("ohtwoseven") && !asked.contains("threeninefiveone"), "\(asked)")
        #expect(redact("Agent: what is the verification code?\nCustomer: 4471 9302").contains("4471 9302"))
        // The amount itself stays an amount, however long.
        #expect(redact("I paid $4111111111111111 in total").contains("4111111111111111"))
    }

    @Test("a Luhn-valid run of 13–15 digits is a card only in a scheme issued at that length, or where a card is asked for")
    func shortLuhnRuns() {
        // An IMEI (15 digits, Luhn-valid) and a booking reference of 14 stay.
        #expect(redact("手机串号IMEI是861025527345057对吧？").contains("861025527345057"))
        #expect(redact("订票号88622404064640。").contains("88622404064640"))
        // American Express (15, 34/37) and Diners (14, 36) are cards; so is any short Luhn run asked for as one.
        #expect(!redact("it's 3782 822463 10005").contains("3782"))
        #expect(!redact("card 3056 9309 0259 04").contains("3056"))
        #expect(!redact("卡号是88622404064640").contains("88622404064640"))
    }

    @Test("hesitations while reading a number off a card join its pieces (我看看, let me check)")
    func hesitationsJoinPieces() {
        let out = redact("客户：卡号是6225 呃 9659 6234 我看看 2185 4")
        #expect(readable(out, "6225", "9659", "2185").isEmpty, "\(out)")
    }

    @Test("after a phone is asked for, a North American number said again whole hides both the attempt and the number")
    func restatedNorthAmericanNumber() {
        let out = redact("Yeah, my mobile is 475-816-7700 - actually no, 475 916 7700, that's it.")
        #expect(readable(out, "475-816", "475 916").isEmpty, "\(out)")
    }

    @Test("one or two digits from the other party are no piece of the number just said")
    func otherPartysCountIsNoPiece() {
        let out = redact("Morag: Can I take the card number?\nYusuf: It is 4367\nYusuf: 4236 -\nYusuf: 3064 5755.\nMorag: Two adults.\n")
        #expect(readable(out, "4367", "4236", "3064").isEmpty && out.contains("Two adults"), "\(out)")
    }

    @Test("an organisation's line (an extension after it, or named as a hotline or enquiry line) stays; a caller's own landline goes")
    func publishedLinesStay() {
        #expect(redact("有变动可以打028-46289786转7002。").contains("46289786"))
        #expect(redact("码头咨询电话027-8484 8819。").contains("8484 8819"))
        #expect(redact("The emergency line is 0800 512 6336.").contains("512 6336"))
        #expect(redact("call the office on 020 7946 0018 ext. 214").contains("7946 0018"))
        #expect(!redact("客户：座机是0571-8442 0063，白天打。").contains("8442 0063"))
        #expect(!redact("Customer: my landline's 0161 590 6993.").contains("590 6993"))
    }

    @Test("a question's kind is found wherever its keyword falls in the line (\"mobile\" 41 characters from its end)")
    func askedKindFarFromTheQuestionsEnd() {
        let out = redact("Shop: Which mobile should we ring when we're outside?\nClient: It's 8005 0212.")
        #expect(readable(out, "8005", "0212").isEmpty, "\(out)")
    }

    @Test("a speaker's name on a line of its own: the question two lines up still asks, and the pieces between back-channels join")
    func headerLineLabels() {
        let card = redact("Sales\nI can take the card details. Long number first.\n\nCustomer\nIt's 6222\n\nSales\nGo on.\n\nCustomer\n0317\n\n"
                          + "Sales\nYes?\n\nCustomer\n74512093, yeah.\n\nSales\nThanks.")
        #expect(readable(card, "6222", "0317", "74512093").isEmpty, "\(card)")
        let phone = redact("A  (00:12)\n留个手机号，有 update 我们通知你。\n\nB  (00:15)\n好，9123 4567。")
        #expect(readable(phone, "9123", "4567").isEmpty, "\(phone)")
    }

    @Test("a line that gave its own number asks nothing of the next (a date said after \"我这个号是…\" stays); a timestamp is no number given")
    func answeredLineAsksNothing() {
        let out = redact("客服：回访电话打哪个号？\n客户：我这个号是 1475 89 5542 3\n客服：好的。房间订的是 2019 04 26 入住。")
        #expect(out.contains("2019 04 26"), "\(out)")
        // A question with a trailing timestamp still asks.
        let asked = redact("Operator: And the phone number on the account? [00:00:09]\nCaller: It's 0435 - [00:00:12]\n"
                           + "Operator: 0435, and then? [00:00:14]\nCaller: 536-679. [00:00:15]")
        #expect(readable(asked, "0435", "536-679").isEmpty, "\(asked)")
    }

    @Test("a mobile's shape inside what was asked for as an ID is hidden whole, not with a phone's last four showing")
    func mobileShapeInsideAnAskedID() {
        let out = redact("Operator: What's the ID number on the application?\nClient: Let me read it, three four oh one oh four one nine eight six, "
                         + "sorry, I mean one nine seven six zero six oh eight five nine eight seven.")
        #expect(!out.contains("eight five nine eight"), "\(out)")
        // A mobile asked for as a mobile keeps its last four.
        #expect(redact("坐席：手机号多少？\n客户：13912345678。").contains("5678"))
    }

    @Test("an offset after the speaker's name (\"拍卖行 +00:31:\") and a stamp in two brackets (\"客户（[00:00:25]）：\") are a label's, never a number's pieces")
    func offsetAndNestedStampLabels() {
        let id = redact("拍卖行 +00:20: 身份证号报一下？\n委托人 +00:26: 一一零一零五 一九八六零三零七 一二三八。\n拍卖行 +00:31: 嗯，我记着。\n"
                        + "委托人 +00:34: 哦不是，中间应该是一九八六零三一七。")
        #expect(id.contains("+00:31: 嗯") && id.contains("+00:34: 哦不是"), "\(id)")
        #expect(readable(id, "一九八六零三零七", "一九八六零三一七").isEmpty, "\(id)")
        let card = redact("服务专员（[00:00:20]）：押金从哪张卡扣？卡号报一下。\n客户（[00:00:25]）：您记一下：541 234 5678\n"
                          + "客户（[00:00:30]）：9012 32。好了。")
        #expect(readable(card, "541 234", "5678", "9012").isEmpty && card.contains("[00:00:30]"), "\(card)")
    }

    @Test("a date, an amount or a count said right after a number in the same breath is not its tail (\"。我10月7号都在家\")")
    func dateAfterANumberStays() {
        let out = redact("坐席：手机号？\n客户：13912345678。我10月7号都在家。")
        #expect(out.contains("10月7号") && !out.contains("1391234"), "\(out)")
        #expect(redact("坐席：身份证号？\n客户：110105198603071238。我6楼。").contains("6楼"))
    }

    @Test("a local number of eight digits (Hong Kong, Singapore) said in pieces where a phone was asked is joined; an extension and a code on their own lines are not")
    func eightDigitLocalNumberInPieces() {
        let out = redact("坐席\n留个 phone number 给我吧？\n\nCaller\n嗯 sure，ninefive zerotwo\n\n坐席\n好，then？\n\nCaller\nsixone threeeight。\n\n坐席\n好的。")
        #expect(readable(out, "ninefive", "zerotwo", "sixone", "threeeight").isEmpty, "\(out)")
        let other = redact("话务员：联系电话是哪个？\n来电人：稍等。\n话务员：需要转到技术部门，分机号5607。\n来电人：好的。\n话务员：短信验证码3169不要告诉别人。")
        #expect(other.contains("5607") && other.contains("3169"), "\(other)")
    }

    @Test("a number started over in international form keeps nothing of the attempt: both hidden, the last four shown")
    func restartKeepsNoHead() {
        // The attempt's "1 7" and the correction's "001 718 555" would make a mobile never said (170 0171 8555).
        let over = redact("Agent: Best number to reach you?\nCaller: plus one seven one eight five five... no sorry, 001 718 555 0142, yeah.")
        #expect(readable(over, "seven one eight", "718 555").isEmpty && over.contains("0142"), "\(over)")
        // A correction that says the attempt's first digits again is whole on its own (a guard).
        let again = redact("坐席：手机号？\n客户：一五九二二，不对，一五九 3318 6620。")
        #expect(readable(again, "一五九二二", "3318").isEmpty && again.contains("6620"), "\(again)")
    }

    @Test("a question that names a kind, then a harmless word saying what for, then more words, still asks for that kind")
    func askedKindPastAHarmlessWord() {
        // Sixteen digits that fail Luhn: only the question says they are a card.
        let out = redact("Rep: Which card are you settling the invoice with? Just the long one across the middle.\n"
                         + "Member: right, it's five five five five... four four four four... oh oh oh oh... four four four five.")
        #expect(readable(out, "five five five five", "four four four four", "oh oh oh oh").isEmpty, "\(out)")
    }

    @Test("an amount said after a number's pieces (\"£116\") is no piece of it")
    func amountIsNoPiece() {
        let out = redact("Which mobile do we send the reminder to?\nIt's 912\n3\n4567, that's me.\nThanks. That's £116 on collection.")
        #expect(readable(out, "912\n", "\n3\n", "4567").isEmpty && out.contains("£116"), "\(out)")
    }

    @Test("a phone asked for switching language mid-phrase (\"有 update 我们 text 你\") is a phone")
    func codeSwitchedAsk() {
        let out = redact("A: 好。留个 number，到货了我们 call 你。\nB: 嗯，九一二三 four five six seven。")
        #expect(readable(out, "九一二三", "four five six seven").isEmpty, "\(out)")
    }

    @Test("the middle of a number put right (中间应该是, \"the middle bit should be\") is hidden with it")
    func middlePutRight() {
        let id = redact("客户：身份证号是110105196803071238。\n坐席：好。\n客户：重新说一下，中间应该是19860307，刚才说成19680307了。")
        #expect(readable(id, "19860307", "19680307").isEmpty, "\(id)")
        let corrected = redact("客户：身份证号是110105196803071238。\n坐席：好。\n客户：不对不对，中间应该是19860307，我说反了。")
        #expect(readable(corrected, "19860307", "19680307").isEmpty, "\(corrected)")
        let card = redact("Agent: Which card are you paying with?\nCustomer: 6222 0317 7451 2039.\nAgent: Okay.\n"
                          + "Customer: sorry, the middle bit should be seven four five one.")
        #expect(readable(card, "seven four five one", "7451").isEmpty, "\(card)")
        // A date after "the middle of": no number put right.
        #expect(redact("Customer: 6222 0317 7451 2093.\nAgent: Delivery in the middle of the week, 12 March.").contains("12 March"))
    }

    @Test("a landline named by its desk or purpose (\"the complaints line is\", 售后电话, 票务客服, \"the parish office number\") stays; \"my main line\", \"the line\", a speaker label or a mobile goes")
    func desksAndPurposeLinesStay() {
        #expect(redact("Operator: The complaints line is 0571-8812 3456.").contains("8812 3456"))
        #expect(redact("Rep: and the parish office number is 010-6688 1234, mornings only.").contains("6688 1234"))
        #expect(redact("客服：售后电话是0755-2233 4455。").contains("2233 4455"))
        #expect(redact("坐席：有事打值班电话021-6655 7788。").contains("6655 7788"))
        #expect(redact("坐席：退票找票务客服 021-6655 7788。").contains("6655 7788"))
        // A public body is nobody's own, whoever says "our".
        #expect(redact("客户：我们居委会电话是021-6655 7788。").contains("6655 7788"))
        // Someone's own line.
        #expect(!redact("Customer: my direct line is 0161 496 0012.").contains("496 0012"))
        #expect(!redact("Customer: my line is 0161 496 0012 if you lose me.").contains("496 0012"))
        #expect(!redact("Customer: my old work line is 0161 496 0012.").contains("496 0012"))
        #expect(!redact("Agent: and your office number is 010-6688 1234?").contains("6688 1234"))
        // The agent reading a number out after its own label; a mobile on a desk's line.
        #expect(!redact("客户：座机记一下。\n客服：0755-2233 4455，对吗？").contains("2233 4455"))
        #expect(!redact("Operator: The complaints line is 07700 900 123.").contains("900 123"))
    }

    @Test("是不是 asks, it corrects nothing: a hotline asked about after a phone is no correction of it")
    func isItAsksNoCorrection() {
        let out = redact("坐席：哪个手机号？\n客户：是一三九八七六五七二三四，就这个。\n客户：对了，你们客服是不是95588？")
        #expect(out.contains("95588") && !out.contains("一三九八"), "\(out)")
    }

    @Test("a capital \"Oh\" opening a sentence after a number is the interjection, not a zero")
    func ohOpeningASentence() {
        let out = redact("Agent: And the mobile?\nCaller: Yeah, it's 159 3509 6107. Oh, and is the branch still open Saturdays?")
        #expect(out.contains("Oh, and") && !out.contains("3509"), "\(out)")
        // Followed by digits, it is still a zero.
        #expect(!redact("Agent: And the mobile?\nCaller: Yeah, it's one five nine. Oh two three five, oh nine six one oh seven.").contains("two three five"))
    }

    @Test("a line's counter before its stamp and label (\"0025 00:01:01 话务员：\") is no piece of the number said on the line before")
    func lineCounterBeforeAStamp() {
        let out = redact("0023 00:00:52 话务员：需要您的身份证号。\n0024 00:00:58 来电人：好的，四四零三……\n"
                         + "0025 00:01:01 话务员：您说得有点快，能从头再来一遍吗？\n0026 00:01:04 来电人：行，44030519900101123X。")
        #expect(out.contains("0025 00:01:01") && out.contains("0026 00:01:04") && !out.contains("四四零三"), "\(out)")
    }

    @Test("\"one\" after a compound adjective (\"the eighteen-character one\") is a pronoun, no digit of the number that follows")
    func oneAfterACompound() {
        let out = redact("Agent: Can I take your ID number, the eighteen-character one?\nCaller: Yep, 4403 0519 9001...\n"
                         + "Agent: Say that last bit again?\nCaller: 0112 3X.")
        #expect(out.contains("eighteen-character one?") && readable(out, "4403", "0112").isEmpty, "\(out)")
    }

    @Test("a code (发票代码, a postcode) is a harmless number: its digits are not read as a landline")
    func codesAreHarmless() {
        #expect(redact("坐席：麻烦报一下发票的代码和号码。\n客户：代码060936534857，号码89221189。").contains("060936534857"))
    }

    @Test("a numbered speaker (Speaker 1, S1, spk0, SPEAKER_00, 说话人1) in any common layout is a label: its digits are no piece of the number, and a back-channel between two pieces still joins them",
          arguments: ["### {lab}\n", "#{lab}> ", "({lab}) ", "{lab}\n", "{lab} => ", "{lab} » ", "{lab} ▸ ", "{lab}｜", "~{lab}~ ", "▎{lab}：",
                      "《{lab}》", "〔{lab}〕", "— {lab}: ", "{lab} -> ", "{lab}:: ", "[00:01:0{n}] {lab}\n", "<00:01:0{n}> [{lab}] ", "{lab} @ 0:0{n}\n",
                      "{lab}@0:0{n}: ", "{lab}（0:0{n}）", "【00:01:0{n}】{lab}：", "0:0{n} ⟩ {lab} ⟩ ", "0:0{n} 〔{lab}〕", "0m0{n}s  {lab}  ",
                      "4:45:0{n} PM | {lab} | ", "[4:45:0{n} PM] {lab}: ", "{lab}（0m0{n}s）", "[0m0{n}s] {lab}: ", "{lab}/1:0{n}:08 PM：", "{lab}/00:0{n}: "])
    func numberedSpeakersInAnyLayout(layout: String) {
        for (a, b) in [("Speaker 1", "Speaker 2"), ("S1", "S2"), ("spk0", "spk1"), ("SPEAKER_00", "SPEAKER_01"), ("说话人1", "说话人2")] {
            let turns = [(a, "请问手机号多少？"), (b, "一三九 二二七五"), (a, "嗯"), (b, "八八四六"), (a, "好的")]
            var text = ""
            for (n, (who, said)) in turns.enumerated() {
                text += layout.replacingOccurrences(of: "{lab}", with: who).replacingOccurrences(of: "{n}", with: String(n + 1)) + said + "\n"
            }
            let out = redact(text)
            #expect(readable(out, "一三九", "二二七五").isEmpty && out.contains("八八四六") && out.contains(b), "\(out)")
        }
    }

    @Test("a harmless word said in passing (\"For the booking on next Tuesday, it's …\", 的订单，登记的是) leaves the kind the question asked for")
    func harmlessWordInPassing() {
        let id = redact("Agent: Could I take your resident ID number, please?\nCaller: For the booking on next Tuesday, it's 330106198609119658.")
        #expect(!id.contains("330106"), "\(id)")
        let zh = redact("坐席：那身份证号码呢？\n客户：浙S·NG5F9的订单，登记的是440305 199001 01123X。")
        #expect(readable(zh, "440305", "199001").isEmpty, "\(zh)")
        // A harmless word that names the number keeps it harmless.
        #expect(redact("Agent: Could I take your phone number?\nCaller: The booking number is 3172653663.").contains("3172653663"))
        // An amount in Chinese numerals is the amount word's own number: what follows it answers the question.
        let paid = redact("坐席：手机号多少？\n客户：付了三百八那个，用的是139 那个 2275……呃呃8846。")
        #expect(readable(paid, "139", "2275").isEmpty && paid.contains("三百八"), "\(paid)")
    }

    @Test("the other party's read-back of the first three digits of a number said after \"+\" and its country code is hidden")
    func readBackOfTheNationalHead() {
        let out = redact("Agent: Can I grab a contact number?\nCaller: That'd be +1 614 823 0537.\nAgent: Let me check, 614 —\nCaller: Yep.")
        #expect(!out.contains("614"), "\(out)")
    }

    @Test("a harmless word's own number, then \"it is\" / 是 and a number in the same breath: the number is judged by its own context")
    func harmlessNumberThenTheAnswer() {
        let en = redact("Agent: Your phone?\nCaller: Order 5521, it is 139 2275 8846.")
        #expect(!en.contains("139 2275") && en.contains("5521") && en.contains("8846"), "\(en)")
        let zh = redact("坐席：您手机号多少？\n客户：订单号5521，是13922758846")
        #expect(!zh.contains("1392275") && zh.contains("5521"), "\(zh)")
        // Guard (readable before and after): what a harmless word asked for stays readable.
        #expect(redact("Agent: Your order number?\nCaller: it is 5521 8890 1123").contains("5521 8890 1123"))
    }

    @Test("a line that broke up and a request for the rest (\"信号不好，后面是什么？\") continue the number: no restart")
    func requestForTheRest() {
        let card = redact("坐席：退款退到哪张卡？卡号说一下。\n客户：四五三九 二零幺七 六六二八\n坐席：抱歉，刚才信号不好，后面是什么？\n客户：后面是幺零三零，我11点15以后都在。")
        #expect(readable(card, "四五三九", "六六二八", "幺零三零").isEmpty && card.contains("11点15"), "\(card)")
    }

    @Test("no piece of a number: a day after a month's name (\"March 27\") after a local number, a count of digits said with 十 (\"十八位的\")")
    func datesAndCountsAreNoPieces() {
        let date = redact("Agent: Can I grab a contact number?\nCaller: Sure, 87264019.\nAgent: The fitting is on March 27.")
        #expect(!date.contains("87264019") && date.contains("March 27"), "\(date)")
        let count = redact("坐席：请报一下身份证号，十八位的。\n客户：是 44030519900307281X")
        #expect(count.contains("十八位的") && !count.contains("440305"), "\(count)")
    }

    @Test("号码 (\"number\") answers the kind asked for before it: a card read with a slip after 卡号 is hidden with its correction; after a harmless word it still asks for a phone")
    func haomaPointsBackToTheKindAsked() {
        let card = redact("坐席：退款退到哪张卡？把卡号念一下。\n客户：号码是6217 5318 3918 0002。\n坐席：嗯。\n客户：说错了，第二段是0025，不是5318。")
        #expect(readable(card, "6217", "5318", "3918", "0025").isEmpty, "\(card)")
        // Guard (hidden before and after): a harmless word before it leaves 号码 asking for a phone.
        let phone = redact("坐席：合同编号HT-2291。回访打哪个号码？\n客户：13958862047")
        #expect(!phone.contains("1395886") && phone.contains("2047"), "\(phone)")
    }

    @Test("a local number said whole where a phone was asked, then more digits a bridge joins to it (an unlabelled read-back), is hidden")
    func localNumberThenMoreDigits() {
        let en = redact("Which number can the courier ring?\n83726154, got it?\nIs it 8379...?")
        #expect(!en.contains("83726154"), "\(en)")
        let zh = redact("快递员打哪个电话？\n83726154，got it？\n是8372吗？")
        #expect(readable(zh, "83726154", "8372").isEmpty, "\(zh)")
        // Guard (readable before and after): with no phone asked for, eight digits are no phone.
        #expect(redact("Which order is it?\n83726154, got it?\nIs it 8379...?").contains("83726154"))
    }

    @Test("a thing made with a number (\"registered under …\", 是用…下的单) does not make the number its own; a card that is no bank card (年卡, 门禁卡, a member card) names none")
    func madeWithAndCardsThatAreNoBankCard() {
        let en = redact("Customer: the order was registered under 15930287461 last week.")
        #expect(!en.contains("1593028"), "\(en)")
        let zh = redact("客户：订单是用18620397514下的单。")
        #expect(!zh.contains("1862039"), "\(zh)")
        // Guard (readable before and after): a place's line offered for booking is no one's own.
        #expect(redact("客户：订单可以用 021 6288 3301 预约。").contains("021 6288 3301"))
        // Long numbers failing Luhn and MOD 11-2, on things that are no bank card, stay readable.
        let pass = redact("客户：我想办一个游泳馆的年卡，说明书背面印着七一三零 二八五四 六九零二 七七一 零五，是什么号？")
        #expect(pass.contains("七一三零 二八五四 六九零二 七七一 零五"), "\(pass)")
        #expect(redact("客户：门禁卡背面的 7130285469027710 是什么？").contains("7130285469027710"))
        #expect(redact("Customer: the member card says 7130 2854 6902 7710 5 on the back.").contains("7130 2854 6902 7710 5"))
        #expect(redact("Customer: the loyalty card has 71302854690277105 printed on it.").contains("71302854690277105"))
        // Guard (hidden before and after): an amount said on the way names nothing; the card after it is hidden.
        let card = redact("Agent: Which card?\nCustomer: I topped up the member card by £75, then 6212 2642 2057 0549 691.")
        #expect(card.contains("£75") && !card.contains("6212"), "\(card)")
    }

    @Test("digits heard wrong are hidden with the number: a pair swapped in a read-back, \"您念成…了\"")
    func misheardDigits() {
        let swapped = redact("Agent: ID number?\nCaller: 440305199001011234\nAgent: Let me read that back: 440350199001011234.")
        #expect(!swapped.contains("440350"), "\(swapped)")
        let read = redact("坐席：卡号？\n客户：6214836896574353。\n坐席：尾号4335？\n客户：错了，是4353，您念成四三三五了。")
        #expect(!read.contains("四三三五"), "\(read)")
    }

    @Test("a number given after corrections far into its turn still answers the question before it")
    func correctionsFarIntoTheTurn() {
        let out = redact("Agent: Which mobile?\nCaller: Ready? It's two zero six... eight eight, wait, not that, it's two six zero, eight, ugh, wrong way round, two zero six, eight zero six, one one zero zero, that's it.")
        #expect(readable(out, "two zero six", "eight zero six", "two six zero").isEmpty && out.contains("one one zero zero"), "\(out)")
    }

    @Test("\"also an office line\" is one more line of the speaker's own; a chip number after an ID given is the chip's")
    func ownOfficeLineAndChipNumber() {
        let office = redact("Agent: Best phone number?\nCaller: 13912345678.\nAgent: Anything else?\nCaller: There's also an office line, zero two one seven one five seven one six one zero, during office hours.")
        #expect(!office.contains("zero two one seven"), "\(office)")
        let chip = redact("客户：登记的是我身份证44030519900101123X，它的芯片号是985564957563104，要用吗？")
        #expect(chip.contains("985564957563104") && !chip.contains("440305"), "\(chip)")
    }

    @Test("\"uhh\", \"errr\" and other drawn-out fillers stand inside a number like \"uh\"")
    func drawnOutFillers() {
        let out = redact("(SPEAKER_00) What contact number?\n(SPEAKER_01) let me think, 1 uhh... 39 1234... uhh... 5678, yes.")
        #expect(readable(out, "39 1234", "SPEAKER_**").isEmpty && out.contains("(SPEAKER_01)"), "\(out)")
    }

    @Test("a landline listed with a place's address or hours (\"地址是…号，电话…\", \"open until 5, phone …\") or as how an office \"can be reached\" stays; one with a person in the sentence goes")
    func placeDetailsLineStays() {
        #expect(redact("工作人员：我们营业厅地址是中山路22号，营业到晚上八点，电话(0731)8845 2610。").contains("8845 2610"))
        #expect(redact("Rep: The depot on Mill Lane opens at 7, phone 020-4145 7578.").contains("4145 7578"))
        #expect(redact("Rep: Mountain rescue can be reached on 0755-86525560.").contains("86525560"))
        #expect(!redact("客户：我的地址是中山路22号，电话(0731)8845 2610。").contains("8845"))
        #expect(!redact("客户：我们家地址是中山路22号，电话(0731)8845 2610。").contains("8845"))
        #expect(!redact("Customer: my address is 4 Mill Lane, phone 0755 8845 2610.").contains("8845"))
        #expect(!redact("Caller: my brother can be reached on 0755-86525560.").contains("8652"))
        #expect(!redact("Rep: your team can be reached on 0755-86525560.").contains("8652"))
        // A mobile is someone's, wherever it is listed.
        #expect(!redact("工作人员：地址是中山路22号，电话13912345678。").contains("1391234"))
    }

    @Test("a landline given as an organisation's own line (门店电话, the clinic's phone, \"if you need to call back on\") stays; a mobile there, or someone's own landline, goes")
    func organisationsOwnLinesStay() {
        #expect(redact("门店电话是（028）32981074，营业到晚上 10 点。").contains("32981074"))
        #expect(redact("So，诊所的电话 0532-7676 2527，改期提前说。").contains("7676 2527"))
        #expect(redact("Agent: My staff number is 5517 if you need to call back on 0345 537 4037.").contains("537 4037"))
        #expect(redact("Agent: if you ever need to call  back  on  0345  317  3698 , ask for me.").contains("317  3698"))
        #expect(redact("Rep: the clinic's phone is 020 7946 0018.").contains("7946 0018"))
        // A mobile is a person's, whoever's line it is said to be.
        #expect(!redact("门店电话是13912345678，找王经理。").contains("1391234"))
        // Someone's own landline: asked to be called back on it, or a phone word after "your".
        #expect(!redact("Customer: call me back on 0345 537 4037 please.").contains("537 4037"))
        #expect(!redact("Customer: you can call back on 0161 590 6993 after six.").contains("590 6993"))
        #expect(!redact("Agent: is your phone still 0161 590 6993?").contains("590 6993"))
        #expect(!redact("客户：我家座机是0571-8442 0063。").contains("8442 0063"))
        // Premises that are the speaker's own: the speaker's own line.
        #expect(!redact("Customer: my shop's phone is 0161 590 6993.").contains("590 6993"))
        #expect(!redact("客户：我们门店电话是（028）32981074。").contains("32981074"))
        // Other premises and desks (a village committee, a rescue line, a service desk, a museum; "the main desk is on").
        #expect(redact("工作人员：村委会电话是010-41604710，白天有人。").contains("41604710"))
        #expect(redact("工作人员：雪场救援电话0755-20548034。").contains("20548034"))
        #expect(redact("接线员：总服务台电话020 2431 6265。").contains("2431 6265"))
        #expect(redact("Advisor: The main desk is on (023)3678 8674.").contains("3678 8674"))
        #expect(redact("Rep: the museum's phone is 020 7946 0018.").contains("7946 0018"))
        #expect(!redact("Customer: my studio's phone is 020 7946 0018.").contains("7946 0018"))
        #expect(!redact("工作人员：村委会电话是13912345678。").contains("1391234"))
    }

    @Test("serial numbers, barcodes and library card numbers are harmless numbers, as order numbers are")
    func serialNumbersAndBarcodesStay() {
        #expect(redact("客户：琴身里面贴的条码是8688 8588 3239 2408。").contains("3239 2408"))
        #expect(redact("客户：借阅号4373301915，逾期3天。").contains("4373301915"))
        #expect(redact("Customer: the serial number is 2003 0945 9910 8181 3585.").contains("8181 3585"))
    }

    @Test func twoInterruptionsAndAnEcho() {
        let out = redact("B: 卡号是6222\nA: 6222，然后呢？\nB: 0212 3456\nA: 您继续。\nB: 7890 128\nA: 好的。")
        // 6222 0212 3456 7890 128 is 19 digits and passes Luhn; the agent's echo is hidden with the piece it repeats.
        #expect(NumberChecks.luhn("6222021234567890128".unicodeScalars.map { UInt8($0.value - 48) }[...]))
        #expect(readable(out, "6222", "0212", "3456", "7890", "128").isEmpty, "\(out)")
        #expect(out.contains("A: 您继续。"))
    }

    @Test func continuedOnTheNextLine() {
        let out = redact("Customer: the card is 4111\nthen 1111\nand 1111 1111.")
        #expect(readable(out, "4111", "1111").isEmpty, "\(out)")
        #expect(out.contains("then") && out.contains("and"))
    }

    @Test func theAbandonedAttemptIsHiddenWithTheCorrection() {
        let zh = redact("客户：一八幺，哦不是，幺三九一二三四五六七八。")
        #expect(readable(zh, "一八幺").isEmpty, "\(zh)")
        let en = redact("Customer: one three eight one two, sorry, no wait, one three nine one two three four five six seven eight")
        #expect(!en.contains("one three eight one two"), "\(en)")
        // Only the groups after the first restarted: 139 kept, "1234 56" abandoned, then 1234 5679.
        let group = redact("B: 139 1234 56, no, sorry, 1234 5679.")
        #expect(readable(group, "139", "1234").isEmpty && group.contains("5679"), "\(group)")
    }

    @Test func readBacksFullPartialAndMisheard() {
        let partial = redact("客户：卡号6222021234567890\n坐席：所以是6222 0212 3456……对吗？")
        #expect(readable(partial, "6222", "0212", "3456").isEmpty, "\(partial)")
        let misheard = redact("Customer: 4111 1111 1111 1111\nAgent: so that's 4111 1111 1117 1111?")
        #expect(!misheard.contains("4111 1111 1117"), "\(misheard)")
        let tail = redact("客户：身份证110105194912310021\n坐席：最后四位是0021对吧？")
        #expect(!tail.contains("0021"), "\(tail)")
    }

    @Test func theCheckCharacterSaidApart() {
        let zh = redact("客户：身份证号11010519491231002\n坐席：最后一位呢？\n客户：最后一位是叉。")
        #expect(!zh.contains("11010519491231002") && !zh.contains("叉。"), "\(zh)")
        #expect(zh.contains("坐席：最后一位呢？"))
        let en = redact("Customer: 11010519491231002, and the last one is X.")
        #expect(!en.contains("X."), "\(en)")
    }

    @Test func numberWordsRunTogether() {
        let out = redact("Customer: my number is onethreenine onetwothree fourfivesixseveneight")
        #expect(!out.contains("onethreenine") && !out.contains("onetwothree"), "\(out)")
        #expect(redact("an often overlooked tone").contains("often"))
    }

    @Test func separateNumbersStaySeparate() {
        // An order number on one line and a phone on the next: the phone is hidden, the order stays.
        let out = redact("Agent: your order number is 2024030512345678\nCustomer: my phone is 13912345678")
        #expect(out.contains("2024030512345678") && !out.contains("1391234"), "\(out)")
        // "ending in 1406" with no number it repeats stays readable.
        #expect(redact("Agent: I've sent a code to the phone ending in 1406.").contains("1406"))
        // "the last one" and "one moment" are words, not digits.
        let moment = redact("Agent: one moment please.\nCustomer: sure, which one?")
        #expect(moment == "Agent: one moment please.\nCustomer: sure, which one?")
    }

    @Test func aPhoneShowsItsLastFourOnce() {
        let out = redact("Customer: it's 13912345678.\nAgent: 139?\nAgent: 1234?\nAgent: 5678?")
        #expect(out.components(separatedBy: "5678").count == 2, "\(out)")  // once, in the first mention
        #expect(!out.contains("139?") && !out.contains("1234?"), "\(out)")
    }

    @Test func aRequestToRepeatMakesTheNextPieceARestart() {
        let out = redact("客户：我的手机号是139 1235\n坐席：信号不太好，麻烦您重新报一下。\n客户：139 1234 5678。")
        #expect(!out.contains("1235") && !out.contains("139 1234"), "\(out)")
        #expect(out.contains("信号不太好"))
    }

    @Test func aHarmlessNumberBeforeAPhoneDoesNotShieldIt() {
        let out = redact("坐席：这笔订单号是2024030512345678，对吧？\n坐席：麻烦报一下您预留的手机号。\n客户：是幺三九幺二三四五六七八。")
        #expect(out.contains("2024030512345678") && !out.contains("幺三九幺二三四"), "\(out)")
        let amount = redact("Agent: your bill is ¥267, due on the 21st.\nAgent: and your mobile?\nCustomer: OK, 139 12345678.")
        #expect(amount.contains("¥267") && !amount.contains("12345678"), "\(amount)")
    }

    @Test func countingWordsAreNoDigits() {
        #expect(redact("坐席：请您稍等一下，我查一个记录，第一次办理吗？") == "坐席：请您稍等一下，我查一个记录，第一次办理吗？")
    }

    @Test func speakerLabelsAndTimestampsAreNoDigits() {
        #expect(Conversation.labelEnd(Array("[00:01:02] Agent: hi".unicodeScalars.map(\.value)), from: 0) == 18)
        #expect(Conversation.labelEnd(Array("坐席：您好".unicodeScalars.map(\.value)), from: 0) == 3)
        #expect(Conversation.labelEnd(Array("Speaker 1: yes".unicodeScalars.map(\.value)), from: 0) == 11)
        // A line that opens with digits never loses them to a label.
        #expect(Conversation.labelEnd(Array("13912345678: that's me".unicodeScalars.map(\.value)), from: 0) == 0)
        #expect(Conversation.labelEnd(Array("我的手机号是：139".unicodeScalars.map(\.value)), from: 0) == 0)
    }

    @Test func moreLabelAndTimestampLayoutsAreNoDigits() {
        func end(_ line: String) -> Int { Conversation.labelEnd(Array(line.unicodeScalars.map(\.value)), from: 0) }
        #expect(end("【客服】您好") == 4)
        #expect(end("[Agent] hello") == 8)
        #expect(end("Agent 11:27:26: hello") == 16)
        #expect(end("坐席 12:21:00：您好") == 12)
        #expect(end("12.48\tCaller\tThe number is") == 13)
        #expect(end("0.02\tAgent 2758\tThanks") == 16)
        #expect(end("7. B: 好的") == 6)
        #expect(end("[2.5-5.0] AGENT: hi") == 17)
        #expect(end("[12.4s - 14.9s] Caller: hi") == 24)
        #expect(end("Rider  19:12:57") == 15)
        // Any block element may mark a label ("▍", "▋", "█").
        #expect(end("▋Dispatcher｜ok") == 12)
        #expect(end("█ 坐席：好") == 5)
        #expect(end("▍▍ Caller: hi") == 11)
        // And a box-drawing bar may end one ("Client │ ", "    客服 ‖ ").
        #expect(end("Client │ oh one oh") == 9)
        #expect(end("    客服 ‖ 好") == 9)
        // Digits after "卡号是" or in a dashed number are never a label or a time.
        #expect(end("剩下的是7166 - 5379") == 0)
        #expect(end("(010-8888) 是我家座机") == 0)
        #expect(end("12. 13912345678") == 0)
        // The clock times of such labels are never masked, and the number after them is.
        let out = redact("Agent 10:02:11: And your mobile?\nCustomer 10:02:15: 139 1234 5678\nAgent 10:02:19: thanks")
        #expect(out.contains("Agent 10:02:11:") && out.contains("Customer 10:02:15:") && out.contains("Agent 10:02:19:"), "\(out)")
        #expect(readable(out, "139", "1234").isEmpty, "\(out)")
        // A foreign mobile said over two such lines is one number, not two short ones left readable.
        let marked = redact("▋坐席｜1分02秒｜还有别的联系电话吗？\n▋客户｜1分05秒｜我在澳洲用的手机是零四一二\n▋客户｜1分08秒｜三四五，六七八。")
        #expect(readable(marked, "零四一二", "三四五").isEmpty && marked.contains("▋客户｜1分08秒｜"), "\(marked)")
        let block = redact("█ Agent | any other number?\n█ Caller | my Melbourne mobile, oh four one two\n█ Caller | three four five six seven eight.")
        #expect(readable(block, "oh four one two", "three four").isEmpty, "\(block)")
        let ranges = redact("[0.0-2.1] A: 手机号多少？\n[2.3-5.9] B: 一三九一二三四五六七八")
        #expect(ranges.contains("[0.0-2.1]") && ranges.contains("[2.3-5.9]") && !ranges.contains("一三九一"), "\(ranges)")
    }

    @Test func aDigitSaidSeveralTimesInChinese() {
        // "两个八" is 88, "三个2" is 222: 6228 4800 1234 5671 said with repeats.
        let out = redact("客户：卡号是六二两个八四八两个零，一二三四五六七一")
        #expect(readable(out, "两个八", "两个零", "六二").isEmpty, "\(out)")
        let mixed = redact("客户：手机一三九一二三四五六七八，身份证44030119790228301九")
        #expect(!mixed.contains("一三九"), "\(mixed)")
        // Counting words stay words.
        #expect(redact("我买了两个苹果，三个人，两个8块的") == "我买了两个苹果，三个人，两个8块的")
    }

    @Test func piecesAcrossAsidesRepeatsAndEchoes() {
        // An ID in four pieces: an aside, the agent's request to say a piece again, and an echo.
        let en = redact("""
            00:00:09 | Speaker 1 | Could I have your resident ID number?
            00:00:14 | Speaker 2 | Sure, three one zero one one five,
            00:00:16 | Speaker 2 | Hang on, let me find the card.
            00:00:19 | Speaker 1 | No problem.
            00:00:20 | Speaker 2 | one nine nine two
            00:00:22 | Speaker 1 | Sorry, you cut out there, say that again?
            00:00:26 | Speaker 2 | one nine nine two
            00:00:30 | Speaker 2 | after that, zero three zero one
            00:00:32 | Speaker 1 | 0301, yep.
            00:00:33 | Speaker 2 | zero zero four three
            00:00:36 | Speaker 1 | Perfect.
            """)
        #expect(readable(en, "three one zero", "one nine nine two", "zero three zero one", "0301", "zero zero four three").isEmpty, "\(en)")
        #expect(en.contains("Hang on, let me find the card.") && en.contains("Perfect."))
        // The answer names "号码" while the question asked for the ID: the ID's own check decides.
        let zh = redact("<工号12> 身份证号码报一下？\n<客户> 号码是11010519880614\n<工号12> 嗯。\n<客户> 我看一下卡上写的。\n<客户> 嗯，1232")
        #expect(readable(zh, "11010519880614", "1232").isEmpty, "\(zh)")
        // Amounts, dates and counts near a request are no pieces, even when their digits would pass a check.
        let negative = "坐席：燃气卡充值的事对吧？\n客户：是4月18号。2023年开的户。\n客户：欠了80219块。"
        #expect(redact(negative) == negative)
    }

    @Test func readBacksOfferingTwoReadingsAndCountedDigits() {
        // The agent asks which of two readings it was: both are the number's digits as heard.
        let zh = redact("坐席：身份证号码？\n客户：110105198806141232\n坐席：刚才那段是0614还是0624？\n客户：0614。")
        #expect(readable(zh, "0614", "0624").isEmpty, "\(zh)")
        // "Last four" counts; the digits after it repeat the ID, check character included.
        let en = redact("Agent: Your ID number?\nCaller: 44030119790228301\nAgent: And the last one?\nCaller: 9\nAgent: Last four three zero one nine?")
        #expect(en.contains("Last four") && !en.contains("three zero one nine"), "\(en)")
        let x = redact("A: ID number please.\nB: 11010519491231002\nB: and it ends with X\nA: So ending 002X?")
        #expect(!x.contains("002X"), "\(x)")
    }

    @Test func anAbandonedPhoneShowsNothing() {
        let out = redact("客户：手机是13912345678……不对，是13987654321")
        #expect(!out.contains("5678"), "\(out)")
        // 一 after digits is their last digit unless a measure word follows.
        let tail = redact("客户：手机号一三九一二三四五六七一等一下")
        #expect(tail == "客户：手机号*******五六七一等一下", "\(tail)")
    }

    @Test func whatIsNamedAroundANumber() {
        // A kind named just after the number wins over an amount word before it.
        let card = Self.luhnComplete("622848001234567")
        #expect(!redact("客户：一共退500元，退到\(card)这张卡上。").contains(card))
        // A number given as an example of a format is nobody's.
        for text in ["坐席：证件号要填18位，像110101199003071236这样的格式。", "Agent: the form wants something like 4000 0852 3766 0994, just as an example."] {
            #expect(redact(text) == text)
        }
        // "Agent #4471：" is a label; its digits never join a card said around it.
        let label = redact("871:05 Agent #4471：Which card?\n871:10 Customer：\(card.prefix(8))\n871:15 Agent #4471：go on\n871:22 Customer：\(card.dropFirst(8))")
        #expect(label.contains("Agent #4471：Which card?") && label.contains("Agent #4471：go on") && !label.contains(card.prefix(8)), "\(label)")
    }

    @Test func hotlinesLandlinesAndCorrectedReadBacks() {
        // A 400/800 hotline is nobody's number and no piece of one, even beside a phone said in pieces.
        let hotline = "客户：我打你们 400-679-9246 一直占线，你回我 五三八零，四五八六 吧。"
        #expect(redact("坐席：麻烦说一下手机号。\n" + hotline).contains("400-679-9246"))
        #expect(redact("Agent: call us on 1-800-555-0199 any time.") == "Agent: call us on 1-800-555-0199 any time.")
        // A landline asked for, said in pieces with the agent's echo between.
        let landline = redact("CSR > What number should the plumber ring?\nCUST > You can get me on 010\nCSR > Got that, and then?\nCUST > 4823\nCSR > Sorry, 4823, and then?\nCUST > 7193.")
        #expect(readable(landline, "010", "4823").isEmpty && landline.hasSuffix("CUST > 7193."), "\(landline)")  // its last four shown once
        // The customer corrects a group of the agent's read-back: the corrected group is the number's.
        let corrected = redact("客服：收件人电话留哪个？\n客户：13912345678，您记一下。\n客服：我核对一下，13812345678，对吗？\n客户：错了，是一三九。")
        #expect(!corrected.contains("一三九"), "\(corrected)")
        // "No." abbreviates number: what follows is not a correction of the number before.
        let invoice = "客户：手机13912345678。\n客服：发票号码 No. 38879733，开了两万。"
        #expect(redact(invoice).contains("38879733"))
        // A CSV export and "the best one is".
        let csv = redact("start,speaker,text\n00:43,工作人员,\"麻烦报一下手机号码\"\n00:49,用户,\"我报一下，0086 139，\"\n00:53,用户,\"等一下，我看一下。\"\n00:58,用户,\"1234 5678。\"")
        #expect(csv.contains("00:49,用户,") && readable(csv, "0086", "139", "1234").isEmpty, "\(csv)")
        #expect(redact("Caller: the best one is my office line") == "Caller: the best one is my office line")
        // After a "+" where a phone was asked for, a number that passes no plan's check is still
        // hidden, whole (it may not be complete); its correction too.
        let plus = redact("A: Can I take a callback number?\nB: You can get me on +86 101-6000-0869... wait, the first part's 131.")
        #expect(readable(plus, "101", "6000", "0869", "131").isEmpty, "\(plus)")
        // "in case" is an idiom, no case number; the question names the kind however long it goes on.
        let idiom = redact("<CSR> Can I get a callback number in case we get disconnected?\n<Member> (415) 555-0164.")
        #expect(readable(idiom, "415", "555-").isEmpty, "\(idiom)")
        // A local number without its area code, where a phone was asked for; not a count and a code.
        let local = redact("A：麻烦留个联系电话。\nB：你打我 五三八零，四五八六 就行。")
        #expect(readable(local, "五三八零", "四五八六").isEmpty, "\(local)")
        let code = "A：验证码已经发到您手机上了，六位的，您念一下。\nB：983361。"
        #expect(redact(code) == code)
        // The other party reads back a number's first three digits.
        let head = redact("A: 请问您的手机号是多少？\nB: 我的手机是139\n12345678\nA: 开头是幺三九？\nB: 对对对")
        #expect(!head.contains("幺三九"), "\(head)")
        // A first piece cut off by an aside from the rest, which was hidden already.
        let card = Self.luhnComplete("621700123456789012")
        let cut = redact("坐席：请问您的银行卡号是多少？\n来电者：这张卡是\(card.prefix(4))\n来电者：这个数字有点磨掉了，我看清楚。\n坐席：好的。\n来电者：后面是\(card.dropFirst(4).prefix(4))\n坐席：对\n来电者：最后几位，\(card.dropFirst(8))")
        #expect(readable(cut, String(card.prefix(4)), String(card.dropFirst(4).prefix(4))).isEmpty, "\(cut)")
        // 0086 and a mobile's digits said apart, an aside between.
        let prefixed = redact("坐席：麻烦报一下您预留的手机号码。\n用户：我报一下，0086 139，\n用户：等一下，这个号我不太记得了，我翻一下手机看看。\n用户：1234 5678。")
        #expect(readable(prefixed, "0086", "139", "1234").isEmpty, "\(prefixed)")
    }

    /// `prefix` completed with its Luhn check digit.
    static func luhnComplete(_ prefix: String) -> String {
        let digits = prefix.unicodeScalars.map { Int($0.value) - 48 }
        var sum = 0
        for (k, d) in digits.reversed().enumerated() { sum += k % 2 == 0 ? (d * 2 > 9 ? d * 2 - 9 : d * 2) : d }
        return prefix + String((10 - sum % 10) % 10)
    }

    @Test func phonesInInternationalFormAfterAPlus() {
        let written = redact("Caller: call me on +44 7700 900123 or +852 9123 4567, thanks")
        #expect(readable(written, "7700", "9123", "+44", "+852").isEmpty, "\(written)")
        let said = redact("Caller: it's plus six five\nRep: okay\nCaller: then nine one two three four five six seven")
        #expect(readable(said, "six five", "nine one two three").isEmpty, "\(said)")
        #expect(said.contains("Rep: okay"))
        // An unknown country code, or a length its plan does not have, is not read as a phone.
        #expect(redact("ref +99 1234567890 noted") == "ref +99 1234567890 noted")
        #expect(redact("3 plus 7 is 10, and 12 plus 13 is 25") == "3 plus 7 is 10, and 12 plus 13 is 25")
    }

    @Test("the international prefix 00 in place of \"+\" where a phone is asked for: written, said, cut by the other party, or corrected")
    func phonesAfterTheInternationalPrefix() {
        let written = redact("Rep: And a number we can call you back on?\nCaller: sure, 0061 412 345 678, or my wife's, 001 206 555 0147")
        #expect(readable(written, "412 345", "345 678", "206 555", "555 0147").isEmpty, "\(written)")
        let said = redact("Rep: What number can we call you back on?\nCaller: double oh three three, six one two\nRep: mm-hm\nCaller: three four five six seven eight")
        #expect(readable(said, "six one two", "three four five six").isEmpty, "\(said)")
        let corrected = redact("Rep: Your contact number please.\nCaller: 0065 8123 56, no wait, scratch that, 0065 9345 6781")
        #expect(readable(corrected, "8123 56", "9345 6781").isEmpty, "\(corrected)")
        // An attempt of ten digits given up, with words between it and the number said instead.
        let given = redact("Rep: Your contact number please.\nCaller: 0065 8123 56, no wait, that is old, 0065 9345 6781")
        #expect(readable(given, "8123 56", "9345 6781").isEmpty && given.contains("that is old"), "\(given)")
        // Without a word that asks for a phone, or with a length the country's plan lacks, 00 proves nothing.
        #expect(redact("Rep: your order 0044 7700 900123 ships today") == "Rep: your order 0044 7700 900123 ships today")
        let wrongLength = "Rep: the phone number? Caller: 0065 9123 45678 9"
        #expect(redact(wrongLength).contains("9123 45678"), "\(redact(wrongLength))")
    }

    @Test func aHarmlessNounAfterTheKindDoesNotMakeTheNumberHarmless() {
        let out = redact("Agent: What's the mobile number on the order?\nCaller: one three nine, one two three four, five six seven eight")
        #expect(readable(out, "one three nine", "one two three four").isEmpty, "\(out)")
        // The order's own number stays readable.
        #expect(redact("Agent: your order number is 13912345678, thanks") == "Agent: your order number is 13912345678, thanks")
    }

    @Test func aCorrectionThatKeepsTheHeadOfAGroup() {
        let card = Self.luhnComplete("622848107047426256")  // 19 digits; the caller restarts after 62284
        let out = redact("客户：是这张，62284816，哦不是，\(card.dropFirst(5))")
        #expect(readable(out, "62284", "4816", String(card.dropFirst(5).prefix(6))).isEmpty, "\(out)")
    }

    @Test func aCorrectedTailSaidOnItsOwnLine() {
        let card = Self.luhnComplete("621700123456789012")
        let out = redact("客户：卡号是\(card)。\n坐席：嗯，稍等我查一下。\n客户：不对，刚才说错了，后面是80125。")
        #expect(readable(out, "80125", String(card.prefix(6))).isEmpty, "\(out)")
    }

    @Test func aMisheardReadBackOfAPhoneShowsNoLastDigits() {
        let out = redact("B: Sure, it's one three nine one two three four five six seven eight.\nA: I have 13912345698, correct?")
        #expect(readable(out, "5698", "1391234").isEmpty, "\(out)")
        #expect(out.contains("five six seven eight"), "the number's own last four stay: \(out)")
    }

    @Test func theCheckCharacterAskedForAndSaidApart() {
        // 11010119900307 123 + its check character, computed here.
        let body = "11010119900307123"
        let check = NumberChecks.mod11_2CheckValue(body.unicodeScalars.map { UInt8($0.value - 48) })
        let said = check == 10 ? "X" : String(check)
        let out = redact("Caller: my ID is \(body)\nAgent: And what's at the end?\nCaller: Finishing with \(said).\nAgent: Thanks, 9 is fine.")
        #expect(readable(out, "1101011990", "Finishing with \(said).").isEmpty, "\(out)")
        #expect(out.contains("Agent: Thanks, 9 is fine."))
        // A character that does not complete the digits is not theirs.
        let wrong = check == 3 ? "4" : "3"
        #expect(redact("Caller: my ID is \(body)\nCaller: room \(wrong) please").contains("room \(wrong) please"))
    }

    @Test func phonesInNationalFormElsewhere() {
        let uk = redact("Agent: And a contact number?\nCaller: it's oh seven seven double oh\nAgent: go on\nCaller: nine double oh one two three")
        #expect(readable(uk, "oh seven seven", "nine double oh").isEmpty, "\(uk)")
        // A North American number only where a phone is asked for: the shape alone is too common.
        let asked = redact("Agent: What's the best number to call you on?\nCaller: four one five, five five five, zero one three four")
        #expect(readable(asked, "four one five", "five five five").isEmpty, "\(asked)")
        #expect(redact("Agent: your booking reference is 4155550134") == "Agent: your booking reference is 4155550134")
    }

    @Test func aMisheardReadBackOfACardIsHiddenWholeEvenWhereItLooksLikeALandline() {
        let card = Self.luhnComplete("625807143086422")
        let misheard = "7" + card.dropFirst()
        let out = redact("Caller: the card number is \(card).\nAgent: Okay, \(misheard.prefix(4)) \(misheard.dropFirst(4).prefix(4)) \(misheard.dropFirst(8))?")
        #expect(readable(out, String(card.suffix(4)), String(misheard.prefix(4))).isEmpty, "\(out)")
    }

    @Test func anOldNumberGivenUpForTheRightOne() {
        let out = redact("用户：您记一下，1823318，那是我以前的号码，不对，15661502437。")
        #expect(readable(out, "1823318", "1566150").isEmpty, "\(out)")
    }

    @Test func theSameSpeakerSayingAGroupAgainIsMoreDigits() {
        // 139 8888 8888: the second 8888 is the customer's, not an echo.
        let out = redact("客户：我的手机号是1398888\n坐席：嗯。\n客户：8888")
        #expect(readable(out, "1398888").isEmpty, "\(out)")
        // The agent repeating the last group is an echo, hidden with the piece it repeats.
        let echoed = redact("客户：手机号+861597，\n客服：是1597吧，继续。\n客户：接着是3325926。")
        #expect(readable(echoed, "861597", "1597吧").isEmpty, "\(echoed)")
    }

    @Test func theQuestionOnTheTurnBeforeNamesTheAnswer() {
        // A phone too common in shape to hide alone (North American national, UK without its "+")
        // is hidden when the other party asked for a phone just before.
        let nanp = redact("Agent: Could you confirm the mobile number on the account?\nCaller: Sure, it's 317 265 3663.")
        #expect(readable(nanp, "317 265").isEmpty, "\(nanp)")
        let uk = redact("Sarah: Can I take a contact number for you?\nMr Patel: Sure, it's 4 4 7 8 3 7 3 2 1 5 6 3.")
        #expect(readable(uk, "4 4 7 8").isEmpty, "\(uk)")
        // The answer's own words win: a harmless number named on its line stays.
        let order = redact("Agent: What's your phone number?\nCaller: I'd rather not. My order number is 3172653663.")
        #expect(order.contains("3172653663"), "\(order)")
        // A question two turns back, or an answer that starts far into its line, says nothing.
        let late = redact("Agent: Could you confirm the mobile number?\nCaller: No. I'd like to talk about the fee, it was charged on 3172653663 and again.")
        #expect(late.contains("3172653663"), "\(late)")
    }

    @Test func labelsAreNotContext() {
        // A timestamp after the speaker's name is part of the label, never digits of a number.
        let stamped = redact("张先生 (00:30)：嗯，是131-980，不对不对，131 9843 8906。")
        #expect(stamped.hasPrefix("张先生 (00:30)："), "\(stamped)")
        #expect(readable(stamped, "131-980", "9843").isEmpty, "\(stamped)")
        // "来电人" (the caller) names who speaks, not a phone.
        let caller = redact("00:00:19 来电人：户号是10394444042。")
        #expect(caller.contains("10394444042"), "\(caller)")
        // A harmless word in a label-like field name still counts ("通话ID:" names a call, not a person).
        let header = redact("通话ID: 26858414102922  时长: 05:33")
        #expect(header.contains("26858414102922"), "\(header)")
        // "发票号码": a kind's word compounded onto a harmless noun names a harmless number.
        let invoice = redact("客服：发票号码582086087168，抬头我给您改一下。")
        #expect(invoice.contains("582086087168"), "\(invoice)")
        // A kind named sentences before does not reach a harmless number.
        let card = redact("卡号我记不住。我的订单号是3063220638979904。")
        #expect(card.contains("3063220638979904"), "\(card)")
    }

    @Test func aRepeatOfAMisheardReadBackIsHidden() {
        let out = redact("客户：电话是幺七七 七零二三 幺零幺幺。\n客服：跟您确认一下，是177 7023 9011，对吗？\n客户：不对，是1011，不是9011。")
        #expect(!out.contains("9011"), "\(out)")
        // The misheard read-back shows no last four of its own; the abandoned digits of a
        // correction never stay visible as "last four".
        let uk = redact("客户：手机是 oh seven eight four eight oh oh nine two double six。\nAgent：我 confirm 一下，07818 零零九 266，right？\n客户：不是，是零七848，不是07八幺八。")
        #expect(readable(uk, "7八幺八", "848").isEmpty, "\(uk)")
    }

    @Test func clockTimesAndLabelStylesAreNeverDigits() {
        // Times anywhere in a line, and the many ways transcripts label turns, are not digits of a number.
        for text in ["Support  19:12:56\nYep.", "Tenant（14:27:37）：Sure, it's fine", "客户（13:12:37）：嗯，是的", "It's fine [00:00:12]",
                     "The meeting is at 8:45 pm.", "[1016:16] Admissions: hello", "00:27|Speaker 1|hello"] {
            #expect(redact(text) == text, "\(text)")
        }
        // A number interrupted across turns whatever the labels look like.
        let piped = redact("00:00:15|SPK_1|麻烦报一下您的身份证号码。\n00:00:19|SPK_2|我的身份证号是１５０ １０２，\n00:00:22|SPK_1|嗯嗯。\n00:00:24|SPK_2|嗯，１９９６ １１１０ ４１１９")
        #expect(readable(piped, "１５０ １０２", "１９９６").isEmpty, "\(piped)")
        let offsets = redact("Agent: What's the best number to reach you on? [14.5s]\nCustomer: Sure, it's one three eight... [18.6s]\nCustomer: and three two seven three... [21.3s]\nCustomer: four eight nine three [24.7s]")
        #expect(readable(offsets, "one three eight", "three two seven three").isEmpty, "\(offsets)")
        // A number in angle brackets is no tag label: its digits are read.
        #expect(readable(redact("<13800138000> 我要退款"), "13800138000").isEmpty)
        let tagged = redact("<工号3021> 持卡人身份证号码报一下好吗？\n<客户> 号码是35020319760404...\n<工号3021> 嗯。\n<客户> 嗯，6424")
        #expect(readable(tagged, "35020319760404").isEmpty, "\(tagged)")
        let roles = redact("Lisa (Agent): What's the long number on the front of the card?\nMr. Patel: Sure. six two two six,\nMr. Patel: nine oh two seven four six three six two five eight three.")
        #expect(readable(roles, "six two two six", "nine oh two seven").isEmpty, "\(roles)")
    }

    @Test func nationalNumbersWithTheirTrunkZeroWhenAskedFor() {
        let uk = redact("Agent: What's the best number to reach you on?\nCaller: It's 0117 496 0584.")
        #expect(readable(uk, "0117 496").isEmpty, "\(uk)")
        let au = redact("Agent: And your mobile?\nCaller: 0419 770 599")
        #expect(readable(au, "0419 770").isEmpty, "\(au)")
        // Not asked for: an 11-digit run with a leading 0 stays (a reference, a meter).
        #expect(redact("The meter reads 01174960584 this month.").contains("01174960584"))
        // "batch ID", "通话ID": an identifier, not an identity document.
        #expect(redact("Refund  batch  ID  9300451167927418.").contains("9300451167927418"))
    }

    @Test func aLabelOnItsOwnLineIsNoTurn() {
        // "Speaker B  23.7s" above the turn's text: the label line is not a turn between pieces.
        let text = "Speaker A  10.3s\n回访的话打哪个号码？\nSpeaker B  18.1s\n1391\n你听得清吗？\nSpeaker A  21.6s\n对，全部。\nSpeaker B  23.7s\n234,\nSpeaker A  24.8s\n好的，请继续。\nSpeaker B  27.4s\n嗯，5678。"
        let out = redact(text)
        #expect(readable(out, "1391", "234,").isEmpty, "\(out)")
        #expect(out.contains("Speaker A  21.6s") && out.contains("对，全部。"))
    }

    @Test("a number given in two halves with an aside between them is joined when the halves pass its check together")
    func piecesAcrossAnAside() {
        // 6228 4801 2345 6789 passes Luhn; the customer looks for the card between the halves.
        let zh = redact("A: 请问您的银行卡号是多少？\nB: 这张卡是六二二八，四八零幺... 等一下，我找一下卡。\nA: That's fine.\nB: 好了，二三四五，六七八九\nA: 收到。")
        #expect(readable(zh, "六二二八", "四八零幺", "二三四五", "六七八九").isEmpty, "\(zh)")
        #expect(zh.contains("等一下，我找一下卡") && zh.contains("That's fine."))
        let en = redact("Agent: What's the best phone number to reach you?\nCustomer: You can reach me at one three nine, um, let me think.\nCustomer: Found it, one two three four\nCustomer: last bit, five six seven eight")
        #expect(readable(en, "one three nine", "one two three four").isEmpty, "\(en)")
    }

    @Test("halves that pass a check but were never asked for as that number stay readable")
    func noJoinWithoutTheAsk() {
        // The same digits as an order reference and a quantity: no card was asked for or named.
        let out = redact("A: 您的订单号是多少？\nB: 订单是62284801，等一下我看看。\nA: 好的。\nB: 23456789件。")
        #expect(out.contains("62284801") && out.contains("23456789"), "\(out)")
    }

    @Test("a read-back of a number's tail or head by its place is hidden when it equals it; another number's tail stays")
    func tailAndHeadReadBacks() {
        // 11010519491231002X passes MOD 11-2; 13812345678 is a mobile; 4111 1111 1111 1111 passes Luhn.
        let id = redact("客户：身份证号是11010519491231002X\n坐席：好的，身份证末三位是02X，对吗？\n客户：对。")
        #expect(!id.contains("02X"), "\(id)")
        let head = redact("客户：我手机是138 1234 5678\n坐席：138 开 头的，对吧？")
        #expect(!head.contains("138 开"), "\(head)")
        let card = redact("Customer: the card is 4111 1111 1111 1111\nAgent: so that's the card ending in 1111, right?")
        #expect(!card.contains("ending in 1111"), "\(card)")
        // The tail of a number nobody said here is a notice, not a read-back.
        let notice = redact("客户：我手机是13812345678\n坐席：验证码已经发到您尾号6690的手机上了。")
        #expect(notice.contains("尾号6690"), "\(notice)")
        #expect(redact("Customer: it's 13812345678\nAgent: We'll text the phone ending in 2952.").contains("ending in 2952"))
    }

    @Test("a digit put right by its place is hidden, with the wrong digit it replaces; the place itself stays")
    func digitsPutRightByTheirPlace() {
        let zh = redact("客户：身份证号是11010519491231002X\n坐席：好的。\n客户：不对，第三位是1，不是3。")
        #expect(zh.contains("第三位") && !zh.contains("是1") && !zh.contains("不是3"), "\(zh)")
        let count = redact("客户：身份证号是11010519491231002X，不对，后四位是幺零零二，不是零零幺二。")
        #expect(count.contains("后四位") && !count.contains("幺零零二") && !count.contains("零零幺二"), "\(count)")
        let en = redact("Customer: it's 07700 900123, sorry, the fifth one is a 6 not a 9.")
        #expect(en.contains("the fifth one is a") && !en.contains("a 6") && !en.contains("a 9"), "\(en)")
        let digit = redact("Customer: my mobile is 13812345678\nAgent: OK, 13812345678?\nCustomer: No, the third digit's a two, not a eight.")
        #expect(!digit.contains("a two") && !digit.contains("a eight"), "\(digit)")
        // A digit put right without its place, just after the number: "that four was wrong, it's nine".
        let single = redact("客户：我的手机是13812345678就这个。那个四说错了，是九。")
        #expect(!single.contains("四说") && !single.contains("是九"), "\(single)")
        let asr = redact("客户：我的 手机 是 13812345678 就这 个。 那个 四 说 错 了， 是 九 好的")
        #expect(!asr.contains("四 说") && !asr.contains("是 九"), "\(asr)")
        // An ordinal counting something else, away from any number, stays.
        #expect(redact("It's the third time I've called, and the fifth one is a 6 page letter.").contains("a 6 page"))
    }

    @Test("第N位 and 后N位 name a place or count digits: their numerals are no digits")
    func placeNumeralsAreNoDigits() {
        let out = redact("坐席：身份证号码是18位的，请从第一位开始报，第十五位和后四位最重要。")
        #expect(out.contains("第十五位") && out.contains("后四位"), "\(out)")
    }

    @Test("the start of a number given up for the one said next is hidden with it")
    func abandonedStartBeforeANumber() {
        let en = redact("Agent: Can I take a contact number?\nCustomer: You can get me on 幺五八、七... oh no, that's my old one. The current one's 13912345678.")
        #expect(!en.contains("幺五八") && !en.contains("七..."), "\(en)")
        let zh = redact("客户：我的手机号是一五一六，不对，不对，是13912345678。")
        #expect(!zh.contains("一五一六"), "\(zh)")
        // A speaker label that opens with digits is no piece, and an amount said before a correction stays.
        let label = redact("12333坐席：请报一下卡号。\n参保人：sorry，重来，4111 1111 1111 1111。")
        #expect(label.hasPrefix("12333坐席"), "\(label)")
        #expect(redact("客户：我交了300元，不对，是13912345678这个号交的。").contains("300元"))
    }

    @Test("a UK mobile restarted in its middle after a phone was asked for: the kept head, the attempt and the correction all hidden")
    func ukMobileRestartedMidway() {
        let out = redact("Agent: What's the best number to call you back on?\nCaller: It's 07911, 123\nCaller: no wait, 456, 789")
        #expect(readable(out, "07911", "123", "456").isEmpty, "\(out)")
        // Without a phone asked for, two short groups are no number.
        #expect(redact("We had 07911 visitors, 123 left\nno wait, 456, 789 came").contains("07911"))
    }

    @Test("a country code after + then an aside, the rest on later turns: joined and hidden")
    func countryCodeBeforeAnAside() {
        let out = redact("Agent: what's a good phone number?\nCaller: it's + 3 3 um let me look, it's new\nAgent: sure\nCaller: 6 12\nCaller: 34 56 78")
        #expect(readable(out, "+ 3 3", "6 12", "34 56").isEmpty, "\(out)")
    }

    @Test("a group said in digits then in words, piece by piece after a card was asked for: the whole card hidden, echoes included")
    func echoedGroupsOfACard() {
        let out = redact("what card will you pay with? 4539 four five three nine, ok. then 1488 one four eight eight, right. 0343 and 6467")
        #expect(readable(out, "4539", "four five three nine", "1488", "one four eight eight", "0343").isEmpty, "\(out)")
    }

    @Test("an ID card number asked for is an ID, and its check character said on its own after the 17 digits is hidden")
    func loneCheckCharacterOfAnIDCard() {
        let out = redact("Agent: I need your ID card number please.\nCaller: 11010519491231002, then an X at the end.")
        #expect(!out.contains("an X"), "\(out)")
        let zh = redact("坐席：您的身份证号码？\n客户：11010519491231002\n坐席：最后一位是什么？\n客户：是X。")
        #expect(!zh.contains("是X"), "\(zh)")
        // An X that does not complete the digits (their check is 2 here) stays.
        #expect(redact("Agent: I need your ID card number please.\nCaller: 11010519491231003, and then an X").contains("an X"))
    }

    @Test("part of an ID said again in digits and then in words, one word misheard: both readings hidden")
    func partOfAnIDSaidTwiceOneWordMisheard() {
        let out = redact("Agent: your ID number?\nCaller: 110105 19491231 0038\nAgent: sorry, the middle again?\nCaller: 19491231, one nine four one one two three one")
        #expect(readable(out, "19491231", "one nine four one").isEmpty, "\(out)")
    }

    @Test("a speaker label with a staff number in brackets opens a turn: its 工号 names the speaker, not the card said in pieces after it")
    func labelWithAStaffNumber() {
        let card = Self.luhnComplete("622202123456789012")
        let out = redact("客服(工号4083)：请报一下卡号。\n来电：\(card.prefix(8))……\n客服(工号4083)：嗯，然后呢？\n来电：\(card.dropFirst(8))。")
        #expect(readable(out, String(card.prefix(8)), String(card.dropFirst(8))).isEmpty, "\(out)")
        #expect(out.contains("客服(工号4083)：嗯，然后呢？"))
    }

    @Test("three digits read back on a later turn: a card's tail (both readings of \"X or Y\"), an ID's middle asked about; others stay")
    func threeDigitReadBacks() {
        let card = Self.luhnComplete("622848048207398")
        let tail = String(card.suffix(3)), swapped = String(card.suffix(3).reversed())
        let out = redact("– Which card should the payout go to?\n– Sure, it's \(card).\n– Did you say \(swapped) or \(tail)?\n– \(tail).")
        #expect(readable(out, tail, swapped).isEmpty, "\(out)")
        let id = "11010519491231002X"
        let zh = redact("坐席：身份证号码是多少？\n客户：\(id)\n坐席：中间是194吗？\n客户：对。")
        #expect(!zh.contains("194"), "\(zh)")
        // Three digits that are no part of the number, or an amount, stay readable.
        let others = redact("– Which card should the payout go to?\n– Sure, it's \(card).\n– Is the room 555?\n– And the fee was \(tail) dollars?")
        #expect(others.contains("room 555?") && others.contains("\(tail) dollars"), "\(others)")
        #expect(redact("坐席：身份证号码是多少？\n客户：\(id)\n坐席：手续费194元吗？").contains("194元"))
    }

    @Test("a phone with a digit put right by its place shows no last four: the wrong number's tail with the correction rebuilds it")
    func phoneCorrectedByPlaceShowsNoTail() {
        let out = redact("坐席：您的手机号？\n客户：13715585566。\n客户：第六位是6，不是5。")
        #expect(!out.contains("5566") && !out.contains("13715"), "\(out)")
        let en = redact("Rep: which mobile?\nCaller: 138 2248 3645, no sorry, the last four are 3654, not 3645")
        #expect(readable(en, "3645", "2248").isEmpty, "\(en)")
        // Said once, without a correction, a phone keeps its last four.
        #expect(redact("坐席：您的手机号？\n客户：13715585566。").contains("5566"))
    }

    @Test("a recogniser's space after 一 before a measure word (\"我找 一 下\") is a count in an aside, not a digit that ends the search for an ID's pieces")
    func spacedCountingOneInAnAside() {
        let out = redact("A: Main driver 的 ID number 是？\nB: OK 我读给你，110105，\nB: 等等，我check一下。\nB: 194912，\nB: Sorry， 我找 一 下身 份 证。\nB: 31002X。")
        #expect(readable(out, "110105", "194912", "31002X").isEmpty, "\(out)")
        #expect(out.contains("我找 一 下"))
    }

    @Test("a piece said again after the other party lost it, and gone on from in the same breath: the card is joined across the asides")
    func pieceSaidAgainAndContinued() {
        let card = Self.luhnComplete("622848229763938")
        let (head, middle, tail) = (card.prefix(3), card.dropFirst(3).prefix(8), card.dropFirst(11))
        let out = redact("A: Read me the card number when you're ready.\nB: Right, the card number is \(head)...\nA: Is that debit or credit?\n"
                         + "B: Debit, next is \(middle).\nA: Sorry, you cut out there.\nB: \(middle), \(tail).")
        #expect(readable(out, String(middle), String(tail), "is \(head)").isEmpty, "\(out)")
    }

    @Test("\"you cut out there\" asks to hear it again: the group said again and gone on from replaces the first, and the card is hidden whole")
    func cutOutAsksForTheGroupAgain() {
        // 6228 4811 3355 2906 (Luhn).
        let out = redact("A: Which card is it? Read me the number.\nB: It's six double two eight\nA: The long number on the front, yes?\n"
                         + "B: Yep, four eight double one.\nA: Sorry, you cut out there.\nB: four eight double one, double three double five.\n"
                         + "A: Got that.\nB: and two nine oh six.")
        #expect(readable(out, "double two", "four eight", "double one", "double three", "two nine", "oh six").isEmpty, "\(out)")
        #expect(out.contains("A: Sorry, you cut out there."))
    }

    @Test("a tail put right after a correction with its place named (\"不对，后四位是…\", \"the last bit's …\"): the attempt and the correction hidden as one number")
    func tailCorrectedWithItsPlaceNamed() {
        // 11010519491231002X said with its last four swapped.
        let zh = redact("坐席：请您报一下身份证号码。\n客户：是110105-19491231-200X，不对，后四位是002X，我念反了。")
        #expect(readable(zh, "110105", "19491231", "200X", "002X").isEmpty, "\(zh)")
        let card = Self.luhnComplete("622848113355290")  // 6228481133552906
        let wrong = card.prefix(12) + "9906"
        let en = redact("Could you read me the card number, please? Okay, it's \(wrong)... no, sorry, the last bit's \(card.suffix(4)). Lovely.")
        #expect(readable(en, String(wrong.prefix(8)), String(card.suffix(4))).isEmpty, "\(en)")
    }

    @Test("an ID's first digits hidden by their context word alone, then an aside, then the rest: the rest is joined and hidden")
    func restAfterAHiddenFirstPiece() {
        let out = redact("- **Agent**: What's the number on your resident identity card?\n- **Customer**: Sure, it's 1101 0519 4912 31\n"
                         + "- **Agent**: Hang on, let me grab a pen... okay, go ahead.\n- **Customer**: and 002X.")
        #expect(readable(out, "0519", "002X").isEmpty, "\(out)")
    }

    @Test("a speaker label with its time after two spaces (\"Speaker 1  63:08\") holds no digit of the number said before it")
    func labelWithAlignedTimestamp() {
        let out = redact("Speaker 1  63:04\nCan you read me your Chinese ID number?\nSpeaker 2  63:06\nIt's 11010519491231002\nSpeaker 1  63:08\nHello? Still there?")
        #expect(out.contains("Speaker 1  63:08") && !out.contains("0519"), "\(out)")
    }

    @Test("\"不是X，是Y\" on the turn after a phone: the head said wrong and the head put right are both hidden, no digit of either shown")
    func headPutRightOnTheNextTurn() {
        for (wrong, right, rest) in [("189", "180", "30812988"), ("幺八九", "幺八零", "三零八幺二九八八")] {
            let out = redact("坐席: 请报一下您的手机。\n客户: 我手机号\(wrong)，\(rest)。\n客户: 不对，不是\(wrong)，是\(right)。")
            #expect(out.hasSuffix("客户: 不对，不是" + String(repeating: "*", count: wrong.count + right.count + 2) + "。"), "\(out)")
        }
    }

    @Test("speaker labels on lines of their own above each turn: a tail put right two turns later is hidden with the number, as with inline labels")
    func correctionUnderHeaderLabels() {
        let out = redact("客服小周  00:00:49\n身份证号多少？\n李女士  00:00:53\n身份证号是幺幺〇、幺〇五、幺九四九、幺两三幺、〇〇三八，您记一下。\n"
                         + "客服小周  00:00:59\n嗯，然后呢？\n李女士  00:01:01\n说错了，后面是〇〇二叉。")
        #expect(!out.contains("〇〇二叉") && out.contains("嗯，然后呢？"), "\(out)")
    }

    @Test("an ID said in words with a wrong tail, then \"I mean, ending …\": the spliced number passes its check and replaces the 17-digit reading of the attempt")
    func wordTailCorrectionReplacesAWeakerReading() {
        // 440306198703152813 with its tail said as 2713 first (whose first 17 digits are a plausible ID).
        let out = redact("Kelly: Can I take the resident ID number?\nMs Li: Right, it's four four zero three zero six one nine eight seven zero three one five two seven one three.\n"
                         + "Ms Li: I mean, ending two eight one three.")
        #expect(readable(out, "two eight one three", "four four zero", "seven one three").isEmpty, "\(out)")
    }

    @Test("\"the eighteenth one is a one not a six\": the digit put right is a digit, though \"a one\" is usually the pronoun")
    func onePutRightIsADigit() {
        let card = Self.luhnComplete("622848113355290")  // 6228481133552906
        let words = card.dropLast().map { ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"][Int(String($0))!] }
        let out = redact("A: Which card is it? Read me the number.\nB: Sure: \(words.joined(separator: " ")) one, sorry, the last one is a six not a one.")
        #expect(!out.contains("a six") && !out.contains("a one."), "\(out)")
        let other = redact("A: Which card is it? Read me the number.\nB: Sure: \(words.joined(separator: " ")) one, sorry, the last one is a one not a six.")
        #expect(!other.contains("a one not") && !other.contains("a six"), "\(other)")
        #expect(redact("I want the one not the other") == "I want the one not the other")
    }

    @Test("\"you can get me on …\" asks for a phone: a mobile said in three pieces between asides in one cue is joined and hidden")
    func getMeOnWithAsidesInOneCue() {
        let vtt = "WEBVTT\n\n00:00:37.548 --> 00:00:42.554 position:10% align:left\n<v Advisor>Which mobile should the outage texts go to?</v>\n\n"
            + "00:00:43.610 --> 00:01:00.310 position:10% align:left\n"
            + "<v Client>You can get me on 13, hold on, checking in my settings, 9123456, let me just find my glasses, 78.</v>\n"
        let out = String(decoding: try! TranscriptRedactor().redact(data: Array(vtt.utf8), format: .vtt).data, as: UTF8.self)
        #expect(readable(out, "13,", "9123456", "78.").isEmpty && out.contains("let me just find my glasses"), "\(out)")
    }

    @Test("a card's tail said again and put right in one breath (\"not 1035248323435, it's 1035248323445\"), which reads as one run too long for a number: each piece is hidden")
    func tailPutRightInOneLongRun() {
        let card = Self.luhnComplete("621700103524832344")  // the corrected card
        let wrong = String(card.dropLast(2)) + "35"
        let tail = { (number: String) in String(number.suffix(13)) }
        let out = redact("坐席：您念一下卡号吧。\n客户：Let me grab the card... right, \(wrong)— got that? no wait, not \(tail(wrong)), it's \(tail(card)).")
        #expect(readable(out, tail(wrong), tail(card), wrong).isEmpty, "\(out)")
        // Two long numbers said with words between them, neither the digits of a number found nearby, stay as they were.
        let unrelated = "The batch ran 20250101000001, then it's 20250101000002 for the next."
        #expect(redact(unrelated) == unrelated)
    }

    @Test("a card read slowly over three lines with a dot in each pause (\"6222.6053.10\" / \"12.229，\" / \"2.143\"): the later pieces go on from the dotted number, they are no amounts")
    func dottedCardOverLines() {
        let d = Array(Self.luhnComplete("622260531012229214"))  // 19 digits
        let piece = { (r: Range<Int>) in String(d[r]) }
        let first = piece(0..<4) + "." + piece(4..<8) + "." + piece(8..<10)
        let second = piece(10..<12) + "." + piece(12..<15), third = piece(15..<16) + "." + piece(16..<19)
        let out = redact("[坐席] The gift is taken from a card. Can I take the card number, please?\n[客户] \(first)\n[客户] \(second)，\n[客户] \(third)\n[坐席] Thank you.")
        #expect(readable(out, first, second, third).isEmpty, "\(out)")
        // Prices alone on their lines, after no number grouped with dots, stay prices.
        let prices = "[客户] 一共多少钱？\n[坐席] 12.50\n[坐席] 3.75，\n[客户] 好的。"
        #expect(redact(prices) == prices)
    }

    @Test("a card's first piece, then its tail on the next line, where the tail alone also reads as a short card: the whole card is hidden, not only the tail")
    func firstPieceBeforeATailThatPassesAlone() {
        func luhn(_ digits: String) -> Bool {
            digits.reversed().enumerated().reduce(0) { sum, pair in
                let d = Int(String(pair.element))!
                return sum + (pair.offset % 2 == 1 ? (d * 2 > 9 ? d * 2 - 9 : d * 2) : d)
            } % 10 == 0
        }
        // A UnionPay card whose first six digits weigh 0 in its check, so its 13-digit tail, which
        // starts with 4 as a short Visa does, passes the check on its own as well.
        let card = Self.luhnComplete("622848" + "410877531204")
        let head = String(card.prefix(6)), tail = String(card.dropFirst(6))
        #expect(card.count == 19 && luhn(card) && luhn(tail))
        let out = redact("Rep: Let me read what I have.\nRep: it starts \(head)\nRep: then \(tail) on the account, yes?\nCaller: Yes.")
        #expect(readable(out, head, tail).isEmpty, "\(out)")
        // A short card said whole after a six-digit postcode in another sentence keeps the postcode.
        let short = Self.luhnComplete("401288888881")
        let apart = redact("Caller: The postcode is 310012. The card is \(short).")
        #expect(apart.contains("310012") && !apart.contains(short), "\(apart)")
    }

    @Test("\"the number we have\", \"your number\": a number said with whose it is and no kind is a phone, as after 号码; an order's or a reference's number is not")
    func whoseNumberWithoutAKind() {
        let said = redact("Agent: The number we have for you is nine one seven five, four three eight eight, is that right?\nCaller: yes")
        #expect(readable(said, "nine one seven five", "four three eight eight").isEmpty, "\(said)")
        let written = redact("Agent: and your number is 9175 4388?")
        #expect(!written.contains("9175") && !written.contains("4388"), "\(written)")
        // "the number" alone points back to the kind asked for: here a card.
        let card = Self.luhnComplete("622848113355290")
        let asked = redact("A: Which card is it? Read me the number.\nB: \(card)")
        #expect(!asked.contains(card) && !asked.contains(String(card.suffix(4))), "\(asked)")
        for kept in ["Agent: your order number is 9175 4388.", "Agent: the reference number is 9175 4388.",
                     "Agent: the number of items on the order is 12.", "Agent: your booking number is 20250117."] {
            #expect(redact(kept) == kept)
        }
    }

    @Test("a prompt for another kind after a whole number ends it: the phone given after an ID is its own number, hidden; a prompt naming the kind of a number said in part still joins")
    func promptForAnotherKindEndsTheNumber() {
        let id = "110105198807153219"  // passes MOD 11-2
        let out = redact("Clerk: ID number please.\nGuest: it is \(id)\nClerk: and a contact phone 呢？\nGuest: sure, 2125550148, thanks")
        #expect(!out.contains(id) && !out.contains("212555"), "\(out)")
        let joined = redact("客户: 139 1234\n坐席: 手机号是吧？\n客户: 5678")
        #expect(!joined.contains("139") && !joined.contains("1234"), "\(joined)")
    }

    @Test("an amount word names the amount said right after it: digits given after a word that follows are judged on their own, and the amount stays readable")
    func amountWordGovernsOnlyItsAmount() {
        let mobile = "15829016107"
        for text in ["客户: 上次付了 ¥318，嗯，是 \(mobile)。", "Caller: I paid $318, um, it's \(mobile)."] {
            let out = redact("Agent: a contact number?\n" + text)
            #expect(out.contains("318") && !out.contains(String(mobile.prefix(7))), "\(out)")
        }
        for kept in ["客户: 一共 318，嗯，要 3 个。", "Caller: the total: 318, um, for 2 nights."] {
            #expect(redact(kept) == kept)
        }
    }

    @Test("a local number said whole, then put right whole after \"Oh hang on\": both are hidden; the interjection oh is no zero, a spoken oh between digits or fillers still is")
    func localNumberPutRightAfterAnInterjection() {
        let out = redact("Rep: Best number to reach you on?\nCaller: You can reach me on six two oh four seven seven one three\nRep: Okay, noted.\n"
                         + "Caller: Oh hang on, I got that wrong. It's six two oh four... seven seven one eight.\nRep: Updated.")
        #expect(readable(out, "six two oh four", "seven seven one three", "seven seven one eight").isEmpty, "\(out)")
        let spoken = redact("Rep: and your mobile?\nCaller: it's oh... um... seven seven double oh, nine oh oh one two three")
        #expect(readable(spoken, "seven seven", "nine oh oh").isEmpty && !spoken.contains("oh..."), "\(spoken)")
        #expect(redact("Caller: Oh, I see. Oh well.") == "Caller: Oh, I see. Oh well.")
    }

    @Test("\"what number?\" asks for a phone: the answer in the next turn is hidden, its last four shown")
    func whatNumberAsksForAPhone() {
        let out = redact("Agent: If the alarm goes off, what number?\nCaller: Sure, it's 3125 550 16 7.")
        #expect(!out.contains("3125") && !out.contains("550"), "\(out)")
    }

    @Test("a code of capitals and dashed digit groups (\"CG-46-49749\") is no number's piece, even where an ID is asked for next; \"ID-\" or \"TEL-\" before a number names it")
    func dashedCodeIsNoPiece() {
        let id = "110105198807153219"
        let out = redact("客户: 钢瓶上写着 QX-38-20417，是不是要检验了？\n坐席: 实名购气，身份证号报一下。\n客户: 好的，\(id)。")
        #expect(out.contains("QX-38-20417") && !out.contains(id), "\(out)")
        #expect(!redact("ID-\(id)").contains(id))
        #expect(!redact("TEL-13912345678").contains("1391234"))
    }

    @Test("a number going on on the next line with Chinese numerals and a dash (\"九四九 - four five…\") goes on: the numerals are no speaker's name")
    func numeralsBeforeADashAreNoLabel() {
        let out = redact("Agent > 要留 phone number。\nCustomer > My mobile 是 one five eight……\n\t九四九 - four five seven zero seven。")
        #expect(readable(out, "one five eight", "九四九").isEmpty, "\(out)")
    }

    @Test("a card's last group put right after a correction with its place named (\"哦不是，最后几位是…\"): the card and the new tail are hidden, no weak phone reading of the card's middle shows a tail")
    func cardTailPutRightWithItsPlace() {
        // 19 digits: 6221 4466 0755 8123 899, whose middle (0755 8123 899) reads as a landline too.
        let card = Array(Self.luhnComplete("622144660755812389"))
        let numerals = Array("零一二三四五六七八九")
        let said = { (r: Range<Int>) in String(card[r].map { numerals[Int(String($0))!] }) }
        let wrongTail = said(16..<17) + said(16..<17) + said(18..<19)
        #expect(wrongTail != said(16..<19))
        for cue in ["哦不是，最后几位是", "不对，后三位是"] {
            let out = redact("[坐席] 卡号报一下。\n[来电] 卡号是\(said(0..<4))，\(said(4..<8))，\(said(8..<12))，\(said(12..<16))，\(wrongTail)，\(cue)\(said(16..<19))，没错。")
            #expect(readable(out, said(0..<4), said(4..<8), said(8..<12), said(12..<16), wrongTail, said(16..<19)).isEmpty, "\(out)")
        }
    }

    @Test("an amount queried with \"不对吧？\" or \"that's not right\" before a phone is given is no abandoned attempt at it: the amount stays readable")
    func queriedAmountIsNoAttempt() {
        for (text, amount) in [("客户: 充了 21 度，charge 了我 ¥166，不对吧？\n坐席: OK，手机号码 please。\n客户: 号码是 13912345678。", "166"),
                               ("Caller: you charged me 163 pounds, that's not right?\nAgent: Okay, your mobile please.\nCaller: 07700 900 461.", "163")] {
            let out = redact(text)
            #expect(out.contains(amount) && !out.contains("1391234") && !out.contains("07700"), "\(out)")
        }
    }

    @Test("\"After that one six three five\": a \"one\" after a determiner with two more digit words straight after it is a digit; \"that one, three of them\" keeps the pronoun")
    func oneBeforeMoreDigitsIsADigit() {
        let out = redact("Rep: For the paperwork I'll need your ID number.\nCaller: Okay, it's four four oh one oh two, one nine eight two oh seven one two\nRep: okay\nCaller: After that one six three two.")
        #expect(readable(out, "four four oh one").isEmpty && out.contains("After that *") && !out.contains("that one"), "\(out)")
        // The second word after it may be "o" or "oh": "let me redo that one four o two seven …".
        let redo = redact("Agent: Best number to call you back on?\nCaller: one four o two seven, oops, let me redo that one four o two seven o three three one eight nine")
        #expect(!redo.contains("that one four"), "\(redo)")
        for kept in ["Rep: which one three days ago?", "Caller: I'd like that one, three of them please."] {
            #expect(redact(kept) == kept)
        }
    }

    @Test("digits named as wrong beside the right ones (\"中间是X，不是Y\", \"X, not Y\", \"不是Y，是X\") are no digits of the number: it is built from the right ones, and the wrong ones are hidden with it")
    func digitsNamedAsWrongAreLeftOut() {
        // A mobile said with a wrong middle, put right in the middle of the line: 158 3041 6629.
        let zh = redact("坐席：您的手机号？\n客户：1583014 — 等等，中间是3041不是3014 — 6629")
        #expect(readable(zh, "1583014", "3041", "3014").isEmpty, "\(zh)")
        // Guards (hidden before the negation was read too): "not Y, it's X" before the rest: 139 4471 0926.
        let negatedFirst = redact("客户：手机号139，不是4417，是4471，0926")
        #expect(readable(negatedFirst, "139", "4417", "4471").isEmpty, "\(negatedFirst)")
        // English, after "+" and a country code: +1 212 684 3307, and the read-back of it.
        let en = redact("Caller: +1 212 648, let me start again, the middle bit is 684, not 648, then 3307.\nAgent: So 212, 684, 3307.")
        #expect(readable(en, "212", "648", "684").isEmpty, "\(en)")
        // A whole number, then the wrong one: both hidden, whatever the kind.
        let card = redact("Agent: card number please\nCaller: 4556 7375 8689 9855, not 4556 7375 8689 9885")
        #expect(readable(card, "4556", "9885").isEmpty, "\(card)")
        // Unpunctuated ASR words: "二二七五 不是 二二八五" is as often "no, 2285"; the number said last stands.
        let asr = redact("客户：我的手机号是一三九 二二七五 不是 二二八五 八八四六")
        #expect(readable(asr, "一三九", "二二七五", "二二八五").isEmpty, "\(asr)")
        // Nobody's number: an order number put right stays readable.
        #expect(redact("客户：订单号5521，不是5512，手机号另说。") == "客户：订单号5521，不是5512，手机号另说。")
    }

    @Test("a phone put right in its middle where a phone was asked for, in a plan's shape no strong check confirms (North American): its read-back is hidden as a repeat of the corrected number; no splice runs into a date")
    func middleFixOfAPlanShapedPhone() {
        let out = redact("Agent: What's the best number?\nCaller: 303, 238, sorry, the middle bit is 233, not 238, then 3428.\nAgent: Confirming 303, 233, 3428?")
        #expect(readable(out, "303", "233", "238").isEmpty, "\(out)")
        // Guard: a mobile given in two pieces around "can you hear me?", then a date in the agent's next turn.
        let dated = redact("坐席：留个手机？\n客户：号码是1586273，\n客户：喂，听得到吗？\n客户：9904。\n坐席：好的。\n坐席：8月15号开课。")
        #expect(!dated.contains("1586273") && dated.contains("8月15号开课"), "\(dated)")
    }

    @Test("a label that ends in an arrow or 》, a tag that holds its timestamp (\"<00:01:15 来电>\"), a stamp in minutes and seconds (\"0分16秒 ◆ 客户：\") are labels: their words (来电) name no number, the question above still asks, and turns join across them")
    func labelsEndingInArrowsAndStampedTags() {
        for kept in ["来电人 ⇒ 单号是 eight four eight，four oh seven nine seven six seven two，eight five one，six seven four。",
                     "来电人》单号是 eight four eight，four oh seven nine seven six seven two，eight five one，six seven four。"] {
            #expect(redact(kept) == kept)
        }
        let out = redact("<00:01:12 服务台> 请问您的卡号？\n<00:01:15 来电> 四一三七，二二八九，五五六零，一九零三。")
        #expect(readable(out, "四一三七", "二二八九", "五五六零").isEmpty, "\(out)")
        // A stamp in minutes and seconds (0分16秒), then a bullet, then the label: an ID said over a back-channel.
        for mark in ["", "◆ ", "● ", "★ "] {
            let id = redact("0分13秒 \(mark)坐席：请留一下身份证号。\n0分16秒 \(mark)客户：110105……\n0分20秒 \(mark)坐席：好的。\n0分26秒 \(mark)客户：1988、0715、3219。")
            #expect(readable(id, "110105", "1988", "0715").isEmpty, "\(id)")
        }
    }

    @Test("a long reference read back whole is the same reference, not more digits of it: no window runs from the first mention into the read-back")
    func longReferenceReadBackIsNoMoreDigits() {
        // 9382 9288 2333 3687 8 holds no check's window; said twice in a row, a Luhn window crosses the two.
        let kept = "Caller: The batch, off the box: 9382 9288 2333 3687 8.\nAgent: So, 9382 9288 2333 3687 8?"
        #expect(redact(kept) == kept)
    }

    @Test("a read-back of seven digits or more of a number, exactly, is hidden even where a harmless number was named just before it")
    func exactReadBackAfterAHarmlessNumber() {
        let out = redact("坐席：身份证号码？\n客户：110105198807153219。工单号是GD-40218。\n坐席：我复述一下，110105，1988，0715……\n客户：对。")
        #expect(readable(out, "110105", "1988").isEmpty && out.contains("GD-40218"), "\(out)")
    }

    @Test("\"我说反了\", \"念反了\", \"等下\" put right the digits before them: the head said the wrong way round is hidden with the card")
    func reversedHeadIsAnAttempt() {
        let card = Self.luhnComplete("621700123456789")
        for cue in ["等下，我说反了", "不好意思，念反了"] {
            let out = redact("坐席：卡号？\n客户：六二七一，\(cue)，\(card.prefix(4)) \(card.dropFirst(4).prefix(4)) \(card.dropFirst(8).prefix(4)) \(card.suffix(4))。")
            #expect(readable(out, "六二七一", String(card.prefix(4))).isEmpty, "\(out)")
        }
    }

    @Test("a harmless word whose own number was said before the other party's turn, or in a sentence that ended, names nothing after it: the ID read back there, and its last digit asked about, are hidden; the same speaker trailing off and going on after a back-channel still says the word's number")
    func harmlessWordSpentAtTheOtherPartysTurn() {
        let out = redact("坐席：需要登记您的身份证号。\n客户：110105，19880715三二一，九。工单号是GD-40218。\n坐席：我重复一遍，110105一九八八零七一五三二一……\n客户：对的。\n坐席：九，对吧？\n客户：对。")
        #expect(readable(out, "110105", "一九八八", "九，对吧").isEmpty && out.contains("GD-40218"), "\(out)")
        // Guard: the same speaker's reference said on after a back-channel stays a reference.
        let kept = "坐席：流水号是2083……\n客户：嗯\n坐席：8641 0577 1828 208。"
        #expect(redact(kept) == kept)
        // Unlabelled lines (ASR turns): a sentence that ended with the word's number spends it too;
        // the card read back with two digits swapped on the next line is hidden.
        let card = Self.luhnComplete("621483100257341962")
        var misheard = Array(card)
        misheard.swapAt(2, 3)
        let asr = redact("麻烦给我一下您的银行卡号。\n\(card)。工单号是GD-40218。\n我读一下：\(String(misheard))，对吗？")
        #expect(readable(asr, String(card.prefix(6)), String(misheard.prefix(6))).isEmpty && asr.contains("GD-40218"), "\(asr)")
    }

    @Test("a read-back's first digits said apart before a hesitation (\"so 67... uh, hang on... 12...\") are hidden with the rest when the two together repeat the number")
    func readBackHeadBeforeAHesitation() {
        let out = redact("Agent: I'll need your mobile number.\nCustomer: it's +852 9134 two six eight oh.\nAgent: OK so 91... uh, hang on... 34... erm, two six er, eight oh, right?")
        #expect(readable(out, "91...", "34...").isEmpty, "\(out)")
        // Guard: two digits before a hesitation that do not go on with the number stay.
        let kept = redact("Agent: I'll need your mobile number.\nCustomer: it's +852 9134 two six eight oh.\nAgent: Room 12... uh, hang on... it's 3 nights?")
        #expect(kept.contains("Room 12..."), "\(kept)")
    }

    @Test("a country code joined to the number words by a hyphen (\"1-six one seven…\", \"one-six one seven…\") starts the number: the \"one\" after the hyphenated digit word is no pronoun; \"the 16-digit one\" still is")
    func hyphenatedCountryCodeStartsTheNumber() {
        for code in ["1-six", "one-six"] {
            let out = redact("Agent: Can I grab a contact number?\nCaller: it's \(code) one seven, five one two, two one five one.")
            #expect(readable(out, code, "one seven", "five one two").isEmpty, "\(out)")
        }
        #expect(redact("Caller: I meant the 16-digit one, not the other one.") == "Caller: I meant the 16-digit one, not the other one.")
    }

    @Test("a harmless number said on by the same speaker after the other party's back-channel, with no word of its own, is still the harmless number; another speaker's digits, or a piece a kind is named for, are judged on their own")
    func harmlessNumberGoesOnAfterABackChannel() {
        // 4716 2209 8833 4158 passes Luhn with a Visa prefix: read alone it would be a card.
        let kept = "Agent: The claim reference is 7730...\nCaller: go on\nAgent: 4716 2209 8833 4158."
        #expect(redact(kept) == kept)
        let vtt = try? TranscriptRedactor().redact(data: Array("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Agent>The claim reference is 7730...\n\n00:00:02.000 --> 00:00:03.000\n<v Caller>go on\n\n00:00:03.000 --> 00:00:04.000\n<v Agent>4716 2209 8833 4158.\n".utf8), format: .vtt)
        #expect(vtt.map { String(decoding: $0.data, as: UTF8.self).contains("4716 2209 8833 4158") } == true)
        // Guard: a card the same speaker names after the reference is hidden.
        let named = redact("Agent: The claim reference is 7730...\nCaller: go on\nAgent: and the card is 4716 2209 8833 4158.")
        #expect(!named.contains("4716 2209"), "\(named)")
    }

    @Test("a number word before a spaced dash at the start of an unlabelled line (\"three - two seven two one - …\") is a digit, not a speaker label like \"AGENT - \"")
    func numberWordBeforeADashIsNoLabel() {
        let out = redact("What's the best number to reach you on?\none five\nmm-hm.\nnine - four four seven one - double three six two")
        #expect(readable(out, "one five", "nine - four", "four four seven one").isEmpty, "\(out)")
        // Guard: a name before a spaced dash still opens the turn.
        #expect(redact("AGENT - your mobile please\nCALLER - 139 1234 5678").contains("CALLER - "))
    }

    @Test("six digits or more of the end of the piece just said, said again on the next line where no label shows who speaks, are an echo, not more digits: the mobile is found across it")
    func longEchoWithoutLabels() {
        let out = redact("您的手机号码是多少？\n我看着念啊，（+86）1873 226，\n1873 226……好。\n嗯，然后4091，没了。")
        #expect(readable(out, "1873 226").isEmpty, "\(out)")
        // Guard: the same speaker's short group said again is more digits.
        let four = redact("客户：我的手机是1398888\n坐席：嗯\n客户：8888")
        #expect(!four.contains("1398888"), "\(four)")
    }

    @Test("where a phone was asked for, ten digits in national form are a phone even with an exchange North America has none of (an Indian mobile, 77501 06990); unasked, they stay readable")
    func tenDigitsAnsweringAPhoneQuestion() {
        let out = redact("Agent: what's a good phone number?\nCaller: my number is seven seven five oh, one oh six, double nine oh")
        #expect(readable(out, "seven seven five oh", "one oh six").isEmpty, "\(out)")
        // Guard: the same digits with no phone asked for are no phone.
        let kept = "Agent: the batch is 7750106990."
        #expect(redact(kept) == kept)
    }

    @Test("a \"sorry\" between the pieces of a phone said in one breath is a hesitation when no attempt is a number and all of them together are (\"0437... uh, let me see... 247 um, sorry 171\")")
    func sorryInsideAPhoneIsAHesitation() {
        let out = redact("Agent: Could you give me a contact phone number?\nCaller: 0437... uh, let me see... 247 um, sorry 171.")
        #expect(readable(out, "0437", "247", "171").isEmpty, "\(out)")
        // Guard: an attempt abandoned for the whole number said again still leaves the number's tail only.
        let again = redact("Agent: Could you give me a contact phone number?\nCaller: 0437 274, sorry, 0437 247 171.")
        #expect(readable(again, "0437 274", "0437 247").isEmpty && again.contains("7 171"), "\(again)")
    }

    @Test("\"the wrong line\" is a line of text being read, not an organisation's line: the number said after it is the caller's")
    func readingTheWrongLine() {
        let out = redact("Agent: phone?\nCustomer: 0161 496 0, hang on, I'm reading the wrong line, 0161 946 0372")
        #expect(readable(out, "0161 496 0", "0161 946").isEmpty, "\(out)")
        // Guard: a purpose's line is still an organisation's.
        #expect(redact("Agent: the baggage line is 0161 946 0372.").contains("0161 946 0372"))
    }

    @Test("digits written inside a code, a word on each side (a court case number \"（2023）沪0105执33246号\"), are no pieces of a local number, even where a phone was named before")
    func digitsInsideACodeAreNoPieces() {
        for text in ["电话是2023沪0105执。", "A：我们的客服电话是 021-4184 7177转 9996。\nB：案号是（ 2023）沪 0105执 33246号。"] {
            #expect(redact(text) == text)
        }
        // Guard: eight digits said apart where a phone was asked for are still a local number.
        #expect(redact("坐席：电话？\n客户：是 2023 沪 0105").contains("沪 ****"))
    }

    @Test("number words a recogniser ran together are read however long: an ID's eighteen and a card's sixteen with a \"triple\" in one word")
    func longGluedNumberWords() {
        let id = redact("Agent: ID number?\nCaller: OK, oneonezeroonezerooneoneninesevensixzeroninetwofivezerosixfourzero.")
        #expect(!id.contains("oneonezero"), "\(id)")
        let card = redact("客服：麻烦报一下 card number。\n客户：卡号是 sixtripletwozeroeighttwozerotwosevenninetwosevenonefoursevenzerothreeone，上次付了 57元。")
        #expect(!card.contains("sixtriple") && card.contains("57元"), "\(card)")
        // Guard: a long word of letters that is no number words stays.
        let kept = "Caller: supercalifragilisticexpialidociousandthensomemorelettersthatgoonandon."
        #expect(redact(kept) == kept)
    }

    @Test("a thing named in a statement closed before the number (\"我帮您催下快递。\") names no number: the card after it is judged by its own check; a question asking for the harmless number still governs its answer")
    func harmlessThingInAClosedStatement() {
        let out = redact("客服：查到了，滤芯已经发出，我帮您催下快递。\n客户：钱从5457-6276-0817-9328这张扣的。")
        #expect(!out.contains("5457-6276"), "\(out)")
        // Guard: asked for as a reference, a Luhn-valid run is the reference.
        let kept = "Agent: Could you read me the transaction reference?\nCaller: Right, 5457 6276 0817 9328, that's the lot."
        #expect(redact(kept) == kept)
    }

    @Test("a mobile in international form after 00 (0044 7…, 001 and a North American number) is a phone with no word that asks for one; 00 and a code with no mobile's shape is not")
    func mobileAfterTheInternationalPrefix() {
        let out = redact("Agent: Looking at the system, I have 0044 7279 889094. Has that changed?")
        #expect(readable(out, "0044 7279", "7279 88").isEmpty && out.contains("9094"), "\(out)")
        let nanp = redact("Caller: Hello, it's his wife, sure, it's 001-five six five five five oh six eight oh five.")
        #expect(readable(nanp, "001-five six five").isEmpty, "\(nanp)")
        // Guard: a reference that starts 0044 with no mobile after it stays.
        let kept = "Agent: Looking at the system, I have 0044 1279 889094. Has that changed?"
        #expect(redact(kept) == kept)
    }

    @Test("a phone put together from an attempt and its correction shows no tail unless a strong check confirms it, and a tail said as a correction of a misheard read-back is hidden whole")
    func splicedPhonesShowNoTail() {
        let splice = redact("Agent: your mobile?\nCaller: 0044 7700 916, no wait, the middle is 900, not 916, then 461")
        #expect(readable(splice, "916", "900", "461").isEmpty, "\(splice)")
        for number in ["0044 7700 900 461", "+44 7700 900 461"] {
            let wrong = number.dropLast(2) + "16"
            let out = redact("坐席：手机号？\n客户：\(number)\n坐席：\(wrong)？\n客户：不对，是461")
            #expect(!out.contains("461"), "\(out)")
        }
    }

    @Test("a Chinese compound names its last noun: \"储值卡流水号\" is a serial number, the card only whose; a kind asked for earlier in the sentence still stands over a harmless word after it")
    func chineseCompoundNamesItsLastNoun() {
        let kept = "用户：我这有个储值卡流水号，750530861038788904。"
        #expect(redact(kept) == kept)
        // Guard: the card's own number, named as such, is hidden.
        #expect(!redact("用户：储值卡卡号，6222021234567890128。").contains("6222021234"))
    }

    @Test("two digits after a hidden number are hidden as its correction only in the negation's own sentence: \"that's the one I actually answer. / It tested as 22 carat\" keeps the 22")
    func twoDigitsCorrectOnlyInTheNegationsSentence() {
        let out = redact("CUSTOMER: Use 185 9364 7011, that's the one I actually answer.\nAGENT: It tested as 22 carat.")
        #expect(out.contains("22 carat") && !out.contains("9364"), "\(out)")
        let half = redact("客户：身份证是110101199003074514\n坐席：尾号4514对吗？\n客户：对。\n坐席：sorry，我听错了，改好了。7号那天 half 11 来 fitting。")
        #expect(half.contains("half 11"), "\(half)")
        // Guard: two digits put right in the negation's sentence are hidden ("no, 52").
        let fixed = redact("Agent: your mobile?\nCaller: 07700 900 425\nAgent: 07700 900 425, ending 25?\nCaller: no, 52")
        #expect(!fixed.contains("no, 52"), "\(fixed)")
    }

    @Test("a kind's name that only qualifies the noun after it (\"手机维修\", a phone repair shop) names no number: the agent's job number after it stays readable, and no ID piece joins it")
    func kindQualifyingANounNamesNoNumber() {
        let out = redact("坐席：这里是手机维修，工号 5457。\n客户：身份证是 410105……\n坐席：嗯。\n客户：19900307 4510")
        #expect(out.contains("工号 5457") && readable(out, "410105", "19900307").isEmpty, "\(out)")
        // Guard: a kind asked for earlier in the sentence still stands over a harmless word after it.
        let asked = redact("客户：手机尾号呢，订单号先报一下，13912345678")
        #expect(!asked.contains("1391234"), "\(asked)")
    }

    @Test("part of an ID given where one was asked for, the digits opening the answer, is hidden whole even when the rest never comes (\"身份证号？/ 410105，等一下我找找……\", \"身份证后六位？/ 074510\"); digits after words of their own are not")
    func partOfAnIDAnsweringTheQuestion() {
        for text in ["坐席：身份证号？\n客户：410105，等一下我找找……\n客户：算了，下次吧", "坐席：身份证后六位？\n客户：074510",
                     "Agent: ID number?\nCaller: 410105... hang on, I can't find it, I'll call back"] {
            let out = redact(text)
            #expect(!out.contains("410105") && !out.contains("074510"), "\(out)")
        }
        // Guard: a staff number after a line that only spoke of IDs stays.
        let kept = "Advisor | the ID box takes eighteen characters, the last can be an X.\nAdvisor | My staff number is 9608 if you need to quote it."
        #expect(redact(kept) == kept)
    }

    @Test("a landline with an extension that answers a question for a phone is someone's office line and hidden; one given unasked with an extension is still a switchboard's")
    func extensionAfterAnAnsweredPhone() {
        let out = redact("技术支持：再留一个备用号码吧？\n用户：座机是021-5407-3119，分机816。")
        #expect(!out.contains("5407"), "\(out)")
        // Guard: unasked, with an extension, the line is an organisation's.
        let kept = "Operator: The returns warehouse postcode is 100482; the warehouse phone is 021-53300684 extension 828."
        #expect(redact(kept) == kept)
    }

    @Test("a stamp with a date before its time (\"[2024-05-16 08:10:22] Grower: \", \"2024/05/16 08:11 客户：\") opens a turn: its digits are no piece of the number asked for")
    func datedStampsOpenTurns() {
        let out = redact("[2024-05-16 08:10:09] Support: Could you read me your ID card number?\n[2024-05-16 08:10:22] Grower: Right, it's 41010519900307451.\n[2024-05-16 08:10:26] Support: And the last character?")
        #expect(out.contains("[2024-05-16 08:10:22] Grower:") && !out.contains("4101051990"), "\(out)")
        let phone = redact("2024/05/16 08:10 坐席：手机号？\n2024/05/16 08:11 客户：13912345678")
        #expect(phone.contains("2024/05/16 08:11 客户：") && !phone.contains("1391234"), "\(phone)")
    }

    @Test("the wrong group said first, then put right (\"+1 514 921, middle bit is 991, not 921. Then 3587\"), is no digit of the number: the number is built with the right group, so its read-back is hidden whole")
    func wrongGroupSaidFirstIsReplaced() {
        let out = redact("Agent: And a number we can reach you on?\nCaller: +1 514 921, middle bit is 991, not 921. Then 3587.\nAgent: I have 514 991 3587, is that right?")
        #expect(readable(out, "514", "921", "991", "514 991").isEmpty, "\(out)")
        let words = redact("Agent: your mobile?\nCaller: +1 404 779, let me start again, the middle bit is 979, not 779, then 0580\nAgent: 404, 979, 0580?")
        #expect(readable(words, "404", "979", "779").isEmpty, "\(words)")
    }

    @Test("a phone's last piece shows its digits only when it holds all of the last four: a shorter one (\"…六九三 / 嗯嗯 / 然后 three three two\") is hidden whole")
    func shortLastPieceShowsNothing() {
        let out = redact("租赁部: 您的 mobile number 是多少？\n租户: 嗯，073。\n租赁部: 嗯，OK。\n租户: 然后 幺九。\n租赁部: 嗯嗯，got it。\n租户: six nine three。\n租赁部: 嗯嗯，got it。\n租户: 然后 three three two。")
        #expect(readable(out, "073", "幺九", "six nine three", "three three two").isEmpty, "\(out)")
        // Guard: a last piece of four shows them.
        #expect(redact("A: What's the best number for you?\nB: Yeah, 415 342\nA: mm\nB: 1107").contains("B: 1107"))
    }

    @Test("a few digits that number or count something (\"12栋\", \"2单元\") are no piece of the phone said before them, which is hidden on its own")
    func countedDigitsEndTheChain() {
        for tail in ["我是12栋2单元501的。", "我是2单元501的。"] {
            let out = redact("话务员：您的联系电话是多少？\n来电人：我的手机号是五四二七……\n话务员：嗯，还有呢？\n来电人：四二零四。\n来电人：\(tail)")
            #expect(out.hasSuffix("来电人：\(tail)") && readable(out, "五四二七", "四二零四").isEmpty, "\(out)")
        }
    }

    @Test("打 right before digits says to call them (\"白天打0417，七五四 144就行\"); 打 further back, or 打 of a discount, names no phone")
    func callRightBeforeTheDigits() {
        let out = redact("用户: 白天打0417，七五四 144就行，anytime。")
        #expect(readable(out, "0417", "七五四 1").isEmpty, "\(out)")
        for kept in ["客户：打了8折，一共 1580 元", "客户：我打了三次了，78295759。"] {
            #expect(redact(kept) == kept)
        }
    }

    @Test("\"I'll start over\" between a first attempt after \"plus 65\" and the number said again joins them: the country code carries over, and the attempt is hidden with it")
    func illStartOverCarriesTheCountryCode() {
        let out = redact("Dispatch: What's the best number for you?\nSite lead: plus 65 nine nine five oh, I'll start over, nine nine five zero, five four five oh.")
        #expect(readable(out, "plus 65", "nine nine five oh", "nine nine five zero").isEmpty, "\(out)")
    }

    @Test("lines that only wait for a number being looked for (\"Hang on, let me dig it out.\" / \"Take your time.\" / \"...right...\", 稍等 / 不急) leave the question above them standing")
    func waitingLinesKeepTheQuestion() {
        let out = redact("00:20/Lab desk: Could I grab a contact number?\n00:28/Shooter: Hang on, let me dig it out.\n00:32/Lab desk: Take your time.\n00:34/Shooter: ...right...\n00:40/Shooter: Okay, it's nine two one nine nine eight seven six.")
        #expect(!out.contains("nine two one"), "\(out)")
        let zh = redact("坐席：您的手机号是多少？\n客户：稍等，我找一下。\n坐席：不急。\n客户：139 1234 5678")
        #expect(!zh.contains("139 1234"), "\(zh)")
        // Guard: a line of talk between them ends the question's reach.
        let kept = "A: Could I grab a contact number?\nB: The lounge carpet is about 47 square metres, by the way.\nB: Okay, the membership is nine two one nine nine eight seven six."
        #expect(redact(kept) == kept)
    }

    @Test("lines that get ready to write a number down (\"You got a pen?\" / \"Go ahead.\", \"Okay, ready?\", 你拿笔记一下) leave the question above them standing too")
    func readyLinesKeepTheQuestion() {
        let out = redact("Clerk: What's a good number to text you on?\nParent: You got a pen?\nClerk: Go ahead.\nParent: six five nine eight, two two one four.")
        #expect(!out.contains("six five nine eight"), "\(out)")
        let ready = redact("Clerk: What's a good number to text you on?\nParent: Okay, ready?\nParent: six five nine eight, two two one four.")
        #expect(!ready.contains("six five nine eight"), "\(ready)")
    }

    @Test("the other party reading an answer back (\"Just to confirm, …?\") reads back what the answer was asked for, however the answer was said; a harmless word in the read-back still wins")
    func readBackOfAnAnswerTakesItsQuestion() {
        let asked = "Rep: Which number's best for a callback?\nCaller: Right, 604, 771 — argh, the kids, sorry — the middle is 717, not 771, then 2095.\n"
        let out = redact(asked + "Rep: Just to confirm, six oh four, seven one seven, two oh nine five?")
        #expect(!out.contains("six oh four, seven one seven"), "\(out)")
        // Guard: the read-back names another kind of number: that word, not the question, says what it is.
        let kept = redact(asked + "Rep: Noted, and your order is 5581 0023 17?")
        #expect(kept.hasSuffix("your order is 5581 0023 17?"), "\(kept)")
    }

    @Test("a local phone read back with its area code before it (\"717 2095\" / \"604 717 2095, got it\") is a repeat of it")
    func localPhoneReadBackWithItsAreaCode() {
        let out = redact("Rep: Which number's best for a callback?\nCaller: 717 2095.\nRep: Perfect, 604 717 2095, got it.")
        #expect(!out.contains("604 717") && !out.contains("2095"), "\(out)")
        // Guard: the same digits after a number that is no local phone stay readable.
        let kept = "Rep: What size is the unit?\nCaller: 717 2095.\nRep: Perfect, 604 717 2095, got it."
        #expect(redact(kept) == kept)
    }

    @Test("a handle opens a turn: \"@Agent …\", \"@客户 …\" are speaker labels")
    func handlesAreSpeakerLabels() {
        func end(_ line: String) -> Int { Conversation.labelEnd(Array(line.unicodeScalars.map(\.value)), from: 0) }
        #expect(end("@Agent Thanks for calling") == 7)
        #expect(end("@客户 好的") == 4)
        #expect(end("@Speaker_2 yes") == 11)
        // Guard: no name after the "@", or digits first, is no label.
        #expect(end("@ 5 o'clock") == 0)
        #expect(end("@1390 that's it") == 0)
    }

    @Test("a phone whose tail is put right on its own line (\"…nine three six oh... Not quite, it's five six oh\") shows no last four: they are the digits put right")
    func phoneWithItsTailCorrectedShowsNoTail() {
        let out = redact("Agent: Can I get a callback number?\nCaller: My mobile is oh four four eight one two nine three six oh... Not quite, it's five six oh.")
        #expect(readable(out, "nine three six oh", "five six oh").isEmpty, "\(out)")
    }

    @Test("what the records hold (\"系统里登记的是…\", \"on record\", \"… on file\" right after the digits) names a phone where no kind says which; never a date, nor a harmless number named after it")
    func numbersReadOffTheRecords() {
        let zh = redact("坐席：好的，跟您核对一下，系统里登记的是 646，二九一 七七零三，还用这个吗？")
        #expect(!zh.contains("646") && !zh.contains("二九一"), "\(zh)")
        let en = redact("Rep: We have 416 555 2093 on record, is that still right?")
        #expect(!en.contains("416 555"), "\(en)")
        let after = redact("Rep: I've got seven three one nine, four four eight two on file. Still good?")
        #expect(!after.contains("seven three one nine"), "\(after)")
        // Guards: a date, a harmless number named after the record word, a noun's number further on.
        for kept in ["客服：系统显示您2025-07-21有一笔账单。", "客服：系统里是2025-07-21的订单。", "坐席：系统里的订单号是 88120345。",
                     "Rep: Plot 3488130463 is on file."] {
            #expect(redact(kept) == kept)
        }
    }

    @Test("cut off mid-group, echoed by the other party (\"198后面呢？没听清。\", \"64 what? You broke up.\"), then said again from that group: one number, the echo and the group said twice hidden with it")
    func resumedFromTheEchoedGroup() {
        let zh = redact("坐席：麻烦报一下身份证号。\n客户：好，420106，198——\n坐席：198后面呢？没听清。\n客户：198705，231828。")
        #expect(readable(zh, "420106", "198705", "231828").isEmpty && !zh.contains("：198"), "\(zh)")
        let en = redact("Clerk: And the card number, please?\nCaller: Sure, 4539 1488 0343 64...\nClerk: 64 what? You broke up.\nCaller: 6467, that's the lot.")
        #expect(readable(en, "4539", "64 what", "6467").isEmpty, "\(en)")
        // Guard: a question that names another number asks for a new one; what answers it is no piece.
        let kept = "Clerk: Total was 40.21. What's the order number?\nCaller: 5581 0023."
        #expect(redact(kept) == kept)
    }

    @Test("the other party reading a number back with a digit misheard (\"Was that … nine oh six?\") echoes it: no longer number is made of the two, and the tail put right after it is hidden")
    func misheardReadBackIsAnEcho() {
        let out = redact("Agent: Best number?\nCaller: 0412 338 905.\nAgent: Was that oh four one two, three three eight, nine oh six?\nCaller: Nine oh five.")
        #expect(readable(out, "0412", "oh four one two", "Nine oh five").isEmpty, "\(out)")
        // Guard: three digits answering another question stay readable.
        let kept = redact("Agent: Best number?\nCaller: 0412 338 905.\nAgent: Great. And the house number?\nCaller: 905.")
        #expect(kept.hasSuffix("Caller: 905."), "\(kept)")
    }

    @Test("a question for a count, an amount or a time (\"And how many in the party?\", \"几点到？\") is no back-channel: what answers it is no piece of the number before, nor its correction")
    func questionsForSomethingElseEndTheNumber() {
        let out = redact("Clerk: What's the best number?\nCaller: 415 555 2671.\nClerk: And how many in the party?\nCaller: 148 I think, no, 46.")
        #expect(out.hasSuffix("Caller: 148 I think, no, 46.") && !out.contains("415 555"), "\(out)")
    }

    @Test("more label layouts: stamps in 〔〕 and 《》 (\"〔2.4s〕\", \"《5:36:11 PM》\"), \"A ~> \", \">客服< \"")
    func moreStampBracketsAndLabels() {
        func end(_ line: String) -> Int { Conversation.labelEnd(Array(line.unicodeScalars.map(\.value)), from: 0) }
        #expect(end("〔2.4s〕坐席：您好") == 9)
        #expect(end("《5:36:11 PM》A：您好") == 14)
        #expect(end("A ~> 您好") == 5)
        #expect(end(">客服< 您好") == 5)
        // Guard: a "<" after a name with no ">" before it is no label's end.
        #expect(end("Total < 500 today") == 0)
        // An interruption under these labels: one number.
        for (a, b) in [("《5:36:11 PM》A：", "《5:36:14 PM》B："), ("A ~> ", "B ~> "), (">坐席< ", ">客户< ")] {
            let out = redact("\(a)您的手机号？\n\(b)139 0571\n\(a)嗯\n\(b)2284。")
            #expect(!out.contains("139") && !out.contains("0571"), "\(out)")
        }
    }

    @Test("a header of marks and a name (\"## B\") stands between a question and its answer as a bare label does; \"a number for you\" and \"updates go out by text\" ask for a phone")
    func markdownHeadersAndTextUpdatesAsk() {
        let out = redact("## Desk\nOne more thing: can I grab a contact number for while you're away?\n## Guest\nOkay, so it's 91 44 27 08.")
        #expect(!out.contains("91 44"), "\(out)")
        let text = redact("Agent: And a number for you? Updates go out by text.\nCustomer: Okay, so it's nine seven six three one six eight two.")
        #expect(!text.contains("nine seven six"), "\(text)")
        // Guard: a question for another number under the same headers.
        let kept = "## Desk\nAnd the order number?\n## Guest\nOkay, so it's 91 44 27 08."
        #expect(redact(kept) == kept)
    }

    @Test("labels after a stamp and a mark (\"00:02/Agent/ \", \"8:12:07 AM — Agent: \", \"00:00:02 @坐席: \", \"00:00:03 ▏Agent ▏\"), with doubled arrows or dashes (\"Agent ==> \", \"Agent -- \"), after a hash or a bar (\"#Agent \", \"| Agent | \"), and \"Agent ⟫ \"")
    func labelsAfterStampsAndMarks() {
        func end(_ line: String) -> Int { Conversation.labelEnd(Array(line.unicodeScalars.map(\.value)), from: 0) }
        #expect(end("00:02/Agent/ Hi") == 13)
        #expect(end("8:12:07 AM — Agent: Hi") == 20)
        #expect(end("3.6s — Agent: Hi") == 14)
        #expect(end("00:00:02 @坐席: 您好") == 14)
        #expect(end("00:00:03 ▏Agent ▏Hi") == 17)
        #expect(end("Agent ==> Hi") == 10)
        #expect(end("Agent -- Hi") == 9)
        #expect(end("#Agent Hi") == 7)
        #expect(end("| Agent | Hi") == 10)
        #expect(end("Agent ⟫ Hi") == 8)
        // Guards: digits after a stamp and a dash are no label; a subtraction is none.
        #expect(end("00:02 - 5581 0023") <= 8)
        #expect(end("12 -- 4 = 8") == 0)
        // An English interruption under two of these layouts: one number, its pieces hidden.
        for (a, b) in [("00:00:03 ▏Agent ▏", "00:00:04 ▏Caller ▏"), ("Agent ==> ", "Caller ==> ")] {
            let out = redact("\(a)Best number to reach you on?\n\(b)It's 0412 338\n\(a)Mm-hm.\n\(b)905, that's it.")
            #expect(readable(out, "0412 338", "905").isEmpty, "\(out)")
        }
    }

    @Test("a line with no label takes its speaker from the header above it (\"[00:05] Agent\" / \"    64 what?\", \"## B\"), so echoes and back-channels are told apart under header layouts")
    func headersNameTheLinesBelowThem() {
        let out = redact("[00:03] Agent\n    Card number when you're ready.\n[00:04] Caller\n    Sure, 4539 1488 0343 64...\n[00:05] Agent\n    64 what? You broke up.\n[00:06] Caller\n    6467, that's the lot.")
        #expect(readable(out, "4539", "64 what", "6467").isEmpty, "\(out)")
        let md = redact("## Agent\nBest number to reach you on?\n## Caller\nIt's 0412 338\n## Agent\nMm-hm.\n## Caller\n905, that's it.")
        #expect(readable(md, "0412 338", "905").isEmpty, "\(md)")
    }

    @Test("a phone said again with two digits swapped (\"…123 456, sorry, I transposed two, …123 465\") shows no tail, neither time; \"make that 424\" corrects a group")
    func swappedDigitsAndMakeThat() {
        let swapped = redact("Agent: Mobile?\nCaller: 07911 123 456, sorry, I transposed two, 07911 123 465.")
        #expect(readable(swapped, "456", "465", "07911").isEmpty, "\(swapped)")
        let make = redact("Agent: Phone number?\nCaller: nine one seven, four four two, make that four two four, eight eight one three.")
        #expect(readable(make, "nine one seven", "four four two", "four two four", "eight eight one").isEmpty, "\(make)")
        // Guards: a read-back said the same way keeps the tail once; "make that" between counts stays readable.
        let same = redact("Agent: Phone?\nCaller: It's 415 555 2671.\nAgent: So 415 555 2671?\nCaller: Yes.")
        #expect(same.contains("2671.\nAgent"), "\(same)")
        let kept = "Agent: How many seats?\nCaller: Four, make that five."
        #expect(redact(kept) == kept)
    }

    @Test("corrections said in other words (\"搞混了\", \"说岔了\", \"口误\", \"从头来\") hide the attempt they abandon; digits before a room or a night (\"383房\", \"3晚\") number nothing")
    func otherCorrectionWordsAndRooms() {
        for word in ["搞混了", "说岔了", "记混了", "口误"] {
            let out = redact("坐席：留个电话吧。\n客户：幺三七，二零八一……\(word)，二零八四，五五一九")
            #expect(readable(out, "幺三七", "二零八一").isEmpty, "\(word): \(out)")
        }
        let restart = redact("坐席：手机号多少？\n客户：001 四一五，二六三——哎，从头来：四一五，二六三，七七零八")
        #expect(readable(restart, "四一五，二六三——").isEmpty, "\(restart)")
        let room = "甲：晚上可以打95490。\n乙：能看监控吗？\n甲：可以，383房，住3晚每天发视频。"
        #expect(redact(room) == room)
        // Guard: the same words with no number around them are only words.
        let words = "客户：我搞混了日期，不好意思口误。"
        #expect(redact(words) == words)
    }

    @Test("a doubled dash between spaces ends a speaker label (\"Front desk —— \"), so a turn handed to another voice is read as theirs; a single dash is prose's")
    func doubledDashLabels() {
        func end(_ line: String) -> Int { Conversation.labelEnd(Array(line.unicodeScalars.map(\.value)), from: 0) }
        #expect(end("Front desk —— Hi") == 14)
        #expect(end("客服 ⸺ 您好") == 5)
        #expect(end("Sure — it's 5") == 0)
        #expect(end("three —— four") == 0)
        let out = redact("Front desk —— We need the ID number of the person on the contract.\nParent —— Hang about, I will pass you to my partner.\nPartner —— Hello, it is me now, 110105194912\nPartner —— 31002X.")
        #expect(readable(out, "110105194912", "31002X").isEmpty, "\(out)")
    }

    @Test("\"我再完整报一遍\" and \"sorry, properly this time\" restart the number; a one-digit echo that asks what follows (\"Six and then what?\", \"Six?\") is no digit of the card, said again or not (the checks decide)")
    func restartsInOtherWordsAndOneDigitEchoes() {
        let zh = redact("坐席：到时候联系哪个号码？\n客户：加九一 62933，哎说岔了， 60533- 71……我再完整报一遍： 60933- 71610")
        #expect(readable(zh, "62933", "60533", "71……", "60933").isEmpty, "\(zh)")
        let en = redact("A: What's the best number to reach you on?\nB: 0086 five seven four— sorry, properly this time: five seven four - eight one three one - four four three six")
        #expect(readable(en, "five seven four", "eight one three one").isEmpty, "\(en)")
        // 6222029179416777111 and 6222029179416600008 both pass Luhn: the caller repeats the six, or goes on.
        let again = redact("A: Which card? The long number on the front, please.\nB: six two two two zero two nine one seven nine four one six——\nA: Sorry, six and then what?\nB: 六七七七一一一。")
        #expect(readable(again, "six two two", "nine four one six", "六七七七").isEmpty, "\(again)")
        let on = redact("A: Which card?\nB: 6222 0291 7941 6——\nA: Six?\nB: Yes, six, then 600008.")
        #expect(readable(on, "6222", "7941", "600008").isEmpty, "\(on)")
        // Guard: a count echoed is no echo of the card said before it.
        let count = redact("A: How many kids?\nB: 4111 1111 1111 1111 is the card, and kids, 2\nA: 2?\nB: Yes.")
        #expect(count.hasSuffix("kids, 2\nA: 2?\nB: Yes."), "\(count)")
    }

    @Test("a phone's tail put right by its speaker (\"198 36489869 — sorry, two swapped, 34689869\") hides the first attempt's last four too")
    func tailPutRightHidesTheAttemptsLastFour() {
        let out = redact("A：方便留个 contact number吗？\nB：198 36489869—— sorry，有俩数 swap了， 34689869")
        #expect(readable(out, "9869", "198").isEmpty, "\(out)")
        // Guard: the other party's read-back of the tail leaves the phone's last four showing once.
        let back = redact("A: Mobile?\nB: 198 3468 9869.\nA: 3468 9869, thanks.")
        #expect(back.contains("9869."), "\(back)")
    }

    @Test("a group asked back alone with one digit misheard (\"7282？\" for 7382) is hidden, under \"=== Rep ===\" headers too")
    func misheardGroupAskedBackAlone() {
        let labelled = redact("Rep: Which number should we ring?\nCaller: Sure, 0512 7382 4982.\nRep: 0512?\nCaller: Yep.\nRep: 7282？\nCaller: No, 7382.")
        #expect(readable(labelled, "7282", "7382").isEmpty, "\(labelled)")
        let headed = redact("=== Rep ===\nWhich number should we ring?\n\n=== Caller ===\nSure, 0512 7382 4982.\n\n=== Rep ===\n7282？\n\n=== Caller ===\nNo, 7382.")
        #expect(readable(headed, "7282", "7382").isEmpty, "\(headed)")
        // Guards: a group two digits off, or one said with words around it, is another number.
        let other = redact("Rep: Which number should we ring?\nCaller: Sure, 0512 7382 4982.\nRep: 7211？")
        #expect(other.hasSuffix("7211？"), "\(other)")
        let worded = redact("Rep: Which number should we ring?\nCaller: Sure, 0512 7382 4982.\nRep: And your postcode, 7282?")
        #expect(worded.hasSuffix("7282?"), "\(worded)")
    }

    @Test("\"country code 852, …\" reads the digits after it as after \"+\"; a phone said in one breath with a digit too many (a stutter) is hidden whole, no tail shown")
    func countryCodeWordsAndStutters() {
        let hk = redact("A: What number should the text go to?\nB: Right, so country code 852, five seven five five oh six four two two.")
        #expect(readable(hk, "852", "five seven", "six four two").isEmpty, "\(hk)")
        #expect(hk.contains("country code"), "\(hk)")
        let stutter = redact("A: What number should the text go to?\nB: one three eight eight oh oh one three eight oh oh oh.")
        #expect(!stutter.contains("one") && !stutter.contains("three") && !stutter.contains("eight"), "\(stutter)")
        // Guards: a country code asked about is a code; digits after a number, words apart, are their own.
        let asked = "A: What's the country code for the UK?\nB: It's 44."
        #expect(redact(asked) == asked)
        let apart = redact("A: Number?\nB: 13800138000. I'll be there at 9.")
        #expect(apart.contains("8000. I'll be there at 9."), "\(apart)")
    }

    /// What one pays with names a card ("paid with", "pay by"), not an amount as "paid" does: a
    /// card said over two lines, the second under a mark of the layout's, is one number.
    @Test func whatOnePaysWithIsACard() {
        let out = redact("Rep: and you paid with five four two five two three three four\n  > three oh one oh nine nine oh three, shall I use it again?")
        #expect(readable(out, "five four two five", "three oh one oh").isEmpty && out.contains("shall I use it again?"), "\(out)")
        let amount = "Rep: you paid 4,120 in March and 980 in April."
        #expect(redact(amount) == amount)
    }

    /// An answer to an aside ("Is that your own line? / Yes, mine. Then …") does not stop the number
    /// going on after it.
    @Test func aNumberGoesOnAfterAnAnsweredAside() {
        let out = redact("A: and a number for the driver?\nB: oh two oh\nA: your own line?\nB: Yes, mine. Then seven nine four six one two three four.")
        #expect(readable(out, "oh two oh", "seven nine four six").isEmpty, "\(out)")
    }

    /// A group of a phone put right by its place, turns later ("第三段是…", "the third group was
    /// wrong, it's …"), and a reading named wrong ("说成了…"): neither the new group nor the wrong
    /// one is left readable, nor the tail the first reading showed.
    @Test func aGroupPutRightByItsPlaceTurnsLater() {
        let zh = redact("坐席：留个手机吧。\n客户：一五九 二二七一 四三八八。\n坐席：好，还有地址吗？\n客户：杭州西湖区文三路。\n客户：哦对了，手机第二段是二二七四，刚才说成二二七一了。")
        #expect(readable(zh, "二二七四", "二二七一", "四三八八").isEmpty, "\(zh)")
        let en = redact("A: best number?\nB: 0161 496 0753.\nA: And the postcode?\nB: M14 5TP.\nB: Sorry, the third group was wrong, it's 0735.")
        #expect(readable(en, "0735", "0753").isEmpty && en.contains("M14 5TP"), "\(en)")
        // A group named with no number said before it stays readable.
        let none = "A: 第二组是几号桌？\nB: 第二组是12号桌。"
        #expect(redact(none) == none)
    }

    /// Minutes and seconds in primes ("0'20\"", "12′05″") are a stamp: no digits to join to the
    /// number said on the line before.
    @Test func stampsInPrimesAreNoDigits() {
        let out = redact("1'14\" ‖ Rep ‖ 留个电话吧。\n1'16\" ‖ Caller ‖ 嗯……幺三……就是，九一二三四五六七八。\n1'21\" ‖ Rep ‖ 好的。")
        #expect(out.contains("1'21\" ‖ Rep ‖ 好的。") && out.contains("1'16\" ‖ Caller ‖"), "\(out)")
        #expect(!out.contains("幺三") && !out.contains("九一二三"), "\(out)")
        #expect(Conversation.timestampEnd(Array("12′05″ 客服：".unicodeScalars.map(\.value)), at: 0, limit: 10) == 6)
    }

    /// A group put right with a hedge ("第三组应该是…"), and a reading named wrong after it ("…是错的").
    @Test func aGroupPutRightWithAHedgeOrNamedWrongAfter() {
        let out = redact("坐席：卡号请讲。\n客户：6228 4801 2345 6782 010。\n坐席：我核对下。\n客户：第三组应该是2354，2345是错的。")
        #expect(readable(out, "2354", "2345").isEmpty, "\(out)")
    }

    /// A member number that is no phone stays readable; a Chinese shop's member number is often the
    /// member's mobile, and that one stays a phone (会员号 is no harmless word).
    @Test func memberNumbersAreReadUnlessTheyAreMobiles() {
        let member = "Agent: and your member number?\nCaller: member number 4417 2093 8812 is on the card."
        #expect(redact(member) == member)
        #expect(!redact("坐席：您的会员号多少？\n客户：会员号18612345678。").contains("186123"))
    }

    /// Labels in brackets and after marks of other blocks ("‹Caller› ", "Rep ⊳ ", "Modeller ⦙ "),
    /// stamps in milliseconds ("⟦26409ms⟧", "@28910ms Member" above its turn) and marks before a
    /// header or a turn's next line ("※ (22.7s) Account holder", "  ⤷ "): each turn is its
    /// speaker's, so the half of a number said after a back-channel is joined and hidden.
    @Test func labelsStampsAndMarksOfOtherBlocks() {
        let angle = redact("‹客服岗› Can I get 您的手机号？到货了店员打电话通知。\n‹Caller› Sure，oh four five six 69 — \n‹Caller› No no，0456 099 七七四.")
        #expect(readable(angle, "oh four five six", "0456 0").isEmpty, "\(angle)")
        let stamped = redact("⟦26409ms⟧ Showroom ⊳ so which number should we use?\n⟦27001ms⟧ Renovator ⊳ Yeah — +65 eight eight two one…\n⟦30622ms⟧ Showroom ⊳ Mm-hm.\n⟦31478ms⟧ Renovator ⊳ two nine seven four.")
        #expect(readable(stamped, "eight eight two one").isEmpty && stamped.contains("⟦30622ms⟧ Showroom ⊳ Mm-hm."), "\(stamped)")
        let header = redact("@16861ms Team\n  Could I take a contact number?\n\n@37300ms Member\n  There's also 0044 20, 8392, 3263.")
        #expect(readable(header, "0044 20", "8392").isEmpty && header.contains("@37300ms Member"), "\(header)")
        let marked = redact("※ (9.3s) Advisor\n  Could I take a contact number?\n※ (22.7s) Account holder\n  Sure, it's (+1) five one four hmm, seven eight five … hmm, where was I … nine one seven two.")
        #expect(readable(marked, "five one four", "seven eight five").isEmpty, "\(marked)")
        #expect(Conversation.timestampEnd(Array("⟦26409ms⟧ A".unicodeScalars.map(\.value)), at: 0, limit: 11) == 9)
    }

    /// A line that only announces the number ("Right, here it comes:") waits for it, as "hang on"
    /// does: the question above it still asks for a phone.
    @Test func anAnnouncedNumberAnswersTheQuestionAbove() {
        let out = redact("Shop: what's the best number for you?\nBrewer: Right, here it comes:\n056-333-9306")
        #expect(readable(out, "056-333").isEmpty, "\(out)")
    }

    /// "Anything else if that doesn't answer?" asks for another number after a whole one of a phone
    /// plan's shape: the first stays a phone of its own, not a piece of the second. "Is there a backup
    /// number?" asks for a phone; "ignore that" gives up what was said before it.
    @Test func anotherNumberAskedForIsNoPieceOfTheFirst() {
        let out = redact("‹Svc› what's the best number for you?\n‹Cust› (646) 234-8252\n‹Svc› Anything else if that doesn't answer?\n‹Cust› There's also 139 0013 8000.")
        #expect(readable(out, "646) 234", "139 0013").isEmpty, "\(out)")
        let backup = redact("Team: Is there a backup number?\nMember: 0044 20 8392 3263.")
        #expect(readable(backup, "0044 20 8392").isEmpty, "\(backup)")
        let ignored = redact("A: what's the best number for you?\nB: (+86), 137 3881, ignore that — 137 3891 1817, that's it.")
        #expect(readable(ignored, "137 3881", "3891 1").isEmpty, "\(ignored)")
    }

    /// The other party's apology in a turn that goes on to ask for a number ("Sorry，今天补寄。/ 麻烦报下
    /// 身份证号") gives up nothing said before it: the order's figures stay readable.
    @Test func anApologyBeforeAnotherQuestionAbandonsNothing() {
        let out = redact("A: what can I do for you?\nB: work order SR 4939.\nA: Sorry, we'll redo it. card number please?\nB: OK, 5518 9179 9900 1257.")
        #expect(out.contains("SR 4939") && readable(out, "5518 9179").isEmpty, "\(out)")
    }

    /// A harmless thing asked for without a question mark ("麻烦报下 case reference。", "请提供订单号。")
    /// makes the answer its number: left readable, as after a question.
    @Test func aRequestForAHarmlessNumberIsAnsweredByIt() {
        let out = "Customer: 麻烦报下case reference。\nAgent: OK，9247 0433 5898 9818 3913。"
        #expect(redact(out) == out)
        let order = "客户：请提供订单号。\n坐席：好的，6222 0202 0000 1234 5678。"
        #expect(redact(order) == order)
    }

    /// More layouts read as labels: separators of the mathematical and technical blocks ("Desk ⫽ ",
    /// "Svc ⋙ ", "Team ⌁ "), stamps between ⊢ ⊣ or after "T+", corner brackets ("⌜Name⌟ "), a
    /// single dash after a name that follows a stamp ("[1.0s] Agent — "), a header holding a stamp in
    /// milliseconds ("※ (3300ms) Advisor") and a stamp in brackets after the name ("Rep (at 10200ms) ⟹ "):
    /// a card said in two halves around "Yes, go on." is hidden whole in each.
    @Test(arguments: ["{n} ⫽ {x}", "{n} ⋙ {x}", "T+00:0{k} ⌁ {n} ⌁ {x}", "{n} ⊢{k}.0s⊣ {x}", "⌜{n}⌟ {x}", "[{k}.0s] {n} — {x}",
                      "※ ({k}300ms) {n}\n{x}", "{n} (at {k}0200ms) ⟹ {x}"])
    func moreLayoutsAreLabels(_ layout: String) {
        let turns = [("Advisor", "Could I have the card number, please?"), ("Member", "It's 4111 1111"), ("Advisor", "Yes, go on."),
                     ("Member", "1111 1111."), ("Advisor", "Thanks.")]
        let text = turns.enumerated().map { k, turn in
            layout.replacingOccurrences(of: "{n}", with: turn.0).replacingOccurrences(of: "{x}", with: turn.1)
                .replacingOccurrences(of: "{k}", with: String(k + 1))
        }.joined(separator: "\n")
        let out = redact(text)
        #expect(readable(out, "4111 1111", "1111 1111.").isEmpty && out.contains("Yes, go on."), "\(out)")
    }
}
