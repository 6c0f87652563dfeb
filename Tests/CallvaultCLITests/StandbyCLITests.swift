import Foundation
import Testing
import VaultTestSupport

/// A warm standby on its own directory following a served primary's scheduled backups, then
/// promoted: the old primary, still running, is fenced; the promoted vault serves.
@Suite("callvault standby: follow, promote, fence")
struct StandbyCLITests {
    typealias Server = ServeCLITests.Server

    /// An identity made by age-keygen; its recipient.
    func identity(_ cli: CLI) throws -> (file: String, recipient: String) {
        let file = cli.tmp.path("standby.key").path
        let made = try Subprocess.run("age-keygen", ["-o", file])
        try #require(made.status == 0, "\(made.stderr)")
        let recipient = try Subprocess.run("age-keygen", ["-y", file]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        return (file, recipient)
    }

    func json(_ result: ProcessResult) throws -> [String: Any] {
        try #require(result.status == 0, "\(result.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any])
    }

    @Test("serve --backup-to --standby-recipient; standby follow applies each backup (objects reused the second time); promote fences the running primary (503, exit 69) and the promoted vault serves consent checks with the opt-out it got")
    func followPromoteFence() async throws {
        let cli = CLI()
        try cli.initVault()
        let (identity, recipient) = try identity(cli)
        let wav = try cli.wav("call.wav", seconds: 0.5)
        #expect(try cli.run(["ingest", "--subject-phone", "+8613800000001", wav, wav]).status == 0)
        let kept = "+8613900000001", optedOut = "+8613900000002"
        for number in [kept, optedOut] {
            #expect(try cli.run(["consent", "grant", "--phone", number, "--purpose", "service", "--source", "signup", "--evidence", "e"]).status == 0)
        }
        let dialer = try #require(CLI.lines(try cli.run(["tokens", "create", "--role", "dialer", "--name", "dialer"]).stdout).last)
        let backups = cli.tmp.path("backups").path, standby = cli.tmp.path("standby").path
        let auditKey = cli.tmp.path("audit-key.pem").path
        try cli.run(["audit", "public-key"]).stdout.write(toFile: auditKey, atomically: true, encoding: .utf8)

        let primary = try Server(cli, extra: ["--backup-to", backups, "--standby-recipient", recipient, "--backup-interval", "0.02"])
        defer { _ = primary.stop() }
        // The schedule backs up at once when the newest backup is older than the interval (72 s): wait for it.
        var first: [String: Any] = [:]
        for _ in 0..<60 {
            let pass = try cli.run(["standby", "follow", "--standby", standby, "--from", backups, "--identity", identity, "--once", "--json",
                                    "--audit-key", auditKey], vaultOption: false)
            if pass.status == 0 { first = try json(pass) }
            if first["applied"] as? Bool == true { break }
            #expect(pass.status == 0 || pass.stderr.contains("no backups in"), "\(pass.stderr)")
            try await Task.sleep(for: .milliseconds(500))
        }
        #expect(first["applied"] as? Bool == true, "\(first)")
        #expect((first["restore"] as? [String: Any])?["objects"] as? Int == 2)
        // A backup without the recipient carries no key store: a standby cannot apply it.
        let bareBackups = cli.tmp.path("bare-backups").path
        #expect(try cli.run(["backup", "--to", bareBackups]).status == 0)
        let bare = try cli.run(["standby", "follow", "--standby", cli.tmp.path("bare-standby").path, "--from", bareBackups, "--identity", identity, "--once",
                                "--audit-key", auditKey], vaultOption: false)
        #expect(bare.status == 65 && bare.stderr.contains("carries no key store"), "\(bare.status) \(bare.stderr)")
        let status = try cli.run(["standby", "status", "--standby", standby], vaultOption: false)
        #expect(status.status == 0 && status.stdout.contains("backup \(first["backup_id"] as? String ?? "?") applied"))

        // Written on the primary after that backup: an opt-out and a third recording; then a backup by hand.
        #expect(try cli.run(["consent", "opt-out", "--phone", optedOut]).status == 0)
        #expect(try cli.run(["ingest", "--subject-phone", "+8613800000003", wav]).status == 0)
        #expect(try cli.run(["backup", "--to", backups, "--standby-recipient", recipient]).status == 0)
        let second = try json(try cli.run(["standby", "follow", "--standby", standby, "--from", backups, "--identity", identity, "--once", "--json"],
                                          vaultOption: false))
        let restore = try #require(second["restore"] as? [String: Any])
        #expect(second["applied"] as? Bool == true && restore["objects"] as? Int == 3 && restore["objects_reused"] as? Int == 2, "\(second)")
        let again = try json(try cli.run(["standby", "follow", "--standby", standby, "--from", backups, "--identity", identity, "--once", "--json"],
                                         vaultOption: false))
        #expect(again["applied"] as? Bool == false)
        let generations = try FileManager.default.contentsOfDirectory(atPath: "\(standby)/generations")
        #expect(generations == [second["backup_id"] as? String ?? "?"], "only the applied generation is kept: \(generations)")

        // Before the promotion the primary answers.
        let client = primary.client
        #expect(try await client.send("POST", "/v1/consent/check", token: dialer, json: ["number": kept, "purpose": "service"]).status == 200)

        let promoted = try json(try cli.run(["standby", "promote", "--standby", standby, "--json"], vaultOption: false))
        let vault = try #require(promoted["vault"] as? String), keys = try #require(promoted["key_store"] as? String)
        #expect(promoted["backup_id"] as? String == second["backup_id"] as? String)
        let follower = try cli.run(["standby", "follow", "--standby", standby, "--from", backups, "--identity", identity, "--once"], vaultOption: false)
        #expect(follower.status == 65 && follower.stderr.contains("was promoted"), "\(follower.stderr)")

        // The running primary finds the fence within its look interval (5 s) and refuses.
        var fenced = false
        for _ in 0..<40 where !fenced {
            try await Task.sleep(for: .milliseconds(500))
            fenced = try await client.send("GET", "/readyz").status == 503
        }
        #expect(fenced, "the primary did not notice the fence: \(primary.errorOutput)")
        let check = try await client.send("POST", "/v1/consent/check", token: dialer, json: ["number": kept, "purpose": "service"])
        #expect(check.status == 503 && String(decoding: check.body, as: UTF8.self).contains("fenced"), "\(check.status)")
        let ingest = try cli.run(["ingest", wav])
        #expect(ingest.status == 69 && ingest.stderr.contains("fenced"), "\(ingest.status) \(ingest.stderr)")
        #expect(try cli.run(["backup", "--to", backups]).status == 69)
        #expect(try cli.run(["consent", "check", "--phone", kept, "--purpose", "service"]).status == 69)
        #expect(try cli.run(["serve", "--port", "0"]).status == 69)

        // The promoted vault: the opt-out replayed, its own fence does not stop it, it serves consent checks.
        let optOut = try cli.run(["consent", "check", "--vault", vault, "--key-store", keys, "--phone", optedOut, "--purpose", "service"], vaultOption: false)
        #expect(optOut.status == 0 && optOut.stdout.contains("opted_out"), "\(optOut.stdout) \(optOut.stderr)")
        #expect(try cli.run(["verify", "--vault", vault, "--key-store", keys], vaultOption: false).status == 0)
        #expect(try cli.run(["audit", "verify", "--vault", vault, "--key-store", keys], vaultOption: false).status == 0)
        let successor = try Server(cli, vault: vault, extra: ["--key-store", keys, "--backup-to", backups])
        defer { _ = successor.stop() }
        try await Task.sleep(for: .seconds(1))
        #expect(try await successor.client.send("GET", "/readyz").status == 200)
        // The same answers as the primary gave before it was fenced (the time of day may deny both: quiet hours).
        for number in [kept, optedOut] {
            let answer = try await successor.client.send("POST", "/v1/consent/check", token: dialer, json: ["number": number, "purpose": "service"])
            let reasons = (try? JSONSerialization.jsonObject(with: answer.body) as? [String: Any])?["reasons"] as? [String]
            #expect(answer.status == 200 && reasons?.contains("opted_out") == (number == optedOut),
                    "\(answer.status) \(String(decoding: answer.body, as: UTF8.self))")
        }
        let ingested = try cli.run(["ingest", "--vault", vault, "--key-store", keys, wav], vaultOption: false)
        #expect(ingested.status == 0, "\(ingested.stderr)")
    }

