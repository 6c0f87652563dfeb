import Foundation
import Testing
import VaultS3
import VaultTestSupport

@Suite("callvault backup and restore")
struct BackupCLITests {
    /// A vault with `count` recordings of `seconds` each, and a copy of its key store for restores.
    func vault(count: Int, seconds: Double) throws -> (CLI, keysCopy: String) {
        let cli = CLI()
        try cli.initVault()
        let wav = try cli.wav("call.wav", seconds: seconds)
        let ingest = try cli.run(["ingest", "--subject-phone", "+8613800000001"] + Array(repeating: wav, count: count))
        try #require(ingest.status == 0, "\(ingest.stderr)")
        let copy = cli.tmp.path("keys-copy").path
        try FileManager.default.copyItem(atPath: cli.keys, toPath: copy)
        return (cli, copy)
    }

    @Test("backup --to s3://… and restore --from s3://… (a real radosgw): the restored vault verifies; without the bucket's keys both exit 78 and write nothing")
    func bucketRoundTrip() throws {
        let env = try TestCeph.environmentBlocking()
        let (cli, keys) = try vault(count: 2, seconds: 0.5)
        let bucket = "s3://\(TestCeph.bucketName("cli-backup"))?endpoint=\(env["CALLVAULT_S3_ENDPOINT"]!)"
        let bare = try cli.run(["backup", "--to", bucket])
        #expect(bare.status == 78 && bare.stderr.contains("AWS_ACCESS_KEY_ID"), "\(bare.status) \(bare.stderr)")
        let bareRestore = try cli.run(["restore", "--from", bucket, "--vault", cli.tmp.path("r0").path, "--key-store", keys])
        #expect(bareRestore.status == 78 && bareRestore.stderr.contains("AWS_ACCESS_KEY_ID"), "\(bareRestore.status) \(bareRestore.stderr)")
        #expect(!FileManager.default.fileExists(atPath: cli.tmp.path("r0").path))
        let client = S3Client(location: try S3Location(parsing: bucket), credentials: try S3Credentials.fromEnvironment(env))
        #expect((try? client.listKeys()) ?? [] == [], "nothing was written without keys")
        cli.environment = env
        let backup = try cli.run(["backup", "--to", bucket, "--json"])
        try #require(backup.status == 0, "\(backup.stderr)")
        let result = try #require(try JSONSerialization.jsonObject(with: backup.stdoutData) as? [String: Any])
        #expect(result["objects"] as? Int == 2 && result["objects_copied"] as? Int == 2)
        let restored = cli.tmp.path("restored").path
        let restore = try cli.run(["restore", "--from", bucket, "--vault", restored, "--key-store", keys, "--json"])
        try #require(restore.status == 0, "\(restore.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: restore.stdoutData) as? [String: Any])
        #expect(report["backup_id"] as? String == result["backup_id"] as? String && report["objects"] as? Int == 2)
        #expect(try cli.run(["verify", "--vault", restored, "--key-store", keys]).status == 0)
        #expect(try cli.run(["recordings", "list", "--vault", restored, "--key-store", keys, "--json"]).stdout.contains("*******0001"))
    }

