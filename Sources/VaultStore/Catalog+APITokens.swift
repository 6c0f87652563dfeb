public import Foundation

/// An HTTP API token as the catalog keeps it: its name, role and the SHA-256 of the secret,
/// never the secret itself.
public struct APITokenRecord: Codable, Sendable, Equatable, CatalogRecord {
    static let tableName = "api_tokens"

    /// The token's id (a UUID; not secret).
    public var id: String
    /// Who uses it: the actor the audit log names for its requests. Unique among live tokens.
    public var name: String
    /// Its role (`dialer`, `recorder`, `auditor`, `dpo`, `admin`), as text.
    public var role: String
    /// SHA-256 of the token's secret.
    public var tokenSha256: Data
    /// When it was created.
    public var createdAt: Date
    /// When it was revoked, if it was.
    public var revokedAt: Date?
    /// HMAC-SHA256 of the fields above under a key from the key store (VaultCore's
    /// `RowAuthenticator`): a row without a valid one was not written by the vault.
    public var mac: Data?

    /// Creates a live token record.
    public init(id: String, name: String, role: String, tokenSha256: Data, createdAt: Date) {
        self.id = id; self.name = name; self.role = role; self.tokenSha256 = tokenSha256; self.createdAt = createdAt
    }
}
