import ArgumentParser
import Foundation
import Logging
import VaultAudio
import VaultBase
import VaultCore

/// Options every command that opens a vault takes.
struct VaultOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The vault directory.", discussion: "Default: $CALLVAULT_VAULT, else ./vault.", valueName: "dir"))
    var vault: String?

    @Option(name: .customLong("key-store"),
            help: ArgumentHelp("The key store directory.", discussion: "Default: the path recorded at init.", valueName: "path"))
    var keyStore: String?

    @Option(name: .customLong("log-level"), help: "Diagnostics on standard error: trace, debug, info, notice, warning, error.")
    var logLevel: String = "warning"

    func validate() throws {
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level: '\(logLevel)' is not one of trace, debug, info, notice, warning, error, critical")
        }
    }

    /// The vault directory chosen by flag, environment or default.
    var vaultURL: URL {
        let path = vault ?? ProcessInfo.processInfo.environment["CALLVAULT_VAULT"] ?? "./vault"
        return URL(fileURLWithPath: path).standardizedFileURL
    }

    func configuration(opus: OpusEncodingOptions = OpusEncodingOptions()) -> VaultConfiguration {
        VaultConfiguration(vaultURL: vaultURL, keyStoreURL: keyStore.map { URL(fileURLWithPath: $0).standardizedFileURL }, opus: opus)
    }

    /// A logger writing structured lines to standard error.
    func logger() -> Logger {
        var logger = Logger(label: "callvault") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .warning
        return logger
    }

    /// Opens the vault (SQLite, key files, crash recovery) off the cooperative pool.
    func openVault(opus: OpusEncodingOptions = OpusEncodingOptions()) async throws -> Vault {
        let configuration = configuration(opus: opus), logger = logger()
        return try await BlockingWork.run { try Vault.open(configuration, logger: logger) }
    }
}

/// Writes a line to standard error.
func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// `--since` and `--until`: a period, both ends optional (audit entries, calls).
struct TimeRangeOptions: ParsableArguments {
    @Option(help: ArgumentHelp("At or after this time (ISO 8601).", valueName: "time")) var since: String?
    @Option(help: ArgumentHelp("Before this time (ISO 8601).", valueName: "time")) var until: String?

    func validate() throws {
        for (name, value) in [("--since", since), ("--until", until)] {
            if let value, Timestamp.parse(value) == nil { throw ValidationError("\(name): '\(value)' is not an ISO 8601 time") }
        }
    }
    var sinceDate: Date? { since.flatMap(Timestamp.parse) }
    var untilDate: Date? { until.flatMap(Timestamp.parse) }
}
