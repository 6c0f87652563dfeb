import Foundation
import Hummingbird
import VaultBase
import VaultCore

extension Request {
    /// Reads a JSON body of at most `limit` bytes and decodes it. A body of another media type
    /// is 415, a larger one 413, an empty or malformed one 400.
    func decodeJSON<T: Decodable>(_ type: T.Type, limit: Int) async throws -> T {
        if let contentType = headers[.contentType], !contentType.lowercased().hasPrefix("application/json") {
            throw APIError(.unsupportedMediaType, "unsupported_media_type", "send the body as application/json")
        }
        let buffer = try await body.collect(upTo: limit)
        guard buffer.readableBytes > 0 else { throw APIError.badRequest("the body is empty; send a JSON object", code: "malformed_json") }
        return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView))
    }

    /// A query parameter, nil when absent.
    func query(_ name: String) -> String? { uri.queryParameters.get(name) }

    /// A query parameter that is an ISO 8601 time (`Field.time`), nil when absent.
    func timeQuery(_ name: String) throws -> Date? { try query(name).map { try Field.time($0, field: name) } }
}

/// Checks of client-supplied values that become 400s with the field's name.
enum Field {
    /// A phone number in E.164 or national form.
    static func phone(_ text: String, field: String = "number", vault: Vault) throws -> PhoneNumber {
        do {
            return try PhoneNumber(parsing: text, defaultCountryCode: vault.configuration.defaultCountryCode)
        } catch {
            throw APIError.badRequest("'\(field)' is not a phone number: \(error)", code: "invalid_number")
        }
    }

    /// An ISO 8601 time.
    static func time(_ text: String, field: String) throws -> Date {
        guard let date = Timestamp.parse(text) else {
            throw APIError.badRequest("'\(field)' is not an ISO 8601 time (e.g. 2026-05-01T09:30:00Z)", code: "invalid_time")
        }
        return date
    }

    /// A non-blank text of at most `maximum` characters.
    static func text(_ text: String, field: String, maximum: Int = 1000) throws -> String {
        // Most values are short printable ASCII: nothing to trim, nothing to refuse, characters = bytes.
        let utf8 = text.utf8
        if let first = utf8.first, let last = utf8.last, first != 0x20, last != 0x20, utf8.count <= maximum,
           utf8.allSatisfy({ (0x20...0x7E).contains($0) }) {
            return text
        }
        // Trimming is slow; most values have nothing to trim.
        let edges = [text.unicodeScalars.first, text.unicodeScalars.last].compactMap { $0 }
        let trimmed = edges.count == 2 && !edges.contains(where: { $0.properties.isWhitespace })
            ? text : text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw APIError.badRequest("'\(field)' must not be blank", code: "invalid_field") }
        guard trimmed.count <= maximum else { throw APIError.badRequest("'\(field)' is longer than \(maximum) characters", code: "invalid_field") }
        guard !trimmed.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\t" }) else {
            throw APIError.badRequest("'\(field)' contains control characters", code: "invalid_field")
        }
        return trimmed
    }

    /// A recording id.
    static func recordingID(_ text: String) throws -> RecordingID {
        guard let id = RecordingID(text) else { throw APIError(.notFound, "not_found", "no recording with that id (ids are UUIDs)") }
        return id
    }
}

extension Response {
    /// A JSON response from already-formatted JSON text.
    static func json(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    /// A JSON response from an `Encodable` value (keys as the value's coding keys).
    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Response(status: status, headers: [.contentType: "application/json"],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }
}
