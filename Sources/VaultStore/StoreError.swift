public import VaultBase

/// Every failure VaultStore reports: a growable code plus a message for an operator.
public typealias StoreError = ModuleError<StoreDomain>

/// The set of ``StoreError`` codes.
public enum StoreDomain {}

/// A kind of storage failure. New codes may be added in any release.
extension ErrorCode where Domain == StoreDomain {
    /// No vault at the given directory.
    public static var vaultMissing: Self { Self("vaultMissing") }
    /// `init` was asked to create a vault where one already exists.
    public static var vaultExists: Self { Self("vaultExists") }
    /// The directory exists but is not a callvault vault (or a newer format).
    public static var notAVault: Self { Self("notAVault") }
    /// SQLite reported an error.
    public static var catalog: Self { Self("catalog") }
    /// A file operation on the object store failed.
    public static var io: Self { Self("io") }
    /// No recording with that id.
    public static var notFound: Self { Self("notFound") }
    /// Something with that name already exists (e.g. a live API token).
    public static var conflict: Self { Self("conflict") }
    /// The vault is fenced: a standby was promoted in its place, and it accepts no writes.
    public static var fenced: Self { Self("fenced") }
}

extension StoreError {
    /// An ingest's commit found its journal entry gone: recovery on another node took the node
    /// for dead and rolled the ingest back (its object and key are gone), so nothing is stored.
    public static func ingestEnded(_ id: RecordingID) -> StoreError {
        StoreError(.catalog, "the ingest of \(id) was rolled back meanwhile by recovery on another node, which found no process of this node alive; nothing was stored, ingest it again")
    }
}
