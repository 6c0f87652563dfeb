import Logging
import PostgresNIO
import Synchronization
public import VaultStore

extension PostgresCatalog: ClusterLocks {
    /// The first key of the two-key advisory locks of ``whileHolding(_:_:)`` (the bytes of
    /// "cvlk"); the second is `hashtext` of the lock's name.
    static let lockClass: Int64 = 0x6376_6C6B

    /// Runs `body` while a session advisory lock on `name` is held on a pooled connection (the
    /// server frees it if this process dies); `body`'s own statements use other connections.
    public func whileHolding<T>(_ name: String, _ body: () throws -> T) throws -> T? {
        var failure: (any Error)?
        let result: T? = try read("cannot take the cluster's lock \(name)") { db in
            guard try db.row("SELECT pg_try_advisory_lock(?::int, hashtext(?)) AS taken", [Self.lockClass, name])?.value("taken", as: Bool.self) == true else {
                return nil
            }
            defer { _ = try? db.execute("SELECT pg_advisory_unlock(?::int, hashtext(?))", [Self.lockClass, name]) }
            // The work's own errors come out as they are, not as this connection's.
            do { return try body() } catch {
                failure = error
                return nil
            }
        }
        if let failure { throw failure }
        return result
    }
}

extension PostgresCatalog: LeaderLease, NodePresence {
    public func holdsLeaderLease() throws -> Bool { try nodeSession.holdsLease() }
    public func releaseLeaderLease() { nodeSession.release() }
    public func announce(node: String) throws { try nodeSession.announce(node: node) }
    public func whileGone<T>(_ node: String, _ body: () throws -> T) throws -> T? { try nodeSession.whileGone(node, body) }
}

/// This process's place in a cluster, on a connection of its own outside the pool: a shared
/// advisory lock on its node's name while the catalog is open (the node is alive), and the
/// cluster's leader lease, a session advisory lock (`pg_try_advisory_lock`), while it leads.
///
/// The server frees both when the session ends: the process exits or is killed (its socket
/// closes), or its connection is lost. So that a dead link is noticed in seconds rather than
/// after the system's two-hour TCP keepalive, the session asks the server for keepalives every
/// 5 s (given up after 3 unanswered), and a leader that cannot get an answer to its check within
/// `checkTimeout` closes its connection and stops leading, before the server would free the lock
/// for another node. A lost connection is made anew at the next check, and the node announced
/// again. A process that is not the leader keeps its connection and tries again at its next call.
final class PostgresNodeSession: Sendable {
    /// The leader lease's lock (the bytes of "cvlead").
    static let leaseLock: Int64 = 0x63_766C_6561_64
    /// The first key of the two-key advisory locks that say a node is alive (the bytes of
    /// "cvnd"); the second is `hashtext` of the node's name. Two-key locks never meet the
    /// one-key locks above and in the unit of work.
    static let presenceClass: Int64 = 0x6376_6E64
    /// How long a leader's check may wait for the server's answer.
    static let checkTimeout: Duration = .seconds(5)

    private let session: PostgresSession
    private let logger: Logger
    private struct State {
        var connection: PostgresConnection?
        var leading = false
        /// The node this process announced, announced again on every new connection.
        var node: String?
    }
    private let state = Mutex(State())

    init(session: PostgresSession, logger: Logger) {
        self.session = session
        self.logger = logger
    }

    func announce(node: String) throws {
        try state.withLock { state in
            state.node = node
            if let connection = state.connection, !connection.isClosed {
                try announce(node, on: connection)
            } else {
                _ = try connect(&state)
            }
        }
    }

    func holdsLease() throws -> Bool {
        try state.withLock { state in
            if let connection = state.connection {
                // A statement on a connection already closed (its session ended by the server) is
                // never answered: that one is lost without asking.
                if !connection.isClosed, let held = try? check(on: connection, &state) { return held }
                // Lost (a server restart, a dead link): whatever this session held is gone with it.
                drop(&state)
            }
            let connection = try connect(&state)
            do { return try check(on: connection, &state) } catch {
                drop(&state)
                throw StoreErrorMapping.map(error, "cannot take the leader lease")
            }
        }
    }

    func whileGone<T>(_ node: String, _ body: () throws -> T) throws -> T? {
        try session.withConnection("cannot tell whether node \(node) is alive", logger: logger) { db in
            let free = try db.row("SELECT pg_try_advisory_lock(?::int4, hashtext(?)) AS free", [Self.presenceClass, node])?
                .value("free", as: Bool.self) ?? false
            guard free else { return nil }
            defer { _ = try? db.execute("SELECT pg_advisory_unlock(?::int4, hashtext(?))", [Self.presenceClass, node]) }
            return try body()
        }
    }

    /// Gives the lease up, if held; the node stays announced.
    func release() {
        state.withLock { state in
            guard state.leading, let connection = state.connection else { return }
            state.leading = false
            let db = SQLConnection(connection: connection, logger: logger, timeout: Self.checkTimeout)
            if (try? db.execute("SELECT pg_advisory_unlock(?)", [Self.leaseLock])) == nil { drop(&state) }
        }
    }

    /// Closes the connection and waits (the catalog closing): the node's locks go with it.
    func close() {
        let connection = state.withLock { state in
            defer { state.connection = nil; state.leading = false }
            return state.connection
        }
        if let connection { PostgresSession.closeAndWait(connection) }
    }

    /// Opens the connection, asks for keepalives and announces the node, if any.
    private func connect(_ state: inout State) throws -> PostgresConnection {
        let connection: PostgresConnection
        do { connection = try session.openDedicated() } catch {
            throw StoreErrorMapping.map(error, "cannot open the cluster's connection to the catalog")
        }
        do {
            let db = SQLConnection(connection: connection, logger: logger, timeout: Self.checkTimeout)
            try db.execute("SET tcp_keepalives_idle = 5")
            try db.execute("SET tcp_keepalives_interval = 5")
            try db.execute("SET tcp_keepalives_count = 3")
            if let node = state.node { try announce(node, on: connection) }
        } catch {
            PostgresSession.close(connection)
            throw StoreErrorMapping.map(error, "cannot open the cluster's connection to the catalog")
        }
        state.connection = connection
        state.leading = false
        return connection
    }

    /// Takes the node's shared presence lock (waiting, at most the statement timeout, while
    /// another node ends this one's work in `whileGone`).
    private func announce(_ node: String, on connection: PostgresConnection) throws {
        let db = SQLConnection(connection: connection, logger: logger, timeout: session.statementTimeout)
        try db.execute("SELECT pg_advisory_lock_shared(?::int4, hashtext(?))", [Self.presenceClass, node])
    }

    /// A leader checks its session still answers; anyone else tries the lease's lock.
    private func check(on connection: PostgresConnection, _ state: inout State) throws -> Bool {
        let db = SQLConnection(connection: connection, logger: logger, timeout: Self.checkTimeout)
        if state.leading {
            try db.execute("SELECT 1")
            return true
        }
        let taken = try db.row("SELECT pg_try_advisory_lock(?) AS taken", [Self.leaseLock])?.value("taken", as: Bool.self) ?? false
        state.leading = taken
        return taken
    }

    private func drop(_ state: inout State) {
        if let connection = state.connection { PostgresSession.close(connection) }
        state.connection = nil
        state.leading = false
    }
}
