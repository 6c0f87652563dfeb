import Foundation
import Testing
import VaultBase
@testable import VaultCore
import VaultCrypto
import VaultStore
import VaultTestSupport

@Suite("Creating and opening vaults")
struct VaultLifecycleTests {
    @Test("init creates catalog, object store and a private key store outside the vault, with no warning")
    func create() throws {
        let t = TestVault()
        let (vault, warnings) = try Vault.create(t.configuration(), actor: .tester, logger: TestVault.quiet)
        #expect(warnings.isEmpty)
        #expect(vault.keyStorePath == t.keyStoreURL.path)
        for name in ["vault.json", "catalog.sqlite", "objects"] {
            #expect(FileManager.default.fileExists(atPath: t.vaultURL.appendingPathComponent(name).path), "\(name)")
        }
        #expect(try vault.auditEntries().map(\.action) == ["vault.init"])
        _ = try t.open()
    }

    @Test("a key store inside the vault works but is warned about")
    func keyStoreInside() throws {
        let t = TestVault()
        var configuration = t.configuration()
        configuration.keyStoreURL = nil
        let (vault, warnings) = try Vault.create(configuration, actor: .tester, logger: TestVault.quiet)
        #expect(vault.keyStorePath == t.vaultURL.appendingPathComponent("keys").path)
        #expect(warnings.count == 1)
        #expect(warnings.first?.contains("inside the vault") == true)
        configuration.keyStoreURL = nil
        _ = try Vault.open(configuration, logger: TestVault.quiet)  // found through vault.json
    }

    @Test("init refuses an existing vault or a non-empty directory and changes nothing")
    func refuses() throws {
        let t = TestVault()
        try t.create()
        let before = t.files(under: t.vaultURL).map(\.path).sorted()
        let again = #expect(throws: StoreError.self) { try t.create() }
        #expect(again?.code == .vaultExists)
        #expect(t.files(under: t.vaultURL).map(\.path).sorted() == before)

        let other = t.tmp.path("busy")
        try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
        try Data("keep me".utf8).write(to: other.appendingPathComponent("notes.txt"))
        var configuration = t.configuration(keyStore: t.tmp.path("keys2"))
        configuration.vaultURL = other
        #expect(throws: StoreError.self) { try Vault.create(configuration, actor: .tester, logger: TestVault.quiet) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: other.path) == ["notes.txt"])
        #expect(!FileManager.default.fileExists(atPath: t.tmp.path("keys2").path))
    }

    @Test("a failed init leaves nothing behind")
    func failedInitCleansUp() throws {
        let t = TestVault()
        // A key store that already exists makes init fail after it has created the vault's parts.
        _ = try KeyStore.create(at: t.keyStoreURL, vaultID: "someone-else", createdAt: Date())
        #expect(throws: CryptoError.self) { try t.create() }
        #expect(!FileManager.default.fileExists(atPath: t.vaultURL.path))
        #expect(try KeyStore.open(at: t.keyStoreURL, vaultID: "someone-else").currentKEKVersion == 1)
    }

    @Test("opening with another vault's key store, or a replaced KEK, is a wrong-key error and changes nothing")
    func wrongKeys() throws {
        let t = TestVault()
        let vault = try t.create()
        _ = try vault.ingest(IngestRequest(source: try t.wav()), actor: .tester)

        let other = TestVault()
        try other.create()
        let foreign = #expect(throws: CryptoError.self) { try Vault.open(t.configuration(keyStore: other.keyStoreURL), logger: TestVault.quiet) }
        #expect(foreign?.code == .wrongKey)

        let kekFile = t.keyStoreURL.appendingPathComponent("kek/0001.key")
        let original = try Data(contentsOf: kekFile)
        try Data(try SecureRandom.bytes(32)).write(to: kekFile)
        let replaced = #expect(throws: CryptoError.self) { try t.open() }
        #expect(replaced?.code == .wrongKey)
        #expect(replaced?.message.contains("wrong key") == true)
        try original.write(to: kekFile)
        #expect(try t.open().allRecordings().count == 1)
    }

    @Test("a missing vault is named")
    func missing() {
        let t = TestVault()
        let error = #expect(throws: StoreError.self) { try t.open() }
        #expect(error?.code == .vaultMissing)
        #expect(error?.message.contains(t.vaultURL.path) == true)
    }
}
