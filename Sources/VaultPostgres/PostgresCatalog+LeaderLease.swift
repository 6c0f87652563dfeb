import Logging
import PostgresNIO
import Synchronization
public import VaultStore

extension PostgresCatalog: LeaderLease {
    public func holdsLeaderLease() throws -> Bool { try leaderLease.holds() }
    public func releaseLeaderLease() { leaderLease.release() }
}

/// The cluster's leader lease on PostgreSQL: a session advisory lock (`pg_try_advisory_lock`)
/// held on a connection of its own, outside the pool, for as long as this process leads.
///
/// The server frees the lock when the session ends: the process exits or is killed (its socket
/// closes), or its connection is lost. So that a dead link is noticed in seconds rather than
/// after the system's two-hour TCP keepalive, the session asks the server for keepalives every
/// 5 s (given up after 3 unanswered), and a holder that cannot get an answer to its check within
/// `checkTimeout` closes its connection and stops leading, before the server would free the lock
/// for another node. A process that is not the leader keeps its connection and tries again at
/// its next call.
final class PostgresLeaderLease: Sendable {
    /// The lock's number (the bytes of "cvlead").
    static let lock: Int64 = 0x63_766C_6561_64
    /// How long a check may wait for the server's answer.
    static let checkTimeout: Duration = .seconds(5)

    private let session: PostgresSession
    private let logger: Logger
    private let state = Mutex<(connection: PostgresConnection?, leading: Bool)>((nil, false))

    init(session: PostgresSession, logger: Logger) {
        self.session = session
        self.logger = logger
    }

    func holds() throws -> Bool {
        try state.withLock { state in
            if let connection = state.connection {
                // A statement on a connection already closed (its session ended by the server) is
                // never answered: that one is lost without asking.
                if !connection.isClosed, let held = try? check(on: connection, leading: state.leading, &state) { return held }
                // Lost (a server restart, a dead link): whatever this session held is gone with it.
                session.close(connection)
                state = (nil, false)
            }
            let connection: PostgresConnection
            do { connection = try session.openDedicated() } catch {
                throw StoreErrorMapping.map(error, "cannot take the leader lease")
            }
            do {
                let db = SQLConnection(connection: connection, logger: logger, timeout: Self.checkTimeout)
                try db.execute("SET tcp_keepalives_idle = 5")
                try db.execute("SET tcp_keepalives_interval = 5")
                try db.execute("SET tcp_keepalives_count = 3")
                state.connection = connection
                return try check(on: connection, leading: false, &state)
            } catch {
                session.close(connection)
                state = (nil, false)
                throw StoreErrorMapping.map(error, "cannot take the leader lease")
            }
        }
    }

    /// On the lease's own connection: a holder checks the session still answers; anyone else tries
    /// the lock.
    private func check(on connection: PostgresConnection, leading: Bool,
                       _ state: inout (connection: PostgresConnection?, leading: Bool)) throws -> Bool {
        let db = SQLConnection(connection: connection, logger: logger, timeout: Self.checkTimeout)
        if leading {
            try db.execute("SELECT 1")
            return true
        }
        let taken = try db.row("SELECT pg_try_advisory_lock(?) AS taken", [Self.lock])?.value("taken", as: Bool.self) ?? false
        state.leading = taken
        return taken
    }

    func release() {
        let connection = state.withLock { state in
            defer { state = (nil, false) }
            return state.connection
        }
        if let connection { session.closeAndWait(connection) }
    }
}
