/// Every failure VaultCrypto reports. The code says what kind of failure it is and can grow;
/// the message says what happened, in words fit for an operator (never key material).
public struct CryptoError: Error, Sendable, CustomStringConvertible {
    /// A kind of crypto failure. New codes may be added in any release.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case authenticationFailed, truncated, malformed, wrongKey, keyStore, alreadyExists, openSSL, randomness
            case token, wrongPIN, pinLocked, keyNotFound
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// A tag did not verify: the ciphertext, its header or its order was changed, bytes were
        /// appended after the final segment, or the key is wrong.
        public static let authenticationFailed = Code(.authenticationFailed)
        /// A sealed stream ended before its final segment.
        public static let truncated = Code(.truncated)
        /// Bytes are not in the expected format (bad magic, version, lengths).
        public static let malformed = Code(.malformed)
        /// A wrapped key does not unwrap under the key offered.
        public static let wrongKey = Code(.wrongKey)
        /// The key store is missing, unreadable, or has loose permissions.
        public static let keyStore = Code(.keyStore)
        /// A key store already exists where a new one was to be created.
        public static let alreadyExists = Code(.alreadyExists)
        /// OpenSSL reported an internal error.
        public static let openSSL = Code(.openSSL)
        /// The system random generator failed.
        public static let randomness = Code(.randomness)
        /// A PKCS#11 module or token failed: the module cannot be loaded, no token has the label
        /// asked for, or the token reported an error.
        public static let token = Code(.token)
        /// The token refused the user PIN.
        public static let wrongPIN = Code(.wrongPIN)
        /// The token's user PIN is locked after too many wrong PINs; its security officer must reset it.
        public static let pinLocked = Code(.pinLocked)
        /// No key object with the label asked for is on the token (or it was destroyed).
        public static let keyNotFound = Code(.keyNotFound)

        public var description: String { base.rawValue }
    }

    /// What kind of failure this is.
    public var code: Code
    /// What happened, for an operator.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
