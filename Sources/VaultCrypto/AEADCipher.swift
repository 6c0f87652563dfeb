internal import CVaultOpenSSL

/// An AEAD cipher context (OpenSSL EVP) with a 96-bit nonce and a 128-bit tag: AES-256-GCM for
/// the vault's sealed objects and key wraps, ChaCha20-Poly1305 (RFC 8439) for the age format.
///
/// One instance owns one `EVP_CIPHER_CTX` keyed once and reused for many messages, which is what
/// segmented streams need (one segment or chunk per nonce). Not `Sendable`: use one per task.
public final class AEADCipher {
    /// The AEAD construction.
    public enum Algorithm: Sendable {
        /// AES-256-GCM (NIST SP 800-38D).
        case aes256GCM
        /// ChaCha20-Poly1305 (RFC 8439).
        case chaCha20Poly1305

        var name: String { self == .aes256GCM ? "AES-256-GCM" : "ChaCha20-Poly1305" }
    }

    /// Which way the context works.
    public enum Direction: Sendable { case seal, open }

    /// Nonce length in bytes (both algorithms).
    public static let nonceByteCount = 12
    /// Tag length in bytes (both algorithms).
    public static let tagByteCount = 16

    /// The construction this context runs.
    public let algorithm: Algorithm
    private let context: OpaquePointer
    private let direction: Direction

    /// Creates a context for `algorithm` keyed with `key`.
    public init(_ algorithm: Algorithm, key: SymmetricKey, direction: Direction) throws {
        guard let ctx = EVP_CIPHER_CTX_new() else { throw CryptoError(.openSSL, "cannot allocate a cipher context") }
        context = ctx
        self.algorithm = algorithm
        self.direction = direction
        let cipher = algorithm == .aes256GCM ? EVP_aes_256_gcm() : EVP_chacha20_poly1305()
        let ok = key.withUnsafeBytes { k in
            let keyBytes = k.baseAddress!.assumingMemoryBound(to: UInt8.self)
            switch direction {
            case .seal: return EVP_EncryptInit_ex(ctx, cipher, nil, keyBytes, nil)
            case .open: return EVP_DecryptInit_ex(ctx, cipher, nil, keyBytes, nil)
            }
        }
        guard ok == 1 else { throw CryptoError(.openSSL, "cannot initialise \(algorithm.name)") }
    }

    deinit { EVP_CIPHER_CTX_free(context) }

    /// Encrypts `plaintext`, binding `aad`, into `output` (at least `plaintext.count + 16` bytes:
    /// ciphertext then tag).
    public func seal(
        nonce: UnsafeRawBufferPointer, aad: UnsafeRawBufferPointer = UnsafeRawBufferPointer(start: nil, count: 0),
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
        if ok == 1 { ok = cvault_aead_get_tag(context, out + plaintext.count, Int32(Self.tagByteCount)) }
        guard ok == 1 else { throw CryptoError(.openSSL, "\(algorithm.name) encryption failed") }
    }

    /// Decrypts `ciphertextAndTag` into `output` (at least `ciphertextAndTag.count - 16` bytes) and
    /// verifies the tag over it and `aad`. Throws `.authenticationFailed` when anything was changed
    /// or the key is wrong; `output` is then wiped (it never holds unverified plaintext).
    public func open(
        nonce: UnsafeRawBufferPointer, aad: UnsafeRawBufferPointer = UnsafeRawBufferPointer(start: nil, count: 0),
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
        if ok == 1 { ok = cvault_aead_set_tag(context, input + bodyCount, Int32(Self.tagByteCount)) }
        guard ok == 1 else { throw CryptoError(.openSSL, "\(algorithm.name) decryption failed") }
        var scratch = [UInt8](repeating: 0, count: 16)
        guard EVP_DecryptFinal_ex(context, &scratch, &length) == 1 else {
            ERR_clear_error()
            if bodyCount > 0 { OPENSSL_cleanse(output.baseAddress, bodyCount) }  // unverified plaintext
            throw CryptoError(.authenticationFailed, "authentication tag does not verify")
        }
    }
}
