import Foundation
import Logging
import Testing
import VaultCore
import VaultTestSupport

@Suite("A rotation killed mid-way")
struct RotationKillTests {
    func keyVersions(_ cli: CLI) throws -> [Int: Int] {
        let result = try Subprocess.run("python3", ["-c", "import sqlite3,sys; print(dict(sqlite3.connect(sys.argv[1]).execute('SELECT kek_version, count(*) FROM subject_keys GROUP BY kek_version').fetchall()))",
                                                    "\(cli.keys)/subject-keys.sqlite"])
        let pairs = result.stdout.trimmingCharacters(in: CharacterSet(charactersIn: "{}\n")).split(separator: ",")
        return Dictionary(uniqueKeysWithValues: pairs.compactMap { pair -> (Int, Int)? in
            let parts = pair.split(separator: ":").map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard parts.count == 2, let v = parts[0], let n = parts[1] else { return nil }
            return (v, n)
        })
    }

    @Test("kill -9 during `keys rotate`: every key stays readable under one version or the other, and a re-run finishes")
    func killRotation() throws {
        let cli = CLI()
        try cli.initVault()
        let id = try cli.run(["ingest", "--subject-phone", "+8613800000001", try cli.wav("a.wav", seconds: 0.3)]).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        // Enough subject keys that the rewrap spans many batches.
        do {
            let configuration = VaultConfiguration(vaultURL: URL(fileURLWithPath: cli.vault), keyStoreURL: URL(fileURLWithPath: cli.keys))
            let vault = try Vault.open(configuration, logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
            #expect(try vault.bulkCreateSubjectKeys(count: 200_000, prefix: "bulk-") == 200_000)
        }
        let process = try Subprocess.spawn(CLI.binary, ["keys", "rotate", "--vault", cli.vault])
        let deadline = Date() + 60
        var cut = false
        while Date() < deadline, process.isRunning {
            if let moved = try keyVersions(cli)[2], moved > 0 { cut = true; break }
            usleep(2_000)
        }
        process.killAndWait()
        try #require(cut, "the rotation finished before it could be killed")
        let split = try keyVersions(cli)
        #expect(split.values.reduce(0, +) == 200_001)
        #expect((split[1] ?? 0) > 0 && (split[2] ?? 0) > 0, "killed mid-way: \(split)")
        #expect(try cli.run(["keys", "verify"]).status == 0)  // readable under one version or the other
        #expect(try cli.run(["recordings", "audio", id, "--out", cli.tmp.path("a.opus").path]).status == 0)
        let rerun = try cli.run(["keys", "rotate"])
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(rerun.stdout.contains("finished the rotation to KEK version 2"))
        #expect(try keyVersions(cli) == [2: 200_001])
        #expect(!FileManager.default.fileExists(atPath: "\(cli.keys)/kek/0001.key"))
        #expect(try cli.run(["keys", "verify"]).status == 0)
    }
}
