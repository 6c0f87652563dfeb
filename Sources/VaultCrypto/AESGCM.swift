internal import CVaultOpenSSL

/// AES-256-GCM with a 96-bit nonce and a 128-bit tag (OpenSSL EVP).
///
/// One instance owns one `EVP_CIPHER_CTX` keyed once and reused for many messages, which is
/// what the segmented stream format needs. Not `Sendable`: use one per task.
public final class AESGCMCipher {
    /// Nonce length in bytes.
    public static let nonceByteCount = 12
    /// Tag length in bytes.
    public static let tagByteCount = 16

    /// Which way the context works.
    public enum Direction: Sendable { case seal, open }

    private let context: OpaquePointer
    private let direction: Direction

    /// Creates a context keyed with `key`.
    public init(key: SymmetricKey, direction: Direction) throws {
        guard let ctx = EVP_CIPHER_CTX_new() else { throw CryptoError(.openSSL, "cannot allocate a cipher context") }
        context = ctx
        self.direction = direction
        let ok = key.withUnsafeBytes { k in
            let keyBytes = k.baseAddress!.assumingMemoryBound(to: UInt8.self)
            switch direction {
            case .seal: return EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), nil, keyBytes, nil)
            case .open: return EVP_DecryptInit_ex(ctx, EVP_aes_256_gcm(), nil, keyBytes, nil)
            }
        }
        guard ok == 1 else { throw CryptoError(.openSSL, "cannot initialise AES-256-GCM") }
    }

    deinit { EVP_CIPHER_CTX_free(context) }

    /// Encrypts `plaintext` into `output` (at least `plaintext.count + 16` bytes: ciphertext then tag).
    public func seal(
        nonce: UnsafeRawBufferPointer, aad: UnsafeRawBufferPointer,
        plaintext: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer
    ) throws {
        precondition(direction == .seal && nonce.count == Self.nonceByteCount)
        precondition(output.count >= plaintext.count + Self.tagByteCount)
        let out = output.baseAddress!.assumingMemoryBound(to: UInt8.self)
        var length: Int32 = 0
        var ok = EVP_EncryptInit_ex(context, nil, nil, nil, nonce.baseAddress!.assumingMemoryBound(to: UInt8.self))
        if ok == 1, aad.count > 0 {
            ok = EVP_EncryptUpdate(context, nil, &length, aad.baseAddress!.assumingMemoryBound(to: UInt8.self), Int32(aad.count))
        }
        if ok == 1, plaintext.count > 0 {
            ok = EVP_EncryptUpdate(context, out, &length, plaintext.baseAddress!.assumingMemoryBound(to: UInt8.self), Int32(plaintext.count))
        }
        if ok == 1 { ok = EVP_EncryptFinal_ex(context, out + plaintext.count, &length) }
        if ok == 1 { ok = cvault_gcm_get_tag(context, out + plaintext.count, Int32(Self.tagByteCount)) }
        guard ok == 1 else { throw CryptoError(.openSSL, "AES-256-GCM encryption failed") }
    }

    /// Decrypts `ciphertextAndTag` into `output` (at least `ciphertextAndTag.count - 16` bytes) and
    /// verifies the tag. Throws `.authenticationFailed` when anything was changed.
    public func open(
        nonce: UnsafeRawBufferPointer, aad: UnsafeRawBufferPointer,
        ciphertextAndTag: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer
    ) throws {
        precondition(direction == .open && nonce.count == Self.nonceByteCount)
        guard ciphertextAndTag.count >= Self.tagByteCount else {
            throw CryptoError(.authenticationFailed, "ciphertext shorter than its tag")
        }
        let bodyCount = ciphertextAndTag.count - Self.tagByteCount
        precondition(output.count >= bodyCount)
        let input = ciphertextAndTag.baseAddress!.assumingMemoryBound(to: UInt8.self)
        let out = output.baseAddress?.assumingMemoryBound(to: UInt8.self)
        var length: Int32 = 0
        var ok = EVP_DecryptInit_ex(context, nil, nil, nil, nonce.baseAddress!.assumingMemoryBound(to: UInt8.self))
        if ok == 1, aad.count > 0 {
            ok = EVP_DecryptUpdate(context, nil, &length, aad.baseAddress!.assumingMemoryBound(to: UInt8.self), Int32(aad.count))
        }
        if ok == 1, bodyCount > 0 { ok = EVP_DecryptUpdate(context, out, &length, input, Int32(bodyCount)) }
        if ok == 1 { ok = cvault_gcm_set_tag(context, input + bodyCount, Int32(Self.tagByteCount)) }
        guard ok == 1 else { throw CryptoError(.openSSL, "AES-256-GCM decryption failed") }
        var scratch = [UInt8](repeating: 0, count: 16)
        guard EVP_DecryptFinal_ex(context, &scratch, &length) == 1 else {
            ERR_clear_error()
            throw CryptoError(.authenticationFailed, "authentication tag does not verify")
        }
    }
}

/// One-shot AES-256-GCM messages with a random nonce: `nonce ‖ ciphertext ‖ tag`.
public enum AESGCM {
    /// Encrypts `plaintext` under `key` with a fresh random nonce, binding `aad`.
    public static func seal(_ plaintext: [UInt8], key: SymmetricKey, aad: [UInt8]) throws -> [UInt8] {
        let cipher = try AESGCMCipher(key: key, direction: .seal)
        let nonce = try SecureRandom.bytes(AESGCMCipher.nonceByteCount)
        var body = [UInt8](repeating: 0, count: plaintext.count + AESGCMCipher.tagByteCount)
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
        let n = AESGCMCipher.nonceByteCount
        guard message.count >= n + AESGCMCipher.tagByteCount else {
            throw CryptoError(.malformed, "sealed message is \(message.count) bytes, too short")
        }
        let cipher = try AESGCMCipher(key: key, direction: .open)
        var plaintext = [UInt8](repeating: 0, count: message.count - n - AESGCMCipher.tagByteCount)
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
