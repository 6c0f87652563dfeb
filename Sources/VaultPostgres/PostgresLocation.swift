import Foundation
import VaultBase
import VaultStore

/// Where a vault's catalog lives on PostgreSQL:
/// `postgres://USER@HOST[:PORT]/DATABASE[?sslmode=MODE[&sslrootcert=FILE]]`.
///
/// The password is never part of the location (it would be written to `vault.json` and shown in
/// messages): it comes from `PGPASSWORD` in the environment, as for PostgreSQL's own tools. A
/// location with one is refused, and no message repeats what was given.
///
/// TLS, with libpq's option names: `sslmode=verify-full` (encrypted, the server's certificate
/// checked against `sslrootcert`, or the system's roots, and its name or address against the
/// host), `require` (encrypted, the certificate not checked) or `disable`. The default is
/// `verify-full`, and `disable` for a loopback host (127.0.0.1, ::1, localhost), which never
/// leaves the machine.
public struct PostgresLocation: Sendable, Equatable, CustomStringConvertible {
    /// How the connection to the server is protected.
    public enum TLSMode: String, Sendable, Equatable, CaseIterable {
        /// Plain TCP.
        case disable
        /// TLS, the server's certificate not checked (protects against listeners, not impostors).
        case require
        /// TLS, the certificate checked against the root certificate and the host.
        case verifyFull = "verify-full"
    }

    /// The role the vault connects as.
    public var user: String
    /// The server's host name or address.
    public var host: String
    /// The server's port (5432 when not given).
    public var port: Int
    /// The database.
    public var database: String
    /// How the connection is protected (`sslmode`).
    public var tls: TLSMode
    /// The PEM file of the certificates the server's is checked against (`sslrootcert`); nil:
    /// the system's roots.
    public var rootCertificate: String?

    /// Parses a `postgres://` (or `postgresql://`) location.
    public init(parsing text: String) throws {
        func refuse(_ why: String) -> StoreError {
            StoreError(.catalog, "the catalog location is not postgres://USER@HOST[:PORT]/DATABASE[?sslmode=MODE[&sslrootcert=FILE]]: \(why)")
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
        var mode: TLSMode?
        var root: String?
        for item in components.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                guard let value = item.value, let parsed = TLSMode(rawValue: value) else {
                    throw refuse("sslmode is one of \(TLSMode.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                mode = parsed
            case "sslrootcert":
                guard let value = item.value, !value.isEmpty else { throw refuse("sslrootcert names no file") }
                root = value
            default:
                throw refuse("the options understood are sslmode and sslrootcert")
            }
        }
        self.user = user.removingPercentEncoding ?? user
        self.host = host
        self.port = components.port ?? 5432
        self.database = database.removingPercentEncoding ?? database
        self.tls = mode ?? Self.defaultTLS(host: host)
        self.rootCertificate = root
        if root != nil, tls != .verifyFull { throw refuse("sslrootcert goes with sslmode=verify-full") }
    }

    /// `verify-full`, and `disable` for a loopback host.
    static func defaultTLS(host: String) -> TLSMode {
        ["127.0.0.1", "::1", "localhost"].contains(host.lowercased()) ? .disable : .verifyFull
    }

    /// Whether `text` names a PostgreSQL catalog (and not a SQLite file).
    public static func isPostgres(_ text: String) -> Bool {
        text.lowercased().hasPrefix("postgres://") || text.lowercased().hasPrefix("postgresql://")
    }

    /// The location as written back: `postgres://USER@HOST:PORT/DATABASE`, and the TLS options
    /// that differ from the host's default.
    public var description: String {
        var text = "postgres://\(user)@\(host.contains(":") ? "[\(host)]" : host):\(port)/\(database)"
        var options: [String] = []
        if tls != Self.defaultTLS(host: host) || rootCertificate != nil { options.append("sslmode=\(tls.rawValue)") }
        if let rootCertificate {
            options.append("sslrootcert=\(rootCertificate.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed.subtracting(CharacterSet(charactersIn: "&=+"))) ?? rootCertificate)")
        }
        if !options.isEmpty { text += "?" + options.joined(separator: "&") }
        return text
    }
}
