internal import CVaultOpenSSL

/// ChaCha20-Poly1305 (RFC 8439) with a 96-bit nonce and a 128-bit tag (OpenSSL EVP), as the age
/// format uses it.
///
/// One instance owns one `EVP_CIPHER_CTX` keyed once and reused for many messages (the age
/// payload seals one chunk per nonce). Not `Sendable`: use one per task.
final class ChaCha20Poly1305Cipher {
    /// Nonce length in bytes.
    static let nonceByteCount = 12
    /// Tag length in bytes.
    static let tagByteCount = 16

    private let context: OpaquePointer
    private let direction: AESGCMCipher.Direction

    /// Creates a context keyed with `key`.
    init(key: SymmetricKey, direction: AESGCMCipher.Direction) throws {
        guard let ctx = EVP_CIPHER_CTX_new() else { throw CryptoError(.openSSL, "cannot allocate a cipher context") }
        context = ctx
        self.direction = direction
        let ok = key.withUnsafeBytes { k in
            let keyBytes = k.baseAddress!.assumingMemoryBound(to: UInt8.self)
            switch direction {
            case .seal: return EVP_EncryptInit_ex(ctx, EVP_chacha20_poly1305(), nil, keyBytes, nil)
            case .open: return EVP_DecryptInit_ex(ctx, EVP_chacha20_poly1305(), nil, keyBytes, nil)
            }
        }
        guard ok == 1 else { throw CryptoError(.openSSL, "cannot initialise ChaCha20-Poly1305") }
    }

    deinit { EVP_CIPHER_CTX_free(context) }

    /// Encrypts `plaintext` into `output` (at least `plaintext.count + 16` bytes: ciphertext then tag).
    func seal(nonce: UnsafeRawBufferPointer, plaintext: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) throws {
        precondition(direction == .seal && nonce.count == Self.nonceByteCount)
        precondition(output.count >= plaintext.count + Self.tagByteCount)
        let out = output.baseAddress!.assumingMemoryBound(to: UInt8.self)
        var length: Int32 = 0
        var ok = EVP_EncryptInit_ex(context, nil, nil, nil, nonce.baseAddress!.assumingMemoryBound(to: UInt8.self))
        if ok == 1, plaintext.count > 0 {
            ok = EVP_EncryptUpdate(context, out, &length, plaintext.baseAddress!.assumingMemoryBound(to: UInt8.self), Int32(plaintext.count))
        }
        if ok == 1 { ok = EVP_EncryptFinal_ex(context, out + plaintext.count, &length) }
        if ok == 1 { ok = cvault_aead_get_tag(context, out + plaintext.count, Int32(Self.tagByteCount)) }
        guard ok == 1 else { throw CryptoError(.openSSL, "ChaCha20-Poly1305 encryption failed") }
    }

    /// Decrypts `ciphertextAndTag` into `output` (at least `ciphertextAndTag.count - 16` bytes) and
    /// verifies the tag. Throws `.authenticationFailed` when anything was changed or the key is wrong;
    /// `output` then holds no usable bytes.
    func open(nonce: UnsafeRawBufferPointer, ciphertextAndTag: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) throws {
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
        if ok == 1, bodyCount > 0 { ok = EVP_DecryptUpdate(context, out, &length, input, Int32(bodyCount)) }
        if ok == 1 { ok = cvault_aead_set_tag(context, input + bodyCount, Int32(Self.tagByteCount)) }
        guard ok == 1 else { throw CryptoError(.openSSL, "ChaCha20-Poly1305 decryption failed") }
        var scratch = [UInt8](repeating: 0, count: 16)
        guard EVP_DecryptFinal_ex(context, &scratch, &length) == 1 else {
            ERR_clear_error()
            if bodyCount > 0 { OPENSSL_cleanse(output.baseAddress, bodyCount) }  // unverified plaintext
            throw CryptoError(.authenticationFailed, "authentication tag does not verify")
        }
    }
}

/// One-shot ChaCha20-Poly1305 under a caller-chosen nonce: `ciphertext ‖ tag`.
enum ChaCha20Poly1305 {
    /// Encrypts `plaintext` under `key` and `nonce` (12 bytes; never reuse a nonce with a key).
    static func seal(_ plaintext: [UInt8], key: SymmetricKey, nonce: [UInt8]) throws -> [UInt8] {
        let cipher = try ChaCha20Poly1305Cipher(key: key, direction: .seal)
        var out = [UInt8](repeating: 0, count: plaintext.count + ChaCha20Poly1305Cipher.tagByteCount)
        try nonce.withUnsafeBytes { n in
            try plaintext.withUnsafeBytes { p in
                try out.withUnsafeMutableBytes { o in try cipher.seal(nonce: n, plaintext: p, into: o) }
            }
        }
        return out
    }

    /// Decrypts `ciphertextAndTag`; throws `.authenticationFailed` on any change or a wrong key.
    static func open(_ ciphertextAndTag: [UInt8], key: SymmetricKey, nonce: [UInt8]) throws -> [UInt8] {
        guard ciphertextAndTag.count >= ChaCha20Poly1305Cipher.tagByteCount else {
            throw CryptoError(.malformed, "ChaCha20-Poly1305 message shorter than its tag")
        }
        let cipher = try ChaCha20Poly1305Cipher(key: key, direction: .open)
        var out = [UInt8](repeating: 0, count: ciphertextAndTag.count - ChaCha20Poly1305Cipher.tagByteCount)
        try nonce.withUnsafeBytes { n in
            try ciphertextAndTag.withUnsafeBytes { c in
                try out.withUnsafeMutableBytes { o in try cipher.open(nonce: n, ciphertextAndTag: c, into: o) }
            }
        }
        return out
    }
}
