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
}
