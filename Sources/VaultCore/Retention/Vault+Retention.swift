public import Foundation
import VaultAudit
public import VaultBase
import VaultCrypto
import VaultPolicy
public import VaultStore

/// What one retention run did.
public struct RetentionResult: Sendable {
    /// Recordings purged because their maximum retention passed.
    public var expired: [RecordingID]
    /// Restricted recordings purged because their restriction ended (deferred erasure).
    public var restrictionsEnded: [RecordingID]
    /// Recordings due to go (maximum passed, or restriction ended) but held.
    public var held: [RecordingID]
}

/// Retention's use cases, as `vault.retention`: the schedule's run, deletion on request and
/// legal holds, each deciding through `VaultPolicy.Retention.fate`. Async, the blocking work
/// inside (`BlockingWork`). Every purge and hold is audited.
public struct RetentionService: Sendable {
    let vault: Vault

    /// Purges what the schedule says must go (maximum passed, restriction ended), unless held.
    public func run(actor: VaultActor) async throws -> RetentionResult {
        try await BlockingWork.runLong("callvault-retention") { try vault.runRetention(actor: actor) }
    }

    /// Deletes one recording on request; refused before its minimum ends (naming the date) or while held.
    public func delete(_ id: RecordingID, reason: String, actor: VaultActor) async throws {
        try await BlockingWork.run { try vault.deleteRecording(id, reason: reason, actor: actor) }
    }

    /// Places a legal hold on a recording or on every recording of a number.
    @discardableResult
    public func placeHold(recording: RecordingID? = nil, phone: PhoneNumber? = nil, reason: String, actor: VaultActor) async throws -> HoldRecord {
        try await BlockingWork.run { try vault.placeHold(recording: recording, phone: phone, reason: reason, actor: actor) }
    }

    /// Releases the holds on a recording or a number; returns how many (`StoreError(.notFound)` for none).
    public func releaseHold(recording: RecordingID? = nil, phone: PhoneNumber? = nil, reason: String, actor: VaultActor) async throws -> Int {
        try await BlockingWork.run { try vault.releaseHold(recording: recording, phone: phone, reason: reason, actor: actor) }
    }

    /// The active holds.
    public func holds() async throws -> [HoldRecord] { try await BlockingWork.run { try vault.holds() } }
}

extension Vault {
    /// Retention's use cases.
    public var retention: RetentionService { RetentionService(vault: self) }
}

extension Vault {
    /// When a recording's minimum retention ends.
    public func minimumRetentionEnd(of record: RecordingRecord) -> Date { policy.retention.minimumEnd(startedAt: record.startedAt) }

    /// What retention knows of `record`, with `holds` the active holds.
    func retentionFacts(_ record: RecordingRecord, holds: ActiveHolds) -> RetentionFacts {
        RetentionFacts(startedAt: record.startedAt, restrictedUntil: record.state == .restricted ? record.restrictedUntil : nil,
                       held: holds.cover(record))
    }

    // MARK: Purge: destroying one recording's data key

