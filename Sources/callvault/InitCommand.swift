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
    @Option(help: ArgumentHelp("The policy file the vault runs under (default: the shipped Policies/default.yaml).", valueName: "file"))
    var policy: String?
    @Option(help: ArgumentHelp("Keep the KEK non-extractable in an HSM: pkcs11:token=LABEL;object=LABEL?pin-source=file:/path[&module-path=/path/module.so]. Default: a key file in the key store.", valueName: "uri"))
    var kek: String?
    @Option(help: ArgumentHelp("Keep the sealed objects in an S3 bucket with Object Lock (COMPLIANCE mode, locked until each recording's minimum retention ends): s3://BUCKET?endpoint=URL&region=REGION[&prefix=P]. The bucket is created when missing; keys come from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY. Default: DIR/objects.", valueName: "location"))
    var objects: String?
    @Option(help: ArgumentHelp("Keep the catalog in PostgreSQL, shared by several vault nodes: postgres://USER@HOST[:PORT]/DATABASE, a database that holds no catalog yet. The password comes from PGPASSWORD, never from the location. Default: DIR/catalog.sqlite.", valueName: "location"))
    var catalog: String?

    func run() async throws {
        var settings = options.configuration()
        settings.pkcs11KEK = kek.flatMap { $0 == "file" ? nil : $0 }
        settings.objectStore = objects
        settings.catalog = catalog
        let configuration = settings, logger = options.logger()
        let policy = try self.policy.map(readPolicy) ?? .default
        let (vault, warnings) = try await BlockingWork.run { try Vault.create(configuration, policy: policy, actor: .localUser, logger: logger) }
        for warning in warnings { printError("callvault: warning: \(warning)") }
        print("created vault \(vault.layout.root.path)")
        print("key store \(vault.keyStorePath)")
        print("catalog \(vault.catalogDescription)")
        print("objects \(vault.objectStoreDescription)")
    }
}
