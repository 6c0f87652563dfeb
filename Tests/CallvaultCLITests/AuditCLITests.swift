import Foundation
import Testing
import VaultTestSupport

@Suite("callvault audit")
struct AuditCLITests {
    /// A vault with an init, three ingests and one export in its log.
    func populated() throws -> (CLI, [String]) {
        let cli = CLI()
        try cli.initVault()
        let ids = try (0..<3).map { try cli.run(["ingest", try cli.wav("a\($0).wav", seconds: 0.3)]).stdout.trimmingCharacters(in: .whitespacesAndNewlines) }
        try cli.run(["recordings", "audio", ids[1], "--out", cli.tmp.path("x.opus").path])
        return (cli, ids)
    }

    func tool(_ arguments: [String]) throws -> ProcessResult {
        try Subprocess.run("python3", [Fixtures.packageRoot.appendingPathComponent("Tools/verify_audit.py").path] + arguments)
    }

    @Test("list filters by actor, action, target and time; entries carry the OS user and local authentication")
    func list() throws {
        let (cli, ids) = try populated()
        let all = try JSONSerialization.jsonObject(with: try cli.run(["audit", "list", "--json"]).stdoutData) as! [[String: Any]]
        #expect(all.map { $0["action"] as? String } == ["vault.init", "recording.ingest", "recording.ingest", "recording.ingest", "recording.audio.export"])
        #expect(all.allSatisfy { $0["auth"] as? String == "local" && ($0["actor"] as? String)?.isEmpty == false })
        let user = all[0]["actor"] as! String
        let byTarget = try cli.run(["audit", "list", "--json", "--target", ids[1]])
        let targeted = try JSONSerialization.jsonObject(with: byTarget.stdoutData) as! [[String: Any]]
        #expect(targeted.map { $0["action"] as? String } == ["recording.ingest", "recording.audio.export"])
        let exports = try cli.run(["audit", "list", "--action", "recording.audio.export", "--actor", user])
        #expect(CLI.lines(exports.stdout).count == 2)  // header and one entry
        let future = try cli.run(["audit", "list", "--json", "--since", "2100-01-01T00:00:00Z"])
        #expect((try JSONSerialization.jsonObject(with: future.stdoutData) as! [Any]).isEmpty)
        let nobody = try cli.run(["audit", "list", "--json", "--actor", "nobody-\(UUID())"])
        #expect((try JSONSerialization.jsonObject(with: nobody.stdoutData) as! [Any]).isEmpty)
        #expect(try cli.run(["audit", "list", "--since", "last tuesday"]).status == 64)
    }

