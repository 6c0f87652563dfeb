public import VaultBase

/// Every failure VaultS3 reports: a growable code plus a message for an operator.
public typealias S3Error = ModuleError<S3Domain>

/// The set of ``S3Error`` codes.
public enum S3Domain {}

/// A kind of S3 failure. New codes may be added in any release.
extension ErrorCode where Domain == S3Domain {
    /// The object-store address or the credentials are missing or malformed.
    public static var configuration: Self { Self("configuration") }
    /// The service could not be reached, or stopped answering (after the retries).
    public static var unreachable: Self { Self("unreachable") }
    /// No such key, version or bucket.
    public static var notFound: Self { Self("notFound") }
    /// The service refused the request: credentials, permissions, or an Object Lock.
    public static var denied: Self { Self("denied") }
    /// The service refused the request as malformed or conflicting (4xx other than 403/404).
    public static var rejected: Self { Self("rejected") }
    /// The service failed (5xx after the retries).
    public static var server: Self { Self("server") }
    /// The service answered something this client cannot read, or that breaks a promise made
    /// (an object stored without the lock asked for, a size that differs).
    public static var malformed: Self { Self("malformed") }
    /// A local file (the spool of objects being written) could not be read or written.
    public static var io: Self { Self("io") }
}
