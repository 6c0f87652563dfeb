import Foundation
public import HTTPTypes
public import Hummingbird
import Logging
import VaultCore

/// An API failure as the client sees it: an HTTP status and `{"error": {"code", "message"}}`.
///
/// `init(_:)` is the one place where errors become HTTP statuses: the HTTP layer's own, and every
/// vault module's as `VaultError(wrapping:)` classifies it. Anything a client can send maps to a
/// 4xx; a 5xx means the server or its storage failed.
public struct APIError: Error, HTTPResponseError, Sendable {
    /// The HTTP status.
    public var status: HTTPResponse.Status
    /// A stable, machine-readable code (`invalid_number`, `forbidden`, …).
    public var code: String
    /// What went wrong, for people. Never holds a clear number, a key or a token.
    public var message: String
    /// Extra response headers (e.g. `WWW-Authenticate`).
    public var headers: HTTPFields = [:]

    /// Creates an error.
    public init(_ status: HTTPResponse.Status, _ code: String, _ message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    /// No usable bearer token.
    static func unauthorized(_ message: String) -> APIError {
        var error = APIError(.unauthorized, "unauthorized", message)
        error.headers[.wwwAuthenticate] = "Bearer realm=\"callvault\""
        return error
    }

    /// A malformed request (field missing, wrong type, bad value).
    static func badRequest(_ message: String, code: String = "bad_request") -> APIError { APIError(.badRequest, code, message) }

    /// Maps any error to the client's view. Internal failures keep their detail out of the
    /// response (it goes to the log by the caller).
    public init(_ error: any Error) {
        switch error {
        case let e as APIError:
            self = e
        case let e as HTTPError:
            self.init(e.status, Self.code(for: e.status), e.body ?? e.status.reasonPhrase)
        case let e as any HTTPResponseError:  // e.g. NIO's too-many-bytes from a body limit
            self.init(e.status, Self.code(for: e.status), e.status == .contentTooLarge ? "the body is larger than this endpoint accepts" : e.status.reasonPhrase)
        case let e as DecodingError:
            self.init(.badRequest, "malformed_json", Self.describe(e))
        default:
            self.init(vault: VaultError(wrapping: error))
        }
    }

    /// A classified vault failure as the client sees it.
    private init(vault e: VaultError) {
        switch e.code {
        case .invalidNumber: self.init(.badRequest, "invalid_number", e.message)
        case .refused, .keyPolicy, .malformedPolicy: self.init(.unprocessableContent, "refused", e.message)
        case .malformedTranscript: self.init(.unprocessableContent, "malformed_transcript", e.message)
        case .unreadableAudio: self.init(.unprocessableContent, "unreadable_audio", e.message)
        case .malformedAudio: self.init(.unprocessableContent, "malformed_audio", e.message)
        case .unreadableCapture, .malformedCapture: self.init(.unprocessableContent, "malformed_capture", e.message)
        case .limitExceeded: self.init(.unprocessableContent, "limit_exceeded", e.message)
        case .malformedCheckpoint: self.init(.badRequest, "malformed_checkpoint", e.message)
        case .malformedBundle: self.init(.unprocessableContent, "malformed_bundle", e.message)
        case .damagedBackup: self.init(.internalServerError, "damaged_backup", e.message)
        case .cancelled: self.init(.serviceUnavailable, "cancelled", e.message)
        case .fenced: self.init(.serviceUnavailable, "fenced", "this vault is fenced: its standby was promoted; use the promoted vault")
        case .restricted: self.init(.forbidden, "restricted", e.message)
        case .purged: self.init(.gone, "purged", e.message)
        case .shredded: self.init(.gone, "shredded", e.message)
        case .notFound: self.init(.notFound, "not_found", e.message)
        case .conflict: self.init(.conflict, "conflict", e.message)
        case .catalogUnavailable: self.init(.serviceUnavailable, "catalog_unavailable", "the catalog is busy or failing; retry")
        case .notAVault, .storageFailure, .misconfigured: self.init(.internalServerError, "storage_failure", "storage failed")
        case .auditTampered, .auditTruncated: self.init(.internalServerError, "audit_log_damaged", e.message)
        case .authenticationFailed: self.init(.internalServerError, "integrity_failure", "a sealed object failed authentication")
        case .objectMismatch, .sealedHashMismatch, .opusHashMismatch:
            self.init(.internalServerError, "integrity_failure", "stored data failed its integrity check: \(e.message)")
        case .keyUnavailable, .cryptoFailure: self.init(.internalServerError, "key_failure", "a key operation failed")
        default: self.init(.internalServerError, "internal_error", "the server failed; see its log")
        }
    }

    /// Whether the failure is the server's (logged with its detail), not the client's.
    var isServerFault: Bool { status.kind == .serverError }

    /// The code for a status Hummingbird or NIO reported (unknown route, body too large, …).
    static func code(for status: HTTPResponse.Status) -> String {
        switch status.code {
        case 400: "bad_request"
        case 404: "not_found"
        case 405: "method_not_allowed"
        case 408: "request_timeout"
        case 411: "length_required"
        case 413: "payload_too_large"
        case 415: "unsupported_media_type"
        case 416: "range_not_satisfiable"
        default: status.kind == .serverError ? "internal_error" : "bad_request"
        }
    }

    /// A decoding error in words: where and what, never the value.
    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let p = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            return p.isEmpty ? "the body" : "'\(p)'"
        }
        switch error {
        case .keyNotFound(let key, let context):
            let where_ = context.codingPath.isEmpty ? "" : " in \(path(context))"
            return "missing field '\(key.stringValue)'\(where_)"
        case .typeMismatch(let type, let context): return "\(path(context)) must be \(Self.jsonType(type))"
        case .valueNotFound(let type, let context): return "\(path(context)) must be \(Self.jsonType(type)), not null"
        case .dataCorrupted(let context): return context.codingPath.isEmpty ? "the body is not valid JSON" : "\(path(context)): \(context.debugDescription)"
        @unknown default: return "the body does not match the expected JSON"
        }
    }

    private static func jsonType(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "a boolean"
        case is Int.Type, is Int64.Type, is Double.Type: "a number"
        case is [Any].Type: "an array"
        default: "an object"
        }
    }

    /// The JSON body `{"error": {"code", "message"}}`.
    var body: ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeString("{\"error\":{\"code\":")
        buffer.writeString(JSONText.quoted(code))
        buffer.writeString(",\"message\":")
        buffer.writeString(JSONText.quoted(message))
        buffer.writeString("}}")
        return buffer
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var fields = headers
        fields[.contentType] = "application/json"
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: body))
    }
}
