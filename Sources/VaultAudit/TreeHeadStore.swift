/// Where the vault keeps its latest signed tree head outside the catalog: somewhere whoever can
/// write the vault directory cannot (the key store, an HSM). With it, removing entries and
/// re-chaining the log, deleting the stored checkpoints, or rolling the whole vault directory back
/// to an earlier copy is detected: the log no longer holds, or no longer extends, the head kept
/// here, and `AuditLog` refuses to sign a tree that does not extend it.
public protocol TreeHeadStore: Sendable {
    /// The kept checkpoint's signed note, or nil when none was kept yet.
    func load() throws -> String?
    /// Replaces the kept checkpoint, durably.
    func store(_ note: String) throws
}
