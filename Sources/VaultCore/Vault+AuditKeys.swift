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
    static func auditSigningKey(keyStore: KeyStore, kek: SymmetricKey, kekVersion: Int) throws -> Ed25519PrivateKey {
        if let stored = try keyStore.privateFile(named: auditSigningKeyFile) {
            guard stored.count == 4 + KeyWrap.wrappedByteCount else {
                throw CryptoError(.keyStore, "\(auditSigningKeyFile) in \(keyStore.url.path) is damaged")
            }
            let version = stored.prefix(4).reduce(0) { $0 << 8 | Int($1) }
            let wrappingKey = version == kekVersion ? kek : try keyStore.kek(version: version)
            let seedKey = try KeyWrap.unwrap(Array(stored.dropFirst(4)), under: wrappingKey,
                                             context: KeyContext.auditSigningKey(kekVersion: version))
            return try Ed25519PrivateKey(seed: seedKey.exportBytes())
        }
        let signer = try Ed25519PrivateKey.generate()
        var seed = try signer.seed()
        defer { for i in seed.indices { seed[i] = 0 } }
        let wrapped = try KeyWrap.wrap(try SymmetricKey(bytes: seed), under: kek, context: KeyContext.auditSigningKey(kekVersion: kekVersion))
        let version = UInt32(kekVersion)
        try keyStore.createPrivateFile(named: auditSigningKeyFile,
                                       contents: [UInt8(version >> 24), UInt8(version >> 16 & 0xff), UInt8(version >> 8 & 0xff), UInt8(version & 0xff)] + wrapped)
        return signer
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
