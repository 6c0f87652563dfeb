import Foundation
import Testing
import VaultTestSupport

@Suite("callvault consent, retention, hold and erasure")
struct ConsentCLITests {
    /// Runs the binary with its clock frozen by faketime at `time` (UTC: the machine's zone here).
    func at(_ cli: CLI, _ time: String, _ arguments: [String]) throws -> ProcessResult {
        try Subprocess.run("faketime", ["-f", time, CLI.binary] + arguments + ["--vault", cli.vault], environment: ["TZ": "UTC"])
    }

    func json(_ result: ProcessResult) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: result.stdoutData) as! [String: Any]
    }

    @Test("a dialer's day under faketime: allow, claim, frequency limit with its next time, quiet hours at 22:30 Shanghai")
    func dialerDay() throws {
        let cli = CLI()
        #expect(try at(cli, "2026-03-02 01:00:00", ["init", "--key-store", cli.keys]).status == 0)
        let phone = ["--phone", "+86 139 1111 2222"]
        #expect(try at(cli, "2026-03-02 01:00:00", ["consent", "grant"] + phone + ["--purpose", "marketing", "--source", "signup-agreement", "--evidence", "doc-1"]).status == 0)
        let check = try at(cli, "2026-03-02 02:00:00", ["consent", "check", "--json", "--purpose", "marketing"] + phone)  // 10:00 in Shanghai
        #expect(check.status == 0)
        #expect(try json(check)["decision"] as? String == "allow")
        #expect(try at(cli, "2026-03-02 02:00:00", ["consent", "check", "--claim", "--json", "--purpose", "marketing"] + phone).status == 0)
        let again = try json(try at(cli, "2026-03-02 03:00:00", ["consent", "check", "--json", "--purpose", "service"] + phone))
        #expect(again["decision"] as? String == "deny")
        #expect(again["reasons"] as? [String] == ["no_consent", "frequency_limit"])
        #expect(again["next_allowed_at"] is NSNull)  // no consent for service: waiting would not help
        let marketing = try json(try at(cli, "2026-03-02 03:00:00", ["consent", "check", "--json", "--purpose", "marketing"] + phone))
        #expect(marketing["reasons"] as? [String] == ["frequency_limit"])
        #expect(marketing["next_allowed_at"] as? String == "2026-03-05T02:00:00.000Z")
        let night = try json(try at(cli, "2026-03-05 14:30:00", ["consent", "check", "--json", "--purpose", "marketing"] + phone))  // 22:30 Shanghai
        #expect(night["reasons"] as? [String] == ["quiet_hours"])
        #expect(night["next_allowed_at"] as? String == "2026-03-06T00:00:00.000Z")  // 08:00 Shanghai
        #expect(try json(try at(cli, "2026-03-06 00:00:00", ["consent", "check", "--json", "--purpose", "marketing"] + phone))["decision"] as? String == "allow")
        // --at plans without the clock, and cannot be combined with --claim.
        let planned = try json(try cli.run(["consent", "check", "--json", "--purpose", "marketing", "--at", "2026-03-02T23:00:00+08:00"] + phone))
        #expect(planned["reasons"] as? [String] == ["quiet_hours", "frequency_limit"])
        #expect(try cli.run(["consent", "check", "--claim", "--purpose", "marketing", "--at", "2026-03-02T23:00:00+08:00"] + phone).status == 64)
        #expect(try cli.run(["consent", "check", "--purpose", "astrology"] + phone).status == 65)
        #expect(try cli.run(["consent", "check", "--purpose", "marketing", "--phone", "12ab"]).status == 64)
        #expect(try cli.sqlScalar("SELECT count(*) FROM audit_log WHERE action = 'consent.claim'") == "1")
    }

    @Test("opt-out denies at once; erasure within 72 hours under faketime: deleted, restricted with audited access, receipt")
    func optOutAndErasure() throws {
        let cli = CLI()
        #expect(try at(cli, "2026-09-01 12:00:00", ["init", "--key-store", cli.keys]).status == 0)
        let phone = ["--phone", "+8613900000001"]
        let old = try at(cli, "2026-09-01 12:00:00", ["ingest", "--subject-phone", "+8613900000001", "--started-at", "2026-01-01T12:00:00Z", try cli.wav("old.wav", seconds: 0.3)])
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let recent = try at(cli, "2026-09-01 12:00:00", ["ingest", "--subject-phone", "+8613900000001", "--started-at", "2026-08-20T12:00:00Z", try cli.wav("new.wav", seconds: 0.3)])
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try at(cli, "2026-09-01 12:00:00", ["consent", "grant"] + phone + ["--purpose", "service", "--source", "signup", "--evidence", "x"]).status == 0)
        #expect(try at(cli, "2026-09-02 09:00:00", ["consent", "opt-out"] + phone).status == 0)
        #expect(try json(try at(cli, "2026-09-02 09:00:01", ["consent", "check", "--json", "--purpose", "service"] + phone))["reasons"] as? [String] == ["opted_out"])
        let status = try at(cli, "2026-09-04 08:00:00", ["erasure", "status", "--json"])
        let open = try #require((try JSONSerialization.jsonObject(with: status.stdoutData) as? [[String: Any]])?.first)
        #expect(open["state"] as? String == "open")
        #expect(open["deadline"] as? String == "2026-09-05T09:00:00.000Z")
        #expect(try at(cli, "2026-09-04 08:00:00", ["erasure", "run"]).status == 0)
        let done = try #require((try JSONSerialization.jsonObject(with: try at(cli, "2026-09-04 08:00:01", ["erasure", "status", "--json"]).stdoutData) as? [[String: Any]])?.first)
        #expect(done["state"] as? String == "completed")
        let receipt = try #require(done["receipt"] as? [String: Any])
        let items = try #require(receipt["items"] as? [String: [String: Any]])
        #expect(items[old]?["fate"] as? String == "deleted")
        #expect(items[recent]?["fate"] as? String == "restricted")
        #expect(items[recent]?["until"] as? String == "2027-02-20T12:00:00.000Z")
        #expect(receipt["signature"] is String)
        #expect(try cli.run(["recordings", "audio", old, "--out", cli.tmp.path("o.opus").path]).status == 6)
        #expect(try cli.run(["recordings", "audio", recent, "--out", cli.tmp.path("r.opus").path]).status == 77)
        #expect(try cli.run(["recordings", "audio", recent, "--out", cli.tmp.path("r.opus").path, "--restricted-access", "--reason", "auditor request 9"]).status == 0)
        // Six months after the call, retention purges the restricted recording.
        #expect(try at(cli, "2027-02-21 00:00:00", ["retention", "run"]).stdout.contains("purged 0 expired and 1 restricted"))
        #expect(try cli.run(["recordings", "audio", recent, "--out", cli.tmp.path("r2.opus").path, "--restricted-access", "--reason", "x"]).status == 6)
        let verified = try cli.run(["verify"]); #expect(verified.status == 0, "\(verified.stdout) \(verified.stderr)")
        // The numbers used never appear in clear in the vault or key store.
        for root in [cli.vault, cli.keys] {
            for file in FileManager.default.enumerator(atPath: root)!.compactMap({ $0 as? String }) {
                let bytes = Array(FileManager.default.contents(atPath: "\(root)/\(file)") ?? Data())
                #expect(!bytes.contains(Array("13900000001".utf8)), "\(file)")
            }
        }
    }

    @Test("recordings delete is refused before six months with the date, holds block it, retention purges after the maximum")
    func retentionAndHolds() throws {
        let cli = CLI()
        #expect(try at(cli, "2026-09-01 12:00:00", ["init", "--key-store", cli.keys]).status == 0)
        let id = try at(cli, "2026-09-01 12:00:00", ["ingest", "--started-at", "2026-08-01T12:00:00Z", try cli.wav("a.wav", seconds: 0.3)])
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let early = try at(cli, "2026-09-01 12:00:00", ["recordings", "delete", id, "--reason", "test"])
        #expect(early.status == 65)
        #expect(early.stderr.contains("must be kept until 2027-02-01T12:00:00.000Z"))
        #expect(try cli.run(["hold", "place", "--recording", id, "--reason", "litigation"]).status == 0)
        #expect(try cli.run(["hold", "list"]).stdout.contains(id))
        #expect(try at(cli, "2028-09-01 12:00:00", ["retention", "run"]).stdout.contains("1 held"))
        #expect(try at(cli, "2028-09-01 12:00:00", ["recordings", "delete", id, "--reason", "x"]).status == 65)
        #expect(try cli.run(["hold", "release", "--recording", id, "--reason", "case closed"]).status == 0)
        #expect(try at(cli, "2028-09-01 12:00:00", ["retention", "run"]).stdout.contains("purged 1 expired"))
        #expect(try cli.list().first?["state"] as? String == "purged")
        #expect(try cli.run(["hold", "place", "--reason", "x"]).status == 64)
    }
}
