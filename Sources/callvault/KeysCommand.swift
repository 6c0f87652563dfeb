import ArgumentParser
import Foundation
import VaultBase
import VaultCore

/// `callvault keys`: the key hierarchy (KEK versions → subject keys → data keys).
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Rotate, inspect and verify the vault's keys.",
        subcommands: [Rotate.self, Status.self, Verify.self, Backup.self, Restore.self]
    )

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rotate",
            abstract: "Create a new KEK version and rewrap every subject key under it (no audio is re-encrypted).",
            discussion: "Finishes an interrupted rotation instead, if there is one. Old versions are retired (destroyed) once nothing is wrapped under them.")
        @OptionGroup var options: VaultOptions

        func run() async throws {
            let vault = try await options.openVault()
            let result = try await vault.keys.rotate(actor: .localUser)
            print(result.createdVersion ? "rotated KEK version \(result.from) → \(result.to)" : "finished the rotation to KEK version \(result.to)")
            print("rewrapped \(result.rewrapped) subject keys" + (result.retired.isEmpty ? "" : "; retired version \(result.retired.map(String.init).joined(separator: ", "))"))
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "status", abstract: "Show KEK versions, what each wraps, and when the next rotation is due.")
        @OptionGroup var options: VaultOptions
        @Flag(help: "Print JSON.") var json = false

        struct View: Encodable {
            struct Version: Encodable {
                var version: Int, createdAt: String, retiredAt: String?, subjectKeys: Int, wrapsSigningKey: Bool, current: Bool
                enum CodingKeys: String, CodingKey {
                    case version, createdAt = "created_at", retiredAt = "retired_at", subjectKeys = "subject_keys"
                    case wrapsSigningKey = "wraps_signing_key", current
                }
            }
            var versions: [Version]
            var rotationPeriodDays: Int, nextRotationDue: String, rotationUnfinished: Bool
            var subjects: [String: Int]
            enum CodingKeys: String, CodingKey {
                case versions, rotationPeriodDays = "rotation_period_days", nextRotationDue = "next_rotation_due"
                case rotationUnfinished = "rotation_unfinished", subjects
            }
        }

        func run() async throws {
            let vault = try await options.openVault()
            let status = try await vault.keys.status()
            let view = View(
                versions: status.versions.map {
                    .init(version: $0.version, createdAt: Timestamp.format($0.createdAt), retiredAt: $0.retiredAt.map(Timestamp.format),
                          subjectKeys: $0.subjectKeys, wrapsSigningKey: $0.wrapsSigningKey, current: $0.isCurrent)
                },
                rotationPeriodDays: status.rotationPeriodDays, nextRotationDue: Timestamp.format(status.nextRotationDue),
                rotationUnfinished: status.rotationUnfinished,
                subjects: Dictionary(uniqueKeysWithValues: status.subjects.map { ($0.key.rawValue, $0.value) }))
            if json {
                print(JSONOutput.string(view, pretty: true))
                return
            }
            print(["VERSION", "CREATED_AT", "RETIRED_AT", "SUBJECT_KEYS", "SIGNING_KEY", "CURRENT"].joined(separator: "\t"))
            for v in view.versions {
                print(["\(v.version)", v.createdAt, v.retiredAt ?? "-", "\(v.subjectKeys)", v.wrapsSigningKey ? "yes" : "-", v.current ? "yes" : "-"]
                    .joined(separator: "\t"))
            }
            print("rotation period: \(view.rotationPeriodDays) days; next rotation due: \(view.nextRotationDue)"
                  + (view.rotationUnfinished ? " (a rotation is unfinished: run callvault keys rotate)" : ""))
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "verify", abstract: "Unwrap every wrapped key; exit 3 naming each one that fails.")
        @OptionGroup var options: VaultOptions

        func run() async throws {
            let vault = try await options.openVault()
            let result = try await vault.keys.verify(actor: .localUser)
            for failure in result.failures { print(failure) }
            print("\(result.keks) KEK versions, \(result.subjectKeys) subject keys, \(result.dataKeys) data keys unwrap"
                  + (result.shreddedRecordings > 0 ? "; \(result.shreddedRecordings) shredded recordings skipped" : ""))
            if !result.isClean {
                throw ExitStatus(code: ExitStatus.integrityProblems, message: "keys verify: \(result.failures.count) key(s) do not unwrap")
            }
        }
    }
}

