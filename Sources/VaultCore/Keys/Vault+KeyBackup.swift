public import Foundation
public import Logging
import VaultAudit
import VaultBundle
import VaultCrypto
import VaultStore

/// One file or directory of a key-store backup, held in memory (zeroed by its owner after use).
struct KeyBackupMember {
    var path: String
    var mode: Int
    var isDirectory: Bool
    var contents: [UInt8]
}

extension Vault {
    /// Writes the key store to `destination`, encrypted under `passphrase` in the age format
    /// (scrypt recipient, so `age -d` opens it): a ustar archive of `keystore.json`, the live KEK
    /// files, `pseudonym.key`, `audit-signing.key` and a consistent copy of `subject-keys.sqlite`
    /// (on a shared catalog, its subject keys and journal in that form).
    /// Without this, losing the key store loses every recording. Audited (`key.backup`).
    ///
    /// A backup keeps every subject key it holds for as long as it is kept, so shredding reaches
    /// a backup only when the backup is destroyed: see `docs/keys.md` for how long to keep them.
    package func backupKeyStore(to destination: URL, passphrase: String, workFactor: Int = 18, actor: VaultActor) throws {
        var members = try keyStoreMembers()
        defer { Self.wipe(&members) }
        try logAudit(.keyBackup, actor: actor, target: nil, detail: ["kek_versions": "\(members.filter { $0.path.hasPrefix("kek/") && !$0.isDirectory }.count)"])
        let file = try AtomicFile(destination: destination)
        try writeKeyStoreArchive(members, to: .scrypt(passphrase: passphrase, workFactor: workFactor)) { try file.write($0) }
        try file.commit()
    }

    /// The key store's files as a key-store backup holds them: `keystore.json`, the live KEK
    /// files, `pseudonym.key`, `audit-signing.key`, the state files and a consistent copy of the
    /// subject keys and their journal as `subject-keys.sqlite`. The caller wipes them.
    func keyStoreMembers() throws -> [KeyBackupMember] {
        let store = keyRing.keyStore
        // The subject keys and their journal, from one snapshot: the key store's database, or a
        // shared catalog's keys in a database of the same kind (so a backup of a vault on
        // PostgreSQL restores as one on a single box's key store).
        try (keyRing.subjects as? SubjectKeyStore)?.truncateLog()
        Self.sweepKeySnapshots(in: store.url)
        let snapshot = store.url.appendingPathComponent(".backup-\(UUID().uuidString.prefix(8)).sqlite")
        defer { unlink(snapshot.path) }
        try keyRing.subjects.snapshot(to: snapshot)
        var members: [KeyBackupMember] = [.init(path: "kek", mode: 0o700, isDirectory: true, contents: [])]
        func add(_ name: String, from url: URL) throws {
            guard let data = FileManager.default.contents(atPath: url.path) else {
                throw CryptoError(.keyStore, "cannot read \(url.path) for the backup")
            }
            members.append(.init(path: name, mode: 0o600, isDirectory: false, contents: [UInt8](data)))
        }
        do {
            try add("keystore.json", from: store.url.appendingPathComponent("keystore.json"))
            for version in store.kekVersions where version.retiredAt == nil {
                let name = "kek/" + String(format: "%04d", version.version) + ".key"
                try add(name, from: store.url.appendingPathComponent(name))
            }
            try add("pseudonym.key", from: store.url.appendingPathComponent("pseudonym.key"))
            try add(Self.auditSigningKeyFile, from: store.url.appendingPathComponent(Self.auditSigningKeyFile))
            // What the key store says about the catalog: its rows are sealed (so a row without a MAC
            // stays a forgery after a restore, never "old"), and the latest tree head signed.
            for name in Self.keyStoreStateFiles where FileManager.default.fileExists(atPath: store.url.appendingPathComponent(name).path) {
                try add(name, from: store.url.appendingPathComponent(name))
            }
            try add("subject-keys.sqlite", from: snapshot)
        } catch {
            Self.wipe(&members)
            throw error
        }
        return members
    }

