public import Foundation
public import Logging
import VaultAudit
import VaultBase
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

    /// The standby at `root` (created by the first ``follow(from:identity:environment:logger:)``).
    public init(root: URL) { self.root = root.standardizedFileURL }

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
        /// When the promotion finished (RFC 3339); from then on the standby follows no more.
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
    /// Refused: a location other than the one this standby follows, a backup of another vault or
    /// under another audit key than the first one applied, a backup taken without a standby
    /// recipient, and a promoted standby.
    public func follow(from location: BackupLocation, identity: AgeX25519Identity, environment: [String: String],
                       logger: Logger) async throws -> StandbyPass {
        try await BlockingWork.runLong("callvault-standby") {
            try followNow(from: location, identity: identity, environment: environment, logger: logger)
        }
    }

    func followNow(from location: BackupLocation, identity: AgeX25519Identity, environment: [String: String],
                   logger: Logger) throws -> StandbyPass {
        let start = ContinuousClock.now
        let lock = try lock(wait: false)
        defer { lock.unlock() }
        var state = try loadState() ?? State(location: location.description)
        guard state.promotedAt == nil, state.promotionToken == nil else {
            throw VaultError(.refused, "the standby \(root.path) was promoted: it follows no backups any more (serve its vault)")
        }
        guard state.location == location.description else {
            throw VaultError(.refused, "the standby \(root.path) follows \(state.location), not \(location.description)")
        }
        try FileManager.default.createDirectory(at: generationsURL, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try sweepGenerations()
        let scratch = root.appendingPathComponent(".scratch")
        let destination = try location.destination(environment: environment, scratch: scratch)
        guard let id = try destination.backupIDs().last else { throw VaultError(.notFound, "no backups in \(destination.name) yet") }
        if id == currentBackup() {
            return StandbyPass(backupID: id, applied: false, restore: nil, seconds: (ContinuousClock.now - start).seconds)
        }
        // What the backup says of itself, before anything checks it: the restore below verifies
        // its signature under the key store it carries, and the pins tie that key to the first one.
        guard let unverified = destination.unverifiedManifest(id) else {
            throw VaultError(.damagedBackup, "backup \(id): manifest.json is missing or not a backup manifest")
        }
        if let pinned = state.vaultID, unverified.vaultID != pinned {
            throw VaultError(.refused, "backup \(id) is of vault \(unverified.vaultID); this standby follows vault \(pinned)")
        }
        if let pinned = state.publicKey, unverified.publicKey != pinned {
            throw VaultError(.refused, "backup \(id) is signed by another audit key than the backups this standby applied")
        }
        guard let keyEntry = unverified.keyStore else {
            throw VaultError(.refused, "backup \(id) carries no key store for a standby: take backups with --standby-recipient "
                             + identity.publicKey.description)
        }
        let generation = generationURL(id)
        try FileManager.default.createDirectory(at: generation, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        let keyStoreURL = generation.appendingPathComponent("keys")
        try unpackKeyStore(destination: destination, backup: id, entry: keyEntry, identity: identity, vaultID: unverified.vaultID, into: keyStoreURL)

        var configuration = VaultConfiguration(vaultURL: generation.appendingPathComponent("vault"), keyStoreURL: keyStoreURL)
        configuration.environment = environment
        let seed = try currentBackup().flatMap { previous -> Vault.RestoreSeed? in
            let url = generationURL(previous)
            guard let data = FileManager.default.contents(atPath: url.appendingPathComponent("manifest.json").path) else { return nil }
            let manifest = try BackupManifest.decode(data)
            return Vault.RestoreSeed(objectsURL: url.appendingPathComponent("vault/objects"),
                                     files: Dictionary(manifest.objects.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a }))
        }
        let (vault, report) = try Vault.restoreNow(from: location, backupID: id, configuration: configuration,
                                                   actor: VaultActor(name: "callvault-standby", authentication: "system"), logger: logger, seed: seed)
        // The manifest the restore verified, bound to the keys.age unpacked above.
        let manifest = try destination.manifest(id, publicKey: vault.auditLog.publicKey)
        guard manifest.keyStore == keyEntry, manifest.vaultID == unverified.vaultID else {
            throw VaultError(.damagedBackup, "backup \(id): its manifest changed while the standby applied it")
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
        if state.vaultID == nil {
            state.vaultID = manifest.vaultID
            state.publicKey = manifest.publicKey
            try storeState(state)
        } else if !FileManager.default.fileExists(atPath: stateURL.path) {
            try storeState(state)
        }
        try sweepGenerations()
        logger.info("standby applied a backup", metadata: ["backup.id": "\(id)", "backup.objects": "\(report.objects)",
                                                           "backup.objects_reused": "\(report.objectsReused)"])
        return StandbyPass(backupID: id, applied: true, restore: report, seconds: (ContinuousClock.now - start).seconds)
    }

    /// Fetches the backup's `keys.age`, checks it against the manifest's entry, decrypts it with
    /// `identity` and writes the key store into `target`; it must be `vaultID`'s.
    private func unpackKeyStore(destination: any BackupDestination, backup id: String, entry: BackupManifest.File,
                                identity: AgeX25519Identity, vaultID: String, into target: URL) throws {
        let encrypted: Data
        do { encrypted = try BucketBackups.readAll(try destination.openFile(BackupManifest.keyStoreFile, ofBackup: id)) } catch {
            throw VaultError(.damagedBackup, "backup \(id): \(BackupManifest.keyStoreFile) is missing or unreadable")
        }
        guard Int64(encrypted.count) == entry.bytes, SHA256Hasher.hash(Array(encrypted)).hexString == entry.sha256 else {
            throw VaultError(.damagedBackup, "backup \(id): \(BackupManifest.keyStoreFile) does not match its manifest entry")
        }
        var archive = [UInt8]()
        defer { for i in archive.indices { archive[i] = 0 } }
        do {
            var offset = 0
            let reader = try AgeReader(identity: identity) { buffer in
                let n = min(buffer.count, encrypted.count - offset)
                encrypted.copyBytes(to: buffer.bindMemory(to: UInt8.self), from: offset..<(offset + n))
                offset += n
                return n
            }
            while let chunk = try reader.next() { archive += chunk }
        } catch let error as CryptoError {
            throw VaultError(.keyUnavailable, "backup \(id): \(BackupManifest.keyStoreFile) does not open with this standby's identity "
                             + "(\(identity.publicKey)): \(error.message)")
        }
        var members = try Vault.readBackupArchive(archive, name: "\(id)/\(BackupManifest.keyStoreFile)")
        defer { Vault.wipe(&members) }
        guard let json = members.first(where: { $0.path == "keystore.json" }),
              let object = try? JSONSerialization.jsonObject(with: Data(json.contents)) as? [String: Any],
              object["vault_id"] as? String == vaultID else {
            throw VaultError(.damagedBackup, "backup \(id): \(BackupManifest.keyStoreFile) is not the key store of vault \(vaultID)")
        }
        try Vault.writeKeyStore(members, to: target)
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
        let token = state.promotionToken ?? UUID().uuidString.lowercased()
        if state.promotionToken == nil {
            state.promotionToken = token
            try storeState(state)
        }
        var configuration = VaultConfiguration(vaultURL: vaultURL, keyStoreURL: keyStoreURL)
        configuration.environment = environment
        let vault = try Vault.open(configuration, logger: logger)
        if try vault.primaryToken() != token {
            try FileSystemSync.writeDurably(try JSONEncoder().encode(["token": token]), to: vault.layout.primaryTokenURL)
        }
        let promotedAt = state.promotedAt ?? Timestamp.format(vault.now)
        let fence = Fence(format: Fence.currentFormat, vaultID: vault.manifest.vaultID, token: token, promotedAt: promotedAt, backupID: id)
        let location = BackupLocation(state.location)
        if state.promotedAt == nil {
            try vault.logAudit(.vaultPromote, actor: actor, target: id, detail: ["fence_at": location.description, "promoted_at": promotedAt])
        }
        let destination = try location.destination(environment: environment, scratch: root.appendingPathComponent(".scratch"))
        try destination.putFence(try fence.signed(by: vault.auditLog.signer))
        state.promotedAt = promotedAt
        try storeState(state)
        try vault.auditLog.checkpoint()
        logger.notice("standby promoted", metadata: ["backup.id": "\(id)", "vault.id": "\(vault.manifest.vaultID)"])
        return StandbyPromotion(backupID: id, vault: vaultURL.path, keyStore: keyStoreURL.path, promotedAt: promotedAt, fencedAt: location.description)
    }
}
