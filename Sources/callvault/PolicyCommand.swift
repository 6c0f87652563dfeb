import ArgumentParser
import Foundation
import VaultCore
import VaultPolicy

/// `callvault policy`: the rules the vault runs under (Policies/README.md).
struct PolicyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Check, show and apply policy files.",
        subcommands: [Check.self, Show.self, Apply.self]
    )

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "check", abstract: "Validate a policy file; errors name the line. Needs no vault.")
        @Argument(help: "The policy file.") var file: String

        func run() async throws {
            let policy = try readPolicy(file)
            print("\(file): valid (rotation every \(policy.keys.rotationPeriodDays) days, retention \(policy.retention.minimumMonths)–\(policy.retention.maximumMonths) months, erasure within \(policy.erasure.deadlineHours) hours)")
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Print the vault's current policy.")
        @OptionGroup var options: VaultOptions

        func run() async throws {
            print(try await options.openVault().policy.source, terminator: "")
        }
    }

    struct Apply: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "apply", abstract: "Make a policy file the vault's policy (audited).")
        @OptionGroup var options: VaultOptions
        @Argument(help: "The policy file.") var file: String

        func run() async throws {
            let policy = try readPolicy(file)
            let vault = try await options.openVault()
            try await vault.applyPolicy(policy, actor: .localUser)
            print("applied \(file)")
        }
    }
}

/// Reads and validates a policy file, or fails naming the file and the line.
func readPolicy(_ path: String) throws -> VaultPolicy {
    guard let data = FileManager.default.contents(atPath: path) else {
        throw ExitStatus(code: 66, message: "\(path): cannot read the policy file")
    }
    do {
        return try VaultPolicy(yaml: String(decoding: data, as: UTF8.self))
    } catch let error as PolicyError {
        throw VaultError(.malformedPolicy, "\(path): \(error)", cause: error)
    }
}
