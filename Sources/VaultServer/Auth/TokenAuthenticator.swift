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

    /// A bearer token as presented: its secret and the secret's SHA-256 (the cache key).
    struct Credential {
        var secret: String
        var hash: [UInt8]
    }

    /// The token behind an `Authorization` header value, or an `unauthorized` error.
    func authenticate(authorization: String?) async throws -> APIToken {
        let credential = try Self.credential(authorization: authorization)
        if let entry = freshEntry(hash: credential.hash, now: ContinuousClock.now) { return entry.token }
        return try await BlockingWork.run { try self.lookUp(credential) }
    }

    /// The credential of an `Authorization` header value, nil when the header is malformed.
    static func credential(authorization: String) -> Credential? {
        try? credential(authorization: Optional(authorization))
    }

    /// The live token of `credential`, synchronously, for the fast paths on an event loop: from
    /// the cache when it was looked up less than `recheckInterval` ago, else by one point read
    /// of the catalog (as the consent check they answer is). Nil when the token is unknown,
    /// revoked or cannot be read, and the request is then left to `authenticate`.
    func token(for credential: Credential) -> APIToken? {
        tokenEntry(for: credential)?.token
    }

    /// `token(for:)` with the time until which the answer may be reused without asking again
    /// (its last lookup plus `recheckInterval`), for a caller that remembers it.
    func tokenEntry(for credential: Credential) -> (token: APIToken, reusableUntil: ContinuousClock.Instant)? {
        let now = ContinuousClock.now
        if let entry = freshEntry(hash: credential.hash, now: now) { return (entry.token, entry.checkedAt + recheckInterval) }
        guard let token = try? lookUp(credential) else { return nil }
        return (token, now + recheckInterval)
    }

    /// Looks the token up in the vault and caches the answer.
    private func lookUp(_ credential: Credential) throws -> APIToken {
        let now = ContinuousClock.now
        guard let token = try vault.tokens.authenticate(credential.secret) else {
            cache.withLock { _ = $0.removeValue(forKey: credential.hash) }
            throw APIError.unauthorized("the token is unknown or revoked")
        }
        cache.withLock { cache in
            if cache.count >= Self.maximumCachedTokens { cache.removeAll(keepingCapacity: true) }
            cache[credential.hash] = Entry(token: token, checkedAt: now)
        }
        return token
    }

    /// The cache entry of `hash` when it was looked up less than `recheckInterval` ago.
    private func freshEntry(hash: [UInt8], now: ContinuousClock.Instant) -> Entry? {
        guard let entry = cache.withLock({ $0[hash] }), now - entry.checkedAt < recheckInterval else { return nil }
        return entry
    }

    /// The secret of `Bearer <secret>` and its SHA-256 (the cache key).
    private static func credential(authorization: String?) throws -> Credential {
        guard let authorization else { throw APIError.unauthorized("this endpoint needs a bearer token (Authorization: Bearer …)") }
        guard authorization.count > 7, authorization.prefix(7).lowercased() == "bearer " else {
            throw APIError.unauthorized("the Authorization header must be 'Bearer <token>'")
        }
        let secret = String(authorization.dropFirst(7).drop(while: { $0 == " " }))
        return Credential(secret: secret, hash: SHA256Hasher.hash(Array(secret.utf8)))
    }
}
