/// Every failure VaultBundle reports: a growable code plus a message for an operator.
///
/// A bundle that reads but does not verify is not an error: ``BagVerifier`` returns its findings
/// as ``BagProblem``s. Errors are for what stops reading or writing altogether.
public struct BundleError: Error, Sendable, CustomStringConvertible {
    /// A kind of bundle failure. New codes may be added in any release.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable { case io, exists, notFound, malformed, archive }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// A file operation failed (create, write, sync, rename).
        public static let io = Code(.io)
        /// The destination already exists (a bundle never overwrites anything).
        public static let exists = Code(.exists)
        /// The bundle to read does not exist.
        public static let notFound = Code(.notFound)
        /// The input is not a BagIt bag (no `bagit.txt`, an unreadable manifest line, a path
        /// escaping the bag).
        public static let malformed = Code(.malformed)
        /// libarchive failed to write or read a zip file.
        public static let archive = Code(.archive)

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
