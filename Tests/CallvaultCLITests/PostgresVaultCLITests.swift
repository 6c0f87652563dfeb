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
        // Over TLS, the server's certificate checked against its CA, as a production location would be.
        let catalog = "\(database.location)?sslmode=verify-full&sslrootcert=\(try TestPostgres.certificateAuthority())"
        return (cli, ["init", "--key-store", cli.keys, "--catalog", catalog, "--objects", objects], database.password)
    }

    /// A second node of `cli`'s vault: a vault directory of its own holding the same vault.json
    /// (so the same catalog and bucket; its spool is its own).
    static func secondNode(of cli: CLI) throws -> String {
        let node = cli.tmp.path("node-b").path
        try FileManager.default.createDirectory(atPath: node, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: "\(cli.vault)/vault.json", toPath: "\(node)/vault.json")
        return node
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
        #expect(manifest.contains("?sslmode=verify-full&sslrootcert="), "the TLS settings are kept with the location: \(manifest)")
        #expect(!manifest.contains(password), "vault.json never holds the password")
        #expect(!FileManager.default.fileExists(atPath: "\(cli.vault)/catalog.sqlite"), "no SQLite catalog beside a PostgreSQL one")

        let first = try cli.run(["ingest", "--subject-phone", "+8613900000001", "--campaign", "spring", try cli.wav("a.wav", seconds: 1)])
        #expect(first.status == 0, "\(first.stderr)")

        // Node B: another vault directory with the same vault.json and a copy of the key store of
        // its own, on the same catalog and bucket (its spool is its own). The subject keys are in
        // the catalog, so what one node makes or destroys the other sees.
        let nodeB = try Self.secondNode(of: cli)
        let keysB = cli.tmp.path("keys-b").path
        try FileManager.default.copyItem(atPath: cli.keys, toPath: keysB)
        #expect(!FileManager.default.fileExists(atPath: "\(cli.keys)/subject-keys.sqlite"), "no subject keys in the key store")
        let second = try cli.run(["ingest", "--vault", nodeB, "--key-store", keysB, "--subject-phone", "+8613900000002", try cli.wav("b.wav", seconds: 1)])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(try cli.list().count == 2, "node A lists what node B ingested")
        #expect(try cli.run(["recordings", "list", "--json", "--vault", nodeB, "--key-store", keysB]).stdout.contains(first.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))

        let verified = try cli.run(["verify"])
        #expect(verified.status == 0 && verified.stderr.contains("verified 2 recordings"), "\(verified.stdout)\(verified.stderr)")
        let audit = try cli.run(["audit", "verify"])
        #expect(audit.status == 0, "one audit chain across both nodes: \(audit.stdout)\(audit.stderr)")

        let firstID = first.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let heard = try cli.run(["recordings", "audio", firstID, "--out", cli.tmp.path("first-on-b.ogg").path, "--vault", nodeB, "--key-store", keysB])
        #expect(heard.status == 0, "node B opens node A's recording with the subject key from the catalog: \(heard.stderr)")

        let phone = ["--phone", "+8613900000001"]
        #expect(try cli.run(["consent", "grant"] + phone + ["--purpose", "marketing", "--source", "signup", "--evidence", "doc-1"]).status == 0)
        let check = try cli.run(["consent", "check", "--json", "--purpose", "marketing", "--at", "2026-12-07T10:00:00+08:00", "--vault", nodeB, "--key-store", keysB] + phone)
        #expect(check.stdout.contains("\"allow\""), "node B reads node A's grant: \(check.stdout)\(check.stderr)")
        #expect(try cli.run(["consent", "opt-out", "--vault", nodeB, "--key-store", keysB] + phone).status == 0)
        let denied = try cli.run(["consent", "check", "--json", "--purpose", "marketing", "--at", "2026-12-07T10:00:00+08:00"] + phone)
        #expect(denied.stdout.contains("opted_out"), "\(denied.stdout)")
        let erasure = try cli.run(["erasure", "run"])
        #expect(erasure.status == 0, "\(erasure.stderr)")
        let status = try cli.run(["erasure", "status", "--json", "--vault", nodeB, "--key-store", keysB])
        #expect(status.stdout.contains("\"completed\""), "\(status.stdout)\(status.stderr)")
        // Shredded on node A (its subject key destroyed in the catalog): gone on node B too, whose key store is its own.
        let third = try cli.run(["ingest", "--subject-phone", "+8613900000003", try cli.wav("c.wav", seconds: 1)])
        let thirdID = third.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try cli.run(["recordings", "audio", thirdID, "--out", cli.tmp.path("third.ogg").path, "--vault", nodeB, "--key-store", keysB]).status == 0)
        let shred = try cli.run(["subject", "shred", "--phone", "+8613900000003", "--reason", "court order 12"])
        #expect(shred.status == 0, "\(shred.stderr)")
        let gone = try cli.run(["recordings", "audio", thirdID, "--out", cli.tmp.path("gone.ogg").path, "--vault", nodeB, "--key-store", keysB])
        #expect(gone.status == 6, "\(gone.status) \(gone.stderr)")

        let bundle = cli.tmp.path("bundle").path
        let id = second.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let exported = try cli.run(["export", "bundle", "--out", bundle, "--recording", id, "--reason", "audit", "--vault", nodeB, "--key-store", keysB])
        #expect(exported.status == 0, "\(exported.stderr)")
        #expect(try Subprocess.run(CLI.binary, ["verify-bundle", bundle]).status == 0)
        #expect(try cli.run(["audit", "verify", "--vault", nodeB, "--key-store", keysB]).status == 0)
    }

    @Test("a vault on PostgreSQL and S3 backs up, and restores on a new machine as a vault on one box: key store first, then the vault; an opt-out since stays")
    func backupRestoresOnANewMachine() async throws {
        try await OffPool.run { try self.backupRestoresOnANewMachineBody() }
    }

    func backupRestoresOnANewMachineBody() throws {
        let (cli, initArguments, _) = try cluster()
        try #require(try cli.run(initArguments).status == 0)
        let kept = try cli.run(["ingest", "--subject-phone", "+8613900000001", try cli.wav("a.wav", seconds: 1)])
        let erased = try cli.run(["ingest", "--subject-phone", "+8613900000002", try cli.wav("b.wav", seconds: 1)])
        let shredded = try cli.run(["ingest", "--subject-phone", "+8613900000003", try cli.wav("c.wav", seconds: 1)])
        try #require(kept.status == 0 && erased.status == 0 && shredded.status == 0, "\(kept.stderr)\(erased.stderr)\(shredded.stderr)")
        let backups = cli.tmp.path("backups").path
        let backup = try cli.run(["backup", "--to", backups, "--json"])
        try #require(backup.status == 0, "\(backup.stderr)")
        let result = try #require(try JSONSerialization.jsonObject(with: backup.stdoutData) as? [String: Any])
        #expect(result["objects"] as? Int == 3 && result["objects_copied"] as? Int == 3)
        // A second backup carries the key store to a recipient whose identity is kept offline.
        let identity = cli.tmp.path("dr.key").path
        #expect(try Subprocess.run("age-keygen", ["-o", identity]).status == 0)
        let recipient = try Subprocess.run("age-keygen", ["-y", identity]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let carrying = cli.tmp.path("carrying").path
        #expect(try cli.run(["backup", "--to", carrying, "--standby-recipient", recipient]).status == 0)
        let auditKey = cli.tmp.path("audit.pem").path
        try cli.run(["audit", "public-key"]).stdoutData.write(to: URL(fileURLWithPath: auditKey))
        let standby = try cli.run(["standby", "follow", "--standby", cli.tmp.path("standby").path, "--from", carrying, "--identity", identity,
                                   "--audit-key", auditKey, "--once"], vaultOption: false)
        #expect(standby.status != 0 && standby.stderr.contains("a standby follows vaults whose catalog is SQLite"), "\(standby.status) \(standby.stderr)")

        // After the backup: the second number opts out and is erased (its new recording restricted),
        // the third is shredded (its key destroyed); then the key store is backed up.
        let phone = ["--phone", "+8613900000002"]
        #expect(try cli.run(["consent", "opt-out"] + phone).status == 0)
        #expect(try cli.run(["erasure", "run"]).status == 0)
        #expect(try cli.run(["subject", "shred", "--phone", "+8613900000003", "--reason", "court order 12"]).status == 0)
        let passphrase = cli.tmp.path("pass.txt")
        try Data("correct horse battery staple\n".utf8).write(to: passphrase)
        let keyBackup = cli.tmp.path("keys.age").path
        #expect(try cli.run(["keys", "backup", "--out", keyBackup, "--passphrase-file", passphrase.path]).status == 0)

        // The new machine: no vault, no database, no bucket; the key store, then the vault.
        let vault = cli.tmp.path("new-machine/vault").path, keys = cli.tmp.path("new-machine/keys").path
        let nowhere = try cli.run(["keys", "restore", keyBackup, "--vault", vault, "--passphrase-file", passphrase.path])
        #expect(nowhere.status == 78 && nowhere.stderr.contains("give --key-store DIR"), "\(nowhere.status) \(nowhere.stderr)")
        let keysRestored = try cli.run(["keys", "restore", keyBackup, "--vault", vault, "--key-store", keys, "--passphrase-file", passphrase.path])
        #expect(keysRestored.status == 0, "\(keysRestored.stderr)")
        #expect(FileManager.default.fileExists(atPath: "\(keys)/subject-keys.sqlite"), "the subject keys the catalog kept are in the key backup")
        let restore = try cli.run(["restore", "--from", backups, "--vault", vault, "--key-store", keys, "--json"])
        try #require(restore.status == 0, "\(restore.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: restore.stdoutData) as? [String: Any])
        #expect(report["objects"] as? Int == 3 && report["keys_destroyed"] as? Int == 1, "\(report)")
        #expect(report["opt_outs_replayed"] as? Int == 1 && report["erasures_completed"] as? Int == 1, "\(report)")
        let manifest = try String(contentsOfFile: "\(vault)/vault.json", encoding: .utf8)
        #expect(!manifest.contains("postgres:") && !manifest.contains("s3:"), "a vault on one box: \(manifest)")
        let on = ["--vault", vault, "--key-store", keys]
        let verified = try cli.run(["verify"] + on)
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
        #expect(try cli.run(["audit", "verify"] + on).status == 0)
        func id(_ result: ProcessResult) -> String { result.stdout.trimmingCharacters(in: .whitespacesAndNewlines) }
        #expect(try cli.run(["recordings", "audio", id(kept), "--out", cli.tmp.path("kept.ogg").path] + on).status == 0)
        let restricted = try cli.run(["recordings", "show", id(erased), "--json"] + on)
        #expect(restricted.stdout.contains("\"restricted\""), "erased within the retention minimum: restricted, as on the old vault: \(restricted.stdout)")
        let gone = try cli.run(["recordings", "audio", id(shredded), "--out", cli.tmp.path("gone.ogg").path] + on)
        #expect(gone.status == 6, "the shredded subject's key stays destroyed: \(gone.status) \(gone.stderr)")
        let check = try cli.run(["consent", "check", "--json", "--purpose", "marketing"] + phone + on)
        #expect(check.stdout.contains("opted_out"), "the opt-out made after the backup holds: \(check.stdout)\(check.stderr)")

        // Or with no key backup at all: the carrying backup's own key store, opened with the identity.
        let vault2 = cli.tmp.path("third-machine/vault").path, keys2 = cli.tmp.path("third-machine/keys").path
        let alone = try cli.run(["restore", "--from", carrying, "--vault", vault2, "--key-store", keys2, "--identity", identity])
        #expect(alone.status == 64 && alone.stderr.contains("--identity and --audit-key go together"), "\(alone.status) \(alone.stderr)")
        let fromBackup = try cli.run(["restore", "--from", carrying, "--vault", vault2, "--key-store", keys2, "--identity", identity, "--audit-key", auditKey])
        #expect(fromBackup.status == 0, "\(fromBackup.stderr)")
        #expect(try cli.run(["verify", "--vault", vault2, "--key-store", keys2]).status == 0)
        #expect(try cli.run(["recordings", "audio", id(kept), "--out", cli.tmp.path("kept2.ogg").path, "--vault", vault2, "--key-store", keys2]).status == 0)
    }

    @Test("two serve nodes: one holds the leader lease and runs the cluster's jobs; a frozen leader keeps it, a killed one loses it to the other node, a stopped one hands it over")
    func leaderLeaseAcrossServeNodes() async throws {
        try await OffPool.run { try self.leaderLeaseAcrossServeNodesBody() }
    }

    func leaderLeaseAcrossServeNodesBody() throws {
        let (cli, initArguments, _) = try cluster()
        let created = try cli.run(initArguments)
        #expect(created.status == 0, "\(created.stderr)")
        let nodeB = try Self.secondNode(of: cli)
        let admin = try #require(CLI.lines(try cli.run(["tokens", "create", "--role", "admin", "--name", "ops"]).stdout).last)

        /// Whether a node's `/metrics` says it leads (nil when it does not answer).
        func leads(_ server: ServeCLITests.Server) -> Bool? {
            guard let result = try? Subprocess.run("curl", ["-s", "-m", "5", "-H", "Authorization: Bearer \(admin)",
                                                            "http://127.0.0.1:\(server.port)/metrics"]),
                  result.status == 0, result.stdout.contains("callvault_cluster_leader") else { return nil }
            return result.stdout.contains("\ncallvault_cluster_leader 1\n")
        }
        /// The nodes named by `cluster.lead` entries, in order.
        func leaders() throws -> [String] {
            let listed = try cli.run(["audit", "list", "--json", "--action", "cluster.lead", "--vault", nodeB])
            let entries = try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]] ?? []
            return entries.compactMap { $0["target"] as? String }
        }
        func erasureState(_ id: String) throws -> String? {
            let status = try cli.run(["erasure", "status", "--json", "--vault", nodeB])
            let requests = try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [[String: Any]] ?? []
            return requests.first { $0["id"] as? String == id }?["state"] as? String
        }

        let a = try ServeCLITests.Server(cli)
        defer { kill(a.process.processIdentifier, SIGKILL) }
        #expect(eventually(within: 10, every: 0.2) { leads(a) == true }, "the first node takes the lease")
        let b = try ServeCLITests.Server(cli, vault: nodeB)
        defer { kill(b.process.processIdentifier, SIGKILL) }
        Thread.sleep(forTimeInterval: 3)  // past the lease's check interval (2 s)
        #expect(leads(b) == false && leads(a) == true, "one leader: the second node is refused")
        let first = try leaders()
        #expect(first.count == 1 && first.first?.hasSuffix(":\(cli.vault)") == true, "\(first)")

        // A frozen leader keeps its session and so the lease: the other node runs no cluster job.
        kill(a.process.processIdentifier, SIGSTOP)
        let request = try cli.run(["erasure", "request", "--phone", "+8613900000077", "--reason", "DPO ticket 7", "--vault", nodeB])
        #expect(request.status == 0, "\(request.stderr)")
        let id = request.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        Thread.sleep(forTimeInterval: 4)  // four erasure intervals of node B
        let frozen = try erasureState(id)
        #expect(frozen == "open", "only the leader runs erasure: \(frozen ?? "none")")
        #expect(leads(b) == false)

        // Killed, its session ends and the lock with it: node B takes over and runs the job.
        a.process.killAndWait()
        #expect(eventually(within: 15, every: 0.2) { leads(b) == true }, "the surviving node takes the lease")
        #expect(try eventually(within: 10, every: 0.2) { try erasureState(id) == "completed" }, "the new leader runs erasure")
        let second = try leaders()
        #expect(second.count == 2 && second.last?.hasSuffix(":\(nodeB)") == true, "\(second)")

        // Node A back: refused while B leads; B stopped gracefully gives it up to A at once.
        let again = try ServeCLITests.Server(cli)
        defer { kill(again.process.processIdentifier, SIGKILL) }
        Thread.sleep(forTimeInterval: 3)
        #expect(leads(again) == false && leads(b) == true)
        #expect(b.stop() == 0, "\(b.errorOutput)")
        #expect(eventually(within: 6, every: 0.2) { leads(again) == true }, "a stopped leader hands the lease over")
        #expect(try leaders().count == 3)
        #expect(again.stop() == 0, "\(again.errorOutput)")
        let audit = try cli.run(["audit", "verify", "--vault", nodeB])
        #expect(audit.status == 0, "\(audit.stdout)\(audit.stderr)")
    }

    @Test("a node killed mid-ingest and never restarted: the leader on another node rolls its ingest back once no process of it is alive")
    func goneNodesIngestRolledBack() async throws {
        try await OffPool.run { try self.goneNodesIngestRolledBackBody() }
    }

    func goneNodesIngestRolledBackBody() throws {
        let (cli, initArguments, password) = try cluster()
        let database = try #require(initArguments.firstIndex(of: "--catalog").map { initArguments[$0 + 1] })
        let created = try cli.run(initArguments)
        #expect(created.status == 0, "\(created.stderr)")
        let nodeB = try Self.secondNode(of: cli)
        func journaled() throws -> [String] {
            CLI.lines(try TestPostgres.psql(database, password: password, "SELECT recording_id || ' ' || node FROM ingest_journal").stdout)
        }

        // Node A ingests a long call from the CLI and is killed in the middle.
        let wav = try cli.wav("long.wav", seconds: 1800)
        let ingest = try Subprocess.spawn(CLI.binary, ["ingest", "--vault", cli.vault, "--subject-phone", "+8613900000055", wav],
                                          environment: cli.environment)
        var entries: [String] = []
        let deadline = Date().addingTimeInterval(30)
        while entries.isEmpty, ingest.isRunning, Date() < deadline {
            entries = try journaled()
            if entries.isEmpty { Thread.sleep(forTimeInterval: 0.05) }
        }
        ingest.killAndWait()
        try #require(entries.count == 1, "the ingest was journaled before it was killed")
        let id = String(entries[0].split(separator: " ")[0])
        #expect(entries[0].hasSuffix(":\(cli.vault)"), "the entry names node A: \(entries[0])")
        #expect(try journaled() == entries, "nobody ends it while no recovery runs")

        // Node B leads and looks for abandoned ingests every second: node A is gone, so B ends its entry.
        let b = try ServeCLITests.Server(cli, vault: nodeB, extra: ["--recovery-interval", "1"])
        defer { kill(b.process.processIdentifier, SIGKILL) }
        #expect(try eventually(within: 10, every: 0.2) { try journaled().isEmpty }, "the leader rolled the gone node's ingest back: \(b.errorOutput)")
        let rollbacks = try cli.run(["audit", "list", "--json", "--action", "recording.ingest.rollback", "--vault", nodeB])
        #expect(rollbacks.stdout.contains(id) && rollbacks.stdout.contains("callvault-recovery") && rollbacks.stdout.contains(":\(cli.vault)"),
                "audited, naming the node: \(rollbacks.stdout)")
        #expect(try cli.run(["recordings", "list", "--json", "--vault", nodeB]).stdout.contains(id) == false)
        #expect(b.stop() == 0, "\(b.errorOutput)")
        let verified = try cli.run(["verify", "--vault", nodeB])
        #expect(verified.status == 0, "nothing half-stored in the bucket or the catalog: \(verified.stdout)\(verified.stderr)")
    }

    @Test("the leader killed mid-erasure: the other node takes the lease and completes the request; every recording purged once, the log and the objects verify")
    func leaderKilledMidErasure() async throws {
        try await OffPool.run { try self.leaderKilledMidErasureBody() }
    }

    func leaderKilledMidErasureBody() throws {
        let (cli, initArguments, password) = try cluster()
        let database = try #require(initArguments.firstIndex(of: "--catalog").map { initArguments[$0 + 1] })
        #expect(try cli.run(initArguments).status == 0)
        let nodeB = try Self.secondNode(of: cli)
        func sql(_ query: String) throws -> String {
            try TestPostgres.psql(database, password: password, query).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }

        // Calls past their six months' minimum retention: an erasure purges each (key destroyed, object deleted).
        let wav = try cli.wav("old.wav", seconds: 0.5)
        let count = 20
        for _ in 0..<count {
            let ingested = try cli.run(["ingest", "--subject-phone", "+8613900000066", "--started-at", "2026-03-01T10:00:00+08:00", wav])
            #expect(ingested.status == 0, "\(ingested.stderr)")
        }
        let a = try ServeCLITests.Server(cli)
        defer { kill(a.process.processIdentifier, SIGKILL) }
        try #require(try eventually(within: 10, every: 0.2) { try sql("SELECT count(*) FROM audit_log WHERE action = 'cluster.lead' AND target LIKE '%:\(cli.vault)'") == "1" },
                     "node A leads")
        let b = try ServeCLITests.Server(cli, vault: nodeB)
        defer { kill(b.process.processIdentifier, SIGKILL) }

        let request = try cli.run(["erasure", "request", "--phone", "+8613900000066", "--reason", "DPO ticket 9", "--vault", nodeB])
        #expect(request.status == 0, "\(request.stderr)")
        var purged = 0
        let deadline = Date().addingTimeInterval(30)
        while purged < 3, Date() < deadline {
            purged = Int(try sql("SELECT count(*) FROM audit_log WHERE action = 'recording.purge'")) ?? 0
            if purged < 3 { Thread.sleep(forTimeInterval: 0.02) }
        }
        a.process.killAndWait()
        let atKill = Int(try sql("SELECT count(*) FROM audit_log WHERE action = 'recording.purge'")) ?? 0
        try #require(atKill >= 3 && atKill < count, "node A was killed part-way through the erasure (\(atKill) of \(count) purged)")

        #expect(try eventually(within: 30, every: 0.2) { try sql("SELECT state FROM erasure_requests") == "completed" },
                "node B took the lease and completed the request: \(b.errorOutput)")
        #expect(try sql("SELECT count(*) FROM audit_log WHERE action = 'cluster.lead' AND target LIKE '%:\(nodeB)'") == "1")
        #expect(try sql("SELECT count(*) FROM recordings WHERE state <> 'purged'") == "0", "every recording purged")
        #expect(try sql("SELECT count(*) FROM audit_log WHERE action = 'recording.purge'") == "\(count)")
        #expect(try sql("SELECT count(DISTINCT target) FROM audit_log WHERE action = 'recording.purge'") == "\(count)", "each purged once")
        #expect(b.stop() == 0, "\(b.errorOutput)")
        let verified = try cli.run(["verify", "--vault", nodeB])
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
        let audit = try cli.run(["audit", "verify", "--vault", nodeB])
        #expect(audit.status == 0, "\(audit.stdout)\(audit.stderr)")
    }

    @Test("Tools/cluster up starts three serve nodes as one vault: one leads, a claim raced on every node is allowed once, the audit chain is one; down stops them")
    func toolsCluster() async throws {
        try await OffPool.run { try self.toolsClusterBody() }
    }

    func toolsClusterBody() throws {
        let ceph = try TestCeph.environmentBlocking()
        let database = try TestPostgres.database("cluster")
        let tmp = TemporaryDirectory("callvault-cluster")
        let dir = tmp.path("cluster").path
        let base = try Self.freePorts(3)
        var environment = ceph.filter { $0.key.hasPrefix("AWS_") || $0.key == "CALLVAULT_S3_ENDPOINT" }
        environment.merge(["CALLVAULT_POSTGRES": database.location, "PGPASSWORD": database.password,
                           "CALLVAULT_CLUSTER_BUCKET": TestCeph.bucketName("cluster"), "CALLVAULT_CLUSTER_PORT": "\(base)"]) { $1 }
        // Quiet hours that start six hours from now in the callee's zone: the claims below are never refused for the time of day.
        var zone = Calendar(identifier: .gregorian)
        zone.timeZone = TimeZone(identifier: "Asia/Shanghai")!
        let hour = (zone.component(.hour, from: Date()) + 6) % 24
        let policyText = try String(contentsOf: Fixtures.packageRoot.appendingPathComponent("Policies/default.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "start: \"22:00\"", with: String(format: "start: \"%02d:00\"", hour))
            .replacingOccurrences(of: "end: \"08:00\"", with: String(format: "end: \"%02d:00\"", (hour + 1) % 24))
        let policy = tmp.path("policy.yaml").path
        try policyText.write(toFile: policy, atomically: true, encoding: .utf8)
        let script = Fixtures.packageRoot.appendingPathComponent("Tools/cluster").path

        // Bad arguments: a clear error, and nothing made.
        let badCount = try Subprocess.run(script, ["up", "x", dir, "--bin", CLI.binary], environment: environment)
        #expect(badCount.status == 64 && badCount.stderr.contains("N must be a number of nodes"), "\(badCount.stderr)")
        let noPolicy = try Subprocess.run(script, ["up", "2", dir, "--bin", CLI.binary, "--policy", tmp.path("missing.yaml").path], environment: environment)
        #expect(noPolicy.status == 66 && noPolicy.stderr.contains("no policy file"), "\(noPolicy.stderr)")
        let nothing = try Subprocess.run(script, ["status", dir])
        #expect(nothing.status == 66 && nothing.stderr.contains("no cluster in"), "\(nothing.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir))

        let up = try Subprocess.run(script, ["up", "3", dir, "--bin", CLI.binary, "--policy", policy], environment: environment)
        defer { _ = try? Subprocess.run(script, ["down", dir], environment: environment) }
        #expect(up.status == 0, "\(up.stdout)\(up.stderr)")
        #expect(CLI.lines(up.stdout).filter { $0.hasPrefix("node ") }.count == 3, "\(up.stdout)")
        let again = try Subprocess.run(script, ["up", "2", dir, "--bin", CLI.binary], environment: environment)
        #expect(again.status == 73 && again.stderr.contains("a cluster is already in"), "a running cluster is left alone: \(again.stderr)")
        var status = ""
        for _ in 0..<25 {
            status = try Subprocess.run(script, ["status", dir]).stdout
            if status.components(separatedBy: "leader yes").count == 2 { break }
            Thread.sleep(forTimeInterval: 0.2)
        }
        #expect(status.components(separatedBy: "leader yes").count == 2 && status.components(separatedBy: "leader no").count == 3,
                "exactly one node leads: \(status)")

        // The CLI on node 2, with the settings the script prints.
        let settings = try Subprocess.run(script, ["env", dir]).stdout
        var cliEnvironment = [String: String]()
        for line in CLI.lines(settings) {
            let parts = line.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { cliEnvironment[String(parts[0])] = String(parts[1]) }
        }
        #expect(cliEnvironment["CALLVAULT_VAULT"] == "\(dir)/node1" && cliEnvironment["PGPASSWORD"] == database.password)
        func callvault(_ arguments: [String]) throws -> ProcessResult {
            try Subprocess.run(CLI.binary, arguments + ["--vault", "\(dir)/node2"], environment: cliEnvironment)
        }
        let dialer = try #require(CLI.lines(try callvault(["tokens", "create", "--role", "dialer", "--name", "dialer-1"]).stdout).last)
        let number = "+8613900000042"
        #expect(try callvault(["consent", "grant", "--phone", number, "--purpose", "marketing", "--source", "web", "--evidence", "form-1"]).status == 0)

        // Nine dialers at once, three on each node, claim the same number: the policy allows one call in 72 hours.
        let race = """
            for port in \(base) \(base + 1) \(base + 2) \(base) \(base + 1) \(base + 2) \(base) \(base + 1) \(base + 2); do
              curl -s -m 20 -H "Authorization: Bearer $1" -H 'Content-Type: application/json' \\
                -d '{"number": "\(number)", "purpose": "marketing", "claim": true}' "http://127.0.0.1:$port/v1/consent/check" &
            done
            wait
            """
        let claims = try Subprocess.run("bash", ["-c", race, "race", dialer])
        let decisions = claims.stdout.matches(of: /"decision":"(\w+)"/).map { String($0.1) }
        #expect(decisions.count == 9, "\(claims.stdout)\(claims.stderr)")
        #expect(decisions.filter { $0 == "allow" }.count == 1, "one allow across three nodes: \(decisions)")
        #expect(claims.stdout.components(separatedBy: "frequency_limit").count == 9, "\(claims.stdout)")
        let audit = try callvault(["audit", "verify"])
        #expect(audit.status == 0, "\(audit.stdout)\(audit.stderr)")

        let pids = try (1...3).map { try String(contentsOfFile: "\(dir)/node\($0).pid", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines) }
        let down = try Subprocess.run(script, ["down", dir], environment: environment)
        #expect(down.status == 0, "\(down.stderr)")
        #expect(pids.allSatisfy { kill(pid_t($0)!, 0) != 0 }, "every node stopped")
        #expect(!FileManager.default.fileExists(atPath: dir))
    }

    /// The first of `count` consecutive TCP ports on 127.0.0.1 that nothing listens on now.
    static func freePorts(_ count: Int) throws -> Int {
        for _ in 0..<50 {
            let base = Int.random(in: 40_000...48_000)
            if (base..<(base + count)).allSatisfy(isFree) { return base }
        }
        throw ServeCLITests.TestFailure("no \(count) free consecutive ports")
    }

    static func isFree(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
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
