public import VaultBase

/// Every failure VaultBundle reports: a growable code plus a message for an operator.
///
/// A bundle that reads but does not verify is not an error: ``BagVerifier`` returns its findings
/// as ``BagProblem``s. Errors are for what stops reading or writing altogether.
public typealias BundleError = ModuleError<BundleDomain>

/// The set of ``BundleError`` codes.
public enum BundleDomain {}

/// A kind of bundle failure. New codes may be added in any release.
extension ErrorCode where Domain == BundleDomain {
    /// A file operation failed (create, write, sync, rename).
    public static var io: Self { Self("io") }
    /// The destination already exists (a bundle never overwrites anything).
    public static var exists: Self { Self("exists") }
    /// The bundle to read does not exist.
    public static var notFound: Self { Self("notFound") }
    /// The input is not a BagIt bag (no `bagit.txt`, an unreadable manifest line, a path
    /// escaping the bag).
    public static var malformed: Self { Self("malformed") }
    /// libarchive failed to write or read a zip file.
    public static var archive: Self { Self("archive") }
}
