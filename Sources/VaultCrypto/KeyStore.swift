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
        /// When it was retired (its material destroyed), if it was.
        public var retiredAt: Date?
        /// Where the key lives when it is in an HSM: a `pkcs11:` URI (PIN never stored; it comes
        /// from the URI's `pin-source` file). Nil for a key file in the key store.
        public var pkcs11: String?

        /// Creates a version entry.
        public init(version: Int, createdAt: Date, retiredAt: Date? = nil, pkcs11: String? = nil) {
            self.version = version
            self.createdAt = createdAt
            self.retiredAt = retiredAt
            self.pkcs11 = pkcs11
        }

        enum CodingKeys: String, CodingKey { case version, createdAt = "created_at", retiredAt = "retired_at", pkcs11 }
    }

    /// The file that holds the wrapped subject keys.
    public var subjectKeysURL: URL { url.appendingPathComponent("subject-keys.sqlite") }

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

    /// Creates a new key store at `url` with KEK version 1 and a pseudonym secret. With `pkcs11`,
    /// KEK version 1 is generated non-extractable in that token, labelled `<object>-1`, and later
    /// versions `<object>-2`, …; the URI must take its PIN from a file (`pin-source`), so no PIN is
    /// ever stored. Fails when a key store already exists there.
    public static func create(at url: URL, vaultID: String, createdAt: Date, pkcs11: PKCS11URI? = nil) throws -> KeyStore {
        let fm = FileManager.default
        if fm.fileExists(atPath: url.appendingPathComponent("keystore.json").path) {
            throw CryptoError(.alreadyExists, "a key store already exists at \(url.path)")
        }
        do {
            try fm.createDirectory(at: url.appendingPathComponent("kek"), withIntermediateDirectories: true,
                                   attributes: [.posixPermissions: 0o700])
            try fm.setAttributes([.posixPermissions: 0o700], ofItemAtPath: url.path)
            var first = KEKVersion(version: 1, createdAt: createdAt)
            if let pkcs11 {
                guard !pkcs11.hasPINValue else {
                    throw CryptoError(.malformed, "give the token's PIN with pin-source=file:… so it is never stored in the key store")
                }
                let uri = try pkcs11KEKURI(base: pkcs11, version: 1)
                _ = try PKCS11KEK.generateKey(uri: uri)
                first.pkcs11 = uri.description
            } else {
                try writeSecret(SymmetricKey.random(), to: url.appendingPathComponent("kek/0001.key"))
            }
            try writeSecret(SymmetricKey.random(), to: url.appendingPathComponent("pseudonym.key"))
            let manifest = Manifest(format: 1, vaultID: vaultID, keks: [first])
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
        guard !manifest.keks.isEmpty, manifest.keks.last?.retiredAt == nil else {
            throw CryptoError(.keyStore, "the key store at \(url.path) lists no usable KEK")
        }
        return KeyStore(url: url, manifest: manifest)
    }

    /// The newest KEK version.
    public var currentKEKVersion: Int { kekVersions.last!.version }

    /// The newest KEK version's entry.
    public var currentKEK: KEKVersion { kekVersions.last! }

    /// Loads the key-encryption key of `version`.
    public func kek(version: Int) throws -> any KeyEncryptionKey {
        guard let entry = kekVersions.first(where: { $0.version == version }) else {
            throw CryptoError(.keyStore, "the key store \(url.path) has no KEK version \(version)")
        }
        if let retired = entry.retiredAt {
            throw CryptoError(.keyStore, "KEK version \(version) was retired (destroyed) at \(ISO8601DateFormatter().string(from: retired))")
        }
        if let uri = entry.pkcs11 { return try PKCS11KEK(uri: PKCS11URI(uri)) }
        return FileKEK(key: try readSecret(kekFile(version), what: "KEK version \(version)"))
    }

    /// The URI of KEK `version` in a token: the base URI's object label (less any `-<n>` suffix)
    /// followed by `-<version>`.
    static func pkcs11KEKURI(base: PKCS11URI, version: Int) throws -> PKCS11URI {
        var stem = base.objectLabel
        if let dash = stem.lastIndex(of: "-"), !stem[stem.index(after: dash)...].isEmpty,
           stem[stem.index(after: dash)...].allSatisfy(\.isNumber) {
            stem = String(stem[..<dash])
        }
        return try PKCS11URI(tokenLabel: base.tokenLabel, objectLabel: "\(stem)-\(version)", modulePath: base.modulePath, pinFile: base.pinFile)
    }

    /// Where new KEK versions live: the current version's token, or nil for key files.
    public var pkcs11Base: PKCS11URI? { currentKEK.pkcs11.flatMap { try? PKCS11URI($0) } }

    func kekFile(_ version: Int) -> URL { url.appendingPathComponent("kek/" + String(format: "%04d", version) + ".key") }

    /// Rotation, step 1: writes the key file of KEK version N+1 (fresh and random) without making
    /// it current, and returns the version and its key (for the catalog's check value). A key file
    /// left by an earlier attempt that never became current is replaced.
    public func preparingKEKVersion() throws -> (version: Int, kek: any KeyEncryptionKey, pkcs11: String?) {
        let version = (kekVersions.map(\.version).max() ?? 0) + 1
        if let base = pkcs11Base {
            let uri = try Self.pkcs11KEKURI(base: base, version: version)
            // A key left in the token by an attempt that never became current is replaced.
            try? PKCS11KEK.destroyKey(uri: uri)
            return (version, try PKCS11KEK.generateKey(uri: uri), uri.description)
        }
        let file = kekFile(version)
        if FileManager.default.fileExists(atPath: file.path) { try Self.destroyFile(file) }
        let key = try SymmetricKey.random()
        do { try Self.writeSecret(key, to: file) } catch let error as CryptoError { throw error } catch {
            throw CryptoError(.keyStore, "cannot write \(file.path): \(error.localizedDescription)")
        }
        Self.syncDirectory(url.appendingPathComponent("kek"))
        return (version, FileKEK(key: key), nil)
    }

    /// Rotation, step 2: makes a prepared version current (atomic manifest rewrite) and returns the
    /// key store as it is afterwards.
    public func activatingKEKVersion(_ version: Int, createdAt: Date, pkcs11: String? = nil) throws -> KeyStore {
        guard pkcs11 != nil || FileManager.default.fileExists(atPath: kekFile(version).path) else {
            throw CryptoError(.keyStore, "KEK version \(version) was not prepared")
        }
        var manifest = Manifest(format: 1, vaultID: vaultID, keks: kekVersions)
        manifest.keks.append(KEKVersion(version: version, createdAt: createdAt, pkcs11: pkcs11))
        try writeManifest(manifest)
        return KeyStore(url: url, manifest: manifest)
    }

    /// Retires KEK `version`: overwrites its key file with zeros, fsyncs and deletes it, and records
    /// when. Callers first prove nothing is wrapped under it any more.
    public func retiringKEKVersion(_ version: Int, at: Date) throws -> KeyStore {
        guard version != currentKEKVersion else { throw CryptoError(.keyStore, "the current KEK version cannot be retired") }
        if let uri = kekVersions.first(where: { $0.version == version })?.pkcs11 {
            do { try PKCS11KEK.destroyKey(uri: PKCS11URI(uri)) } catch let error as CryptoError where error.code == .keyNotFound {}
        } else {
            try Self.destroyFile(kekFile(version))
        }
        var manifest = Manifest(format: 1, vaultID: vaultID, keks: kekVersions)
        if let index = manifest.keks.firstIndex(where: { $0.version == version }) { manifest.keks[index].retiredAt = at }
        try writeManifest(manifest)
        return KeyStore(url: url, manifest: manifest)
    }

    /// Replaces a private file atomically (temp file 0600, fsync, rename, fsync the directory).
    public func replacePrivateFile(named name: String, contents: [UInt8]) throws {
        let file = url.appendingPathComponent(name)
        let temp = url.appendingPathComponent(".\(name).\(UUID().uuidString.prefix(8)).tmp")
        do { try Self.writeFile(Data(contents), to: temp) } catch let error as CryptoError { throw error } catch {
            throw CryptoError(.keyStore, "cannot write \(temp.path): \(error.localizedDescription)")
        }
        guard rename(temp.path, file.path) == 0 else {
            unlink(temp.path)
            throw CryptoError(.keyStore, "cannot replace \(file.path): \(String(cString: strerror(errno)))")
        }
        Self.syncDirectory(url)
    }

    private func writeManifest(_ manifest: Manifest) throws {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data: Data
        do { data = try encoder.encode(manifest) } catch { throw CryptoError(.keyStore, "cannot encode the key store manifest") }
        try replacePrivateFile(named: "keystore.json", contents: [UInt8](data))
    }

    /// Overwrites a key file with zeros, fsyncs it and deletes it.
    static func destroyFile(_ file: URL) throws {
        let fd = Foundation.open(file.path, O_WRONLY | O_CLOEXEC)
        if fd >= 0 {
            let size = Int((try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? NSNumber)??.intValue ?? 0)
            let zeros = [UInt8](repeating: 0, count: max(size, 32))
            _ = zeros.withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
            fsync(fd)
            close(fd)
        }
        guard unlink(file.path) == 0 || errno == ENOENT else {
            throw CryptoError(.keyStore, "cannot delete \(file.path): \(String(cString: strerror(errno)))")
        }
        syncDirectory(file.deletingLastPathComponent())
    }

    static func syncDirectory(_ directory: URL) {
        let fd = Foundation.open(directory.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd >= 0 { fsync(fd); close(fd) }
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
