/// One-shot AES-256-GCM messages with a random nonce: `nonce ‖ ciphertext ‖ tag`.
public enum AESGCM {
    /// Encrypts `plaintext` under `key` with a fresh random nonce, binding `aad`.
    public static func seal(_ plaintext: [UInt8], key: SymmetricKey, aad: [UInt8]) throws -> [UInt8] {
        let cipher = try AEADCipher(.aes256GCM, key: key, direction: .seal)
        let nonce = try SecureRandom.bytes(AEADCipher.nonceByteCount)
        var body = [UInt8](repeating: 0, count: plaintext.count + AEADCipher.tagByteCount)
        try nonce.withUnsafeBytes { n in
            try aad.withUnsafeBytes { a in
                try plaintext.withUnsafeBytes { p in
                    try body.withUnsafeMutableBytes { o in
                        try cipher.seal(nonce: n, aad: a, plaintext: p, into: o)
                    }
                }
            }
        }
        return nonce + body
    }

    /// Decrypts a message made by ``seal(_:key:aad:)``; throws `.authenticationFailed` on any change.
    public static func open(_ message: [UInt8], key: SymmetricKey, aad: [UInt8]) throws -> [UInt8] {
        let n = AEADCipher.nonceByteCount
        guard message.count >= n + AEADCipher.tagByteCount else {
            throw CryptoError(.malformed, "sealed message is \(message.count) bytes, too short")
        }
        let cipher = try AEADCipher(.aes256GCM, key: key, direction: .open)
        var plaintext = [UInt8](repeating: 0, count: message.count - n - AEADCipher.tagByteCount)
        try message.withUnsafeBytes { m in
            try aad.withUnsafeBytes { a in
                try plaintext.withUnsafeMutableBytes { o in
                    try cipher.open(nonce: UnsafeRawBufferPointer(rebasing: m[0..<n]), aad: a,
                                    ciphertextAndTag: UnsafeRawBufferPointer(rebasing: m[n...]), into: o)
                }
            }
        }
        return plaintext
    }
}
