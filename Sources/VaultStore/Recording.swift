public import Foundation
import VaultBase

/// A recording as every caller sees it: the one representation that `callvault ... --json`, the
/// HTTP API and the OpenAPI document's `Recording` schema share (a test keeps the schema's
/// properties equal to `CodingKeys`). Subjects appear masked (and as their pseudonym) only; no
/// keys, no paths. Every key is always present (`null` when unknown).
public struct Recording: Codable, Sendable, Equatable {
    /// The recording id.
    public var id: String
    /// `stored`, `restricted`, `purged` or `shredded`.
    public var state: String
    /// When the call started, and when it was ingested (ISO 8601 UTC).
    public var startedAt: String, ingestedAt: String
    /// Playback length in milliseconds.
    public var durationMs: Int
    /// Channels, source and Opus sample rates, Opus bit rate, source format.
    public var channels: Int, inputSampleRate: Int, opusSampleRate: Int, bitrate: Int, sourceFormat: String
    /// The subject's masked number and pseudonym, when known.
    public var subject: String?, subjectPseudonym: String?
    /// Campaign and agent, when known.
    public var campaign: String?, agent: String?
    /// SHA-256 and size of the Ogg Opus, and of the sealed object.
    public var opusSha256: String, opusSize: Int, sealedSha256: String, sealedSize: Int
    /// Until when it is restricted (an erasure kept it for now), and when it was purged.
    public var restrictedUntil: String?, purgedAt: String?
    /// The audio's version (2 and up after `transcripts add` re-encoded it).
    public var version: Int
    /// The stored (redacted) transcript's format and SHA-256, when there is one.
    public var transcriptFormat: String?, transcriptSha256: String?
    /// Whether a transcript is stored.
    public var hasTranscript: Bool
    /// The muted spans, `start-end:kind` in ms (never the values), when a transcript named any.
    public var redactedSpans: String?
    /// SHA-256 (hex) of the recorded call's SIP Call-ID, when signalling named it.
    public var callIdSha256: String?
    /// Where recording was paused (PCI: a card number being given): silence in the audio.
    public var pausedSpans: [PausedSpan]
    /// Whether the recorder stopped mid-call (a crash, a kill) and recovery completed the
    /// recording from what was sealed by then.
    public var interrupted: Bool
    /// What the ingest noted about the source (a one-way call, unsupported payloads, a session
    /// ended by media timeout, …), `; `-separated; nil when nothing.
    public var notes: String?
    /// The audio's quality facts, measured while it was encoded; nil for recordings stored
    /// before they were measured.
    public var quality: Quality?

    /// Quality facts as the catalog's metadata keeps them (`quality_*` keys) and the JSON shows them.
    public struct Quality: Codable, Sendable, Equatable {
        /// Per channel, the share of 20 ms windows that hold sound (0…1, two decimals).
        public var active: [Double]
        /// Per channel, samples at full scale.
        public var clipped: [Int]
        /// The longest stretch where every channel is silent, in milliseconds.
        public var longestSilenceMs: Int
        /// What looks wrong: `silent`, `one_sided`, `clipping`, `long_silence`, `short`, `packet_loss`.
        public var flags: [String]
        /// Per channel, the share of RTP packets lost on the way (0…1, three decimals); nil for
        /// audio that came as a file rather than RTP.
        public var packetLoss: [Double]?

        /// The keys, as the JSON spells them.
        public enum CodingKeys: String, CodingKey, CaseIterable {
            case active, clipped, longestSilenceMs = "longest_silence_ms", flags, packetLoss = "packet_loss"
        }

        /// Facts.
        public init(active: [Double], clipped: [Int], longestSilenceMs: Int, flags: [String], packetLoss: [Double]? = nil) {
            self.active = active.map { ($0 * 100).rounded() / 100 }
            self.clipped = clipped; self.longestSilenceMs = longestSilenceMs; self.flags = flags
            self.packetLoss = packetLoss.map { $0.map { ($0 * 1000).rounded() / 1000 } }
        }

        /// A channel that lost more than this share of its RTP packets is flagged `packet_loss`:
        /// past 3 % speech has audible gaps (ITU-T G.113's planning range for G.711 without
        /// concealment ends near 1 %, and call centres' quality monitors alarm at 3 to 5 %).
        public static let packetLossFlagged = 0.03

