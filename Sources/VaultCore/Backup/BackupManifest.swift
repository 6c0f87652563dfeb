public import Foundation
import VaultAudit
import VaultBase
import VaultCrypto

/// A backup's manifest (`BACKUPS/backups/<id>/manifest.json`), signed by the vault's audit key
/// (`manifest.sig`: the Ed25519 signature of the file's exact bytes, base64). It lists every file
/// of the backup with its SHA-256; it holds no key material. Format: `docs/backups.md`.
public struct BackupManifest: Codable, Sendable, Equatable {
    /// One file of the backup.
    public struct File: Codable, Sendable, Equatable {
        /// Its path: relative to the backup's directory for the catalog, to `objects/` for objects.
        public var path: String
        /// SHA-256 of its bytes (hex).
        public var sha256: String
        /// Its size.
        public var bytes: Int64

        /// Creates an entry.
        public init(path: String, sha256: String, bytes: Int64) {
            self.path = path
            self.sha256 = sha256
            self.bytes = bytes
        }
    }

    /// `callvault-backup/v1`.
    public var format: String
    /// The vault's id (a restore needs its key store).
    public var vaultID: String
    /// When the vault was created.
    public var vaultCreatedAt: String
    /// The backup's id: its start time, `yyyyMMdd'T'HHmmss'Z'`.
    public var backupID: String
    /// When it started (RFC 3339).
    public var startedAt: String
    /// The audit checkpoint signed for the backup (a C2SP note): the copied log extends it.
    public var checkpoint: String
    /// The audit public key (hex), which also signs this manifest.
    public var publicKey: String
    /// The catalog's copy, `catalog.sqlite`.
    public var catalog: File
    /// Every sealed object the catalog copy holds a recording for, by path under `objects/`.
    public var objects: [File]
    /// Objects the copy names whose recordings were purged while the backup ran (their keys are
    /// destroyed; a restore marks them purged from the key store's journal).
    public var goneDuringBackup: [String]
    /// `keys.age`: the key store, age-encrypted to a standby's X25519 recipient, when the backup
    /// was taken for a standby (`--standby-recipient`); nil otherwise (the backup holds no key).
    public var keyStore: File?
    /// True when the backed-up vault's catalog is shared (PostgreSQL): a standby does not follow
    /// it (its fence would stop one node, not the others), `restore --identity` restores it. Nil
    /// for a vault whose catalog is SQLite.
    public var sharedCatalog: Bool? = nil

    static let currentFormat = "callvault-backup/v1"
    /// The file name of a standby's key store in a backup.
    static let keyStoreFile = "keys.age"

    enum CodingKeys: String, CodingKey {
        case format, vaultID = "vault_id", vaultCreatedAt = "vault_created_at", backupID = "backup_id", startedAt = "started_at"
        case checkpoint, publicKey = "public_key", catalog, objects, goneDuringBackup = "gone_during_backup"
        case keyStore = "key_store", sharedCatalog = "shared_catalog"
    }

    /// The manifest's bytes as written (sorted keys).
    func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// Reads a manifest's bytes.
    static func decode(_ data: Data) throws -> BackupManifest {
        let decoder = JSONDecoder()
        return try decoder.decode(BackupManifest.self, from: data)
    }
}
