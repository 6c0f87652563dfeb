import Dispatch

/// Runs a test's blocking client (a raw socket, a subprocess) on a Dispatch thread of its own.
/// It must not run on the vault's bounded pool (`BlockingWork`): the in-process server it waits
/// for needs that pool to answer, and a few such clients at once would hold every thread.
public enum OffPool {
    /// Runs `body` on a global Dispatch queue and returns its result.
    @discardableResult
    public static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try body() }) }
        }
    }
}
