import ArgumentParser
import Foundation
import VaultCore
import VaultPolicy
import VaultRedact

/// `callvault monitor`: compliance monitoring (issue 21). So far: the prohibited-phrase lexicon
/// and scanning a transcript for it, without a vault.
struct MonitorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "monitor",
        abstract: "Compliance monitoring: prohibited phrases in transcripts.",
        subcommands: [Scan.self, LexiconCheck.self])

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
