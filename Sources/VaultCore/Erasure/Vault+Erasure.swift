import Foundation
import VaultAudit
public import VaultBase
import VaultCrypto
import VaultPolicy
public import VaultStore

/// What happened to one recording in an erasure.
public struct ErasureItem: Sendable, Codable, Equatable {
    /// The recording.
    public var recording: String
    /// `deleted` (purged: key destroyed, object deleted), `shredded` (purged, but the object
    /// store's lock keeps the ciphertext, which nobody can open, until `until`) or `restricted`
    /// (kept, unreadable but for audited restricted access, until `until`; then purged automatically).
    public var fate: String
    /// For a restricted recording: until when; for a shredded one, until when its store keeps the ciphertext.
    public var until: String?
    /// Why it must be kept (`retention minimum`, `legal hold`), or why its ciphertext stays (`object lock`).
    public var because: String?
}

/// Erasure's use cases, as `vault.erasure`: a DPO's request (an opt-out with a reason), the run
/// that executes open requests within the policy's deadline, the requests and their signed
/// receipts. Async, the blocking work inside (`BlockingWork`).
public struct ErasureService: Sendable {
    let vault: Vault

    /// Opens an erasure request for `phone` (every check denies from now on) and returns it.
    public func request(phone: PhoneNumber, reason: String, actor: VaultActor) async throws -> ErasureRequestRecord {
        try await BlockingWork.run {
            let id = try vault.requestErasure(phone: phone, reason: reason, actor: actor)
            guard let record = try vault.catalog.erasureRequest(id) else { throw StoreError(.notFound, "erasure request \(id) vanished") }
            return record
        }
    }

    /// Executes every open request; returns those it finished.
    public func run(actor: VaultActor) async throws -> [ErasureRequestRecord] {
        try await BlockingWork.runLong("callvault-erasure") { try vault.runErasures(actor: actor) }
    }

    /// Every request, newest first.
    public func requests() async throws -> [ErasureRequestRecord] { try await BlockingWork.run { try vault.erasureRequests() } }

    /// Whether a receipt's signature is this vault's.
    public func verifyReceipt(_ receipt: String) -> Bool { vault.verifyErasureReceipt(receipt) }
}

extension Vault {
    /// Erasure's use cases.
    public var erasure: ErasureService { ErasureService(vault: self) }
}

extension Vault {
    func erasureRecord(subject: String, masked: String?, reason: String) -> ErasureRequestRecord {
        let at = now
        return ErasureRequestRecord(id: UUID().uuidString.lowercased(), subject: subject, masked: masked, requestedAt: at,
                                    deadline: at + TimeInterval(policy.erasure.deadlineHours) * 3600, reason: reason)
    }

    /// A DPO's erasure request: like an opt-out, every check for the number denies from now on,
    /// and a request opens with the policy's deadline. Returns its id (the open one, if any).
    @discardableResult
    package func requestErasure(phone: PhoneNumber, reason: String, actor: VaultActor) throws -> String {
        try optOut(phone: phone, reason: reason, actor: actor)
    }

    /// Erasure requests, newest first.
    package func erasureRequests() throws -> [ErasureRequestRecord] { try catalog.erasureRequests() }

    /// Executes every open erasure request (the deadline is a deadline, not a wait). For each
    /// subject: recordings past the retention minimum and not held are purged; the others are
    /// restricted until their minimum ends (and purged then by `runRetention`); consent data is
    /// deleted but the pseudonym stays opted out; the request ends with a signed receipt listing
    /// every item and its fate. Every step is audited and idempotent, so a run interrupted by a
    /// crash is completed by the next. Returns the requests it finished.
    package func runErasures(actor: VaultActor) throws -> [ErasureRequestRecord] {
        try finishInterruptedPurges()
        var finished = [String]()
        var batch = [(request: ErasureRequestRecord, keyIDs: [String], receipt: String, audit: [AuditRowMaker])]()
        func flush() throws {
            guard !batch.isEmpty else { return }
            let at = now, items = batch
            try catalog.write("cannot complete erasure requests") { tx in
                for item in items { try tx.erasure.complete(item.request, keyIDs: item.keyIDs, receipt: item.receipt, at: at) }
                try tx.appendAudit(items.flatMap(\.audit))
            }
            finished += batch.map(\.request.id)
            batch.removeAll()
        }
        for request in try catalog.erasureRequests(state: .open) {
            do {
                let items = try eraseRecordings(request, actor: actor)
                let receipt = try erasureReceipt(request, items: items)
                let restricted = items.filter { $0.fate == "restricted" }.count
                // With nothing restricted left, the subject's keys go too (its sealed number with them).
                let keyIDs = restricted > 0 ? [] : try catalog.subjectKeyIDs(request.subject) + [request.subject]
                batch.append((request, keyIDs, receipt, [
                    auditLog.rowMaker(for: draft(.erasureConsent, actor: actor, target: request.subject, detail: ["request": request.id])),
                    auditLog.rowMaker(for: draft(.erasureComplete, actor: actor, target: request.subject, detail: [
                        "request": request.id, "receipt_sha256": SHA256Hasher.hash(Array(receipt.utf8)).hexString,
                        "restricted": "\(restricted)", "deleted": "\(items.count - restricted)",
                    ])),
                ]))
                if batch.count >= 500 { try flush() }
            } catch let error as CryptoError where error.code == .keyStore || error.code == .wrongKey {
                let at = now, audit = auditLog.rowMaker(for: draft(.erasureComplete, actor: actor, target: request.subject, outcome: .failed,
                                                                   detail: ["request": request.id, "error": "crypto.\(error.code)"]))
                try catalog.write("cannot finish the erasure request") { tx in
                    try tx.erasure.finish(request.id, completedAt: at, receipt: nil, failure: error.message)
                    try tx.appendAudit([audit])
                }
                finished.append(request.id)
            }
        }
        try flush()
        try finishInterruptedPurges()  // destroys the queued subject keys, once for the whole run
        auditLog.checkpointIfDue()
        return try finished.compactMap { try catalog.erasureRequest($0) }
    }

