import Foundation
import Logging
import Synchronization
import Testing
import VaultBase
import VaultPostgres
import VaultStore
import VaultTestSupport

/// PostgreSQL killed (immediate shutdown, as a crash) and started again while two catalog
/// handles append to the audit chain. `Tools/test` runs it in its phase of its own
/// (`CALLVAULT_FAULT_TESTS=1`): it restarts the server every other test of the process shares.
@Suite("PostgreSQL catalog while the server restarts", .serialized,
       .enabled(if: ProcessInfo.processInfo.environment["CALLVAULT_FAULT_TESTS"] == "1", "a phase of its own: Tools/test sets CALLVAULT_FAULT_TESTS=1"))
struct PostgresFaultTests {
    @Test func appendsSurviveARestartWithClearErrorsAndOneChain() async throws {
        try await OffPool.run { try Self.appendsAcrossARestart() }
    }

    static func appendsAcrossARestart() throws {
        let database = try TestPostgres.database("faults")
        let location = try PostgresLocation(parsing: database.location)
        let log = CapturedLog()
        let nodes = try (0..<2).map { n in
            try PostgresCatalog(location: location, password: database.password, create: n == 0, statementTimeout: .seconds(5), logger: log.logger)
        }
        let appended = Mutex([Int64]())
        let failures = Mutex([String]())
        let stop = Mutex(false)
        let workers = (0..<2).map { n in
            Thread {
                var k = 0
                while !stop.withLock({ $0 }) {
                    do {
                        let rows = try nodes[n].appendAudit([CatalogBehaviourTests.entry("n\(n).\(k)")])
                        appended.withLock { $0 += rows.map(\.seq) }
                    } catch {
                        failures.withLock { $0.append("\(error)") }
                        Thread.sleep(forTimeInterval: 0.05)
                    }
                    k += 1
                }
            }
        }
        for worker in workers { worker.start() }
        Thread.sleep(forTimeInterval: 0.5)
        try TestPostgres.restart(downSeconds: 1.5)
        Thread.sleep(forTimeInterval: 1.0)
        stop.withLock { $0 = true }
        while workers.contains(where: \.isExecuting) { Thread.sleep(forTimeInterval: 0.05) }

        let seqs = appended.withLock { $0 }.sorted()
        let count = try nodes[1].auditCount()
        // Every append that returned is in the chain once; the chain has no gap and no fork.
        #expect(Set(seqs).count == seqs.count)
        let rows = try nodes[0].auditRows(AuditFilter())
        #expect(rows.map(\.seq) == Array(1...count))
        #expect(Set(seqs).isSubset(of: Set(rows.map(\.seq))))
        var previous = [UInt8](repeating: 0, count: 32)
        for row in rows {
            #expect(row.leafHash == Data(previous.enumerated().map { UInt8(truncatingIfNeeded: Int($1) + Int(row.seq) + $0) }))
            previous = Array(row.leafHash)
        }
        // Appends went on after the restart, and what failed meanwhile said why in one line.
        #expect(seqs.count > 10 && count >= Int64(seqs.count))
        // While the server was down, opening a connection waited for it, and warned that it did.
        let retries = log.entries.filter { $0.message == PostgresCatalog.connectRetryMessage }
        #expect(retries.contains { $0.level == .warning }, "\(log.entries.map(\.message))")
        for failure in failures.withLock({ $0 }) {
            #expect(failure.hasPrefix("cannot write the audit log: ") && !failure.contains("\n"), "\(failure)")
        }
    }
}
