import Foundation
import Testing
import VaultAudit
import VaultBase
@testable import VaultCore
import VaultCrypto
import VaultStore
import VaultTestSupport

@Suite("verify names every kind of damage")
struct VerifyTests {
    /// A vault with `count` recordings of several segments each (1 KiB segments).
    func vault(_ count: Int) throws -> (TestVault, Vault, [RecordingRecord]) {
        let t = TestVault()
        t.segmentSize = 1024
        let vault = try t.create()
        let records = try (0..<count).map { try vault.ingest(IngestRequest(source: try t.wav("r\($0).wav", seconds: 2)), actor: .tester) }
        return (t, vault, records)
    }

    func objectURL(_ vault: Vault, _ record: RecordingRecord) -> URL { vault.files.url(forRelativePath: record.objectPath) }

    func kinds(_ report: VerificationReport) -> [String: VerificationReport.Problem.Kind] {
        Dictionary(uniqueKeysWithValues: report.problems.map { ($0.recordingID?.description ?? $0.objectPath, $0.kind) })
    }

    @Test("a sound vault verifies clean, and the check is audited")
    func clean() async throws {
        let (t, vault, records) = try vault(3)
        defer { withExtendedLifetime(t) {} }  // the temp directory lives as long as the test
        let report = try await vault.verify(actor: .tester)
        #expect(report.checked == records.count)
        #expect(report.isClean)
        #expect(try vault.auditEntries(action: "vault.verify").last?.outcome == "ok")
    }

    @Test("one recording verified alone: sound, then a flipped bit named; each check audited with the recording as target")
    func oneRecording() async throws {
        let (t, vault, r) = try vault(2)
        defer { withExtendedLifetime(t) {} }
        #expect(try await vault.recordings.verify(r[0].id, actor: .tester) == nil)
        var bytes = try Data(contentsOf: objectURL(vault, r[0]))
        bytes[bytes.count / 2] ^= 0x04
        try bytes.write(to: objectURL(vault, r[0]))
        #expect(try await vault.recordings.verify(r[0].id, actor: .tester)?.kind == .tampered)
        #expect(try await vault.recordings.verify(r[1].id, actor: .tester) == nil)
        let entries = try vault.auditEntries(action: "vault.verify")
        #expect(entries.map(\.target) == [r[0].id.description, r[0].id.description, r[1].id.description])
        #expect(entries.map(\.outcome) == ["ok", "failed", "ok"])
        await #expect(throws: (any Error).self) { try await vault.recordings.verify(RecordingID(), actor: .tester) }
    }

    @Test("damaged objects are each named with their kind")
    func damagedObjects() async throws {
        let (t, vault, r) = try vault(6)
        // 0: one flipped bit in the ciphertext.
        var bytes = try Data(contentsOf: objectURL(vault, r[0]))
        bytes[bytes.count / 2] ^= 0x04
        try bytes.write(to: objectURL(vault, r[0]))
        // 1: cut after its first segment (header + 1024 + 16).
        try Data(contentsOf: objectURL(vault, r[1])).prefix(35 + 1040).write(to: objectURL(vault, r[1]))
        // 2: deleted.
        try FileManager.default.removeItem(at: objectURL(vault, r[2]))
        // 3: replaced by recording 4's object.
        try Data(contentsOf: objectURL(vault, r[4])).write(to: objectURL(vault, r[3]))
        // 5: a stray copy of it placed where no recording points.
        let stray = "ff/\(RecordingID()).cvseal"
        try FileManager.default.createDirectory(at: vault.files.url(forRelativePath: "ff"), withIntermediateDirectories: true)
        try Data(contentsOf: objectURL(vault, r[5])).write(to: vault.files.url(forRelativePath: stray))

        let report = try await vault.verify(actor: .tester)
        let found = kinds(report)
        #expect(found[r[0].id.description] == .tampered)
        #expect(found[r[1].id.description] == .truncated)
        #expect(found[r[2].id.description] == .missingObject)
        #expect(found[r[3].id.description] == .wrongObject)
        #expect(found[stray] == .orphanObject)
        #expect(found[r[4].id.description] == nil)
        #expect(found[r[5].id.description] == nil)
        #expect(report.problems.count == 5)
        #expect(try vault.auditEntries(action: "vault.verify").last?.outcome == "failed")
        withExtendedLifetime(t) {}
    }