    @Test("export, checkpoint, public key and proofs check out with the independent verifier and openssl")
    func independentVerification() throws {
        let (cli, _) = try populated()
        let checkpoint = cli.tmp.path("checkpoint.txt"), key = cli.tmp.path("vault.pem"), export = cli.tmp.path("log.jsonl")
        try cli.run(["audit", "checkpoint"]).stdoutData.write(to: checkpoint)
        try cli.run(["audit", "public-key"]).stdoutData.write(to: key)
        let exported = try cli.run(["audit", "export"])
        #expect(exported.status == 0)
        try exported.stdoutData.write(to: export)
        let log = try tool(["log", export.path, "--checkpoint", checkpoint.path, "--public-key", key.path])
        #expect(log.status == 0, "\(log.stdout)\(log.stderr)")
        #expect(log.stdout.contains("the first 5 entries match its signed root"))

        let proof = cli.tmp.path("proof.json")
        try cli.run(["audit", "prove", "4"]).stdoutData.write(to: proof)
        let checked = try tool(["proof", proof.path, "--public-key", key.path])
        #expect(checked.status == 0, "\(checked.stdout)\(checked.stderr)")

        // The checkpoint's signature, checked by openssl as an auditor would by hand.
        let note = try String(contentsOf: checkpoint, encoding: .utf8)
        let parts = note.components(separatedBy: "\n\n")
        let body = cli.tmp.path("body"), signature = cli.tmp.path("sig")
        try Data((parts[0] + "\n").utf8).write(to: body)
        try Data(base64Encoded: String(parts[1].split(separator: " ")[2].prefix { $0 != "\n" }))!.dropFirst(4).write(to: signature)
        let openssl = try Subprocess.run("openssl", ["pkeyutl", "-verify", "-pubin", "-inkey", key.path, "-rawin", "-in", body.path, "-sigfile", signature.path])
        #expect(openssl.status == 0, "\(openssl.stdout)\(openssl.stderr)")

        // A doctored export fails the independent verifier too.
        var lines = try String(contentsOf: export, encoding: .utf8).split(separator: "\n").map(String.init)
        lines[2] = lines[2].replacingOccurrences(of: "\"outcome\":\"ok\"", with: "\"outcome\":\"denied\"")
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: export)
        let doctored = try tool(["log", export.path, "--checkpoint", checkpoint.path, "--public-key", key.path])
        #expect(doctored.status == 1)
        #expect(doctored.stdout.contains("entry 4: prev does not match"))
    }

    @Test("verify passes, then exits 4 naming the entry after tampering and 5 after truncation; each verification is logged")
    func tamperAndTruncate() throws {
        let (cli, _) = try populated()
        let kept = cli.tmp.path("kept.txt")
        try cli.run(["audit", "checkpoint"]).stdoutData.write(to: kept)
        let clean = try cli.run(["audit", "verify", "--checkpoint", kept.path])
        #expect(clean.status == 0, "\(clean.stderr)")
        #expect(clean.stdout.contains("audit log intact"))
        #expect(try cli.sqlScalar("SELECT count(*) FROM audit_log WHERE action = 'audit.verify'") == "1")

        let database = "\(cli.vault)/catalog.sqlite"
        let attack = { (sql: String) in
            try Subprocess.run("python3", ["-c", """
                import sqlite3, sys
                db = sqlite3.connect(sys.argv[1])
                db.executescript("DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete;" + sys.argv[2])
                db.commit()
                """, database, sql])
        }
        _ = try attack("UPDATE audit_log SET entry = replace(entry, 'recording.ingest', 'recording.ingesT') WHERE seq = 3;")
        let tampered = try cli.run(["audit", "verify"])
        #expect(tampered.status == 4)
        #expect(tampered.stderr.contains("entry 3 was modified"))

        let (fresh, _) = try populated()
        let keptFresh = fresh.tmp.path("kept.txt")
        try fresh.run(["audit", "checkpoint"]).stdoutData.write(to: keptFresh)
        _ = try Subprocess.run("python3", ["-c", """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            db.executescript("DROP TRIGGER audit_log_no_delete; DROP TRIGGER audit_checkpoints_no_delete;"
                             "DELETE FROM audit_log WHERE seq > 4; DELETE FROM audit_checkpoints WHERE tree_size > 4;")
            db.commit()
            """, "\(fresh.vault)/catalog.sqlite"])
        let truncated = try fresh.run(["audit", "verify", "--checkpoint", keptFresh.path])
        #expect(truncated.status == 5, "\(truncated.stdout)\(truncated.stderr)")
        #expect(truncated.stderr.contains("cut off"))
        #expect(try fresh.sqlScalar("SELECT outcome FROM audit_log WHERE action = 'audit.verify' ORDER BY seq DESC LIMIT 1") == "failed")
    }

    @Test("a forged or foreign checkpoint file is refused as bad input")
    func foreignCheckpoint() throws {
        let (cli, _) = try populated()
        let other = CLI()
        try other.initVault()
        let foreign = cli.tmp.path("foreign.txt")
        try other.run(["audit", "checkpoint"]).stdoutData.write(to: foreign)
        let result = try cli.run(["audit", "verify", "--checkpoint", foreign.path])
        #expect(result.status == 65)
        #expect(result.stderr.contains("no valid signature"))
        #expect(try cli.run(["audit", "verify", "--checkpoint", cli.tmp.path("none.txt").path]).status == 66)
        #expect(try cli.run(["audit", "prove", "999"]).status == 66)
    }

    @Test("killing a process mid-way through its appends leaves a log that verifies")
    func killMidAppend() throws {
        let cli = CLI()
        try cli.initVault()
        let dir = cli.tmp.path("many")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for i in 0..<300 { try WAVSynth.write(to: dir.appendingPathComponent("f\(i).wav"), seconds: 0.05) }
        let process = try Subprocess.spawn(CLI.binary, ["ingest", "--vault", cli.vault, dir.path])
        let deadline = Date() + 30
        while Date() < deadline, process.isRunning, (Int(try cli.sqlScalar("SELECT count(*) FROM audit_log")) ?? 0) < 20 { usleep(2_000) }
        process.killAndWait()
        let entries = Int(try cli.sqlScalar("SELECT count(*) FROM audit_log")) ?? 0
        #expect(entries >= 20 && entries < 301, "killed after \(entries) entries")
        let verify = try cli.run(["audit", "verify"])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        #expect(try cli.run(["verify"]).status == 0)
    }
}
