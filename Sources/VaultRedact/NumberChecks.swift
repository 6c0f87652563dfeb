/// The check-digit and plausibility rules that decide whether a digit string is a sensitive number.
///
/// Digits are values 0–9; 10 stands for the check character X.
enum NumberChecks {
    /// ISO 7064 MOD 11-2 over an 18-character resident ID (last value 10 = X).
    static func mod11_2(_ d: ArraySlice<UInt8>) -> Bool {
        guard d.count == 18 else { return false }
        let weights: [Int] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        var sum = 0
        var i = d.startIndex
        for w in weights {
            let v = d[i]
            if v > 9 { return false }
            sum += Int(v) * w
            i += 1
        }
        let expected = (12 - sum % 11) % 11  // 10 is X
        return Int(d[d.endIndex - 1]) == expected
    }

    /// The check character (0–9, or 10 for X) that completes 17 ID digits.
    static func mod11_2CheckValue(_ d: [UInt8]) -> UInt8 {
        let weights: [Int] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        var sum = 0
        for (v, w) in zip(d, weights) { sum += Int(v) * w }
        return UInt8((12 - sum % 11) % 11)
    }

    /// The Luhn check over all digits (the last one is the check digit).
    static func luhn(_ d: ArraySlice<UInt8>) -> Bool {
        var sum = 0
        var double = false
        for v in d.reversed() {
            if v > 9 { return false }
            var x = Int(v)
            if double { x *= 2; if x > 9 { x -= 9 } }
            sum += x
            double.toggle()
        }
        return sum % 10 == 0
    }

    /// Whether the first two digits are a PRC province-level region code.
    static func plausibleRegion(_ a: UInt8, _ b: UInt8) -> Bool {
        switch a {
        case 1: return (1...5).contains(b)
        case 2: return (1...3).contains(b)
        case 3: return (1...7).contains(b)
        case 4: return (1...6).contains(b)
        case 5: return (0...4).contains(b)
        case 6: return (1...5).contains(b)
        case 7: return b == 1
        case 8: return (1...3).contains(b)
        case 9: return b == 1
        default: return false
        }
    }

    /// Whether year/month/day form a real calendar date.
    static func plausibleDate(year: Int, month: Int, day: Int) -> Bool {
        guard (1...12).contains(month), day >= 1 else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return day <= days
    }

    private static func number(_ d: ArraySlice<UInt8>, _ from: Int, _ count: Int) -> Int {
        var v = 0
        for i in 0..<count { v = v * 10 + Int(d[d.startIndex + from + i]) }
        return v
    }

    /// Region code and birth date (YYYYMMDD at 6..<14, 1900–2029) of an 18-character ID are plausible.
    static func plausibleID18(_ d: ArraySlice<UInt8>) -> Bool {
        guard plausibleRegion(d[d.startIndex], d[d.startIndex + 1]) else { return false }
        let y = number(d, 6, 4)
        guard (1900...2029).contains(y) else { return false }
        return plausibleDate(year: y, month: number(d, 10, 2), day: number(d, 12, 2))
    }

    /// Region code and birth date (YYMMDD at 6..<12, 19YY) of an old 15-digit ID are plausible.
    static func plausibleID15(_ d: ArraySlice<UInt8>) -> Bool {
        guard plausibleRegion(d[d.startIndex], d[d.startIndex + 1]) else { return false }
        return plausibleDate(year: 1900 + number(d, 6, 2), month: number(d, 8, 2), day: number(d, 10, 2))
    }

    /// A card prefix of a known scheme (UnionPay 62, Visa 4, Mastercard 51–55/22–27, Amex 34/37, JCB 35, Diners 30/36/38, Discover 6011/64/65).
    /// A card of 13–15 digits is one of the few schemes issued at that length: Visa's old 13
    /// digits (4…), Diners Club's 14 (300–305, 36, 38), American Express's 15 (34, 37). Other
    /// Luhn-valid runs of that length (IMEIs are 15 digits and Luhn-valid; booking and order
    /// references) are cards only where a card is asked for.
    static func shortCardScheme(_ d: ArraySlice<UInt8>) -> Bool {
        let a = d[d.startIndex], b = d[d.startIndex + 1], c = d[d.startIndex + 2]
        switch d.count {
        case 13: return a == 4
        case 14: return (a == 3 && b == 0 && c <= 5) || (a == 3 && (b == 6 || b == 8))
        case 15: return a == 3 && (b == 4 || b == 7)
        default: return false
        }
    }

