import Foundation
public import Logging
public import VaultAudit
import VaultBase
import VaultCrypto
import VaultRedact
import VaultPostgres
import VaultS3
public import VaultPolicy
public import VaultStore

/// An open vault: its catalog, its sealed objects and its key store, with the use cases that
/// tie them together (ingest, export, verify).
///
/// `Sendable`: every stored part is immutable or itself `Sendable` (GRDB's pool serialises
/// writes; keys are immutable), so one `Vault` serves many concurrent ingests.
public final class Vault: Sendable {
    /// The configuration the vault was opened with.
    public let configuration: VaultConfiguration
    /// Where the vault's files are.
    public let layout: VaultLayout
    /// The contents of `vault.json`.
    public let manifest: VaultManifest
    let keyRing: KeyRing
    let catalog: any CatalogStores
    let objects: any ObjectStore
    let logger: Logger
    let pseudonymizer: Pseudonymizer
    /// MACs of the catalog rows that decide access (API tokens), under a key-store key.
    let rows: RowAuthenticator
    /// The vault's hash-chained, signed audit log.
    package let auditLog: AuditLog
    /// The policy the vault runs under (retention, erasure, key rotation).
    public let policy: VaultPolicy
    /// The prohibited phrases stored transcripts are scanned for, at the catalog's lexicon version.
    let lexicon: VaultLexicon
    /// Whether this process has seen the vault fenced (``isFenced``).
    let fenceFlag: FenceFlag

    private init(configuration: VaultConfiguration, layout: VaultLayout, manifest: VaultManifest, keyStore: KeyStore,
                 catalog: any CatalogStores, logger: Logger) throws {
        // The policy the vault runs under; a stored policy that no longer validates (edited by
        // hand, or a rule tightened) stops the vault rather than running below the rules.
        do {
            self.policy = try catalog.currentPolicyYAML().map(VaultPolicy.init(yaml:)) ?? .default
        } catch let error as PolicyError {
            throw VaultError(.keyPolicy, "the vault's stored policy is refused: \(error)")
        }
        self.configuration = configuration
        self.lexicon = VaultLexicon(base: configuration.lexicon)
        self.fenceFlag = FenceFlag(FileManager.default.fileExists(atPath: layout.fenceURL.path))
        self.layout = layout
        self.manifest = manifest
        let keys = try KeyRing(keyStore: keyStore, createSubjectKeys: try catalog.subjectKeyedRecordingCount() == 0,
                               shared: catalog.sharedSubjectKeys)
        self.keyRing = keys
        self.catalog = catalog
        self.objects = try Self.objectStore(manifest.objectStore, layout: layout, environment: configuration.environment)
        self.logger = logger
        self.pseudonymizer = Pseudonymizer(key: try keyStore.pseudonymKey())
        self.rows = try RowAuthenticator(keyStore: keyStore)
        self.auditLog = AuditLog(
            catalog: catalog, origin: "callvault/\(manifest.vaultID)", signer: try Self.auditSigningKey(keyRing: keys),
            clock: configuration.clock, head: KeyStoreTreeHead(keyStore: keyStore),
            lease: manifest.catalog == nil ? nil : catalog, logger: logger)
        // On a shared catalog this process says its node is alive while the vault is open, so no
        // other node's recovery takes the node's journaled work for abandoned.
        if let node = journalNode { try catalog.announce(node: node) }
    }

    /// The object store `vault.json` names: an S3 bucket (keys from the environment), or the
    /// vault's `objects/` directory. Either way objects are spooled in `objects/.partial/`.
    static func objectStore(_ location: String?, layout: VaultLayout, environment: [String: String]) throws -> any ObjectStore {
        guard let location else {
            let store = LocalObjectStore(root: layout.objectsURL)
            // A restored vault's objects/ has no spool yet: a backup holds none.
            if !FileManager.default.fileExists(atPath: layout.objectsURL.appendingPathComponent(".partial").path) { try store.create() }
            return store
        }
        let client = S3Client(location: try S3Location(parsing: location), credentials: try S3Credentials.fromEnvironment(environment))
        // The spool is each node's own: a node that joins a vault (its vault.json copied) makes it.
        let spool = layout.objectsURL.appendingPathComponent(".partial")
        if !FileManager.default.fileExists(atPath: spool.path) { try PartialSpool(directory: spool).create() }
        return S3ObjectStore(client: client, spoolDirectory: spool)
    }

