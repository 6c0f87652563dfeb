import Foundation
import VaultCore
import VaultStore

/// A recording in text, for people (`--json` prints `Recording` itself). Subjects appear masked only.
extension Recording {
    /// `key: value` lines.
    var text: String {
        [
            ("id", id), ("state", state), ("started_at", startedAt), ("ingested_at", ingestedAt),
            ("duration_s", String(format: "%.3f", Double(durationMs) / 1000)), ("channels", "\(channels)"),
            ("sample_rate", "\(inputSampleRate) Hz in, \(opusSampleRate) Hz Opus"), ("bitrate", "\(bitrate) bit/s"),
            ("source_format", sourceFormat), ("subject", subject ?? "-"), ("subject_pseudonym", subjectPseudonym ?? "-"),
            ("campaign", campaign ?? "-"), ("agent", agent ?? "-"), ("opus_sha256", opusSha256), ("opus_size", "\(opusSize)"),
            ("sealed_sha256", sealedSha256), ("sealed_size", "\(sealedSize)"), ("version", "\(version)"),
            ("restricted_until", restrictedUntil ?? "-"), ("purged_at", purgedAt ?? "-"),
            ("transcript", transcriptFormat.map { "\($0), SHA-256 \(transcriptSha256 ?? "?")" } ?? "-"),
            ("redacted_spans", redactedSpans ?? "-"), ("call_id_sha256", callIdSha256 ?? "-"),
            ("paused_spans", pausedSpans.isEmpty ? "-" : pausedSpans.map { String(format: "%.3f-%.3f s", $0.startS, $0.endS) }.joined(separator: ", ")),
            ("notes", notes ?? "-"),
        ].map { "\($0.0): \($0.1)" }.joined(separator: "\n")
    }

    /// The JSON line of an ingested recording: the recording, and the input it came from.
    func ingestLine(source: String, extra: [String: Any] = [:]) -> String {
        var object = (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any] ?? [:]
        object["source"] = source
        for (key, value) in extra { object[key] = value }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}

/// JSON for standard output.
enum JSONOutput {
    static func string(_ value: some Encodable, pretty: Bool) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(value)) ?? Data("null".utf8), as: UTF8.self)
    }
}