    static func knownCardPrefix(_ d: ArraySlice<UInt8>) -> Bool {
        let a = d[d.startIndex], b = d[d.startIndex + 1]
        switch a {
        case 4: return true
        case 5: return (1...5).contains(b)
        case 2: return (2...7).contains(b)
        case 3: return b == 4 || b == 7 || b == 5 || b == 0 || b == 6 || b == 8
        case 6: return b == 2 || b == 4 || b == 5 || (b == 0 && d[d.startIndex + 2] == 1 && d[d.startIndex + 3] == 1)
        default: return false
        }
    }

    /// A PRC mobile number: 11 digits, 1[3-9]…
    static func mobile(_ d: ArraySlice<UInt8>) -> Bool {
        d.count == 11 && d[d.startIndex] == 1 && d[d.startIndex + 1] >= 3 && d[d.startIndex + 1] <= 9 && !d.contains(10)
    }

    /// A PRC mobile after the country code written without a plus: 0086 or 86 and 11 digits.
    static func prefixedMobile(_ d: ArraySlice<UInt8>) -> Bool {
        let s = d.startIndex
        if d.count == 15, d[s] == 0, d[s + 1] == 0, d[s + 2] == 8, d[s + 3] == 6 { return mobile(d.dropFirst(4)) }
        if d.count == 13, d[s] == 8, d[s + 1] == 6 { return mobile(d.dropFirst(2)) }
        return false
    }

    /// A PRC landline without its trunk 0: area code (10, 2x, or 3 digits 3xx–9xx) then a 7–8 digit subscriber number starting 2–9.
    static func landlineWithoutTrunk(_ d: ArraySlice<UInt8>) -> Bool {
        guard d.count >= 9, !d.contains(10) else { return false }
        let a = d[d.startIndex], b = d[d.startIndex + 1]
        let areaLength: Int
        let subscriberLengths: ClosedRange<Int>
        if a == 1 && b == 0 || a == 2 { areaLength = 2; subscriberLengths = 8...8 }
        else if a >= 3 && b >= 1 { areaLength = 3; subscriberLengths = 7...8 }
        else { return false }
        let rest = d.count - areaLength
        guard subscriberLengths.contains(rest) else { return false }
        return d[d.startIndex + areaLength] >= 2
    }

    /// National significant number lengths by country calling code, for numbers written with a
    /// leading "+" (or said "plus"), which says the country code comes first (ITU-T E.164; the
    /// lengths of each plan's mobile and geographic numbers).
    static let nationalLengths: [Int: ClosedRange<Int>] = [
        1: 10...10, 7: 10...10, 20: 10...10, 27: 9...9, 30: 10...10, 31: 9...9, 32: 8...9, 33: 9...9, 34: 9...9, 36: 8...9,
        39: 9...10, 40: 9...9, 41: 9...9, 43: 10...11, 44: 10...10, 45: 8...8, 46: 7...9, 47: 8...8, 48: 9...9, 49: 10...11,
        51: 9...9, 52: 10...10, 53: 8...8, 54: 10...10, 55: 10...11, 56: 9...9, 57: 10...10, 58: 10...10, 60: 9...10, 61: 9...9,
        62: 9...12, 63: 10...10, 64: 8...10, 65: 8...8, 66: 9...9, 81: 10...10, 82: 9...10, 84: 9...10, 86: 11...11, 90: 10...10,
        91: 10...10, 92: 10...10, 93: 9...9, 94: 9...9, 95: 8...10, 98: 10...10, 212: 9...9, 234: 10...10, 254: 9...9,
        351: 9...9, 353: 9...9, 358: 9...10, 852: 8...8, 853: 8...8, 855: 8...9, 856: 9...10, 880: 10...10, 886: 9...9,
        960: 7...7, 966: 9...9, 971: 9...9, 972: 9...9, 974: 8...8, 977: 10...10,
    ]

    /// A number in international form: a country code this table knows, then a national number
    /// of that plan's length that does not start with the trunk 0 (and for +86, a mobile).
    static func international(_ d: ArraySlice<UInt8>) -> Bool {
        guard !d.contains(10) else { return false }
        for codeLength in 1...3 where d.count > codeLength {
            let code = number(d, 0, codeLength)
            guard let lengths = nationalLengths[code], lengths.contains(d.count - codeLength) else { continue }
            let national = d.dropFirst(codeLength)
            if national.first == 0 { continue }
            if code == 86 { return mobile(national) || landlineWithoutTrunk(national) }
            if code == 1, serviceNumber(national) { return false }  // 1-800-…: a business's line
            return true
        }
        return false
    }

