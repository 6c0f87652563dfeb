internal import CVaultOpenSSL

/// HMAC-SHA256 in one call (OpenSSL).
public enum HMACSHA256 {
    /// The 32-byte HMAC of `message` under `key`.
    public static func authenticate(_ message: [UInt8], key: SymmetricKey) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        let result = key.withUnsafeBytes { k in
            message.withUnsafeBytes { m in
                HMAC(EVP_sha256(), k.baseAddress, Int32(k.count), m.baseAddress?.assumingMemoryBound(to: UInt8.self),
                     m.count, &out, &length)
            }
        }
        // Fails only when OpenSSL cannot allocate; a silent zero MAC would merge every pseudonym.
        precondition(result != nil && length == 32, "OpenSSL HMAC-SHA256 failed")
        return out
    }
}
