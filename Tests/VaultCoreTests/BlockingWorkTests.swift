import Foundation
import Testing
@testable import VaultCore

/// Counts the jobs running at once and the most seen.
private final class Gauge: @unchecked Sendable {
    // Safe to share: both fields are read and written with `lock` held.
    private let lock = NSLock()
    private var now = 0, highest = 0
    func enter() { lock.withLock { now += 1; highest = max(highest, now) } }
    func leave() { lock.withLock { now -= 1 } }
    var peak: Int { lock.withLock { highest } }
}

/// Blocks its waiters until opened.
private final class Gate: @unchecked Sendable {
    // Safe to share: `isOpen` is read and written with `condition` locked.
    private let condition = NSCondition()
    private var isOpen = false
    func wait() { condition.lock(); while !isOpen { condition.wait() }; condition.unlock() }
    func open() { condition.lock(); isOpen = true; condition.broadcast(); condition.unlock() }
}

@Suite("The blocking pool")
struct BlockingWorkTests {
    @Test("blocking work runs on a bounded pool: never more jobs at once than its threads, the rest queue and all finish")
    func bounded() async throws {
        let running = Gauge()
        let jobs = BlockingWork.threadCount * 3
        let results = try await withThrowingTaskGroup(of: Int.self) { group in
            for i in 0..<jobs {
                group.addTask {
                    try await BlockingWork.run {
                        running.enter()
                        usleep(20_000)  // blocks its thread, as a fsync would
                        running.leave()
                        return i
                    }
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(results.sorted() == Array(0..<jobs))
        let peak = running.peak
        #expect(peak <= BlockingWork.threadCount)
        #expect(peak > 1)  // and it does run work side by side
    }

    @Test("a long job runs on a thread of its own: it finishes while every pool thread is busy", .timeLimit(.minutes(1)))
    func longJobs() async throws {
        let gate = Gate()
        let blockers = Task {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<BlockingWork.threadCount {
                    group.addTask {
                        try await BlockingWork.run { gate.wait() }
                    }
                }
                try await group.waitForAll()
            }
        }
        try await Task.sleep(for: .milliseconds(100))  // the pool's threads are taken by now
        // It completes although every pool thread waits (and so cannot be running it).
        let name = try await BlockingWork.runLong("callvault-test-long") { Thread.current.name ?? "" }
        #expect(!name.hasPrefix("TP-#"))  // not one of NIOThreadPool's threads
        gate.open()
        try await blockers.value
    }

    @Test("an error thrown on the pool reaches the caller")
    func errors() async {
        struct Boom: Error {}
        await #expect(throws: Boom.self) { try await BlockingWork.run { throw Boom() } }
    }
}