        /// The facts, with the packet loss of `channels` channels an RTP call's metadata reports
        /// (`left.packets`, `left.lost`, and `right.…`; received and lost per direction); unchanged
        /// when it reports none (a file).
        public func addingPacketLoss(from metadata: [String: String], channels: Int) -> Quality {
            let sides = ["left", "right"].prefix(max(1, min(2, channels)))
            let loss = sides.compactMap { side -> Double? in
                guard let received = metadata["\(side).packets"].flatMap(Int.init), let lost = metadata["\(side).lost"].flatMap(Int.init) else { return nil }
                return received + lost == 0 ? 0 : Double(max(0, lost)) / Double(received + max(0, lost))
            }
            guard loss.count == sides.count else { return self }
            var flags = self.flags
            if loss.contains(where: { $0 > Self.packetLossFlagged }), !flags.contains("packet_loss") { flags.append("packet_loss") }
            return Quality(active: active, clipped: clipped, longestSilenceMs: longestSilenceMs, flags: flags, packetLoss: loss)
        }

        /// The metadata entries that keep these facts.
        public var metadata: [String: String] {
            var entries = ["quality_active": active.map { String(format: "%.2f", $0) }.joined(separator: ","),
                           "quality_clipped": clipped.map(String.init).joined(separator: ","),
                           "quality_longest_silence_ms": "\(longestSilenceMs)"]
            if !flags.isEmpty { entries["quality_flags"] = flags.joined(separator: ",") }
            if let packetLoss { entries["quality_packet_loss"] = packetLoss.map { String(format: "%.3f", $0) }.joined(separator: ",") }
            return entries
        }

        /// The facts a recording's metadata keeps, when it keeps them.
        public init?(metadata: [String: Any]?) {
            guard metadata?["quality_active"] is String,
                  let silence = (metadata?["quality_longest_silence_ms"] as? String).flatMap(Int.init) else { return nil }
            func list(_ key: String) -> [Substring] { ((metadata?[key] as? String) ?? "").split(separator: ",") }
            self.init(active: list("quality_active").compactMap { Double($0) }, clipped: list("quality_clipped").compactMap { Int($0) },
                      longestSilenceMs: silence, flags: list("quality_flags").map(String.init),
                      packetLoss: metadata?["quality_packet_loss"] is String ? list("quality_packet_loss").compactMap { Double($0) } : nil)
        }

