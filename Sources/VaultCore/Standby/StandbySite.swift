public import Foundation
public import Logging
import VaultAudit
public import VaultBase
public import VaultCrypto
import VaultStore

/// A warm standby: a directory on another site that follows a vault's backups (taken with a
/// standby recipient, so each carries the key store age-encrypted to the standby's identity),
/// restores each new one, verified exactly as `callvault restore` does, and switches to it
/// atomically; and that can be promoted with one command, fencing the old primary.
///
/// ```
/// STANDBY/
///   standby.json            the location followed, the vault and audit key pinned at the first
///                           backup applied, and the promotion once begun
///   standby.lock            flock: one follower or promotion at a time
///   current -> generations/<backup id>     the backup applied (switched by one rename)
///   generations/<backup id>/vault/         a restored vault
///   generations/<backup id>/keys/          its key store, from the backup's keys.age
///   generations/<backup id>/manifest.json  the backup's verified manifest (the next one reuses its objects)
/// ```
///
/// Every step is a state the next pass completes or removes: a generation that `current` does
/// not name is unfinished (or superseded) and removed before anything else; `current` moves by
/// one atomic rename; the promotion's token is kept before the vault and the fence receive it.
public struct StandbySite: Sendable {
    /// The standby's directory.
    public let root: URL
    /// The source of "now" (a promotion's time).
    let clock: any VaultClock

    /// The standby at `root` (created by the first ``follow(from:identity:auditKey:environment:logger:)``).
    public init(root: URL, clock: any VaultClock = SystemClock()) {
        self.root = root.standardizedFileURL
        self.clock = clock
    }

    var stateURL: URL { root.appendingPathComponent("standby.json") }
    var currentURL: URL { root.appendingPathComponent("current") }
    var generationsURL: URL { root.appendingPathComponent("generations") }
    func generationURL(_ id: String) -> URL { generationsURL.appendingPathComponent(id) }

    /// The backup applied now (`current`'s target), nil before the first.
    public func currentBackup() -> String? {
        guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: currentURL.path) else { return nil }
        return URL(fileURLWithPath: target).lastPathComponent
    }

    /// The vault and key store of the backup applied now.
    public func current() -> (vault: URL, keyStore: URL)? {
        currentBackup().map { (generationURL($0).appendingPathComponent("vault"), generationURL($0).appendingPathComponent("keys")) }
    }

    /// The standby's state as `standby.json` keeps it.
    struct State: Codable, Equatable {
        var format = "callvault-standby/v1"
        /// The backup location followed.
        var location: String
        /// Pinned at the first backup applied: every later one must be the same vault's, under the same audit key.
        var vaultID: String?
        var publicKey: String?
        /// Chosen when a promotion begins, kept so a promotion run again finishes the same one.
        var promotionToken: String?
        /// When the promotion began (RFC 3339), chosen with the token; from then on the standby follows no more.
        var promotedAt: String?

        enum CodingKeys: String, CodingKey {
            case format, location, vaultID = "vault_id", publicKey = "public_key", promotionToken = "promotion_token"
            case promotedAt = "promoted_at"
        }
    }

    func loadState() throws -> State? {
        guard let data = FileManager.default.contents(atPath: stateURL.path) else { return nil }
        do { return try JSONDecoder().decode(State.self, from: data) } catch {
            throw VaultError(.misconfigured, "\(stateURL.path) is not a standby's state")
        }
    }

    func storeState(_ state: State) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        try FileSystemSync.writeDurably(try encoder.encode(state), to: stateURL)
    }

    /// Takes the standby's lock (one follower or promotion at a time): `conflict` when held and `wait` is false.
    func lock(wait: Bool) throws -> FileLock {
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let lock = try FileLock(url: root.appendingPathComponent("standby.lock"))
        if wait { try lock.lockExclusive() } else if !lock.tryLockExclusive() {
            throw VaultError(.conflict, "another follower or promotion is running on the standby \(root.path)")
        }
        return lock
    }

    /// Removes every generation `current` does not name: one a pass was building when it was
    /// killed, or one superseded.
    func sweepGenerations() throws {
        let fm = FileManager.default
        let keep = currentBackup()
        for name in (try? fm.contentsOfDirectory(atPath: generationsURL.path)) ?? [] where name != keep {
            try fm.removeItem(at: generationsURL.appendingPathComponent(name))
        }
    }
}

