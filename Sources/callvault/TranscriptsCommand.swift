import ArgumentParser
import Foundation
import VaultBase
import VaultCore

/// `callvault transcripts`: read recordings' redacted transcripts.
struct TranscriptsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transcripts",
        abstract: "Add and read the redacted transcripts stored with recordings.",
        subcommands: [Add.self, Show.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Add a transcript to a stored recording that has none.",
            discussion: """
                The transcript is redacted before anything is stored; only the redacted form is sealed. When it has \
                word or cue timings over redacted numbers, the audio gets a new version with those spans muted \
                (decrypted, decoded, muted, re-encoded and sealed under a new data key); the old version's data key \
                is destroyed and its object deleted, and both versions' SHA-256 go into the audit log. Refused for \
                recordings that already have a transcript, are held, restricted, purged or shredded. Prints the \
                recording as `recordings show` does.
                """
        )

        @OptionGroup var options: VaultOptions
        @Argument(help: "The recording id.") var id: String
        @Argument(help: ArgumentHelp("The transcript file.", valueName: "file")) var file: String
        @Option(help: ArgumentHelp("text, asr-json, whisper-json, vtt or srt (default: from the extension: .txt, .json, .vtt, .srt).",
                                   valueName: "format"))
        var format: String?
        @Flag(help: "Print a JSON object.") var json = false

        func run() async throws {
            let recordingID = try parseRecordingID(id)
            let vault = try await options.openVault()
            let url = URL(fileURLWithPath: file)
            let format = self.format
            let view = try await vault.recordings.addTranscript(recordingID, transcript: url, format: format, actor: .localUser)
            print(json ? JSONOutput.string(view, pretty: true) : view.text)
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
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
            let (_, data) = try await vault.recordings.readTranscript(recordingID, actor: .localUser, restrictedAccessReason: reason)
            FileHandle.standardOutput.write(Data(data))
        }
    }
}
