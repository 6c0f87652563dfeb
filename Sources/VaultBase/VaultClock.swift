public import Foundation

/// The source of "now" for every time rule in callvault.
///
/// Production code takes a clock instead of calling `Date()`, so tests can step past
/// retention periods, rotation deadlines and quiet hours without waiting, and end-to-end
/// runs can move the whole process with `faketime`.
public protocol VaultClock: Sendable {
    /// The current instant.
    func now() -> Date
}

/// The operating system's wall clock.
public struct SystemClock: VaultClock {
    /// Creates the system clock.
    public init() {}
    /// The current instant, from the operating system.
    public func now() -> Date { Date() }
}

/// A clock that stands still until told to move; for tests and simulations.
public final class ManualClock: VaultClock, @unchecked Sendable {
    // Safe to share: every access to `current` goes through `lock`.
    private let lock = NSLock()
    private var current: Date

    /// Creates a clock that reads `start` until it is advanced.
    public init(_ start: Date) { current = start }

    /// The instant the clock currently reads.
    public func now() -> Date { lock.withLock { current } }

    /// Moves the clock forward (or backward, for a negative interval).
    public func advance(by interval: TimeInterval) { lock.withLock { current += interval } }

    /// Sets the clock to an instant.
    public func set(_ date: Date) { lock.withLock { current = date } }
}
