/// A policy that cannot be used, with the line it comes from when known.
public struct PolicyError: Error, Sendable, CustomStringConvertible {
    /// A kind of policy failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable { case syntax, schema, rule }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The text is not YAML.
        public static let syntax = Code(.syntax)
        /// A key is unknown, missing or of the wrong type.
        public static let schema = Code(.schema)
        /// A value breaks a rule (e.g. a rotation period above 90 days).
        public static let rule = Code(.rule)

        public var description: String { base.rawValue }
    }

    /// What kind of failure this is.
    public var code: Code
    /// The 1-based line in the policy text, when known.
    public var line: Int?
    /// What is wrong.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, line: Int?, _ message: String) {
        self.code = code
        self.line = line
        self.message = message
    }

    /// `line N: message`, or the message alone.
    public var description: String { line.map { "line \($0): \(message)" } ?? message }
}
