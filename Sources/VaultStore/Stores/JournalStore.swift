public import Foundation
public import VaultBase

/// The journals of multi-step work (an ingest, a transcript's new audio version), so recovery
/// finds what a crash interrupted, and the settings a vault keeps beside its rows (its policy, its
/// KEK check values). SQLite's `Catalog` implements them.
public protocol JournalStore: Sendable {
    /// Journals an ingest before its object is written.
    func beginIngest(_ pending: PendingIngest) throws
    /// Records how recovery may complete a journaled ingest.
    func recordCompletion(_ completion: Data, of id: RecordingID) throws
    /// Ends an ingest's journal entry (rolled back).
    func endIngest(_ id: RecordingID) throws
    /// Ingests journaled and not ended.
    func pendingIngests() throws -> [PendingIngest]
    /// Journals a new audio version; false when the recording already has one pending.
    func beginVersion(_ pending: PendingVersion) throws -> Bool
    /// New audio versions journaled and not ended.
    func pendingVersions() throws -> [PendingVersion]
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

/// A recording whose ingest has started but not committed.
public struct PendingIngest: Sendable, Equatable {
    /// The recording id reserved for it.
    public var id: RecordingID
    /// Where its object goes, relative to `objects/`.
    public var objectPath: String
    /// When it started.
    public var startedAt: Date
    /// What recovery needs to complete the ingest from its partial object instead of rolling
    /// it back (an encoded plan its writer owns), for an ingest whose source cannot be read
    /// again (a live call); nil otherwise.
    public var completion: Data?
    /// The node whose spool holds its partial object (`Vault.nodeID`), when the catalog is
    /// shared by several nodes; nil in a catalog of one node (SQLite's), where every entry is
    /// the opening node's own.
    public var node: String?

    /// Creates a journal entry.
    public init(id: RecordingID, objectPath: String, startedAt: Date, completion: Data? = nil, node: String? = nil) {
        self.id = id
        self.objectPath = objectPath
        self.startedAt = startedAt
        self.completion = completion
        self.node = node
    }
}

/// A transcript add in progress (the `version_journal` row), enough for recovery to finish it
/// or undo it after a crash.
public struct PendingVersion: Sendable, Equatable {
    /// The recording.
    public var id: RecordingID
    /// The audio version the recording has once the add commits.
    public var version: Int
    /// The audio object before the add.
    public var oldObjectPath: String
    /// The re-encoded audio object, or nil when the audio is kept (no timed span to mute).
    public var newObjectPath: String?
    /// The sealed redacted transcript.
    public var transcriptPath: String
    /// The subject entry whose key is replaced (when the audio is re-encoded).
    public var subject: String?
    /// The subject key the new data key is wrapped under (when the audio is re-encoded).
    public var newKeyID: String?
    /// When the add started.
    public var startedAt: Date
    /// The node whose spool holds its new objects (see `PendingIngest.node`).
    public var node: String?

    /// Creates a journal entry.
    public init(id: RecordingID, version: Int, oldObjectPath: String, newObjectPath: String?, transcriptPath: String,
                subject: String?, newKeyID: String?, startedAt: Date, node: String? = nil) {
        self.id = id; self.version = version; self.oldObjectPath = oldObjectPath; self.newObjectPath = newObjectPath
        self.transcriptPath = transcriptPath; self.subject = subject; self.newKeyID = newKeyID; self.startedAt = startedAt
        self.node = node
    }
}
