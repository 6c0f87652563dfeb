public import Foundation
import VaultBase
public import VaultCrypto
import VaultStore

/// Where a restore takes its key store from when the site's is lost too: the backup's own
/// `keys.age` (a backup taken with `--standby-recipient`), opened with that recipient's identity,
/// and trusted only once the backup's manifest verifies under the vault's audit public key, which
/// the operator gives (the recipient is public, so anyone could have written a `keys.age`).
public struct BackupKeySource: Sendable {
    /// The age identity whose recipient the backups carry the key store to.
    public var identity: AgeX25519Identity
    /// The vault's audit public key (`callvault audit public-key`), kept apart from the backups.
    public var auditKey: Ed25519PublicKey

    /// Creates a source.
    public init(identity: AgeX25519Identity, auditKey: Ed25519PublicKey) {
        self.identity = identity
        self.auditKey = auditKey
    }
}

extension Vault {
    /// Fetches backup `id`'s `keys.age` from `destination`, checks it against the manifest's
    /// `entry` (the manifest verified by the caller), decrypts it with `identity` and writes the
    /// key store into `target`. It must be `vaultID`'s, hold only what a key store holds, and
    /// name no HSM (a `pkcs11` URI names a library to load, which nobody's backup chooses;
    /// `hsmHint` says what to do instead). The key store is written into a hidden sibling of
    /// `target`, synced, then renamed into place: `target` is whole or absent.
    static func unpackKeyStore(from destination: any BackupDestination, backup id: String, entry: BackupManifest.File,
                               identity: AgeX25519Identity, vaultID: String, into target: URL, hsmHint: String) throws {
        let encrypted: Data
        do { encrypted = try BucketBackups.readAll(try destination.openFile(BackupManifest.keyStoreFile, ofBackup: id)) } catch {
            throw VaultError(.damagedBackup, "backup \(id): \(BackupManifest.keyStoreFile) is missing or unreadable (only the newest backup keeps "
                             + "the key store it carried: an older one's is removed when the next is taken)")
        }
        guard Int64(encrypted.count) == entry.bytes, SHA256Hasher.hash(Array(encrypted)).hexString == entry.sha256 else {
            throw VaultError(.damagedBackup, "backup \(id): \(BackupManifest.keyStoreFile) does not match its manifest entry")
        }
        var members: [KeyBackupMember]
        do {
            var offset = 0
            let reader = try AgeReader(identity: identity) { buffer in
                let n = min(buffer.count, encrypted.count - offset)
                encrypted.copyBytes(to: buffer.bindMemory(to: UInt8.self), from: offset..<(offset + n))
                offset += n
                return n
            }
            members = try readKeyStoreBackup(reader, byteCount: encrypted.count, name: "\(id)/\(BackupManifest.keyStoreFile)")
        } catch let error as CryptoError {
            throw VaultError(.keyUnavailable, "backup \(id): \(BackupManifest.keyStoreFile) does not open with the identity given "
                             + "(\(identity.publicKey)): \(error.message)")
        }
        defer { wipe(&members) }
        guard let object = keyStoreDocument(in: members), object["vault_id"] as? String == vaultID else {
            throw VaultError(.damagedBackup, "backup \(id): \(BackupManifest.keyStoreFile) is not the key store of vault \(vaultID)")
        }
        let expected = Set(["kek", "keystore.json", "pseudonym.key", auditSigningKeyFile, "subject-keys.sqlite"] + keyStoreStateFiles)
        if let odd = members.first(where: { !expected.contains($0.path) && !($0.path.hasPrefix("kek/") && $0.path.hasSuffix(".key") && !$0.isDirectory) }) {
            throw VaultError(.damagedBackup, "backup \(id): \(BackupManifest.keyStoreFile) holds \(odd.path), which no key store holds")
        }
        if namesHSM(object) {
            throw VaultError(.refused, "backup \(id): the vault's KEK is in an HSM, which a key store taken from a backup may not name; \(hsmHint)")
        }
        let fm = FileManager.default
        let parent = target.deletingLastPathComponent()
        let prefix = ".\(target.lastPathComponent).partial-"
        // What an unpack killed part-way left.
        for name in (try? fm.contentsOfDirectory(atPath: parent.path)) ?? [] where name.hasPrefix(prefix) {
            try? fm.removeItem(at: parent.appendingPathComponent(name))
        }
        let partial = parent.appendingPathComponent(prefix + id)
        do {
            try writeKeyStore(members, to: partial)
            try FileSystemSync.syncFileSystem(containing: partial)
            if fm.fileExists(atPath: target.path) { try fm.removeItem(at: target) }  // empty: the caller checked
            try fm.moveItem(at: partial, to: target)
            try FileSystemSync.syncDirectory(parent)
        } catch {
            try? fm.removeItem(at: partial)
            throw error
        }
    }

    /// Whether a key store's `keystore.json` names an HSM anywhere (a `pkcs11` field with a value).
    static func namesHSM(_ value: Any) -> Bool {
        if let object = value as? [String: Any] {
            return object.contains { key, value in (key == "pkcs11" && !(value is NSNull)) || namesHSM(value) }
        }
        if let array = value as? [Any] { return array.contains(where: namesHSM) }
        return false
    }
}
