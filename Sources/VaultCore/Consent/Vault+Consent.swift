public import Foundation
import VaultAudit
public import VaultBase
import VaultCrypto
public import VaultPolicy
public import VaultStore

/// Consent's use cases, as `vault.consent`: the dialers' checks and claims, authorisations,
/// opt-outs, the blacklist, tags and history. What writes or reads more than one row is async,
/// its blocking work inside (`BlockingWork`); a plain `check` is one prepared point read on a
/// read-only reader (it never waits for a writer nor syncs), so it is synchronous and may run
/// inline on an event loop.
public struct ConsentService: Sendable {
    let vault: Vault

    /// The pseudonym of a number, as every consent and erasure table keys it.
    public func pseudonym(of phone: PhoneNumber) -> String { vault.pseudonym(of: phone) }

    /// Whether `phone` may be called for `purpose` at `at` (default now). Changes nothing, not audited.
    public func check(phone: PhoneNumber, purpose: String, at: Date? = nil) throws -> ConsentDecision {
        try vault.plainCheck(phone: phone, purpose: purpose, at: at)
    }

    /// A check that, when allowed, records the call attempt in the same transaction (racing
    /// dialers cannot both be allowed); audited either way.
    public func claim(phone: PhoneNumber, purpose: String, actor: VaultActor) async throws -> ConsentDecision {
        try await BlockingWork.run { try vault.checkConsent(phone: phone, purpose: purpose, claim: true, actor: actor) }
    }

    /// Many numbers for one purpose from one snapshot (nothing recorded); one decision each, in order.
    public func screen(_ phones: [PhoneNumber], purpose: String, at: Date? = nil) async throws -> [ConsentDecision] {
        try await BlockingWork.run { try vault.screen(phones, purpose: purpose, at: at) }
    }

    /// Records an authorisation to call `phone` for `purpose`, with its source and evidence. Audited.
    public func grant(phone: PhoneNumber, purpose: String, source: String, evidence: String, actor: VaultActor) async throws {
        try await BlockingWork.run { try vault.grantConsent(phone: phone, purpose: purpose, source: source, evidence: evidence, actor: actor) }
    }

    /// Withdraws one purpose; `StoreError(.notFound)` when there was none. Audited.
    public func revoke(phone: PhoneNumber, purpose: String, actor: VaultActor) async throws {
        try await BlockingWork.run { try vault.revokeConsent(phone: phone, purpose: purpose, actor: actor) }
    }

    /// Opts a number out of every purpose and opens its erasure request; returns the request's id. Audited.
    @discardableResult
    public func optOut(phone: PhoneNumber, reason: String = "opt-out", actor: VaultActor) async throws -> String {
        try await BlockingWork.run { try vault.optOut(phone: phone, reason: reason, actor: actor) }
    }

    /// Blacklists a number, or clears it. Audited.
    public func setBlacklisted(phone: PhoneNumber, _ blacklisted: Bool, reason: String?, actor: VaultActor) async throws {
        try await BlockingWork.run { try vault.setBlacklisted(phone: phone, blacklisted, reason: reason, actor: actor) }
    }

    /// The blacklisted numbers, masked, with when and why.
    public func blacklist() async throws -> [(masked: String, at: Date, reason: String?)] {
        let entries = try await BlockingWork.run { try vault.blacklist().map { BlacklistEntry(masked: $0.masked, at: $0.at, reason: $0.reason) } }
        return entries.map { ($0.masked, $0.at, $0.reason) }
    }

    /// Sets a number's customer tag (a frequency rule may apply to it). Audited.
    public func setTag(phone: PhoneNumber, tag: String?, actor: VaultActor) async throws {
        try await BlockingWork.run { try vault.setTag(phone: phone, tag: tag, actor: actor) }
    }

    /// A number's consent history, oldest first.
    public func history(phone: PhoneNumber) async throws -> [ConsentEvent] {
        try await BlockingWork.run { try vault.consentHistory(phone: phone) }
    }

    /// Imports authorisations in bulk (a CRM export), audited as one entry.
    public func importConsents(_ phones: [PhoneNumber], purposes: [String], source: String, actor: VaultActor) async throws {
        try await BlockingWork.run { try vault.importConsents(phones, purposes: purposes, source: source, actor: actor) }
    }

