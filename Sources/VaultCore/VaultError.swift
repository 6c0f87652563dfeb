/// Failures of the vault's use cases that are not a lower module's (those pass through as
/// `AudioError`, `CryptoError` and `StoreError`). Codes can grow.
public struct VaultError: Error, Sendable, CustomStringConvertible {
    /// A kind of use-case failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable { case invalidArgument, integrity, interrupted }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// An argument is malformed (a phone number, a date, an id).
        public static let invalidArgument = Code(.invalidArgument)
        /// Stored data does not match what the catalog recorded.
        public static let integrity = Code(.integrity)
        /// The work was cancelled part-way; nothing partial was kept.
        public static let interrupted = Code(.interrupted)

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
