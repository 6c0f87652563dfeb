import ArgumentParser
import Foundation
import VaultBase
import VaultCore

/// `callvault recordings`: list, show and export recordings.
struct RecordingsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recordings",
        abstract: "List, show and export stored recordings.",
        subcommands: [List.self, Show.self, Audio.self, Delete.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List recordings, oldest call first.")

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
        static let configuration = CommandConfiguration(abstract: "Show one recording's metadata.")

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
    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
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
