import Foundation
import Testing
import VaultTestSupport

@Suite("callvault with its KEK in an HSM (SoftHSM2 over PKCS#11)")
struct PKCS11CLITests {
    /// A SoftHSM2 token of its own in the test's temp dir, and the environment that points at it.
    func token(_ cli: CLI) throws -> (uri: String, environment: [String: String], pin: URL) {
        let tokens = cli.tmp.path("tokens")
        try FileManager.default.createDirectory(at: tokens, withIntermediateDirectories: true)
        let conf = cli.tmp.path("softhsm2.conf")
        try Data("directories.tokendir = \(tokens.path)\nobjectstore.backend = file\nlog.level = ERROR\n".utf8).write(to: conf)
        let environment = ["SOFTHSM2_CONF": conf.path]
        let made = try Subprocess.run("softhsm2-util", ["--init-token", "--free", "--label", "callvault", "--pin", "4321", "--so-pin", "8765"],
                                      environment: environment)
        precondition(made.status == 0, made.stderr)
        let pin = cli.tmp.path("pin")
        try Data("4321\n".utf8).write(to: pin)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: pin.path)
        return ("pkcs11:token=callvault;object=callvault-kek?pin-source=file:\(pin.path)", environment, pin)
    }

    func run(_ cli: CLI, _ environment: [String: String], _ arguments: [String]) throws -> ProcessResult {
        try Subprocess.run(CLI.binary, arguments + ["--vault", cli.vault], environment: environment)
    }

    @Test("init, ingest, export, rotate and retire with the KEK non-extractable in the token")
    func lifecycle() throws {
        let cli = CLI()
        let (uri, env, _) = try token(cli)
        let made = try run(cli, env, ["init", "--key-store", cli.keys, "--kek", uri])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(!FileManager.default.fileExists(atPath: "\(cli.keys)/kek/0001.key"))  // the KEK never leaves the token
        let manifest = try String(contentsOfFile: "\(cli.keys)/keystore.json", encoding: .utf8)
        #expect(manifest.contains("object=callvault-kek-1"))
        #expect(!manifest.contains("4321"))
        let id = try run(cli, env, ["ingest", "--subject-phone", "+8613800000001", try cli.wav("a.wav", seconds: 0.3)]).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try run(cli, env, ["recordings", "audio", id, "--out", cli.tmp.path("a.opus").path]).status == 0)
        let rotate = try run(cli, env, ["keys", "rotate"])
        #expect(rotate.status == 0, "\(rotate.stderr)")
        #expect(rotate.stdout.contains("retired version 1"))
        let objects = try Subprocess.run("pkcs11-tool", ["--module", "/usr/lib/softhsm/libsofthsm2.so", "--token-label", "callvault",
                                                         "--login", "--pin", "4321", "--list-objects", "--type", "secrkey"], environment: env)
        if objects.status == 0 {  // opensc's pkcs11-tool, when installed, shows the token's own view
            #expect(objects.stdout.contains("callvault-kek-2"))
            #expect(!objects.stdout.contains("callvault-kek-1"))
        }
        #expect(try run(cli, env, ["recordings", "audio", id, "--out", cli.tmp.path("b.opus").path]).status == 0)
        #expect(try run(cli, env, ["keys", "verify"]).status == 0)
    }

    @Test("a wrong PIN, a missing token or an inline PIN gets a clear error and changes nothing")
    func badToken() throws {
        let cli = CLI()
        let (uri, env, pin) = try token(cli)
        #expect(try run(cli, env, ["init", "--key-store", cli.keys, "--kek", uri.replacingOccurrences(of: "token=callvault", with: "token=nope")]).status == 77)
        #expect(!FileManager.default.fileExists(atPath: cli.vault))
        let inline = try run(cli, env, ["init", "--key-store", cli.keys, "--kek", "pkcs11:token=callvault;object=k?pin-value=4321"])
        #expect(inline.status != 0)
        #expect(inline.stderr.contains("pin-source"))
        let made = try run(cli, env, ["init", "--key-store", cli.keys, "--kek", uri])
        #expect(made.status == 0, "exit \(made.status): \(made.stderr)")  // once crashed on exit inside libsofthsm2: see PKCS11ExitGate
        try Data("0000\n".utf8).write(to: pin)
        let wrong = try run(cli, env, ["recordings", "list"])
        #expect(wrong.status == 77)
        #expect(!wrong.stderr.contains("0000"))
    }
}
