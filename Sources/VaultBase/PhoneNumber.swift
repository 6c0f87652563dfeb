import Foundation

/// A telephone number normalised to E.164 (`+8613812345678`).
///
/// The clear number must never be written to disk or to a log: store a pseudonym
/// (see `VaultCrypto.Pseudonymizer`) and show ``masked``.
public struct PhoneNumber: Hashable, Sendable {
    /// The country calling code, e.g. `86`.
    public let countryCode: String
    /// The national significant number, without trunk prefix, e.g. `13812345678`.
    public let nationalNumber: String

    /// The number in E.164 form, e.g. `+8613812345678`.
    public var e164: String { "+" + countryCode + nationalNumber }

    /// The national number with every digit but the last four hidden, e.g. `*******5678`.
    public var masked: String {
        String(repeating: "*", count: max(0, nationalNumber.count - 4)) + nationalNumber.suffix(4)
    }

    /// Why a text is not a phone number.
    public enum ParseError: Error, Equatable, Sendable, CustomStringConvertible {
        /// Characters other than digits, spaces, dashes, dots, parentheses and a leading `+`.
        case invalidCharacters
        /// Too few or too many digits for an E.164 number.
        case invalidLength(Int)

        public var description: String {
            switch self {
            case .invalidCharacters: "a phone number may hold only digits, spaces, dashes, dots, parentheses and a leading +"
            case .invalidLength(let n): "\(n) digits is not a valid phone number length (E.164 allows 8 to 15 with the country code)"
            }
        }
    }

    /// Parses and normalises a number as people and dialers write it: digits with any of
    /// spaces, dashes, dots and parentheses between them, and `+` before the first digit.
    ///
    /// - `+86 138-1234-5678` and `0086 13812345678` name the country explicitly;
    /// - a national number (`13812345678`, or `010 6552 9988` with its trunk `0`) takes
    ///   `defaultCountryCode`;
    /// - for the default country `86`, a bare `8613812345678` (13 digits) is read as international.
    /// - Parameter defaultCountryCode: the country calling code of national numbers (default `86`, China).
    public init(parsing text: String, defaultCountryCode: String = "86") throws(ParseError) {
        var digits = ""
        var sawPlus = false
        for ch in text {
            if ch.isASCII, ch.isNumber { digits.append(ch) }
            else if ch == "+", digits.isEmpty, !sawPlus { sawPlus = true }
            else if " -.()".contains(ch) { continue }
            else { throw .invalidCharacters }
        }
        var international: String?
        if sawPlus { international = digits }
        else if digits.hasPrefix("00") { international = String(digits.dropFirst(2)) }
        else if defaultCountryCode == "86", digits.count == 13, digits.hasPrefix("861") { international = digits }
        if let international {
            let cc = Self.countryCode(prefixOf: international)
            self.countryCode = cc
            self.nationalNumber = String(international.dropFirst(cc.count))
        } else {
            self.countryCode = defaultCountryCode
            self.nationalNumber = digits.hasPrefix("0") ? String(digits.drop { $0 == "0" }) : digits
        }
        let total = countryCode.count + nationalNumber.count
        guard (8...15).contains(total), nationalNumber.count >= 4 else { throw .invalidLength(total) }
    }

    /// The country calling code at the start of an international digit string.
    /// E.164 codes are prefix-free: `1` and `7` stand alone, a fixed set has two digits, the rest three.
    static func countryCode(prefixOf digits: String) -> String {
        if oneDigitCodes.contains(String(digits.prefix(1))) { return String(digits.prefix(1)) }
        if twoDigitCodes.contains(String(digits.prefix(2))) { return String(digits.prefix(2)) }
        return String(digits.prefix(3))
    }

    private static let oneDigitCodes: Set<String> = ["1", "7"]
    private static let twoDigitCodes: Set<String> = [
            "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46", "47",
            "48", "49", "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63", "64", "65",
            "66", "81", "82", "84", "86", "90", "91", "92", "93", "94", "95", "98",
    ]
}

extension PhoneNumber: CustomStringConvertible {
    /// The masked form: printing a number never shows it in clear.
    public var description: String { masked }
}
