public import Foundation

/// The directory that holds a vault's secrets, kept apart from the vault's data.
///
/// Layout (directory `0700`, every file `0600`):
/// - `keystore.json`: format, the vault it belongs to, KEK versions and their creation times;
/// - `kek/NNNN.key`: 32 raw bytes per key-encryption-key version;
/// - `pseudonym.key`: the secret behind subject pseudonyms.
///
/// It never holds audio, transcripts or phone numbers. A copy of the vault's catalog and
/// objects without this directory can not be read. `Sendable`: its state is immutable after
/// opening; key files are read on demand.
public final class KeyStore: Sendable {
    /// The key store directory.
    public let url: URL
    /// The vault this key store belongs to.
    public let vaultID: String
    /// The KEK versions, oldest first.
    public let kekVersions: [KEKVersion]

    /// One key-encryption-key version.
    public struct KEKVersion: Codable, Sendable, Equatable {
        /// The version number, from 1.
        public let version: Int
        /// When this version was created.
        public let createdAt: Date

        enum CodingKeys: String, CodingKey { case version, createdAt = "created_at" }
    }

    struct Manifest: Codable {
        var format: Int
        var vaultID: String
        var keks: [KEKVersion]
        enum CodingKeys: String, CodingKey { case format, vaultID = "vault_id", keks }
    }

    private init(url: URL, manifest: Manifest) {
        self.url = url
        self.vaultID = manifest.vaultID
        self.kekVersions = manifest.keks
    }

    /// Creates a new key store at `url` with KEK version 1 and a pseudonym secret.
    /// Fails when a key store already exists there.
    public static func create(at url: URL, vaultID: String, createdAt: Date) throws -> KeyStore {
        let fm = FileManager.default
        if fm.fileExists(atPath: url.appendingPathComponent("keystore.json").path) {
            throw CryptoError(.alreadyExists, "a key store already exists at \(url.path)")
        }
        do {
            try fm.createDirectory(at: url.appendingPathComponent("kek"), withIntermediateDirectories: true,
                                   attributes: [.posixPermissions: 0o700])
            try fm.setAttributes([.posixPermissions: 0o700], ofItemAtPath: url.path)
            try writeSecret(SymmetricKey.random(), to: url.appendingPathComponent("kek/0001.key"))
            try writeSecret(SymmetricKey.random(), to: url.appendingPathComponent("pseudonym.key"))
            let manifest = Manifest(format: 1, vaultID: vaultID, keks: [KEKVersion(version: 1, createdAt: createdAt)])
            let encoder = JSONEncoder()
            encoder.dateEncodingStrategy = .iso8601
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try writeFile(encoder.encode(manifest), to: url.appendingPathComponent("keystore.json"))
            return KeyStore(url: url, manifest: manifest)
        } catch let error as CryptoError {
            throw error
        } catch {
            throw CryptoError(.keyStore, "cannot create the key store at \(url.path): \(error.localizedDescription)")
        }
    }

    /// Opens the key store at `url` and checks that it belongs to `vaultID` and that no other
    /// user can read it.
    public static func open(at url: URL, vaultID: String) throws -> KeyStore {
        let manifestURL = url.appendingPathComponent("keystore.json")
        guard FileManager.default.fileExists(atPath: manifestURL.path) else {
            throw CryptoError(.keyStore, "no key store at \(url.path)")
        }
        try checkPrivate(url, isDirectory: true)
        try checkPrivate(url.appendingPathComponent("kek"), isDirectory: true)
        try checkPrivate(manifestURL, isDirectory: false)
        let manifest: Manifest
        do {
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            manifest = try decoder.decode(Manifest.self, from: Data(contentsOf: manifestURL))
        } catch {
            throw CryptoError(.keyStore, "the key store manifest \(manifestURL.path) is unreadable: \(error.localizedDescription)")
        }
        guard manifest.vaultID == vaultID else {
            throw CryptoError(.wrongKey, "the key store at \(url.path) belongs to vault \(manifest.vaultID), not to this vault (\(vaultID))")
        }
        guard !manifest.keks.isEmpty else { throw CryptoError(.keyStore, "the key store at \(url.path) lists no KEK") }
        return KeyStore(url: url, manifest: manifest)
    }

