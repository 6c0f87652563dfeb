public import Foundation
import Synchronization
import VaultAudit
import VaultBase
import VaultCrypto
import VaultStore

/// What a promoted standby puts up where the backups are kept (`fence.json` at the backup
/// location): from then on the vault it names runs on the standby, and every other copy of that
/// vault (the old primary) is fenced. Signed by the vault's audit key, so only a holder of the
/// vault's key store can fence it; the promoted vault keeps the same token (`primary.json`) and is
/// not fenced by its own promotion.
public struct Fence: Codable, Sendable, Equatable {
    /// `callvault-fence/v1`.
    public var format: String
    /// The vault promoted.
    public var vaultID: String
    /// A random token the promoted vault keeps in `primary.json`.
    public var token: String
    /// When the standby was promoted (RFC 3339).
    public var promotedAt: String
    /// The backup the standby ran from: writes the old primary took after it are not on the promoted vault.
    public var backupID: String

    static let currentFormat = "callvault-fence/v1"
    /// The fence's name at a backup location.
    static let fileName = "fence.json"

    enum CodingKeys: String, CodingKey {
        case format, vaultID = "vault_id", token, promotedAt = "promoted_at", backupID = "backup_id"
    }

    /// The signed document: `{"fence": "<the fence's JSON>", "signature": "<Ed25519, base64>"}`.
    struct Signed: Codable {
        var fence: String
        var signature: String
    }

    /// The fence signed by `signer`, as `fence.json` holds it.
    func signed(by signer: Ed25519PrivateKey) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let text = String(decoding: try encoder.encode(self), as: UTF8.self)
        let signature = Data(try signer.signature(for: Array(text.utf8))).base64EncodedString()
        return try encoder.encode(Signed(fence: text, signature: signature))
    }

    /// The fence in `document`, its signature checked under `publicKey`; `refused` when it is not one this key signed.
    static func verified(_ document: Data, publicKey: Ed25519PublicKey) throws -> Fence {
        guard let signed = try? JSONDecoder().decode(Signed.self, from: document),
              let signature = Data(base64Encoded: signed.signature),
              publicKey.isValidSignature(Array(signature), for: Array(signed.fence.utf8)),
              let fence = try? JSONDecoder().decode(Fence.self, from: Data(signed.fence.utf8)), fence.format == currentFormat else {
            throw VaultError(.refused, "the fence is not one this vault's audit key signed")
        }
        return fence
    }
}

/// Whether this process has seen the vault fenced: set at open when `fenced.json` exists, by
/// ``Vault/isFenced`` when it finds the file (the server looks every few seconds) and by
/// ``Vault/checkFence(at:)``; consent checks read it (a flag, not a file, on their hot path).
final class FenceFlag: Sendable {
    private let value: Atomic<Bool>

    init(_ initial: Bool) { value = Atomic(initial) }

    var isSet: Bool { value.load(ordering: .acquiring) }

    func set() { value.store(true, ordering: .releasing) }
}

extension Vault {
    /// Whether the vault is fenced: a standby was promoted in its place. A fenced vault takes no
    /// write (the catalog refuses them, in every process) and answers no consent check.
    /// Once seen (another process may have put `fenced.json` there), consent checks in this
    /// process are refused too.
    public var isFenced: Bool {
        if fenceFlag.isSet { return true }
        guard FileManager.default.fileExists(atPath: layout.fenceURL.path) else { return false }
        fenceFlag.set()
        return true
    }

    /// Throws `fenced` when the vault is fenced (as this process has seen it).
    func refuseIfFenced() throws {
        guard fenceFlag.isSet else { return }
        throw VaultError(.fenced, "this vault is fenced: its standby was promoted (\(layout.fenceURL.path)); use the promoted vault")
    }

    /// Looks for a promoted standby's fence at `location`; when one names this vault and is not
    /// this vault's own promotion, fences the vault (writes `fenced.json`: from now on every
    /// process's writes are refused) and returns it. A fence this vault's audit key did not sign
    /// is ignored (logged): a bucket's writer cannot stop the vault.
    package func checkFence(at location: BackupLocation) throws -> Fence? {
        try checkFence(in: try location.destination(environment: configuration.environment, scratch: layout.root.appendingPathComponent(".backup-scratch")))
    }

    func checkFence(in destination: any BackupDestination) throws -> Fence? {
        guard let document = try destination.fenceDocument() else { return nil }
        let fence: Fence
        do { fence = try Fence.verified(document, publicKey: auditLog.publicKey) } catch {
            logger.error("a fence at the backup location is not signed by this vault's audit key: ignored", metadata: ["backup.to": "\(destination.name)"])
            return nil
        }
        guard fence.vaultID == manifest.vaultID, fence.token != (try? primaryToken()) else { return nil }
        // A promotion this vault descends from (its log holds it: restored from the promoted vault's
        // backups, or failed back) is no fence for it, even when its old fence is put back.
        // The token is kept as its own (`primary.json`), so later looks end at the first guard
        // instead of reading the log again.
        if try logHoldsPromotion(token: fence.token) {
            try keepPrimaryToken(fence.token)
            return nil
        }
        if !FileManager.default.fileExists(atPath: layout.fenceURL.path) {
            try FileSystemSync.writeDurably(document, to: layout.fenceURL)
            logger.critical("this vault is fenced: its standby was promoted; it takes no more writes",
                            metadata: ["fence.promoted_at": "\(fence.promotedAt)", "fence.backup_id": "\(fence.backupID)"])
        }
        fenceFlag.set()
        return fence
    }

    /// Whether the audit log holds the `vault.promote` entry of the promotion with `token`.
    func logHoldsPromotion(token: String) throws -> Bool {
        try auditEntries(action: AuditAction.vaultPromote.rawValue).contains { $0.detail["token"] == token }
    }

    /// Keeps `token` as the promotion that made this vault the primary (`primary.json`, durably).
    func keepPrimaryToken(_ token: String) throws {
        try FileSystemSync.writeDurably(try JSONEncoder().encode(["token": token]), to: layout.primaryTokenURL)
    }

    /// The token of the promotion that made this vault the primary (`primary.json`), nil when none did.
    func primaryToken() throws -> String? {
        guard let data = FileManager.default.contents(atPath: layout.primaryTokenURL.path) else { return nil }
        return try JSONDecoder().decode([String: String].self, from: data)["token"]
    }
}
