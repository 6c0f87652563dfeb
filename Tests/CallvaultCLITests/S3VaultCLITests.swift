import Foundation
import Testing
import VaultS3
import VaultTestSupport

/// A vault whose sealed objects live in a real radosgw bucket with Object Lock (`Tools/ceph`),
/// driven through the CLI as an operator would: init, ingest, verify, play, export; then what
/// someone with the bucket's keys might try around the vault.
@Suite("A vault on S3 with Object Lock", .serialized)
struct S3VaultCLITests {
    func s3Vault() throws -> (cli: CLI, client: S3Client) {
        let env = try TestCeph.environmentBlocking()
        let cli = CLI()
        cli.environment = env.filter { $0.key.hasPrefix("AWS_") }
        let location = "s3://\(TestCeph.bucketName("cli"))?endpoint=\(env["CALLVAULT_S3_ENDPOINT"]!)&region=us-east-1"
        let created = try cli.run(["init", "--key-store", cli.keys, "--objects", location])
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stdout.contains("objects s3://"))
        let client = S3Client(location: try S3Location(parsing: location), credentials: try S3Credentials.fromEnvironment(env))
        return (cli, client)
    }

    @Test("ingest, verify, play and export work with every object locked in the bucket, none on local disk")
    func roundTrip() async throws {
        // Seconds of blocking S3 and subprocess work: off the cooperative pool, which the in-process servers' handlers need.
        try await OffPool.run { try self.roundTripBody() }
    }

    func roundTripBody() throws {
        let (cli, client) = try s3Vault()
        let manifest = try String(contentsOfFile: "\(cli.vault)/vault.json", encoding: .utf8)
        #expect(manifest.contains("\"objects\" : \"s3:"))
        #expect(manifest.contains("\"format\" : 2"), "a build that knows only local vaults refuses it")
        #expect(!manifest.contains(cli.environment["AWS_SECRET_ACCESS_KEY"]!), "vault.json never holds the secret")

        let ids = try (0..<2).map { n in
            let result = try cli.run(["ingest", try cli.wav("call\(n).wav", seconds: 2)])
            #expect(result.status == 0, "\(result.stderr)")
            return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let local = FileManager.default.enumerator(atPath: "\(cli.vault)/objects")?.allObjects.compactMap { $0 as? String } ?? []
        #expect(local == [".partial"], "nothing sealed stays on local disk, the spool is empty: \(local)")
        for id in ids {
            let head = try #require(try client.head(key: "\(id.prefix(2))/\(id).cvseal"))
            #expect(head.lock?.mode == .compliance)
            // Locked until the call's minimum retention (6 months by the default policy) ends.
            #expect(head.lock!.retainUntil > Date().addingTimeInterval(180 * 86_400))
        }

        let verified = try cli.run(["verify"])
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
        #expect(verified.stderr.contains("verified 2 recordings"))

        let audio = cli.tmp.path("call0.opus").path
        let played = try cli.run(["recordings", "audio", ids[0], "--out", audio])
        #expect(played.status == 0, "\(played.stderr)")
        #expect(try OggOpusProbe.opusinfo(URL(fileURLWithPath: audio)).status == 0)

        let bundle = cli.tmp.path("bundle").path
        let exported = try cli.run(["export", "bundle", "--out", bundle, "--recording", ids[1], "--reason", "audit"])
        #expect(exported.status == 0, "\(exported.stderr)")
        #expect(try Subprocess.run(CLI.binary, ["verify-bundle", bundle]).status == 0)
    }

    @Test("the bucket refuses to delete a locked recording; an overwrite or a delete marker made around the vault fails verify")
    func tamperingThroughS3() async throws {
        // Seconds of blocking S3 and subprocess work: off the cooperative pool, which the in-process servers' handlers need.
        try await OffPool.run { try self.tamperingThroughS3Body() }
    }

    func tamperingThroughS3Body() throws {
        let (cli, client) = try s3Vault()
        let ids = try (0..<2).map { n in
            try cli.run(["ingest", try cli.wav("call\(n).wav")]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let keys = ids.map { "\($0.prefix(2))/\($0).cvseal" }
        let version = try #require(try client.listVersions(prefix: keys[0]).first)
        #expect {
            try client.delete(key: keys[0], versionID: version.versionID)
        } throws: { ($0 as? S3Error)?.code == .denied }

        _ = try client.putObject(key: keys[0], body: Array("forged".utf8), lock: nil)
        try client.delete(key: keys[1])  // a delete marker: allowed, and hides the locked version
        let checked = try cli.run(["verify"])
        #expect(checked.status == 3, "\(checked.stdout)\(checked.stderr)")
        #expect(checked.stdout.contains("\(ids[0])\ttampered"), "the newest version (the forgery) is what a read sees, and it fails authentication")
        #expect(checked.stdout.contains("overwritten_object"))
        #expect(checked.stdout.contains("\(ids[1])\tmissing_object"))
    }

    @Test("a malformed location or missing keys stop init with a clear error and leave no vault")
    func badConfiguration() async throws {
        // Seconds of blocking S3 and subprocess work: off the cooperative pool, which the in-process servers' handlers need.
        try await OffPool.run { try self.badConfigurationBody() }
    }

    func badConfigurationBody() throws {
        let env = try TestCeph.environmentBlocking()
        let cli = CLI()
        cli.environment = env.filter { $0.key.hasPrefix("AWS_") }
        let bad = try cli.run(["init", "--key-store", cli.keys, "--objects", "s3://Not_A_Bucket"])
        #expect(bad.status == 78, "\(bad.stderr)")
        #expect(bad.stderr.contains("not a valid bucket name"))
        #expect(!FileManager.default.fileExists(atPath: cli.vault))

        cli.environment = ["AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": ""]
        let location = "s3://\(TestCeph.bucketName("nokeys"))?endpoint=\(env["CALLVAULT_S3_ENDPOINT"]!)"
        let unkeyed = try cli.run(["init", "--key-store", cli.keys, "--objects", location])
        #expect(unkeyed.status == 78, "\(unkeyed.stderr)")
        #expect(unkeyed.stderr.contains("AWS_ACCESS_KEY_ID"))
        #expect(!FileManager.default.fileExists(atPath: cli.vault))
    }
}