/// What one pass of a standby's follower did.
public struct StandbyPass: Sendable, Codable, Equatable {
    /// The newest backup at the location, now applied (or already applied).
    public var backupID: String
    /// Whether this pass applied it (false: it was applied already).
    public var applied: Bool
    /// The restore's report when it applied one.
    public var restore: RestoreReport?
    /// Seconds the pass took.
    public var seconds: Double

    enum CodingKeys: String, CodingKey {
        case backupID = "backup_id", applied, restore, seconds
    }
}

/// What a promotion did.
public struct StandbyPromotion: Sendable, Codable, Equatable {
    /// The backup the promoted vault holds (writes the old primary took after it are not in it).
    public var backupID: String
    /// The promoted vault's directory, to serve.
    public var vault: String
    /// Its key store.
    public var keyStore: String
    /// When it was promoted (RFC 3339).
    public var promotedAt: String
    /// Where the fence was put up.
    public var fencedAt: String

    enum CodingKeys: String, CodingKey {
        case backupID = "backup_id", vault, keyStore = "key_store", promotedAt = "promoted_at", fencedAt = "fenced_at"
    }
}

extension StandbySite {
    /// One pass: when `location` holds a backup newer than the one applied, restores it into a new
    /// generation (its key store from the backup's `keys.age`, decrypted with `identity`; objects
    /// the applied generation already holds hard-linked; everything else copied and checked, the
    /// chain and every key verified as by `callvault restore`) and switches `current` to it.
    ///
    /// Nothing the location holds is trusted before its manifest's signature verifies under the
    /// primary's audit key: `auditKey`, which the first pass needs (the operator copies it from
    /// `callvault audit public-key` on the primary) and pins in `standby.json`. Refused: a first
    /// pass without it, another key than the pinned one, another location than the one followed,
    /// a backup of another vault, one whose log is not longer than the applied one's (an old
    /// backup put back), one without a standby's key store, a key store in an HSM or with
    /// unexpected files, and a promoted standby.
    public func follow(from location: BackupLocation, identity: AgeX25519Identity, auditKey: Ed25519PublicKey? = nil,
                       environment: [String: String], logger: Logger) async throws -> StandbyPass {
        try await BlockingWork.runLong("callvault-standby") {
            try followNow(from: location, identity: identity, auditKey: auditKey, environment: environment, logger: logger)
        }
    }

