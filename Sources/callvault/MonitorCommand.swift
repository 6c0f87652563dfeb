import ArgumentParser
import Foundation
import VaultBase
import VaultCore
import VaultPolicy
import VaultRedact
import VaultStore

/// `callvault monitor`: compliance monitoring (issue 21): the prohibited phrases found in stored
/// transcripts (`hits`, `report`), and the lexicon and a scan of one transcript without a vault.
struct MonitorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "monitor",
        abstract: "Compliance monitoring: prohibited phrases in transcripts.",
        subcommands: [Hits.self, Review.self, Report.self, Quality.self, Unrecorded.self, Scan.self, LexiconCommand.self])

    struct Hits: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "hits",
            abstract: "List the prohibited phrases found in stored transcripts, newest call first.",
            discussion: "Transcripts are scanned after redaction when they are stored (ingest, transcripts add); a hit's words and context are the redacted ones. --since and --until select by the call's start.")
        @OptionGroup var options: VaultOptions
        @OptionGroup var range: TimeRangeOptions
        @Option(help: "One agent's calls.") var agent: String?
        @Option(help: "One campaign's calls.") var campaign: String?
        @Option(help: "One category of the lexicon.") var category: String?
        @Option(help: ArgumentHelp("One recording's hits.", valueName: "id")) var recording: String?
        @Option(help: "Hits in one review state: new, confirmed or false_positive.") var state: ReviewState?
        @Option(help: "At most this many (default 1000).") var limit = 1_000
        @Flag(help: "Print a JSON array.") var json = false

        func validate() throws {
            guard limit > 0 else { throw ValidationError("--limit must be at least 1") }
        }

        func run() async throws {
            let query = PhraseHitQuery(since: range.sinceDate, until: range.untilDate, agent: agent, campaign: campaign, category: category,
                                       recording: try recording.map(parseRecordingID), state: state?.value, limit: limit)
            let hits = try await options.openVault().monitor.hits(query)
            if json {
                print(JSONOutput.string(hits, pretty: true))
                return
            }
            guard !hits.isEmpty else {
                printError("callvault: no prohibited phrases found")
                return
            }
            print(["ID", "CALL_STARTED_AT", "RECORDING", "AGENT", "CATEGORY", "SEVERITY", "STATE", "SPEAKER", "AT_S", "WORDS"].joined(separator: "\t"))
            for h in hits {
                let at = h.startMs.map { String(format: "%.1f", Double($0) / 1000) } ?? "-"
                print([h.id, h.callStartedAt, h.recordingId, h.agent ?? "-", h.category, h.severity, h.state, h.speaker ?? "-", at, h.words]
                    .joined(separator: "\t"))
            }
        }
    }

    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "report",
            abstract: "Prohibited phrases per 100 transcribed calls, per agent or campaign.",
            discussion: "Counts the calls with a stored transcript that started in the period, and the hits in them; most hits per 100 calls first.")
        @OptionGroup var options: VaultOptions
        @OptionGroup var range: TimeRangeOptions
        @Option(help: "agent or campaign.") var by: Grouping = .agent
        @Flag(help: "Print a JSON object.") var json = false

        enum Grouping: String, ExpressibleByArgument, CaseIterable {
            case agent, campaign
            var value: CallGrouping { self == .agent ? .agent : .campaign }
        }

        func run() async throws {
            let report = try await options.openVault().monitor.report(since: range.sinceDate, until: range.untilDate, by: by.value)
            if json {
                print(JSONOutput.string(report, pretty: true))
                return
            }
            print([by.rawValue.uppercased(), "CALLS", "HITS", "HIGH", "PER_100_CALLS", "CATEGORIES"].joined(separator: "\t"))
            for line in report.lines {
                let categories = line.categories.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
                print([line.name ?? "-", "\(line.calls)", "\(line.hits)", "\(line.highSeverity)", String(format: "%.2f", line.hitsPer100Calls),
                       categories.isEmpty ? "-" : categories].joined(separator: "\t"))
            }
        }
    }

    /// A lexicon: a file, or the shipped one.
    struct LexiconOption: ParsableArguments {
        @Option(help: ArgumentHelp("A lexicon file (default: the shipped Policies/lexicon.yaml).", valueName: "file"))
        var lexicon: String?

        func load() throws -> Lexicon {
            guard let lexicon else { return .default }
            let text: String
            do { text = try String(contentsOfFile: lexicon, encoding: .utf8) } catch {
                throw VaultError(.misconfigured, "cannot read the lexicon \(lexicon): \(error.localizedDescription)")
            }
            do { return try Lexicon(yaml: text) } catch let error as PolicyError {
                throw VaultError(.malformedPolicy, "\(lexicon): \(error)")
            }
        }
    }

    struct Scan: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "scan",
            abstract: "Find the lexicon's phrases in a transcript (stdin), after redacting it; one JSON object a hit on stdout.",
            discussion: "Each hit: category, severity, phrase, start and end (character offsets into the redacted text the redactor read: words, segments and cues joined, markup aside), the words said, the speaker and times when the transcript says, and the redacted words around them. A mention with a negator before it in the same clause (\"我们不承诺高收益\") is no violation. Exit 0 whether or not anything is found; the count goes to stderr. The same finding as the vault's when it stores a transcript.")
        @Option(help: "The input format: text, asr-json (also whisper-json), vtt or srt.") var format: RedactCommand.Format = .text
        @OptionGroup var lexicon: LexiconOption

        func validate() throws {
            guard format != .jsonl else { throw ValidationError("--format jsonl is for redact; scan takes text, asr-json, whisper-json, vtt or srt") }
        }

        func run() throws {
            let scanner = PhraseScanner(lexicon: try lexicon.load())
            let input = [UInt8](FileHandle.standardInput.readDataToEndOfFile())
            let kind: TranscriptFormat = switch format {
            case .text, .jsonl: .text
            case .vtt: .vtt
            case .srt: .srt
            case .asrJSON, .whisperJSON: .asrJSON
            }
            // Scanned after redaction, as the vault scans a stored transcript: the text the redactor
            // read (cue and word times, speakers), so a hit's words and context never hold a number.
            guard let text = try TranscriptRedactor().redact(data: input, format: kind, keepingText: true).text else { return }
            let hits = LocatedPhraseHit.find(in: text, with: scanner)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            for hit in hits { print(String(decoding: try encoder.encode(hit), as: UTF8.self)) }
            printError("callvault: \(hits.count) prohibited phrase(s) found")
        }
    }

    struct Quality: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "quality",
            abstract: "List recordings that look incomplete: silent, one-sided, clipped, long dead air, short, or interrupted.",
            discussion: "Facts measured while each recording was encoded: per channel the share of 20 ms windows louder than -45 dBFS (silent below 2 %, speaking from 10 %), clipped samples (flagged above 0.1 %), the longest stretch with every channel silent (flagged above 60 s), the length (flagged below 3 s), and for RTP each channel's packet loss (flagged above 3 %). Spans muted for redaction or paused count as silence. Oldest call first; --since and --until select by the call's start.")
        @OptionGroup var options: VaultOptions
        @OptionGroup var range: TimeRangeOptions
        @Option(help: "One agent's calls.") var agent: String?
        @Option(help: "One campaign's calls.") var campaign: String?
        @Option(help: "Only recordings flagged so: silent, one_sided, clipping, long_silence, short, packet_loss or interrupted.") var flag: String?
        @Flag(help: "Every recording with quality facts, flagged or not.") var all = false
        @Flag(help: "Print a JSON array of recordings.") var json = false

        func validate() throws {
            if let flag, !MonitorService.qualityFlags.contains(flag) {
                throw ValidationError("--flag: one of \(MonitorService.qualityFlags.joined(separator: ", "))")
            }
        }

        func run() async throws {
            let recordings = try await options.openVault().monitor.quality(since: range.sinceDate, until: range.untilDate, agent: agent,
                                                                         campaign: campaign, flag: flag, all: all)
            if json {
                print(JSONOutput.string(recordings, pretty: true))
                return
            }
            guard !recordings.isEmpty else {
                printError("callvault: no recording looks incomplete")
                return
            }
            print(["ID", "STARTED_AT", "DURATION_S", "AGENT", "ACTIVE", "LONGEST_SILENCE_S", "FLAGS"].joined(separator: "\t"))
            for r in recordings {
                let flags = (r.quality?.flags ?? []) + (r.interrupted ? ["interrupted"] : [])
                print([r.id, r.startedAt, String(format: "%.1f", Double(r.durationMs) / 1000), r.agent ?? "-",
                       r.quality.map { $0.active.map { String(format: "%.2f", $0) }.joined(separator: ",") } ?? "-",
                       r.quality.map { String(format: "%.1f", Double($0.longestSilenceMs) / 1000) } ?? "-",
                       flags.isEmpty ? "-" : flags.joined(separator: ",")].joined(separator: "\t"))
            }
        }
    }

    struct Unrecorded: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "unrecorded",
            abstract: "List allowed consent claims with no recording of their number: possibly calls that failed to record.",
            discussion: "A claim (consent check with claim: true, allowed) is the dialer's intended call; a recording of the same number starting from a minute before the claim to --window minutes after it reconciles it. Only claims whose window has passed are judged. Default period: the last 7 days.")
        @OptionGroup var options: VaultOptions
        @OptionGroup var range: TimeRangeOptions
        @Option(help: "Minutes after a claim its recording may start (default 120).") var window = 120
        @Option(help: "At most this many (default 1000).") var limit = 1_000
        @Flag(help: "Print a JSON array.") var json = false

        func validate() throws {
            guard (1...10_080).contains(window) else { throw ValidationError("--window must be 1 to 10080 minutes") }
            guard limit > 0 else { throw ValidationError("--limit must be at least 1") }
        }

        func run() async throws {
            let vault = try await options.openVault()
            let calls = try await vault.monitor.unrecorded(since: range.sinceDate, until: range.untilDate, window: .seconds(window * 60), limit: limit)
            if json {
                print(JSONOutput.string(calls, pretty: true))
                return
            }
            guard !calls.isEmpty else {
                printError("callvault: no allowed claim without a recording (claims are judged once their window has passed)")
                return
            }
            print(["CLAIMED_AT", "SUBJECT_PSEUDONYM", "PURPOSE"].joined(separator: "\t"))
            for call in calls { print([call.claimedAt, call.subjectPseudonym, call.purpose].joined(separator: "\t")) }
        }
    }

    /// A hit's review state, as an option.
    enum ReviewState: String, ExpressibleByArgument, CaseIterable {
        case new, confirmed, falsePositive = "false_positive"
        var value: PhraseHitRecord.State { PhraseHitRecord.State(rawValue: rawValue)! }
    }

    struct Review: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "review",
            abstract: "Record a reviewer's verdict on a phrase hit: a confirmed violation, or a false positive.",
            discussion: "A false positive may name the words that make it one (--exception \"高收益债券\", a product's name): they join the vault's lexicon as a new version, and later transcripts are not flagged for them. Audited (monitor.review, monitor.lexicon).")
        @OptionGroup var options: VaultOptions
        @Argument(help: "The hit's id (monitor hits --json).") var hit: String
        @Flag(help: "A confirmed violation.") var confirm = false
        @Flag(help: "No violation.") var falsePositive = false
        @Option(help: "The reviewer's note.") var note: String?
        @Option(help: "With --false-positive: the words that make it none, added to the lexicon's exceptions.") var exception: String?
        @Flag(help: "Print the hit as JSON.") var json = false

        func validate() throws {
            guard confirm != falsePositive else { throw ValidationError("give exactly one of --confirm and --false-positive") }
            if exception != nil, !falsePositive { throw ValidationError("--exception goes with --false-positive") }
        }

        func run() async throws {
            let vault = try await options.openVault()
            let reviewed = try await vault.monitor.review(hit, verdict: confirm ? .confirmed : .falsePositive, note: note, exception: exception,
                                                          actor: .localUser)
            print(json ? JSONOutput.string(reviewed, pretty: true) : "\(reviewed.id)\t\(reviewed.state)")
        }
    }

    /// `monitor lexicon`: check a lexicon file (the default), apply one to a vault, or show the vault's.
    struct LexiconCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "lexicon",
            abstract: "The prohibited-phrase lexicon: check a file, apply it to a vault, show the vault's.",
            subcommands: [Check.self, Apply.self, Show.self], defaultSubcommand: Check.self)

        struct Check: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "check", abstract: "Check a lexicon file and print its categories (or the shipped lexicon's).")
            @OptionGroup var lexicon: LexiconOption

            func run() throws { LexiconCommand.printCategories(try lexicon.load()) }
        }

        struct Apply: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "apply",
                abstract: "Make a lexicon file the vault's from now on (a new version, audited); exceptions added by reviews stay.",
                discussion: "Transcripts stored earlier keep their hits; transcripts stored from now on are scanned with it.")
            @OptionGroup var options: VaultOptions
            @Argument(help: "The lexicon file (YAML).") var file: String

            func run() async throws {
                let yaml: String
                do { yaml = try String(contentsOfFile: file, encoding: .utf8) } catch {
                    throw VaultError(.misconfigured, "cannot read the lexicon \(file): \(error.localizedDescription)")
                }
                let version = try await options.openVault().monitor.applyLexicon(yaml: yaml, actor: .localUser)
                print("lexicon version \(version)")
            }
        }

        struct Show: AsyncParsableCommand {
            static let configuration = CommandConfiguration(commandName: "show", abstract: "Show the vault's lexicon: its version, categories and exceptions, and its changes.")
            @OptionGroup var options: VaultOptions

            func run() async throws {
                let vault = try await options.openVault()
                let (version, lexicon) = try await vault.monitor.lexicon()
                print("version\t\(version)")
                LexiconCommand.printCategories(lexicon)
                for exception in lexicon.exceptions { print("exception\t\(exception)") }
                for change in try await vault.monitor.lexiconChanges() {
                    let what = change.kind == .apply ? "file applied" : "exception from hit \(change.hitId ?? "-")"
                    print("change\t\(change.version)\t\(Timestamp.format(change.at))\t\(change.actor)\t\(what)")
                }
            }
        }

        static func printCategories(_ lexicon: Lexicon) {
            for category in lexicon.categories {
                print("\(category.name)\t\(category.severity.rawValue)\t\(category.phrases.count) phrases\t\(category.description)")
            }
        }
    }
}
