import Foundation
import Logging
import Testing
@testable import VaultAudit
import VaultBase
import VaultCrypto
import VaultStore
import VaultTestSupport

/// An audit log over a real SQLite catalog in a temp directory, and an attacker with direct
/// access to that file.
final class TestLog: @unchecked Sendable {
    let tmp = TemporaryDirectory("callvault-audit")
    let clock = ManualClock(Date(timeIntervalSince1970: 1_772_357_400))
    let key = try! Ed25519PrivateKey.generate()
    let catalog: Catalog
    var databasePath: String { tmp.path("catalog.sqlite").path }

    /// Where the latest signed tree head is kept outside the catalog (in the vault: the key
    /// store); nil for a log that keeps none.
    let head: FileTreeHead?

    init(keepsHead: Bool = false) {
        catalog = try! Catalog(url: tmp.path("catalog.sqlite"), create: true)
        head = keepsHead ? FileTreeHead(url: tmp.path("head.note")) : nil
    }

    /// A log as a freshly opened vault sees it; with `lease`, as one node of several.
    func log(lease: (any LeaderLease)? = nil) -> AuditLog {
        AuditLog(catalog: catalog, origin: "callvault/test", signer: key, clock: clock, head: head, lease: lease,
                 logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
    }

    /// Appends `count` varied entries, a second apart.
    @discardableResult
    func fill(_ count: Int) throws -> [AuditEntry] {
        let log = log()
        return try (0..<count).map { i in
            clock.advance(by: 1)
            return try log.append(AuditDraft(actor: i % 2 == 0 ? "alice" : "bob", authentication: "local",
                                             action: i % 3 == 0 ? .recordingAudioExport : .recordingIngest,
                                             target: "rec-\(i % 4)", detail: ["n": "\(i)"]))
        }
    }

    /// Runs Python with `db` connected to the catalog and the append-only triggers dropped,
    /// as an attacker with write access to the vault's files would.
    func attack(_ code: String) throws {
        let script = """
            import sqlite3, hashlib, json, sys
            db = sqlite3.connect(sys.argv[1])
            db.executescript("DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete;"
                             "DROP TRIGGER IF EXISTS audit_checkpoints_no_update; DROP TRIGGER IF EXISTS audit_checkpoints_no_delete;")
            def leaf(b): return hashlib.sha256(b"\\x00" + b).digest()
            def rechain(rows):
                # rows: (at, actor, auth, action, target, outcome, entry dict) in the new order
                db.execute("DELETE FROM audit_log")
                prev = bytes(32)
                for seq, (at, actor, auth, action, target, outcome, e) in enumerate(rows, 1):
                    e["seq"] = seq; e["prev"] = prev.hex()
                    b = json.dumps(e, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
                    prev = leaf(b)
                    db.execute("INSERT INTO audit_log VALUES (?,?,?,?,?,?,?,?,?)", (seq, at, actor, auth, action, target, outcome, b, prev))
            def rows():
                return [(r[0], r[1], r[2], r[3], r[4], r[5], json.loads(r[6])) for r in
                        db.execute("SELECT at, actor, auth, action, target, outcome, entry FROM audit_log ORDER BY seq")]
            \(code)
            db.commit()
            """
        let result = try Subprocess.run("python3", ["-c", script, databasePath])
        precondition(result.status == 0, result.stderr)
    }

    /// Verification's error, or nil when the log verifies.
    func failure(against external: Checkpoint? = nil) -> AuditError? {
        do {
            _ = try log().verify(against: external)
            return nil
        } catch let error as AuditError {
            return error
        } catch {
            Issue.record("unexpected \(error)")
            return nil
        }
    }
}

/// A tree head kept in a plain file, out of the attacker's reach in these tests.
struct FileTreeHead: TreeHeadStore {
    let url: URL
    func load() throws -> String? { try? String(contentsOf: url, encoding: .utf8) }
    func store(_ note: String) throws { try note.write(to: url, atomically: true, encoding: .utf8) }
}

@Suite("Audit log: chain, checkpoints, group commit")
struct AuditLogTests {
    @Test("entries chain from a zero hash, verify, and filter")
    func appendAndVerify() throws {
        let t = TestLog()
        let entries = try t.fill(12)
        #expect(entries.map(\.seq) == Array(1...12))
        #expect(entries[0].prev == String(repeating: "0", count: 64))
        #expect(entries[1].prev == MerkleTree.leafHash(entries[0].canonicalBytes).hexString)
        let result = try t.log().verify()
        #expect(result.entries == 12)
        #expect(result.rootHash == MerkleTree.root(entries.map { MerkleTree.leafHash($0.canonicalBytes) }[...]))
        let log = t.log()
        #expect(try log.entries(AuditFilter(actor: "bob")).map(\.seq) == [2, 4, 6, 8, 10, 12])
        #expect(try log.entries(AuditFilter(action: "recording.audio.export")).map(\.seq) == [1, 4, 7, 10])
        #expect(try log.entries(AuditFilter(target: "rec-1")).map(\.seq) == [2, 6, 10])
        #expect(try log.entries(AuditFilter(since: entries[3].time, until: entries[6].time)).map(\.seq) == [4, 5, 6])
        #expect(try log.canonicalEntries().map { Array($0) } == entries.map(\.canonicalBytes))
    }

