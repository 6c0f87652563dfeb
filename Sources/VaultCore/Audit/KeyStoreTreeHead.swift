import Foundation
import VaultAudit
import VaultCrypto

/// The audit log's latest signed tree head, kept in the key store (`audit-head.note`, 0600):
/// whoever can write the vault directory but not the key store cannot remove entries, re-chain
/// the log or roll the directory back without `audit verify` noticing.
struct KeyStoreTreeHead: TreeHeadStore {
    let keyStore: KeyStore
    static let fileName = "audit-head.note"

    func load() throws -> String? {
        let file = keyStore.url.appendingPathComponent(Self.fileName)
        guard FileManager.default.fileExists(atPath: file.path) else { return nil }
        do {
            return String(decoding: try Data(contentsOf: file), as: UTF8.self)
        } catch {
            throw CryptoError(.keyStore, "cannot read \(file.path): \(error.localizedDescription)")
        }
    }

    func store(_ note: String) throws {
        try keyStore.replacePrivateFile(named: Self.fileName, contents: Array(note.utf8))
    }
}
