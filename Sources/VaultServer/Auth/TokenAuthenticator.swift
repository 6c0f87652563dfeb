import Foundation
import Synchronization
public import VaultCore
import VaultCrypto

/// Resolves `Authorization: Bearer …` to a live API token.
///
/// The catalog keeps only each token's SHA-256; a lookup hashes the presented secret and asks
/// the vault. Successful lookups are remembered for `recheckInterval` (keyed by the hash, never
/// the secret), so a revocation made by the CLI on the same vault takes effect within that time.
/// Failures are not remembered (random tokens cannot grow the cache).
final class TokenAuthenticator: Sendable {
    private struct Entry { var token: APIToken; var checkedAt: ContinuousClock.Instant }
    private let vault: Vault
    private let recheckInterval: Duration
    private let cache = Mutex<[[UInt8]: Entry]>([:])
    private static let maximumCachedTokens = 10_000

    init(vault: Vault, recheckInterval: Duration) {
        self.vault = vault
        self.recheckInterval = recheckInterval
    }

    /// The token behind an `Authorization` header value, or an `unauthorized` error.
    func authenticate(authorization: String?) async throws -> APIToken {
        let (secret, hash) = try Self.secretAndHash(authorization: authorization)
        let now = ContinuousClock.now
        if let token = cachedToken(hash: hash, now: now) { return token }
        let vault = self.vault
        guard let token = try await BlockingWork.run({ try vault.authenticateAPIToken(secret) }) else {
            cache.withLock { _ = $0.removeValue(forKey: hash) }
            throw APIError.unauthorized("the token is unknown or revoked")
        }
        cache.withLock { cache in
            if cache.count >= Self.maximumCachedTokens { cache.removeAll(keepingCapacity: true) }
            cache[hash] = Entry(token: token, checkedAt: now)
        }
        return token
    }

    /// The cache key of an `Authorization` header value (the SHA-256 of its bearer token), nil
    /// when the header is malformed.
    static func cacheKey(authorization: String?) -> [UInt8]? {
        try? secretAndHash(authorization: authorization).hash
    }

    /// The token of `cacheKey` when it was looked up less than `recheckInterval` ago, without
    /// touching the vault; nil otherwise. For the synchronous fast path, which then leaves the
    /// request to `authenticate`.
    func cachedToken(cacheKey: [UInt8]) -> APIToken? {
        cachedToken(hash: cacheKey, now: ContinuousClock.now)
    }

    private func cachedToken(hash: [UInt8], now: ContinuousClock.Instant) -> APIToken? {
        guard let entry = cache.withLock({ $0[hash] }), now - entry.checkedAt < recheckInterval else { return nil }
        return entry.token
    }

    /// The secret of `Bearer <secret>` and its SHA-256 (the cache key).
    private static func secretAndHash(authorization: String?) throws -> (secret: String, hash: [UInt8]) {
        guard let authorization else { throw APIError.unauthorized("this endpoint needs a bearer token (Authorization: Bearer …)") }
        guard authorization.count > 7, authorization.prefix(7).lowercased() == "bearer " else {
            throw APIError.unauthorized("the Authorization header must be 'Bearer <token>'")
        }
        let secret = String(authorization.dropFirst(7).drop(while: { $0 == " " }))
        return (secret, SHA256Hasher.hash(Array(secret.utf8)))
    }
}
