import Foundation
import Testing
import VaultTestSupport

/// A vault whose catalog is a real PostgreSQL database (`Tools/postgres`) and whose objects are in a
/// real radosgw bucket with Object Lock (`Tools/ceph`), driven through the CLI: one node, then two
/// vault directories on the same catalog and bucket, as two nodes.
@Suite("A vault on PostgreSQL and S3", .serialized)
struct PostgresVaultCLITests {
    /// A CLI with PGPASSWORD and the S3 keys in its environment, and the init arguments of a new
    /// vault on a new database and bucket.
    func cluster() throws -> (cli: CLI, initArguments: [String], password: String) {
        let env = try TestCeph.environmentBlocking()
        let database = try TestPostgres.database("cli")
        let cli = CLI()
        cli.environment = env.filter { $0.key.hasPrefix("AWS_") }.merging(["PGPASSWORD": database.password]) { $1 }
        let objects = "s3://\(TestCeph.bucketName("pg"))?endpoint=\(env["CALLVAULT_S3_ENDPOINT"]!)&region=us-east-1"
        return (cli, ["init", "--key-store", cli.keys, "--catalog", database.location, "--objects", objects], database.password)
    }

    @Test("init, ingest, verify, audit verify, consent, erasure and export on PostgreSQL and S3; a second node sees one vault")
    func twoNodesOneVault() async throws {
        // Seconds of blocking subprocess work: off the cooperative pool, which the in-process servers' handlers need.
        try await OffPool.run { try self.twoNodesOneVaultBody() }
    }

    func twoNodesOneVaultBody() throws {
        let (cli, initArguments, password) = try cluster()
        let created = try cli.run(initArguments)
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stdout.contains("catalog postgres://callvault@127.0.0.1:"))
        let manifest = try String(contentsOfFile: "\(cli.vault)/vault.json", encoding: .utf8)
        #expect(manifest.contains("\"catalog\" : \"postgres:") && manifest.contains("\"format\" : 2"))
        #expect(!manifest.contains(password), "vault.json never holds the password")
        #expect(!FileManager.default.fileExists(atPath: "\(cli.vault)/catalog.sqlite"), "no SQLite catalog beside a PostgreSQL one")

        let first = try cli.run(["ingest", "--subject-phone", "+8613900000001", "--campaign", "spring", try cli.wav("a.wav", seconds: 1)])
        #expect(first.status == 0, "\(first.stderr)")

        // Node B: another vault directory with the same vault.json and key store, on the same
        // catalog and bucket (its spool is its own).
        let nodeB = cli.tmp.path("node-b").path
        try FileManager.default.createDirectory(atPath: nodeB, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: "\(cli.vault)/vault.json", toPath: "\(nodeB)/vault.json")
        let second = try cli.run(["ingest", "--vault", nodeB, "--subject-phone", "+8613900000002", try cli.wav("b.wav", seconds: 1)])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(try cli.list().count == 2, "node A lists what node B ingested")
        #expect(try cli.run(["recordings", "list", "--json", "--vault", nodeB]).stdout.contains(first.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))

        let verified = try cli.run(["verify"])
        #expect(verified.status == 0 && verified.stderr.contains("verified 2 recordings"), "\(verified.stdout)\(verified.stderr)")
        let audit = try cli.run(["audit", "verify"])
        #expect(audit.status == 0, "one audit chain across both nodes: \(audit.stdout)\(audit.stderr)")

        let phone = ["--phone", "+8613900000001"]
        #expect(try cli.run(["consent", "grant"] + phone + ["--purpose", "marketing", "--source", "signup", "--evidence", "doc-1"]).status == 0)
        let check = try cli.run(["consent", "check", "--json", "--purpose", "marketing", "--at", "2026-12-07T10:00:00+08:00", "--vault", nodeB] + phone)
        #expect(check.stdout.contains("\"allow\""), "node B reads node A's grant: \(check.stdout)\(check.stderr)")
        #expect(try cli.run(["consent", "opt-out", "--vault", nodeB] + phone).status == 0)
        let denied = try cli.run(["consent", "check", "--json", "--purpose", "marketing", "--at", "2026-12-07T10:00:00+08:00"] + phone)
        #expect(denied.stdout.contains("opted_out"), "\(denied.stdout)")
        let erasure = try cli.run(["erasure", "run"])
        #expect(erasure.status == 0, "\(erasure.stderr)")
        let status = try cli.run(["erasure", "status", "--json", "--vault", nodeB])
        #expect(status.stdout.contains("\"completed\""), "\(status.stdout)\(status.stderr)")

        let bundle = cli.tmp.path("bundle").path
        let id = second.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let exported = try cli.run(["export", "bundle", "--out", bundle, "--recording", id, "--reason", "audit", "--vault", nodeB])
        #expect(exported.status == 0, "\(exported.stderr)")
        #expect(try Subprocess.run(CLI.binary, ["verify-bundle", bundle]).status == 0)
        #expect(try cli.run(["audit", "verify", "--vault", nodeB]).status == 0)
    }

    @Test("bad catalog settings get a clear error, exit 78 or 74, and leave nothing behind; an existing catalog is never reused")
    func badCatalogSettings() async throws {
        try await OffPool.run { try self.badCatalogSettingsBody() }
    }

    func badCatalogSettingsBody() throws {
        let (cli, initArguments, password) = try cluster()
        let location = initArguments[initArguments.firstIndex(of: "--catalog")! + 1]
        func refused(_ arguments: [String], status: Int32, saying text: String, environment: [String: String]? = nil) throws {
            let saved = cli.environment
            if let environment { cli.environment = environment }
            defer { cli.environment = saved }
            let result = try cli.run(arguments)
            #expect(result.status == status, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(text) && !result.stderr.contains(password) && !result.stderr.contains("s3cr3t"), "\(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: "\(cli.vault)/vault.json"), "no vault is left half-made")
        }
        var withPassword = initArguments
        withPassword[withPassword.firstIndex(of: location)!] = location.replacingOccurrences(of: "callvault@", with: "callvault:s3cr3t@")
        try refused(withPassword, status: 78, saying: "PGPASSWORD")
        var notPostgres = initArguments
        notPostgres[notPostgres.firstIndex(of: location)!] = "mysql://callvault@127.0.0.1/x"
        try refused(notPostgres, status: 78, saying: "postgres://")
        try refused(initArguments, status: 74, saying: "password authentication failed",
                    environment: cli.environment.merging(["PGPASSWORD": "wrong"]) { $1 })

        // A database that already holds a catalog is refused, and what it holds is kept.
        #expect(try cli.run(initArguments).status == 0)
        #expect(try cli.run(["ingest", try cli.wav("a.wav", seconds: 0.5)]).status == 0)
        let other = CLI()
        other.environment = cli.environment
        var again = initArguments
        again[again.firstIndex(of: cli.keys)!] = other.keys
        let reused = try other.run(again)
        #expect(reused.status != 0 && reused.stderr.contains("already holds a callvault catalog"), "\(reused.stderr)")
        #expect(try cli.list().count == 1)
        #expect(try cli.run(["verify"]).status == 0)
    }
}
