import Foundation
import Testing
import VaultTestSupport

@Suite("callvault keys, subject shred and policy")
struct KeysCLITests {
    func status(_ cli: CLI, faketime: String? = nil) throws -> [String: Any] {
        let result = try faketime.map { try Subprocess.run("faketime", ["-f", $0, CLI.binary, "keys", "status", "--json", "--vault", cli.vault]) }
            ?? cli.run(["keys", "status", "--json"])
        precondition(result.status == 0, result.stderr)
        return try JSONSerialization.jsonObject(with: result.stdoutData) as! [String: Any]
    }

    func versions(_ status: [String: Any]) -> [[String: Any]] { status["versions"] as! [[String: Any]] }

    @Test("the real binary under faketime rotates before sealing once 90 days have passed, and retires the old KEK")
    func rotationUnderFaketime() throws {
        let cli = CLI()
        try cli.initVault()
        try cli.run(["ingest", "--subject-phone", "+8613800000001", try cli.wav("a.wav", seconds: 0.3)])
        #expect(versions(try status(cli)).count == 1)
        let early = try Subprocess.run("faketime", ["-f", "+89d", CLI.binary, "ingest", "--vault", cli.vault, try cli.wav("b.wav", seconds: 0.3)])
        #expect(early.status == 0, "\(early.stderr)")
        #expect(versions(try status(cli, faketime: "+89d")).count == 1)
        let late = try Subprocess.run("faketime", ["-f", "+91d", CLI.binary, "ingest", "--vault", cli.vault, try cli.wav("c.wav", seconds: 0.3)])
        #expect(late.status == 0, "\(late.stderr)")
        let after = versions(try status(cli, faketime: "+91d"))
        #expect(after.map { $0["version"] as? Int } == [1, 2])
        #expect(after[0]["retired_at"] is String)
        #expect(after[1]["subject_keys"] as? Int == 3)
        #expect(!FileManager.default.fileExists(atPath: "\(cli.keys)/kek/0001.key"))
        // Everything still reads back, and the rotation is in the audit log with its system actor.
        for id in try cli.list().map({ $0["id"] as! String }) {
            #expect(try cli.run(["recordings", "audio", id, "--out", cli.tmp.path("\(id).opus").path]).status == 0)
        }
        #expect(try cli.sqlScalar("SELECT actor FROM audit_log WHERE action = 'key.rotate'") == "callvault-key-rotation")
        #expect(try cli.run(["keys", "verify"]).status == 0)
    }

    @Test("keys rotate by hand, status, verify; a moved key makes verify fail with exit 3")
    func rotateStatusVerify() throws {
        let cli = CLI()
        try cli.initVault()
        let ids = try (0..<2).map { try cli.run(["ingest", try cli.wav("r\($0).wav", seconds: 0.2)]).stdout.trimmingCharacters(in: .whitespacesAndNewlines) }
        let rotate = try cli.run(["keys", "rotate"])
        #expect(rotate.status == 0, "\(rotate.stderr)")
        #expect(rotate.stdout.contains("rotated KEK version 1 → 2"))
        #expect(rotate.stdout.contains("retired version 1"))
        let s = try status(cli)
        #expect(s["rotation_period_days"] as? Int == 90)
        #expect((s["subjects"] as? [String: Int])?["active"] == 2)
        let verify = try cli.run(["keys", "verify"])
        #expect(verify.status == 0)
        #expect(verify.stdout.contains("1 KEK versions, 2 subject keys, 2 data keys unwrap"))
        try Subprocess.run("python3", ["-c", "import sqlite3,sys; db=sqlite3.connect(sys.argv[1]); db.execute(\"UPDATE recordings SET wrapped_data_key = (SELECT wrapped_data_key FROM recordings WHERE id = ?) WHERE id = ?\", (sys.argv[2], sys.argv[3])); db.commit()",
                                       "\(cli.vault)/catalog.sqlite", ids[0], ids[1]])
        let bad = try cli.run(["keys", "verify"])
        #expect(bad.status == 3)
        #expect(bad.stdout.contains("recording \(ids[1])"))
    }

