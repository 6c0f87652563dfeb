import Foundation
import Testing
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
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLI.binary)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date() + 60
        while Date() < deadline, process.isRunning, !ready() { usleep(1_000) }
        usleep(300_000)
        #expect(process.isRunning, "\(arguments[0]) ended before it reached the blocked object")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    func objectPaths(under directory: String) -> [String] {
        (FileManager.default.enumerator(atPath: directory)?.allObjects.compactMap { $0 as? String } ?? []).filter { $0.hasSuffix(".cvseal") }.sorted()
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
