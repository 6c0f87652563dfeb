public import Foundation

/// One wrapped subject key.
public struct SubjectKeyRow: Sendable, Equatable {
    /// The subject's pseudonym (or `anon-<recording id>` for a recording without a known subject).
    public var subject: String
    /// The KEK version that wraps it.
    public var kekVersion: Int
    /// The wrapped key (`KeyWrap` format).
    public var wrapped: Data

    /// Creates a row.
    public init(subject: String, kekVersion: Int, wrapped: Data) {
        self.subject = subject
        self.kekVersion = kekVersion
        self.wrapped = wrapped
    }
}

/// Where a vault's subject keys are kept, wrapped under a KEK version, with the key journal a
/// restore replays (keys destroyed, data keys rewrapped, opt-outs recorded). Deleting a key's row
/// destroys it (crypto-shredding). Two places: the key store's `subject-keys.sqlite`
/// (`SubjectKeyStore`, a vault of one node) and a shared catalog (`SharedSubjectKeys`), so that
/// every node of a cluster reads and destroys the same keys.
public protocol SubjectKeyStorage: Sendable {
    /// The wrapped key of `subject`, or nil when it has none (never had, or destroyed).
    func row(for subject: String) throws -> SubjectKeyRow?
    /// Stores a new subject key; returns the row that ends up stored (another writer's, if one
    /// stored a key for the same subject first).
    func insert(_ row: SubjectKeyRow) throws -> SubjectKeyRow
    /// Destroys subject keys, each leaving a tombstone (its id alone), and the journalled data keys
    /// under them; returns how many existed.
    @discardableResult
    func destroy(_ subjects: [String]) throws -> Int
    /// Whether `subject`'s key was destroyed here.
    func wasDestroyed(_ subject: String) throws -> Bool
    /// Journals data keys rewrapped under a new subject key (the newest wins).
    func journalRewraps(_ rewraps: [(recording: String, keySubject: String, wrapped: Data)]) throws
    /// The journalled data key of `recording`: the subject key that wraps it and the wrapped bytes.
    func journalledDataKey(of recording: String) throws -> (keySubject: String, wrapped: Data)?
    /// Journals an opt-out.
    func journalOptOut(subject: String, request: String, at: Date) throws
    /// Every journalled opt-out, oldest first.
    func journalledOptOuts() throws -> [(subject: String, request: String, requestedAt: Date)]
    /// How many keys each KEK version wraps.
    func countsByKEKVersion() throws -> [Int: Int]
    /// Up to `limit` keys not wrapped under `version`, in storage order after position `after`,
    /// with their positions (a rotation's batches).
    func rows(notUnder version: Int, afterRowID after: Int64, limit: Int) throws -> [(rowID: Int64, row: SubjectKeyRow)]
    /// Replaces wrapped keys (after a rewrap) in one transaction.
    func update(_ rows: [SubjectKeyRow]) throws
    /// Calls `body` with every key, in subject order, from one snapshot.
    func forEach(_ body: (SubjectKeyRow) throws -> Void) throws
    /// Inserts many keys in one transaction (bulk loads, benchmarks).
    func insertBatch(_ rows: [SubjectKeyRow]) throws
    /// Writes every key and the whole journal, from one snapshot, to `destination`: a new
    /// key-store database (`subject-keys.sqlite`), as a key-store backup holds it.
    func snapshot(to destination: URL) throws
}

/// A catalog that keeps the subject keys itself: one several nodes share (PostgreSQL's). SQLite's
/// `Catalog` does not (nil): a vault of one node keeps them in its key store.
public protocol SharedSubjectKeys: Sendable {
    /// The catalog's subject keys, or nil when they are in the key store.
    var sharedSubjectKeys: (any SubjectKeyStorage)? { get }
}

extension Catalog: SharedSubjectKeys {
    /// Nil: the key store holds them.
    public var sharedSubjectKeys: (any SubjectKeyStorage)? { nil }
}
