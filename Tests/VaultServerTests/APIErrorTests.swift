import HTTPTypes
import Testing
import VaultAudio
import VaultAudit
import VaultBase
import VaultBundle
import VaultCore
import VaultCrypto
import VaultRTP
import VaultRedact
@testable import VaultServer
import VaultStore

@Suite("APIError: every vault error to one status and code")
struct APIErrorTests {
    @Test("client mistakes are 4xx, the server's own failures 5xx, each with its code; details of 5xx never echoed")
    func mapping() {
        let cases: [(any Error, HTTPResponse.Status, String)] = [
            (PhoneNumber.ParseError.invalidCharacters, .badRequest, "invalid_number"),
            (AudioError(.notWAV, "x"), .unprocessableContent, "malformed_audio"),
            (AudioError(.unreadable, "x"), .unprocessableContent, "unreadable_audio"),
            (AudioError(.limitExceeded, "x"), .unprocessableContent, "limit_exceeded"),
            (RTPError(.noRTP, "x"), .unprocessableContent, "malformed_capture"),
            (RTPError(.limitExceeded, "x"), .unprocessableContent, "limit_exceeded"),
            (RedactionError(.malformed, "x"), .unprocessableContent, "malformed_transcript"),
            (VaultError(.refused, "x"), .unprocessableContent, "refused"),
            (VaultError(.restricted, "x"), .forbidden, "restricted"),
            (VaultError(.purged, "x"), .gone, "purged"),
            (VaultError(.cancelled, "x"), .serviceUnavailable, "cancelled"),
            (StoreError(.notFound, "x"), .notFound, "not_found"),
            (StoreError(.vaultMissing, "x"), .notFound, "not_found"),
            (StoreError(.conflict, "x"), .conflict, "conflict"),
            (StoreError(.catalog, "x"), .serviceUnavailable, "catalog_unavailable"),
            (StoreError(.io, "x"), .internalServerError, "storage_failure"),
            (AuditError(.badSignature, "x"), .badRequest, "malformed_checkpoint"),
            (AuditError(.tampered, "x"), .internalServerError, "audit_log_damaged"),
            (CryptoError(.authenticationFailed, "x"), .internalServerError, "integrity_failure"),
            (CryptoError(.wrongKey, "x"), .internalServerError, "key_failure"),
            (VaultError(.opusHashMismatch, "x"), .internalServerError, "integrity_failure"),
            (BundleError(.malformed, "x"), .unprocessableContent, "malformed_bundle"),
        ]
        for (error, status, code) in cases {
            let mapped = APIError(error)
            #expect(mapped.status == status && mapped.code == code, "\(error) -> \(mapped.status) \(mapped.code)")
        }
        struct Unknown: Error {}
        let unknown = APIError(Unknown())
        #expect(unknown.status == .internalServerError && unknown.code == "internal_error" && !unknown.message.contains("Unknown"))
        #expect(!APIError(StoreError(.io, "/secret/path")).message.contains("/secret/path"))
    }
}