    private struct BlacklistEntry: Sendable { var masked: String, at: Date, reason: String? }
}

extension Vault {
    /// Consent's use cases.
    public var consent: ConsentService { ConsentService(vault: self) }
}

extension Vault {
    /// The pseudonym of a number, as every consent and erasure table keys it.
    public func pseudonym(of phone: PhoneNumber) -> String { pseudonymizer.pseudonym(e164: phone.e164) }

    /// The number sealed under its subject's key, so that shredding the subject destroys it too.
    func sealedNumber(_ phone: PhoneNumber) throws -> Data {
        let subject = pseudonym(of: phone)
        let keyID = try catalog.subject(subject)?.keyID ?? subject
        guard let key = try keyRing.subjectKey(keyID, create: true) else { throw CryptoError(.keyStore, "cannot create a subject key") }
        return Data(try AESGCM.seal(Array(phone.e164.utf8), key: key, aad: Array("number|subject:\(keyID)".utf8)))
    }

    private func requirePurpose(_ purpose: String) throws {
        guard policy.consent.purposes.contains(purpose) else {
            throw VaultError(.refused, "unknown purpose '\(purpose)'; the policy names \(policy.consent.purposes.joined(separator: ", "))")
        }
    }

    /// Records an authorisation to call `phone` for `purpose` (source: signup agreement, SMS
    /// confirmation, recorded verbal consent; evidence: a reference to it). Audited.
    package func grantConsent(phone: PhoneNumber, purpose: String, source: String, evidence: String, actor: VaultActor) throws {
        try requirePurpose(purpose)
        let subject = pseudonym(of: phone), sealed = try sealedNumber(phone)
        var grant = ConsentGrantRow(subject: subject, purpose: purpose, source: source, evidence: evidence,
                                    grantedAt: RowAuthenticator.wholeMilliseconds(now))
        grant.mac = rows.grantSealer(grant)
        let audit = auditLog.rowMaker(for: draft(.consentGrant, actor: actor, target: subject,
                                                 detail: ["purpose": purpose, "source": source, "evidence": evidence]))
        try catalog.write("cannot record consent") { tx in
            try tx.consent.ensureNumber(subject: subject, sealedNumber: sealed)
            try tx.consent.upsertGrant(grant)
            try tx.appendAudit([audit])
        }
    }

    /// Withdraws one purpose. Throws `StoreError(.notFound)` when there was no such authorisation.
    package func revokeConsent(phone: PhoneNumber, purpose: String, actor: VaultActor) throws {
        let subject = pseudonym(of: phone), at = RowAuthenticator.wholeMilliseconds(now)
        let audit = auditLog.rowMaker(for: draft(.consentRevoke, actor: actor, target: subject, detail: ["purpose": purpose]))
        try catalog.write("cannot revoke consent") { tx in
            guard var grant = try tx.consent.activeGrant(subject: subject, purpose: purpose) else {
                throw StoreError(.notFound, "\(phone.masked) has no authorisation for \(purpose) to revoke")
            }
            // A row that did not authenticate is withdrawn all the same (calls must stop) but not
            // resealed, so verify still names it.
            let wasAuthentic = rows.authentic(grant)
            grant.revokedAt = at
            if wasAuthentic { grant.mac = rows.grantSealer(grant) }
            try tx.consent.updateGrant(grant)
            try tx.appendAudit([audit])
        }
    }

    /// Opts a number out of every purpose: every check denies from now on, and an erasure
    /// request opens with the policy's deadline (72 hours). Returns the request's id.
    @discardableResult
    package func optOut(phone: PhoneNumber, reason: String = "opt-out", actor: VaultActor) throws -> String {
        let subject = pseudonym(of: phone)
        let request = erasureRecord(subject: subject, masked: phone.masked, reason: reason)
        let sealed = try sealedNumber(phone), at = now
        let audit = auditLog.rowMaker(for: draft(.consentOptOut, actor: actor, target: subject,
                                                 detail: ["erasure_request": request.id, "deadline": Timestamp.format(request.deadline)]))
        // Journalled in the key store first, so restoring a catalog from before it suppresses the
        // number again (a failed write below leaves an opt-out the person did ask for).
        try keyRing.subjects.journalOptOut(subject: subject, request: request.id, at: request.requestedAt)
        let id = try catalog.write("cannot record the opt-out") { tx -> String in
            try tx.consent.ensureNumber(subject: subject, sealedNumber: sealed)
            try tx.consent.optOut(subject: subject, at: at)
            try tx.appendAudit([audit])
            if let open = try tx.consent.openErasureRequest(subject: subject) { return open }
            try tx.consent.insertErasureRequest(request)
            return request.id
        }
        auditLog.checkpointIfDue()
        return id
    }

