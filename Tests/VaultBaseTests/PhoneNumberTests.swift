import Testing
import VaultBase

@Suite("Phone number normalisation")
struct PhoneNumberTests {
    @Test("written forms of one Chinese mobile normalise to the same E.164", arguments: [
        "+8613812345678", "+86 138 1234 5678", "0086 138-1234-5678", "13812345678", "8613812345678", "(+86) 138.1234.5678",
    ])
    func chineseMobile(text: String) throws {
        let number = try PhoneNumber(parsing: text)
        #expect(number.e164 == "+8613812345678")
        #expect(number.countryCode == "86")
        #expect(number.masked == "*******5678")
    }

    @Test("a landline drops its trunk prefix")
    func landline() throws {
        let number = try PhoneNumber(parsing: "010 6552 9988")
        #expect(number.e164 == "+861065529988")
        #expect(number.masked == "******9988")
    }

    @Test("other countries keep their own code", arguments: [
        ("+1 415 555 0134", "1", "4155550134"), ("+44 20 7946 0958", "44", "2079460958"), ("+852 2123 4567", "852", "21234567"),
    ])
    func international(text: String, cc: String, national: String) throws {
        let number = try PhoneNumber(parsing: text)
        #expect(number.countryCode == cc)
        #expect(number.nationalNumber == national)
    }

    @Test("a number printed is never in clear")
    func descriptionIsMasked() throws {
        #expect("\(try PhoneNumber(parsing: "+8613812345678"))" == "*******5678")
    }

    @Test("malformed numbers are refused", arguments: ["12ab34", "+86 138", "1234567890123456789", "", "138-1234-5678 ext 9"])
    func malformed(text: String) {
        #expect(throws: PhoneNumber.ParseError.self) { try PhoneNumber(parsing: text) }
    }

    @Test("the byte parser agrees with the character-by-character reading it replaced, on 20,000 generated texts")
    func agreesWithCharacterReading() {
        /// The reading before the byte parser, kept as the reference.
        func reference(_ text: String, _ defaultCountryCode: String) -> Result<String, PhoneNumber.ParseError> {
            var digits = "", sawPlus = false
            for ch in text {
                if ch.isASCII, ch.isNumber { digits.append(ch) }
                else if ch == "+", digits.isEmpty, !sawPlus { sawPlus = true }
                else if " -.()".contains(ch) { continue }
                else { return .failure(.invalidCharacters) }
            }
            var international: String?
            if sawPlus { international = digits }
            else if digits.hasPrefix("00") { international = String(digits.dropFirst(2)) }
            else if defaultCountryCode == "86", digits.count == 13, digits.hasPrefix("861") { international = digits }
            var cc = defaultCountryCode, national: String
            if let international {
                let one: Set<String> = ["1", "7"]
                let two: Set<String> = ["20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46", "47",
                                        "48", "49", "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63", "64", "65",
                                        "66", "81", "82", "84", "86", "90", "91", "92", "93", "94", "95", "98"]
                cc = one.contains(String(international.prefix(1))) ? String(international.prefix(1))
                    : two.contains(String(international.prefix(2))) ? String(international.prefix(2)) : String(international.prefix(3))
                national = String(international.dropFirst(cc.count))
            } else {
                national = digits.hasPrefix("0") ? String(digits.drop { $0 == "0" }) : digits
            }
            let total = cc.count + national.count
            guard (8...15).contains(total), national.count >= 4 else { return .failure(.invalidLength(total)) }
            return .success("+" + cc + national)
        }
        var generator = SystemRandomNumberGenerator()
        let pieces = ["0", "1", "7", "8", "6", "9", "4", "00", "86", "+", " ", "-", ".", "(", ")", "x", "\u{301}", "中", "\u{FF11}", "\r\n", "٣"]
        for i in 0..<20_000 {
            let text = (0..<Int.random(in: 0...18, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let country = i % 3 == 0 ? "1" : "86"
            let parsed = Result { () throws(PhoneNumber.ParseError) -> String in try PhoneNumber(parsing: text, defaultCountryCode: country).e164 }
            #expect(parsed == reference(text, country), "\(text.debugDescription) with default \(country)")
        }
    }
}
