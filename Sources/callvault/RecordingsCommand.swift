import ArgumentParser
import Foundation
import VaultBase
import VaultCore

/// `callvault recordings`: list, show and export recordings.
struct RecordingsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recordings",
        abstract: "List, show and export stored recordings.",
        subcommands: [List.self, Show.self, Audio.self, RSMetadataShow.self, Delete.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List recordings, oldest call first.")

        @OptionGroup var options: VaultOptions
        @Flag(help: "Print a JSON array.") var json = false

        func run() async throws {
            let vault = try await options.openVault()
            let views = try await vault.recordings.list()
            if json {
                print(JSONOutput.string(views, pretty: true))
                return
            }
            guard !views.isEmpty else {
                printError("callvault: no recordings in \(vault.layout.root.path)")
                return
            }
            print(["ID", "STARTED_AT", "DURATION_S", "CH", "SUBJECT", "STATE"].joined(separator: "\t"))
            for v in views {
                print([v.id, v.startedAt, String(format: "%.2f", Double(v.durationMs) / 1000), "\(v.channels)", v.subject ?? "-", v.state].joined(separator: "\t"))
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one recording's metadata.")

        @OptionGroup var options: VaultOptions
        @Flag(help: "Print a JSON object.") var json = false
        @Argument(help: "The recording id.") var id: String

        func run() async throws {
            let recordingID = try parseRecordingID(id)
            let vault = try await options.openVault()
            let view = try await vault.recordings.get(recordingID)
            print(json ? JSONOutput.string(view, pretty: true) : view.text)
        }
    }

    struct Audio: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "audio",
            abstract: "Write a recording's decrypted Ogg Opus to a file.",
            discussion: "The access is written to the audit log before any audio is decrypted. The file appears whole or not at all."
        )

        @OptionGroup var options: VaultOptions
        @Argument(help: "The recording id.") var id: String
        @Option(help: ArgumentHelp("The Ogg Opus file to write.", valueName: "file.opus")) var out: String
        @OptionGroup var access: RestrictedAccessOptions

        func run() async throws {
            let recordingID = try parseRecordingID(id)
            let vault = try await options.openVault()
            let destination = URL(fileURLWithPath: out)
            let reason = access.accessReason
            let record = try await vault.recordings.exportAudio(recordingID, to: destination, actor: .localUser, restrictedAccessReason: reason)
            printError("callvault: wrote \(destination.path) (\(record.opusSize) bytes, SHA-256 \(record.opusSha256))")
        }
    }
}

extension RecordingsCommand {
    struct RSMetadataShow: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rs-metadata",
            abstract: "Decrypt and print the SIPREC metadata a live call's recorder sent.",
            discussion: """
                Every rs-metadata document (RFC 7865) the SRC sent for the call, as received: the INVITE's, then each \
                re-INVITE's or UPDATE's. They name the call's parties in full, so they are stored sealed under the \
                recording's data key and go with it. The read is written to the audit log before any byte is decrypted. \
                Exit 66 when the recording has none (it did not come from a SIPREC session).
                """
        )

        @OptionGroup var options: VaultOptions
        @Argument(help: "The recording id.") var id: String
        @Flag(help: "Print a JSON object (recording_id, documents: received_at, sha256, xml).") var json = false
        @OptionGroup var access: RestrictedAccessOptions

        func run() async throws {
            let recordingID = try parseRecordingID(id)
            let vault = try await options.openVault()
            let metadata = try await vault.recordings.readRSMetadata(recordingID, actor: .localUser, restrictedAccessReason: access.accessReason)
            if json { print(JSONOutput.string(metadata, pretty: true)) } else { FileHandle.standardOutput.write(Data(metadata.text.utf8)) }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "delete",
            abstract: "Purge one recording: its data key is destroyed and its object deleted. Refused before its minimum retention ends or while held.")
        @OptionGroup var options: VaultOptions
        @Argument(help: "The recording id.") var id: String
        @Option(help: "Why.") var reason: String

        func run() async throws {
            let recordingID = try parseRecordingID(id)
            let vault = try await options.openVault()
            let reason = self.reason
            try await vault.retention.delete(recordingID, reason: reason, actor: .localUser)
            print("purged \(recordingID)")
        }
    }
}

/// Parses a recording id argument, or fails with a usage error.
func parseRecordingID(_ text: String) throws -> RecordingID {
    guard let id = RecordingID(text) else { throw ExitStatus(code: 64, message: "'\(text)' is not a recording id") }
    return id
}
