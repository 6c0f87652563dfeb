import Foundation
import Testing
import VaultTestSupport

@Suite("callvault verify and crash safety")
struct VerifyCLITests {
    @Test("verify passes a sound vault and names a tampered recording with exit 3")
    func tamper() throws {
        let cli = CLI()
        try cli.initVault()
        let ids = try (0..<3).map { try cli.run(["ingest", try cli.wav("r\($0).wav")]).stdout.trimmingCharacters(in: .whitespacesAndNewlines) }
        let clean = try cli.run(["verify"])
        #expect(clean.status == 0, "\(clean.stderr)")
        #expect(clean.stderr.contains("verified 3 recordings"))

        let object = "\(cli.vault)/objects/\(ids[1].prefix(2))/\(ids[1]).cvseal"
        var bytes = try Data(contentsOf: URL(fileURLWithPath: object))
        bytes[60] ^= 0xff
        try bytes.write(to: URL(fileURLWithPath: object))
        let bad = try cli.run(["verify"])
        #expect(bad.status == 3)
        #expect(CLI.lines(bad.stdout).count == 1)
        #expect(bad.stdout.hasPrefix("\(ids[1])\ttampered\t"))

        let json = try cli.run(["verify", "--json"])
        let report = try JSONSerialization.jsonObject(with: json.stdoutData) as! [String: Any]
        #expect(report["ok"] as? Bool == false)
        #expect(report["checked"] as? Int == 3)

        let export = try cli.run(["recordings", "audio", ids[1], "--out", cli.tmp.path("x.opus").path])
        #expect(export.status == 3)
        #expect(export.stderr.contains("recording \(ids[1])"))
        #expect(!FileManager.default.fileExists(atPath: cli.tmp.path("x.opus").path))
    }

    @Test("a killed ingest leaves no recording, and the next command cleans what it left")
    func killMidIngest() throws {
        let cli = CLI()
        try cli.initVault()
        try cli.run(["ingest", try cli.wav("keep.wav")])
        let long = try cli.wav("long.wav", seconds: 1800)  // 30 min: seconds to ingest, time enough to kill it mid-way
        let process = try Subprocess.spawn(CLI.binary, ["ingest", "--vault", cli.vault, long])
        let partials = URL(fileURLWithPath: "\(cli.vault)/objects/.partial")
        let deadline = Date() + 30
        var sawPartial = false
        while Date() < deadline, process.isRunning {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: partials.path)) ?? []
            if let name = names.first,
               let size = (try? FileManager.default.attributesOfItem(atPath: partials.appendingPathComponent(name).path))?[.size] as? Int,
               size > 0 {
                sawPartial = true
                break
            }
            usleep(5_000)
        }
        try #require(sawPartial, "the ingest finished before it could be killed")
        process.killAndWait()
        #expect(try cli.sqlScalar("SELECT count(*) FROM ingest_journal") == "1")

        let list = try cli.list()  // opening the vault recovers
        #expect(list.count == 1)
        #expect(try cli.sqlScalar("SELECT count(*) FROM ingest_journal") == "0")
        #expect(try FileManager.default.contentsOfDirectory(atPath: partials.path).isEmpty)
        let verify = try cli.run(["verify"])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
    }
}
