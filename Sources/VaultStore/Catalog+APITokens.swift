public import Foundation
public import GRDB

/// An HTTP API token as the catalog keeps it: its name, role and the SHA-256 of the secret,
/// never the secret itself.
public struct APITokenRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "api_tokens"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

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

extension Catalog {
    /// Stores a new token with its audit entry, in one transaction. Throws `StoreError(.conflict)`
    /// when a live token already has that name.
    public func createAPIToken(_ token: APITokenRecord, audit: @escaping AuditRowMaker) throws {
        try writeCatalog("cannot store the API token") { db in
            if try APITokenRecord.filter(Column("name") == token.name && Column("revoked_at") == nil).fetchCount(db) > 0 {
                throw StoreError(.conflict, "a live API token is already named '\(token.name)'")
            }
            try token.insert(db)
            _ = try Self.appendAudit([audit], in: db)
        }
    }

    /// Revokes the live token named `name`, with its audit entry; `seal` gives the revoked row
    /// its new MAC. Returns false when there is none.
    public func revokeAPIToken(name: String, at: Date, seal: @escaping (APITokenRecord) -> APITokenRecord,
                               audit: @escaping AuditRowMaker) throws -> Bool {
        try writeCatalog("cannot revoke the API token") { db in
            guard var token = try APITokenRecord.filter(Column("name") == name && Column("revoked_at") == nil).fetchOne(db) else { return false }
            token.revokedAt = at
            try seal(token).update(db)
            _ = try Self.appendAudit([audit], in: db)
            return true
        }
    }

    /// Sets the MAC of every token row that has none, with `seal` (once, when a vault first
    /// authenticates its rows). Returns how many rows it sealed.
    public func sealUnsealedAPITokens(_ seal: @escaping (APITokenRecord) -> APITokenRecord) throws -> Int {
        try writeCatalog("cannot seal API tokens") { db in
            let unsealed = try APITokenRecord.filter(Column("mac") == nil).fetchAll(db)
            for token in unsealed { try seal(token).update(db) }
            return unsealed.count
        }
    }

    /// Every token, live and revoked, oldest first.
    public func apiTokens() throws -> [APITokenRecord] {
        try readCatalog("cannot read API tokens") { db in try APITokenRecord.order(Column("created_at"), Column("id")).fetchAll(db) }
    }

    /// The live token whose secret hashes to `sha256`, if there is one.
    public func liveAPIToken(sha256: Data) throws -> APITokenRecord? {
        try readCatalog("cannot read API tokens") { db in
            try APITokenRecord.filter(Column("token_sha256") == sha256 && Column("revoked_at") == nil).fetchOne(db)
        }
    }
}