/// Where a backup passphrase comes from: a file's first line, or the terminal (asked twice when
/// it is being chosen). Never an argument or an environment variable, which other users can see.
struct PassphraseOptions: ParsableArguments {
    @Option(name: .customLong("passphrase-file"), help: ArgumentHelp("Read the passphrase from this file's first line instead of the terminal.", valueName: "file"))
    var passphraseFile: String?

    func passphrase(confirm: Bool) throws -> String {
        if let passphraseFile {
            guard let data = FileManager.default.contents(atPath: passphraseFile),
                  let line = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).first,
                  !line.isEmpty else {
                throw ExitStatus(code: 66, message: "\(passphraseFile): cannot read a passphrase from its first line")
            }
            return String(line)
        }
        guard isatty(STDIN_FILENO) == 1, let first = getpass("Passphrase: ").map({ String(cString: $0) }), !first.isEmpty else {
            throw ExitStatus(code: 64, message: "no passphrase: give --passphrase-file FILE or run on a terminal")
        }
        if confirm {
            guard let second = getpass("Passphrase again: ").map({ String(cString: $0) }), second == first else {
                throw ExitStatus(code: 64, message: "the passphrases differ")
            }
        }
        return first
    }
}

extension KeysCommand {
    struct Backup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "backup",
            abstract: "Write the key store, encrypted under a passphrase in the age format (`age -d FILE | tar x` opens it).",
            discussion: "Losing the key store loses every recording. A backup keeps shredded subjects' keys until it is destroyed: keep backups no longer than docs/keys.md says.")
        @OptionGroup var options: VaultOptions
        @OptionGroup var secret: PassphraseOptions
        @Option(help: ArgumentHelp("The backup file to write.", valueName: "file")) var out: String

        func run() async throws {
            let passphrase = try secret.passphrase(confirm: true)
            let vault = try await options.openVault()
            let destination = URL(fileURLWithPath: out)
            try await vault.keys.backup(to: destination, passphrase: passphrase, actor: .localUser)
            printError("callvault: wrote the key-store backup \(destination.path)")
        }
    }

    struct Restore: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "restore",
            abstract: "Restore the key store from a backup, into the vault's key-store path (which must be missing or empty).",
            discussion: "On a machine without the vault (before callvault restore), --key-store DIR says where the key store goes.")
        @OptionGroup var options: VaultOptions
        @OptionGroup var secret: PassphraseOptions
        @Argument(help: "The backup file.") var file: String

        func run() async throws {
            let passphrase = try secret.passphrase(confirm: false)
            let configuration = options.configuration(), logger = options.logger()
            let backup = URL(fileURLWithPath: file)
            let target = try await Vault.restoreKeyStore(from: backup, passphrase: passphrase, configuration: configuration, logger: logger)
            printError("callvault: restored the key store into \(target.path)")
        }
    }
}

/// `callvault subject`: actions on one data subject.
struct SubjectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "subject",
        abstract: "Act on one data subject (the called party).",
        subcommands: [Shred.self]
    )

    struct Shred: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "shred",
            abstract: "Destroy a subject's key: every recording of theirs becomes permanently unreadable, copies included.",
            discussion: "Backups of the key store still hold the key until they expire; see docs/keys.md for how long they may be kept.")
        @OptionGroup var options: VaultOptions
        @Option(help: ArgumentHelp("The subject's phone number.", valueName: "number")) var phone: String
        @Option(help: "Why (recorded in the audit log; write no numbers here).") var reason: String

        func validate() throws {
            do { _ = try PhoneNumber(parsing: phone) } catch { throw ValidationError("--phone: \(error)") }
            guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("--reason must say why") }
        }

        func run() async throws {
            let vault = try await options.openVault()
            let number = try PhoneNumber(parsing: phone, defaultCountryCode: vault.configuration.defaultCountryCode)
            let reason = self.reason
            let result = try await vault.keys.shred(phone: number, reason: reason, actor: .localUser)
            print("shredded \(number.masked): \(result.recordings) recording(s) permanently unreadable since \(Timestamp.format(result.shreddedAt))")
        }
    }
}
