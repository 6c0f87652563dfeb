import Foundation
import VaultCore

/// The one place where errors become exit codes (sysexits-style) and messages.
///
/// | code | meaning |
/// |---|---|
/// | 0 | success |
/// | 1 | an unexpected internal failure |
/// | 3 | stored data is damaged: `verify` found problems, or an export met a tampered object; `verify-bundle` found problems |
/// | 4 | the audit log was tampered with (an entry modified, inserted, deleted or reordered) |
/// | 5 | the audit log was truncated (shorter than a checkpoint it signed) |
/// | 6 | the recording was shredded: its subject's key is destroyed |
/// | 64 | a malformed argument (phone number, date, id) |
/// | 65 | a bad input file (not a WAV, broken header, no samples, unsupported encoding) |
/// | 66 | something named does not exist (input file, vault, recording) |
/// | 69 | the vault is fenced: a standby was promoted in its place |
/// | 73 | cannot create (a vault already exists there) |
/// | 74 | an I/O or catalog error |
/// | 77 | a key problem (wrong key, missing or loose key store) |
struct ExitStatus: Error {
    var code: Int32
    /// What to print; nil when the command has already reported the failure itself.
    var message: String?

    static let integrityProblems: Int32 = 3
    static let auditTampered: Int32 = 4
    static let auditTruncated: Int32 = 5

    init(code: Int32, message: String?) {
        self.code = code
        self.message = message
    }

    /// The status for an error of ours; nil for argument-parser errors, which it reports itself.
    /// Every module's error arrives classified by `VaultError(wrapping:)`.
    init?(_ error: any Error) {
        if let status = error as? ExitStatus {
            self = status
            return
        }
        guard let e = VaultError.classify(error) else { return nil }
        let code: Int32 = switch e.code {
        case .objectMismatch, .sealedHashMismatch, .opusHashMismatch, .authenticationFailed: Self.integrityProblems
        case .auditTampered: Self.auditTampered
        case .auditTruncated: Self.auditTruncated
        case .shredded, .purged: 6
        case .invalidNumber: 64
        case .refused, .keyPolicy, .malformedTranscript, .malformedAudio, .malformedCapture, .limitExceeded, .malformedPolicy,
             .malformedCheckpoint, .malformedBundle, .notAVault, .damagedBackup: 65
        case .notFound, .unreadableAudio, .unreadableCapture: 66
        case .fenced: 69  // EX_UNAVAILABLE
        case .conflict: 73
        case .catalogUnavailable, .storageFailure: 74
        case .cancelled: 75  // EX_TEMPFAIL
        case .restricted, .keyUnavailable: 77
        case .misconfigured: 78  // EX_CONFIG
        default: 1  // cryptoFailure, internal
        }
        self.init(code: code, message: e.message)
    }
}
