import ArgumentParser
import Foundation
import VaultBase
import VaultCore

/// `callvault tokens`: the HTTP API's bearer tokens (stored hashed; create and revoke are audited).
struct TokensCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokens",
        abstract: "Create, list and revoke HTTP API tokens.",
        subcommands: [Create.self, List.self, Revoke.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create",
            abstract: "Create a token with one role; prints the token alone on the last line (it is shown only once).",
            discussion: "Roles: dialer (consent checks, claims, opt-outs, consent records), recorder (uploads), auditor (recordings, transcripts, audit log), dpo (erasure, holds, opt-outs, consent history), admin (tokens, policy, keys, metrics). The name is the actor in the audit log.")
        @OptionGroup var options: VaultOptions
        @Option(help: "dialer, recorder, auditor, dpo or admin.") var role: String
        @Option(help: "Who uses it (unique among live tokens); the audit log names it as the actor.") var name: String

        func validate() throws {
            guard APIRole(rawValue: role) != nil else {
                throw ValidationError("--role: '\(role)' is not one of \(APIRole.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }

        func run() async throws {
            let vault = try await options.openVault()
            let role = APIRole(rawValue: self.role)!, name = self.name
            let (record, secret) = try await vault.tokens.create(name: name, role: role, actor: .localUser)
            printError("created \(record.role) token '\(record.name)' (id \(record.id)); store it now, it is not shown again")
            print(secret)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List tokens (names, roles, dates; never secrets).")
        @OptionGroup var options: VaultOptions
        @Flag(help: "Include revoked tokens.") var all = false

        func run() async throws {
            let vault = try await options.openVault()
            for token in try await vault.tokens.list() where all || token.revokedAt == nil {
                print("\(token.name)\t\(token.role)\t\(Timestamp.format(token.createdAt))\t\(token.revokedAt.map { "revoked " + Timestamp.format($0) } ?? "live")")
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "revoke",
            abstract: "Revoke the live token with this name.",
            discussion: "A running server stops accepting it within its token recheck interval (1 s by default).")
        @OptionGroup var options: VaultOptions
        @Option(help: "The token's name.") var name: String

        func run() async throws {
            let vault = try await options.openVault()
            let name = self.name
            try await vault.tokens.revoke(name: name, actor: .localUser)
            print("revoked \(name)")
        }
    }
}