    /// Purges one recording: its data key is destroyed and its object deleted, for good, copies
    /// of the vault's data included. Its subject's other recordings move to a fresh subject key
    /// (their data keys rewrapped; no audio re-encrypted) and the old subject key is destroyed, so
    /// a copy of the old wrapped data key is useless. Steps: rewrap under the new key (key store),
    /// one catalog transaction (purged row, rewrapped rows, key generation, key queued for
    /// destruction, audit entry), delete the object, destroy the old key. A crash after the
    /// transaction is finished at the next open (``finishInterruptedPurges()``).
    @discardableResult
    func purge(_ decided: RecordingRecord, actor: VaultActor, why: String) throws -> ObjectRemoval {
        // Callers decide over rows read earlier; a sibling's purge since then moved this one to a
        // new subject key, so the row is read again.
        guard let record = try catalog.recording(decided.id) else { throw StoreError(.notFound, "no recording \(decided.id)") }
        guard record.state != .purged else { return .deleted }
        guard let keyID = record.keySubject else { throw VaultError(.refused, "recording \(record.id) has no subject key") }
        let others = try catalog.recordings(underKey: keyID).filter { $0.id != record.id }
        var rewrapped = [(RecordingID, Data)]()
        var newKeyID: String?, generation: Int?, subject: String?
        if !others.isEmpty, let pseudonym = record.subjectPseudonym, let subjectRow = try catalog.subject(pseudonym),
           let oldKey = try keyRing.subjectKey(keyID, create: false) {
            generation = subjectRow.keyGeneration + 1
            subject = pseudonym
            var next = subjectRow
            next.keyGeneration = generation!
            newKeyID = next.keyID
            guard let newKey = try keyRing.subjectKey(next.keyID, create: true) else { throw CryptoError(.keyStore, "cannot create a subject key") }
            for other in others where other.state != .shredded {
                let dataKey = try KeyWrap.unwrap(Array(other.wrappedDataKey), under: oldKey, context: KeyContext.dataKey(recording: other.id, subject: keyID))
                rewrapped.append((other.id, Data(try KeyWrap.wrap(dataKey, under: newKey, context: KeyContext.dataKey(recording: other.id, subject: next.keyID)))))
            }
        }
        if let newKeyID { try keyRing.subjects.journalRewraps(rewrapped.map { ($0.0.description, newKeyID, $0.1) }) }
        let at = now, audit = auditLog.rowMaker(for: draft(.recordingPurge, actor: actor, target: record.id.description,
                                                           detail: ["why": why, "sealed_sha256": record.sealedSha256]))
        try catalog.write("cannot purge recording \(record.id)") { tx in
            try tx.retention.purge(record.id, oldKeyID: keyID, rewrapped: rewrapped, newKeyID: newKeyID, subject: subject,
                                   newGeneration: generation, at: at)
            try tx.appendAudit([audit])
        }
        let removal = try objects.discard(relativePath: record.objectPath)
        try destroyQueuedKey(keyID)
        if case .retained(let until) = removal {
            logger.notice("a purged recording's object stays under its store's lock, unreadable: its data key is destroyed",
                          metadata: ["recording.id": "\(record.id)", "object.locked_until": "\(until.map(Timestamp.format) ?? "unknown")"])
        }
        return removal
    }

    /// Destroys one queued subject key and ends its queue entry.
    func destroyQueuedKey(_ keyID: String) throws {
        try keyRing.subjects.destroy([keyID])
        keyRing.forget(keyID)
        try catalog.endKeyDestruction(keyID)
    }

    /// Destroys every queued subject key (purges and erasures queue them in the transaction that
    /// decides it; a crash before this finishes is completed at the next open), in one pass.
    func finishInterruptedPurges() throws {
        let queued = try catalog.pendingKeyDestructions()
        guard !queued.isEmpty else { return }
        try keyRing.subjects.destroy(queued)
        queued.forEach(keyRing.forget)
        try catalog.endKeyDestructions(queued)
    }

    // MARK: Retention

    /// Purges every recording past the policy's maximum retention and every restricted recording
    /// whose restriction has ended, unless held (`VaultPolicy.Retention.fate`, `.schedule`). Each
    /// purge is audited. Two queries find the candidates (calls started before the schedule's
    /// cutoff, restrictions ended) and one reads the holds. Run it from cron or let the server run
    /// it; it is safe to run at any time and again after a crash.
    package func runRetention(actor: VaultActor) throws -> RetentionResult {
        try finishInterruptedPurges()
        var result = RetentionResult(expired: [], restrictionsEnded: [], held: [])
        let time = now, rule = policy.retention
        let holds = ActiveHolds(try catalog.activeHolds())
        var seen = Set<RecordingID>()
        for record in try catalog.recordings(startedBefore: rule.scheduleCutoff(at: time)) + catalog.restrictionsEnded(by: time)
        where seen.insert(record.id).inserted {
            switch rule.fate(of: retentionFacts(record, holds: holds), at: time, demand: .schedule) {
            case .keep:
                continue
            case .retain:
                result.held.append(record.id)
            case .purge(let reason):
                do {
                    if reason == .maximumPassed {
                        try purge(record, actor: actor, why: "retention maximum of \(rule.maximumMonths) months passed")
                        result.expired.append(record.id)
                    } else {
                        try purge(record, actor: actor, why: "restriction ended: erasure completed")
                        result.restrictionsEnded.append(record.id)
                    }
                } catch let error as StoreError where error.code == .conflict {
                    result.held.append(record.id)  // held since the holds were read: the purge's transaction refused it
                }
            }
        }
        return result
    }