    func followNow(from location: BackupLocation, identity: AgeX25519Identity, auditKey: Ed25519PublicKey?, environment: [String: String],
                   logger: Logger) throws -> StandbyPass {
        let start = ContinuousClock.now
        let lock = try lock(wait: false)
        defer { lock.unlock() }
        var state: State
        let stored = try loadState()
        let firstPass = stored == nil
        if let stored {
            state = stored
            guard state.promotedAt == nil, state.promotionToken == nil else {
                throw VaultError(.refused, "the standby \(root.path) was promoted: it follows no backups any more (serve its vault)")
            }
            guard state.location == location.description else {
                throw VaultError(.refused, "the standby \(root.path) follows \(state.location), not \(location.description)")
            }
            if let auditKey, auditKey.rawRepresentation.hexString != state.publicKey {
                throw VaultError(.refused, "the standby \(root.path) follows backups signed by another audit key than the one given")
            }
        } else {
            guard let auditKey else {
                throw VaultError(.refused, "the first pass of a standby needs the primary's audit public key (--audit-key: the PEM "
                                 + "`callvault audit public-key` prints on the primary), so that nothing unsigned is ever trusted")
            }
            // Kept once a backup verifies under it (below), before anything is applied.
            state = State(location: location.description, vaultID: nil, publicKey: auditKey.rawRepresentation.hexString)
        }
        guard let pinnedHex = state.publicKey, let pinnedBytes = [UInt8](hexString: pinnedHex),
              let publicKey = try? Ed25519PublicKey(rawRepresentation: pinnedBytes) else {
            throw VaultError(.misconfigured, "\(stateURL.path) holds no audit key")
        }
        try FileManager.default.createDirectory(at: generationsURL, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try sweepGenerations()
        let scratch = root.appendingPathComponent(".scratch")
        let destination = try location.destination(environment: environment, scratch: scratch)
        guard let id = try destination.backupIDs().last else { throw VaultError(.notFound, "no backups in \(destination.name) yet") }
        if id == currentBackup() {
            return StandbyPass(backupID: id, applied: false, restore: nil, seconds: (ContinuousClock.now - start).seconds)
        }
        let applied = try currentBackup().map { try appliedManifest($0) }
        // The manifest, verified before anything it names is read.
        let manifest: BackupManifest
        do { manifest = try destination.manifest(id, publicKey: publicKey) } catch let error as VaultError where firstPass {
            throw VaultError(.refused, "backup \(id) does not verify under the audit key given (\(error.message)): check --audit-key "
                             + "(`callvault audit public-key` on the primary) and --from; nothing was kept")
        }
        guard manifest.backupID == id, manifest.publicKey == pinnedHex else {
            throw VaultError(.damagedBackup, "backup \(id): its manifest names another backup or audit key")
        }
        if let pinned = state.vaultID, manifest.vaultID != pinned {
            throw VaultError(.refused, "backup \(id) is of vault \(manifest.vaultID); this standby follows vault \(pinned)")
        }
        if let applied, try Self.treeSize(manifest, publicKey) <= Self.treeSize(applied, publicKey) {
            throw VaultError(.refused, "backup \(id) is not newer than backup \(applied.backupID), which the standby applied (its audit log is "
                             + "not longer): an older backup put back under a new name is never applied")
        }
        if manifest.sharedCatalog == true {
            throw VaultError(.refused, "backup \(id) is of a vault whose catalog is on PostgreSQL: a standby follows vaults whose catalog is SQLite "
                             + "(its fence would stop one node, not the others' writes); restore it with callvault restore --identity")
        }
        // The pins, kept once a backup verified under the key (before anything is applied).
        if state.vaultID == nil || firstPass {
            state.vaultID = manifest.vaultID
            try storeState(state)
        }
        guard let keyEntry = manifest.keyStore else {
            throw VaultError(.refused, "backup \(id) carries no key store for a standby: take backups with --standby-recipient "
                             + identity.publicKey.description)
        }
        let generation = generationURL(id)
        try FileManager.default.createDirectory(at: generation, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        let keyStoreURL = generation.appendingPathComponent("keys")
        try Vault.unpackKeyStore(from: destination, backup: id, entry: keyEntry, identity: identity, vaultID: manifest.vaultID, into: keyStoreURL,
                                 hsmHint: "a standby of it needs that HSM, which callvault standby does not support yet")

        var configuration = VaultConfiguration(vaultURL: generation.appendingPathComponent("vault"), keyStoreURL: keyStoreURL)
        configuration.environment = environment
        let seed = applied.map { applied in
            Vault.RestoreSeed(objectsURL: generationURL(applied.backupID).appendingPathComponent("vault/objects"),
                              files: Dictionary(applied.objects.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a }))
        }
        let (vault, report) = try Vault.restoreNow(from: location, backupID: id, configuration: configuration,
                                                   actor: VaultActor(name: "callvault-standby", authentication: "system"), logger: logger,
                                                   seed: seed, expected: manifest)
        // The new log extends the applied one's: the same history, longer (not a primary restored
        // from an older backup since, whose log went another way).
        if let applied {
            do { _ = try vault.auditLog.verify(against: try Checkpoint(note: applied.checkpoint, publicKey: publicKey)) } catch {
                throw VaultError(.refused, "backup \(id): its audit log does not extend the one of backup \(applied.backupID), which the standby "
                                 + "applied (the primary's history went another way: was it restored from an older backup?)")
            }
        }
        try FileSystemSync.writeDurably(try manifest.encoded(), to: generation.appendingPathComponent("manifest.json"))
        try FileSystemSync.syncFileSystem(containing: generation)

        // The switch: one rename of a symlink.
        let next = root.appendingPathComponent(".current.next")
        unlink(next.path)
        try FileManager.default.createSymbolicLink(atPath: next.path, withDestinationPath: "generations/\(id)")
        guard rename(next.path, currentURL.path) == 0 else {
            throw StoreError(.io, "cannot switch \(currentURL.path) to backup \(id): \(String(cString: strerror(errno)))")
        }
        try FileSystemSync.syncDirectory(root)
        try sweepGenerations()
        logger.info("standby applied a backup", metadata: ["backup.id": "\(id)", "backup.objects": "\(report.objects)",
                                                           "backup.objects_reused": "\(report.objectsReused)"])
        return StandbyPass(backupID: id, applied: true, restore: report, seconds: (ContinuousClock.now - start).seconds)
    }

    /// The manifest kept with an applied generation (checked when it was applied).
    func appliedManifest(_ id: String) throws -> BackupManifest {
        guard let data = FileManager.default.contents(atPath: generationURL(id).appendingPathComponent("manifest.json").path) else {
            throw VaultError(.misconfigured, "the standby's generation \(id) has no manifest.json")
        }
        return try BackupManifest.decode(data)
    }

    /// The size of the audit log a backup's checkpoint signs.
    static func treeSize(_ manifest: BackupManifest, _ publicKey: Ed25519PublicKey) throws -> Int64 {
        do { return try Checkpoint(note: manifest.checkpoint, publicKey: publicKey).treeSize } catch {
            throw VaultError(.damagedBackup, "backup \(manifest.backupID): its checkpoint is not one this vault signed")
        }
    }
}

extension StandbySite {
    /// Promotes the standby: its current vault becomes the primary. The promotion's token is kept
    /// first (`standby.json`), then given to the vault (`primary.json`), audited there
    /// (`vault.promote`), and put up as a fence signed by the vault's audit key at the location
    /// followed: the old primary finds it (`serve --backup-to` looks every few seconds, every
    /// backup looks first) and refuses every write from then on. Waits for a follower's pass
    /// to end; run again after a failure, it finishes the same promotion.
    public func promote(environment: [String: String], actor: VaultActor, logger: Logger) async throws -> StandbyPromotion {
        try await BlockingWork.runLong("callvault-standby") { try promoteNow(environment: environment, actor: actor, logger: logger) }
    }

