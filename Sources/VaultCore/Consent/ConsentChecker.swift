public import Foundation
public import VaultBase
public import VaultPolicy
import VaultStore

/// Plain consent checks for one thread, from the catalog's `ConsentPointReader`: the answers of
/// `Vault.checkConsent(phone:purpose:at:claim:actor:)` without a claim, while a run of checks
/// shares one read transaction as long as the catalog has not changed (so never an older state).
///
/// Not `Sendable`: the server keeps one per event loop and calls `releaseSnapshot` from that
/// loop's timer.
public final class ConsentChecker {
    private let vault: Vault
    private let reader: any ConsentPointReader

    init?(vault: Vault, maximumHold: Duration) {
        guard let reader = vault.catalog.makeConsentPointReader(maximumHold: maximumHold) else { return nil }
        self.vault = vault
        self.reader = reader
    }

    /// Whether `phone` may be called for `purpose` at `at` (default now); changes nothing.
    public func check(phone: PhoneNumber, purpose: String, at: Date? = nil) throws -> ConsentDecision {
        try vault.consentDecision(phone: phone, purpose: purpose, at: at) { try reader.consentRecord(subject: $0, since: $1) }
    }

    /// Lets go of a snapshot held longer than `age`, so an idle checker does not hold back
    /// checkpoints.
    public func releaseSnapshot(heldLongerThan age: Duration) {
        reader.releaseSnapshot(heldLongerThan: age)
    }
}

extension Vault {
    /// A checker for one thread whose checks share a read transaction while nothing changes
    /// (see `ConsentChecker`); a snapshot is kept at most `maximumHold`. Nil when its reader
    /// cannot be opened (use `checkConsent`).
    public func makeConsentChecker(maximumHold: Duration = .milliseconds(50)) -> ConsentChecker? {
        ConsentChecker(vault: self, maximumHold: maximumHold)
    }
}
