import Foundation

/// A thread of its own for one long job that blocks (an upload's decode and encode, its pipe
/// writes), run one closure at a time in order. `BlockingWork` shares a few threads between
/// every short blocking call (a SQLite write, an fsync); a job that can block for minutes must
/// never hold one of them, or claims and opt-outs wait behind it.
public final class DedicatedThread: @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [() -> Void] = []  // guarded by `condition`
    private var closed = false

    /// Starts the thread, named `name` (as `top` and a debugger show it).
    public init(name: String) {
        let thread = Thread { [condition] in
            while true {
                condition.lock()
                while self.jobs.isEmpty && !self.closed { condition.wait() }
                if self.jobs.isEmpty { condition.unlock(); return }
                let job = self.jobs.removeFirst()
                condition.unlock()
                job()
            }
        }
        thread.name = name
        thread.start()
    }

    /// Runs `body` on the thread after what was queued before it, and returns its result.
    public func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            condition.lock()
            defer { condition.unlock() }
            guard !closed else {
                continuation.resume(throwing: CancellationError())
                return
            }
            jobs.append { continuation.resume(with: Result { try body() }) }
            condition.signal()
        }
    }

    /// Lets the thread end once the queued closures have run.
    public func close() {
        condition.lock()
        closed = true
        condition.signal()
        condition.unlock()
    }
}
