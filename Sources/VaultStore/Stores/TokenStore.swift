public import Foundation
internal import GRDB

/// API tokens as a catalog keeps them, for reading: what `vault.tokens` and the server's token
/// check ask. SQLite's `Catalog` implements it (a PostgreSQL catalog will).
public protocol TokenStore: Sendable {
    /// Every token, live and revoked, oldest first.
    func apiTokens() throws -> [APITokenRecord]
    /// The live token whose secret hashes to `sha256`, if there is one.
    func liveAPIToken(sha256: Data) throws -> APITokenRecord?
}

/// API token writes, inside a unit of work (`CatalogTransaction.tokens`).
public protocol TokenWrites {
    /// Stores a new token; `StoreError(.conflict)` when a live token already has its name.
    func insert(_ token: APITokenRecord) throws
    /// The live token named `name`, if there is one.
    func liveToken(named name: String) throws -> APITokenRecord?
    /// Rewrites a stored token (its revocation, its MAC).
    func update(_ token: APITokenRecord) throws
    /// The tokens without a MAC (rows of a vault made before rows were sealed).
    func unsealed() throws -> [APITokenRecord]
}

extension Catalog: TokenStore {
    public func apiTokens() throws -> [APITokenRecord] {
        try readCatalog("cannot read API tokens") { db in try Stored<APITokenRecord>.order(Column("created_at"), Column("id")).records(db) }
    }

    public func liveAPIToken(sha256: Data) throws -> APITokenRecord? {
        try readCatalog("cannot read API tokens") { db in
            try Stored<APITokenRecord>.filter(Column("token_sha256") == sha256 && Column("revoked_at") == nil).record(db)
        }
    }
}

/// `TokenWrites` on SQLite.
struct SQLiteTokenWrites: TokenWrites {
    let db: Database

    func insert(_ token: APITokenRecord) throws {
        if try liveToken(named: token.name) != nil { throw StoreError(.conflict, "a live API token is already named '\(token.name)'") }
        try token.insert(db)
    }

    func liveToken(named name: String) throws -> APITokenRecord? {
        try Stored<APITokenRecord>.filter(Column("name") == name && Column("revoked_at") == nil).record(db)
    }

    func update(_ token: APITokenRecord) throws { try token.update(db) }

    func unsealed() throws -> [APITokenRecord] { try Stored<APITokenRecord>.filter(Column("mac") == nil).records(db) }
}