    @Test("subject shred makes that subject's audio unreadable (exit 6, saying shredded and when) and refuses bad input")
    func shred() throws {
        let cli = CLI()
        try cli.initVault()
        let alice = try cli.run(["ingest", "--subject-phone", "138 0000 0001", try cli.wav("a.wav", seconds: 0.3)]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let bob = try cli.run(["ingest", "--subject-phone", "138 0000 0002", try cli.wav("b.wav", seconds: 0.3)]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let shred = try cli.run(["subject", "shred", "--phone", "+86 138 0000 0001", "--reason", "opt-out ticket 7"])
        #expect(shred.status == 0, "\(shred.stderr)")
        #expect(shred.stdout.contains("shredded *******0001: 1 recording(s)"))
        let audio = try cli.run(["recordings", "audio", alice, "--out", cli.tmp.path("a.opus").path])
        #expect(audio.status == 6)
        #expect(audio.stderr.contains("is shredded") && audio.stderr.contains("destroyed at 20"))
        #expect(try cli.run(["recordings", "audio", bob, "--out", cli.tmp.path("b.opus").path]).status == 0)
        let verify = try cli.run(["verify"])
        #expect(verify.status == 0)
        #expect(verify.stderr.contains("1 shredded"))
        #expect(try cli.list().first { $0["id"] as? String == alice }?["state"] as? String == "shredded")
        #expect(try cli.run(["subject", "shred", "--phone", "+8613800000009", "--reason", "x"]).status == 66)
        #expect(try cli.run(["subject", "shred", "--phone", "12ab", "--reason", "x"]).status == 64)
        #expect(try cli.run(["subject", "shred", "--phone", "+8613800000002", "--reason", " "]).status == 64)
        // The vault directory never holds the number in clear.
        for file in FileManager.default.enumerator(atPath: cli.vault)!.compactMap({ $0 as? String }) {
            let data = FileManager.default.contents(atPath: "\(cli.vault)/\(file)") ?? Data()
            #expect(!Array(data).contains(Array("13800000001".utf8)), "\(file)")
        }
    }

    @Test("a key-store backup opens with the standard age tool, and restores a lost key store")
    func backupAndRestore() throws {
        let cli = CLI()
        try cli.initVault()
        let id = try cli.run(["ingest", "--subject-phone", "+8613800000001", try cli.wav("a.wav", seconds: 0.3)]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let passphrase = cli.tmp.path("pass.txt")
        try Data("correct horse battery staple\n".utf8).write(to: passphrase)
        let backup = cli.tmp.path("keys.age")
        let made = try cli.run(["keys", "backup", "--out", backup.path, "--passphrase-file", passphrase.path])
        #expect(made.status == 0, "\(made.stderr)")

        // The operator's view: `age -d` (which reads the passphrase from a terminal), then tar.
        let tarball = cli.tmp.path("keys.tar")
        let age = try Subprocess.run("python3", ["-c", """
            import pexpect, sys
            child = pexpect.spawn("age", ["-d", "-o", sys.argv[2], sys.argv[1]], timeout=120)
            child.expect("passphrase")
            child.sendline(sys.argv[3])
            child.expect(pexpect.EOF)
            child.close()
            sys.exit(child.exitstatus)
            """, backup.path, tarball.path, "correct horse battery staple"])
        #expect(age.status == 0, "\(age.stdout)\(age.stderr)")
        let listing = try Subprocess.run("tar", ["-tf", tarball.path])
        // The keys, and the key store's record of the catalog (its rows sealed; the latest signed tree head, once there is one).
        let listed = Set(CLI.lines(listing.stdout))
        #expect(listed.isSuperset(of: ["kek/", "keystore.json", "kek/0001.key", "pseudonym.key", "audit-signing.key", "subject-keys.sqlite",
                                       "catalog-rows.v1", "consent-rows.v1"]), "\(listed)")
        #expect(listed.subtracting(["kek/", "keystore.json", "kek/0001.key", "pseudonym.key", "audit-signing.key", "subject-keys.sqlite",
                                    "catalog-rows.v1", "consent-rows.v1", "audit-head.note"]).isEmpty, "\(listed)")

        // Lose the key store, then restore it.
        try FileManager.default.removeItem(atPath: cli.keys)
        #expect(try cli.run(["recordings", "list"]).status == 77)
        let wrong = cli.tmp.path("wrong.txt")
        try Data("wrong\n".utf8).write(to: wrong)
        #expect(try cli.run(["keys", "restore", backup.path, "--passphrase-file", wrong.path]).status == 77)
        let restored = try cli.run(["keys", "restore", backup.path, "--passphrase-file", passphrase.path])
        #expect(restored.status == 0, "\(restored.stderr)")
        #expect(try cli.run(["recordings", "audio", id, "--out", cli.tmp.path("a.opus").path]).status == 0)
        #expect(try cli.run(["keys", "restore", backup.path, "--passphrase-file", passphrase.path]).status == 73)  // not over a live key store
        #expect(try cli.sqlScalar("SELECT count(*) FROM audit_log WHERE action IN ('key.backup', 'key.restore')") == "2")
        let mode = try FileManager.default.attributesOfItem(atPath: "\(cli.keys)/kek/0001.key")[.posixPermissions] as! NSNumber
        #expect(mode.intValue == 0o600)
    }

    @Test("policy check names the line; init refuses a policy above 90 days; apply is audited")
    func policy() throws {
        let cli = CLI()
        let good = Fixtures.packageRoot.appendingPathComponent("Policies/default.yaml").path
        let check = try cli.run(["policy", "check", good], vaultOption: false)
        #expect(check.status == 0)
        let bad = cli.tmp.path("bad.yaml")
        try Data(String(contentsOfFile: good, encoding: .utf8).replacingOccurrences(of: "rotation_period_days: 90", with: "rotation_period_days: 120").utf8).write(to: bad)
        let refused = try cli.run(["policy", "check", bad.path], vaultOption: false)
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("\(bad.path): line 8: keys.rotation_period_days is 120"))
        #expect(try cli.run(["init", "--key-store", cli.keys, "--policy", bad.path]).status == 65)
        #expect(!FileManager.default.fileExists(atPath: cli.vault))
        try cli.initVault()
        let thirty = cli.tmp.path("thirty.yaml")
        try Data(String(contentsOfFile: good, encoding: .utf8).replacingOccurrences(of: "rotation_period_days: 90", with: "rotation_period_days: 30").utf8).write(to: thirty)
        #expect(try cli.run(["policy", "apply", thirty.path]).status == 0)
        #expect(try cli.run(["policy", "show"]).stdout.contains("rotation_period_days: 30"))
        #expect(try status(cli)["rotation_period_days"] as? Int == 30)
        #expect(try cli.sqlScalar("SELECT count(*) FROM audit_log WHERE action = 'policy.apply'") == "1")
    }
}
