internal import CVaultOpenSSL
import Foundation

/// An Ed25519 signing key (RFC 8032) held by OpenSSL.
///
/// `Sendable`: the `EVP_PKEY` is immutable after creation and OpenSSL 3 allows concurrent
/// signing with one key, each call using its own `EVP_MD_CTX`.
public final class Ed25519PrivateKey: @unchecked Sendable {
    private let key: OpaquePointer
    /// The matching public key.
    public let publicKey: Ed25519PublicKey

    private init(key: OpaquePointer) throws {
        self.key = key
        var raw = [UInt8](repeating: 0, count: 32)
        var length = 32
        guard EVP_PKEY_get_raw_public_key(key, &raw, &length) == 1, length == 32 else {
            EVP_PKEY_free(key)
            throw CryptoError(.openSSL, "cannot read an Ed25519 public key")
        }
        publicKey = try Ed25519PublicKey(rawRepresentation: raw)
    }

    deinit { EVP_PKEY_free(key) }

    /// A fresh random key.
    public static func generate() throws -> Ed25519PrivateKey {
        try Ed25519PrivateKey(seed: SecureRandom.bytes(32))
    }

    /// The key of a 32-byte seed (the RFC 8032 private key).
    public convenience init(seed: [UInt8]) throws {
        guard seed.count == 32,
              let key = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nil, seed, 32) else {
            throw CryptoError(.malformed, "an Ed25519 private key is a 32-byte seed")
        }
        try self.init(key: key)
    }

    /// The 32-byte seed, for wrapping into the key store. Callers wipe it when done.
    public func seed() throws -> [UInt8] {
        var raw = [UInt8](repeating: 0, count: 32)
        var length = 32
        guard EVP_PKEY_get_raw_private_key(key, &raw, &length) == 1, length == 32 else {
            throw CryptoError(.openSSL, "cannot export the Ed25519 seed")
        }
        return raw
    }

    /// The 64-byte signature of `message`.
    public func signature(for message: [UInt8]) throws -> [UInt8] {
        guard let context = EVP_MD_CTX_new() else { throw CryptoError(.openSSL, "cannot allocate a signing context") }
        defer { EVP_MD_CTX_free(context) }
        var signature = [UInt8](repeating: 0, count: 64)
        var length = 64
        guard EVP_DigestSignInit(context, nil, nil, nil, key) == 1,
              EVP_DigestSign(context, &signature, &length, message, message.count) == 1, length == 64 else {
            throw CryptoError(.openSSL, "Ed25519 signing failed")
        }
        return signature
    }
}

/// An Ed25519 public key: 32 raw bytes.
public struct Ed25519PublicKey: Sendable, Equatable {
    /// The raw 32-byte key.
    public let rawRepresentation: [UInt8]

    /// Wraps a raw 32-byte key.
    public init(rawRepresentation: [UInt8]) throws {
        guard rawRepresentation.count == 32 else { throw CryptoError(.malformed, "an Ed25519 public key is 32 bytes") }
        self.rawRepresentation = rawRepresentation
    }

    /// Reads a PEM `PUBLIC KEY` (SubjectPublicKeyInfo) holding an Ed25519 key.
    public init(pem: String) throws {
        let bytes = Array(pem.utf8)
        // A memory BIO reads the caller's buffer in place: the bytes stay pinned while it lives.
        let key = try bytes.withUnsafeBytes { buffer -> OpaquePointer in
            guard let bio = BIO_new_mem_buf(buffer.baseAddress, Int32(buffer.count)) else { throw CryptoError(.openSSL, "cannot allocate a BIO") }
            defer { BIO_free(bio) }
            guard let key = PEM_read_bio_PUBKEY(bio, nil, nil, nil) else {
                ERR_clear_error()
                throw CryptoError(.malformed, "not a PEM public key")
            }
            return key
        }
        defer { EVP_PKEY_free(key) }
        var raw = [UInt8](repeating: 0, count: 32)
        var length = 32
        guard EVP_PKEY_get_base_id(key) == EVP_PKEY_ED25519, EVP_PKEY_get_raw_public_key(key, &raw, &length) == 1 else {
            throw CryptoError(.malformed, "the PEM public key is not an Ed25519 key")
        }
        try self.init(rawRepresentation: raw)
    }

    /// Whether `signature` is this key's valid signature of `message`.
    public func isValidSignature(_ signature: [UInt8], for message: [UInt8]) -> Bool {
        guard signature.count == 64,
              let key = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nil, rawRepresentation, 32) else { return false }
        defer { EVP_PKEY_free(key) }
        guard let context = EVP_MD_CTX_new() else { return false }
        defer { EVP_MD_CTX_free(context) }
        let ok = EVP_DigestVerifyInit(context, nil, nil, nil, key) == 1
            && EVP_DigestVerify(context, signature, 64, message, message.count) == 1
        ERR_clear_error()
        return ok
    }

    /// The key as a PEM `PUBLIC KEY` (SubjectPublicKeyInfo), as `openssl pkeyutl -pubin` reads it.
    public var pem: String {
        guard let key = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nil, rawRepresentation, 32),
              let bio = BIO_new(BIO_s_mem()) else { preconditionFailure("OpenSSL cannot allocate") }
        defer { EVP_PKEY_free(key); BIO_free(bio) }
        precondition(PEM_write_bio_PUBKEY(bio, key) == 1, "OpenSSL cannot write a PEM public key")
        var data: UnsafeMutablePointer<CChar>?
        let length = cvault_bio_mem_data(bio, &data)
        return String(decoding: UnsafeRawBufferPointer(start: data, count: length), as: UTF8.self)
    }
}
