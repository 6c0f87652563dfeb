import ArgumentParser
import Foundation
import VaultBase
import VaultCore

/// `callvault users`: the web console's accounts (people; machines use `tokens`).
struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users",
        abstract: "Add, list, disable and reset web console accounts.",
        discussion: "Auditor, dpo and admin accounts enrol a TOTP second factor at their first sign-in; dialer and recorder accounts have no console page. Passwords are stored as scrypt hashes.",
        subcommands: [Add.self, List.self, Disable.self, Reset.self]
    )

    /// How a new password is given: on standard input, or made up and printed once.
    struct PasswordOptions: ParsableArguments {
        @Flag(help: "Read the password from the first line of standard input (else a random one is printed once).")
        var passwordStdin = false

        /// The password to set, and whether it was made up here (so it must be printed).
        func password() throws -> (String, generated: Bool) {
            if passwordStdin {
                guard let line = readLine(strippingNewline: true), !line.isEmpty else { throw ValidationError("--password-stdin: standard input held no password") }
                return (line, false)
            }
            return (try UserService.randomPassword(), true)
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Add an account; prints its password alone on the last line when it was made up here.")
        @OptionGroup var options: VaultOptions
        @Argument(help: "The sign-in name (letters, digits, '.', '_', '-', '@'); the audit log names it as the actor.") var name: String
        @Option(help: "auditor, dpo, admin (console pages), or dialer or recorder (none).") var role: String
        @OptionGroup var password: PasswordOptions

        func validate() throws {
            guard APIRole(rawValue: role) != nil else {
                throw ValidationError("--role: '\(role)' is not one of \(APIRole.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }

        func run() async throws {
            let (secret, generated) = try password.password()
            let vault = try await options.openVault()
            let account = try await vault.users.add(name: name, role: APIRole(rawValue: role)!, password: secret, actor: .localUser)
            printError("added \(account.role.rawValue) account '\(account.name)'" + (account.role.needsSecondFactor ? "; it enrols a TOTP second factor at its first sign-in" : ""))
            if generated {
                printError("its password is shown once:")
                print(secret)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List accounts (never passwords or secrets).")
        @OptionGroup var options: VaultOptions
        @Flag(help: "Print a JSON array of accounts.") var json = false

        func run() async throws {
            let vault = try await options.openVault()
            let accounts = try await vault.users.list()
            if json { print(JSONOutput.string(accounts, pretty: true)); return }
            for a in accounts {
                let state = a.disabled ? "disabled" : a.lockedUntil.map { $0 > Date() ? "locked until " + Timestamp.format($0) : "enabled" } ?? "enabled"
                print("\(a.name)\t\(a.role.rawValue)\t\(Timestamp.format(a.createdAt))\t\(state)\t\(a.secondFactorEnrolled ? "totp" : (a.role.needsSecondFactor ? "totp not enrolled" : "password only"))")
            }
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "disable",
            abstract: "Disable an account.", discussion: "It can no longer sign in, and its open console sessions end at their next request.")
        @OptionGroup var options: VaultOptions
        @Argument(help: "The account's name.") var name: String

        func run() async throws {
            let vault = try await options.openVault()
            try await vault.users.disable(name: name, actor: .localUser)
            print("disabled \(name)")
        }
    }

    struct Reset: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reset",
            abstract: "Set a new password, clear the second factor and any lock-out, and enable the account.",
            discussion: "The account enrols a new TOTP second factor at its next sign-in.")
        @OptionGroup var options: VaultOptions
        @Argument(help: "The account's name.") var name: String
        @OptionGroup var password: PasswordOptions

        func run() async throws {
            let (secret, generated) = try password.password()
            let vault = try await options.openVault()
            try await vault.users.reset(name: name, password: secret, actor: .localUser)
            printError("reset \(name)")
            if generated {
                printError("its new password is shown once:")
                print(secret)
            }
        }
    }
}
