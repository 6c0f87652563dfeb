internal import CVaultOpenSSL

/// HMAC-SHA256 in one call (OpenSSL).
public enum HMACSHA256 {
    /// The 32-byte HMAC of `message` under `key`.
    public static func authenticate(_ message: [UInt8], key: SymmetricKey) -> [UInt8] {
        key.withUnsafeBytes { mac(message, key: $0) }
    }

    /// The 32-byte HMAC of `message` under key bytes of any length (AWS Signature Version 4
    /// derives its signing key by chaining these, starting from `AWS4` + the secret).
    public static func authenticate(_ message: [UInt8], keyBytes: [UInt8]) -> [UInt8] {
        keyBytes.withUnsafeBytes { mac(message, key: $0) }
    }

    private static func mac(_ message: [UInt8], key k: UnsafeRawBufferPointer) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        let result = message.withUnsafeBytes { m in
            HMAC(EVP_sha256(), k.baseAddress, Int32(k.count), m.baseAddress?.assumingMemoryBound(to: UInt8.self), m.count, &out, &length)
        }
        // Fails only when OpenSSL cannot allocate; a silent zero MAC would merge every pseudonym.
        precondition(result != nil && length == 32, "OpenSSL HMAC-SHA256 failed")
        return out
    }
}

extension HMACSHA256 {
    /// HMAC-SHA256 under one key set up once, for many MACs (a pseudonym per consent check):
    /// each MAC copies the keyed context instead of fetching the algorithm and expanding the key
    /// again as `authenticate` does. Same output as `authenticate`. `Sendable`: the keyed context
    /// is written in `init` and only copied afterwards.
    final class Keyed: @unchecked Sendable {
        private let context: OpaquePointer?

        init(key: SymmetricKey) {
            context = key.withUnsafeBytes { k in cvault_hmac_sha256_keyed(k.baseAddress?.assumingMemoryBound(to: UInt8.self), k.count) }
        }

        deinit { if let context { EVP_MAC_CTX_free(context) } }

        /// The 32-byte HMAC of `message`; through `authenticate` if the keyed context could not be made.
        func authenticate(_ message: [UInt8], fallbackKey key: SymmetricKey) -> [UInt8] {
            guard let context else { return HMACSHA256.authenticate(message, key: key) }
            var out = [UInt8](repeating: 0, count: 32)
            let result = message.withUnsafeBytes { m in
                cvault_hmac_sha256_dup(context, m.baseAddress?.assumingMemoryBound(to: UInt8.self), m.count, &out)
            }
            precondition(result == 1, "OpenSSL HMAC-SHA256 failed")
            return out
        }
    }
}
