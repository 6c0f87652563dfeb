import Foundation
import Logging
import VaultBase
@testable import VaultCore
import VaultTestSupport

/// A vault in a temp directory with a manual clock, for one test.
final class TestVault: @unchecked Sendable {
    let tmp = TemporaryDirectory("callvault-core")
    let clock = ManualClock(Date(timeIntervalSince1970: 1_772_357_400))  // 2026-03-01T09:30:00Z
    var segmentSize = 64 * 1024
    /// The environment the vault reads S3 keys from (a vault on S3); the process's when nil.
    var environment: [String: String]?
    /// For `create`: a PostgreSQL catalog location (its password in `environment`); SQLite when nil.
    var catalog: String?
    static let quiet = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    var vaultURL: URL { tmp.path("vault") }
    var keyStoreURL: URL { tmp.path("keys") }

    func configuration(keyStore: URL? = nil) -> VaultConfiguration {
        var configuration = VaultConfiguration(vaultURL: vaultURL, keyStoreURL: keyStore ?? keyStoreURL, segmentSize: segmentSize, concurrency: 2, clock: clock)
        if let environment { configuration.environment = environment }
        configuration.catalog = catalog
        configuration.passwordCost = 14  // console passwords: the lowest cost accepted, so tests stay quick
        return configuration
    }

    @discardableResult
    func create() throws -> Vault { try Vault.create(configuration(), actor: .tester, logger: Self.quiet).0 }

    func open() throws -> Vault { try Vault.open(configuration(), logger: Self.quiet) }

    /// Writes a generated WAV and returns its URL.
    func wav(_ name: String = "call.wav", seconds: Double = 1.0, rate: Int = 8000, channels: Int = 1) throws -> URL {
        try WAVSynth.write(to: tmp.path(name), seconds: seconds, sampleRate: rate, channels: channels)
    }

    /// Every regular file under a directory, recursively.
    func files(under url: URL) -> [URL] {
        let enumerator = FileManager.default.enumerator(at: url, includingPropertiesForKeys: [.isRegularFileKey])
        var out = [URL]()
        while let file = enumerator?.nextObject() as? URL {
            if (try? file.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true { out.append(file) }
        }
        return out
    }

    /// Runs SQL on the catalog with Python's sqlite3, as an attacker or a careless admin would.
    func sql(_ statement: String) throws {
        let result = try Subprocess.run("python3", ["-c", "import sqlite3,sys; db=sqlite3.connect(sys.argv[1]); db.execute(sys.argv[2]); db.commit()",
                                                    vaultURL.appendingPathComponent("catalog.sqlite").path, statement])
        precondition(result.status == 0, result.stderr)
    }
}

extension VaultActor {
    static let tester = VaultActor(name: "tester", authentication: "local")
}