    /// Removes copies of the subject keys a key backup killed part-way left in the key store
    /// (`.backup-*.sqlite` and their staging files, an hour old: a backup running now keeps its own).
    static func sweepKeySnapshots(in keyStore: URL) {
        let fm = FileManager.default
        let hourAgo = Date().addingTimeInterval(-3600)
        for name in (try? fm.contentsOfDirectory(atPath: keyStore.path)) ?? [] where name.hasPrefix(".backup-") || name.hasPrefix("..backup-") {
            let url = keyStore.appendingPathComponent(name)
            if let modified = (try? fm.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date, modified < hourAgo {
                try? fm.removeItem(at: url)
            }
        }
    }

    /// Writes `members` as a ustar archive in an age file for `recipient`, its bytes to `sink`.
    func writeKeyStoreArchive(_ members: [KeyBackupMember], to recipient: AgeRecipient,
                              sink: @escaping (UnsafeRawBufferPointer) throws -> Void) throws {
        let writer = try AgeWriter(recipient: recipient, sink: sink)
        let archive = try ArchiveWriter(format: .ustar) { try writer.write($0) }
        let date = now
        for member in members {
            if member.isDirectory {
                try archive.addDirectory(path: member.path, date: date, mode: member.mode)
                continue
            }
            try archive.beginEntry(path: member.path, date: date, mode: member.mode, size: member.contents.count)
            try member.contents.withUnsafeBytes { try archive.write($0) }
            try archive.endEntry()
        }
        try archive.close()
        try writer.finish()
    }

    /// Zeroes every member's contents.
    static func wipe(_ members: inout [KeyBackupMember]) {
        for i in members.indices { for j in members[i].contents.indices { members[i].contents[j] = 0 } }
    }

    /// Brings back a key store from a backup made by ``backupKeyStore(to:passphrase:workFactor:actor:)``
    /// into the vault's key-store path (or `keyStoreURL`), which must not exist or be empty. The
    /// backup must belong to this vault, and the restore is audited in it (`key.restore`).
    /// Returns where it was restored.
    ///
    /// With no vault at `vaultURL` (a machine that lost it, before `callvault restore`), the key
    /// store goes to `keyStoreURL`, which must then be given: whose it is is proven when the
    /// restore checks the backup's signed manifest under the key store's audit key.
    package static func restoringKeyStore(from backup: URL, passphrase: String, configuration: VaultConfiguration,
                                       logger: Logger) throws -> URL {
        let layout = VaultLayout(root: configuration.vaultURL)
        let manifest: VaultManifest?
        do { manifest = try VaultManifest.read(layout) } catch let error as StoreError
            where error.code == .vaultMissing || error.code == .notAVault && !FileManager.default.fileExists(atPath: layout.manifestURL.path) {
            manifest = nil  // no vault there yet: a missing or empty directory (or one a restore is filling)
        }
        guard let target = configuration.keyStoreURL ?? manifest.map({ URL(fileURLWithPath: $0.keyStorePath) }) else {
            throw VaultError(.misconfigured, "no vault at \(layout.root.path): give --key-store DIR to restore the key store there for callvault restore")
        }
        if let entries = try? FileManager.default.contentsOfDirectory(atPath: target.path), !entries.isEmpty {
            throw CryptoError(.alreadyExists, "\(target.path) is not empty; restore into a new or empty directory")
        }
        guard let handle = FileHandle(forReadingAtPath: backup.path) else {
            throw StoreError(.notFound, "\(backup.path): cannot read the backup")
        }
        defer { try? handle.close() }
        let reader = try AgeReader(passphrase: passphrase) { buffer in
            let data = handle.readData(ofLength: buffer.count)
            data.copyBytes(to: buffer)
            return data.count
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: backup.path))?[.size] as? Int ?? 0
        var members = try readKeyStoreBackup(reader, byteCount: size, name: backup.path)
        defer { wipe(&members) }
        guard let vaultID = keyStoreDocument(in: members)?["vault_id"] as? String, manifest == nil || manifest?.vaultID == vaultID else {
            throw CryptoError(.wrongKey, "\(backup.path) is not a key-store backup of this vault (\(manifest?.vaultID ?? "?"))")
        }
        try writeKeyStore(members, to: target)
        guard manifest != nil else { return target }
        let vault = try open(configuration, logger: logger)
        try vault.logAudit(.keyRestore, actor: .localUser, target: nil, detail: ["files": "\(members.filter { !$0.isDirectory }.count)"])
        return target
    }
}

