/// One-shot ChaCha20-Poly1305 under a caller-chosen nonce: `ciphertext ‖ tag`.
enum ChaCha20Poly1305 {
    /// Encrypts `plaintext` under `key` and `nonce` (12 bytes; never reuse a nonce with a key).
    static func seal(_ plaintext: [UInt8], key: SymmetricKey, nonce: [UInt8]) throws -> [UInt8] {
        let cipher = try AEADCipher(.chaCha20Poly1305, key: key, direction: .seal)
        var out = [UInt8](repeating: 0, count: plaintext.count + AEADCipher.tagByteCount)
        try nonce.withUnsafeBytes { n in
            try plaintext.withUnsafeBytes { p in
                try out.withUnsafeMutableBytes { o in try cipher.seal(nonce: n, plaintext: p, into: o) }
            }
        }
        return out
    }

    /// Decrypts `ciphertextAndTag`; throws `.authenticationFailed` on any change or a wrong key.
    static func open(_ ciphertextAndTag: [UInt8], key: SymmetricKey, nonce: [UInt8]) throws -> [UInt8] {
        guard ciphertextAndTag.count >= AEADCipher.tagByteCount else {
            throw CryptoError(.malformed, "ChaCha20-Poly1305 message shorter than its tag")
        }
        let cipher = try AEADCipher(.chaCha20Poly1305, key: key, direction: .open)
        var out = [UInt8](repeating: 0, count: ciphertextAndTag.count - AEADCipher.tagByteCount)
        try nonce.withUnsafeBytes { n in
            try ciphertextAndTag.withUnsafeBytes { c in
                try out.withUnsafeMutableBytes { o in try cipher.open(nonce: n, ciphertextAndTag: c, into: o) }
            }
        }
        return out
    }
}
