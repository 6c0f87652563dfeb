import Foundation
import VaultAudio
import VaultAudit
import VaultBundle
import VaultCore
import VaultCrypto
import VaultStore

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
    init?(_ error: any Error) {
        switch error {
        case let status as ExitStatus:
            self = status
        case let e as AudioError:
            self.init(code: e.code == .unreadable ? 66 : 65, message: e.message)
        case let e as StoreError:
            let code: Int32 = switch e.code {
            case .vaultMissing, .notFound: 66
            case .vaultExists, .conflict: 73
            case .notAVault: 65
            default: 74
            }
            self.init(code: code, message: e.message)
        case let e as CryptoError:
            let code: Int32 = switch e.code {
            case .wrongKey, .keyStore, .token, .wrongPIN, .pinLocked, .keyNotFound: 77
            case .alreadyExists: 73
            case .authenticationFailed, .truncated, .malformed: Self.integrityProblems
            default: 1
            }
            self.init(code: code, message: e.message)
        case let e as AuditError:
            let code: Int32 = switch e.code {
            case .tampered: Self.auditTampered
            case .truncated: Self.auditTruncated
            case .notFound: 66
            default: 65  // a malformed or foreign checkpoint or proof given as input
            }
            self.init(code: code, message: e.message)
        case let e as BundleError:
            let code: Int32 = switch e.code {
            case .exists: 73
            case .notFound: 66
            case .malformed: 65
            default: 74  // io, archive
            }
            self.init(code: code, message: e.message)
        case let e as VaultError:
            let code: Int32 = switch e.code {
            case .objectMismatch, .sealedHashMismatch, .opusHashMismatch: Self.integrityProblems
            case .shredded, .purged: 6
            case .restricted: 77
            case .refused: 65
            case .keyPolicy: 65
            case .malformedTranscript: 65
            case .cancelled: 75  // EX_TEMPFAIL
            default: 1
            }
            self.init(code: code, message: e.message)
        default:
            return nil
        }
    }
}
