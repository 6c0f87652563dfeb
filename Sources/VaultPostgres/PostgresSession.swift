import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO
import Synchronization
import VaultBase
import VaultStore

/// The catalog's connections to one PostgreSQL database, used synchronously.
///
/// The stores' protocols are synchronous (a transaction never spans an `await`; callers run them
/// on the vault's blocking pool), so this type waits on postgres-nio's futures from the calling
/// thread, which must never be one of its event loop's. Connections are opened on demand up to
/// `maximumConnections` and kept; a caller beyond that waits for one to come back. A connection
/// that failed (the server restarted) is closed and replaced by the next caller; a statement that
/// failed for that reason is not retried here (the caller's unit of work reports it, nothing was
/// committed).
final class PostgresSession: Sendable {
    private let group: MultiThreadedEventLoopGroup
    private let configuration: PostgresConnection.Configuration
    private let logger: Logger
    private let maximumConnections: Int
    /// How long opening a connection keeps trying while the server cannot be reached.
    private let connectPatience: Duration
    /// How long one statement may take before its connection is given up.
    let statementTimeout: Duration
    private let state = Mutex(State())
    private let returned = DispatchSemaphore(value: 0)

    private struct State {
        var idle: [PostgresConnection] = []
        var open = 0
        var nextID = 0
        var waiting = 0
        var closed = false
    }

    init(location: PostgresLocation, password: String?, maximumConnections: Int = 8, connectPatience: Duration = .seconds(15),
         statementTimeout: Duration = .seconds(60), logger: Logger) throws {
        configuration = PostgresConnection.Configuration(
            host: location.host, port: location.port, username: location.user, password: password, database: location.database,
            tls: try Self.tls(location))
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        self.logger = logger
        self.maximumConnections = maximumConnections
        self.connectPatience = connectPatience
        self.statementTimeout = statementTimeout
    }

    /// The connections' TLS, as the location's `sslmode` and `sslrootcert` say.
    static func tls(_ location: PostgresLocation) throws -> PostgresConnection.Configuration.TLS {
        var tls = TLSConfiguration.makeClientConfiguration()
        switch location.tls {
        case .disable:
            return .disable
        case .require:
            tls.certificateVerification = .none
        case .verifyFull:
            tls.certificateVerification = .fullVerification
            if let root = location.rootCertificate {
                guard FileManager.default.isReadableFile(atPath: root) else {
                    throw StoreError(.catalog, "cannot read the catalog server's root certificate \(root) (sslrootcert)")
                }
                tls.trustRoots = .file(root)
            }
        }
        do {
            return .require(try NIOSSLContext(configuration: tls))
        } catch {
            throw StoreError(.catalog, "cannot set up TLS to the catalog server: \(location.rootCertificate.map { "\($0) holds no PEM certificate (sslrootcert)" } ?? "\(error)")")
        }
    }

    deinit {
        let idle = state.withLock { state in
            state.closed = true
            return state.idle
        }
        for connection in idle { Self.closeAndWait(connection) }
        try? group.syncShutdownGracefully()
    }

    /// Runs `body` on one connection of the pool. A kept connection that the server closed
    /// meanwhile (a restart, a failover) fails its first statement: nothing reached the server,
    /// so `body` runs again on another connection, up to once per connection the pool may hold.
    /// Once a statement has completed, a failure is the caller's: a transaction cut off there was
    /// rolled back by the server, or, cut off at its COMMIT, may have committed, which only the
    /// caller's own check can tell.
    func withConnection<T>(_ what: @autoclosure () -> String, logger: Logger, _ body: (SQLConnection) throws -> T) throws -> T {
        var attempts = 0
        while true {
            let connection = try checkOut(what())
            let db = SQLConnection(connection: connection, logger: logger, timeout: statementTimeout)
            var healthy = true
            defer { checkIn(connection, healthy: healthy && !connection.isClosed) }
            do {
                return try body(db)
            } catch let error as StatementTimedOut {
                // The connection is in an unknown state: closed, never reused.
                healthy = false
                attempts += 1
                guard db.completed.value == 0, attempts <= maximumConnections else { throw error }
            } catch let error as PSQLError where error.code != .server {
                healthy = false
                attempts += 1
                guard db.completed.value == 0, attempts <= maximumConnections else { throw error }
                self.logger.warning("a PostgreSQL connection was closed by the server; trying another", metadata: ["catalog.what": "\(what())"])
            } catch {
                throw error
            }
        }
    }

