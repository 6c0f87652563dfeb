import Foundation
import Testing
@testable import VaultStore
import VaultTestSupport

@Suite("Consent snapshot reader")
struct ConsentSnapshotReaderTests {
    let tmp = TemporaryDirectory()
    static let since = Date(timeIntervalSince1970: 0)

    @Test("keeps its snapshot while nothing is committed, and every check sees each commit of another connection at once")
    func freshAcrossConnections() throws {
        let url = tmp.path("c.sqlite")
        let catalog = try Catalog(url: url, create: true)
        let other = try Catalog(url: url)  // its own pool: its own connections
        try catalog.importConsents([(subject: "s", purposes: ["p0"])], source: "test", at: Date(), seal: { _ in Data() })
        let reader = try #require(catalog.makeConsentSnapshotReader(maximumHold: .seconds(60)))
        #expect(try reader.consentRecord(subject: "s", since: Self.since).grantedPurposes == ["p0"])
        #expect(try reader.consentRecord(subject: "s", since: Self.since).grantedPurposes == ["p0"])
        #expect(reader.holdsSnapshot)
        for i in 1...200 {
            let writer = i.isMultiple(of: 2) ? catalog : other
            try writer.importConsents([(subject: "s", purposes: ["p\(i)"])], source: "test", at: Date(), seal: { _ in Data() })
            let purposes = try reader.consentRecord(subject: "s", since: Self.since).grantedPurposes
            #expect(purposes.count == i + 1 && purposes.contains("p\(i)"), "after commit \(i): \(purposes.count) purposes")
            #expect(try reader.consentRecord(subject: "s", since: Self.since) == catalog.consentRecord(subject: "s", since: Self.since))
        }
    }

    @Test("sees a commit made by another process at once, and lets a checkpoint finish once released")
    func otherProcessAndCheckpoint() throws {
        let url = tmp.path("c.sqlite")
        let catalog = try Catalog(url: url, create: true)
        try catalog.importConsents([(subject: "s", purposes: ["p0"])], source: "test", at: Date(), seal: { _ in Data() })
        let reader = try #require(catalog.makeConsentSnapshotReader(maximumHold: .seconds(60)))
        #expect(try reader.consentRecord(subject: "s", since: Self.since).grantedPurposes == ["p0"])
        #expect(reader.holdsSnapshot)

        func python(_ script: String) throws -> String {
            let result = try Subprocess.run("/usr/bin/python3", ["-c", script, url.path])
            #expect(result.status == 0)
            return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        _ = try python("""
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1], timeout=10)
            db.execute("INSERT INTO consent_grants (subject, purpose, source, evidence, granted_at) VALUES ('s', 'from-python', 'x', 'x', '2026-01-01 00:00:00.000')")
            db.commit()
            """)
        #expect(try reader.consentRecord(subject: "s", since: Self.since).grantedPurposes == ["p0", "from-python"])
        #expect(reader.holdsSnapshot)

        // A held snapshot keeps a truncating checkpoint from finishing; released, it finishes.
        let checkpoint = """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1], timeout=0)
            print(db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0])
            """
        #expect(try python(checkpoint) == "1")
        reader.releaseSnapshot(heldLongerThan: .zero)
        #expect(!reader.holdsSnapshot)
        #expect(try python(checkpoint) == "0")
        #expect(try reader.consentRecord(subject: "s", since: Self.since).grantedPurposes == ["p0", "from-python"])
    }

    @Test("a snapshot is not kept longer than its maximum hold")
    func maximumHold() throws {
        let catalog = try Catalog(url: tmp.path("c.sqlite"), create: true)
        let reader = try #require(catalog.makeConsentSnapshotReader(maximumHold: .milliseconds(20)))
        _ = try reader.consentRecord(subject: "s", since: Self.since)
        #expect(reader.holdsSnapshot)
        reader.releaseSnapshot(heldLongerThan: .seconds(10))
        #expect(reader.holdsSnapshot)
        Thread.sleep(forTimeInterval: 0.05)
        reader.releaseSnapshot(heldLongerThan: .milliseconds(20))
        #expect(!reader.holdsSnapshot)
    }

    @Test("making a snapshot reader keeps this process's hold on the WAL index, so no other process can reset it")
    func keepsSharedMemoryLock() throws {
        let url = tmp.path("c.sqlite")
        let catalog = try Catalog(url: url, create: true)
        let reader = try #require(catalog.makeConsentSnapshotReader())
        _ = try reader.consentRecord(subject: "s", since: Self.since)
        // SQLite's "dead man switch" byte of the -shm file (offset 128): every process with the
        // database open holds it shared; a process that can lock it exclusively believes it is
        // the only one and resets the file. Opening and closing the file in this process would
        // have dropped this process's hold (POSIX locks go with any close).
        let result = try Subprocess.run("/usr/bin/python3", ["-c", """
            import fcntl, os, sys
            fd = os.open(sys.argv[1], os.O_RDWR)
            try:
                fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, 128)
                print("free")
            except OSError:
                print("held")
            """, url.path + "-shm"])
        #expect(result.stdout == "held\n")
        _ = try reader.consentRecord(subject: "s", since: Self.since)
    }
}