        /// Every key, `packet_loss` null for audio that came as a file.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(active, forKey: .active); try c.encode(clipped, forKey: .clipped)
            try c.encode(longestSilenceMs, forKey: .longestSilenceMs); try c.encode(flags, forKey: .flags)
            try c.encode(packetLoss, forKey: .packetLoss)
        }
    }

    /// A span of the recording that was paused, in seconds from its start.
    public struct PausedSpan: Codable, Sendable, Equatable {
        /// Start and end, seconds from the recording's start (millisecond precision).
        public var startS: Double, endS: Double
        /// Creates a span.
        public init(startS: Double, endS: Double) { (self.startS, self.endS) = (startS, endS) }
        /// The keys, as the JSON spells them.
        public enum CodingKeys: String, CodingKey { case startS = "start_s", endS = "end_s" }

        /// Reads `start-end,start-end` (milliseconds), as the catalog's metadata keeps them.
        public static func parseList(_ text: String?) -> [PausedSpan] {
            (text ?? "").split(separator: ",").compactMap { item in
                let bounds = item.split(separator: "-")
                guard bounds.count == 2, let start = Int(bounds[0]), let end = Int(bounds[1]), start <= end else { return nil }
                return PausedSpan(startS: Double(start) / 1000, endS: Double(end) / 1000)
            }
        }

        /// Writes spans as `start-end,start-end` in milliseconds.
        public static func formatList(_ spans: [PausedSpan]) -> String {
            spans.map { "\(Int(($0.startS * 1000).rounded()))-\(Int(($0.endS * 1000).rounded()))" }.joined(separator: ",")
        }
    }

    /// The keys, as the JSON and the OpenAPI schema spell them.
    public enum CodingKeys: String, CodingKey, CaseIterable {
        case id, state, startedAt = "started_at", ingestedAt = "ingested_at", durationMs = "duration_ms", channels
        case inputSampleRate = "input_sample_rate", opusSampleRate = "opus_sample_rate", bitrate, sourceFormat = "source_format"
        case subject, subjectPseudonym = "subject_pseudonym", campaign, agent
        case opusSha256 = "opus_sha256", opusSize = "opus_size", sealedSha256 = "sealed_sha256", sealedSize = "sealed_size"
        case restrictedUntil = "restricted_until", purgedAt = "purged_at", version
        case transcriptFormat = "transcript_format", transcriptSha256 = "transcript_sha256", hasTranscript = "has_transcript"
        case redactedSpans = "redacted_spans", callIdSha256 = "call_id_sha256", pausedSpans = "paused_spans", interrupted, notes, quality
    }

    /// The representation of a catalog row.
    public init(_ r: RecordingRecord) {
        id = r.id.description
        state = r.state.rawValue
        startedAt = Timestamp.format(r.startedAt)
        ingestedAt = Timestamp.format(r.ingestedAt)
        durationMs = r.durationMs
        (channels, inputSampleRate, opusSampleRate, bitrate, sourceFormat) = (r.channels, r.inputSampleRate, r.opusSampleRate, r.bitrate, r.sourceFormat)
        (subject, subjectPseudonym, campaign, agent) = (r.subjectMasked, r.subjectPseudonym, r.campaign, r.agent)
        (opusSha256, opusSize, sealedSha256, sealedSize) = (r.opusSha256, r.opusSize, r.sealedSha256, r.sealedSize)
        restrictedUntil = r.restrictedUntil.map(Timestamp.format)
        purgedAt = r.purgedAt.map(Timestamp.format)
        version = r.version
        (transcriptFormat, transcriptSha256, hasTranscript) = (r.transcriptFormat, r.transcriptSha256, r.transcriptSha256 != nil)
        let metadata = r.metadata.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        redactedSpans = (metadata?["redacted_spans"] as? String).flatMap { $0.isEmpty ? nil : $0 }
        callIdSha256 = metadata?["call_id_sha256"] as? String
        pausedSpans = PausedSpan.parseList(metadata?["paused_spans"] as? String)
        interrupted = metadata?["interrupted"] as? String == "true"
        notes = (metadata?["notes"] as? String).flatMap { $0.isEmpty ? nil : $0 }
        quality = Quality(metadata: metadata)
    }

    /// Every key written, `null` for what is unknown (the synthesised encoder would leave them out).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id); try c.encode(state, forKey: .state)
        try c.encode(startedAt, forKey: .startedAt); try c.encode(ingestedAt, forKey: .ingestedAt)
        try c.encode(durationMs, forKey: .durationMs); try c.encode(channels, forKey: .channels)
        try c.encode(inputSampleRate, forKey: .inputSampleRate); try c.encode(opusSampleRate, forKey: .opusSampleRate)
        try c.encode(bitrate, forKey: .bitrate); try c.encode(sourceFormat, forKey: .sourceFormat)
        try c.encode(subject, forKey: .subject); try c.encode(subjectPseudonym, forKey: .subjectPseudonym)
        try c.encode(campaign, forKey: .campaign); try c.encode(agent, forKey: .agent)
        try c.encode(opusSha256, forKey: .opusSha256); try c.encode(opusSize, forKey: .opusSize)
        try c.encode(sealedSha256, forKey: .sealedSha256); try c.encode(sealedSize, forKey: .sealedSize)
        try c.encode(restrictedUntil, forKey: .restrictedUntil); try c.encode(purgedAt, forKey: .purgedAt)
        try c.encode(version, forKey: .version)
        try c.encode(transcriptFormat, forKey: .transcriptFormat); try c.encode(transcriptSha256, forKey: .transcriptSha256)
        try c.encode(hasTranscript, forKey: .hasTranscript); try c.encode(redactedSpans, forKey: .redactedSpans)
        try c.encode(callIdSha256, forKey: .callIdSha256); try c.encode(pausedSpans, forKey: .pausedSpans)
        try c.encode(interrupted, forKey: .interrupted); try c.encode(notes, forKey: .notes)
        try c.encode(quality, forKey: .quality)
    }

    /// Compact JSON with sorted keys, as the CLI prints a line and the API answers.
    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(self)) ?? Data("null".utf8), as: UTF8.self)
    }
}
