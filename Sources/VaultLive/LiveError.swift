public import VaultBase

/// Every failure VaultLive reports: a growable code plus a message for an operator (never a
/// phone number, a SIP URI or a key).
public typealias LiveError = ModuleError<LiveDomain>

/// The set of ``LiveError`` codes.
public enum LiveDomain {}

/// A kind of live-recording failure. New codes may be added in any release.
extension ErrorCode where Domain == LiveDomain {
    /// A listen address, port or port range that cannot be used as given.
    public static var configuration: Self { Self("configuration") }
    /// A socket could not be opened or bound (the port is taken, say).
    public static var bind: Self { Self("bind") }
}
