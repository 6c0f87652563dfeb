public import Foundation

/// The identity of one stored recording: a random UUID, written in lower case.
public struct RecordingID: Hashable, Sendable, Comparable, CustomStringConvertible, Codable {
    /// The UUID behind the identifier.
    public let uuid: UUID

    /// A fresh random identifier.
    public init() { uuid = UUID() }

    /// Wraps an existing UUID.
    public init(_ uuid: UUID) { self.uuid = uuid }

    /// Parses the canonical text form; nil when it is not a UUID.
    public init?(_ text: String) {
        guard let uuid = UUID(uuidString: text) else { return nil }
        self.uuid = uuid
    }

    /// The lower-case canonical text, e.g. `3f2b…-…`.
    public var description: String { uuid.uuidString.lowercased() }

    /// The 16 raw bytes of the UUID, as bound into sealed objects and key wraps.
    public var bytes: [UInt8] {
        withUnsafeBytes(of: uuid.uuid) { Array($0) }
    }

    /// Orders ids by their text.
    public static func < (lhs: RecordingID, rhs: RecordingID) -> Bool { lhs.description < rhs.description }

    /// Decodes the canonical text form.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let id = RecordingID(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a recording id: \(text)"))
        }
        self = id
    }

    /// Encodes the canonical text form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
