public import VaultBase

/// A transcript that cannot be redacted, with where it went wrong when known.
public typealias RedactionError = ModuleError<RedactionDomain>

/// The set of ``RedactionError`` codes.
public enum RedactionDomain {}

/// A kind of redaction failure.
extension ErrorCode where Domain == RedactionDomain {
    /// The input is not valid in the format it was given as (bad JSON, bad cue timing, not UTF-8).
    public static var malformed: Self { Self("malformed") }
    /// The format name is unknown.
    public static var unsupportedFormat: Self { Self("unsupportedFormat") }
}
