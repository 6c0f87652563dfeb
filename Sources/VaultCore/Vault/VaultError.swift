/// Failures of the vault's use cases, and (through `init(wrapping:)`) every lower module's
/// failure classified once, with the original kept as `cause`: the CLI and the HTTP server map
/// only this type, each in one place. Codes can grow.
public struct VaultError: Error, Sendable, CustomStringConvertible {
    /// A kind of use-case failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case objectMismatch, sealedHashMismatch, opusHashMismatch, shredded, refused, keyPolicy, purged, restricted, malformedTranscript, cancelled
            case notFound, conflict, invalidNumber, unreadableAudio, malformedAudio, unreadableCapture, malformedCapture, limitExceeded
            case malformedPolicy, malformedCheckpoint, malformedBundle, notAVault, catalogUnavailable, storageFailure, misconfigured
            case keyUnavailable, cryptoFailure, authenticationFailed, auditTampered, auditTruncated, damagedBackup, fenced, `internal`
        }
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
        /// A backup is damaged, incomplete, or not this key store's vault's (a restore names what).
        public static let damagedBackup = Code(.damagedBackup)
        /// The vault is fenced: a standby was promoted in its place, and it takes no writes and
        /// answers no consent checks (use the promoted vault).
        public static let fenced = Code(.fenced)

        // Lower modules' failures, as `init(wrapping:)` classifies them.

        /// Something named does not exist (a vault, a recording, an entry, a file).
        public static let notFound = Code(.notFound)
        /// It exists already, or the request conflicts with what is stored.
        public static let conflict = Code(.conflict)
        /// A phone number that does not parse.
        public static let invalidNumber = Code(.invalidNumber)
        /// An audio input that cannot be read at all.
        public static let unreadableAudio = Code(.unreadableAudio)
        /// An audio input that is not valid audio of a supported encoding.
        public static let malformedAudio = Code(.malformedAudio)
        /// A capture file that cannot be read at all.
        public static let unreadableCapture = Code(.unreadableCapture)
        /// A capture that is not a usable packet capture of a call.
        public static let malformedCapture = Code(.malformedCapture)
        /// An input beyond a limit (rate, channels, call length, silent gap).
        public static let limitExceeded = Code(.limitExceeded)
        /// A policy file that fails to parse or breaks a rule.
        public static let malformedPolicy = Code(.malformedPolicy)
        /// A checkpoint or proof given as input that is malformed or not signed by this vault.
        public static let malformedCheckpoint = Code(.malformedCheckpoint)
        /// An evidence bundle that is not one.
        public static let malformedBundle = Code(.malformedBundle)
        /// A directory that is not a vault.
        public static let notAVault = Code(.notAVault)
        /// The catalog is busy or failing.
        public static let catalogUnavailable = Code(.catalogUnavailable)
        /// Reading or writing storage failed.
        public static let storageFailure = Code(.storageFailure)
        /// The vault's configuration (an object-store address, its credentials) is missing or malformed.
        public static let misconfigured = Code(.misconfigured)
        /// A key is missing, wrong or locked away (key store, token, PIN).
        public static let keyUnavailable = Code(.keyUnavailable)
        /// A cryptographic operation failed for another reason.
        public static let cryptoFailure = Code(.cryptoFailure)
        /// Sealed bytes failed authentication (flipped, truncated or malformed).
        public static let authenticationFailed = Code(.authenticationFailed)
        /// The audit log was modified, inserted into, reordered or re-chained.
        public static let auditTampered = Code(.auditTampered)
        /// The audit log is shorter than a tree head it signed.
        public static let auditTruncated = Code(.auditTruncated)
        /// Anything else: a failure nobody classified.
        public static let `internal` = Code(.internal)

        public var description: String { base.rawValue }
    }

    /// What kind of failure this is.
    public var code: Code
    /// What happened.
    public var message: String
    /// The lower module's error this one classifies, when it wraps one.
    public var cause: (any Error)?

    /// Creates an error.
    public init(_ code: Code, _ message: String, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    public var description: String { message }
}
