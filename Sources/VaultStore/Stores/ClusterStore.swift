/// The lease that makes one process of a vault's cluster the one that does the cluster's own
/// work: signing audit checkpoints when they are due, and `serve`'s jobs (erasure, retention,
/// key rotation, scheduled backups). The catalog arbitrates, since every node shares it.
///
/// A catalog of one node (SQLite's `Catalog`) always grants it. PostgreSQL's holds a session
/// advisory lock on a connection of its own: it is the holder's while that session lives, and
/// the server frees it when the holder's process dies or its connection is lost, so another node
/// takes it over at its next call.
public protocol LeaderLease: Sendable {
    /// Whether this process holds the lease now: takes it when it is free, and checks that a
    /// lease held is still held (its connection alive). False when another process holds it.
    /// Blocking: call it off the cooperative pool.
    func holdsLeaderLease() throws -> Bool
    /// Gives the lease up, if held (a graceful shutdown), so another node takes it at once.
    func releaseLeaderLease()
}

extension Catalog: LeaderLease {
    /// Always: a SQLite catalog belongs to one node.
    public func holdsLeaderLease() throws -> Bool { true }
    /// Nothing to give up.
    public func releaseLeaderLease() {}
}

/// Which nodes of a cluster are alive, so that what a dead node journaled (an ingest it never
/// committed) can be ended by another node. Each process opening a shared catalog announces its
/// node; a node is gone when no process of it is alive.
///
/// A catalog of one node (SQLite's) has no other node: announcing is nothing, and no node is ever
/// found gone. PostgreSQL's holds a shared advisory lock per node on the lease's connection.
public protocol NodePresence: Sendable {
    /// Marks this process as alive on `node` for as long as the catalog stays open (announced
    /// again if its connection is lost and made anew).
    func announce(node: String) throws
    /// Runs `body` when no process of `node` is alive, keeping any from announcing itself until
    /// `body` returns; nil (without running it) while one is alive.
    func whileGone<T>(_ node: String, _ body: () throws -> T) throws -> T?
}

extension Catalog: NodePresence {
    /// Nothing: a SQLite catalog belongs to one node.
    public func announce(node: String) throws {}
    /// Nil: a SQLite catalog has no other node.
    public func whileGone<T>(_ node: String, _ body: () throws -> T) throws -> T? { nil }
}

/// A lock the nodes of a cluster share, for work only one of them may do at a time even when an
/// operator starts it by hand on any node (a backup into one location: two would remove each
/// other's unfinished files and objects).
///
/// A catalog of one node (SQLite's) has no other node: it runs the work (the location's own lock
/// keeps two processes of the node apart). PostgreSQL's holds a session advisory lock for as long
/// as the work runs.
public protocol ClusterLocks: Sendable {
    /// Runs `body` while this process holds the cluster-wide lock `name`; nil, without running
    /// it, while another process holds it. Blocking: call it off the cooperative pool.
    func whileHolding<T>(_ name: String, _ body: () throws -> T) throws -> T?
}

extension Catalog: ClusterLocks {
    /// Runs `body`: a SQLite catalog belongs to one node.
    public func whileHolding<T>(_ name: String, _ body: () throws -> T) throws -> T? { try body() }
}
