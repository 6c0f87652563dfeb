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
        #expect(try store.kek(version: 1).exportBytes().count == 32)
    }

    @Test("reopening yields the same keys")
    func reopen() throws {
        let url = tmp.path("keys")
        let created = try KeyStore.create(at: url, vaultID: "v1", createdAt: Date())
        let opened = try KeyStore.open(at: url, vaultID: "v1")
        #expect(try opened.kek(version: 1).exportBytes() == created.kek(version: 1).exportBytes())
        #expect(try opened.pseudonymKey().exportBytes() == created.pseudonymKey().exportBytes())
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
