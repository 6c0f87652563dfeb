public import VaultStore
/// Where each part of an evidence bundle lives inside the bag (`docs/evidence-bundle.md`).
public enum EvidenceBundleLayout {
    /// The bundle's index: what was selected, released and withheld, by whom and why.
    public static let index = "data/bundle.json"
    /// The audit entries touching the exported items, canonical bytes one a line, in order.
    public static let auditEntries = "data/audit/entries.jsonl"
    /// The signed checkpoint every proof leads to.
    public static let checkpoint = "data/audit/checkpoint.txt"
    /// The vault's Ed25519 public key (SPKI PEM).
    public static let publicKey = "data/audit/vault-public.pem"
    /// The raw Ed25519 signature over the tag manifest.
    public static let signature = BagManifest.tag + ".sig"

    /// A recording's metadata JSON.
    public static func metadata(_ id: String) -> String { "data/recordings/\(id).json" }
    /// A recording's Ogg Opus (`.opus`), or age file (`.opus.age`) when encrypted to a recipient.
    public static func audio(_ id: String, encrypted: Bool) -> String { "data/recordings/\(id).opus" + (encrypted ? ".age" : "") }
    /// A recording's redacted transcript, with its format's extension (`.age` appended when encrypted).
    public static func transcript(_ id: String, format: String, encrypted: Bool) -> String {
        let ext = switch format {
        case "vtt": "vtt"
        case "srt": "srt"
        case "text": "txt"
        default: "json"
        }
        return "data/transcripts/\(id).\(ext)" + (encrypted ? ".age" : "")
    }
    /// A SIPREC call's metadata (the `RSMetadata` JSON; `.age` appended when encrypted).
    public static func rsMetadata(_ id: String, encrypted: Bool) -> String { "data/rs-metadata/\(id).json" + (encrypted ? ".age" : "") }
    /// A subject's consent and opt-out history.
    public static func consent(_ subject: String) -> String { "data/consent/\(subject).json" }
    /// The inclusion proof of audit entry `seq` (zero-padded so that names sort by `seq`).
    public static func proof(_ seq: Int64) -> String {
        let digits = String(seq)
        return "data/audit/proofs/" + String(repeating: "0", count: max(0, 12 - digits.count)) + digits + ".json"
    }
}

/// `data/bundle.json`: the bundle's index (format `callvault-evidence-bundle/v1`).
public struct EvidenceBundleIndex: Codable, Sendable, Equatable {
    /// `callvault-evidence-bundle/v1`.
    public var format = "callvault-evidence-bundle/v1"
    /// A fresh UUID naming this export (the `bundle` detail of its audit entries).
    public var bundleID: String
    /// The log's name, `callvault/<vault id>`.
    public var origin: String
    /// When it was made (ISO 8601 UTC).
    public var createdAt: String
    /// Who made it, as the audit log names them.
    public var actor: String
    /// Why (the export's stated reason).
    public var reason: String
    /// What was asked for.
    public var selection: Selection
    /// Recordings whose content is in the bundle.
    public var released: [String]
    /// Recordings selected but without content (purged or shredded), listed with their fate in
    /// their metadata.
    public var withheld: [String]
    /// Whether audio and transcripts are age-encrypted, and to which recipient (`age1…`).
    public var encryptedTo: String?
    /// The sequence number of the bundle's own `bundle.export` entry.
    public var exportSeq: Int64
    /// The size of the checkpoint every proof is against.
    public var checkpointSize: Int64

    /// The selection as given (subjects as pseudonym and masked number, never the number).
    public struct Selection: Codable, Sendable, Equatable {
        /// The subject's pseudonym, when selected by number.
        public var subjectPseudonym: String?
        /// The subject's masked number.
        public var subjectMasked: String?
        /// Recording ids, when selected by id.
        public var recordings: [String]?
        /// Calls started at or after (ISO 8601).
        public var since: String?
        /// Calls started before (ISO 8601).
        public var until: String?
        /// The campaign.
        public var campaign: String?

