import Foundation
import Logging
import VaultAudit
import VaultCrypto
import VaultStore

extension Vault {
    /// The key-store file holding the audit signing seed: KEK version (u32 big-endian) ‖ wrapped seed.
    static let auditSigningKeyFile = "audit-signing.key"

    /// Loads the audit log's Ed25519 signing key from the key store, creating it (wrapped under
    /// the current KEK) in a key store that has none yet.
    static func auditSigningKey(keyRing: KeyRing) throws -> Ed25519PrivateKey {
        let keyStore = keyRing.keyStore
        if let stored = try keyStore.privateFile(named: auditSigningKeyFile) {
            guard stored.count == 4 + KeyWrap.wrappedByteCount else {
                throw CryptoError(.keyStore, "\(auditSigningKeyFile) in \(keyStore.url.path) is damaged")
            }
            let version = auditSigningKeyVersion(stored)
            let seedKey = try keyRing.kek(version: version).unwrap(Array(stored.dropFirst(4)), context: KeyContext.auditSigningKey(kekVersion: version))
            return try Ed25519PrivateKey(seed: seedKey.exportBytes())
        }
        let signer = try Ed25519PrivateKey.generate()
        try keyStore.createPrivateFile(named: auditSigningKeyFile, contents: try wrapAuditSigningKey(signer, keyRing: keyRing))
        return signer
    }

    /// The KEK version that wraps the stored signing key.
    static func auditSigningKeyVersion(_ stored: [UInt8]) -> Int { stored.prefix(4).reduce(0) { $0 << 8 | Int($1) } }

    /// The signing key's file contents under the current KEK: version (u32 BE) ‖ wrapped seed.
    static func wrapAuditSigningKey(_ signer: Ed25519PrivateKey, keyRing: KeyRing) throws -> [UInt8] {
        let (version, kek) = try keyRing.currentKEK()
        var seed = try signer.seed()
        defer { for i in seed.indices { seed[i] = 0 } }
        let wrapped = try kek.wrap(try SymmetricKey(bytes: seed), context: KeyContext.auditSigningKey(kekVersion: version))
        let v = UInt32(version)
        return [UInt8(v >> 24), UInt8(v >> 16 & 0xff), UInt8(v >> 8 & 0xff), UInt8(v & 0xff)] + wrapped
    }

    /// Starts the chain with a marker entry in a vault whose earlier log (format v1) had none.
    func startChainAfterLegacyLog() throws {
        guard try auditLog.count() == 0 else { return }
        let legacy = try catalog.legacyAuditCount()
        guard legacy > 0 else { return }
        try auditLog.append(AuditDraft(actor: VaultActor.recovery.name, authentication: "system", action: .auditChainStart,
                                       detail: ["v1_entries": "\(legacy)"]))
        logger.notice("the audit log is now hash-chained; earlier entries stay in audit_log_v1",
                      metadata: ["audit.v1_entries": "\(legacy)"])
    }
}
