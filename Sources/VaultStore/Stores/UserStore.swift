public import Foundation
internal import GRDB

/// A console account as the catalog keeps it: a person who signs in to `/ui/` with a password
/// and, for the roles that see recordings or change them, a TOTP second factor. Separate from
/// API tokens (`APITokenRecord`), which are for machines.
public struct UserRecord: Codable, Sendable, Equatable, CatalogRecord {
    static let tableName = "users"

    /// The account's id (a UUID; not secret).
    public var id: String
    /// The sign-in name: the actor of the account's audit entries. Unique, disabled accounts included.
    public var name: String
    /// Its role (`auditor`, `dpo`, `admin`, or `dialer`/`recorder`, which have no console page), as text.
    public var role: String
    /// The password's hash (`VaultCrypto.PasswordHash`: scrypt, self-describing); never the password.
    public var passwordHash: String
    /// The TOTP secret, sealed (AES-GCM under a key only the key store holds); nil until enrolled.
    public var totpSecret: Data?
    /// The last TOTP time step accepted, so a code is good once.
    public var totpLastStep: Int64?
    /// Failed sign-ins since the last success (password or code).
    public var failedSignIns: Int
    /// Until when sign-in is refused after too many failures.
    public var lockedUntil: Date?
    /// When the account was disabled, if it was.
    public var disabledAt: Date?
    /// When it was created.
    public var createdAt: Date
    /// The console language the user chose (`en`, `zh-CN`); nil: the browser's.
    public var language: String?
    /// HMAC-SHA256 of the fields that decide access (VaultCore's `RowAuthenticator`).
    public var mac: Data?

    /// Creates an enabled account without a second factor yet.
    public init(id: String, name: String, role: String, passwordHash: String, createdAt: Date) {
        self.id = id; self.name = name; self.role = role; self.passwordHash = passwordHash
        self.failedSignIns = 0; self.createdAt = createdAt
    }
}

/// Console accounts, read side.
public protocol UserStore: Sendable {
    /// Every account, oldest first.
    func users() throws -> [UserRecord]
    /// The account named `name`, if there is one.
    func user(named name: String) throws -> UserRecord?
}

/// Console account writes, inside a unit of work (`CatalogTransaction.users`).
public protocol UserWrites {
    /// Stores a new account; `StoreError(.conflict)` when the name is taken.
    func insert(_ user: UserRecord) throws
    /// The account named `name`, read inside the transaction.
    func user(named name: String) throws -> UserRecord?
    /// Rewrites a stored account (by id).
    func update(_ user: UserRecord) throws
}

extension Catalog: UserStore {
    public func users() throws -> [UserRecord] {
        try readCatalog("cannot read console accounts") { db in try Stored<UserRecord>.order(Column("created_at"), Column("id")).records(db) }
    }

    public func user(named name: String) throws -> UserRecord? {
        try readCatalog("cannot read console accounts") { db in try Stored<UserRecord>.filter(Column("name") == name).record(db) }
    }
}

/// `UserWrites` on SQLite.
struct SQLiteUserWrites: UserWrites {
    let db: Database

    func insert(_ user: UserRecord) throws {
        if try self.user(named: user.name) != nil { throw StoreError(.conflict, "a console account is already named '\(user.name)'") }
        try user.insert(db)
    }

    func user(named name: String) throws -> UserRecord? { try Stored<UserRecord>.filter(Column("name") == name).record(db) }

    func update(_ user: UserRecord) throws { try user.update(db) }
}