    /// Deletes (purges) one recording on request. Refused before its minimum retention ends
    /// (naming the date it becomes allowed) and while it is held.
    package func deleteRecording(_ id: RecordingID, reason: String, actor: VaultActor) throws {
        let record = try recording(id)
        let facts = retentionFacts(record, holds: ActiveHolds(try catalog.activeHolds()))
        guard case .retain(let until, let because) = policy.retention.fate(of: facts, at: now, demand: .request) else {
            try purge(record, actor: actor, why: reason)
            return
        }
        let minimum = because.first == .minimum
        try logAudit(.recordingPurge, actor: actor, target: id.description, outcome: .denied, detail: ["reason": minimum ? "retention_minimum" : "legal_hold"])
        throw VaultError(.refused, minimum
            ? "recording \(id) must be kept until \(Timestamp.format(until)) (minimum retention \(policy.retention.minimumMonths) months); deletion is allowed from then"
            : "recording \(id) is under a legal hold")
    }

    // MARK: Holds

    /// Places a legal hold on a recording or on every recording of a number. Audited.
    @discardableResult
    package func placeHold(recording: RecordingID? = nil, phone: PhoneNumber? = nil, reason: String, actor: VaultActor) throws -> HoldRecord {
        precondition((recording == nil) != (phone == nil), "a hold names a recording or a subject")
        if let recording { _ = try self.recording(recording) }
        let subject = phone.map(pseudonym(of:))
        let hold = HoldRecord(id: UUID().uuidString.lowercased(), recordingId: recording, subject: subject, reason: reason, placedAt: now)
        // The store's own legal hold first (S3): should it fail, nothing is recorded.
        try setStoreLegalHolds(true, on: try recordingsCovered(recording: recording, subject: subject))
        let audit = auditLog.rowMaker(for: draft(.holdPlace, actor: actor, target: recording?.description ?? subject,
                                                 detail: ["hold": hold.id, "reason": reason]))
        try catalog.write("cannot place the hold") { tx in
            try tx.holds.place(hold)
            try tx.appendAudit([audit])
        }
        return hold
    }

    /// Releases the holds on a recording or a number; returns how many. Audited.
    package func releaseHold(recording: RecordingID? = nil, phone: PhoneNumber? = nil, reason: String, actor: VaultActor) throws -> Int {
        let subject = phone.map(pseudonym(of:))
        let at = now, audit = auditLog.rowMaker(for: draft(.holdRelease, actor: actor, target: recording?.description ?? subject,
                                                           detail: ["reason": reason]))
        let count = try catalog.write("cannot release the hold") { tx in
            let count = try tx.holds.release(recording: recording, subject: subject, at: at)
            if count > 0 { try tx.appendAudit([audit]) }
            return count
        }
        guard count > 0 else { throw StoreError(.notFound, "no active hold on \(recording?.description ?? phone?.masked ?? "that")") }
        // Lifted in the store only where no other hold still covers the recording. The release is
        // recorded already: a store that fails here keeps its hold (the safe side), and says so.
        let stillHeld = ActiveHolds(try catalog.activeHolds())
        do {
            try setStoreLegalHolds(false, on: try recordingsCovered(recording: recording, subject: subject).filter { !stillHeld.cover($0) })
        } catch {
            logger.error("a released hold could not be lifted in the object store; its objects stay held there",
                         metadata: ["error": "\(VaultError(wrapping: error))"])
        }
        return count
    }

    /// The recordings a hold on `recording` or on `subject` covers (purged ones have no object).
    private func recordingsCovered(recording: RecordingID?, subject: String?) throws -> [RecordingRecord] {
        let records = try recording.map { [try self.recording($0)] } ?? subject.map { try catalog.recordings(ofSubject: $0) } ?? []
        return records.filter { $0.state != .purged }
    }

    /// Mirrors holds into the object store (S3 legal holds on the audio and transcript objects), so
    /// the store itself refuses their deletion even after their retention lock ends.
    private func setStoreLegalHolds(_ on: Bool, on records: [RecordingRecord]) throws {
        for record in records {
            for path in [record.objectPath] + [record.transcriptPath].compactMap({ $0 }) {
                try objects.setLegalHold(on, relativePath: path)
            }
        }
    }

    /// Active holds.
    package func holds() throws -> [HoldRecord] { try catalog.activeHolds() }
}

/// The active holds, read once, as the sets retention looks recordings up in.
struct ActiveHolds {
    private let recordings: Set<RecordingID>
    private let subjects: Set<String>

    init(_ holds: [HoldRecord]) {
        recordings = Set(holds.compactMap(\.recordingId))
        subjects = Set(holds.compactMap(\.subject))
    }

    /// Whether a hold covers `record`, by its id or by its subject.
    func cover(_ record: RecordingRecord) -> Bool {
        recordings.contains(record.id) || record.subjectPseudonym.map(subjects.contains) == true
    }
}