    /// Purges or restricts each of a request's recordings (`VaultPolicy.Retention.fate`,
    /// `.request`); returns every item and its fate.
    private func eraseRecordings(_ request: ErasureRequestRecord, actor: VaultActor) throws -> [ErasureItem] {
        var items = [ErasureItem]()
        let holds = ActiveHolds(try catalog.activeHolds())
        for record in try catalog.recordings(ofSubject: request.subject) {
            switch record.state {
            case .purged, .shredded:
                items.append(ErasureItem(recording: record.id.description, fate: "deleted"))
            case .stored, .restricted:
                let fate = policy.retention.fate(of: retentionFacts(record, holds: holds), at: now, demand: .request)
                guard case .retain(let until, let reasons) = fate else {
                    switch try purge(record, actor: actor, why: "erasure request \(request.id)") {
                    case .deleted:
                        items.append(ErasureItem(recording: record.id.description, fate: "deleted"))
                    case .retained(let lockedUntil):
                        // The store cannot delete it yet: crypto-shredded, its ciphertext kept by the lock.
                        items.append(ErasureItem(recording: record.id.description, fate: "shredded",
                                                 until: lockedUntil.map(Timestamp.format), because: "object lock"))
                    }
                    continue
                }
                let because = (reasons.contains(.hold) ? RetentionFate.RetainReason.hold : .minimum).rawValue
                if record.state != .restricted || record.restrictedUntil != until {
                    let audit = auditLog.rowMaker(for: draft(.recordingRestrict, actor: actor, target: record.id.description,
                                                             detail: ["request": request.id, "until": Timestamp.format(until), "because": because]))
                    try catalog.write("cannot restrict the recording") { tx in
                        try tx.retention.restrict(record.id, until: until)
                        try tx.appendAudit([audit])
                    }
                }
                items.append(ErasureItem(recording: record.id.description, fate: "restricted", until: Timestamp.format(until), because: because))
            }
        }
        return items.sorted { $0.recording < $1.recording }
    }

    /// The receipt: canonical JSON of the request, its items and fates, signed with the vault's
    /// audit key (Ed25519; the signature covers the canonical JSON without the `signature` field).
    func erasureReceipt(_ request: ErasureRequestRecord, items: [ErasureItem]) throws -> String {
        var fields: [String: CanonicalJSON] = [
            "format": .string("callvault-erasure-receipt/v1"), "request": .string(request.id), "subject": .string(request.subject),
            "masked": request.masked.map(CanonicalJSON.string) ?? .null, "reason": .string(request.reason),
            "requested_at": .string(Timestamp.format(request.requestedAt)), "deadline": .string(Timestamp.format(request.deadline)),
            "completed_at": .string(Timestamp.format(now)),
            "consent": .string("deleted; the number stays on the suppression list as a pseudonym only"),
            "items": .object(Dictionary(uniqueKeysWithValues: items.map { item in
                (item.recording, CanonicalJSON.object(["fate": .string(item.fate), "until": item.until.map(CanonicalJSON.string) ?? .null,
                                                       "because": item.because.map(CanonicalJSON.string) ?? .null]))
            })),
            "public_key": .string(auditLog.publicKey.rawRepresentation.hexString),
        ]
        let unsigned = CanonicalJSON.object(fields).bytes
        fields["signature"] = .string(Data(try auditLog.signer.signature(for: unsigned)).base64EncodedString())
        return String(decoding: CanonicalJSON.object(fields).bytes, as: UTF8.self)
    }

    /// Checks a receipt's signature against this vault's key.
    public func verifyErasureReceipt(_ receipt: String) -> Bool {
        guard let object = try? JSONSerialization.jsonObject(with: Data(receipt.utf8)) as? [String: Any],
              let signature = (object["signature"] as? String).flatMap({ Data(base64Encoded: $0) }) else { return false }
        var rest = object
        rest.removeValue(forKey: "signature")
        guard let unsigned = try? CanonicalJSON(any: rest) else { return false }
        return auditLog.publicKey.isValidSignature(Array(signature), for: unsigned.bytes)
    }
}
