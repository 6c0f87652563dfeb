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

    @Test("an error thrown on the pool reaches the caller")
    func errors() async {
        struct Boom: Error {}
        await #expect(throws: Boom.self) { try await BlockingWork.run { throw Boom() } }
    }
}
