/// Every failure VaultStore reports: a growable code plus a message for an operator.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    /// A kind of storage failure. New codes may be added in any release.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable { case vaultMissing, vaultExists, notAVault, catalog, io, notFound, conflict }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// No vault at the given directory.
        public static let vaultMissing = Code(.vaultMissing)
        /// `init` was asked to create a vault where one already exists.
        public static let vaultExists = Code(.vaultExists)
        /// The directory exists but is not a callvault vault (or a newer format).
        public static let notAVault = Code(.notAVault)
        /// SQLite reported an error.
        public static let catalog = Code(.catalog)
        /// A file operation on the object store failed.
        public static let io = Code(.io)
        /// No recording with that id.
        public static let notFound = Code(.notFound)
        /// Something with that name already exists (e.g. a live API token).
        public static let conflict = Code(.conflict)

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
