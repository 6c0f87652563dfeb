internal import CVaultOpenSSL

/// Wraps (encrypts) one key under another with AES-256-GCM, binding it to its owner.
///
/// A wrapped key is `0x01 ‖ nonce(12) ‖ ciphertext(32) ‖ tag(16)`, 61 bytes. The associated data is
/// `"callvault.keywrap.v1" ‖ context`, where the caller's context names the owner (KEK version,
/// recording id, ...): the same bytes moved to another owner fail to unwrap.
public enum KeyWrap {
    /// The byte count of a wrapped 256-bit key.
    public static let wrappedByteCount = 1 + 12 + 32 + 16
    /// The leading format byte. Internal: ``PKCS11KEK`` writes the same format.
    static let formatVersion: UInt8 = 1
    /// The associated data's prefix (before the context). Internal: ``PKCS11KEK`` binds the same.
    static let label = Array("callvault.keywrap.v1".utf8)

    /// Wraps `key` under `wrappingKey` for the owner described by `context`.
    public static func wrap(_ key: SymmetricKey, under wrappingKey: SymmetricKey, context: [UInt8]) throws -> [UInt8] {
        var plain = key.exportBytes()
        defer { wipe(&plain) }
        return [formatVersion] + (try AESGCM.seal(plain, key: wrappingKey, aad: label + context))
    }

    /// Unwraps a key made by ``wrap(_:under:context:)``. Throws `.wrongKey` when the wrapping key or
    /// the context differs from the ones used to wrap it.
    public static func unwrap(_ wrapped: [UInt8], under wrappingKey: SymmetricKey, context: [UInt8]) throws -> SymmetricKey {
        guard wrapped.count == wrappedByteCount, wrapped[0] == formatVersion else {
            throw CryptoError(.malformed, "a wrapped key is \(wrappedByteCount) bytes of format \(formatVersion); got \(wrapped.count) bytes")
        }
        do {
            var plain = try AESGCM.open(Array(wrapped[1...]), key: wrappingKey, aad: label + context)
            defer { wipe(&plain) }
            return try SymmetricKey(bytes: plain)
        } catch let error as CryptoError where error.code == .authenticationFailed {
            throw CryptoError(.wrongKey, "the key does not unwrap: wrong key-encryption key, or the wrapped key was moved or altered")
        }
    }
}

/// Overwrites a byte array holding secrets (OPENSSL_cleanse: not optimised away).
func wipe(_ bytes: inout [UInt8]) {
    bytes.withUnsafeMutableBytes { OPENSSL_cleanse($0.baseAddress, $0.count) }
}
