import Foundation

/// One SDES crypto attribute (RFC 4568, `a=crypto:`): the SRTP suite and the master key and salt
/// the endpoint that wrote it sends its SRTP with. The key is never shown: ``description``
/// withholds it, and nothing logs or stores it.
public struct SDESCrypto: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The SRTP crypto suites this build receives (libsrtp2 without OpenSSL: AES counter mode with
    /// HMAC-SHA1; the AES-GCM suites need a libsrtp2 built with OpenSSL).
    public enum Suite: String, Sendable, CaseIterable {
        /// RFC 4568's default: AES-128 counter mode, an 80-bit HMAC-SHA1 tag.
        case aes128HMACSHA1_80 = "AES_CM_128_HMAC_SHA1_80"
        /// AES-128 counter mode, a 32-bit HMAC-SHA1 tag.
        case aes128HMACSHA1_32 = "AES_CM_128_HMAC_SHA1_32"
        /// RFC 6188: AES-256 counter mode, an 80-bit HMAC-SHA1 tag.
        case aes256HMACSHA1_80 = "AES_256_CM_HMAC_SHA1_80"
        /// RFC 6188: AES-256 counter mode, a 32-bit HMAC-SHA1 tag.
        case aes256HMACSHA1_32 = "AES_256_CM_HMAC_SHA1_32"

        /// Master key bytes.
        public var keyLength: Int { self == .aes128HMACSHA1_80 || self == .aes128HMACSHA1_32 ? 16 : 32 }
        /// Master salt bytes (112 bits for every counter-mode suite).
        public var saltLength: Int { 14 }
    }

    /// The attribute's tag (the answer accepts an offered attribute by repeating its tag).
    public var tag: Int
    /// The suite.
    public var suite: Suite
    /// The master key followed by the master salt.
    public var keyAndSalt: [UInt8]

    /// A crypto attribute with these parts.
    public init(tag: Int, suite: Suite, keyAndSalt: [UInt8]) {
        self.tag = tag
        self.suite = suite
        self.keyAndSalt = keyAndSalt
    }

    /// Reads an attribute's value (what follows `a=crypto:`): `TAG SUITE inline:KEY[|LIFETIME]`.
    /// Throws ``SIPError/Code/malformedSDP`` with the reason, which never holds the key, when it
    /// is malformed or asks for what this build does not do: an unknown suite, an MKI, several
    /// keys, or session parameters (`UNENCRYPTED_SRTP`, `KDR=`, …).
    public init(attribute: String) throws {
        let parts = attribute.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard parts.count >= 3, let tag = Int(parts[0]), (0...999_999_999).contains(tag) else {
            throw SIPError(.malformedSDP, "an a=crypto line without a tag, a suite and key parameters")
        }
        guard let suite = Suite(rawValue: String(parts[1]).uppercased()) else {
            throw SIPError(.malformedSDP, "the SRTP suite \(parts[1].prefix(40)) is not supported (\(Suite.allCases.map(\.rawValue).joined(separator: ", ")) are)")
        }
        guard parts.count == 3 else { throw SIPError(.malformedSDP, "SDES session parameters are not supported") }
        let keys = parts[2].split(separator: ";")
        guard keys.count == 1 else { throw SIPError(.malformedSDP, "an a=crypto line with several master keys is not supported") }
        guard keys[0].lowercased().hasPrefix("inline:") else { throw SIPError(.malformedSDP, "an a=crypto key that is not inline:") }
        let fields = keys[0].dropFirst("inline:".count).split(separator: "|", omittingEmptySubsequences: false)
        guard fields.count <= 2, !fields.contains(where: { $0.contains(":") }) else {
            throw SIPError(.malformedSDP, "an a=crypto key with an MKI is not supported")
        }
        if fields.count == 2, !Self.isLifetime(fields[1]) { throw SIPError(.malformedSDP, "an a=crypto key lifetime that is not a number of packets") }
        guard let decoded = Data(base64Encoded: String(fields[0])) else {
            throw SIPError(.malformedSDP, "an a=crypto key that is not base64")
        }
        guard decoded.count == suite.keyLength + suite.saltLength else {
            throw SIPError(.malformedSDP, "an a=crypto key of \(decoded.count) bytes; \(suite.rawValue) takes \(suite.keyLength + suite.saltLength)")
        }
        self.init(tag: tag, suite: suite, keyAndSalt: Array(decoded))
    }

    /// A fresh random key and salt for `suite` (the answer's own: a recorder sends nothing, but
    /// SDES requires each side to state a key).
    public static func random(tag: Int, suite: Suite) -> SDESCrypto {
        var generator = SystemRandomNumberGenerator()  // getrandom(2)
        return SDESCrypto(tag: tag, suite: suite, keyAndSalt: (0..<(suite.keyLength + suite.saltLength)).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    /// The attribute's value, key included: only for an SDP answer on the wire.
    public var attribute: String { "\(tag) \(suite.rawValue) inline:\(Data(keyAndSalt).base64EncodedString())" }

    /// `TAG SUITE inline:<withheld>`.
    public var description: String { "\(tag) \(suite.rawValue) inline:<withheld>" }
    /// As ``description``: the key is withheld.
    public var debugDescription: String { description }
    /// The tag and suite only (`dump` and reflection never reach the key).
    public var customMirror: Mirror { Mirror(self, children: ["tag": tag, "suite": suite], displayStyle: .struct) }

    /// A lifetime: decimal packets or `2^N`.
    private static func isLifetime(_ text: Substring) -> Bool {
        if text.hasPrefix("2^") { return Int(text.dropFirst(2)).map { (1...64).contains($0) } ?? false }
        return UInt64(text) != nil
    }
}

extension SessionDescription.Media {
    /// The first of the line's `a=crypto` attributes this build can use (RFC 4568 lists them in
    /// order of preference); nil when none is (DTLS-SRTP has none at all).
    public var usableCrypto: SDESCrypto? { crypto.lazy.compactMap { try? SDESCrypto(attribute: $0) }.first }
}
