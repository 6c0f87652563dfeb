import Foundation
import Testing
import VaultAudit
import VaultBase
@testable import VaultCore
import VaultCrypto
import VaultPolicy
import VaultStore
import VaultTestSupport

@Suite("Key lifecycle: subject keys, rotation, shredding")
struct KeyLifecycleTests {
    let alice = try! PhoneNumber(parsing: "+8613800000001")
    let bob = try! PhoneNumber(parsing: "+8613800000002")

    /// A vault with two recordings of Alice, one of Bob and one without a subject.
    func populated() throws -> (TestVault, Vault, [RecordingRecord]) {
        let t = TestVault()
        let vault = try t.create()
        let records = try [alice, alice, bob, nil].enumerated().map { index, phone in
            try vault.ingest(IngestRequest(source: try t.wav("r\(index).wav", seconds: 0.3), subject: phone), actor: .tester)
        }
        return (t, vault, records)
    }

    func exportsOK(_ vault: Vault, _ t: TestVault, _ record: RecordingRecord) -> Bool {
        (try? vault.exportAudio(record.id, to: t.tmp.path("\(record.id).opus"), actor: .tester)) != nil
    }

    @Test("data keys are wrapped under one key per subject, kept in the key store")
    func subjectKeys() throws {
        let (t, vault, r) = try populated()
        #expect(r[0].keySubject == r[1].keySubject)
        #expect(r[0].keySubject == vault.pseudonymizer.pseudonym(e164: alice.e164))
        #expect(r[3].keySubject == "anon-\(r[3].id)")
        #expect(r.allSatisfy { $0.kekVersion == 0 })
        #expect(try vault.keyStatus().versions.first?.subjectKeys == 3)
        #expect(FileManager.default.fileExists(atPath: t.keyStoreURL.appendingPathComponent("subject-keys.sqlite").path))
        #expect(!t.files(under: t.vaultURL).contains { $0.lastPathComponent.contains("subject-keys") })
        #expect(r.allSatisfy { exportsOK(vault, t, $0) })
    }

    @Test("rotation rewraps every subject key, retires the old KEK from disk, and old recordings still decrypt")
    func rotation() throws {
        let (t, vault, r) = try populated()
        let result = try vault.rotateKeys(actor: .tester)
        #expect(result.from == 1 && result.to == 2 && result.createdVersion)
        #expect(result.rewrapped == 3)
        #expect(result.retired == [1])
        #expect(!FileManager.default.fileExists(atPath: t.keyStoreURL.appendingPathComponent("kek/0001.key").path))
        let status = try vault.keyStatus()
        #expect(status.versions.map(\.subjectKeys) == [0, 3])
        #expect(status.versions[0].retiredAt != nil)
        #expect(status.versions[1].wrapsSigningKey)
        #expect(!status.rotationUnfinished)
        let reopened = try t.open()
        #expect(r.allSatisfy { exportsOK(reopened, t, $0) })
        #expect(try reopened.verifyKeys(actor: .tester).isClean)
        #expect(try reopened.auditEntries(action: "key.retire").map(\.detail) == [["version": "1"]])
        #expect(try reopened.auditLog.verify().entries > 0)
        // New recordings go under the new version.
        _ = try reopened.ingest(IngestRequest(source: try t.wav("new.wav", seconds: 0.2), subject: try PhoneNumber(parsing: "+8613800000003")), actor: .tester)
        #expect(try reopened.keyStatus().versions.map(\.subjectKeys) == [0, 4])
    }

    @Test("a KEK past its period is rotated before anything new is sealed")
    func rotationEnforced() throws {
        let (t, vault, _) = try populated()
        t.clock.advance(by: 89 * 86_400)
        _ = try vault.ingest(IngestRequest(source: try t.wav("day89.wav", seconds: 0.2)), actor: .tester)
        #expect(try vault.keyStatus().versions.count == 1)
        t.clock.advance(by: 1 * 86_400)  // day 90: the period is over
        _ = try vault.ingest(IngestRequest(source: try t.wav("day90.wav", seconds: 0.2)), actor: .tester)
        let status = try vault.keyStatus()
        #expect(status.versions.map(\.version) == [1, 2])
        #expect(status.versions[1].createdAt == t.clock.now())
        #expect(status.nextRotationDue == t.clock.now() + 90 * 86_400)
        let rotate = try vault.auditEntries(action: "key.rotate")
        #expect(rotate.map(\.actor) == ["callvault-key-rotation"])
    }

