import Dispatch

/// Runs blocking C and file work on a Dispatch thread, off Swift's cooperative pool, and
/// resumes the caller when it is done. The pool has only as many threads as cores; a libopus
/// encode or an fsync on it would stall every other task.
public enum BlockingWork {
    /// Runs `body` on a global Dispatch queue and returns its result.
    @discardableResult
    public static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async {
                continuation.resume(with: Result { try body() })
            }
        }
    }
}