    /// The national part of a number in international form (``international(_:)``): what follows
    /// its country code.
    static func nationalPart(_ d: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        guard international(d) else { return nil }
        for codeLength in 1...3 where d.count > codeLength {
            if let lengths = nationalLengths[number(d, 0, codeLength)], lengths.contains(d.count - codeLength) { return d.dropFirst(codeLength) }
        }
        return nil
    }

    /// A number in international form after the international call prefix 00, written or said
    /// where "+" would stand (ITU-T E.164's recommended prefix: 0044 7700 900123, 001 312 555 0151,
    /// 00852 5504 5642): the check after "+" on what follows the 00.
    static func internationalAfterIDD(_ d: ArraySlice<UInt8>) -> Bool {
        d.count > 4 && d[d.startIndex] == 0 && d[d.startIndex + 1] == 0 && international(d.dropFirst(2))
    }

    /// A mobile in international form after the prefix 00, in a plan whose mobiles a national
    /// number's first digit tells (UK 0044 7…, Hong Kong 00852 5/6/9…, Singapore 0065 8/9…,
    /// Australia 0061 4…), or a North American number after 001 (area code and exchange each
    /// 2–9). Specific enough to be a phone with no word that asks for one.
    static func mobileAfterIDD(_ d: ArraySlice<UInt8>) -> Bool {
        guard internationalAfterIDD(d), let national = nationalPart(d.dropFirst(2)), let first = national.first else { return false }
        switch d.count - 2 - national.count {
        case 1: return d[d.startIndex + 2] == 1 && northAmerican(national)
        case 2:
            let code = Int(d[d.startIndex + 2]) * 10 + Int(d[d.startIndex + 3])
            switch code {
            case 44: return first == 7 && national.count == 10 && national[national.startIndex + 1] != 0
            case 65: return first == 8 || first == 9
            case 61: return first == 4
            default: return false
            }
        case 3: return d[d.startIndex + 2] == 8 && d[d.startIndex + 3] == 5 && d[d.startIndex + 4] == 2 && [5, 6, 9].contains(first)
        default: return false
        }
    }

    /// A UK mobile in national form: 11 digits, 07 then 1–9 (07700 900123).
    static func ukMobile(_ d: ArraySlice<UInt8>) -> Bool {
        d.count == 11 && d[d.startIndex] == 0 && d[d.startIndex + 1] == 7 && (1...9).contains(d[d.startIndex + 2]) && !d.contains(10)
    }

    /// A number in national form after its trunk prefix 0, as most plans outside North America
    /// write it (UK 0117 496 0584, Australia 0412 345 678): 10 or 11 digits, one leading 0.
    /// Too common a shape to be a phone without a word that asks for one.
    static func nationalWithTrunk(_ d: ArraySlice<UInt8>) -> Bool {
        (10...11).contains(d.count) && d[d.startIndex] == 0 && d[d.startIndex + 1] != 0 && !d.contains(10)
    }

    /// A North American number in national form: 10 digits, area code and exchange each starting
    /// 2–9 (415 555 0134). Too common a shape to be a phone without a word that asks for one.
    static func northAmerican(_ d: ArraySlice<UInt8>) -> Bool {
        d.count == 10 && d[d.startIndex] >= 2 && d[d.startIndex + 3] >= 2 && !d.contains(10) && !serviceNumber(d)
    }

    /// Ten digits a national plan without a trunk prefix uses: North American (415 555 0134, or
    /// said with an exchange no plan has, 775 010 6990) or an Indian mobile (77501 06990). Weaker
    /// than ``northAmerican(_:)``: a phone only where one was asked for.
    static func tenDigitNational(_ d: ArraySlice<UInt8>) -> Bool {
        d.count == 10 && d[d.startIndex] >= 2 && !d.contains(10) && !serviceNumber(d)
    }

    /// A business's service number, nobody's personal line: 10 digits starting 400 or 800 (PRC
    /// hotlines; 800 is toll-free in North America too, and 400 is no area code there).
    static func serviceNumber(_ d: ArraySlice<UInt8>) -> Bool {
        guard d.count == 10 else { return false }
        let a = d[d.startIndex], b = d[d.startIndex + 1], c = d[d.startIndex + 2]
        return (a == 4 || a == 8) && b == 0 && c == 0
    }
}
