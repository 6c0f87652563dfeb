import Foundation
internal import CVaultSRTP
public import VaultSIP

/// Receives one SRTP stream direction (RFC 3711) with an SDES key: authenticates and decrypts
/// each packet in place through libsrtp2, any SSRC (an SRC may change it mid-call), with replay
/// protection. Owns its `srtp_t`; safe from any thread. The key is copied into libsrtp's context
/// and nowhere else: it is never logged, stored or shown.
public final class SRTPReceiver: @unchecked Sendable {
    /// Why a packet was not taken.
    public enum Failure: Error, Sendable, Equatable {
        /// Its authentication tag does not match (wrong key, or altered on the way).
        case authentication
        /// A packet already received (or too old for the replay window).
        case replay
        /// Not an SRTP packet libsrtp can read (too short, bad header).
        case malformed
    }

    /// The suite.
    public let suite: SDESCrypto.Suite
    /// libsrtp's session; every use is behind `lock` (its replay window changes with every packet).
    private let session: srtp_t
    private let lock = NSLock()

    private static let initialised: Bool = srtp_init() == srtp_err_status_ok

    /// A receiver for what the holder of `crypto` sends. Throws when libsrtp2 cannot be set up.
    public init(_ crypto: SDESCrypto) throws {
        guard Self.initialised else { throw RTPError(.unsupportedCodec, "libsrtp2 cannot be initialised") }
        suite = crypto.suite
        var policy = srtp_policy_t()
        switch crypto.suite {
        case .aes128HMACSHA1_80: srtp_crypto_policy_set_rtp_default(&policy.rtp)
        case .aes128HMACSHA1_32: srtp_crypto_policy_set_aes_cm_128_hmac_sha1_32(&policy.rtp)
        case .aes256HMACSHA1_80: srtp_crypto_policy_set_aes_cm_256_hmac_sha1_80(&policy.rtp)
        case .aes256HMACSHA1_32: srtp_crypto_policy_set_aes_cm_256_hmac_sha1_32(&policy.rtp)
        }
        srtp_crypto_policy_set_rtcp_default(&policy.rtcp)
        policy.ssrc.type = ssrc_any_inbound
        policy.window_size = 1024
        policy.allow_repeat_tx = 0
        var key = crypto.keyAndSalt
        defer { for i in key.indices { key[i] = 0 } }
        var created: srtp_t?
        let status = key.withUnsafeMutableBufferPointer { buffer -> srtp_err_status_t in
            policy.key = buffer.baseAddress
            return srtp_create(&created, &policy)
        }
        guard status == srtp_err_status_ok, let created else {
            throw RTPError(.unsupportedCodec, "libsrtp2 refused an \(crypto.suite.rawValue) context (status \(status.rawValue))")
        }
        session = created
    }

    deinit { srtp_dealloc(session) }

    /// Authenticates and decrypts the SRTP packet in `packet`, in place; returns the length of
    /// the RTP packet it holds now, or why it was not taken.
    public func unprotect(_ packet: UnsafeMutableRawBufferPointer) -> Result<Int, Failure> {
        guard packet.count >= 12, packet.count <= Int(Int32.max), let base = packet.baseAddress else { return .failure(.malformed) }
        var length = Int32(packet.count)
        let status = lock.withLock { srtp_unprotect(session, base, &length) }
        switch status {
        case srtp_err_status_ok: return .success(Int(length))
        case srtp_err_status_auth_fail: return .failure(.authentication)
        case srtp_err_status_replay_fail, srtp_err_status_replay_old: return .failure(.replay)
        default: return .failure(.malformed)
        }
    }
}