    private func checkOut(_ what: String) throws -> PostgresConnection {
        while true {
            enum Next { case use(PostgresConnection), open(Int), wait }
            let next: Next = state.withLock { state in
                if let connection = state.idle.popLast() { return .use(connection) }
                if state.open < maximumConnections {
                    state.open += 1
                    state.nextID += 1
                    return .open(state.nextID)
                }
                state.waiting += 1
                return .wait
            }
            switch next {
            case .use(let connection):
                if connection.isClosed {
                    state.withLock { $0.open -= 1 }
                    continue
                }
                return connection
            case .open(let id):
                do {
                    return try connect(id: id)
                } catch {
                    state.withLock { $0.open -= 1 }
                    throw StoreErrorMapping.map(error, what)
                }
            case .wait:
                returned.wait()
            }
        }
    }

    /// Opens a connection outside the pool, for a lock that lives as long as its session (the
    /// leader lease); trying once, without waiting for a server that cannot be reached. The caller
    /// closes it (`close(_:)`, `closeAndWait(_:)`).
    func openDedicated() throws -> PostgresConnection {
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        return try connect(id: id, patience: .zero)
    }

    /// Closes a connection without waiting, keeping it until the close completes: postgres-nio
    /// requires a connection be closed before it is released.
    static func close(_ connection: PostgresConnection) {
        let closing: EventLoopFuture<Void> = connection.close()
        closing.whenComplete { _ in withExtendedLifetime(connection) {} }
    }

    /// Closes a connection and waits for it (a graceful shutdown).
    static func closeAndWait(_ connection: PostgresConnection) {
        let closing: EventLoopFuture<Void> = connection.close()
        try? closing.wait()
    }

    /// Opens a connection; while the server cannot be reached (restarting), tries again with a
    /// growing pause (0.1 s to 1 s) for at most `patience` (`connectPatience` by default). Each
    /// try again is logged: the first as a warning, the rest at debug level. A certificate refused
    /// is never tried again.
    private func connect(id: Int, patience: Duration? = nil) throws -> PostgresConnection {
        let patience = patience ?? connectPatience
        let deadline = ContinuousClock.now + patience
        var pause = Duration.milliseconds(100)
        var tries = 0
        while true {
            do {
                return try PostgresConnection.connect(on: group.next(), configuration: configuration, id: id, logger: logger).wait()
            } catch let error as PSQLError where error.code == .connectionError && !isTLSFailure(error) && ContinuousClock.now + pause < deadline {
                tries += 1
                logger.log(level: tries == 1 ? .warning : .debug, "\(PostgresCatalog.connectRetryMessage)",
                           metadata: ["catalog.try": "\(tries)", "catalog.patience": "\(patience)", "catalog.error": "\(error.code)"])
                Thread.sleep(forTimeInterval: pause.seconds)
                pause = min(pause * 2, .seconds(1))
            }
        }
    }

    private func checkIn(_ connection: PostgresConnection, healthy: Bool) {
        let wake = state.withLock { state -> Bool in
            if healthy, !state.closed { state.idle.append(connection) } else { state.open -= 1 }
            guard state.waiting > 0 else { return false }
            state.waiting -= 1
            return true
        }
        if !healthy {
            Self.close(connection)
        }
        if wake { returned.signal() }
    }
}

/// Statements on one connection, waited for synchronously.
struct SQLConnection {
    let connection: PostgresConnection
    let logger: Logger
    /// How long a statement may take (`PostgresSession.statementTimeout`).
    var timeout: Duration = .seconds(60)
    /// How many statements completed on it (for `PostgresSession.withConnection`'s retry).
    let completed = Counter()

    /// A count one connection's user updates.
    final class Counter: @unchecked Sendable { var value = 0 }

    /// Runs a statement; returns its rows. `?` placeholders are numbered `$1`, `$2`, … in order.
    @discardableResult
    func rows(_ sql: String, _ arguments: [any SQLBindable] = []) throws -> [SQLRow] {
        try result(sql, arguments).rows.map(SQLRow.init)
    }

    /// Runs a statement; returns how many rows it changed.
    @discardableResult
    func execute(_ sql: String, _ arguments: [any SQLBindable] = []) throws -> Int {
        try result(sql, arguments).metadata.rows ?? 0
    }

    /// Runs a statement whose values are given as `SQLValue`s.
    @discardableResult
    func execute(_ sql: String, values: [SQLValue]) throws -> Int {
        try run(sql, values).metadata.rows ?? 0
    }

    /// The first row, or nil.
    func row(_ sql: String, _ arguments: [any SQLBindable] = []) throws -> SQLRow? { try rows(sql, arguments).first }

    /// Runs a script of statements with no parameters (the schema), one statement at a time: a
    /// statement ends at a `;` at the end of a line outside a `$$` body.
    func script(_ sql: String) throws {
        var statement = ""
        var inBody = false
        for line in sql.split(separator: "\n", omittingEmptySubsequences: false) {
            statement += line + "\n"
            if line.components(separatedBy: "$$").count.isMultiple(of: 2) { inBody.toggle() }
            if !inBody, line.hasSuffix(";") {
                try execute(String(statement.dropLast(2)))
                statement = ""
            }
        }
        if !statement.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { try execute(statement) }
    }