    @Test("backup --json, restore --json, and the restored vault verifies; a damaged backup exits 65 naming the file and leaves nothing")
    func roundTrip() throws {
        let (cli, keys) = try vault(count: 2, seconds: 0.5)
        let backups = cli.tmp.path("backups").path
        let backup = try cli.run(["backup", "--to", backups, "--json"])
        try #require(backup.status == 0, "\(backup.stderr)")
        let result = try #require(try JSONSerialization.jsonObject(with: backup.stdoutData) as? [String: Any])
        #expect(result["objects"] as? Int == 2 && result["objects_copied"] as? Int == 2)
        let missing = try cli.run(["restore", "--from", backups, "--vault", cli.tmp.path("r0").path])
        #expect(missing.status == 64 && missing.stderr.contains("--key-store is required"))

        let restored = cli.tmp.path("restored").path
        let restore = try cli.run(["restore", "--from", backups, "--vault", restored, "--key-store", keys, "--json"])
        try #require(restore.status == 0, "\(restore.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: restore.stdoutData) as? [String: Any])
        #expect(report["backup_id"] as? String == result["backup_id"] as? String)
        #expect((report["steps"] as? [[String: Any]])?.count == 7)
        #expect(try cli.run(["verify", "--vault", restored, "--key-store", keys]).status == 0)
        #expect(try cli.run(["audit", "verify", "--vault", restored, "--key-store", keys]).status == 0)
        let ingest = try cli.run(["ingest", "--vault", restored, "--key-store", keys, try cli.wav("after.wav", seconds: 0.3)])
        #expect(ingest.status == 0, "the restored vault takes ingests: \(ingest.stderr)")
        let again = try cli.run(["restore", "--from", backups, "--vault", restored, "--key-store", keys])
        #expect(again.status != 0 && again.stderr.contains("a vault already exists"))

        let object = try #require(FileManager.default.enumerator(atPath: "\(backups)/objects")?.allObjects.compactMap { $0 as? String }
            .first { $0.hasSuffix(".cvseal") })
        let url = URL(fileURLWithPath: "\(backups)/objects/\(object)")
        var bytes = try Data(contentsOf: url)
        bytes[bytes.count - 1] ^= 0x80
        try bytes.write(to: url)
        let damaged = cli.tmp.path("damaged").path
        let refused = try cli.run(["restore", "--from", backups, "--vault", damaged, "--key-store", keys])
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("objects/\(object) does not match its SHA-256"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: damaged))
    }

    @Test("bad backup and restore arguments are refused with a clear error and touch nothing")
    func badArguments() throws {
        let (cli, keys) = try vault(count: 1, seconds: 0.3)
        let backups = cli.tmp.path("backups").path
        func expect(_ arguments: [String], status: Int32, says fragment: String, vaultOption: Bool = true,
                    sourceLocation: SourceLocation = #_sourceLocation) throws {
            let result = try cli.run(arguments, vaultOption: vaultOption)
            #expect(result.status == status, "\(arguments): \(result.status) \(result.stderr)", sourceLocation: sourceLocation)
            #expect(result.stderr.contains(fragment), "\(arguments): \(result.stderr)", sourceLocation: sourceLocation)
        }
        try expect(["backup", "--to", backups, "--keep", "0"], status: 64, says: "--keep must be at least 1")
        try expect(["backup", "--to", "\(cli.vault)/inside"], status: 65, says: "is inside the vault")
        #expect(!FileManager.default.fileExists(atPath: backups) && !FileManager.default.fileExists(atPath: "\(cli.vault)/inside"))
        // Through a symlink too.
        let link = cli.tmp.path("link-to-vault").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: cli.vault)
        try expect(["backup", "--to", "\(link)/inside"], status: 65, says: "is inside the vault")
        #expect(!FileManager.default.fileExists(atPath: "\(cli.vault)/inside"))
        try expect(["serve", "--backup-to", backups, "--backup-keep", "0"], status: 64, says: "--backup-keep")
        try expect(["serve", "--backup-to", backups, "--backup-interval", "0"], status: 64, says: "--backup-interval")

        let empty = cli.tmp.path("empty").path
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        try expect(["restore", "--from", empty, "--vault", cli.tmp.path("r1").path, "--key-store", keys], status: 66, says: "no backups in")
        #expect(try cli.run(["backup", "--to", backups]).status == 0)
        try expect(["restore", "--from", backups, "--backup", "20000101T000000Z", "--vault", cli.tmp.path("r2").path, "--key-store", keys],
                   status: 66, says: "no backup 20000101T000000Z")
        try expect(["restore", "--from", backups, "--key-store", keys], status: 64, says: "--vault is required", vaultOption: false)
        let occupied = cli.tmp.path("occupied").path
        try FileManager.default.createDirectory(atPath: occupied, withIntermediateDirectories: true)
        try Data("keep me".utf8).write(to: URL(fileURLWithPath: "\(occupied)/notes.txt"))
        try expect(["restore", "--from", backups, "--vault", occupied, "--key-store", keys], status: 73, says: "is not empty")
        #expect(try String(contentsOfFile: "\(occupied)/notes.txt", encoding: .utf8) == "keep me")
        #expect(try FileManager.default.contentsOfDirectory(atPath: occupied) == ["notes.txt"])
        for name in ["r1", "r2"] { #expect(!FileManager.default.fileExists(atPath: cli.tmp.path(name).path)) }
        // The vault and its backup are as they were: the backup restores and verifies.
        let restored = cli.tmp.path("restored").path
        #expect(try cli.run(["restore", "--from", backups, "--vault", restored, "--key-store", keys]).status == 0)
        #expect(try cli.run(["verify", "--vault", restored, "--key-store", keys]).status == 0)
    }

    /// Replaces the file at `path` by a FIFO nobody writes to, so whoever opens it blocks there:
    /// a kill -9 lands at a known step, and the file is put back by `restore`.
    func blockingFIFO(at path: String) throws -> (restore: () throws -> Void, Void) {
        let saved = try Data(contentsOf: URL(fileURLWithPath: path))
        try FileManager.default.removeItem(atPath: path)
        try #require(mkfifo(path, 0o600) == 0)
        return ({
            try FileManager.default.removeItem(atPath: path)
            try saved.write(to: URL(fileURLWithPath: path))
        }, ())
    }

    /// Runs `callvault ARGS` until `ready` holds and the process has had time to block, then kills it with SIGKILL.
    func killWhen(_ cli: CLI, _ arguments: [String], ready: () -> Bool) throws {
        let process = try Subprocess.spawn(CLI.binary, arguments)
        let deadline = Date() + 60
        while Date() < deadline, process.isRunning, !ready() { usleep(1_000) }
        usleep(300_000)
        #expect(process.isRunning, "\(arguments[0]) ended before it reached the blocked object")
        process.killAndWait()
    }

    func objectPaths(under directory: String) -> [String] {
        (FileManager.default.enumerator(atPath: directory)?.allObjects.compactMap { $0 as? String } ?? []).filter { $0.hasSuffix(".cvseal") }.sorted()
    }

    @Test("restore --identity killed with SIGKILL after the key store came out of the backup: the same command again finishes with that key store; an identity others can read exits 77")
    func killedRestoreWithTheBackupsKeyStore() throws {
        let (cli, _) = try vault(count: 3, seconds: 0.5)
        let identity = cli.tmp.path("dr.key").path
        #expect(try Subprocess.run("age-keygen", ["-o", identity]).status == 0)
        let recipient = try Subprocess.run("age-keygen", ["-y", identity]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let auditKey = cli.tmp.path("audit.pem").path
        try cli.run(["audit", "public-key"]).stdoutData.write(to: URL(fileURLWithPath: auditKey))
        let backups = cli.tmp.path("backups").path
        #expect(try cli.run(["backup", "--to", backups, "--standby-recipient", recipient]).status == 0)
        let restored = cli.tmp.path("restored").path, keys = cli.tmp.path("new-keys").path
        let command = ["restore", "--from", backups, "--vault", restored, "--key-store", keys, "--identity", identity, "--audit-key", auditKey]
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: identity)
        let exposed = try cli.run(command)
        #expect(exposed.status == 77 && !FileManager.default.fileExists(atPath: keys), "\(exposed.status) \(exposed.stderr)")
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: identity)

        let last = try #require(objectPaths(under: "\(backups)/objects").last)
        let (putBack, _) = try blockingFIFO(at: "\(backups)/objects/\(last)")
        try killWhen(cli, command) { FileManager.default.fileExists(atPath: "\(restored)/.restore.json") }
        try putBack()
        #expect(FileManager.default.fileExists(atPath: "\(keys)/keystore.json"), "the key store came out whole before the objects")
        #expect(!FileManager.default.fileExists(atPath: "\(restored)/vault.json"))
        let rerun = try cli.run(command)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(try cli.run(["verify", "--vault", restored, "--key-store", keys]).status == 0)
        #expect(try cli.run(["audit", "verify", "--vault", restored, "--key-store", keys]).status == 0)
        // A new restore never overwrites a key store that is there.
        let again = try cli.run(["restore", "--from", backups, "--vault", cli.tmp.path("third").path, "--key-store", keys, "--identity", identity,
                                 "--audit-key", auditKey])
        #expect(again.status == 73 && again.stderr.contains("exists: restore with it"), "\(again.status) \(again.stderr)")
    }

    @Test("kill -9 during a restore: a second restore starts over and finishes; kill -9 during a backup leaves no backup, and the next one is whole")
    func killed() throws {
        let (cli, keys) = try vault(count: 3, seconds: 0.5)
        let backups = cli.tmp.path("backups").path
        #expect(try cli.run(["backup", "--to", backups]).status == 0)
        let restored = cli.tmp.path("restored").path
        let marker = "\(restored)/.restore.json"
        // The restore copies objects in order; the last one blocks it part-way.
        let last = try #require(objectPaths(under: "\(backups)/objects").last)
        let (putBack, _) = try blockingFIFO(at: "\(backups)/objects/\(last)")
        try killWhen(cli, ["restore", "--from", backups, "--vault", restored, "--key-store", keys]) {
            FileManager.default.fileExists(atPath: marker)
        }
        try putBack()
        #expect(FileManager.default.fileExists(atPath: marker))
        #expect(!FileManager.default.fileExists(atPath: "\(restored)/vault.json"))
        #expect(objectPaths(under: "\(restored)/objects").count == 2)  // killed part-way through the objects
        #expect(try cli.run(["recordings", "list", "--vault", restored, "--key-store", keys]).status != 0)  // not a vault
        let rerun = try cli.run(["restore", "--from", backups, "--vault", restored, "--key-store", keys])
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(!FileManager.default.fileExists(atPath: marker))
        #expect(try cli.run(["verify", "--vault", restored, "--key-store", keys]).status == 0)
        #expect(try cli.run(["audit", "verify", "--vault", restored, "--key-store", keys]).status == 0)

        // A backup killed while it copies the vault's new objects.
        let before = Set(objectPaths(under: "\(cli.vault)/objects"))
        #expect(try cli.run(["ingest", "--subject-phone", "+8613800000002"] + Array(repeating: try cli.wav("b.wav", seconds: 0.5), count: 3)).status == 0)
        let blocked = try #require(objectPaths(under: "\(cli.vault)/objects").filter { !before.contains($0) }.last)
        let (putBackObject, _) = try blockingFIFO(at: "\(cli.vault)/objects/\(blocked)")
        func partial() -> Bool {
            ((try? FileManager.default.contentsOfDirectory(atPath: "\(backups)/backups")) ?? []).contains { $0.hasSuffix(".partial") }
        }
        try killWhen(cli, ["backup", "--to", backups, "--vault", cli.vault], ready: partial)
        try putBackObject()
        #expect(partial())
        let listed = try FileManager.default.contentsOfDirectory(atPath: "\(backups)/backups").filter { !$0.hasPrefix(".") }
        #expect(listed.count == 1)  // the killed one is no backup
        let next = try cli.run(["backup", "--to", backups, "--json"])
        #expect(next.status == 0, "\(next.stderr)")
        #expect(!partial())
        let second = cli.tmp.path("restored-2").path
        let keys2 = cli.tmp.path("keys-copy-2").path
        try FileManager.default.copyItem(atPath: cli.keys, toPath: keys2)
        #expect(try cli.run(["restore", "--from", backups, "--vault", second, "--key-store", keys2]).status == 0)
        #expect(try cli.run(["verify", "--vault", second, "--key-store", keys2]).status == 0)
    }
}