    @Test("catalog rows edited by hand are caught")
    func editedCatalog() async throws {
        let (t, vault, r) = try vault(4)
        try t.sql("UPDATE recordings SET sealed_size = sealed_size + 1 WHERE id = '\(r[3].id)'")
        try t.sql("UPDATE recordings SET sealed_sha256 = '\(String(repeating: "0", count: 64))' WHERE id = '\(r[0].id)'")
        try t.sql("UPDATE recordings SET opus_sha256 = '\(String(repeating: "1", count: 64))' WHERE id = '\(r[1].id)'")
        try t.sql("UPDATE recordings SET wrapped_data_key = (SELECT wrapped_data_key FROM recordings WHERE id = '\(r[0].id)') WHERE id = '\(r[2].id)'")
        let found = kinds(try await vault.verify(actor: .tester))
        #expect(found[r[0].id.description] == .sealedHashMismatch)
        #expect(found[r[1].id.description] == .opusHashMismatch)
        #expect(found[r[2].id.description] == .keyUnwrapFailed)
        #expect(found[r[3].id.description] == .sealedHashMismatch)
    }

    @Test("a key-store failure stops verify with a key-store error instead of blaming every object")
    func missingKEK() async throws {
        let (t, _, _) = try vault(1)
        let result = try Subprocess.run("python3", ["-c", "import sqlite3,sys; db=sqlite3.connect(sys.argv[1]); db.execute('UPDATE subject_keys SET kek_version = 7'); db.commit()",
                                                    t.keyStoreURL.appendingPathComponent("subject-keys.sqlite").path])
        #expect(result.status == 0)
        let vault = try t.open()
        await #expect(throws: CryptoError.self) { try await vault.verify(actor: .tester) }
    }

    @Test("a key store that lost its subject key database is refused, not silently refilled")
    func missingSubjectKeys() throws {
        let (t, _, _) = try vault(1)
        try FileManager.default.removeItem(at: t.keyStoreURL.appendingPathComponent("subject-keys.sqlite"))
        let error = #expect(throws: CryptoError.self) { try t.open() }
        #expect(error?.code == .keyStore)
        #expect(error?.message.contains("subject-keys.sqlite") == true)
    }

    @Test("exporting a tampered recording fails and leaves no file")
    func exportTampered() throws {
        let (t, vault, r) = try vault(1)
        var bytes = try Data(contentsOf: objectURL(vault, r[0]))
        bytes[bytes.count - 5] ^= 0x10
        try bytes.write(to: objectURL(vault, r[0]))
        let out = t.tmp.path("x.opus")
        #expect(throws: (any Error).self) { try vault.exportAudio(r[0].id, to: out, actor: .tester) }
        #expect(!FileManager.default.fileExists(atPath: out.path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: t.tmp.url.path).allSatisfy { !$0.hasSuffix(".partial") })
    }
}

