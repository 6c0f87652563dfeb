internal import CVaultOpenSSL
public import Foundation

/// Time-based one-time passwords (RFC 6238 over RFC 4226's HOTP, HMAC-SHA1, 6 digits, 30 s),
/// the codes of authenticator apps: the console's second factor.
public struct TOTP: Sendable {
    /// Digits per code.
    public static let digits = 6
    /// Seconds per time step.
    public static let period: Int64 = 30
    /// The shared secret (20 random bytes for a new enrolment).
    public let secret: [UInt8]

    /// A generator over `secret`.
    public init(secret: [UInt8]) { self.secret = secret }

    /// A new 160-bit secret (RFC 4226 recommends 160 bits).
    public static func generateSecret() throws -> [UInt8] { try SecureRandom.bytes(20) }

    /// The time step `date` falls in.
    public static func step(at date: Date) -> Int64 { Int64((date.timeIntervalSince1970).rounded(.down)) / period }

    /// The code of time step `step`.
    public func code(step: Int64) -> String {
        var counter = [UInt8](repeating: 0, count: 8)
        for i in 0..<8 { counter[7 - i] = UInt8(truncatingIfNeeded: step >> (8 * Int64(i))) }
        var mac = [UInt8](repeating: 0, count: 20)
        var length: UInt32 = 0
        let done = secret.withUnsafeBytes { k in
            HMAC(EVP_sha1(), k.baseAddress, Int32(k.count), counter, counter.count, &mac, &length)
        }
        precondition(done != nil && length == 20, "OpenSSL HMAC-SHA1 failed")
        let offset = Int(mac[19] & 0x0F)
        let binary = (UInt32(mac[offset] & 0x7F) << 24) | (UInt32(mac[offset + 1]) << 16) | (UInt32(mac[offset + 2]) << 8) | UInt32(mac[offset + 3])
        let value = binary % 1_000_000
        let text = String(value)
        return String(repeating: "0", count: Self.digits - text.count) + text
    }

    /// The code at `date`.
    public func code(at date: Date) -> String { code(step: Self.step(at: date)) }

    /// The time step whose code `code` is, among the step at `date` and `window` steps either
    /// side (clock drift), or nil. Every candidate is compared in constant time. A caller keeps
    /// the last step accepted and refuses it again, so a code is good once.
    public func matchingStep(_ code: String, at date: Date, window: Int64 = 1) -> Int64? {
        let given = Array(code.filter { !$0.isWhitespace }.utf8)
        guard given.count == Self.digits else { return nil }
        let now = Self.step(at: date)
        var found: Int64?
        for step in (now - window)...(now + window) where ConstantTime.equal(Array(self.code(step: step).utf8), given) {
            found = found ?? step
        }
        return found
    }

    /// The `otpauth://` URI an authenticator app enrols from (the QR code's content).
    public func provisioningURI(account: String, issuer: String) -> String {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        let label = "\(issuer):\(account)".addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
        let issuerParameter = issuer.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
        return "otpauth://totp/\(label)?secret=\(Base32.encode(secret))&issuer=\(issuerParameter)&algorithm=SHA1&digits=\(Self.digits)&period=\(Self.period)"
    }
}

/// RFC 4648 base32 without padding: how authenticator apps take a TOTP secret typed by hand.
public enum Base32 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    /// `bytes` in base32, upper case, unpadded.
    public static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = [], buffer: UInt32 = 0, bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | UInt32(byte); bits += 8
            while bits >= 5 { out.append(alphabet[Int((buffer >> UInt32(bits - 5)) & 31)]); bits -= 5 }
        }
        if bits > 0 { out.append(alphabet[Int((buffer << UInt32(5 - bits)) & 31)]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// The bytes of base32 `text` (case, spaces and padding ignored), nil when it holds another character.
    public static func decode(_ text: String) -> [UInt8]? {
        var out: [UInt8] = [], buffer: UInt32 = 0, bits = 0
        for c in text.uppercased().utf8 where c != 0x20 && c != 0x3D {
            guard let v = alphabet.firstIndex(of: c) else { return nil }
            buffer = (buffer << 5) | UInt32(v); bits += 5
            if bits >= 8 { out.append(UInt8((buffer >> UInt32(bits - 8)) & 0xFF)); bits -= 8 }
        }
        return out
    }
}
