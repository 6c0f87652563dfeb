internal import CVaultOpenSSL

/// An X25519 (RFC 7748) private key held by OpenSSL, for age's X25519 recipients.
///
/// `Sendable`: the `EVP_PKEY` is immutable after creation and every key agreement uses its own
/// `EVP_PKEY_CTX`, which OpenSSL 3 allows concurrently on one key.
final class X25519PrivateKey: @unchecked Sendable {
    /// The byte count of keys and shared secrets.
    static let byteCount = 32

    private let key: OpaquePointer
    /// The matching 32-byte public key (u-coordinate).
    let publicKey: [UInt8]

    /// The key of 32 raw scalar bytes (clamped by X25519 itself, as RFC 7748 says).
    init(rawRepresentation: [UInt8]) throws {
        guard rawRepresentation.count == Self.byteCount,
              let key = EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, nil, rawRepresentation, Self.byteCount) else {
            ERR_clear_error()
            throw CryptoError(.malformed, "an X25519 private key is 32 bytes")
        }
        var raw = [UInt8](repeating: 0, count: Self.byteCount)
        var length = Self.byteCount
        guard EVP_PKEY_get_raw_public_key(key, &raw, &length) == 1, length == Self.byteCount else {
            EVP_PKEY_free(key)
            throw CryptoError(.openSSL, "cannot compute an X25519 public key")
        }
        self.key = key
        publicKey = raw
    }

    deinit { EVP_PKEY_free(key) }

    /// A fresh random key.
    static func generate() throws -> X25519PrivateKey {
        var seed = try SecureRandom.bytes(byteCount)
        defer { wipe(&seed) }
        return try X25519PrivateKey(rawRepresentation: seed)
    }

    /// The 32 raw scalar bytes. Callers wipe them when done.
    func exportRawRepresentation() throws -> [UInt8] {
        var raw = [UInt8](repeating: 0, count: Self.byteCount)
        var length = Self.byteCount
        guard EVP_PKEY_get_raw_private_key(key, &raw, &length) == 1, length == Self.byteCount else {
            throw CryptoError(.openSSL, "cannot export the X25519 private key")
        }
        return raw
    }

    /// X25519(this key, `peerPublicKey`). Throws `.malformed` for a peer key of the wrong length or
    /// a low-order point (whose shared secret is all zeros, which age rejects). Callers wipe the result.
    func sharedSecret(with peerPublicKey: [UInt8]) throws -> [UInt8] {
        guard peerPublicKey.count == Self.byteCount,
              let peer = EVP_PKEY_new_raw_public_key(EVP_PKEY_X25519, nil, peerPublicKey, Self.byteCount) else {
            ERR_clear_error()
            throw CryptoError(.malformed, "an X25519 public key is 32 bytes")
        }
        defer { EVP_PKEY_free(peer) }
        guard let context = EVP_PKEY_CTX_new(key, nil) else { throw CryptoError(.openSSL, "cannot allocate a key agreement context") }
        defer { EVP_PKEY_CTX_free(context) }
        var secret = [UInt8](repeating: 0, count: Self.byteCount)
        var length = Self.byteCount
        // OpenSSL's X25519 fails the derivation when the result is all zeros (a low-order point).
        guard EVP_PKEY_derive_init(context) == 1, EVP_PKEY_derive_set_peer(context, peer) == 1,
              EVP_PKEY_derive(context, &secret, &length) == 1, length == Self.byteCount,
              secret.contains(where: { $0 != 0 }) else {
            ERR_clear_error()
            wipe(&secret)
            throw CryptoError(.malformed, "the X25519 public key is a low-order point (no shared secret)")
        }
        return secret
    }
}
