import ArgumentParser
import Foundation

/// The `callvault` command: keeps call recordings sealed, and proves it.
@main
struct Callvault: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "callvault",
        abstract: "A compliance and recording vault for call centres.",
        version: "0.1.0",
        subcommands: [InitCommand.self, IngestCommand.self, RecordingsCommand.self, VerifyCommand.self, AuditCommand.self, KeysCommand.self, SubjectCommand.self, PolicyCommand.self, ConsentCommand.self, RetentionCommand.self, HoldCommand.self, ErasureCommand.self, RedactCommand.self, TranscriptsCommand.self, ExportCommand.self, VerifyBundleCommand.self, BackupCommand.self, RestoreCommand.self, StandbyCommand.self, ServeCommand.self, TokensCommand.self, UsersCommand.self, MonitorCommand.self, CaptureCommand.self]
    )

    /// Parses, runs, and turns any failure into a one-line message and an exit code
    /// (the mapping lives in `ExitStatus`).
    static func main() async {
        // Everything the vault creates (catalog, objects, key store, exports) is private to its owner.
        umask(0o077)
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            if let status = ExitStatus(error) {
                if let message = status.message { FileHandle.standardError.write(Data("callvault: \(message)\n".utf8)) }
                Foundation.exit(status.code)
            }
            exit(withError: error)
        }
    }
}