    @Test("a stored policy whose rotation period breaks the 90-day rule stops the vault", arguments: [91, 365, 0])
    func periodRefused(days: Int) throws {
        let t = TestVault()
        try t.create()
        try t.sql("INSERT INTO policies (yaml, sha256, applied_at) VALUES (replace((SELECT yaml FROM policies), 'rotation_period_days: 90', 'rotation_period_days: \(days)'), 'x', '2026-01-01')")
        let error = #expect(throws: VaultError.self) { try t.open() }
        #expect(error?.code == .keyPolicy)
        #expect(error?.message.contains("at least every 90 days") == true || days == 0)
    }

    @Test("a shorter rotation period from policy is followed")
    func shorterPeriod() throws {
        let t = TestVault()
        let policy = try VaultPolicy(yaml: VaultPolicy.default.source.replacingOccurrences(of: "rotation_period_days: 90", with: "rotation_period_days: 30"))
        let vault = try Vault.create(t.configuration(), policy: policy, actor: .tester, logger: TestVault.quiet).0
        #expect(try vault.keyStatus().rotationPeriodDays == 30)
        t.clock.advance(by: 30 * 86_400)
        _ = try t.open().ingest(IngestRequest(source: try t.wav("a.wav", seconds: 0.2)), actor: .tester)
        #expect(try t.open().keyStatus().versions.count == 2)
    }

    @Test("a rotation cut off mid-way leaves every key readable, and running it again finishes it")
    func interruptedRotation() throws {
        let (t, vault, r) = try populated()
        // Bulk subject keys so the rewrap spans several batches.
        let (_, kek1) = try vault.keyRing.currentKEK()
        let bulk = try (0..<25_000).map { i -> SubjectKeyStore.Row in
            let subject = String(format: "bulk-%06d", i)
            return .init(subject: subject, kekVersion: 1,
                         wrapped: Data(try kek1.wrap(try SymmetricKey.random(), context: KeyContext.subjectKey(subject: subject, kekVersion: 1))))
        }
        try vault.keyRing.subjects.insertBatch(bulk)
        // Steps 1-3 and one batch of step 4, then the process "dies".
        let (version, kek2, _) = try vault.keyRing.keyStore.preparingKEKVersion()
        try vault.catalog.storeKEKCheck(version: version, checkValue: Data(try kek2.wrap(try SymmetricKey.random(), context: KeyContext.kekCheck(version: version))))
        vault.keyRing.replace(try vault.keyRing.keyStore.activatingKEKVersion(version, createdAt: t.clock.now()))
        let batch = try vault.keyRing.subjects.rows(notUnder: version, afterRowID: 0, limit: 10_000).map(\.row)
        try vault.keyRing.subjects.update(try batch.map { row in
            let key = try kek1.unwrap(Array(row.wrapped), context: KeyContext.subjectKey(subject: row.subject, kekVersion: 1))
            return .init(subject: row.subject, kekVersion: version, wrapped: Data(try kek2.wrap(key, context: KeyContext.subjectKey(subject: row.subject, kekVersion: version))))
        })

        let reopened = try t.open()
        let status = try reopened.keyStatus()
        #expect(status.rotationUnfinished)
        #expect(status.versions.map(\.subjectKeys).reduce(0, +) == 25_003)
        #expect(try reopened.verifyKeys(actor: .tester).isClean)  // readable under one version or the other
        #expect(r.allSatisfy { exportsOK(reopened, t, $0) })
        let finish = try reopened.rotateKeys(actor: .tester)
        #expect(!finish.createdVersion)
        #expect(finish.to == 2)
        #expect(finish.rewrapped == 15_003)
        #expect(finish.retired == [1])
        #expect(try reopened.keyStatus().versions.map(\.subjectKeys) == [0, 25_003])
    }