    func promoteNow(environment: [String: String], actor: VaultActor, logger: Logger) throws -> StandbyPromotion {
        let lock = try lock(wait: true)
        defer { lock.unlock() }
        guard var state = try loadState(), let id = currentBackup(), let (vaultURL, keyStoreURL) = current().map({ ($0.vault, $0.keyStore) }) else {
            throw VaultError(.notFound, "the standby \(root.path) has applied no backup: nothing to promote")
        }
        // The token and the time are chosen once: a promotion run again finishes the same one.
        let token = state.promotionToken ?? UUID().uuidString.lowercased()
        if state.promotionToken == nil {
            state.promotionToken = token
            state.promotedAt = Timestamp.format(clock.now())
            try storeState(state)
        }
        let promotedAt = state.promotedAt ?? Timestamp.format(clock.now())
        var configuration = VaultConfiguration(vaultURL: vaultURL, keyStoreURL: keyStoreURL)
        configuration.environment = environment
        let vault = try Vault.open(configuration, logger: logger)
        if try vault.primaryToken() != token { try vault.keepPrimaryToken(token) }
        let fence = Fence(format: Fence.currentFormat, vaultID: vault.manifest.vaultID, token: token, promotedAt: promotedAt, backupID: id)
        let location = BackupLocation(state.location)
        // Audited once, with the token: a vault whose log holds it is never fenced by this fence.
        if try !vault.logHoldsPromotion(token: token) {
            try vault.logAudit(.vaultPromote, actor: actor, target: id,
                               detail: ["fence_at": location.description, "promoted_at": promotedAt, "token": token])
        }
        let destination = try location.destination(environment: environment, scratch: root.appendingPathComponent(".scratch"))
        try destination.putFence(try fence.signed(by: vault.auditLog.signer))
        try vault.auditLog.checkpoint()
        logger.notice("standby promoted", metadata: ["backup.id": "\(id)", "vault.id": "\(vault.manifest.vaultID)"])
        return StandbyPromotion(backupID: id, vault: vaultURL.path, keyStore: keyStoreURL.path, promotedAt: promotedAt, fencedAt: location.description)
    }
}