@Suite("Rollback of the vault directory")
struct RollbackTests {
    @Test("the vault directory restored from an earlier copy is found out by audit verify, and nothing new is signed")
    func rolledBack() throws {
        let t = TestVault()
        let vault = try t.create()
        let number = try PhoneNumber(parsing: "+8613911112222")
        try vault.grantConsent(phone: number, purpose: "marketing", source: "signup", evidence: "doc-1", actor: .tester)
        _ = try vault.auditLog.checkpoint()
        // The attacker's copy, taken now (catalog, WAL and all).
        let copy = t.tmp.path("vault-copy")
        try FileManager.default.copyItem(at: t.vaultURL, to: copy)
        _ = try vault.optOut(phone: number, actor: .tester)
        _ = try vault.auditLog.checkpoint()
        // The opt-out is undone by putting the old directory back.
        try FileManager.default.removeItem(at: t.vaultURL)
        try FileManager.default.copyItem(at: copy, to: t.vaultURL)
        let reopened = try t.open()
        do {
            _ = try reopened.verifyAuditLog(actor: .tester)
            Issue.record("a rolled-back vault verified")
        } catch let error as AuditError {
            #expect(error.code == .truncated && error.message.contains("rolled back"), "\(error)")
        }
        #expect(throws: AuditError.self) { try reopened.auditLog.checkpoint() }
    }
}

@Suite("Token rows authenticated with a key-store key")
struct ForgedTokenTests {
    @Test("a token row inserted, its role raised or its revocation undone by hand does not authenticate, and verify names it")
    func forgedRows() async throws {
        let t = TestVault()
        let vault = try t.create()
        let dialer = try vault.createAPIToken(name: "dialer-1", role: .dialer, actor: .tester)
        let revoked = try vault.createAPIToken(name: "old-auditor", role: .auditor, actor: .tester)
        try vault.revokeAPIToken(name: "old-auditor", actor: .tester)
        let legit = try vault.createAPIToken(name: "auditor-1", role: .auditor, actor: .tester)
        #expect(try vault.authenticateAPIToken(dialer.secret)?.role == .dialer)
        #expect(try vault.authenticateAPIToken(revoked.secret) == nil)

        // The attacker can write the catalog, not the key store.
        let forged = "cvt_" + String(repeating: "ab", count: 32)
        let forgedHash = SHA256Hasher.hash(Array(forged.utf8)).hexString
        let script = """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            db.execute("INSERT INTO api_tokens (id, name, role, token_sha256, created_at) VALUES ('x', 'intruder', 'auditor', ?, '2026-03-01 09:30:00.000')",
                       (bytes.fromhex(sys.argv[2]),))
            db.execute("UPDATE api_tokens SET role = 'auditor' WHERE name = 'dialer-1'")
            db.execute("UPDATE api_tokens SET revoked_at = NULL WHERE name = 'old-auditor'")
            db.commit()
            """
        let result = try Subprocess.run("python3", ["-c", script, t.vaultURL.appendingPathComponent("catalog.sqlite").path, forgedHash])
        #expect(result.status == 0, "\(result.stderr)")

        let reopened = try t.open()
        #expect(try reopened.authenticateAPIToken(forged) == nil)
        #expect(try reopened.authenticateAPIToken(dialer.secret) == nil)
        #expect(try reopened.authenticateAPIToken(revoked.secret) == nil)
        #expect(try reopened.authenticateAPIToken(legit.secret)?.role == .auditor)
        let report = try await reopened.verify(actor: .tester)
        let forgedNames = report.problems.filter { $0.kind == .forgedToken }.map(\.message)
        #expect(forgedNames.count == 3, "\(forgedNames)")
        #expect(forgedNames.contains { $0.contains("intruder") } && forgedNames.contains { $0.contains("dialer-1") })
    }
}

