import Testing
import VaultAudio
import VaultAudit
import VaultBase
import VaultBundle
@testable import VaultCore
import VaultCrypto
import VaultRTP
import VaultRedact
import VaultStore

@Suite("VaultError: every lower module's error classified once")
struct VaultErrorTests {
    @Test("each module's error gets the code that says what it means to a caller, its message and the cause kept")
    func classification() {
        let cases: [(any Error, VaultError.Code)] = [
            (AudioError(.unreadable, "a"), .unreadableAudio), (AudioError(.notWAV, "a"), .malformedAudio),
            (AudioError(.limitExceeded, "a"), .limitExceeded), (RTPError(.unreadable, "a"), .unreadableCapture),
            (RTPError(.noRTP, "a"), .malformedCapture), (RTPError(.limitExceeded, "a"), .limitExceeded),
            (StoreError(.notFound, "a"), .notFound), (StoreError(.vaultMissing, "a"), .notFound), (StoreError(.conflict, "a"), .conflict),
            (StoreError(.catalog, "a"), .catalogUnavailable), (StoreError(.io, "a"), .storageFailure), (StoreError(.notAVault, "a"), .notAVault),
            (CryptoError(.wrongKey, "a"), .keyUnavailable), (CryptoError(.authenticationFailed, "a"), .authenticationFailed),
            (CryptoError(.openSSL, "a"), .cryptoFailure), (CryptoError(.alreadyExists, "a"), .conflict),
            (AuditError(.tampered, "a"), .auditTampered), (AuditError(.truncated, "a"), .auditTruncated),
            (AuditError(.notFound, "a"), .notFound), (AuditError(.badSignature, "a"), .malformedCheckpoint),
            (BundleError(.exists, "a"), .conflict), (BundleError(.malformed, "a"), .malformedBundle), (BundleError(.archive, "a"), .storageFailure),
            (RedactionError(.malformed, "a"), .malformedTranscript), (VaultError(.purged, "a"), .purged),
        ]
        for (error, code) in cases {
            let wrapped = VaultError(wrapping: error)
            #expect(wrapped.code == code, "\(error)")
            #expect(wrapped.message == "a", "\(error)")
        }
        #expect(VaultError(wrapping: StoreError(.io, "disk")).cause is StoreError)
        struct Foreign: Error {}
        #expect(VaultError.classify(Foreign()) == nil)
        #expect(VaultError(wrapping: Foreign()).code == .internal)
        #expect(VaultError(wrapping: PhoneNumber.ParseError.invalidCharacters).code == .invalidNumber)
    }
}