        /// Creates a selection.
        public init(subjectPseudonym: String? = nil, subjectMasked: String? = nil, recordings: [String]? = nil,
                    since: String? = nil, until: String? = nil, campaign: String? = nil) {
            self.subjectPseudonym = subjectPseudonym; self.subjectMasked = subjectMasked; self.recordings = recordings
            self.since = since; self.until = until; self.campaign = campaign
        }
    }

    /// Creates an index.
    public init(bundleID: String, origin: String, createdAt: String, actor: String, reason: String, selection: Selection,
                released: [String], withheld: [String], encryptedTo: String?, exportSeq: Int64, checkpointSize: Int64) {
        self.bundleID = bundleID; self.origin = origin; self.createdAt = createdAt; self.actor = actor; self.reason = reason
        self.selection = selection; self.released = released; self.withheld = withheld; self.encryptedTo = encryptedTo
        self.exportSeq = exportSeq; self.checkpointSize = checkpointSize
    }

    enum CodingKeys: String, CodingKey {
        case format, bundleID = "bundle_id", origin, createdAt = "created_at", actor, reason, selection, released, withheld
        case encryptedTo = "encrypted_to", exportSeq = "export_seq", checkpointSize = "checkpoint_size"
    }
}

extension EvidenceBundleIndex.Selection {
    enum CodingKeys: String, CodingKey {
        case subjectPseudonym = "subject_pseudonym", subjectMasked = "subject_masked", recordings, since, until, campaign
    }
}

/// `data/recordings/<id>.json`: one recording as every caller sees it (the one `Recording`, whose
/// keys the document holds at its top level, as `recordings show --json` and the API give them)
/// and what the bundle adds: where its audio and transcript are in the bundle (or why they are
/// withheld), its source facts, and its retention and holds at export. `subject_masked` repeats
/// `subject` for readers of the first version of the document, which had only that key.
public struct EvidenceRecording: Codable, Sendable, Equatable {
    /// The recording.
    public var recording: Recording
    /// Source facts: RTP statistics, redacted spans (`start-end:kind`, ms) and their count.
    public var sourceMetadata: [String: String]?
    /// The audio file in the bundle, nil when withheld.
    public var audio: String?
    /// Why there is no audio (purged, shredded), nil when there is.
    public var withheld: String?
    /// The redacted transcript: file (nil when withheld), format and SHA-256 of its plaintext.
    public var transcript: Transcript?
    /// The file of the SIPREC metadata its SRC sent (`RSMetadata`), for a live call not withheld.
    public var rsMetadata: String? = nil
    /// Retention and hold state at export.
    public var retention: Retention

    /// The recording id.
    public var id: String { recording.id }

    /// A transcript's facts.
    public struct Transcript: Codable, Sendable, Equatable {
        /// The file in the bundle, nil when withheld.
        public var file: String?
        /// `text`, `asr-json`, `whisper-json`, `vtt` or `srt`.
        public var format: String
        /// SHA-256 of the redacted transcript (its plaintext, before any age encryption).
        public var sha256: String

        /// Creates the facts.
        public init(file: String?, format: String, sha256: String) { self.file = file; self.format = format; self.sha256 = sha256 }
    }

    /// Retention and legal-hold facts.
    public struct Retention: Codable, Sendable, Equatable {
        /// When the policy's minimum retention ends (ISO 8601 UTC).
        public var minimumRetentionEnd: String
        /// For a restricted recording: until when it is kept.
        public var restrictedUntil: String?
        /// When it was purged, if it was.
        public var purgedAt: String?
        /// Active legal holds on the recording or its subject.
        public var holds: [Hold]

        /// Creates the facts.
        public init(minimumRetentionEnd: String, restrictedUntil: String?, purgedAt: String?, holds: [Hold]) {
            self.minimumRetentionEnd = minimumRetentionEnd; self.restrictedUntil = restrictedUntil; self.purgedAt = purgedAt; self.holds = holds
        }

        enum CodingKeys: String, CodingKey {
            case minimumRetentionEnd = "minimum_retention_end", restrictedUntil = "restricted_until", purgedAt = "purged_at", holds
        }
    }

