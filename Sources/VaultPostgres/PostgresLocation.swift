import Foundation
import VaultBase
import VaultStore

/// Where a vault's catalog lives on PostgreSQL: `postgres://USER@HOST[:PORT]/DATABASE`.
///
/// The password is never part of the location (it would be written to `vault.json` and shown in
/// messages): it comes from `PGPASSWORD` in the environment, as for PostgreSQL's own tools. A
/// location with one is refused, and no message repeats what was given.
public struct PostgresLocation: Sendable, Equatable, CustomStringConvertible {
    /// The role the vault connects as.
    public var user: String
    /// The server's host name or address.
    public var host: String
    /// The server's port (5432 when not given).
    public var port: Int
    /// The database.
    public var database: String

    /// Parses a `postgres://` (or `postgresql://`) location.
    public init(parsing text: String) throws {
        func refuse(_ why: String) -> StoreError {
            StoreError(.catalog, "the catalog location is not postgres://USER@HOST[:PORT]/DATABASE: \(why)")
        }
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              scheme == "postgres" || scheme == "postgresql" else { throw refuse("it does not start with postgres://") }
        guard components.password == nil else {
            throw refuse("it holds a password; give the password in PGPASSWORD instead, so it is never stored in vault.json")
        }
        guard let user = components.user, !user.isEmpty else { throw refuse("it names no user") }
        guard let host = components.host, !host.isEmpty else { throw refuse("it names no host") }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else { throw refuse("it names no database") }
        guard components.query == nil || components.query == "sslmode=disable" else {
            throw refuse("the only option understood is sslmode=disable (TLS to the server is not supported yet)")
        }
        self.user = user.removingPercentEncoding ?? user
        self.host = host
        self.port = components.port ?? 5432
        self.database = database.removingPercentEncoding ?? database
    }

    /// Whether `text` names a PostgreSQL catalog (and not a SQLite file).
    public static func isPostgres(_ text: String) -> Bool {
        text.lowercased().hasPrefix("postgres://") || text.lowercased().hasPrefix("postgresql://")
    }

    /// The location as written back: `postgres://USER@HOST:PORT/DATABASE`.
    public var description: String { "postgres://\(user)@\(host.contains(":") ? "[\(host)]" : host):\(port)/\(database)" }
}
