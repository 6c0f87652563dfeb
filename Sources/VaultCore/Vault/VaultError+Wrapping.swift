import VaultAudio
import VaultAudit
import VaultBase
import VaultBundle
import VaultCrypto
import VaultPolicy
import VaultRTP
import VaultRedact
import VaultS3
import VaultStore

extension VaultError {
    /// `error` classified: a `VaultError` as it is; a lower module's error (audio, capture,
    /// catalog, crypto, audit, bundle, policy, redaction, phone number) as the code that says
    /// what it means to a caller, its message kept and the original as `cause`; anything else
    /// `.internal`. The one place where the modules' errors meet.
    public init(wrapping error: any Error) {
        self = Self.classify(error) ?? VaultError(.internal, "\(error)", cause: error)
    }

    /// `error` classified, or nil when it is no vault module's (an argument parser's, say).
    public static func classify(_ error: any Error) -> VaultError? {
        switch error {
        case let e as VaultError:
            return e
        case let e as AudioError:
            let code: Code = e.code == .unreadable ? .unreadableAudio : e.code == .limitExceeded ? .limitExceeded : .malformedAudio
            return VaultError(code, e.message, cause: e)
        case let e as RTPError:
            let code: Code = e.code == .unreadable || e.code == .interfaceUnavailable ? .unreadableCapture : e.code == .limitExceeded ? .limitExceeded : .malformedCapture
            return VaultError(code, e.message, cause: e)
        case let e as StoreError:
            let code: Code = switch e.code {
            case .vaultMissing, .notFound: .notFound
            case .vaultExists, .conflict: .conflict
            case .notAVault: .notAVault
            case .catalog: .catalogUnavailable
            case .fenced: .fenced
            default: .storageFailure
            }
            return VaultError(code, e.message, cause: e)
        case let e as CryptoError:
            let code: Code = switch e.code {
            case .wrongKey, .keyStore, .token, .wrongPIN, .pinLocked, .keyNotFound: .keyUnavailable
            case .alreadyExists: .conflict
            case .authenticationFailed, .truncated, .malformed: .authenticationFailed
            default: .cryptoFailure
            }
            return VaultError(code, e.message, cause: e)
        case let e as AuditError:
            let code: Code = switch e.code {
            case .tampered: .auditTampered
            case .truncated: .auditTruncated
            case .notFound: .notFound
            default: .malformedCheckpoint  // a malformed or foreign checkpoint or proof given as input
            }
            return VaultError(code, e.message, cause: e)
        case let e as BundleError:
            let code: Code = switch e.code {
            case .exists: .conflict
            case .notFound: .notFound
            case .malformed: .malformedBundle
            default: .storageFailure  // io, archive
            }
            return VaultError(code, e.message, cause: e)
        case let e as S3Error:
            // A missing key surfaces as StoreError(.notFound); an S3 "not found" left over (a bucket,
            // an upload) is the store failing, and its bucket and key are no API client's business.
            let code: Code = switch e.code {
            case .configuration: .misconfigured
            default: .storageFailure
            }
            return VaultError(code, e.message, cause: e)
        case let e as PolicyError:
            return VaultError(.malformedPolicy, "\(e)", cause: e)
        case let e as RedactionError:
            return VaultError(.malformedTranscript, e.message, cause: e)
        case let e as PhoneNumber.ParseError:
            return VaultError(.invalidNumber, "not a phone number: \(e)", cause: e)
        default:
            return nil
        }
    }
}