    private func result(_ sql: String, _ arguments: [any SQLBindable]) throws -> PostgresQueryResult {
        try run(sql, arguments.map(\.sqlValue))
    }

    private func run(_ sql: String, _ values: [SQLValue]) throws -> PostgresQueryResult {
        var bindings = PostgresBindings(capacity: values.count)
        for value in values { value.bind(into: &bindings) }
        let result = try Self.wait(connection.query(PostgresQuery(unsafeSQL: Self.numbered(sql), binds: bindings), logger: logger),
                                   timeout: timeout, closing: connection)
        completed.value += 1
        return result
    }

    /// Waits for `future` at most `timeout`. A statement a dying server never answers (seen with
    /// an immediate shutdown mid-query: the future never completed) would otherwise hold its
    /// caller for ever; past the timeout the connection is closed and `StatementTimedOut` thrown.
    static func wait<T: Sendable>(_ future: EventLoopFuture<T>, timeout: Duration, closing connection: PostgresConnection) throws -> T {
        let done = DispatchSemaphore(value: 0)
        let result = Mutex<Result<T, any Error>?>(nil)
        future.whenComplete { outcome in
            result.withLock { $0 = outcome }
            done.signal()
        }
        let seconds = timeout.seconds
        guard done.wait(timeout: .now() + seconds) == .success, let outcome = result.withLock({ $0 }) else {
            PostgresSession.close(connection)
            throw StatementTimedOut(seconds: seconds)
        }
        return try outcome.get()
    }

    /// `?` → `$n`, outside quoted literals.
    static func numbered(_ sql: String) -> String {
        var out = ""
        out.reserveCapacity(sql.utf8.count + 8)
        var n = 0
        var quoted = false
        for c in sql {
            if c == "'" { quoted.toggle() }
            if c == "?", !quoted {
                n += 1
                out += "$\(n)"
            } else {
                out.append(c)
            }
        }
        return out
    }
}

/// Whether a connection failed in its TLS handshake (a certificate refused): no retry helps.
func isTLSFailure(_ error: PSQLError) -> Bool {
    error.code == .failedToAddSSLHandler || error.underlying is NIOSSLError || error.underlying is BoringSSLError
}

/// A statement the server did not answer within the session's statement timeout.
struct StatementTimedOut: Error {
    /// The timeout.
    var seconds: Double
}

/// PostgreSQL's failures as the catalog's errors (`StoreError`), said once.
enum StoreErrorMapping {
    /// A column this version cannot read: the catalog was edited outside callvault or by a newer version.
    static func unreadable(_ column: String) -> StoreError {
        StoreError(.catalog, "the catalog holds a value this version cannot read in \(column) (edited outside callvault?)")
    }

    /// `error` as a `StoreError` that says what was being done. A unique key violated is a
    /// `conflict`; the server's message is kept (never a row's values: PostgreSQL's `detail`,
    /// which may quote them, is left out); a lost connection says so.
    static func map(_ error: any Error, _ what: String) -> any Error {
        if error is StoreError { return error }
        if let error = error as? StatementTimedOut {
            return StoreError(.catalog, "\(what): the PostgreSQL server did not answer within \(Int(error.seconds)) s")
        }
        guard let error = error as? PSQLError else { return StoreError(.catalog, "\(what): \(error)") }
        if error.code == .server, let info = error.serverInfo {
            let message = info[.message] ?? "the server refused the statement"
            let code: StoreError.Code = info[.sqlState] == "23505" ? .conflict : .catalog
            return StoreError(code, "\(what): \(message)")
        }
        if error.code == .sslUnsupported {
            return StoreError(.catalog, "\(what): the PostgreSQL server does not speak TLS; turn ssl on there, or give sslmode=disable in the location")
        }
        if isTLSFailure(error) {
            return StoreError(.catalog, "\(what): TLS to the PostgreSQL server failed: its certificate was not accepted (check sslrootcert and that the certificate names the host; sslmode=require skips the check)")
        }
        switch error.code {
        case .connectionError, .serverClosedConnection, .uncleanShutdown, .clientClosedConnection:
            return StoreError(.catalog, "\(what): the PostgreSQL server cannot be reached or closed the connection")
        case .authMechanismRequiresPassword:
            return StoreError(.catalog, "\(what): the PostgreSQL server asks for a password: set PGPASSWORD")
        default:
            return StoreError(.catalog, "\(what): PostgreSQL failed (\(error.code))")
        }
    }
}
