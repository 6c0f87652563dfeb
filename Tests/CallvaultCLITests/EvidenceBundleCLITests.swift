import Foundation
import Testing
import VaultTestSupport

@Suite("callvault export bundle, verify-bundle, and the independent verifier")
struct EvidenceBundleCLITests {
    static let verifier = Fixtures.packageRoot.appendingPathComponent("Tools/verify_bundle.py").path

    /// A vault with two calls of one subject in March (one with a transcript) and one in April.
    func vault() throws -> (CLI, [String]) {
        let cli = CLI()
        try cli.initVault()
        let transcript = cli.tmp.path("t.txt")
        try Data("call me on 138 1234 5678 please\n".utf8).write(to: transcript)
        var ids = [String]()
        for (index, start) in ["2026-03-05T10:00:00Z", "2026-03-20T10:00:00Z", "2026-04-02T10:00:00Z"].enumerated() {
            var arguments = ["ingest", "--subject-phone", "+8613800138000", "--campaign", "spring", "--started-at", start]
            if index == 0 { arguments += ["--transcript", transcript.path] }
            let result = try cli.run(arguments + [try cli.wav("c\(index).wav", seconds: 1.5)])
            precondition(result.status == 0, result.stderr)
            ids.append(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return (cli, ids)
    }

    func export(_ cli: CLI, _ out: String, _ extra: [String] = []) throws -> ProcessResult {
        try cli.run(["export", "bundle", "--out", out, "--subject", "+8613800138000", "--since", "2026-03-01T00:00:00Z",
                     "--until", "2026-04-01T00:00:00Z", "--reason", "regulator case 12"] + extra)
    }

    /// Both verifiers' exit statuses and outputs.
    func verifyBoth(_ path: String, _ extra: [String] = []) throws -> (swift: ProcessResult, python: ProcessResult) {
        (try Subprocess.run(CLI.binary, ["verify-bundle", path] + extra), try Subprocess.run("python3", [Self.verifier, path] + extra))
    }

    @Test("a directory bundle verifies with both verifiers, bagit.py and openssl; every kind of change is named by both")
    func directoryAndTampering() throws {
        let (cli, ids) = try vault()
        let out = cli.tmp.path("march").path
        let export = try export(cli, out)
        #expect(export.status == 0, "\(export.stderr)")
        #expect(export.stderr.contains("2 recordings released"))
        let clean = try verifyBoth(out)
        #expect(clean.swift.status == 0, "\(clean.swift.stdout) \(clean.swift.stderr)")
        #expect(clean.python.status == 0, "\(clean.python.stdout) \(clean.python.stderr)")
        #expect(!FileManager.default.fileExists(atPath: "\(out)/data/recordings/\(ids[2]).json"))  // April is not selected
        #expect(try Subprocess.run("python3", ["-m", "bagit", "--validate", out]).status == 0)
        let openssl = try Subprocess.run("openssl", ["pkeyutl", "-verify", "-pubin", "-inkey", "\(out)/data/audit/vault-public.pem", "-rawin",
                                                     "-in", "\(out)/tagmanifest-sha256.txt", "-sigfile", "\(out)/tagmanifest-sha256.txt.sig"])
        #expect(openssl.status == 0, "\(openssl.stdout) \(openssl.stderr)")
        let key = cli.tmp.path("vault.pem")
        try Data(try cli.run(["audit", "public-key"]).stdoutData).write(to: key)
        let pinned = try verifyBoth(out, ["--public-key", key.path])
        #expect(pinned.swift.status == 0 && pinned.python.status == 0, "\(pinned.swift.stdout) \(pinned.python.stdout)")
        // Signed by another key than the one the auditor trusts: both say so, naming the key file.
        let foreign = cli.tmp.path("foreign.pem").path
        let generated = try Subprocess.run("sh", ["-c", "openssl genpkey -algorithm ed25519 | openssl pkey -pubout -out '\(foreign)'"])
        #expect(generated.status == 0, "\(generated.stderr)")
        let other = try verifyBoth(out, ["--public-key", foreign])
        #expect(other.swift.status == 3 && other.swift.stdout.contains("data/audit/vault-public.pem"), "\(other.swift.stdout)")
        #expect(other.python.status == 1 && other.python.stdout.contains("data/audit/vault-public.pem"), "\(other.python.stdout)")
        #expect(try cli.sqlScalar("SELECT count(*) FROM audit_log WHERE action = 'bundle.export'") == "3")

        let proof = try FileManager.default.contentsOfDirectory(atPath: "\(out)/data/audit/proofs").sorted().first!
        let targets = ["data/recordings/\(ids[0]).opus", "data/recordings/\(ids[0]).json", "data/transcripts/\(ids[0]).txt",
                       "data/audit/entries.jsonl", "data/audit/proofs/\(proof)", "data/audit/checkpoint.txt", "data/consent",
                       "manifest-sha256.txt", "tagmanifest-sha256.txt", "tagmanifest-sha256.txt.sig"]
        for (number, target) in targets.enumerated() {
            let copy = cli.tmp.path("tampered-\(number)").path
            try FileManager.default.copyItem(atPath: out, toPath: copy)
            var file = "\(copy)/\(target)"
            if target == "data/consent" { file = "\(file)/" + (try FileManager.default.contentsOfDirectory(atPath: file).first!) }
            var bytes = try Data(contentsOf: URL(fileURLWithPath: file))
            bytes[bytes.count / 2] ^= 0x01
            try bytes.write(to: URL(fileURLWithPath: file))
            let named = target == "data/consent" ? String(file.dropFirst(copy.count + 1)) : target
            let (swift, python) = try verifyBoth(copy)
            #expect(swift.status == 3, "\(target): \(swift.stdout)")
            #expect(swift.stdout.contains(named), "\(target): \(swift.stdout)")
            #expect(python.status == 1, "\(target): \(python.stdout)")
            #expect(python.stdout.contains(named), "\(target): \(python.stdout)")
        }
    }

    @Test("a zip bundle encrypted to an auditor's age key: unzip -t, age -d gives the original, both verifiers check it with the identity")
    func zipAndAge() throws {
        guard Subprocess.isAvailable("age-keygen") else { return }
        let (cli, ids) = try vault()
        let identity = cli.tmp.path("auditor.txt").path
        #expect(try Subprocess.run("age-keygen", ["-o", identity]).status == 0)
        let recipient = cli.tmp.path("auditor.pub")
        try Data(try Subprocess.run("age-keygen", ["-y", identity]).stdoutData).write(to: recipient)
        let out = cli.tmp.path("march.zip").path
        let export = try export(cli, out, ["--recipient-key", recipient.path])
        #expect(export.status == 0, "\(export.stderr)")
        #expect(try Subprocess.run("unzip", ["-t", out]).status == 0)
        let withIdentity = try verifyBoth(out, ["--identity", identity])
        #expect(withIdentity.swift.status == 0, "\(withIdentity.swift.stdout) \(withIdentity.swift.stderr)")
        #expect(withIdentity.swift.stderr.contains("2 audio files equal to their ingest SHA-256"))
        #expect(withIdentity.python.status == 0, "\(withIdentity.python.stdout) \(withIdentity.python.stderr)")
        #expect(withIdentity.python.stderr.contains("2 recordings equal to their ingest SHA-256"))

        let extracted = cli.tmp.path("x").path
        #expect(try Subprocess.run("unzip", ["-q", out, "-d", extracted]).status == 0)
        let decrypted = try Subprocess.run("age", ["-d", "-i", identity, "\(extracted)/march/data/recordings/\(ids[0]).opus.age"])
        #expect(decrypted.status == 0)
        let sha = try cli.sqlScalar("SELECT opus_sha256 FROM recordings WHERE id = '\(ids[0])'")
        #expect(SHA256Sum.hex(decrypted.stdoutData) == sha)
        #expect(try Subprocess.run("python3", ["-m", "bagit", "--validate", "\(extracted)/march"]).status == 0)
    }

    @Test("refusals: no --reason (64), no selector (64), an existing destination (73), verify-bundle of nothing (66)")
    func refusals() throws {
        let (cli, _) = try vault()
        #expect(try cli.run(["export", "bundle", "--out", cli.tmp.path("a").path, "--campaign", "spring"]).status == 64)
        #expect(try cli.run(["export", "bundle", "--out", cli.tmp.path("b").path, "--reason", "x"]).status == 64)
        let exists = try cli.run(["export", "bundle", "--out", cli.tmp.url.path, "--campaign", "spring", "--reason", "x"])
        #expect(exists.status == 73, "\(exists.stderr)")
        #expect(try cli.sqlScalar("SELECT count(*) FROM audit_log WHERE action = 'bundle.export'") == "0")
        let missing = try Subprocess.run(CLI.binary, ["verify-bundle", cli.tmp.path("nothing").path])
        #expect(missing.status == 66)
    }
}

/// SHA-256 with the system's `sha256sum` (an independent implementation).
enum SHA256Sum {
    static func hex(_ data: Data) -> String {
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try! data.write(to: tmp)
        defer { try? FileManager.default.removeItem(at: tmp) }
        return String(try! Subprocess.run("sha256sum", [tmp.path]).stdout.prefix(64))
    }
}
