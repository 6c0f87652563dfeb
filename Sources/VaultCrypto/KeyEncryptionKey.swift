/// A key-encryption key (KEK): wraps and unwraps other keys, wherever its own material lives
/// (a key file in the key store, or non-extractable in an HSM behind PKCS#11).
///
/// Every implementation produces the ``KeyWrap`` format (`0x01 ‖ nonce ‖ ciphertext ‖ tag`,
/// AES-256-GCM, associated data `"callvault.keywrap.v1" ‖ context`), so a wrapped key says
/// nothing of where its KEK lives.
public protocol KeyEncryptionKey: Sendable {
    /// Wraps `key` for the owner named by `context`.
    func wrap(_ key: SymmetricKey, context: [UInt8]) throws -> [UInt8]
    /// Unwraps a key wrapped for `context`; throws `CryptoError(.wrongKey)` when the KEK or the
    /// context differ from the ones used to wrap it.
    func unwrap(_ wrapped: [UInt8], context: [UInt8]) throws -> SymmetricKey
}

/// A KEK whose 256-bit key sits in memory, loaded from the key store's `kek/NNNN.key` file.
public struct FileKEK: KeyEncryptionKey {
    private let key: SymmetricKey

    /// Wraps the key material.
    public init(key: SymmetricKey) { self.key = key }

    /// Wraps with ``KeyWrap``.
    public func wrap(_ key: SymmetricKey, context: [UInt8]) throws -> [UInt8] {
        try KeyWrap.wrap(key, under: self.key, context: context)
    }

    /// Unwraps with ``KeyWrap``.
    public func unwrap(_ wrapped: [UInt8], context: [UInt8]) throws -> SymmetricKey {
        try KeyWrap.unwrap(wrapped, under: key, context: context)
    }
}
