public import Foundation
public import VaultBase

/// The journals of multi-step work (an ingest, a transcript's new audio version), so recovery
/// finds what a crash interrupted, and the settings a vault keeps beside its rows (its policy, its
/// KEK check values). SQLite's `Catalog` implements them.
public protocol JournalStore: Sendable {
    /// Journals an ingest before its object is written.
    func beginIngest(_ pending: Catalog.PendingIngest) throws
    /// Records how recovery may complete a journaled ingest.
    func recordCompletion(_ completion: Data, of id: RecordingID) throws
    /// Ends an ingest's journal entry (rolled back).
    func endIngest(_ id: RecordingID) throws
    /// Ingests journaled and not ended.
    func pendingIngests() throws -> [Catalog.PendingIngest]
    /// Journals a new audio version; false when the recording already has one pending.
    func beginVersion(_ pending: Catalog.PendingVersion) throws -> Bool
    /// New audio versions journaled and not ended.
    func pendingVersions() throws -> [Catalog.PendingVersion]
    /// Ends a version's journal entry.
    func endVersion(_ id: RecordingID) throws
    /// Whether a subject key still wraps a recording's data key (or is the subject's current key).
    func isKeyInUse(_ keyID: String, subject: String?) throws -> Bool
}

/// The policy and KEK check values a vault keeps in its catalog.
public protocol SettingsStore: Sendable {
    /// Stores a policy as the current one.
    func storePolicy(yaml: String, sha256: String, at: Date) throws
    /// The current policy's YAML, when one was stored.
    func currentPolicyYAML() throws -> String?
    /// Stores a KEK version's check value.
    func storeKEKCheck(version: Int, checkValue: Data) throws
    /// A KEK version's check value, when stored.
    func kekCheck(version: Int) throws -> Data?
}

extension Catalog: JournalStore, SettingsStore {}
