public import VaultBase

/// Every failure VaultAudit reports: a growable code plus a message for an operator or auditor.
public typealias AuditError = ModuleError<AuditDomain>

/// The set of ``AuditError`` codes.
public enum AuditDomain {}

/// A kind of audit failure.
extension ErrorCode where Domain == AuditDomain {
    /// A checkpoint, proof or entry is not in its documented format.
    public static var malformed: Self { Self("malformed") }
    /// A signature does not verify under the vault's public key.
    public static var badSignature: Self { Self("badSignature") }
    /// No entry with that sequence number, or no checkpoint yet.
    public static var notFound: Self { Self("notFound") }
    /// The log was changed: an entry modified, inserted, deleted or reordered.
    public static var tampered: Self { Self("tampered") }
    /// The log is shorter than a checkpoint it once signed.
    public static var truncated: Self { Self("truncated") }
}
