internal import CVaultOpenSSL
import Foundation

/// Console passwords, hashed with scrypt (RFC 7914; memory-hard) into one self-describing string:
/// `$scrypt$ln=17,r=8,p=1$<salt>$<hash>` (salt and hash in unpadded base64). The parameters
/// travel with the hash, so a later release may raise the cost without breaking stored hashes.
public enum PasswordHash {
    /// The cost of new hashes: N = 2^17, r = 8, p = 1 (128 MiB, OWASP's minimum for scrypt).
    public static let defaultLogN = 17
    /// The costs a stored hash may name; outside them it is refused as malformed, so an altered
    /// row cannot make a sign-in allocate gigabytes.
    public static let acceptedLogN = 14...20

    /// Hashes `password` under a fresh 16-byte salt.
    public static func make(_ password: String, logN: Int = defaultLogN) throws -> String {
        precondition(acceptedLogN.contains(logN))
        let salt = try SecureRandom.bytes(16)
        let key = try Scrypt.deriveKey(passphrase: Array(password.utf8), salt: salt, logN: logN)
        return "$scrypt$ln=\(logN),r=8,p=1$\(base64(salt))$\(base64(key.exportBytes()))"
    }

    /// Whether `password` hashes to `encoded` (compared in constant time). Throws
    /// `CryptoError(.malformed)` when `encoded` is not a hash this type wrote.
    public static func verify(_ password: String, against encoded: String) throws -> Bool {
        let parts = encoded.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 5, parts[0].isEmpty, parts[1] == "scrypt" else { throw CryptoError(.malformed, "not a scrypt password hash") }
        var params: [Substring: Int] = [:]
        for pair in parts[2].split(separator: ",") {
            let kv = pair.split(separator: "=", maxSplits: 1)
            guard kv.count == 2, let value = Int(kv[1]) else { throw CryptoError(.malformed, "bad scrypt parameters") }
            params[kv[0]] = value
        }
        guard let logN = params["ln"], acceptedLogN.contains(logN), let r = params["r"], (1...16).contains(r),
              let p = params["p"], (1...4).contains(p),
              let salt = unbase64(parts[3]), salt.count >= 16, let expected = unbase64(parts[4]), expected.count == SymmetricKey.byteCount
        else { throw CryptoError(.malformed, "bad scrypt parameters") }
        let key = try Scrypt.deriveKey(passphrase: Array(password.utf8), salt: salt, logN: logN, r: r, p: p)
        return ConstantTime.equal(key.exportBytes(), expected)
    }

    private static func base64(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "=", with: "")
    }

    private static func unbase64(_ text: Substring) -> [UInt8]? {
        var padded = String(text)
        while padded.count % 4 != 0 { padded += "=" }
        return Data(base64Encoded: padded).map(Array.init)
    }
}

/// Comparisons whose time does not depend on where two secrets differ.
public enum ConstantTime {
    /// Whether `a` and `b` hold the same bytes (their lengths are not secret).
    public static func equal(_ a: some Collection<UInt8>, _ b: some Collection<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for (x, y) in zip(a, b) { difference |= x ^ y }
        return difference == 0
    }
}