    @Test("a checkpoint is written when the log grows and the last one is a minute old")
    func checkpointCadence() throws {
        let t = TestLog()
        try t.fill(1)
        #expect(try t.catalog.checkpoints().map(\.treeSize) == [1])
        try t.fill(5)  // five seconds later: not due yet
        #expect(try t.catalog.checkpoints().map(\.treeSize) == [1])
        t.clock.advance(by: 60)
        try t.fill(1)
        #expect(try t.catalog.checkpoints().map(\.treeSize) == [1, 7])
        #expect(try t.log().latestCheckpoint()?.treeSize == 7)
        #expect(try t.log().verify().checkpointsChecked == 2)
    }

    /// A leader lease held or not as a test says, counting the times it was asked.
    final class TestLease: LeaderLease, @unchecked Sendable {
        var held: Bool
        var asked = 0
        init(held: Bool) { self.held = held }
        func holdsLeaderLease() throws -> Bool {
            asked += 1
            return held
        }
        func releaseLeaderLease() {}
    }

    @Test("in a cluster, only the lease's holder signs checkpoints when due; the others read the holder's and ask again a minute later")
    func checkpointsOnTheLeaseHolderOnly() throws {
        let t = TestLog()
        let lease = TestLease(held: false)
        let follower = t.log(lease: lease)
        for i in 0..<3 {
            t.clock.advance(by: 1)
            try follower.append(AuditDraft(actor: "node-b", authentication: "local", action: .recordingIngest, target: "rec-\(i)"))
        }
        #expect(try t.catalog.checkpoints().isEmpty, "a node without the lease signs nothing when a checkpoint is due")
        #expect(lease.asked == 1, "refused, it does not ask again at every append")

        let leader = t.log(lease: TestLease(held: true))
        leader.checkpointIfDue()
        #expect(try t.catalog.checkpoints().map(\.treeSize) == [3], "the holder signs")

        t.clock.advance(by: 61)
        lease.held = true  // the leader died; this node now holds the lease
        try follower.append(AuditDraft(actor: "node-b", authentication: "local", action: .recordingIngest, target: "rec-3"))
        #expect(try t.catalog.checkpoints().map(\.treeSize) == [3, 4], "the new holder signs, extending the old holder's checkpoint")
        #expect(try t.log().verify().checkpointsChecked == 2)

        // Another node's fresh checkpoint, read again, makes one that looked due not due.
        t.clock.advance(by: 61)
        try t.log(lease: TestLease(held: true)).append(AuditDraft(actor: "node-a", authentication: "local", action: .recordingIngest, target: "rec-4"))
        let asked = lease.asked
        try follower.append(AuditDraft(actor: "node-b", authentication: "local", action: .recordingIngest, target: "rec-5"))
        #expect(try t.catalog.checkpoints().map(\.treeSize) == [3, 4, 5], "no second checkpoint within the minute of another node's")
        #expect(lease.asked == asked, "the lease is not asked for a checkpoint that is not due")
    }

    @Test("concurrent appenders get contiguous sequence numbers, no duplicates, one chain")
    func concurrentAppends() async throws {
        let t = TestLog()
        let log = t.log()
        try await withThrowingTaskGroup(of: [Int64].self) { group in
            for writer in 0..<8 {
                group.addTask {
                    try await withCheckedThrowingContinuation { continuation in
                        Thread.detachNewThread {
                            continuation.resume(with: Result {
                                try (0..<100).map { i in
                                    try log.append(AuditDraft(actor: "w\(writer)", authentication: "token", action: .recordingIngest,
                                                              target: "\(i)")).seq
                                }
                            })
                        }
                    }
                }
            }
            var all = [Int64]()
            for try await seqs in group { all += seqs }
            #expect(all.sorted() == Array(1...800))
        }
        #expect(try log.verify().entries == 800)
    }

