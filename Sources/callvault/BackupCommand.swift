import ArgumentParser
import Foundation
import VaultCore
import VaultCrypto

/// `callvault backup`: a point-in-time copy of the live vault into a directory.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Back the vault up into a directory or an S3 bucket while it keeps serving (catalog, sealed objects, the audit log to a signed checkpoint).",
        discussion: """
            Incremental: objects already in the directory from an earlier backup are not copied again. The backup holds no key \
            material (unless --standby-recipient: then the key store, encrypted to that recipient): back the key store up with \
            `callvault keys backup` (or keep it in the HSM) and store the two apart. Restore with `callvault restore`, or \
            follow the backups with `callvault standby`. Format and runbook: docs/backups.md.
            """)
    @OptionGroup var options: VaultOptions
    @Option(help: ArgumentHelp("The backup directory (created if missing; outside the vault), or a bucket: s3://BUCKET?endpoint=URL&region=REGION[&prefix=P] (created if missing; keys from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY).",
                               valueName: "dir|s3://…")) var to: String
    @Option(help: ArgumentHelp("Keep only the newest N backups there (their objects stay while a kept backup needs them).", valueName: "n"))
    var keep: Int?
    @Option(name: .customLong("standby-recipient"),
            help: ArgumentHelp("Also carry the key store, age-encrypted to this recipient (age1…, or a file holding it): for a standby (callvault standby) or `restore --identity`.",
                               valueName: "age1…|file")) var standbyRecipient: String?
    @Flag(help: "Print the result as JSON.") var json = false

    func validate() throws {
        if let keep, keep < 1 { throw ValidationError("--keep must be at least 1") }
    }

    func run() async throws {
        let recipient = try standbyRecipient.map(Self.recipient)
        let vault = try await options.openVault()
        let result = try await vault.backups.run(to: BackupLocation(to), keep: keep, standbyRecipient: recipient, actor: .localUser)
        if json {
            print(JSONOutput.string(result, pretty: false))
        } else {
            print("backup \(result.backupID): \(result.objects) objects (\(result.objectsCopied) copied now, \(result.bytesCopied) bytes) in \(result.directory)")
            if result.goneDuringBackup > 0 { print("\(result.goneDuringBackup) objects were purged while it ran (listed as gone)") }
            if !result.pruned.isEmpty { print("removed older backups: \(result.pruned.joined(separator: ", ")); \(result.objectsRemoved) objects no longer needed") }
        }
    }
}

extension BackupCommand {
    /// A standby's recipient, given as `age1…` or as a file holding it.
    static func recipient(_ value: String) throws -> AgeX25519PublicKey {
        guard value.hasPrefix("age1") else { return try ExportCommand.Bundle.readRecipient(value) }
        do { return try AgeX25519PublicKey(parsing: value) } catch {
            throw ExitStatus(code: 64, message: "--standby-recipient: not an age X25519 recipient (age1…)")
        }
    }

    /// The age identity in the file at `path` (age-keygen's format; the first one): it opens every key store the
    /// backups carry, so like a key store it must be its owner's alone (exit 77 otherwise).
    static func identity(_ path: String) throws -> AgeX25519Identity {
        let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        if let mode = (try? FileManager.default.attributesOfItem(atPath: resolved))?[.posixPermissions] as? Int, mode & 0o077 != 0 {
            throw ExitStatus(code: 77, message: "\(path) is readable by others (mode \(String(mode, radix: 8))): chmod 600 it")
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ExitStatus(code: 66, message: "cannot read the identity file \(path)")
        }
        do {
            guard let first = try AgeX25519Identity.parseIdentityFile(text).first else { throw CryptoError(.malformed, "no identity in it") }
            return first
        } catch let error as CryptoError {
            throw ExitStatus(code: 65, message: "\(path): \(error.message)")
        }
    }
}

/// `callvault restore`: rebuild a vault from a backup, verified before it opens.
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Rebuild a vault from a backup into a new directory, verifying everything before it opens for writes.",
        discussion: """
            --vault names the new vault's directory (new or empty) and --key-store the key store it will run with (the \
            surviving one, one restored with `callvault keys restore`, or the HSM's): the restore makes that key store's audit \
            head follow the restored log, so a drill uses a copy of the key store. A damaged, incomplete or foreign backup \
            stops the restore (exit 65), naming what is wrong, and leaves nothing behind. Keys destroyed and opt-outs recorded \
            after the backup are replayed from the key store's journal: nobody erased since comes back. When the key store is \
            lost too: --identity FILE (the age identity of the recipient the backups carry the key store to, \
            --standby-recipient) and --audit-key (the vault's audit public key, kept apart) take the key store from the backup \
            into the empty --key-store; its journal is the backup's, so what was erased after it is not known.
            """)
    @OptionGroup var options: VaultOptions
    @Option(help: ArgumentHelp("The backup directory, or the s3:// bucket the backups went to.", valueName: "dir|s3://…")) var from: String
    @Option(help: ArgumentHelp("Which backup (its id); default the newest.", valueName: "id")) var backup: String?
    @Option(help: ArgumentHelp("Take the key store from the backup's keys.age with this age identity (the backups' --standby-recipient), into the empty --key-store.",
                               valueName: "file")) var identity: String?
    @Option(name: .customLong("audit-key"),
            help: ArgumentHelp("With --identity: the vault's audit public key (the PEM `callvault audit public-key` prints, or its hex), which the backup must verify under.",
                               valueName: "file|hex")) var auditKey: String?
    @Flag(help: "Print the report as JSON.") var json = false

    func validate() throws {
        guard options.keyStore != nil else { throw ValidationError("--key-store is required: the key store the restored vault runs with") }
        guard options.vault != nil else { throw ValidationError("--vault is required: the new vault's directory") }
        guard (identity == nil) == (auditKey == nil) else {
            throw ValidationError("--identity and --audit-key go together: nothing at the backup location is trusted before it verifies under the audit key")
        }
    }

    func run() async throws {
        let keysFrom = try identity.map { BackupKeySource(identity: try BackupCommand.identity($0), auditKey: try StandbyCommand.Follow.publicKey(auditKey!)) }
        let (_, report) = try await Vault.restore(from: BackupLocation(from), backupID: backup, configuration: options.configuration(),
                                                  keysFrom: keysFrom, actor: .localUser, logger: options.logger())
        if json {
            print(JSONOutput.string(report, pretty: false))
            return
        }
        print("restored backup \(report.backupID) of vault \(report.vaultID) into \(report.vault)")
        for step in report.steps { print(String(format: "  %7.2f s  %@", step.seconds, step.name)) }
        print("\(report.objects) objects (\(report.bytes) bytes), \(report.auditEntries) audit entries, \(report.keysChecked) data keys checked")
        print("key journal: \(report.keysAdopted) keys rewrapped since the backup adopted, \(report.keysDestroyed) destroyed since (purged), "
              + "\(report.optOutsReplayed) opt-outs replayed; \(report.erasuresCompleted) erasure requests completed")
    }
}
