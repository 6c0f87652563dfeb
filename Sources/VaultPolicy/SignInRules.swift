public import Foundation

/// The console's sign-in rules, as pure decisions: when an account is locked out, what a failed
/// attempt does to it, and whether a password may be set. I/O (the account row, the audit entry)
/// is VaultCore's; this type decides.
public struct SignInRules: Sendable, Equatable {
    /// Failed attempts (password or code) in a row that lock the account.
    public var maximumFailures: Int
    /// How long a lock-out lasts.
    public var lockOut: TimeInterval
    /// The shortest password accepted.
    public var minimumPasswordLength: Int

    /// PCI DSS 8.3.4: locked after at most 10 failures, for at least 30 minutes; 8.3.6: 12 characters.
    public static let `default` = SignInRules(maximumFailures: 5, lockOut: 30 * 60, minimumPasswordLength: 12)

    /// Rules with these limits.
    public init(maximumFailures: Int, lockOut: TimeInterval, minimumPasswordLength: Int) {
        self.maximumFailures = maximumFailures
        self.lockOut = lockOut
        self.minimumPasswordLength = minimumPasswordLength
    }

    /// An account's failure count and lock, as stored.
    public struct Attempts: Sendable, Equatable {
        /// Failures since the last success.
        public var failures: Int
        /// Until when sign-in is refused.
        public var lockedUntil: Date?

        /// The counters.
        public init(failures: Int, lockedUntil: Date?) {
            self.failures = failures
            self.lockedUntil = lockedUntil
        }
    }

    /// Whether an account with `attempts` is locked out at `now`.
    public func isLocked(_ attempts: Attempts, now: Date) -> Bool {
        attempts.lockedUntil.map { now < $0 } ?? false
    }

    /// The counters after one more failure at `now`: the `maximumFailures`-th locks the account
    /// for `lockOut` and starts the count again (the next lock-out takes as many failures).
    public func afterFailure(_ attempts: Attempts, now: Date) -> Attempts {
        let failures = attempts.failures + 1
        guard failures >= maximumFailures else { return Attempts(failures: failures, lockedUntil: attempts.lockedUntil) }
        return Attempts(failures: 0, lockedUntil: now.addingTimeInterval(lockOut))
    }

    /// Why `password` may not be set for the account `name`, or nil when it may.
    public func passwordProblem(_ password: String, name: String) -> String? {
        if password.count < minimumPasswordLength { return "a password has at least \(minimumPasswordLength) characters" }
        if password.lowercased().contains(name.lowercased()) { return "a password may not contain the account's name" }
        if Set(password).count < 5 { return "a password needs at least 5 different characters" }
        return nil
    }
}