    @Test("kill -9 of a follower while it applies a backup: the standby keeps the backup it had, and the next pass applies the new one whole")
    func killedFollower() throws {
        let helpers = BackupCLITests()
        let (cli, _) = try helpers.vault(count: 2, seconds: 0.5)
        let (identity, recipient) = try identity(cli)
        let backups = cli.tmp.path("backups").path, standby = cli.tmp.path("standby").path
        let follow = ["standby", "follow", "--standby", standby, "--from", backups, "--identity", identity, "--once", "--json"]
        #expect(try cli.run(["backup", "--to", backups, "--standby-recipient", recipient]).status == 0)
        let withoutKey = try cli.run(follow, vaultOption: false)
        #expect(withoutKey.status == 65 && withoutKey.stderr.contains("--audit-key"), "\(withoutKey.stderr)")
        let hex = try cli.run(["audit", "public-key"]).stdout
        let keyFile = cli.tmp.path("audit.pem").path
        try hex.write(toFile: keyFile, atomically: true, encoding: .utf8)
        let first = try json(try cli.run(follow + ["--audit-key", keyFile], vaultOption: false))
        let before = Set(helpers.objectPaths(under: "\(backups)/objects"))
        #expect(try cli.run(["ingest", "--subject-phone", "+8613800000002", try cli.wav("b.wav", seconds: 0.5)]).status == 0)
        let second = try json(try cli.run(["backup", "--to", backups, "--standby-recipient", recipient, "--json"]))
        // The new object blocks the follower's copy: the kill lands inside the restore.
        let blocked = try #require(helpers.objectPaths(under: "\(backups)/objects").first { !before.contains($0) })
        let (putBack, _) = try helpers.blockingFIFO(at: "\(backups)/objects/\(blocked)")
        let generation = "\(standby)/generations/\(second["backup_id"] as? String ?? "?")"
        try helpers.killWhen(cli, follow) { FileManager.default.fileExists(atPath: "\(generation)/vault/objects") }
        try putBack()
        let status = try cli.run(["standby", "status", "--standby", standby], vaultOption: false)
        #expect(status.stdout.contains("backup \(first["backup_id"] as? String ?? "?") applied"), "\(status.stdout)")
        #expect(FileManager.default.fileExists(atPath: generation), "the killed pass left its generation")
        let current = "\(standby)/current"
        #expect(try cli.run(["verify", "--vault", "\(current)/vault", "--key-store", "\(current)/keys"], vaultOption: false).status == 0)

        let pass = try json(try cli.run(follow, vaultOption: false))
        #expect(pass["applied"] as? Bool == true && pass["backup_id"] as? String == second["backup_id"] as? String)
        #expect(try FileManager.default.contentsOfDirectory(atPath: "\(standby)/generations") == [second["backup_id"] as? String ?? "?"])
        let verify = try cli.run(["verify", "--vault", "\(current)/vault", "--key-store", "\(current)/keys"], vaultOption: false)
        #expect(verify.status == 0, "\(verify.stderr)")
        #expect(try cli.run(["recordings", "list", "--vault", "\(current)/vault", "--key-store", "\(current)/keys", "--json"], vaultOption: false)
            .stdout.contains("*******0002"))
    }

    @Test("bad standby arguments get a clear error and write nothing: a malformed recipient (64), an audit key that is no key (65), a missing identity (66), an identity others can read (77)")
    func badArguments() throws {
        let cli = CLI()
        try cli.initVault()
        let (identity, recipient) = try identity(cli)
        let backups = cli.tmp.path("backups").path, standby = cli.tmp.path("standby").path
        let badRecipient = try cli.run(["backup", "--to", backups, "--standby-recipient", "age1notakey"])
        #expect(badRecipient.status == 64 && badRecipient.stderr.contains("not an age X25519 recipient"), "\(badRecipient.stderr)")
        #expect(!FileManager.default.fileExists(atPath: backups))
        #expect(try cli.run(["backup", "--to", backups, "--standby-recipient", recipient]).status == 0)

        let follow = ["standby", "follow", "--standby", standby, "--from", backups, "--once"]
        let notAKey = cli.tmp.path("not-a-key.pem").path
        try "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n".write(toFile: notAKey, atomically: true, encoding: .utf8)
        let badKey = try cli.run(follow + ["--identity", identity, "--audit-key", notAKey], vaultOption: false)
        #expect(badKey.status == 65 && badKey.stderr.contains("is not an Ed25519 public key"), "\(badKey.stderr)")
        let missing = try cli.run(follow + ["--identity", cli.tmp.path("nowhere.key").path, "--audit-key", notAKey], vaultOption: false)
        #expect(missing.status == 66 && missing.stderr.contains("cannot read the identity file"), "\(missing.stderr)")
        chmod(identity, 0o644)
        let loose = try cli.run(follow + ["--identity", identity, "--audit-key", notAKey], vaultOption: false)
        #expect(loose.status == 77 && loose.stderr.contains("readable by others"), "\(loose.stderr)")
        #expect(!FileManager.default.fileExists(atPath: standby), "no refused pass made the standby's directory")
        // The backup they were pointed at is as it was: a standby with good arguments applies it.
        chmod(identity, 0o600)
        let auditKey = cli.tmp.path("audit-key.pem").path
        try cli.run(["audit", "public-key"]).stdout.write(toFile: auditKey, atomically: true, encoding: .utf8)
        let pass = try json(try cli.run(follow + ["--identity", identity, "--audit-key", auditKey, "--json"], vaultOption: false))
        #expect(pass["applied"] as? Bool == true)
    }
}
