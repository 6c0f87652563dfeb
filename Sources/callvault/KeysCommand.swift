import ArgumentParser
import Foundation
import VaultBase
import VaultCore

/// `callvault keys`: the key hierarchy (KEK versions → subject keys → data keys).
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Rotate, inspect and verify the vault's keys.",
        subcommands: [Rotate.self, Status.self, Verify.self]
    )

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a new KEK version and rewrap every subject key under it (no audio is re-encrypted).",
            discussion: "Finishes an interrupted rotation instead, if there is one. Old versions are retired (destroyed) once nothing is wrapped under them.")
        @OptionGroup var options: VaultOptions

        func run() async throws {
            let vault = try await options.openVault()
            let result = try await BlockingWork.run { try vault.rotateKeys(actor: .localUser) }
            print(result.createdVersion ? "rotated KEK version \(result.from) → \(result.to)" : "finished the rotation to KEK version \(result.to)")
            print("rewrapped \(result.rewrapped) subject keys" + (result.retired.isEmpty ? "" : "; retired version \(result.retired.map(String.init).joined(separator: ", "))"))
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show KEK versions, what each wraps, and when the next rotation is due.")
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
            let status = try await BlockingWork.run { try vault.keyStatus() }
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
        static let configuration = CommandConfiguration(abstract: "Unwrap every wrapped key; exit 3 naming each one that fails.")
        @OptionGroup var options: VaultOptions

        func run() async throws {
            let vault = try await options.openVault()
            let result = try await BlockingWork.run { try vault.verifyKeys(actor: .localUser) }
            for failure in result.failures { print(failure) }
            print("\(result.keks) KEK versions, \(result.subjectKeys) subject keys, \(result.dataKeys) data keys unwrap"
                  + (result.shreddedRecordings > 0 ? "; \(result.shreddedRecordings) shredded recordings skipped" : ""))
            if !result.isClean {
                throw ExitStatus(code: ExitStatus.integrityProblems, message: "keys verify: \(result.failures.count) key(s) do not unwrap")
            }
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
            let result = try await BlockingWork.run { try vault.shredSubject(phone: number, reason: reason, actor: .localUser) }
            print("shredded \(number.masked): \(result.recordings) recording(s) permanently unreadable since \(Timestamp.format(result.shreddedAt))")
        }
    }
}
