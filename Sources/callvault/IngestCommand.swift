import ArgumentParser
import Foundation
import VaultAudio
import VaultBase
import VaultCore
import VaultRTP
import VaultStore

/// `callvault ingest`: seals WAV files and the calls of pcap/pcapng/rtpdump captures into the vault.
struct IngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Ingest WAV files, pcap/pcapng/rtpdump captures, or directories of them (recursively).",
        discussion: """
            Each recording is decoded, encoded as Ogg Opus, sealed with AES-256-GCM and recorded in the catalog.
            Standard output gets one line per recording: its id, or a JSON object with --json (one per line).
            Errors, warnings, progress and the summary go to standard error. A directory is ingested on every core.
            A capture (recognised by its magic bytes) yields one stereo recording per call: the SIP caller (or,
            without SIP, the direction heard first) on the left, the callee on the right.
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

    @Option(help: ArgumentHelp("For captures: outbound (the subject is the called number) or inbound (the calling number).", valueName: "outbound|inbound"))
    var direction: String = CallDirection.outbound.rawValue

    @Option(help: ArgumentHelp("A transcript of the (single) WAV file: redacted in memory, sealed beside the audio; the numbers it holds are muted in the audio.", valueName: "file"))
    var transcript: String?

    @Option(name: .customLong("transcript-format"), help: ArgumentHelp("The transcript's format; default: from its extension (.txt, .json, .vtt, .srt).", valueName: "text|asr-json|whisper-json|vtt|srt"))
    var transcriptFormat: String?

    @Flag(help: "Print one JSON object per recording instead of its id.")
    var json = false

    @Argument(help: ArgumentHelp("WAV files, captures and directories.", valueName: "path"))
    var paths: [String]

    func validate() throws {
        if let subjectPhone {
            do { _ = try PhoneNumber(parsing: subjectPhone) } catch {
                throw ValidationError("--subject-phone: \(error)")
            }
        }
        if CallDirection(rawValue: direction) == nil {
            throw ValidationError("--direction: '\(direction)' is neither outbound nor inbound")
        }
        if let startedAt, Timestamp.parse(startedAt) == nil {
            throw ValidationError("--started-at: '\(startedAt)' is not an ISO 8601 time (e.g. 2026-03-01T09:30:00+08:00)")
        }
        if transcript != nil {
            guard paths.count == 1 else { throw ValidationError("--transcript goes with exactly one WAV file") }
        } else if transcriptFormat != nil {
            throw ValidationError("--transcript-format needs --transcript")
        }
        if let transcriptFormat, !["text", "asr-json", "whisper-json", "vtt", "srt"].contains(transcriptFormat) {
            throw ValidationError("--transcript-format: '\(transcriptFormat)' is not one of text, asr-json, whisper-json, vtt, srt")
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
            throw ExitStatus(code: 66, message: "no WAV files or captures found in \(paths.joined(separator: ", "))")
        }
        if transcript != nil, sources.count != 1 || Vault.isCapture(sources[0]) {
            throw ExitStatus(code: 64, message: "--transcript goes with exactly one WAV file")
        }
        var firstFailureCode: Int32?
        var failures = 0, attempted = 0
        func fail(_ path: String, _ error: any Error) {
            failures += 1
            let status = Self.status(error)
            let message = status.message ?? "failed"
            printError("callvault: " + (message.hasPrefix(path) ? message : "\(path): \(message)"))
            firstFailureCode = firstFailureCode ?? status.code
        }
        let captureOptions = CaptureIngestOptions(direction: CallDirection(rawValue: direction) ?? .outbound, subject: subject,
                                                  campaign: campaign, agent: agent, startedAt: started)
        let progress = ProgressBar(total: sources.count, enabled: sources.count > 1 && isatty(STDERR_FILENO) == 1)
        var done = 0
        var index = 0
        var sawCapture = false
        while index < sources.count {
            if Vault.isCapture(sources[index]) {
                sawCapture = true
                // One capture: every call in it becomes a recording.
                let url = sources[index]
                index += 1
                do {
                    let outcomes = try await BlockingWork.run { try vault.ingestCapture(at: url, options: captureOptions, actor: .localUser) }
                    progress.clear()
                    for outcome in outcomes {
                        attempted += 1
                        switch outcome.result {
                        case .success(let record):
                            FileHandle.standardOutput.write(Data((captureLine(record, outcome, url) + "\n").utf8))
                        case .failure(let error):
                            fail(url.path, error)
                        }
                    }
                } catch {
                    progress.clear()
                    attempted += 1
                    fail(url.path, error)
                }
                done += 1
                progress.update(done: done, failed: failures)
                continue
            }
            // A run of WAV files: the batch ingest.
            var end = index
            while end < sources.count, !Vault.isCapture(sources[end]) { end += 1 }
            let requests = sources[index..<end].map {
                var request = IngestRequest(source: $0, subject: subject, campaign: campaign, agent: agent, startedAt: started)
                request.transcript = transcript.map { URL(fileURLWithPath: $0) }
                request.transcriptFormat = transcriptFormat
                return request
            }
            let base = done
            index = end
            for await outcome in vault.ingest(Array(requests), actor: .localUser) {
                progress.clear()
                attempted += 1
                switch outcome.result {
                case .success(let record):
                    let line = json ? Recording(record).ingestLine(source: outcome.request.source.path) : record.id.description
                    FileHandle.standardOutput.write(Data((line + "\n").utf8))
                case .failure(let error):
                    fail(outcome.request.source.path, error)
                }
                done = base + outcome.index + 1
                progress.update(done: done, failed: failures)
            }
        }
        progress.finish()
        if attempted > 1 {
            printError("callvault: ingested \(attempted - failures) of \(attempted) \(sawCapture ? "recordings" : "files")" + (failures > 0 ? "; \(failures) failed" : ""))
        }
        // Each failure was reported above; exit with the first one's code.
        if let firstFailureCode { throw ExitStatus(code: firstFailureCode, message: nil) }
    }

    /// The output line of one call of a capture: its id, or with --json the recording plus the
    /// call's index, hashed Call-ID and RTP statistics (never a number in clear).
    private func captureLine(_ record: RecordingRecord, _ outcome: CaptureCallOutcome, _ url: URL) -> String {
        guard json else { return record.id.description }
        let extra: [String: Any] = ["call_index": outcome.index, "rtp": outcome.request.metadata]
        return Recording(record).ingestLine(source: url.path, extra: extra)
    }

    /// The exit status of an ingest error (`ExitStatus` maps it; an unclassified one is 1).
    private static func status(_ error: any Error) -> ExitStatus {
        ExitStatus(error) ?? ExitStatus(code: 1, message: "\(error)")
    }
}
