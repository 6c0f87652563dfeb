import ArgumentParser
import VaultCore

/// `callvault init`: creates a vault.
struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a vault: catalog, object store and key store.",
        discussion: "The key store defaults to DIR/keys; keep it outside the vault with --key-store so a copy of the vault's data can never be read alone."
    )

    @OptionGroup var options: VaultOptions

    func run() async throws {
        let configuration = options.configuration(), logger = options.logger()
        let (vault, warnings) = try await BlockingWork.run { try Vault.create(configuration, actor: .localUser, logger: logger) }
        for warning in warnings { printError("callvault: warning: \(warning)") }
        print("created vault \(vault.layout.root.path)")
        print("key store \(vault.keyStorePath)")
    }
}
