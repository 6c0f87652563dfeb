/// Failures of the vault's use cases that are not a lower module's (those pass through as
/// `AudioError`, `CryptoError` and `StoreError`). Codes can grow.
public struct VaultError: Error, Sendable, CustomStringConvertible {
    /// A kind of use-case failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable { case objectMismatch, sealedHashMismatch, opusHashMismatch, shredded, refused, keyPolicy, purged, restricted, malformedTranscript, cancelled }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// A recording's object was sealed for another recording (objects swapped or copied).
        public static let objectMismatch = Code(.objectMismatch)
        /// A sealed object's size or SHA-256 differs from the catalog's.
        public static let sealedHashMismatch = Code(.sealedHashMismatch)
        /// The decrypted Ogg Opus SHA-256 differs from the catalog's.
        public static let opusHashMismatch = Code(.opusHashMismatch)
        /// The recording's subject key was destroyed: it can never be read again.
        public static let shredded = Code(.shredded)
        /// The request is refused by a rule (e.g. a recording for a shredded subject).
        public static let refused = Code(.refused)
        /// A key policy is invalid (e.g. a rotation period above 90 days).
        public static let keyPolicy = Code(.keyPolicy)
        /// The recording was purged (retention, deletion or erasure): its data key is destroyed.
        public static let purged = Code(.purged)
        /// The recording is restricted (erasure requested, kept for now): access needs a stated reason.
        public static let restricted = Code(.restricted)
        /// A transcript given with an ingest is not in its format (or its format is unknown).
        public static let malformedTranscript = Code(.malformedTranscript)
        /// The work was cancelled (its client went away, or the server is stopping); nothing was stored.
        public static let cancelled = Code(.cancelled)

        public var description: String { base.rawValue }
    }

    /// What kind of failure this is.
    public var code: Code
    /// What happened.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