    @Test("bulk-created subject keys (benchmarks, imports) are wrapped as ingest wraps them and rotate like any other")
    func bulkSubjectKeys() throws {
        let t = TestVault()
        let vault = try t.create()
        #expect(try vault.bulkCreateSubjectKeys(count: 12_345, prefix: "bulk-") == 12_345)  // two batches
        #expect(try vault.keyStatus().versions.map(\.subjectKeys) == [12_345])
        let subject = "bulk-" + SHA256Hasher.hash(Array("bulk-7".utf8)).hexString
        let row = try #require(try vault.keyRing.subjects.row(for: subject))
        #expect(row.kekVersion == 1)
        _ = try vault.keyRing.kek(version: 1).unwrap(Array(row.wrapped), context: KeyContext.subjectKey(subject: subject, kekVersion: 1))
        #expect(throws: StoreError.self) { try vault.bulkCreateSubjectKeys(count: 1, prefix: "bulk-") }
        let result = try vault.rotateKeys(actor: .tester)
        #expect(result.rewrapped == 12_345 && result.retired == [1])
        #expect(try vault.keyStatus().versions.map(\.subjectKeys) == [0, 12_345])
        #expect(try vault.verifyKeys(actor: .tester).isClean)
    }

    @Test("a wrapped key moved to another owner fails to unwrap")
    func movedKeys() throws {
        let (t, vault, r) = try populated()
        try t.sql("UPDATE recordings SET wrapped_data_key = (SELECT wrapped_data_key FROM recordings WHERE id = '\(r[0].id)') WHERE id = '\(r[1].id)'")
        #expect((#expect(throws: CryptoError.self) { try vault.exportAudio(r[1].id, to: t.tmp.path("x.opus"), actor: .tester) })?.code == .wrongKey)
        // Swap two subjects' wrapped keys inside the key store's database.
        let result = try Subprocess.run("python3", ["-c", """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            a, b = sys.argv[2], sys.argv[3]
            wa = db.execute("SELECT wrapped FROM subject_keys WHERE subject = ?", (a,)).fetchone()[0]
            wb = db.execute("SELECT wrapped FROM subject_keys WHERE subject = ?", (b,)).fetchone()[0]
            db.execute("UPDATE subject_keys SET wrapped = ? WHERE subject = ?", (wb, a))
            db.execute("UPDATE subject_keys SET wrapped = ? WHERE subject = ?", (wa, b))
            db.commit()
            """, t.keyStoreURL.appendingPathComponent("subject-keys.sqlite").path, r[0].keySubject!, r[2].keySubject!])
        #expect(result.status == 0, "\(result.stderr)")
        let fresh = try t.open()
        #expect((#expect(throws: CryptoError.self) { try fresh.exportAudio(r[2].id, to: t.tmp.path("y.opus"), actor: .tester) })?.code == .wrongKey)
        #expect(try fresh.verifyKeys(actor: .tester).failures.count >= 2)
    }

