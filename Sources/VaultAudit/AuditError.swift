/// Every failure VaultAudit reports: a growable code plus a message for an operator or auditor.
public struct AuditError: Error, Sendable, CustomStringConvertible {
    /// A kind of audit failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable { case malformed, badSignature, notFound, tampered, truncated }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// A checkpoint, proof or entry is not in its documented format.
        public static let malformed = Code(.malformed)
        /// A signature does not verify under the vault's public key.
        public static let badSignature = Code(.badSignature)
        /// No entry with that sequence number, or no checkpoint yet.
        public static let notFound = Code(.notFound)
        /// The log was changed: an entry modified, inserted, deleted or reordered.
        public static let tampered = Code(.tampered)
        /// The log is shorter than a checkpoint it once signed.
        public static let truncated = Code(.truncated)

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