@Suite("Catalog decisions checked against the signed audit log")
struct CatalogReplayTests {
    @Test("a hold deleted, an opt-out or blacklisting cleared, a recording removed with its object, a completed erasure forged: verify names each")
    func editedDecisions() async throws {
        let t = TestVault()
        let vault = try t.create()
        let held = try vault.ingest(IngestRequest(source: try t.wav("held.wav")), actor: .tester)
        let gone = try vault.ingest(IngestRequest(source: try t.wav("gone.wav")), actor: .tester)
        try vault.placeHold(recording: held.id, reason: "litigation", actor: .tester)
        let optedOut = try PhoneNumber(parsing: "+8613911112222"), listed = try PhoneNumber(parsing: "+8613911113333")
        let request = try vault.optOut(phone: optedOut, actor: .tester)
        try vault.setBlacklisted(phone: listed, true, reason: "complaint", actor: .tester)
        let clean = try await vault.verify(actor: .tester)
        #expect(clean.isClean, "\(clean.problems.map(\.message))")

        // Someone with write access to the vault directory, not the key store.
        let script = """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            db.execute("DELETE FROM holds")
            db.execute("UPDATE consent_numbers SET opted_out_at = NULL, blacklisted_at = NULL")
            db.execute("DELETE FROM recordings WHERE id = ?", (sys.argv[2],))
            db.execute("UPDATE erasure_requests SET state = 'completed', receipt = '{}' WHERE id = ?", (sys.argv[3],))
            db.commit()
            """
        let result = try Subprocess.run("python3", ["-c", script, t.vaultURL.appendingPathComponent("catalog.sqlite").path,
                                                    gone.id.description, request])
        #expect(result.status == 0, "\(result.stderr)")
        try FileManager.default.removeItem(at: vault.files.url(forRelativePath: gone.objectPath))
        let report = try await t.open().verify(actor: .tester)
        let messages = report.problems.filter { $0.kind == .catalogDisagreesWithAudit }.map(\.message)
        #expect(messages.contains { $0.contains("hold") && $0.contains("not in the catalog") }, "\(messages)")
        #expect(messages.contains { $0.contains("opt-out") }, "\(messages)")
        #expect(messages.contains { $0.contains("blacklisted") }, "\(messages)")
        #expect(messages.contains { $0.contains("recording \(gone.id)") }, "\(messages)")
        #expect(messages.contains { $0.contains("erasure request \(request)") }, "\(messages)")
    }
}

@Suite("Retention decisions checked against the signed audit log")
struct RetentionReplayTests {
    @Test("a start time moved back in the catalog, and the recording then purged by retention inside its minimum: verify names both")
    func startMovedBack() async throws {
        let t = TestVault()
        let vault = try t.create()
        let victim = try vault.ingest(IngestRequest(source: try t.wav("victim.wav")), actor: .tester)
        let other = try vault.ingest(IngestRequest(source: try t.wav("other.wav")), actor: .tester)
        // Three years back: past the 24-month maximum, so retention purges it.
        let script = """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            db.execute("UPDATE recordings SET started_at = '2023-01-01 00:00:00.000' WHERE id IN (?, ?)", (sys.argv[2], sys.argv[3]))
            db.commit()
            """
        let result = try Subprocess.run("python3", ["-c", script, t.vaultURL.appendingPathComponent("catalog.sqlite").path,
                                                    victim.id.description, other.id.description])
        #expect(result.status == 0, "\(result.stderr)")
        let reopened = try t.open()
        try reopened.placeHold(recording: other.id, reason: "kept for the test", actor: .tester)
        let purged = try reopened.runRetention(actor: .tester)
        #expect(purged.expired == [victim.id])
        let messages = try await reopened.verify(actor: .tester).problems.filter { $0.kind == .catalogDisagreesWithAudit }.map(\.message)
        #expect(messages.contains { $0.contains("recording \(victim.id) was purged") && $0.contains("inside the minimum retention") }, "\(messages)")
        #expect(messages.contains { $0.contains("recording \(other.id) starts at 2023-01-01") }, "\(messages)")
    }

    @Test("a recording purged when its maximum retention passed is no disagreement")
    func honestRetention() async throws {
        let t = TestVault()
        let vault = try t.create()
        _ = try vault.ingest(IngestRequest(source: try t.wav("a.wav")), actor: .tester)
        t.clock.advance(by: 25 * 31 * 86_400)
        #expect(try vault.runRetention(actor: .tester).expired.count == 1)
        let report = try await vault.verify(actor: .tester)
        #expect(report.problems.filter { $0.kind == .catalogDisagreesWithAudit }.isEmpty, "\(report.problems.map(\.message))")
    }
}

