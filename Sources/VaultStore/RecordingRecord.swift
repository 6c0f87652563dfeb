public import Foundation
public import GRDB
public import VaultBase

/// Where a recording is in its life. Later states (restricted, purged, shredded) arrive with
/// the retention and erasure work.
public enum RecordingState: String, Codable, Sendable, DatabaseValueConvertible {
    /// Sealed and readable with its keys.
    case stored
}

/// One recording's catalog row. Holds no plaintext: the subject appears only as a pseudonym
/// and a masked number, and the data key only wrapped.
public struct RecordingRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "recordings"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

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
    /// The KEK version that wraps `wrappedDataKey`.
    public var kekVersion: Int

    /// Creates a row.
    public init(id: RecordingID, state: RecordingState, startedAt: Date, ingestedAt: Date, durationMs: Int, channels: Int,
                inputSampleRate: Int, opusSampleRate: Int, bitrate: Int, sourceFormat: String, subjectPseudonym: String?,
                subjectMasked: String?, campaign: String?, agent: String?, opusSha256: String, opusSize: Int,
                sealedSha256: String, sealedSize: Int, objectPath: String, wrappedDataKey: Data, kekVersion: Int) {
        self.id = id; self.state = state; self.startedAt = startedAt; self.ingestedAt = ingestedAt
        self.durationMs = durationMs; self.channels = channels; self.inputSampleRate = inputSampleRate
        self.opusSampleRate = opusSampleRate; self.bitrate = bitrate; self.sourceFormat = sourceFormat
        self.subjectPseudonym = subjectPseudonym; self.subjectMasked = subjectMasked; self.campaign = campaign
        self.agent = agent; self.opusSha256 = opusSha256; self.opusSize = opusSize; self.sealedSha256 = sealedSha256
        self.sealedSize = sealedSize; self.objectPath = objectPath; self.wrappedDataKey = wrappedDataKey
        self.kekVersion = kekVersion
    }
}

extension RecordingID: DatabaseValueConvertible {
    /// Stored as its lower-case text.
    public var databaseValue: DatabaseValue { description.databaseValue }

    public static func fromDatabaseValue(_ dbValue: DatabaseValue) -> RecordingID? {
        String.fromDatabaseValue(dbValue).flatMap(RecordingID.init)
    }
}
