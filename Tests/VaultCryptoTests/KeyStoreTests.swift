import Foundation
import Testing
import VaultCrypto
import VaultTestSupport

@Suite("Key store on disk")
struct KeyStoreTests {
    let tmp = TemporaryDirectory()

    func mode(_ url: URL) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as! NSNumber).intValue
    }

    @Test("a new key store is private: directory 0700, files 0600")
    func permissions() throws {
        let url = tmp.path("keys")
        let store = try KeyStore.create(at: url, vaultID: "v1", createdAt: Date(timeIntervalSince1970: 0))
        #expect(store.currentKEKVersion == 1)
        #expect(try mode(url) == 0o700)
        for file in ["keystore.json", "kek/0001.key", "pseudonym.key"] {
            #expect(try mode(url.appendingPathComponent(file)) == 0o600, "\(file)")
        }
        let key = try SymmetricKey.random()
        let wrapped = try store.kek(version: 1).wrap(key, context: [7])
        #expect(try store.kek(version: 1).unwrap(wrapped, context: [7]).exportBytes() == key.exportBytes())
    }

    @Test("reopening yields the same keys")
    func reopen() throws {
        let url = tmp.path("keys")
        let created = try KeyStore.create(at: url, vaultID: "v1", createdAt: Date())
        let opened = try KeyStore.open(at: url, vaultID: "v1")
        let wrapped = try created.kek(version: 1).wrap(try SymmetricKey.random(), context: [1])
        _ = try opened.kek(version: 1).unwrap(wrapped, context: [1])
        #expect(try opened.pseudonymKey().exportBytes() == created.pseudonymKey().exportBytes())
    }

    @Test("a new KEK version becomes current only when activated; a retired one is gone from disk")
    func versions() throws {
        let url = tmp.path("keys")
        let store = try KeyStore.create(at: url, vaultID: "v1", createdAt: Date(timeIntervalSince1970: 0))
        let wrapped = try store.kek(version: 1).wrap(try SymmetricKey.random(), context: [1])
        let (version, kek, _) = try store.preparingKEKVersion()
        #expect(version == 2)
        #expect(try KeyStore.open(at: url, vaultID: "v1").currentKEKVersion == 1)
        let active = try store.activatingKEKVersion(2, createdAt: Date(timeIntervalSince1970: 100))
        #expect(try KeyStore.open(at: url, vaultID: "v1").currentKEKVersion == 2)
        _ = try active.kek(version: 2).unwrap(try kek.wrap(try SymmetricKey.random(), context: [2]), context: [2])
        let retired = try active.retiringKEKVersion(1, at: Date(timeIntervalSince1970: 200))
        #expect(!FileManager.default.fileExists(atPath: url.appendingPathComponent("kek/0001.key").path))
        #expect(try KeyStore.open(at: url, vaultID: "v1").kekVersions.first?.retiredAt == Date(timeIntervalSince1970: 200))
        #expect((#expect(throws: CryptoError.self) { try retired.kek(version: 1).unwrap(wrapped, context: [1]) })?.code == .keyStore)
        #expect(throws: CryptoError.self) { try retired.retiringKEKVersion(2, at: Date()) }  // never the current one
    }

    @Test("another vault's key store is refused as the wrong key")
    func otherVault() throws {
        let url = tmp.path("keys")
        _ = try KeyStore.create(at: url, vaultID: "v1", createdAt: Date())
        let error = #expect(throws: CryptoError.self) { try KeyStore.open(at: url, vaultID: "v2") }
        #expect(error?.code == .wrongKey)
    }

    @Test("loose permissions are refused with the fix in the message")
    func loosePermissions() throws {
        let url = tmp.path("keys")
        _ = try KeyStore.create(at: url, vaultID: "v1", createdAt: Date())
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
        let error = #expect(throws: CryptoError.self) { try KeyStore.open(at: url, vaultID: "v1") }
        #expect(error?.code == .keyStore)
        #expect(error?.message.contains("chmod 700") == true)
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: url.path)
        let kek = url.appendingPathComponent("kek/0001.key")
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: kek.path)
        let store = try KeyStore.open(at: url, vaultID: "v1")
        #expect((#expect(throws: CryptoError.self) { try store.kek(version: 1) })?.code == .keyStore)
    }

    @Test("a missing or damaged KEK file is a key-store error; creating twice is refused")
    func damaged() throws {
        let url = tmp.path("keys")
        let store = try KeyStore.create(at: url, vaultID: "v1", createdAt: Date())
        #expect((#expect(throws: CryptoError.self) { try store.kek(version: 2) })?.code == .keyStore)
        let kek = url.appendingPathComponent("kek/0001.key")
        try Data([1, 2, 3]).write(to: kek)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: kek.path)
        #expect((#expect(throws: CryptoError.self) { try store.kek(version: 1) })?.code == .keyStore)
        #expect((#expect(throws: CryptoError.self) { try KeyStore.create(at: url, vaultID: "v1", createdAt: Date()) })?.code == .alreadyExists)
        #expect((#expect(throws: CryptoError.self) { try KeyStore.open(at: tmp.path("none"), vaultID: "v1") })?.code == .keyStore)
    }
}