    @Test("an inclusion proof of every entry verifies against the signed checkpoint; a doctored one does not")
    func inclusionProofs() throws {
        let t = TestLog()
        try t.fill(9)
        let log = t.log()
        #expect(try log.inclusionProof(seq: 1).treeSize == 1)  // the latest checkpoint (size 1) covers entry 1
        #expect(try log.inclusionProof(seq: 2).treeSize == 9)  // entry 2 needs a new checkpoint
        for seq in Int64(1)...9 {
            let proof = try log.inclusionProof(seq: seq)
            #expect(proof.treeSize == 9)
            try proof.verify(publicKey: t.key.publicKey)
        }
        var doctored = try log.inclusionProof(seq: 4)
        doctored.auditPath[0] = String(repeating: "ab", count: 32)
        #expect(throws: AuditError.self) { try doctored.verify(publicKey: t.key.publicKey) }
        var moved = try log.inclusionProof(seq: 4)
        moved.leafIndex = 5
        #expect(throws: AuditError.self) { try moved.verify(publicKey: t.key.publicKey) }
        #expect(throws: AuditError.self) { try log.inclusionProof(seq: 4).verify(publicKey: try Ed25519PrivateKey.generate().publicKey) }
        #expect((#expect(throws: AuditError.self) { try log.inclusionProof(seq: 99) })?.code == .notFound)
    }
}

@Suite("Audit log: tampering with the SQLite file is detected and located")
struct AuditTamperTests {
    /// A log of 12 entries with a stored checkpoint at 10 (the last two unsigned).
    func signedLog() throws -> TestLog {
        let t = TestLog()
        try t.fill(9)
        t.clock.advance(by: 120)
        try t.fill(1)  // entry 10 triggers a checkpoint at size 10
        try t.fill(2)
        #expect(try t.catalog.checkpoints().map(\.treeSize).last == 10)
        return t
    }

