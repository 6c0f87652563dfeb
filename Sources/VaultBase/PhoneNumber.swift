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
        // Byte by byte: every accepted character is ASCII, so any other byte is refused (a
        // character with a combining mark included, as the digit or space before it).
        var digits = [UInt8]()
        digits.reserveCapacity(text.utf8.count)
        var sawPlus = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digits.append(byte)
            case UInt8(ascii: "+") where digits.isEmpty && !sawPlus: sawPlus = true
            case UInt8(ascii: " "), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "("), UInt8(ascii: ")"): continue
            default: throw .invalidCharacters
            }
        }
        var international: ArraySlice<UInt8>?
        if sawPlus { international = digits[...] }
        else if digits.starts(with: "00".utf8) { international = digits.dropFirst(2) }
        else if defaultCountryCode == "86", digits.count == 13, digits.starts(with: "861".utf8) { international = digits[...] }
        if let international {
            let length = Self.countryCodeLength(prefixOf: international)
            self.countryCode = String(decoding: international.prefix(length), as: UTF8.self)
            self.nationalNumber = String(decoding: international.dropFirst(length), as: UTF8.self)
        } else {
            self.countryCode = defaultCountryCode
            self.nationalNumber = String(decoding: digits.drop { $0 == UInt8(ascii: "0") }, as: UTF8.self)  // the trunk prefix
        }
        let total = countryCode.count + nationalNumber.utf8.count
        guard (8...15).contains(total), nationalNumber.utf8.count >= 4 else { throw .invalidLength(total) }
    }

    /// The length of the country calling code at the start of an international digit string.
    /// E.164 codes are prefix-free: `1` and `7` stand alone, a fixed set has two digits, the rest three.
    static func countryCodeLength(prefixOf digits: ArraySlice<UInt8>) -> Int {
        guard let first = digits.first else { return 0 }
        if first == UInt8(ascii: "1") || first == UInt8(ascii: "7") { return 1 }
        if digits.count >= 2, twoDigitCodes.contains(Int(first - 0x30) * 10 + Int(digits[digits.startIndex + 1] - 0x30)) { return 2 }
        return min(3, digits.count)
    }

    private static let twoDigitCodes: Set<Int> = [
            20, 27, 30, 31, 32, 33, 34, 36, 39, 40, 41, 43, 44, 45, 46, 47,
            48, 49, 51, 52, 53, 54, 55, 56, 57, 58, 60, 61, 62, 63, 64, 65,
            66, 81, 82, 84, 86, 90, 91, 92, 93, 94, 95, 98,
    ]
}

extension PhoneNumber: CustomStringConvertible {
    /// The masked form: printing a number never shows it in clear.
    public var description: String { masked }
}