    /// Blacklists a number, or clears it. Audited.
    package func setBlacklisted(phone: PhoneNumber, _ blacklisted: Bool, reason: String?, actor: VaultActor) throws {
        let subject = pseudonym(of: phone), sealed = try sealedNumber(phone), at = now
        let audit = auditLog.rowMaker(for: draft(.consentBlacklist, actor: actor, target: subject,
                                                 outcome: .ok, detail: ["blacklisted": "\(blacklisted)", "reason": reason ?? ""]))
        try catalog.write("cannot change the blacklist") { tx in
            try tx.consent.ensureNumber(subject: subject, sealedNumber: sealed)
            try tx.consent.setBlacklisted(subject: subject, at: blacklisted ? at : nil, reason: reason)
            try tx.appendAudit([audit])
        }
    }

    /// Sets a number's customer tag (a frequency rule may apply to it). Audited.
    package func setTag(phone: PhoneNumber, tag: String?, actor: VaultActor) throws {
        let subject = pseudonym(of: phone), sealed = try sealedNumber(phone)
        let audit = auditLog.rowMaker(for: draft(.consentTag, actor: actor, target: subject, detail: ["tag": tag ?? ""]))
        try catalog.write("cannot tag the number") { tx in
            try tx.consent.ensureNumber(subject: subject, sealedNumber: sealed)
            try tx.consent.setTag(subject: subject, tag: tag)
            try tx.appendAudit([audit])
        }
    }

    /// Blacklisted numbers, masked.
    package func blacklist() throws -> [(masked: String, at: Date, reason: String?)] {
        try catalog.blacklist().map { entry in
            (maskedNumber(subject: entry.subject, sealed: entry.sealedNumber), entry.at, entry.reason)
        }
    }

    /// The masked number behind a pseudonym, from its sealed copy; `(shredded)` when unreadable.
    func maskedNumber(subject: String, sealed: Data?) -> String {
        guard let sealed, let keyID = try? catalog.subject(subject)?.keyID ?? subject,
              let key = try? keyRing.subjectKey(keyID, create: false),
              let plain = try? AESGCM.open(Array(sealed), key: key, aad: Array("number|subject:\(keyID)".utf8)),
              let phone = try? PhoneNumber(parsing: String(decoding: plain, as: UTF8.self)) else { return "(number not held)" }
        return phone.masked
    }

    /// A number's consent history, oldest first.
    package func consentHistory(phone: PhoneNumber) throws -> [ConsentEvent] { try catalog.consentHistory(subject: pseudonym(of: phone)) }

    /// Whether `phone` may be called for `purpose` at `at` (default now). A plain check changes
    /// nothing and is not audited (metrics count checks); with `claim`, an allowed check records
    /// the call attempt atomically with the decision and every claim is audited. `claim` and a
    /// time other than now cannot be combined.
    package func checkConsent(phone: PhoneNumber, purpose: String, at: Date? = nil, claim: Bool = false, actor: VaultActor) throws -> ConsentDecision {
        guard claim else { return try plainCheck(phone: phone, purpose: purpose, at: at) }
        try requirePurpose(purpose)
        if at != nil { throw VaultError(.refused, "a claim is made now; --at cannot be combined with --claim") }
        let subject = pseudonym(of: phone)
        let zone = policy.consent.zone(forCountryCode: phone.countryCode)
        let since = now - policy.consent.longestWindow
        // Read, decide, record the attempt and audit in one transaction: racing dialers cannot both be allowed.
        return try catalog.write("cannot record a call attempt") { tx in
            let record = try tx.consent.state(subject: subject, since: since)
            // The claim's time is taken once the number is locked, and is never before an attempt
            // already recorded: a racing claim that read the clock first, or a node whose clock is
            // behind, still sees the attempt the winner recorded (an attempt after the decision
            // time would not count against it).
            let time = max(now, record.attempts.max() ?? .distantPast)
            let decision = policy.consent.decide(
                ConsentState(optedOutAt: record.optedOutAt, blacklisted: record.blacklistedAt != nil, tag: record.tag,
                             grantedPurposes: record.grantedPurposes, attempts: record.attempts),
                purpose: purpose, at: time, zone: zone)
            if decision.allowed { try tx.consent.recordAttempt(subject: subject, purpose: purpose, at: time) }
            try tx.appendAudit([auditLog.rowMaker(for: draft(.consentClaim, actor: actor, target: subject, outcome: decision.allowed ? .ok : .denied,
                                                             detail: ["purpose": purpose, "reasons": decision.reasons.map(\.rawValue).joined(separator: ",")]))])
            return decision
        }
    }

