public import VaultBase

/// Every failure VaultCrypto reports. The code says what kind of failure it is and can grow;
/// the message says what happened, in words fit for an operator (never key material).
public typealias CryptoError = ModuleError<CryptoDomain>

/// The set of ``CryptoError`` codes.
public enum CryptoDomain {}

/// A kind of crypto failure. New codes may be added in any release.
extension ErrorCode where Domain == CryptoDomain {
    /// A tag did not verify: the ciphertext, its header or its order was changed, bytes were
    /// appended after the final segment, or the key is wrong.
    public static var authenticationFailed: Self { Self("authenticationFailed") }
    /// A sealed stream ended before its final segment.
    public static var truncated: Self { Self("truncated") }
    /// Bytes are not in the expected format (bad magic, version, lengths).
    public static var malformed: Self { Self("malformed") }
    /// A wrapped key does not unwrap under the key offered.
    public static var wrongKey: Self { Self("wrongKey") }
    /// The key store is missing, unreadable, or has loose permissions.
    public static var keyStore: Self { Self("keyStore") }
    /// A key store already exists where a new one was to be created.
    public static var alreadyExists: Self { Self("alreadyExists") }
    /// OpenSSL reported an internal error.
    public static var openSSL: Self { Self("openSSL") }
    /// The system random generator failed.
    public static var randomness: Self { Self("randomness") }
    /// A PKCS#11 module or token failed: the module cannot be loaded, no token has the label
    /// asked for, or the token reported an error.
    public static var token: Self { Self("token") }
    /// The token refused the user PIN.
    public static var wrongPIN: Self { Self("wrongPIN") }
    /// The token's user PIN is locked after too many wrong PINs; its security officer must reset it.
    public static var pinLocked: Self { Self("pinLocked") }
    /// No key object with the label asked for is on the token (or it was destroyed).
    public static var keyNotFound: Self { Self("keyNotFound") }
}
