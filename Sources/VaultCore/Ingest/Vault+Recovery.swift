import Foundation
import VaultBase
import VaultStore

extension Vault {
    /// Ends every ingest that started and never committed (the process crashed or was killed):
    /// one that journaled how to complete it (a live call) is completed from what it sealed, as an
    /// `interrupted` recording (``completeInterruptedIngest(_:plan:)``); any other, or one with no
    /// audio intact, is rolled back (its partial or placed object deleted, its journal entry
    /// ended). Then sweeps stray partial files. Skips the work while another process is ingesting
    /// (it holds the ingest lock), so an ingest in flight is never mistaken for a dead one.
    /// Returns how many ingests it ended.
    @discardableResult
    package func recoverInterruptedIngests() throws -> Int {
        let lock = try FileLock.ingest(layout)
        guard lock.tryLockExclusive() else {
            logger.debug("recovery skipped: an ingest is running")
            return 0
        }
        defer { lock.unlock() }
        let pending = try catalog.pendingIngests().filter(isOwnJournalEntry)
        var completed = 0
        for ingest in pending {
            // A live call cannot be recorded again: what was sealed before the crash is kept.
            if let data = ingest.completion, let plan = try? JSONDecoder().decode(IngestCompletionPlan.self, from: data),
               let record = try completeInterruptedIngest(ingest, plan: plan) {
                completed += 1
                logger.warning("completed an interrupted live recording", metadata: ["recording.id": "\(ingest.id)",
                                                                                     "recording.duration_ms": "\(record.durationMs)"])
                continue
            }
            try rollBack(ingest)
        }
        try recoverInterruptedTranscriptAdds()
        let swept = try objects.sweepPartials()
        if swept > 0, swept > completed { logger.warning("removed leftover partial objects", metadata: ["recovery.partials": "\(swept)"]) }
        return pending.count
    }

    /// Rolls back one journaled ingest: its partial or placed object deleted, its own subject key
    /// destroyed, the rollback audited, its journal entry ended (the last step: a crash before it
    /// leaves the entry for the next recovery, and every step before it may run again).
    private func rollBack(_ ingest: PendingIngest, goneNode: String? = nil) throws {
        try objects.discard(relativePath: ingest.objectPath)
        // A recording without a known subject gets a key of its own; it dies with the ingest.
        try keyRing.subjects.destroy([KeyContext.anonymousSubject(for: ingest.id)])
        var detail = ["started_at": Timestamp.format(ingest.startedAt)]
        if let goneNode { detail["node"] = goneNode }
        try logAudit(.recordingIngestRollback, actor: .recovery, target: ingest.id.description, detail: detail)
        try catalog.endIngest(ingest.id)
        logger.warning("rolled back an interrupted ingest", metadata: ["recording.id": "\(ingest.id)", "node": "\(goneNode ?? "this one")"])
    }

    /// On a shared catalog, rolls back the ingests other nodes journaled and never committed,
    /// once no process of that node is alive (``NodePresence``): a node killed mid-ingest and
    /// never restarted leaves no entry behind. The node is kept from coming back until its
    /// entries are ended; its spool, on its own disk, is swept when it does. A live call's entry
    /// (completed from the sealed audio in that node's spool) is left for its node. An ingest the
    /// node was still running would fail at its commit, its entry gone: nothing half-stored.
    /// Returns how many ingests it ended.
    @discardableResult
    package func recoverGoneNodesIngests() throws -> Int {
        guard let own = journalNode else { return 0 }
        let abandoned = try catalog.pendingIngests().filter { $0.node != nil && $0.node != own && $0.completion == nil }
        var ended = 0
        for node in Set(abandoned.compactMap(\.node)).sorted() {
            let ids = Set(abandoned.filter { $0.node == node }.map(\.id))
            ended += try catalog.whileGone(node) { () -> Int in
                // Read again under the node's lock: it may have ended some before it died.
                let still = try catalog.pendingIngests().filter { ids.contains($0.id) && $0.completion == nil }
                for ingest in still { try rollBack(ingest, goneNode: node) }
                return still.count
            } ?? 0
        }
        return ended
    }

    /// Finishes or undoes every transcript add a crash interrupted (the caller holds the ingest
    /// lock exclusively): one whose catalog switch committed is completed (old key destroyed, old
    /// object deleted); any other is undone (new objects and unused new key deleted) and audited.
    private func recoverInterruptedTranscriptAdds() throws {
        for pending in try catalog.pendingVersions() where isOwnJournalEntry(pending.node) {
            if try catalog.recording(pending.id)?.transcriptPath == pending.transcriptPath {
                try TranscriptAddJob.destroyOldVersion(of: pending, vault: self)
                try catalog.endVersion(pending.id)
                logger.warning("completed an interrupted transcript add", metadata: ["recording.id": "\(pending.id)"])
            } else {
                try TranscriptAddJob.undo(pending, vault: self)
                try logAudit(.transcriptAddRollback, actor: .recovery, target: pending.id.description,
                          detail: ["started_at": Timestamp.format(pending.startedAt), "version": "\(pending.version)"])
                logger.warning("rolled back an interrupted transcript add", metadata: ["recording.id": "\(pending.id)"])
            }
        }
    }
}

extension Vault {
    /// What this node writes into the journals it shares with other nodes: its host name and vault
    /// directory, whose spool holds its partial objects. Nil on a catalog of one node (SQLite).
    var journalNode: String? {
        manifest.catalog == nil ? nil : "\(ProcessInfo.processInfo.hostName):\(layout.root.standardizedFileURL.path)"
    }

    /// Whether recovery on this node may end a journal entry: its own, or one written before
    /// entries named their node. Another node's is in flight or waits for that node to recover it
    /// (its partial object is in that node's spool); it is never rolled back from here.
    func isOwnJournalEntry(_ node: String?) -> Bool { node == nil || node == journalNode }

    private func isOwnJournalEntry(_ pending: PendingIngest) -> Bool { isOwnJournalEntry(pending.node) }
}

extension Vault {
    /// Rolls back every ingest that started and never committed (``recoverInterruptedIngests()``);
    /// returns how many.
    public func recoverInterrupted() async throws -> Int {
        try await BlockingWork.run { try self.recoverInterruptedIngests() }
    }

    /// Rolls back the ingests of nodes of a shared catalog that are gone
    /// (``recoverGoneNodesIngests()``); the cluster's leader runs it. Returns how many.
    public func recoverGoneNodes() async throws -> Int {
        try await BlockingWork.run { try self.recoverGoneNodesIngests() }
    }
}