@Suite("Consent rows authenticated and checked against the signed audit log")
struct ForgedConsentTests {
    /// The grant rows of `subject`, as `purpose|revoked_at|mac hex` lines.
    static func grantRows(_ t: TestVault, subject: String) throws -> [String] {
        let script = """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            for row in db.execute("SELECT purpose, revoked_at, hex(mac) FROM consent_grants WHERE subject = ? ORDER BY purpose", (sys.argv[2],)):
                print("|".join(str(x) for x in row))
            """
        let result = try Subprocess.run("python3", ["-c", script, t.vaultURL.appendingPathComponent("catalog.sqlite").path, subject])
        return result.stdout.split(separator: "\n").map(String.init)
    }

    @Test("a grant inserted, renewed or its withdrawal undone by hand does not authenticate, and verify names each")
    func forgedGrants() async throws {
        let t = TestVault()
        let vault = try t.create()
        let serviceOnly = try PhoneNumber(parsing: "+8613911112222"), withdrawn = try PhoneNumber(parsing: "+8613911113333")
        let imported = try PhoneNumber(parsing: "+8613911114444")
        try vault.grantConsent(phone: serviceOnly, purpose: "service", source: "signup", evidence: "doc-1", actor: .tester)
        try vault.grantConsent(phone: withdrawn, purpose: "marketing", source: "signup", evidence: "doc-2", actor: .tester)
        try vault.revokeConsent(phone: withdrawn, purpose: "marketing", actor: .tester)
        try vault.importConsents([imported], purposes: ["marketing"], source: "crm", actor: .tester)
        let clean = try await vault.verify(actor: .tester)
        #expect(clean.isClean, "\(clean.problems.map(\.message))")

        // The attacker knows pseudonyms from the rows, not the key store.
        let service = vault.pseudonym(of: serviceOnly), gone = vault.pseudonym(of: withdrawn), crm = vault.pseudonym(of: imported)
        try t.sql("INSERT INTO consent_grants (subject, purpose, source, evidence, granted_at) VALUES ('\(service)', 'marketing', 'signup', 'x', '2026-01-01 00:00:00.000')")
        try t.sql("UPDATE consent_grants SET revoked_at = NULL WHERE subject = '\(gone)'")
        try t.sql("UPDATE consent_grants SET evidence = 'signed form 7' WHERE subject = '\(crm)'")
        let reopened = try t.open()
        // Withdrawing the inserted grant stops the calls but does not make the row genuine.
        try reopened.revokeConsent(phone: serviceOnly, purpose: "marketing", actor: .tester)
        let report = try await reopened.verify(actor: .tester)
        let forged = report.problems.filter { $0.kind == .forgedConsent }.map(\.message)
        #expect(forged.count == 3, "\(forged)")
        for subject in [service, gone, crm] { #expect(forged.contains { $0.contains(subject) }, "\(subject): \(forged)") }
    }

    @Test("a withdrawal undone with the row copied from an earlier copy of the vault, and a tag cleared: verify names both")
    func rolledBackRows() async throws {
        let t = TestVault()
        let vault = try t.create()
        let number = try PhoneNumber(parsing: "+8613911115555")
        let subject = vault.pseudonym(of: number)
        try vault.grantConsent(phone: number, purpose: "marketing", source: "signup", evidence: "doc", actor: .tester)
        let before = try Self.grantRows(t, subject: subject)
        #expect(before.count == 1)
        let oldMAC = try #require(before.first?.split(separator: "|").last.map(String.init))
        try vault.revokeConsent(phone: number, purpose: "marketing", actor: .tester)
        try vault.setTag(phone: number, tag: "complaint_sensitive", actor: .tester)
        #expect(try await vault.verify(actor: .tester).isClean)

        // The row as it was before the withdrawal: its MAC is genuine, so only the log tells.
        try t.sql("UPDATE consent_grants SET revoked_at = NULL, mac = X'\(oldMAC)' WHERE subject = '\(subject)'")
        try t.sql("UPDATE consent_numbers SET tag = NULL WHERE subject = '\(subject)'")
        let report = try await t.open().verify(actor: .tester)
        #expect(!report.problems.contains { $0.kind == .forgedConsent }, "\(report.problems.map(\.message))")
        let messages = report.problems.filter { $0.kind == .catalogDisagreesWithAudit }.map(\.message)
        #expect(messages.contains { $0.contains(subject) && $0.contains("withdrawn in audit entry") }, "\(messages)")
        #expect(messages.contains { $0.contains(subject) && $0.contains("customer tag") }, "\(messages)")
    }

    @Test("an erasure deleting a tagged number's withdrawn grant and its tag is no disagreement")
    func erasureIsHonest() async throws {
        let t = TestVault()
        let vault = try t.create()
        let number = try PhoneNumber(parsing: "+8613911117777")
        try vault.grantConsent(phone: number, purpose: "marketing", source: "signup", evidence: "doc", actor: .tester)
        try vault.revokeConsent(phone: number, purpose: "marketing", actor: .tester)
        try vault.setTag(phone: number, tag: "complaint_sensitive", actor: .tester)
        try vault.optOut(phone: number, actor: .tester)
        #expect(try vault.runErasures(actor: .tester).map(\.state) == [.completed])
        let report = try await vault.verify(actor: .tester)
        #expect(report.isClean, "\(report.problems.map(\.message))")
    }

    @Test("a key store restored from a backup keeps the rows sealed: a grant inserted without a MAC stays a forgery")
    func restoredKeyStoreDoesNotReseal() async throws {
        let t = TestVault()
        let vault = try t.create()
        let number = try PhoneNumber(parsing: "+8613911118888")
        try vault.grantConsent(phone: number, purpose: "service", source: "signup", evidence: "doc", actor: .tester)
        let backup = t.tmp.path("keys.age")
        try vault.backupKeyStore(to: backup, passphrase: "correct horse", workFactor: 10, actor: .tester)
        try t.sql("INSERT INTO consent_grants (subject, purpose, source, evidence, granted_at) VALUES ('\(vault.pseudonym(of: number))', 'marketing', 'x', 'x', '2026-01-01 00:00:00.000')")
        try FileManager.default.removeItem(at: t.keyStoreURL)
        _ = try Vault.restoringKeyStore(from: backup, passphrase: "correct horse", configuration: t.configuration(), logger: TestVault.quiet)
        let report = try await t.open().verify(actor: .tester)
        #expect(report.problems.filter { $0.kind == .forgedConsent }.count == 1, "\(report.problems.map(\.message))")
    }

    @Test("grant rows of a vault made before rows were sealed are sealed once at open; a row without a MAC after that is a forgery")
    func sealedOnce() async throws {
        let t = TestVault()
        let vault = try t.create()
        let number = try PhoneNumber(parsing: "+8613911116666")
        try vault.grantConsent(phone: number, purpose: "marketing", source: "signup", evidence: "doc", actor: .tester)
        // As a vault from before: no MACs, no marker.
        try t.sql("UPDATE consent_grants SET mac = NULL")
        try FileManager.default.removeItem(at: t.keyStoreURL.appendingPathComponent("consent-rows.v1"))
        let upgraded = try t.open()
        #expect(try await upgraded.verify(actor: .tester).isClean)
        #expect(FileManager.default.fileExists(atPath: t.keyStoreURL.appendingPathComponent("consent-rows.v1").path))
        try t.sql("UPDATE consent_grants SET mac = NULL")
        let report = try await t.open().verify(actor: .tester)
        #expect(report.problems.filter { $0.kind == .forgedConsent }.count == 1, "\(report.problems.map(\.message))")
    }
}
