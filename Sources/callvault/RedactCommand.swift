import ArgumentParser
import Foundation
import VaultCore
import VaultRedact

/// `callvault redact`: masks ID, bank-card and phone numbers in a transcript read from standard input.
/// Needs no vault; nothing is written anywhere but standard output.
struct RedactCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "redact",
        abstract: "Mask ID, bank-card and phone numbers in a transcript (stdin to stdout, no vault).",
        discussion: "Formats: text, jsonl ({\"id\",\"text\"} per line in; {\"id\",\"redacted_text\",\"spans\"} per line out), asr-json (also whisper-json), vtt, srt. See Sources/VaultRedact/README.md."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, jsonl, asrJSON = "asr-json", whisperJSON = "whisper-json", vtt, srt
    }

    @Option(help: "The input format: text, jsonl, asr-json, whisper-json, vtt or srt.") var format: Format = .text

    func run() throws {
        let input = [UInt8](FileHandle.standardInput.readDataToEndOfFile())
        let out = FileHandle.standardOutput
        switch format {
        case .jsonl:
            let redactor = JSONLinesRedactor()
            var buffer: [UInt8] = []
            buffer.reserveCapacity(1 << 20)
            var lineNumber = 0
            for line in input.split(separator: 0x0A, omittingEmptySubsequences: false) {
                lineNumber += 1
                var bytes = Array(line)
                if bytes.last == 0x0D { bytes.removeLast() }
                if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
                do {
                    buffer += try redactor.redactLine(bytes)
                } catch {
                    throw VaultError(.malformedTranscript, "line \(lineNumber): \(error.message)", cause: error)
                }
                buffer.append(0x0A)
                if buffer.count >= 1 << 20 { out.write(Data(buffer)); buffer.removeAll(keepingCapacity: true) }
            }
            out.write(Data(buffer))
        default:
            let kind: TranscriptFormat = switch format {
            case .text: .text
            case .vtt: .vtt
            case .srt: .srt
            default: .asrJSON
            }
            let result = try TranscriptRedactor().redact(data: input, format: kind)
            out.write(Data(result.data))
        }
    }
}