    /// The catalog `vault.json` names: a PostgreSQL database (the password from `PGPASSWORD`),
    /// or the vault's `catalog.sqlite`, made private (0600) when created.
    static func catalog(_ location: String?, layout: VaultLayout, configuration: VaultConfiguration, create: Bool,
                        logger: Logger) throws -> any CatalogStores {
        guard let location else {
            let catalog = try Catalog(url: layout.catalogURL, create: create, consentReaders: configuration.consentReaders,
                                      fenceFile: layout.fenceURL)
            // Private whatever the umask; SQLite gives its -wal and -shm files the same mode.
            if create { try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: layout.catalogURL.path) }
            return catalog
        }
        return try PostgresCatalog(location: try postgresLocation(location), password: configuration.environment["PGPASSWORD"],
                                   create: create, logger: logger)
    }

    /// A PostgreSQL location, or the operator's mistake in it (exit 78, nothing repeated).
    static func postgresLocation(_ text: String) throws -> PostgresLocation {
        do { return try PostgresLocation(parsing: text) } catch let error as StoreError {
            throw VaultError(.misconfigured, error.message)
        }
    }

    /// Whether the catalog is the vault's own SQLite file, read without waiting on the network
    /// (so a read may run on an event loop, as the consent check's fast paths do); false for
    /// PostgreSQL, which is read only off the event loops.
    public var hasLocalCatalog: Bool { manifest.catalog == nil }

    /// Where the catalog is: the vault's `catalog.sqlite` or the PostgreSQL location.
    public var catalogDescription: String { manifest.catalog ?? layout.catalogURL.path }

    /// Where the sealed objects are: the `objects/` directory or the S3 location.
    public var objectStoreDescription: String { objects.description }

    /// The directory of the key store in use.
    public var keyStorePath: String { keyRing.keyStore.url.path }

    /// The time now, from the configured clock.
    var now: Date { configuration.clock.now() }

    // MARK: Create

    /// Creates a new vault with its catalog, object store and key store (`configuration.keyStoreURL`,
    /// default `VAULT/keys`). Returns the vault and any warnings for the operator (e.g. a key store
    /// inside the vault). Fails, leaving nothing behind, when a vault exists there already.
    public static func create(_ configuration: VaultConfiguration, policy: VaultPolicy = .default, actor: VaultActor,
                              logger: Logger) throws -> (Vault, warnings: [String]) {
        let layout = VaultLayout(root: configuration.vaultURL)
        let fm = FileManager.default
        if fm.fileExists(atPath: layout.manifestURL.path) {
            throw StoreError(.vaultExists, "a vault already exists at \(layout.root.path)")
        }
        if let entries = try? fm.contentsOfDirectory(atPath: layout.root.path), !entries.isEmpty {
            throw StoreError(.vaultExists, "\(layout.root.path) is not empty; callvault init needs a new or empty directory")
        }
        let keyStoreURL = (configuration.keyStoreURL ?? layout.defaultKeyStoreURL).standardizedFileURL
        var warnings = [String]()
        if layout.contains(keyStoreURL) {
            warnings.append("the key store \(keyStoreURL.path) is inside the vault: a copy of the vault directory then carries its own keys; keep it elsewhere with --key-store")
        }
        let createdVaultDirectory = !fm.fileExists(atPath: layout.root.path)
        let createdKeyStore = !fm.fileExists(atPath: keyStoreURL.path)
        var createdCatalog: (any CatalogStores)?
        do {
            try fm.createDirectory(at: layout.root, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            let location = try configuration.objectStore.map { try S3Location(parsing: $0).description }
            try Self.objectStore(location, layout: layout, environment: configuration.environment).create()
            let vaultID = UUID().uuidString.lowercased()
            let createdAt = configuration.clock.now()
            let catalogLocation = try configuration.catalog.map { try Self.postgresLocation($0).description }
            let catalog = try Self.catalog(catalogLocation, layout: layout, configuration: configuration, create: true, logger: logger)
            createdCatalog = catalog
            let keyStore = try KeyStore.create(at: keyStoreURL, vaultID: vaultID, createdAt: createdAt,
                                               pkcs11: try configuration.pkcs11KEK.map(PKCS11URI.init))
            try catalog.storeKEKCheck(version: keyStore.currentKEKVersion, checkValue: try Self.kekCheckValue(keyStore: keyStore))
            try catalog.storePolicy(yaml: policy.source, sha256: SHA256Hasher.hash(Array(policy.source.utf8)).hexString, at: createdAt)
            let manifest = VaultManifest(vaultID: vaultID, keyStorePath: keyStoreURL.path, createdAt: createdAt, objectStore: location,
                                         catalog: catalogLocation)
            let vault = try Vault(configuration: configuration, layout: layout, manifest: manifest, keyStore: keyStore,
                                  catalog: catalog, logger: logger)
            try vault.logAudit(.vaultInit, actor: actor, target: nil,
                            detail: ["policy_sha256": SHA256Hasher.hash(Array(policy.source.utf8)).hexString])
            try vault.sealRowsOnce()
            try manifest.write(layout)  // written last: its presence marks a complete vault
            logger.info("vault created", metadata: ["vault.path": "\(layout.root.path)", "vault.id": "\(vaultID)"])
            return (vault, warnings)
        } catch {
            // Leave nothing half-made behind.
            if let postgres = createdCatalog as? PostgresCatalog { try? postgres.dropCreatedCatalog() }
            if createdKeyStore { try? fm.removeItem(at: keyStoreURL) }
            try? layout.removeContents(directoryToo: createdVaultDirectory)
            throw error
        }
    }

    // MARK: Open

    /// Opens an existing vault, checks that the key store belongs to it and that its KEK is the
    /// right one, and rolls back any ingest a crash interrupted.
    public static func open(_ configuration: VaultConfiguration, logger: Logger) throws -> Vault {
        try open(configuration, logger: logger, finishingRestore: true)
    }

    /// Opens a vault; with `finishingRestore`, a restore interrupted after its vault.json appeared
    /// is finished (its key journal replayed).
    static func open(_ configuration: VaultConfiguration, logger: Logger, finishingRestore: Bool) throws -> Vault {
        let layout = VaultLayout(root: configuration.vaultURL)
        let manifest = try VaultManifest.read(layout)
        let keyStoreURL = configuration.keyStoreURL ?? URL(fileURLWithPath: manifest.keyStorePath)
        let keyStore = try KeyStore.open(at: keyStoreURL, vaultID: manifest.vaultID)
        let catalog = try Self.catalog(manifest.catalog, layout: layout, configuration: configuration, create: false, logger: logger)
        let vault = try Vault(configuration: configuration, layout: layout, manifest: manifest, keyStore: keyStore,
                              catalog: catalog, logger: logger)
        try vault.checkKEK()
        // A fenced vault takes no write: it opens for reading as it is, its recovery and upkeep left undone.
        if vault.isFenced { return vault }
        try vault.sealRowsOnce()
        try vault.startChainAfterLegacyLog()
        try vault.recoverInterruptedIngests()
        try vault.finishInterruptedShreds()
        try vault.finishInterruptedPurges()
        try vault.upgradeLegacyDataKeys()
        try vault.retireUnusedKEKVersions(actor: .keyRotation)
        if finishingRestore { _ = try vault.finishRestore(actor: .recovery) }
        return vault
    }

    /// Refuses a KEK that is not the one this vault was sealed under, before anything is sealed with it.
    func checkKEK() throws {
        let (version, kek) = try keyRing.currentKEK()
        let path = keyRing.keyStore.url.path
        guard let check = try catalog.kekCheck(version: version) else {
            throw CryptoError(.wrongKey, "the key store \(path) has KEK version \(version), which this vault does not know")
        }
        do {
            _ = try kek.unwrap(Array(check), context: KeyContext.kekCheck(version: version))
        } catch let error as CryptoError where error.code == .wrongKey {
            throw CryptoError(.wrongKey, "wrong key: KEK version \(version) in \(path) is not the key this vault was sealed under")
        }
    }

    /// A check value for the current KEK of `keyStore`: a random key wrapped under it.
    static func kekCheckValue(keyStore: KeyStore) throws -> Data {
        let version = keyStore.currentKEKVersion
        return Data(try keyStore.kek(version: version).wrap(try SymmetricKey.random(), context: KeyContext.kekCheck(version: version)))
    }

    /// Appends an audit entry for `actor`, durably (log before act).
    @discardableResult
    func logAudit(_ action: AuditAction, actor: VaultActor, target: String?, outcome: AuditOutcome = .ok,
               detail: [String: String] = [:]) throws -> AuditEntry {
        try auditLog.append(draft(action, actor: actor, target: target, outcome: outcome, detail: detail))
    }

    /// The draft of an audit entry for `actor`. Free text (a reason, a consent's source and
    /// evidence, a campaign, a token's name as the actor) is redacted first: the log is
    /// immutable, and a phone, ID or card number typed into it could never be erased.
    func draft(_ action: AuditAction, actor: VaultActor, target: String?, outcome: AuditOutcome = .ok,
               detail: [String: String] = [:]) -> AuditDraft {
        var detail = detail
        for (key, value) in detail where Self.freeTextDetailKeys.contains(key) { detail[key] = Self.redactedFreeText(value) }
        // A token's entries name it as their target: a name is typed too.
        let target = Self.actionsNamingTheirTarget.contains(action) ? target.map(Self.redactedFreeText) : target
        return AuditDraft(actor: Self.redactedFreeText(actor.name), authentication: actor.authentication, action: action, target: target,
                          outcome: outcome, detail: detail)
    }

    /// The actions whose target is a name someone typed (a token's, an account's).
    static let actionsNamingTheirTarget: Set<AuditAction> = [.tokenCreate, .tokenRevoke, .userCreate, .userDisable, .userReset, .userEnrol,
                                                              .userLockOut]

    /// Audit detail keys whose values people type (the rest are ids, hashes, times and codes).
    static let freeTextDetailKeys: Set<String> = ["reason", "source", "evidence", "campaign", "agent", "name", "why", "because", "note", "tag", "exception", "speaker"]

    /// `text` with every phone, ID and card number masked (`TextRedactor`).
    static func redactedFreeText(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 >= 0x30 && $0 <= 0x39 }) || text.utf8.contains(where: { $0 >= 0x80 }) || text.count > 20 else { return text }
        return TextRedactor().redact(text).text
    }
}
