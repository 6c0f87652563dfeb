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
            try objects.discard(relativePath: ingest.objectPath)
            // A recording without a known subject gets a key of its own; it dies with the ingest.
            try keyRing.subjects.destroy([KeyContext.anonymousSubject(for: ingest.id)])
            try logAudit(.recordingIngestRollback, actor: .recovery, target: ingest.id.description,
                      detail: ["started_at": Timestamp.format(ingest.startedAt)])
            try catalog.endIngest(ingest.id)
            logger.warning("rolled back an interrupted ingest", metadata: ["recording.id": "\(ingest.id)"])
        }
        try recoverInterruptedTranscriptAdds()
        let swept = try objects.sweepPartials()
        if swept > 0, swept > completed { logger.warning("removed leftover partial objects", metadata: ["recovery.partials": "\(swept)"]) }
        return pending.count
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
}
