import Foundation
import VaultCrypto
import VaultStore

/// The vault's live keys: the key store (KEK versions), the subject key database, and a small
/// cache of unwrapped subject keys. Rotation swaps the key store in place, so a long-running
/// process keeps working across it.
///
/// `Sendable`: every mutable field is read and written with `lock` held; the stores it holds are
/// `Sendable` themselves.
final class KeyRing: @unchecked Sendable {
    private let lock = NSLock()
    private var store: KeyStore
    private var keks: [Int: any KeyEncryptionKey] = [:]
    private var subjectCache: [String: SymmetricKey] = [:]
    private static let subjectCacheLimit = 4096
    /// Where the subject keys are: the key store's `subject-keys.sqlite`, or a shared catalog.
    let subjects: any SubjectKeyStorage

    /// Opens the subject keys: `shared` (a catalog several nodes share keeps them), else the key
    /// store's database; `createSubjectKeys` allows making that database, which only a vault
    /// without subject-keyed recordings may do (a lost database is an error).
    init(keyStore: KeyStore, createSubjectKeys: Bool, shared: (any SubjectKeyStorage)? = nil) throws {
        store = keyStore
        if let shared {
            try Self.move(from: keyStore.subjectKeysURL, to: shared)
            subjects = shared
            return
        }
        do {
            subjects = try SubjectKeyStore(url: keyStore.subjectKeysURL, create: createSubjectKeys)
        } catch let error as StoreError where error.code == .notFound {
            throw CryptoError(.keyStore, "\(error.message): every recording's key depends on it; restore the key store from its backup")
        }
    }

    /// Moves the subject keys a shared catalog's vault kept in its key store (before the catalog
    /// kept them) into the catalog, with their journal, then deletes the key store's copy: a key
    /// the catalog says was destroyed is not brought back. Copying is idempotent, so a crash
    /// before the deletion is finished by the next open.
    static func move(from file: URL, to shared: any SubjectKeyStorage) throws {
        guard FileManager.default.fileExists(atPath: file.path) else { return }
        do {
            let old = try SubjectKeyStore(url: file, create: false)
            var rows = [SubjectKeyRow]()
            try old.forEach { rows.append($0) }
            for row in rows where try !shared.wasDestroyed(row.subject) { _ = try shared.insert(row) }
            try shared.destroy(try old.destroyedSubjects())
            // A rewrap the catalog journals already is as new or newer; one under a key the catalog
            // destroyed since is void (its destruction removed such rows).
            try shared.journalRewraps(try old.journalledRewraps().filter { rewrap in
                try shared.journalledDataKey(of: rewrap.recording) == nil && !shared.wasDestroyed(rewrap.keySubject)
            })
            for optOut in try old.journalledOptOuts() { try shared.journalOptOut(subject: optOut.subject, request: optOut.request, at: optOut.requestedAt) }
            // The copy goes as a destruction does (secure_delete, the log truncated), then the files.
            try old.destroy(rows.map(\.subject))
        }
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: file.path + suffix) }
    }

    /// The key store as last loaded.
    var keyStore: KeyStore { lock.withLock { store } }

    /// The current KEK version and key.
    func currentKEK() throws -> (version: Int, kek: any KeyEncryptionKey) {
        let version = keyStore.currentKEKVersion
        return (version, try kek(version: version))
    }

    /// The KEK of `version`, loaded once; a version the key store as last loaded does not know
    /// (another process, another node on the same key store, rotated since) reloads it first.
    func kek(version: Int) throws -> any KeyEncryptionKey {
        if let kek = lock.withLock({ keks[version] }) { return kek }
        if !keyStore.kekVersions.contains(where: { $0.version == version }) { try refresh() }
        let kek = try keyStore.kek(version: version)
        lock.withLock { keks[version] = kek }
        return kek
    }

    /// Re-reads the key store manifest when another process rotated or retired a KEK.
    func refresh() throws {
        let current = keyStore
        let fresh = try KeyStore.open(at: current.url, vaultID: current.vaultID)
        guard fresh.kekVersions != current.kekVersions else { return }
        replace(fresh)
    }

    /// Installs a key store changed by this process (rotation, retirement).
    func replace(_ keyStore: KeyStore) {
        lock.withLock {
            store = keyStore
            keks = keks.filter { version, _ in keyStore.kekVersions.contains { $0.version == version && $0.retiredAt == nil } }
        }
    }

    /// The key of `subject`: unwrapped from the key store, or, with `create`, made and stored
    /// (wrapped under the current KEK) when it has none. Nil when it has none and `create` is false.
    func subjectKey(_ subject: String, create: Bool) throws -> SymmetricKey? {
        if let key = lock.withLock({ subjectCache[subject] }) { return key }
        var row = try subjects.row(for: subject)
        if row == nil, create {
            let (version, kek) = try currentKEK()
            let wrapped = try kek.wrap(try SymmetricKey.random(), context: KeyContext.subjectKey(subject: subject, kekVersion: version))
            row = try subjects.insert(SubjectKeyRow(subject: subject, kekVersion: version, wrapped: Data(wrapped)))
        }
        guard let row else { return nil }
        let key = try kek(version: row.kekVersion).unwrap(Array(row.wrapped), context: KeyContext.subjectKey(subject: subject, kekVersion: row.kekVersion))
        lock.withLock {
            if subjectCache.count >= Self.subjectCacheLimit { subjectCache.removeAll(keepingCapacity: true) }
            subjectCache[subject] = key
        }
        return key
    }

    /// Drops a subject key from the cache (after it is destroyed).
    func forget(_ subject: String) { _ = lock.withLock { subjectCache.removeValue(forKey: subject) } }
}
