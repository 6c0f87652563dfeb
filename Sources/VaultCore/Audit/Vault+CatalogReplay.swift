import Foundation
import VaultAudit
import VaultBase
import VaultPolicy
import VaultCrypto
import VaultStore

extension Vault {
    /// Where the catalog's security decisions disagree with the signed audit log, which the key
    /// store's tree head protects: the log says what was decided, so a decision changed in the
    /// catalog alone (a hold deleted, an opt-out, a blacklisting or a customer tag cleared, a
    /// withdrawn consent restored from an earlier copy, a recording removed with its object, an
    /// erasure marked done that the vault never completed, the stored policy replaced) is named here. One pass over the log; `verify` reports each as a problem.
    func catalogDisagreements() throws -> [String] {
        var found: [String] = []
        var holds: [String: (target: String?, seq: Int64)] = [:]
        var optedOut: [String: Int64] = [:]
        var blacklisted: [String: (Bool, Int64)] = [:]
        var stored: [String: Int64] = [:]
        var startedAt: [String: String] = [:]  // recording → its call's start, as the ingest logged it
        var completed: [String: (receipt: String?, seq: Int64)] = [:]
        var policy: (sha: String, seq: Int64)?  // the policy in force: the one the vault was made with, then each applied
        var tags: [String: (tag: String, seq: Int64)] = [:]
        var revoked: [String: [String: Int64]] = [:]  // subject → purpose → the entry that withdrew it
        var lastImport: Int64 = 0  // a bulk import grants without naming subjects: it may renew any withdrawal before it
        var replayedUpTo: Int64 = 0
        try auditLog.forEachEntry { entry in
            replayedUpTo = entry.seq
            guard entry.outcome == "ok" else { return }
            switch entry.action {
            case AuditAction.holdPlace.rawValue:
                if let id = entry.detail["hold"] { holds[id] = (entry.target, entry.seq) }
            case AuditAction.holdRelease.rawValue:
                holds = holds.filter { $0.value.target != entry.target }
            case AuditAction.consentOptOut.rawValue:
                if let subject = entry.target { optedOut[subject] = entry.seq }
            case AuditAction.consentTag.rawValue:
                if let subject = entry.target { tags[subject] = (entry.detail["tag"] ?? "", entry.seq) }
            case AuditAction.consentGrant.rawValue:
                if let subject = entry.target, let purpose = entry.detail["purpose"] {
                    revoked[subject]?[purpose] = nil
                } else if entry.detail["imported"] != nil {
                    lastImport = entry.seq
                }
            case AuditAction.consentRevoke.rawValue:
                if let subject = entry.target, let purpose = entry.detail["purpose"] { revoked[subject, default: [:]][purpose] = entry.seq }
            case AuditAction.erasureConsent.rawValue:
                // Erasure deletes the subject's grants and clears its tag.
                if let subject = entry.target { tags[subject] = nil; revoked[subject] = nil }
            case AuditAction.consentBlacklist.rawValue:
                if let subject = entry.target { blacklisted[subject] = (entry.detail["blacklisted"] == "true", entry.seq) }
            case AuditAction.recordingIngest.rawValue:
                if let id = entry.target {
                    stored[id] = entry.seq
                    startedAt[id] = entry.detail["started_at"]
                }
            case AuditAction.recordingPurge.rawValue:
                if let id = entry.target {
                    stored[id] = nil
                    // No purge may come before the call's start plus the shortest retention any
                    // policy allows, whatever the catalog said the start was.
                    if let start = startedAt[id].flatMap(Timestamp.parse), let purgedAt = Timestamp.parse(entry.time),
                       purgedAt < VaultPolicy.Retention.adding(months: VaultPolicy.minimumRetentionMonths, to: start) {
                        found.append("recording \(id) was purged in audit entry \(entry.seq), inside the minimum retention of the call it "
                                     + "logged at ingest (started \(Timestamp.format(start))): its start time was changed in the catalog?")
                    }
                }
            case AuditAction.erasureComplete.rawValue:
                if let id = entry.detail["request"] { completed[id] = (entry.detail["receipt_sha256"], entry.seq) }
                if let subject = entry.target { tags[subject] = nil; revoked[subject] = nil }
            case AuditAction.vaultInit.rawValue:
                if let sha = entry.detail["policy_sha256"] { policy = (sha, entry.seq) }
            case AuditAction.policyApply.rawValue:
                if let sha = entry.detail["sha256"] { policy = (sha, entry.seq) }
            default:
                break
            }
        }
        let activeHolds = Set(try catalog.activeHolds().map(\.id))
        for (id, placed) in holds.sorted(by: { $0.value.seq < $1.value.seq }) where !activeHolds.contains(id) {
            found.append("hold \(id), placed in audit entry \(placed.seq) and never released, is not in the catalog: a held recording could be purged")
        }
        for id in activeHolds.subtracting(holds.keys).sorted() {
            found.append("hold \(id) is in the catalog, but no audit entry placed it")
        }
        for (subject, seq) in optedOut.sorted(by: { $0.value < $1.value })
        where try catalog.consentRecord(subject: subject, since: now).optedOutAt == nil {
            found.append("the opt-out of \(subject) (audit entry \(seq)) is gone from the catalog: consent checks would allow calls")
        }
        for (subject, (isBlacklisted, seq)) in blacklisted.sorted(by: { $0.value.1 < $1.value.1 })
        where try (catalog.consentRecord(subject: subject, since: now).blacklistedAt != nil) != isBlacklisted {
            found.append("\(subject) is \(isBlacklisted ? "not " : "")blacklisted in the catalog, against audit entry \(seq)")
        }
        // A tag the log holds redacted (it had digits) cannot be compared.
        for (subject, (tag, seq)) in tags.sorted(by: { $0.value.seq < $1.value.seq }) where !tag.contains("*") {
            let inCatalog = try catalog.consentRecord(subject: subject, since: now).tag ?? ""
            if inCatalog != tag {
                found.append("\(subject)'s customer tag is '\(inCatalog)' in the catalog, but '\(tag)' in audit entry \(seq): a frequency rule may no longer apply")
            }
        }
        for (subject, purposes) in revoked.sorted(by: { $0.key < $1.key }) {
            let granted = try catalog.consentRecord(subject: subject, since: now).grantedPurposes
            for (purpose, seq) in purposes.sorted(by: { $0.value < $1.value }) where seq > lastImport && granted.contains(purpose) {
                found.append("the consent of \(subject) for \(purpose), withdrawn in audit entry \(seq) and never granted again, stands in the catalog: checks would allow calls")
            }
        }
        let recordings = Dictionary(try catalog.recordings().map { ($0.id.description, $0) }, uniquingKeysWith: { a, _ in a })
        for (id, seq) in stored.sorted(by: { $0.value < $1.value }) {
            if let record = recordings[id] {
                if record.state == .purged { found.append("recording \(id) is purged in the catalog, but no audit entry purged it") }
                // Within 2 ms: the catalog stores milliseconds, the log the time as formatted.
                if let logged = startedAt[id], let loggedDate = Timestamp.parse(logged), abs(record.startedAt.timeIntervalSince(loggedDate)) > 0.002 {
                    found.append("recording \(id) starts at \(Timestamp.format(record.startedAt)) in the catalog, but at \(logged) in audit entry \(seq)")
                }
            } else {
                found.append("recording \(id), ingested in audit entry \(seq) and never purged, is not in the catalog")
            }
        }
        for request in try catalog.erasureRequests(state: .completed) {
            guard let done = completed[request.id] else {
                found.append("erasure request \(request.id) is marked completed, but no audit entry completed it")
                continue
            }
            let receiptHash = request.receipt.map { SHA256Hasher.hash(Array($0.utf8)).hexString }
            if let expected = done.receipt, receiptHash != expected {
                found.append("erasure request \(request.id)'s receipt differs from the one audit entry \(done.seq) recorded")
            }
        }
        if let policy, let yaml = try catalog.currentPolicyYAML(), SHA256Hasher.hash(Array(yaml.utf8)).hexString != policy.sha {
            found.append("the stored policy is not the one applied in audit entry \(policy.seq)")
        }
        // The catalog was read after the log: what the vault did meanwhile (a grant, a purge, a
        // hold) is in entries the replay did not see. Their targets are left out, not blamed.
        let meanwhile = Set(try auditLog.entries(AuditFilter(afterSeq: replayedUpTo)).compactMap(\.target))
        guard !meanwhile.isEmpty else { return found }
        return found.filter { message in !meanwhile.contains { message.contains($0) } }
    }
}
