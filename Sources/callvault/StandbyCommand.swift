import ArgumentParser
import Foundation
import Logging
import VaultCore
import VaultCrypto

/// `callvault standby`: a warm standby that follows a vault's backups, and its promotion.
struct StandbyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "standby",
        abstract: "Run a warm standby on another site: follow a vault's backups, and promote it when the primary is lost.",
        discussion: """
            The primary backs up with --standby-recipient (the standby identity's age1… public key), so each backup also \
            carries its key store, encrypted to the standby; the first follow takes the primary's audit public key \
            (--audit-key), and nothing it has not signed is trusted. `follow` restores every new backup into the standby's \
            directory, checked exactly as `callvault restore` does, and switches to it atomically; `promote` makes the \
            standby's vault the primary and puts up a fence at the backup location that stops the old primary taking \
            writes. Runbook: docs/backups.md.
            """,
        subcommands: [Follow.self, Promote.self, Status.self])

    /// Options of every standby subcommand.
    struct SiteOptions: ParsableArguments {
        @Option(help: ArgumentHelp("The standby's directory (created by the first follow).", valueName: "dir")) var standby: String
        @Option(name: .customLong("log-level"), help: "Diagnostics on standard error: trace, debug, info, notice, warning, error.")
        var logLevel: String = "notice"

        func validate() throws {
            guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("--log-level: '\(logLevel)' is not a level") }
        }

        var site: StandbySite { StandbySite(root: URL(fileURLWithPath: standby)) }

        func logger() -> Logger {
            var logger = Logger(label: "callvault") { StreamLogHandler.standardError(label: $0) }
            logger.logLevel = Logger.Level(rawValue: logLevel) ?? .notice
            return logger
        }
    }

    struct Follow: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "follow",
            abstract: "Apply every new backup from the location as it appears (or once, with --once).",
            discussion: """
                A backup is applied whole or not at all: a pass killed part-way leaves the applied one in place, and the next \
                pass starts over. Objects the standby already holds are linked, not copied again. A failed pass is logged and \
                retried at the next look; a foreign backup (another vault or audit key) stops the follower.
                """)
        @OptionGroup var site: SiteOptions
        @Option(help: ArgumentHelp("The backups to follow: the directory or s3:// bucket the primary backs up to.", valueName: "dir|s3://…"))
        var from: String
        @Option(help: ArgumentHelp("The standby's age identity file (age-keygen); its public key is the primary's --standby-recipient.",
                                   valueName: "file")) var identity: String
        @Option(name: .customLong("audit-key"),
                help: ArgumentHelp("The primary's audit public key: the PEM file `callvault audit public-key` prints there (or its hex). Needed by the first pass, which pins it; nothing unsigned by it is trusted.",
                                   valueName: "file|hex")) var auditKey: String?
        @Option(help: "Seconds between looks for a new backup.") var every = 30
        @Flag(help: "Apply the newest backup if it is new, then exit.") var once = false
        @Flag(help: "Print each pass as a JSON line.") var json = false

        func validate() throws {
            guard every >= 1 else { throw ValidationError("--every: at least 1 second") }
        }

        func run() async throws {
            let identity = try BackupCommand.identity(identity)
            let key = try auditKey.map(Self.publicKey)
            let standby = site.site, logger = site.logger(), location = BackupLocation(from)
            let environment = ProcessInfo.processInfo.environment
            while true {
                do {
                    let pass = try await standby.follow(from: location, identity: identity, auditKey: key, environment: environment, logger: logger)
                    report(pass)
                } catch where !once && Self.worthAnotherLook(error) {
                    logger.error("standby pass failed; retrying at the next look", metadata: ["error": "\(VaultError(wrapping: error).message)"])
                }
                if once { return }
                try await Task.sleep(for: .seconds(every))
            }
        }

        /// No backup yet, one being written or damaged, the location or the disk failing for a
        /// moment: another look may do. A refusal (another vault, key or location; a promoted
        /// standby; no key store in the backups) stops the follower.
        static func worthAnotherLook(_ error: any Error) -> Bool {
            [.notFound, .damagedBackup, .storageFailure, .catalogUnavailable, .conflict].contains(VaultError(wrapping: error).code)
        }

        /// An Ed25519 public key from a PEM file or hex.
        static func publicKey(_ value: String) throws -> Ed25519PublicKey {
            if let bytes = [UInt8](hexString: value), let key = try? Ed25519PublicKey(rawRepresentation: bytes) { return key }
            guard let text = try? String(contentsOfFile: value, encoding: .utf8) else {
                throw ExitStatus(code: 66, message: "--audit-key: cannot read \(value) (give the PEM file or the key's hex)")
            }
            do { return try Ed25519PublicKey(pem: text) } catch {
                throw ExitStatus(code: 65, message: "--audit-key: \(value) is not an Ed25519 public key in PEM")
            }
        }

        private func report(_ pass: StandbyPass) {
            if json {
                print(JSONOutput.string(pass, pretty: false))
            } else if let restore = pass.restore {
                print(String(format: "applied backup %@ in %.2f s: %d objects (%d already held), %d data keys checked",
                             pass.backupID, pass.seconds, restore.objects, restore.objectsReused, restore.keysChecked))
            } else if once {
                print("backup \(pass.backupID) is applied already")
            }
        }
    }

    struct Promote: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "promote",
            abstract: "Make the standby's vault the primary and fence the old primary.",
            discussion: """
                Stop the follower first (or promote waits for its pass). The fence goes where the standby's backups came \
                from; the old primary finds it within seconds when it runs `serve --backup-to` there, or at its next backup, \
                and takes no writes from then on (exit 69, HTTP 503). Then serve the promoted vault with the paths printed. \
                Run again after a failure, it finishes the same promotion.
                """)
        @OptionGroup var site: SiteOptions
        @Flag(help: "Print the result as JSON.") var json = false

        func run() async throws {
            let promotion = try await site.site.promote(environment: ProcessInfo.processInfo.environment, actor: .localUser, logger: site.logger())
            if json {
                print(JSONOutput.string(promotion, pretty: false))
                return
            }
            print("promoted: the vault from backup \(promotion.backupID) is the primary since \(promotion.promotedAt); fence at \(promotion.fencedAt)")
            print("serve it: callvault serve --vault \(promotion.vault) --key-store \(promotion.keyStore)")
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "status", abstract: "Which backup the standby has applied, and where its vault is.")
        @OptionGroup var site: SiteOptions

        func run() async throws {
            let standby = site.site
            guard let backup = standby.currentBackup(), let current = standby.current() else {
                throw ExitStatus(code: 66, message: "\(site.standby): no backup applied yet")
            }
            print("backup \(backup) applied; vault \(current.vault.path), key store \(current.keyStore.path)")
        }
    }
}
