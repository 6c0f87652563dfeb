public import Foundation
public import VaultBase

/// Where a recording is in its life. Later states (restricted, purged, shredded) arrive with
/// the retention and erasure work.
public enum RecordingState: String, Codable, Sendable {
    /// Sealed and readable with its keys.
    case stored
    /// Its subject's key was destroyed: the object can never be decrypted again.
    case shredded
    /// Its subject asked for erasure, but it must be kept (retention minimum, legal hold) until
    /// `restrictedUntil`: no playback or export but restricted access, each audited.
    case restricted
    /// Purged (retention or erasure): its data key is destroyed and its object deleted.
    case purged
}

/// One recording's catalog row. Holds no plaintext: the subject appears only as a pseudonym
/// and a masked number, and the data key only wrapped.
public struct RecordingRecord: Codable, Sendable, Equatable, CatalogRecord {
    static let tableName = "recordings"

    /// The recording's id.
    public var id: RecordingID
    /// Its life-cycle state.
    public var state: RecordingState
    /// When the call started (given, or the ingest time when unknown).
    public var startedAt: Date
    /// When it was ingested.
    public var ingestedAt: Date
    /// Playback length in milliseconds.
    public var durationMs: Int
    /// Channel count (kept from the source).
    public var channels: Int
    /// The source's sample rate.
    public var inputSampleRate: Int
    /// The rate Opus encoded at.
    public var opusSampleRate: Int
    /// Opus bits a second for the whole stream.
    public var bitrate: Int
    /// The source's format in words, e.g. `WAV A-law`.
    public var sourceFormat: String
    /// The subject's pseudonym (HMAC of the E.164 number), when known.
    public var subjectPseudonym: String?
    /// The subject's masked number (`*******5678`), when known.
    public var subjectMasked: String?
    /// Campaign name, when given.
    public var campaign: String?
    /// Agent id, when given.
    public var agent: String?
    /// SHA-256 (hex) of the Ogg Opus file, the bytes an auditor hashes after export.
    public var opusSha256: String
    /// Size of the Ogg Opus file in bytes.
    public var opusSize: Int
    /// SHA-256 (hex) of the sealed object on disk.
    public var sealedSha256: String
    /// Size of the sealed object in bytes.
    public var sealedSize: Int
    /// The object's path relative to `objects/`.
    public var objectPath: String
    /// The recording's data key, wrapped under the KEK (see `VaultCrypto.KeyWrap`).
    public var wrappedDataKey: Data
    /// The KEK version that wrapped `wrappedDataKey` when it was wrapped directly under the KEK
    /// (vaults before subject keys); 0 when it is wrapped under a subject key.
    public var kekVersion: Int
    /// The subject entry whose key wraps the data key: the subject's pseudonym, or
    /// `anon-<recording id>` for a recording without a known subject. Nil only for rows from
    /// before subject keys, which `Vault.open` upgrades.
    public var keySubject: String?
    /// Source-specific facts as a JSON object (RTP statistics, redacted spans), or nil.
    public var metadata: String?
    /// For a restricted recording: until when it must be kept before its erasure completes.
    public var restrictedUntil: Date?
    /// When it was purged, if it was.
    public var purgedAt: Date?
    /// The sealed redacted transcript's path relative to `objects/`, when one was ingested.
    public var transcriptPath: String? = nil
    /// The transcript's format (`text`, `asr-json`, `vtt`, `srt`), when one was ingested.
    public var transcriptFormat: String? = nil
    /// SHA-256 (hex) of the redacted transcript bytes (the plaintext of its sealed object).
    public var transcriptSha256: String? = nil
    /// The audio's version: 1 as ingested, one more each time it is re-encoded (a transcript added
    /// after ingest mutes its spans); only the current version exists.
    public var version: Int = 1

    /// Creates a row.
    public init(id: RecordingID, state: RecordingState, startedAt: Date, ingestedAt: Date, durationMs: Int, channels: Int,
                inputSampleRate: Int, opusSampleRate: Int, bitrate: Int, sourceFormat: String, subjectPseudonym: String?,
                subjectMasked: String?, campaign: String?, agent: String?, opusSha256: String, opusSize: Int,
                sealedSha256: String, sealedSize: Int, objectPath: String, wrappedDataKey: Data, kekVersion: Int,
                keySubject: String?, metadata: String? = nil) {
        self.id = id; self.state = state; self.startedAt = startedAt; self.ingestedAt = ingestedAt
        self.durationMs = durationMs; self.channels = channels; self.inputSampleRate = inputSampleRate
        self.opusSampleRate = opusSampleRate; self.bitrate = bitrate; self.sourceFormat = sourceFormat
        self.subjectPseudonym = subjectPseudonym; self.subjectMasked = subjectMasked; self.campaign = campaign
        self.agent = agent; self.opusSha256 = opusSha256; self.opusSize = opusSize; self.sealedSha256 = sealedSha256
        self.sealedSize = sealedSize; self.objectPath = objectPath; self.wrappedDataKey = wrappedDataKey
        self.kekVersion = kekVersion
        self.keySubject = keySubject
        self.metadata = metadata
    }
}

/// A data subject as the catalog knows it: pseudonym, masked number, and where its key is in
/// its life (`active`, `shredding` while its key is being destroyed, `shredded`).
public struct SubjectRecord: Codable, Sendable, Equatable, CatalogRecord {
    static let tableName = "subjects"

    /// The states of a subject's key.
    public enum State: String, Codable, Sendable {
        /// The key exists.
        case active
        /// Shredding was requested and audited; the key may still exist (recovery finishes it).
        case shredding
        /// The key is destroyed.
        case shredded
    }

    /// The pseudonym, or `anon-<recording id>`.
    public var subject: String
    /// The masked number, when known.
    public var masked: String?
    /// The key's state.
    public var state: State
    /// When the subject entry was made.
    public var createdAt: Date
    /// When shredding was requested.
    public var shredRequestedAt: Date?
    /// When the key was destroyed.
    public var shreddedAt: Date?
    /// The generation of the subject's current key (1, 2, …): it changes whenever one of its
    /// recordings' data keys is destroyed, so copies of older wrapped data keys become useless.
    public var keyGeneration: Int = 1

    /// The id of the subject's current key in the key store: the pseudonym for generation 1,
    /// `<pseudonym>#<generation>` after.
    public var keyID: String { keyGeneration == 1 ? subject : "\(subject)#\(keyGeneration)" }

    /// Creates an active subject.
    public init(subject: String, masked: String?, createdAt: Date) {
        self.subject = subject
        self.masked = masked
        self.state = .active
        self.createdAt = createdAt
    }
}
