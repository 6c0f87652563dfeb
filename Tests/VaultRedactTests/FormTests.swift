import Testing
@testable import VaultRedact

/// One test per spoken or written form (numbers are synthetic, with valid check digits).
@Suite struct FormTests {
    let redactor = TextRedactor()

    func kinds(_ text: String) -> [SensitiveNumberKind] { redactor.redact(text).spans.map(\.kind) }

    @Test func arabicGroupedAndFullWidth() {
        #expect(kinds("手机13912345678") == [.phone])
        #expect(kinds("phone 139 1234 5678") == [.phone])
        #expect(kinds("phone 139-1234-5678") == [.phone])
        #expect(kinds("电话１３９１２３４５６７８") == [.phone])
        #expect(redactor.redact("13912345678").text == "*******5678")
    }

    @Test func idNumbersAndCheckCharacters() {
        // 11010519491231002X: MOD 11-2 check character X.
        for x in ["X", "x", "叉", "艾克斯"] {
            #expect(kinds("身份证11010519491231002\(x)") == [.idNumber], "\(x)")
        }
        #expect(kinds("一一零一零五一九四九一二三一零零二叉") == [.idNumber])
        #expect(kinds("one one oh one oh five one nine four nine one two three one oh oh two ex") == [.idNumber])
        #expect(kinds("110105491231002") == [.idNumber])          // old 15-digit form
        #expect(kinds("110105194912310021").isEmpty)                // wrong check digit, no context
        #expect(redactor.redact("身份证号110105194912310021").spans.first?.confidence == .low)
    }

    @Test func cardsPassLuhn() {
        #expect(kinds("4111 1111 1111 1111") == [.bankCard])
        #expect(kinds("4111 1111 1111 1112").isEmpty)
        #expect(kinds("卡号 4111 1111 1111 1112") == [.bankCard])   // fails Luhn, context: low confidence
    }

    @Test func chineseAndEnglishWords() {
        #expect(kinds("幺三九 幺两三四 五六七八") == [.phone])
        #expect(kinds("一三九〇〇〇〇五六七八") == [.phone])
        #expect(kinds("one three nine double oh triple two five six seven") == [.phone])
        let r = redactor.redact("one three nine one two three four five six seven eight")
        #expect(r.text.hasSuffix("five six seven eight") && r.text.hasPrefix("*"))
    }

    @Test func fillersRestartsAndMixedForms() {
        #expect(kinds("一三九，呃，一二三四，嗯，五六七八") == [.phone])
        #expect(kinds("one three nine um one two three four uh five six seven eight") == [.phone])
        #expect(kinds("139 一二三四 five six seven eight") == [.phone])
        let zh = redactor.redact("我的手机号是一三八，不对，一三九一二三四五六七八")
        #expect(zh.spans.first?.start == 6)   // the abandoned 一三八 is hidden too
        let en = redactor.redact("it's one three eight, sorry, one three nine one two three four five six seven eight")
        #expect(en.spans.first?.start == 5)
        #expect(kinds("one three eight I mean one three nine one two three four five six seven eight") == [.phone])
    }

    @Test func prefixesAndLandlines() {
        #expect(redactor.redact("+86 139 1234 5678").spans.first?.start == 0)
        #expect(kinds("0086 13912345678") == [.phone])
        #expect(kinds("86 13912345678") == [.phone])
        #expect(kinds("座机 010-62345678") == [.phone])
        #expect(kinds("0755 2345 6789") == [.phone])
    }

    @Test func negativesStayReadable() {
        for text in ["一共12,345.67元", "2024年3月5日", "2024-03-05 10:30", "验证码123456", "订单号4111111111111111",
                     "tracking number 1Z999AA10123456784", "SF1234567890123", "¥13912345678", "13912345678元",
                     "order number 139 1234 5678", "版本 2024.03.05.1234"] {
            #expect(redactor.redact(text).spans.isEmpty, "\(text.count) scalars")
        }
    }

    @Test func offsetsAreUnicodeScalars() {
        let r = redactor.redact("👩‍👩‍👧 13912345678")
        #expect(r.spans.first?.start == 6)   // 5 scalars of emoji + 1 space
    }

    @Test("a recogniser's chunks joined by commas (139,1234,56,7,八) are one number; thousands and a decimal comma stay amounts")
    func commaJoinedChunks() {
        #expect(kinds("手机号是139,1234,56,7,八") == [.phone])
        #expect(kinds("ID 1,101051949123,100,2X") == [.idNumber])
        for text in ["总共1,234,567元", "it cost 12,345.67", "rate 3,5 percent", "we had 1,234 calls, then 5,678"] {
            #expect(kinds(text).isEmpty, "\(text)")
        }
    }

    @Test("a switchboard with its extension (转, 分机, ext) stays readable; given in answer to a question for a phone it is someone's office line, hidden (its extension alone stays); a landline without one is hidden")
    func switchboardsWithExtensionsStay() {
        for text in ["话务员：有事打前台022-2768 5051，分机5256。", "坐席：招生办电话023-57635251 转 661，工作日都有人。",
                     "The front desk is 021 5330 0684 ext 12."] {
            #expect(kinds(text).isEmpty, "\(text)")
        }
        #expect(kinds("坐席：您的联系电话？\n客户：打我单位0571-4618339 转 7762 就行。") == [.phone])
        #expect(kinds("客户：我的座机是028-2138 5503。") == [.phone])
        #expect(kinds("办公室电话0755-73999857。") == [.phone])
    }

    @Test("dots that group a number: a long whole with three decimals or more, the group after it, digits said one by one; amounts and versions stay")
    func dotsThatGroupANumber() {
        let card = ConversationTests.luhnComplete("622848113355290")
        #expect(kinds("卡号\(card.prefix(8)).\(card.dropFirst(8))") == [.bankCard])
        #expect(kinds("卡号\(card.prefix(4)).\(card.dropFirst(4).prefix(4)).\(card.dropFirst(8))") == [.bankCard])
        #expect(kinds("手机1391234.5678") == [.phone])
        #expect(kinds("卡号是" + card.map { String($0) }.joined(separator: ".")) == [.bankCard])
        // Four digits one by one after a space are grouped (the first one counted too).
        #expect(kinds("手机号是139 1234 5.6.7.8") == [.phone])
        for text in ["总价1234.56元", "app version 13.8.1234.5678", "version 1.2.3", "pi is 3.14159", "共计12.345公斤"] {
            #expect(kinds(text).isEmpty, "\(text)")
        }
    }

    @Test("a correction word a recogniser ran onto the digits (\"６２９no wait, …\") marks an abandoned start, not an alphanumeric code")
    func correctionRunOntoDigits() {
        let out = redactor.redact("A: Can I take the resident ID number?\nB: Right, it's ６２９no wait, １１０１０５１９４９１２３１００２Ｘ").text
        #expect(!out.contains("６２９") && !out.contains("１１０１"), "\(out)")
        #expect(kinds("Order SF1234no more").isEmpty && kinds("code 7788wait").isEmpty)
    }
}