    @Test("an entry's content edited in place")
    func modifiedContent() throws {
        let t = try signedLog()
        try t.attack(#"db.execute("UPDATE audit_log SET entry = replace(entry, '\"n\":\"4\"', '\"n\":\"7\"') WHERE seq = 5")"#)
        let error = try #require(t.failure())
        #expect(error.code == .tampered)
        #expect(error.message == "entry 5 was modified: its content no longer matches its recorded hash")
    }

    @Test("an entry edited with its leaf hash recomputed breaks the chain at the next entry")
    func modifiedWithHash() throws {
        let t = try signedLog()
        try t.attack("""
            e = db.execute("SELECT entry FROM audit_log WHERE seq = 5").fetchone()[0].replace(b'"n":"4"', b'"n":"7"')
            db.execute("UPDATE audit_log SET entry = ?, leaf_hash = ? WHERE seq = 5", (e, leaf(e)))
            """)
        let error = try #require(t.failure())
        #expect(error.code == .tampered)
        #expect(error.message.contains("between entries 5 and 6"))
    }

    @Test("a deleted entry is named")
    func deleted() throws {
        let t = try signedLog()
        try t.attack(#"db.execute("DELETE FROM audit_log WHERE seq = 7")"#)
        #expect(t.failure()?.message == "entries 7–7 are missing: deleted from the log")
    }

    @Test("two entries swapped are found out of order")
    func reordered() throws {
        let t = try signedLog()
        try t.attack("""
            a, b = [db.execute("SELECT entry, leaf_hash FROM audit_log WHERE seq = ?", (s,)).fetchone() for s in (4, 5)]
            db.execute("UPDATE audit_log SET entry = ?, leaf_hash = ? WHERE seq = 4", b)
            db.execute("UPDATE audit_log SET entry = ?, leaf_hash = ? WHERE seq = 5", a)
            """)
        let error = try #require(t.failure())
        #expect(error.code == .tampered)
        #expect(error.message.contains("entries 3 and 4"))
    }

    @Test("an entry inserted and the whole chain rebuilt is caught by the signed checkpoint")
    func insertedAndRechained() throws {
        let t = try signedLog()
        try t.attack("""
            r = rows()
            forged = dict(r[2][6]); forged["target"] = "rec-forged"
            r.insert(3, (r[2][0], r[2][1], r[2][2], r[2][3], "rec-forged", r[2][5], forged))
            rechain(r)
            """)
        let error = try #require(t.failure())
        #expect(error.code == .tampered)
        // The checkpoint at size 1 still matches, so the change is placed after it.
        #expect(error.message.hasPrefix("entries 2–10 differ from what the stored checkpoint at size 10 signed"))
    }

    @Test("a filter column edited without its entry is caught")
    func editedColumn() throws {
        let t = try signedLog()
        try t.attack(#"db.execute("UPDATE audit_log SET actor = 'mallory' WHERE seq = 3")"#)
        #expect(t.failure()?.message == "entry 3: its filter columns (time, actor, action, target or outcome) were edited")
    }

    @Test("cutting signed entries off the end is truncation")
    func truncatedSigned() throws {
        let t = try signedLog()
        try t.attack(#"db.execute("DELETE FROM audit_log WHERE seq >= 9")"#)
        let error = try #require(t.failure())
        #expect(error.code == .truncated)
        #expect(error.message.contains("entries 9–10 were cut off"))
    }

    @Test("cutting the unsigned tail is caught by a checkpoint kept elsewhere")
    func truncatedTail() throws {
        let t = try signedLog()
        let kept = try t.log().checkpoint()  // the auditor's copy, size 12
        try t.attack(#"db.execute("DELETE FROM audit_log WHERE seq >= 11"); db.execute("DELETE FROM audit_checkpoints WHERE tree_size > 10")"#)
        #expect(t.failure() == nil)  // the vault alone cannot tell: those entries were never signed in it
        let error = try #require(t.failure(against: kept))
        #expect(error.code == .truncated)
    }

    @Test("a rewritten log with its checkpoints deleted fails against a checkpoint kept elsewhere")
    func rewrittenHistory() throws {
        let t = try signedLog()
        let kept = try t.log().checkpoint()
        try t.attack("""
            r = rows()
            del r[1]
            rechain(r)
            db.execute("DELETE FROM audit_checkpoints")
            """)
        #expect(t.failure() == nil)
        let error = try #require(t.failure(against: kept))
        #expect(error.code == .truncated || error.code == .tampered)
    }

    @Test("a forged stored checkpoint is caught")
    func forgedCheckpoint() throws {
        let t = try signedLog()
        try t.attack(#"db.execute("UPDATE audit_checkpoints SET note = replace(note, char(10) || '10' || char(10), char(10) || '11' || char(10))")"#)
        let error = try #require(t.failure())
        #expect(error.code == .tampered)
        #expect(error.message.contains("no valid signature"))
    }

    @Test("the log extends an older checkpoint with a consistency proof")
    func extendsOlder() throws {
        let t = try signedLog()
        let old = try #require(try t.log().latestCheckpoint())
        try t.fill(5)
        let result = try t.log().verify(against: old)
        #expect(result.entries == 17)
        #expect(result.extends == old)
        #expect(!result.consistencyProof.isEmpty)
    }
}

@Suite("Audit log: the tree head kept outside the catalog")
struct KeptTreeHeadTests {
    /// 12 entries, signed at 12, with the head kept outside the catalog.
    func keptLog() throws -> TestLog {
        let t = TestLog(keepsHead: true)
        try t.fill(12)
        let checkpoint = try t.log().checkpoint()
        #expect(try t.head?.load() == checkpoint.note)
        return t
    }

    func checkpointFailure(_ t: TestLog) -> AuditError? {
        do { _ = try t.log().checkpoint(); return nil } catch { return error as? AuditError }
    }

    @Test("entries cut off the end with the checkpoints above them: truncation, and nothing new is signed")
    func truncatedWithCheckpoints() throws {
        let t = try keptLog()
        try t.attack(#"db.execute("DELETE FROM audit_log WHERE seq >= 11"); db.execute("DELETE FROM audit_checkpoints")"#)
        let error = try #require(t.failure())
        #expect(error.code == .truncated && error.message.contains("the tree head kept in the key store signed 12"))
        #expect(checkpointFailure(t)?.code == .truncated)
        // Growing the log back past the head does not help: its first 12 entries are not the signed ones.
        try t.fill(3)
        #expect(t.failure()?.code == .tampered)
        #expect(checkpointFailure(t)?.code == .tampered)
    }

    @Test("an entry deleted, the chain rebuilt and the checkpoints deleted: the vault itself names it")
    func rewrittenAndRechained() throws {
        let t = try keptLog()
        try t.fill(2)
        try t.attack("""
            r = rows()
            del r[3]
            rechain(r)
            db.execute("DELETE FROM audit_checkpoints")
            """)
        let error = try #require(t.failure())
        #expect(error.code == .tampered && error.message.contains("no longer hash to the root kept in the key store"))
        #expect(checkpointFailure(t)?.code == .tampered)
    }

    @Test("a clean log extends its kept head, and each checkpoint moves it on")
    func cleanLogMovesTheHead() throws {
        let t = try keptLog()
        try t.fill(5)
        let result = try t.log().verify()
        #expect(result.keptHeadSize == 12 && result.entries == 17)
        let next = try t.log().checkpoint()
        let stored = try t.head?.load()
        #expect(next.treeSize == 17 && stored == next.note)
    }

    @Test("a kept head that is not this vault's signature is refused")
    func forgedHead() throws {
        let t = try keptLog()
        try t.head?.store("callvault/test\n12\nAAAA\n\n— forged\n")
        #expect(t.failure()?.code == .tampered)
    }
}
