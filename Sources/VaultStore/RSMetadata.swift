public import Foundation

/// The SIPREC recording metadata (RFC 7865) the SRC sent for a live call, as
/// `callvault recordings rs-metadata`, `GET /v1/recordings/{id}/rs-metadata` and evidence
/// bundles give it: every document in the order it came (the INVITE's, then each re-INVITE's or
/// UPDATE's), its XML as received and the SHA-256 of its bytes. It names the call's parties in
/// full, so it is stored sealed under the recording's data key, read only by roles that may play
/// the recording, audited when read, and goes with the recording's key.
public struct RSMetadata: Codable, Sendable, Equatable {
    /// One metadata document as the SRC sent it.
    public struct Document: Codable, Sendable, Equatable {
        /// When it arrived (ISO 8601 UTC, the recorder's clock).
        public var receivedAt: String
        /// SHA-256 (hex) of the XML's bytes as received.
        public var sha256: String
        /// The XML as received (UTF-8, as RFC 7865 documents are).
        public var xml: String

        /// A document.
        public init(receivedAt: String, sha256: String, xml: String) {
            (self.receivedAt, self.sha256, self.xml) = (receivedAt, sha256, xml)
        }

        /// The keys, as the JSON and the OpenAPI schema spell them.
        public enum CodingKeys: String, CodingKey, CaseIterable {
            case receivedAt = "received_at", sha256, xml
        }
    }

    /// The recording the documents belong to.
    public var recordingId: String
    /// The documents, oldest first.
    public var documents: [Document]

    /// The metadata of a recording.
    public init(recordingId: String, documents: [Document]) {
        self.recordingId = recordingId
        self.documents = documents
    }

    /// The keys, as the JSON and the OpenAPI schema spell them.
    public enum CodingKeys: String, CodingKey, CaseIterable {
        case recordingId = "recording_id", documents
    }

    /// Compact JSON with sorted keys, as the API answers.
    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(self)) ?? Data("null".utf8), as: UTF8.self)
    }

    /// The documents as the CLI prints them: each one's XML after a comment line that says which
    /// it is, when it came and the SHA-256 of its bytes.
    public var text: String {
        documents.enumerated().map { index, document in
            "<!-- rs-metadata \(index + 1) of \(documents.count), received \(document.receivedAt), sha256 \(document.sha256) -->\n"
                + document.xml + (document.xml.hasSuffix("\n") ? "" : "\n")
        }.joined()
    }
}
