public import Foundation
public import Logging
public import VaultBase

/// The keys' use cases, as `vault.keys`: rotation, status, verification, the key store's
/// backup and restore, and crypto-shredding a subject. Async, the blocking work inside
/// (`BlockingWork`). Every change is audited.
public struct KeysService: Sendable {
    let vault: Vault

    /// Rotates the KEK (or finishes an unfinished rotation); resumable step by step.
    @discardableResult
    public func rotate(actor: VaultActor) async throws -> RotationResult {
        try await BlockingWork.runLong("callvault-rotation") { try vault.rotateKeys(actor: actor) }
    }

    /// Picks up a rotation made by another process, then rotates when the period has passed;
    /// nil when none was due.
    public func rotateIfDue() async throws -> RotationResult? {
        try await BlockingWork.runLong("callvault-rotation") {
            try vault.refreshKeys()
            return try vault.rotateIfDue()
        }
    }

    /// Versions, what each wraps, and when the next rotation is due.
    public func status() async throws -> KeyStatus { try await BlockingWork.run { try vault.keyStatus() } }

    /// Unwraps every wrapped key; audited (`key.verify`).
    public func verify(actor: VaultActor) async throws -> KeyVerification {
        try await BlockingWork.runLong("callvault-keys-verify") { try vault.verifyKeys(actor: actor) }
    }

    /// Writes the key store to `destination`, encrypted under `passphrase` (age, scrypt). Audited.
    public func backup(to destination: URL, passphrase: String, workFactor: Int = 18, actor: VaultActor) async throws {
        try await BlockingWork.runLong("callvault-keys-backup") { try vault.backupKeyStore(to: destination, passphrase: passphrase, workFactor: workFactor, actor: actor) }
    }

    /// Crypto-shreds the subject `phone`: its key is destroyed, its recordings unreadable everywhere.
    public func shred(phone: PhoneNumber, reason: String, actor: VaultActor) async throws -> ShredResult {
        try await BlockingWork.run { try vault.shredSubject(phone: phone, reason: reason, actor: actor) }
    }
}

extension Vault {
    /// The keys' use cases.
    public var keys: KeysService { KeysService(vault: self) }

    /// Brings back a key store from a backup (``KeysService/backup(to:passphrase:workFactor:actor:)``)
    /// into the vault's key-store path (or `configuration.keyStoreURL`), which must not exist or be
    /// empty; returns where. Audited in the vault (`key.restore`); with no vault there yet (before
    /// ``Vault/restore(from:backupID:configuration:keysFrom:actor:logger:)``), written to
    /// `configuration.keyStoreURL` only.
    public static func restoreKeyStore(from backup: URL, passphrase: String, configuration: VaultConfiguration,
                                       logger: Logger) async throws -> URL {
        try await BlockingWork.run { try restoringKeyStore(from: backup, passphrase: passphrase, configuration: configuration, logger: logger) }
    }
}
