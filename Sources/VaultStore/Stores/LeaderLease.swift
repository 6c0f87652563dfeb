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