    @Test("shredding a subject makes its recordings unreadable for good, copies included, and leaves others alone")
    func shred() async throws {
        let (t, vault, r) = try populated()
        let copy = t.tmp.path("vault-copy")
        try FileManager.default.copyItem(at: t.vaultURL, to: copy)  // a copy of the data files made before the shred
        let subjectKeys = t.keyStoreURL.appendingPathComponent("subject-keys.sqlite")
        let aliceWrapped = try #require(try vault.keyRing.subjects.row(for: r[0].keySubject!)).wrapped

        let result = try vault.shredSubject(phone: alice, reason: "DPO ticket 42", actor: .tester)
        #expect(result.recordings == 2)
        for record in r[0...1] {
            let error = #expect(throws: VaultError.self) { try vault.exportAudio(record.id, to: t.tmp.path("a.opus"), actor: .tester) }
            #expect(error?.code == .shredded)
            #expect(error?.message.contains("shredded") == true)
            #expect(error?.message.contains(Timestamp.format(result.shreddedAt)) == true)
        }
        #expect(exportsOK(vault, t, r[2]) && exportsOK(vault, t, r[3]))
        let report = try await vault.verify(actor: .tester)
        #expect(report.isClean)
        #expect(report.shredded == 2)
        #expect(try vault.verifyKeys(actor: .tester).shreddedRecordings == 2)
        // The wrapped key is gone from the key store's files, not just unlisted.
        for file in [subjectKeys.path, subjectKeys.path + "-wal"] where FileManager.default.fileExists(atPath: file) {
            #expect(!Array(try Data(contentsOf: URL(fileURLWithPath: file))).contains(Array(aliceWrapped)), "\(file)")
        }
        // The old copy of the data files, with today's key store, cannot decrypt Alice either.
        var copyConfiguration = t.configuration()
        copyConfiguration.vaultURL = copy
        let copied = try Vault.open(copyConfiguration, logger: TestVault.quiet)
        #expect((#expect(throws: VaultError.self) { try copied.exportAudio(r[0].id, to: t.tmp.path("c.opus"), actor: .tester) })?.code == .shredded)
        // New recordings of a shredded subject are refused; shredding twice says so.
        let refused = #expect(throws: VaultError.self) {
            try vault.ingest(IngestRequest(source: try t.wav("late.wav", seconds: 0.2), subject: alice), actor: .tester)
        }
        #expect(refused?.code == .refused)
        #expect((#expect(throws: VaultError.self) { try vault.shredSubject(phone: alice, reason: "again", actor: .tester) })?.code == .refused)
        let entries = try vault.auditEntries(action: "subject.shred")
        #expect(entries.map(\.target) == [r[0].keySubject])
        #expect(entries.first?.detail["reason"] == "DPO ticket 42")
    }

    @Test("a shred interrupted after it was logged is finished at the next open")
    func interruptedShred() throws {
        let (t, vault, r) = try populated()
        let subject = try #require(r[2].keySubject)
        let entry = vault.draft(.subjectShred, actor: .tester, target: subject, detail: ["reason": "test"])
        let audit = vault.auditLog.rowMaker(for: entry), at = t.clock.now()
        #expect(try vault.catalog.write("test") { tx in
            guard try tx.subjects.beginShred(subject, at: at) else { return false }
            try tx.appendAudit([audit])
            return true
        })
        #expect(try vault.keyRing.subjects.row(for: subject) != nil)  // the crash came before the key was destroyed
        let reopened = try t.open()
        #expect(try reopened.keyRing.subjects.row(for: subject) == nil)
        #expect(try reopened.catalog.subject(subject)?.state == .shredded)
        #expect(try reopened.recording(r[2].id).state == .shredded)
    }

    @Test("shredding an unknown number says so and changes nothing")
    func shredUnknown() throws {
        let (_, vault, _) = try populated()
        let error = #expect(throws: StoreError.self) { try vault.shredSubject(phone: try PhoneNumber(parsing: "+8613899999999"), reason: "x", actor: .tester) }
        #expect(error?.code == .notFound)
        #expect(try vault.auditEntries(action: "subject.shred").isEmpty)
    }
}

@Suite("Key-store backup archives")
struct KeyBackupArchiveTests {
    /// A tar archive holding one file at `path` (Python's tarfile writes what an attacker could).
    static func tar(path: String) throws -> [UInt8] {
        let tmp = TemporaryDirectory("callvault-tar")
        let out = tmp.path("a.tar")
        let result = try Subprocess.run("python3", ["-c", """
            import io, sys, tarfile
            with tarfile.open(sys.argv[1], "w", format=tarfile.USTAR_FORMAT) as t:
                data = b"secret"
                info = tarfile.TarInfo(sys.argv[2]); info.size = len(data)
                t.addfile(info, io.BytesIO(data))
            """, out.path, path])
        precondition(result.status == 0, result.stderr)
        return [UInt8](try Data(contentsOf: out))
    }

    @Test("an entry that would land outside the key store is refused with a clear error while the archive is read, before restore writes anything")
    func unsafePaths() throws {
        for path in ["../evil.key", "/etc/evil.key", "kek/../../evil.key", "kek/./x.key", "a\\\\b.key"] {
            #expect(throws: VaultError.self, "\(path)") { try Vault.readBackupArchive(try Self.tar(path: path), name: "backup") }
        }
        let members = try Vault.readBackupArchive(try Self.tar(path: "kek/0001.key"), name: "backup")
        #expect(members.map(\.path) == ["kek/0001.key"] && members.first?.contents == Array("secret".utf8))
    }
}