extension Vault {
    /// A key-store backup's members, decrypted by `reader` and unpacked; the caller wipes them.
    /// The plaintext's room is reserved once for `byteCount` (the encrypted size, no smaller than
    /// the plaintext), so growing leaves no copy of key material behind, and it is wiped after.
    static func readKeyStoreBackup(_ reader: AgeReader, byteCount: Int, name: String) throws -> [KeyBackupMember] {
        var archive = [UInt8]()
        archive.reserveCapacity(byteCount)
        defer { for i in archive.indices { archive[i] = 0 } }
        while let chunk = try reader.next() { archive += chunk }
        return try readBackupArchive(archive, name: name)
    }

    /// What `keystore.json` among a key-store backup's members says; nil when it is missing or not JSON.
    static func keyStoreDocument(in members: [KeyBackupMember]) -> [String: Any]? {
        members.first { $0.path == "keystore.json" }.flatMap { try? JSONSerialization.jsonObject(with: Data($0.contents)) as? [String: Any] }
    }

    /// Writes a key-store backup's members into `target` (created 0700; files 0600).
    static func writeKeyStore(_ members: [KeyBackupMember], to target: URL) throws {
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: target.path)
        for member in members {
            let url = target.appendingPathComponent(member.path)
            if member.isDirectory {
                try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } else {
                guard FileManager.default.createFile(atPath: url.path, contents: Data(member.contents), attributes: [.posixPermissions: 0o600]) else {
                    throw CryptoError(.keyStore, "cannot write \(url.path)")
                }
            }
        }
    }

    /// The members of a backup's tar archive (libarchive), refusing an unsafe path
    /// (`ArchiveReader.Entry.safeRelativePath`) or anything but files and directories: restore
    /// writes each under the key store.
    static func readBackupArchive(_ bytes: [UInt8], name: String) throws -> [KeyBackupMember] {
        let reader = try ArchiveReader(ustar: bytes, name: name)
        var members: [KeyBackupMember] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        defer { for i in buffer.indices { buffer[i] = 0 } }
        while let entry = try reader.nextEntry() {
            guard let path = entry.safeRelativePath, entry.isFile || entry.isDirectory else {
                throw VaultError(.refused, "the backup's archive holds an unsafe entry: \(entry.path)")
            }
            var member = KeyBackupMember(path: path, mode: entry.mode, isDirectory: entry.isDirectory, contents: [])
            // Sized once, so growing never leaves a copy of key material behind (key files are small).
            if let size = entry.size, (0...(64 << 20)).contains(size) { member.contents.reserveCapacity(size) }
            while entry.isFile {
                let n = try buffer.withUnsafeMutableBytes { try reader.read(into: $0) }
                if n == 0 { break }
                member.contents += buffer[..<n]
            }
            members.append(member)
        }
        return members
    }
}

extension Vault {
    /// Key-store files that record the catalog's state rather than keys: the markers that say its
    /// rows are sealed, and the latest signed tree head. A backup carries them, so a restored key
    /// store neither re-seals forged rows as "old" ones nor forgets the head the log must extend.
    static var keyStoreStateFiles: [String] { [rowsSealedMarker, grantsSealedMarker, KeyStoreTreeHead.fileName] }
}
