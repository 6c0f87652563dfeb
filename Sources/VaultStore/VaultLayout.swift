public import Foundation

/// Where a vault keeps its parts, and the small manifest that names its key store.
///
/// ```
/// VAULT/
///   vault.json        format, vault id, key store path, creation time
///   catalog.sqlite    the catalog (plus -wal/-shm while open)
///   objects/ab/<id>.cvseal   sealed objects, two-level fan-out
///   objects/.partial/        objects being written; swept by recovery
///   fenced.json       present once a standby was promoted in this vault's place: no write is taken
///   primary.json      on a promoted standby: the token its fence names, so it is not fenced by it
/// ```
public struct VaultLayout: Sendable {
    /// The vault directory.
    public let root: URL

    /// The layout of the vault at `root`.
    public init(root: URL) { self.root = root.standardizedFileURL }

    /// `vault.json`.
    public var manifestURL: URL { root.appendingPathComponent("vault.json") }
    /// `catalog.sqlite`.
    public var catalogURL: URL { root.appendingPathComponent("catalog.sqlite") }
    /// `objects/`.
    public var objectsURL: URL { root.appendingPathComponent("objects") }
    /// `fenced.json`: the fence that stopped this vault (a promoted standby's), when there is one.
    public var fenceURL: URL { root.appendingPathComponent("fenced.json") }
    /// `primary.json`: the token of the promotion that made this vault the primary, when one did.
    public var primaryTokenURL: URL { root.appendingPathComponent("primary.json") }
    /// The default key store location, `keys/` inside the vault (a warning is printed for it).
    public var defaultKeyStoreURL: URL { root.appendingPathComponent("keys") }

    /// Whether `url` lies inside the vault directory.
    public func contains(_ url: URL) -> Bool {
        let inner = url.standardizedFileURL.resolvingSymlinksInPath().path
        let outer = root.resolvingSymlinksInPath().path
        return inner == outer || inner.hasPrefix(outer + "/")
    }

    /// Removes what a create or a restore that failed (or starts over) left: the whole directory
    /// when that one made it (`directoryToo`), else everything inside it.
    public func removeContents(directoryToo: Bool) throws {
        let fm = FileManager.default
        if directoryToo { try fm.removeItem(at: root); return }
        for name in try fm.contentsOfDirectory(atPath: root.path) { try fm.removeItem(at: root.appendingPathComponent(name)) }
    }
}

/// The contents of `vault.json`.
public struct VaultManifest: Codable, Sendable, Equatable {
    /// The manifest format: 1 for a vault on local files, 2 for one whose objects or catalog live
    /// elsewhere (`objects`, `catalog`), so that a build that knows only 1 refuses it instead of
    /// writing locally.
    public var format: Int
    /// A random id that ties the vault to its key store.
    public var vaultID: String
    /// The absolute path of the key store recorded at init.
    public var keyStorePath: String
    /// When the vault was created.
    public var createdAt: Date
    /// Where the sealed objects live when not in `objects/`: an S3 location
    /// (`s3://BUCKET?endpoint=…&region=…`), never a secret. Nil for the local directory.
    public var objectStore: String?
    /// Where the catalog lives when not in `catalog.sqlite`: a PostgreSQL location
    /// (`postgres://USER@HOST:PORT/DATABASE`), never a password. Nil for the SQLite file.
    public var catalog: String?

    /// Creates a manifest.
    public init(vaultID: String, keyStorePath: String, createdAt: Date, objectStore: String? = nil, catalog: String? = nil) {
        self.format = objectStore == nil && catalog == nil ? 1 : 2
        self.vaultID = vaultID
        self.keyStorePath = keyStorePath
        self.createdAt = createdAt
        self.objectStore = objectStore
        self.catalog = catalog
    }

    enum CodingKeys: String, CodingKey {
        case format, vaultID = "vault_id", keyStorePath = "key_store", createdAt = "created_at", objectStore = "objects", catalog
    }

    /// Reads the manifest of the vault at `layout`; `.vaultMissing` or `.notAVault` when there is none.
    public static func read(_ layout: VaultLayout) throws -> VaultManifest {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: layout.root.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw StoreError(.vaultMissing, "no vault at \(layout.root.path) (create one with: callvault init --vault \(layout.root.path))")
        }
        guard let data = FileManager.default.contents(atPath: layout.manifestURL.path) else {
            throw StoreError(.notAVault, "\(layout.root.path) is not a callvault vault (no vault.json)")
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        guard let manifest = try? decoder.decode(VaultManifest.self, from: data) else {
            throw StoreError(.notAVault, "\(layout.manifestURL.path) is damaged")
        }
        guard manifest.format == 1 || (manifest.format == 2 && (manifest.objectStore != nil || manifest.catalog != nil)) else {
            throw StoreError(.notAVault, "\(layout.root.path) has vault format \(manifest.format); this build reads formats 1 and 2")
        }
        return manifest
    }

    /// Writes the manifest durably (temp file, fsync, rename).
    public func write(_ layout: VaultLayout) throws {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do {
            try FileIO.writeAtomically(try encoder.encode(self), to: layout.manifestURL, mode: 0o600)
        } catch {
            throw StoreError(.io, "cannot write \(layout.manifestURL.path): \(error)")
        }
    }
}