    /// The newest KEK version.
    public var currentKEKVersion: Int { kekVersions.last!.version }

    /// Loads the key-encryption key of `version`.
    public func kek(version: Int) throws -> SymmetricKey {
        try readSecret(url.appendingPathComponent("kek/" + String(format: "%04d", version) + ".key"), what: "KEK version \(version)")
    }

    /// Loads the secret behind subject pseudonyms.
    public func pseudonymKey() throws -> SymmetricKey {
        try readSecret(url.appendingPathComponent("pseudonym.key"), what: "the pseudonym secret")
    }

    /// The bytes of a private file in the key store (e.g. a wrapped signing key), or nil when
    /// there is none. Refuses a file others can read.
    public func privateFile(named name: String) throws -> [UInt8]? {
        let file = url.appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: file.path) else { return nil }
        try Self.checkPrivate(file, isDirectory: false)
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw CryptoError(.keyStore, "cannot read \(file.path)")
        }
        return [UInt8](data)
    }

    /// Creates a new private file (0600, fsynced) in the key store; fails if it exists.
    public func createPrivateFile(named name: String, contents: [UInt8]) throws {
        let file = url.appendingPathComponent(name)
        do { try Self.writeFile(Data(contents), to: file) } catch let error as CryptoError { throw error } catch {
            throw CryptoError(.keyStore, "cannot write \(file.path): \(error.localizedDescription)")
        }
        let fd = Foundation.open(url.path, O_RDONLY | O_DIRECTORY)
        if fd >= 0 { fsync(fd); close(fd) }
    }

    private func readSecret(_ file: URL, what: String) throws -> SymmetricKey {
        try Self.checkPrivate(file, isDirectory: false)
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw CryptoError(.keyStore, "\(what) is missing from the key store (\(file.path))")
        }
        var bytes = [UInt8](data)
        defer { wipe(&bytes) }
        do { return try SymmetricKey(bytes: bytes) } catch {
            throw CryptoError(.keyStore, "\(what) in \(file.path) is damaged (\(bytes.count) bytes, expected 32)")
        }
    }

    /// Refuses files that group or others can read or write.
    static func checkPrivate(_ file: URL, isDirectory: Bool) throws {
        guard let attrs = try? FileManager.default.attributesOfItem(atPath: file.path),
              let mode = (attrs[.posixPermissions] as? NSNumber)?.intValue else {
            throw CryptoError(.keyStore, "cannot read \(file.path)")
        }
        if mode & 0o077 != 0 {
            throw CryptoError(.keyStore, String(format: "%@ has loose permissions (%o); run: chmod %@ %@",
                                               file.path, mode, isDirectory ? "700" : "600", file.path))
        }
    }

    static func writeSecret(_ key: SymmetricKey, to file: URL) throws {
        var bytes = key.exportBytes()
        defer { wipe(&bytes) }
        try writeFile(Data(bytes), to: file)
    }

    /// Writes a new file with mode 0600 (created so, never widened afterwards) and fsyncs it.
    static func writeFile(_ data: Data, to file: URL) throws {
        let fd = Foundation.open(file.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw CryptoError(.keyStore, "cannot create \(file.path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        try data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Foundation.write(fd, raw.baseAddress! + offset, raw.count - offset)
                guard n > 0 else { throw CryptoError(.keyStore, "cannot write \(file.path): \(String(cString: strerror(errno)))") }
                offset += n
            }
        }
        guard fsync(fd) == 0 else { throw CryptoError(.keyStore, "cannot sync \(file.path)") }
    }
}
