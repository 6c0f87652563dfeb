public import VaultBase

/// Every failure VaultSIP reports: a growable code plus a message for an operator (never a
/// whole message, a body or a number in clear).
public typealias SIPError = ModuleError<SIPDomain>

/// The set of ``SIPError`` codes.
public enum SIPDomain {}

/// A kind of SIP failure. New codes may be added in any release.
extension ErrorCode where Domain == SIPDomain {
    /// The bytes are not a SIP message (start line, header syntax, lengths); answered 400 when a
    /// response can be addressed, dropped otherwise.
    public static var malformed: Self { Self("malformed") }
    /// The message or a part of it is larger than the limits allow (answered 513 or dropped).
    public static var tooLarge: Self { Self("tooLarge") }
    /// A session description that cannot be read.
    public static var malformedSDP: Self { Self("malformedSDP") }
    /// Recording metadata (`application/rs-metadata+xml`) that cannot be read.
    public static var malformedMetadata: Self { Self("malformedMetadata") }
    /// A SIPREC INVITE without the parts it needs (an SDP offer, the metadata).
    public static var missingPart: Self { Self("missingPart") }
}
