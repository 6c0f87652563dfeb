public import Foundation
import VaultAudit
import VaultCrypto
public import VaultStore

/// What an HTTP API token may do. Each token has exactly one role; the server decides which
/// role may call which endpoint.
public enum APIRole: String, Sendable, CaseIterable, Codable {
    /// Consent checks and claims, opt-outs, consent records.
    case dialer
    /// Recording uploads.
    case recorder
    /// Reading recordings, transcripts and the audit log.
    case auditor
    /// Erasure requests, legal holds, opt-outs, consent history.
    case dpo
    /// Tokens, policy, keys, health.
    case admin
}

/// A live API token, as the server sees it after authentication.
public struct APIToken: Sendable, Equatable {
    /// The token's name: the actor of its audit entries.
    public var name: String
    /// Its role.
    public var role: APIRole

    /// The actor the audit log records for this token's requests (name, authenticated by `token:<role>`).
    public var actor: VaultActor { VaultActor(name: name, authentication: "token:\(role.rawValue)") }
}

/// API tokens' use cases, as `vault.tokens`: create (the secret shown once), list, revoke, and
/// authenticate a presented secret. Creating, listing and revoking are async, the blocking work
/// inside; `authenticate` is one point read and a MAC check, synchronous so the server's token
/// cache can run it inline.
public struct TokenService: Sendable {
    let vault: Vault

    /// Creates a token with `role` named `name`; returns its row and its secret (shown once). Audited.
    public func create(name: String, role: APIRole, actor: VaultActor) async throws -> (record: APITokenRecord, secret: String) {
        let created = try await BlockingWork.run { try vault.createAPIToken(name: name, role: role, actor: actor) }
        return (created.record, created.secret)
    }

    /// Every token, live and revoked (hashes only).
    public func list() async throws -> [APITokenRecord] { try await BlockingWork.run { try vault.apiTokens() } }

    /// Revokes the live token named `name` (`StoreError(.notFound)` when none). Audited.
    public func revoke(name: String, actor: VaultActor) async throws {
        try await BlockingWork.run { try vault.revokeAPIToken(name: name, actor: actor) }
    }

    /// The live token a secret belongs to, nil when it is unknown, revoked or its row does not
    /// authenticate (inserted or altered outside the vault).
    public func authenticate(_ secret: some StringProtocol) throws -> APIToken? { try vault.authenticateAPIToken(secret) }
}

extension Vault {
    /// API tokens' use cases.
    public var tokens: TokenService { TokenService(vault: self) }

    /// Where tokens are read (the catalog, through the feature's store protocol); writes go
    /// through a unit of work (`catalog.write { tx in tx.tokens… }`).
    var tokenStore: any TokenStore { catalog }
}

extension Vault {
    /// The prefix of every token secret, so a leaked one is recognisable in logs and scanners.
    static let apiTokenPrefix = "cvt_"

    /// Creates a token with `role`, named `name`, and returns its secret: 256 random bits,
    /// shown once and stored only as its SHA-256. Audited (`token.create`). Throws
    /// `StoreError(.conflict)` when a live token already has that name.
    package func createAPIToken(name: String, role: APIRole, actor: VaultActor) throws -> (record: APITokenRecord, secret: String) {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.count <= 128, trimmed.unicodeScalars.allSatisfy({ !CharacterSet.controlCharacters.contains($0) }) else {
            throw VaultError(.refused, "a token name is 1 to 128 printable characters")
        }
        let secret = Self.apiTokenPrefix + (try SecureRandom.bytes(32)).hexString
        let record = rows.sealed(APITokenRecord(id: UUID().uuidString.lowercased(), name: trimmed, role: role.rawValue,
                                                tokenSha256: Data(SHA256Hasher.hash(Array(secret.utf8))),
                                                createdAt: RowAuthenticator.wholeMilliseconds(now)))
        let audit = auditLog.rowMaker(for: draft(.tokenCreate, actor: actor, target: trimmed, detail: ["role": role.rawValue, "token_id": record.id]))
        try catalog.write("cannot store the API token") { tx in
            try tx.tokens.insert(record)
            try tx.appendAudit([audit])
        }
        return (record, secret)
    }

    /// Every token, live and revoked (hashes only).
    package func apiTokens() throws -> [APITokenRecord] { try tokenStore.apiTokens() }

    /// The token rows that do not authenticate: inserted or altered outside the vault.
    func forgedAPITokens() throws -> [APITokenRecord] { try tokenStore.apiTokens().filter { !rows.authentic($0) } }

    /// Revokes the live token named `name`. Audited (`token.revoke`). Throws
    /// `StoreError(.notFound)` when no live token has that name.
    package func revokeAPIToken(name: String, actor: VaultActor) throws {
        let at = RowAuthenticator.wholeMilliseconds(now), audit = auditLog.rowMaker(for: draft(.tokenRevoke, actor: actor, target: name))
        try catalog.write("cannot revoke the API token") { tx in
            guard var token = try tx.tokens.liveToken(named: name) else { throw StoreError(.notFound, "no live API token is named '\(name)'") }
            token.revokedAt = at
            try tx.tokens.update(rows.sealed(token))
            try tx.appendAudit([audit])
        }
    }

    /// The live token a presented secret belongs to, or nil (unknown, revoked, or malformed).
    /// Looks up the secret's SHA-256; never logs the secret.
    package func authenticateAPIToken(_ secret: some StringProtocol) throws -> APIToken? {
        guard secret.hasPrefix(Self.apiTokenPrefix), secret.utf8.count == Self.apiTokenPrefix.utf8.count + 64 else { return nil }
        guard let record = try tokenStore.liveAPIToken(sha256: Data(SHA256Hasher.hash(Array(secret.utf8)))),
              let role = APIRole(rawValue: record.role) else { return nil }
        // A row the vault did not write (inserted, its role or revocation changed by hand) is no token.
        guard rows.authentic(record) else {
            logger.warning("an API token row does not authenticate; refused", metadata: ["token.id": "\(record.id)"])
            return nil
        }
        return APIToken(name: record.name, role: role)
    }
}
