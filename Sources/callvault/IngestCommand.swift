import ArgumentParser
import Foundation
import VaultAudio
import VaultBase
import VaultCore

/// `callvault ingest`: seals WAV files into the vault.
struct IngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Ingest WAV files or directories of them (recursively).",
        discussion: """
            Each recording is decoded, encoded as Ogg Opus, sealed with AES-256-GCM and recorded in the catalog.
            Standard output gets one line per recording: its id, or a JSON object with --json (one per line).
            Errors, warnings, progress and the summary go to standard error. A directory is ingested on every core.
            """
    )

    @OptionGroup var options: VaultOptions

    @Option(name: .customLong("subject-phone"), help: ArgumentHelp("The called party's number (stored only as a pseudonym and a masked form).", valueName: "number"))
    var subjectPhone: String?

    @Option(help: "The campaign name.")
    var campaign: String?

    @Option(help: ArgumentHelp("The agent's id.", valueName: "id"))
    var agent: String?

    @Option(name: .customLong("started-at"), help: ArgumentHelp("When the call started (ISO 8601); default: the ingest time.", valueName: "time"))
    var startedAt: String?

    @Option(help: ArgumentHelp("Opus bit rate per channel, bit/s.", valueName: "bps"))
    var bitrate: Int = OpusEncodingOptions().bitratePerChannel

    @Option(help: "Opus encoder complexity, 0-10.")
    var complexity: Int = OpusEncodingOptions().complexity

    @Flag(help: "Print one JSON object per recording instead of its id.")
    var json = false

    @Argument(help: ArgumentHelp("WAV files and directories.", valueName: "path"))
    var paths: [String]

    func validate() throws {
        if let subjectPhone {
            do { _ = try PhoneNumber(parsing: subjectPhone) } catch {
                throw ValidationError("--subject-phone: \(error)")
            }
        }
        if let startedAt, Timestamp.parse(startedAt) == nil {
            throw ValidationError("--started-at: '\(startedAt)' is not an ISO 8601 time (e.g. 2026-03-01T09:30:00+08:00)")
        }
        do { try OpusEncodingOptions(bitratePerChannel: bitrate, complexity: complexity).validate() } catch {
            throw ValidationError("\(error)")
        }
    }

    func run() async throws {
        let opus = OpusEncodingOptions(bitratePerChannel: bitrate, complexity: complexity)
        let vault = try await options.openVault(opus: opus)
        let subject = try subjectPhone.map { try PhoneNumber(parsing: $0, defaultCountryCode: vault.configuration.defaultCountryCode) }
        let started = startedAt.flatMap(Timestamp.parse)
        let sources = Vault.expandSources(paths.map { URL(fileURLWithPath: $0) })
        guard !sources.isEmpty else {
            throw ExitStatus(code: 66, message: "no WAV files found in \(paths.joined(separator: ", "))")
        }
        let requests = sources.map {
            IngestRequest(source: $0, subject: subject, campaign: campaign, agent: agent, startedAt: started)
        }
        let progress = ProgressBar(total: sources.count, enabled: sources.count > 1 && isatty(STDERR_FILENO) == 1)
        var firstFailureCode: Int32?
        var failures = 0
        for await outcome in vault.ingest(requests, actor: .localUser) {
            progress.clear()
            switch outcome.result {
            case .success(let record):
                let line = json ? RecordingView(record, source: outcome.request.source.path).jsonLine : record.id.description
                FileHandle.standardOutput.write(Data((line + "\n").utf8))
            case .failure(let error):
                failures += 1
                let status = ExitStatus(error) ?? ExitStatus(code: 1, message: "\(error)")
                let path = outcome.request.source.path, message = status.message ?? "failed"
                printError("callvault: " + (message.hasPrefix(path) ? message : "\(path): \(message)"))
                firstFailureCode = firstFailureCode ?? status.code
            }
            progress.update(done: outcome.index + 1, failed: failures)
        }
        progress.finish()
        if sources.count > 1 {
            printError("callvault: ingested \(sources.count - failures) of \(sources.count) files" + (failures > 0 ? "; \(failures) failed" : ""))
        }
        // Each failure was reported above; exit with the first one's code.
        if let firstFailureCode { throw ExitStatus(code: firstFailureCode, message: nil) }
    }
}
