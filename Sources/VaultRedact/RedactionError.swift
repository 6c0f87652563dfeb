/// A transcript that cannot be redacted, with where it went wrong when known.
public struct RedactionError: Error, Sendable, CustomStringConvertible {
    /// A kind of redaction failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable { case malformed, unsupportedFormat }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The input is not valid in the format it was given as (bad JSON, bad cue timing, not UTF-8).
        public static let malformed = Code(.malformed)
        /// The format name is unknown.
        public static let unsupportedFormat = Code(.unsupportedFormat)

        public var description: String { base.rawValue }
    }

    /// What kind of failure this is.
    public var code: Code
    /// What is wrong (never quotes transcript text).
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
