import ArgumentParser
import Foundation
import VaultBase
import VaultCore

/// `callvault transcripts`: read recordings' redacted transcripts.
struct TranscriptsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transcripts",
        abstract: "Read the redacted transcripts stored with recordings.",
        subcommands: [Show.self]
    )

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Decrypt and print a recording's redacted transcript.",
            discussion: "Only the redacted transcript is ever stored. The read is written to the audit log before any byte is decrypted."
        )

        @OptionGroup var options: VaultOptions
        @Argument(help: "The recording id.") var id: String
        @OptionGroup var access: RestrictedAccessOptions

        func run() async throws {
            let recordingID = try parseRecordingID(id)
            let vault = try await options.openVault()
            let reason = access.accessReason
            let (_, data) = try await BlockingWork.run {
                try vault.readTranscript(recordingID, actor: .localUser, restrictedAccessReason: reason)
            }
            FileHandle.standardOutput.write(Data(data))
        }
    }
}
