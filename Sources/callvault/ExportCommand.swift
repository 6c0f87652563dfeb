import ArgumentParser
import Foundation
import VaultBase
import VaultCore
import VaultCrypto

/// `callvault export`: evidence leaving the vault, audited.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export evidence for an auditor.",
        subcommands: [Bundle.self]
    )

    struct Bundle: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "bundle",
            abstract: "Write a signed BagIt evidence bundle: recordings, metadata, transcripts, consent history, audit entries with inclusion proofs.",
            discussion: """
                Selectors combine (AND); give at least one. The export is audited (who, what, --reason) before any audio \
                is decrypted. Purged and shredded recordings are listed with their fate, without audio; restricted ones \
                need --restricted-access. PATH must not exist; it becomes a directory, or a zip file when it ends in .zip, \
                and appears only when complete. Check it with `callvault verify-bundle PATH` (docs/evidence-bundle.md).
                """
        )

        @OptionGroup var options: VaultOptions
        @Option(help: ArgumentHelp("The bundle to write: a directory, or a zip file when it ends in .zip.", valueName: "path")) var out: String
        @Option(help: ArgumentHelp("Calls with this number (E.164 or national).", valueName: "number")) var subject: String?
        @Option(parsing: .upToNextOption, help: ArgumentHelp("These recordings.", valueName: "id")) var recording: [String] = []
        @Option(help: ArgumentHelp("Calls started at or after this time (ISO 8601).", valueName: "time")) var since: String?
        @Option(help: ArgumentHelp("Calls started before this time (ISO 8601).", valueName: "time")) var until: String?
        @Option(help: ArgumentHelp("Calls of this campaign.", valueName: "name")) var campaign: String?
        @Option(name: .customLong("recipient-key"),
                help: ArgumentHelp("Encrypt audio and transcripts to the age X25519 recipient (age1…) in this file, e.g. `age-keygen -y`'s output.", valueName: "file"))
        var recipientKey: String?
        @OptionGroup var access: RestrictedAccessOptions

        func validate() throws {
            guard let reason = access.reason, !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw ValidationError("--reason is required: exports are audited with who, what and why")
            }
            for (name, value) in [("--since", since), ("--until", until)] {
                if let value, Timestamp.parse(value) == nil { throw ValidationError("\(name): '\(value)' is not an ISO 8601 time") }
            }
            if let subject { do { _ = try PhoneNumber(parsing: subject) } catch { throw ValidationError("--subject: \(error)") } }
            guard subject != nil || !recording.isEmpty || since != nil || until != nil || campaign != nil else {
                throw ValidationError("select recordings: --subject, --recording, --since/--until or --campaign")
            }
        }

        func run() async throws {
            let ids = try recording.map(parseRecordingID)
            let recipient = try recipientKey.map(Self.readRecipient)
            let vault = try await options.openVault()
            let request = EvidenceBundleRequest(
                subject: try subject.map { try PhoneNumber(parsing: $0, defaultCountryCode: vault.configuration.defaultCountryCode) },
                recordings: ids, since: since.flatMap(Timestamp.parse), until: until.flatMap(Timestamp.parse), campaign: campaign,
                recipient: recipient, reason: access.reason ?? "", restrictedAccess: access.restrictedAccess)
            let destination = URL(fileURLWithPath: out)
            let result = try await vault.bundles.export(request, to: destination, actor: .localUser)
            print(destination.path)
            printError("callvault: bundle \(result.bundleID): \(result.released.count) recordings released"
                       + (result.withheld.isEmpty ? "" : ", \(result.withheld.count) withheld (purged or shredded)")
                       + ", \(result.auditEntries) audit entries proven against checkpoint \(result.checkpointSize)"
                       + (recipient.map { "; audio encrypted to \($0)" } ?? "; audio decrypted"))
        }

        /// The first `age1…` line of a recipients file (comments and blank lines skipped).
        static func readRecipient(_ path: String) throws -> AgeX25519PublicKey {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw ExitStatus(code: 66, message: "cannot read the recipient key \(path)")
            }
            guard let line = text.split(separator: "\n").map({ $0.trimmingCharacters(in: .whitespaces) })
                .first(where: { !$0.isEmpty && !$0.hasPrefix("#") }) else {
                throw ExitStatus(code: 65, message: "\(path) holds no age recipient")
            }
            do {
                return try AgeX25519PublicKey(parsing: line)
            } catch {
                throw ExitStatus(code: 65, message: "\(path): not an age X25519 recipient (age1…); give the auditor's public key, never an identity")
            }
        }
    }
}
