import Foundation
import VaultBase
import VaultStore

/// A recording as the CLI shows it, in JSON and in text. Subjects appear masked only.
struct RecordingView: Encodable {
    var id: String
    var state: String
    var startedAt: String
    var ingestedAt: String
    var durationS: Double
    var channels: Int
    var inputSampleRate: Int
    var opusSampleRate: Int
    var bitrate: Int
    var sourceFormat: String
    var subject: String?
    var subjectPseudonym: String?
    var campaign: String?
    var agent: String?
    var opusSha256: String
    var opusSize: Int
    var sealedSha256: String
    var sealedSize: Int
    /// The input path, for `ingest --json` only (never stored).
    var source: String?
    /// The stored (redacted) transcript's format and SHA-256, when there is one.
    var transcriptFormat: String?
    var transcriptSha256: String?
    /// The audio's version (2 and up after `transcripts add` re-encoded it).
    var version: Int
    /// The muted spans, `start-end:kind` in ms (never the values), when a transcript named any.
    var redactedSpans: String?

    init(_ r: RecordingRecord, source: String? = nil) {
        id = r.id.description
        state = r.state.rawValue
        startedAt = Timestamp.format(r.startedAt)
        ingestedAt = Timestamp.format(r.ingestedAt)
        durationS = Double(r.durationMs) / 1000
        channels = r.channels
        inputSampleRate = r.inputSampleRate
        opusSampleRate = r.opusSampleRate
        bitrate = r.bitrate
        sourceFormat = r.sourceFormat
        subject = r.subjectMasked
        subjectPseudonym = r.subjectPseudonym
        campaign = r.campaign
        agent = r.agent
        opusSha256 = r.opusSha256
        opusSize = r.opusSize
        sealedSha256 = r.sealedSha256
        sealedSize = r.sealedSize
        self.source = source
        transcriptFormat = r.transcriptFormat
        transcriptSha256 = r.transcriptSha256
        version = r.version
        let metadata = r.metadata.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        redactedSpans = (metadata?["redacted_spans"] as? String).flatMap { $0.isEmpty ? nil : $0 }
    }

    enum CodingKeys: String, CodingKey {
        case id, state, startedAt = "started_at", ingestedAt = "ingested_at", durationS = "duration_s", channels
        case inputSampleRate = "input_sample_rate", opusSampleRate = "opus_sample_rate", bitrate
        case sourceFormat = "source_format", subject, subjectPseudonym = "subject_pseudonym", campaign, agent
        case opusSha256 = "opus_sha256", opusSize = "opus_size", sealedSha256 = "sealed_sha256", sealedSize = "sealed_size", source
        case transcriptFormat = "transcript_format", transcriptSha256 = "transcript_sha256"
        case version, redactedSpans = "redacted_spans"
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id); try c.encode(state, forKey: .state)
        try c.encode(startedAt, forKey: .startedAt); try c.encode(ingestedAt, forKey: .ingestedAt)
        try c.encode(durationS, forKey: .durationS); try c.encode(channels, forKey: .channels)
        try c.encode(inputSampleRate, forKey: .inputSampleRate); try c.encode(opusSampleRate, forKey: .opusSampleRate)
        try c.encode(bitrate, forKey: .bitrate); try c.encode(sourceFormat, forKey: .sourceFormat)
        try c.encode(subject, forKey: .subject); try c.encode(subjectPseudonym, forKey: .subjectPseudonym)
        try c.encode(campaign, forKey: .campaign); try c.encode(agent, forKey: .agent)
        try c.encode(opusSha256, forKey: .opusSha256); try c.encode(opusSize, forKey: .opusSize)
        try c.encode(sealedSha256, forKey: .sealedSha256); try c.encode(sealedSize, forKey: .sealedSize)
        try c.encodeIfPresent(source, forKey: .source)
        try c.encodeIfPresent(transcriptFormat, forKey: .transcriptFormat)
        try c.encodeIfPresent(transcriptSha256, forKey: .transcriptSha256)
        try c.encode(version, forKey: .version)
        try c.encodeIfPresent(redactedSpans, forKey: .redactedSpans)
    }

    /// One line of JSON.
    var jsonLine: String { JSONOutput.string(self, pretty: false) }

    /// `key: value` lines for people.
    var text: String {
        [
            ("id", id), ("state", state), ("started_at", startedAt), ("ingested_at", ingestedAt),
            ("duration_s", String(format: "%.3f", durationS)), ("channels", "\(channels)"),
            ("sample_rate", "\(inputSampleRate) Hz in, \(opusSampleRate) Hz Opus"), ("bitrate", "\(bitrate) bit/s"),
            ("source_format", sourceFormat), ("subject", subject ?? "-"), ("subject_pseudonym", subjectPseudonym ?? "-"),
            ("campaign", campaign ?? "-"), ("agent", agent ?? "-"), ("opus_sha256", opusSha256), ("opus_size", "\(opusSize)"),
            ("sealed_sha256", sealedSha256), ("sealed_size", "\(sealedSize)"), ("version", "\(version)"),
            ("transcript", transcriptFormat.map { "\($0), SHA-256 \(transcriptSha256 ?? "?")" } ?? "-"),
            ("redacted_spans", redactedSpans ?? "-"),
        ].map { "\($0.0): \($0.1)" }.joined(separator: "\n")
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