    /// A plain check (no claim, nothing recorded, no actor needed): the catalog's consent readers.
    func plainCheck(phone: PhoneNumber, purpose: String, at: Date?) throws -> ConsentDecision {
        try consentDecision(phone: phone, purpose: purpose, at: at) { try catalog.consentRecord(subject: $0, since: $1) }
    }

    /// The decision of a plain check, with the number's state read by `read(subject, since)`
    /// (the catalog, or a `ConsentChecker`'s snapshot reader).
    func consentDecision(phone: PhoneNumber, purpose: String, at: Date?,
                         read: (_ subject: String, _ since: Date) throws -> ConsentRecord) throws -> ConsentDecision {
        try refuseIfFenced()
        try requirePurpose(purpose)
        let time = at ?? now
        let record = try read(pseudonym(of: phone), time - policy.consent.longestWindow)
        return policy.consent.decide(ConsentState(optedOutAt: record.optedOutAt, blacklisted: record.blacklistedAt != nil, tag: record.tag,
                                                  grantedPurposes: record.grantedPurposes, attempts: record.attempts),
                                     purpose: purpose, at: time, zone: policy.consent.zone(forCountryCode: phone.countryCode))
    }

    /// Screens many numbers for one purpose at once (no claims, nothing recorded), from one
    /// snapshot of the catalog. Returns one decision per number, in order.
    package func screen(_ phones: [PhoneNumber], purpose: String, at: Date? = nil) throws -> [ConsentDecision] {
        try refuseIfFenced()
        try requirePurpose(purpose)
        let time = at ?? now
        let consent = policy.consent
        return try catalog.consentRecords(subjects: phones.map(pseudonym(of:)), since: time - consent.longestWindow) { index, record in
            consent.decide(ConsentState(optedOutAt: record.optedOutAt, blacklisted: record.blacklistedAt != nil, tag: record.tag,
                                        grantedPurposes: record.grantedPurposes, attempts: record.attempts),
                           purpose: purpose, at: time, zone: consent.zone(forCountryCode: phones[index].countryCode))
        }
    }

    /// The consent grant rows that do not authenticate: inserted or altered outside the vault.
    func forgedConsentGrants() throws -> [ConsentGrantRow] {
        var forged: [ConsentGrantRow] = []
        try catalog.forEachConsentGrant { if !rows.authentic($0) { forged.append($0) } }
        return forged
    }

    /// Imports authorisations in bulk (e.g. from a CRM), in transactions of 100,000 numbers,
    /// audited as one `consent.grant` entry with the count and source. For large imports the
    /// numbers' sealed copies are not made (their pseudonyms are what checks need).
    package func importConsents(_ phones: [PhoneNumber], purposes: [String], source: String, actor: VaultActor) throws {
        for purpose in purposes { try requirePurpose(purpose) }
        var start = 0
        let at = RowAuthenticator.wholeMilliseconds(now)
        while start < phones.count {
            let slice = phones[start..<min(start + 100_000, phones.count)]
            let numbers = slice.map { (subject: pseudonym(of: $0), purposes: purposes) }
            try catalog.write("cannot import consents") { tx in try tx.consent.importGrants(numbers, source: source, at: at, seal: rows.grantSealer) }
            start += slice.count
        }
        try logAudit(.consentGrant, actor: actor, target: nil, detail: ["imported": "\(phones.count)", "purposes": purposes.joined(separator: ","), "source": source])
    }
}
