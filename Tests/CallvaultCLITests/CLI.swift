import Foundation
import VaultTestSupport

/// Runs the real `callvault` binary built beside this test bundle, against a temp vault.
final class CLI: @unchecked Sendable {
    let tmp = TemporaryDirectory("callvault-cli")
    var vault: String { tmp.path("vault").path }
    var keys: String { tmp.path("keys").path }
    /// Variables added to every run's environment (an S3 vault's keys).
    var environment: [String: String] = [:]

    /// The binary: $CALLVAULT_BIN, else the one SwiftPM built next to the test runner.
    static let binary: String = {
        if let path = ProcessInfo.processInfo.environment["CALLVAULT_BIN"] { return path }
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("callvault"),
            Fixtures.packageRoot.appendingPathComponent(".build/debug/callvault"),
        ]
        return (candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[1]).path
    }()

    /// Runs `callvault ARGS`; vault commands get `--vault` added.
    @discardableResult
    func run(_ arguments: [String], vaultOption: Bool = true) throws -> ProcessResult {
        let needsVault = vaultOption && !arguments.contains("--vault")
        return try Subprocess.run(Self.binary, arguments + (needsVault ? ["--vault", vault] : []), environment: environment)
    }

    /// `callvault init` with the key store outside the vault.
    func initVault() throws {
        let result = try run(["init", "--key-store", keys])
        precondition(result.status == 0, result.stderr)
    }

    func wav(_ name: String, seconds: Double = 1, rate: Int = 8000, channels: Int = 1) throws -> String {
        try WAVSynth.write(to: tmp.path(name), seconds: seconds, sampleRate: rate, channels: channels).path
    }

    /// `recordings list --json`, parsed.
    func list() throws -> [[String: Any]] {
        let result = try run(["recordings", "list", "--json"])
        precondition(result.status == 0, result.stderr)
        return try JSONSerialization.jsonObject(with: result.stdoutData) as! [[String: Any]]
    }

    /// A scalar from the catalog, read with Python's sqlite3.
    func sqlScalar(_ query: String) throws -> String {
        try Subprocess.run("python3", ["-c", "import sqlite3,sys; print(sqlite3.connect(sys.argv[1], timeout=30).execute(sys.argv[2]).fetchone()[0])",
                                       "\(vault)/catalog.sqlite", query]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Lines of a text, without the empty ones.
    static func lines(_ text: String) -> [String] { text.split(separator: "\n").map(String.init) }
}

/// Ports for the SIP and RTP listeners the CLI tests start: below Linux's ephemeral range
/// (32768–60999), where any process's outgoing connection may take a port at any moment (a server
/// restarted on a port chosen there may then fail to bind it), and one block a test, so tests
/// running side by side never choose the same ones.
enum TestPorts {
    /// An even SIP port in 20000–31999 and the first of `rtpCount` RTP ports in 10000–19999, both in `block` (0..<8).
    static func siprec(block: Int, rtpCount: Int = 100) -> (sip: Int, rtpBase: Int) {
        precondition((0..<8).contains(block) && rtpCount <= 1200)
        let sip = 20000 + block * 1500 + 2 * Int.random(in: 0..<750)
        let rtp = 10000 + block * 1250 + 50 * Int.random(in: 0...((1250 - rtpCount) / 50))
        return (sip, rtp)
    }
}
