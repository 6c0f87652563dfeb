import ArgumentParser
import Foundation
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
        subcommands: [Hits.self, Report.self, Scan.self, LexiconCheck.self])

    struct Hits: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the prohibited phrases found in stored transcripts, newest call first.",
            discussion: "Transcripts are scanned after redaction when they are stored (ingest, transcripts add); a hit's words and context are the redacted ones. --since and --until select by the call's start.")
        @OptionGroup var options: VaultOptions
        @OptionGroup var range: TimeRangeOptions
        @Option(help: "One agent's calls.") var agent: String?
        @Option(help: "One campaign's calls.") var campaign: String?
        @Option(help: "One category of the lexicon.") var category: String?
        @Option(help: ArgumentHelp("One recording's hits.", valueName: "id")) var recording: String?
        @Option(help: "At most this many (default 1000).") var limit = 1_000
        @Flag(help: "Print a JSON array.") var json = false

        func validate() throws {
            guard limit > 0 else { throw ValidationError("--limit must be at least 1") }
        }

        func run() async throws {
            let query = PhraseHitQuery(since: range.sinceDate, until: range.untilDate, agent: agent, campaign: campaign, category: category,
                                       recording: try recording.map(parseRecordingID), limit: limit)
            let hits = try await options.openVault().monitor.hits(query)
            if json {
                print(JSONOutput.string(hits, pretty: true))
                return
            }
            guard !hits.isEmpty else {
                printError("callvault: no prohibited phrases found")
                return
            }
            print(["CALL_STARTED_AT", "RECORDING", "AGENT", "CATEGORY", "SEVERITY", "SPEAKER", "AT_S", "WORDS"].joined(separator: "\t"))
            for h in hits {
                let at = h.startMs.map { String(format: "%.1f", Double($0) / 1000) } ?? "-"
                print([h.callStartedAt, h.recordingId, h.agent ?? "-", h.category, h.severity, h.speaker ?? "-", at, h.words].joined(separator: "\t"))
            }
        }
    }

    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
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
            abstract: "Find the lexicon's phrases in a transcript (stdin), after redacting it; one JSON object a hit on stdout.",
            discussion: "Each hit: category, severity, phrase, start and end (character offsets into the redacted transcript), the words said, and the redacted words around them. A mention with a negator before it in the same clause (\"我们不承诺高收益\") is no violation. Exit 0 whether or not anything is found; the count goes to stderr.")
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
            // Scanned after redaction: a hit's words and context never hold a number in clear.
            let redacted = String(decoding: try TranscriptRedactor().redact(data: input, format: kind).data, as: UTF8.self)
            let hits = scanner.scan(redacted)
            let scalars = hits.isEmpty ? [] : Array(redacted.unicodeScalars)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            for hit in hits {
                let context = String(String.UnicodeScalarView(scalars[max(0, hit.start - 20)..<min(scalars.count, hit.end + 20)]))
                let view = HitView(hit: hit, context: context.replacingOccurrences(of: "\n", with: " "))
                print(String(decoding: try encoder.encode(view), as: UTF8.self))
            }
            printError("callvault: \(hits.count) prohibited phrase(s) found")
        }

        /// A hit as `PhraseScanner.Hit` encodes it, with the redacted text around it.
        struct HitView: Encodable {
            var hit: PhraseScanner.Hit
            var context: String

            enum CodingKeys: String, CodingKey { case context }

            func encode(to encoder: any Encoder) throws {
                try hit.encode(to: encoder)
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(context, forKey: .context)
            }
        }
    }

    struct LexiconCheck: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "lexicon",
            abstract: "Check a lexicon file and print its categories (or the shipped lexicon's).")
        @OptionGroup var lexicon: LexiconOption

        func run() throws {
            let loaded = try lexicon.load()
            for category in loaded.categories {
                print("\(category.name)\t\(category.severity.rawValue)\t\(category.phrases.count) phrases\t\(category.description)")
            }
        }
    }
}