    /// One active legal hold.
    public struct Hold: Codable, Sendable, Equatable {
        /// The hold's id, what it covers (`recording` or `subject`), why, and since when.
        public var id: String, scope: String, reason: String, placedAt: String

        /// Creates a hold.
        public init(id: String, scope: String, reason: String, placedAt: String) {
            self.id = id; self.scope = scope; self.reason = reason; self.placedAt = placedAt
        }

        enum CodingKeys: String, CodingKey { case id, scope, reason, placedAt = "placed_at" }
    }

    /// Creates the document of one recording.
    public init(recording: Recording, sourceMetadata: [String: String]?, audio: String?, withheld: String?, transcript: Transcript?,
                retention: Retention) {
        self.recording = recording; self.sourceMetadata = sourceMetadata; self.audio = audio; self.withheld = withheld
        self.transcript = transcript; self.retention = retention
    }

    enum CodingKeys: String, CodingKey {
        case sourceMetadata = "source_metadata", audio, withheld, transcript, rsMetadata = "rs_metadata", retention, subjectMasked = "subject_masked"
    }

    /// The recording's keys, then the bundle's, in one object.
    public func encode(to encoder: any Encoder) throws {
        try recording.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(sourceMetadata, forKey: .sourceMetadata)
        try c.encodeIfPresent(audio, forKey: .audio)
        try c.encodeIfPresent(withheld, forKey: .withheld)
        try c.encodeIfPresent(transcript, forKey: .transcript)
        try c.encodeIfPresent(rsMetadata, forKey: .rsMetadata)
        try c.encode(retention, forKey: .retention)
        try c.encode(recording.subject, forKey: .subjectMasked)
    }

    /// Reads a document written by ``encode(to:)``. A document of the first version (bundles
    /// made before it carried the `Recording` keys) does not read as this type; the verifier reads
    /// what it checks of either version.
    public init(from decoder: any Decoder) throws {
        recording = try Recording(from: decoder)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        sourceMetadata = try c.decodeIfPresent([String: String].self, forKey: .sourceMetadata)
        audio = try c.decodeIfPresent(String.self, forKey: .audio)
        withheld = try c.decodeIfPresent(String.self, forKey: .withheld)
        transcript = try c.decodeIfPresent(Transcript.self, forKey: .transcript)
        rsMetadata = try c.decodeIfPresent(String.self, forKey: .rsMetadata)
        retention = try c.decode(Retention.self, forKey: .retention)
    }
}

/// What the verifier checks of a recording's document, in every version of it: the first
/// version's documents (bundles already handed out) have no `Recording` keys beyond these.
struct EvidenceRecordingFacts: Decodable {
    var id: String
    var opusSha256: String
    var audio: String?
    var withheld: String?
    var transcript: EvidenceRecording.Transcript?

    enum CodingKeys: String, CodingKey { case id, opusSha256 = "opus_sha256", audio, withheld, transcript }
}

/// `data/consent/<pseudonym>.json`: a subject's consent and opt-out history as recorded.
public struct EvidenceConsent: Codable, Sendable, Equatable {
    /// The subject's pseudonym and masked number.
    public var subjectPseudonym: String, subjectMasked: String?
    /// The events, oldest first.
    public var events: [Event]

    /// One event: when, what (`grant`, `revoke`, `opt-out`, `blacklist`, `attempt`), purpose and detail.
    public struct Event: Codable, Sendable, Equatable {
        /// When (ISO 8601 UTC), what, for which purpose, and the recorded detail.
        public var at: String, kind: String, purpose: String?, detail: String?

        /// Creates an event.
        public init(at: String, kind: String, purpose: String?, detail: String?) {
            self.at = at; self.kind = kind; self.purpose = purpose; self.detail = detail
        }
    }

    /// Creates a history.
    public init(subjectPseudonym: String, subjectMasked: String?, events: [Event]) {
        self.subjectPseudonym = subjectPseudonym; self.subjectMasked = subjectMasked; self.events = events
    }

    enum CodingKeys: String, CodingKey { case subjectPseudonym = "subject_pseudonym", subjectMasked = "subject_masked", events }
}
